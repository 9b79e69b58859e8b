"""`make bench`: the generation bench, then the call bench (bench_calls.py), then RESULTS.md.

Run with the generator's venv: `.venv/bin/python tests/bench/run_bench.py`. The peers come from
.bench-venv (made by `make bench` from tests/bench/requirements.txt). Settings, from the
environment:

  BENCH_RUNS          runs per tool and document, the minimum time is kept (default 3; a tool
                      whose first run takes over BENCH_SLOW_SECONDS gets at most 2)
  BENCH_SLOW_SECONDS  default 20
  BENCH_QUICK_RUNS    runs for a tool whose first run takes under a second (default 9): its
                      time is mostly start-up, and the minimum of three is too noisy
  BENCH_SPECS         folder of documents (default ../shared/bench-specs beside the checkout)
  BENCH_ONLY          comma-separated document names, to bench a subset
  BENCH_VENV          the peers' venv (default .bench-venv)
  BENCH_RESULTS       where the markdown goes (default tests/bench/RESULTS.md)
  BENCH_SKIP_CALLS    set to 1 to leave out bench_calls.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # the bench_* helpers beside us

from bench_generate import (  # noqa: E402
    RUN_TIMEOUT_S,
    GenerationResults,
    Settings,
    bench_specs,
    run_generation,
)
from bench_report import (  # noqa: E402
    generation_table,
    machine_lines,
    ratio_table,
    regen_lines,
    targets,
    targets_lines,
    version_lines,
)
from bench_tools import Interpreters  # noqa: E402

ROOT = HERE.parents[1]
CALLS_TIMEOUT_S = 1800


def main() -> int:
    started = time.perf_counter()
    venv = Path(os.environ.get("BENCH_VENV", ROOT / ".bench-venv")).resolve()
    bins = Interpreters(main_python=Path(sys.executable), bench_bin=venv / "bin")
    if not (bins.bench_bin / "openapi-python-client").exists():
        print(f"no peers in {venv}: run `make bench` (it creates .bench-venv)", file=sys.stderr)
        return 2
    specs_dir = Path(os.environ.get("BENCH_SPECS", ROOT.parent / "shared" / "bench-specs"))
    if not specs_dir.is_dir() or not bench_specs(specs_dir):
        print(f"no bench documents in {specs_dir}", file=sys.stderr)
        return 2
    only = {n for n in os.environ.get("BENCH_ONLY", "").split(",") if n}
    scratch = Path(tempfile.mkdtemp(prefix="docs2sdk-bench-"))
    try:
        if only:  # a subset: link the chosen documents into a folder of their own
            subset = scratch / "specs"
            subset.mkdir()
            for doc in bench_specs(specs_dir):
                if doc.name in only or doc.stem in only:
                    (subset / doc.name).symlink_to(doc)
            specs_dir = subset
        settings = Settings(
            root=ROOT,
            specs_dir=specs_dir,
            scratch=scratch,
            bins=bins,
            runs=int(os.environ.get("BENCH_RUNS", "3")),
            slow_seconds=float(os.environ.get("BENCH_SLOW_SECONDS", "20")),
            quick_runs=int(os.environ.get("BENCH_QUICK_RUNS", "9")),
        )
        header = machine_lines() + version_lines(ROOT, bins)
        print("\n".join(header), flush=True)
        print("generation bench:", flush=True)
        results = run_generation(settings, log=lambda line: print(line, flush=True))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    calls_started = time.perf_counter()
    calls = _call_bench(bins)
    print(f"call bench: {time.perf_counter() - calls_started:.0f} s", flush=True)
    elapsed = time.perf_counter() - started
    markdown = _markdown(header, settings, results, calls, elapsed, subset=bool(only))
    print("\n" + markdown, flush=True)
    out = Path(os.environ.get("BENCH_RESULTS", HERE / "RESULTS.md"))
    out.write_text(markdown, encoding="utf-8")
    print(f"written: {out}", flush=True)
    return 0


def _call_bench(bins: Interpreters) -> str:
    """bench_calls.py's markdown (it prints it on stdout), or why there is none."""
    script = HERE / "bench_calls.py"
    if os.environ.get("BENCH_SKIP_CALLS") == "1":
        return "Left out (BENCH_SKIP_CALLS=1)."
    if not script.exists():
        return "tests/bench/bench_calls.py is not there yet."
    print("call bench: bench_calls.py", flush=True)
    try:
        done = subprocess.run(  # stderr (its progress) goes straight to the terminal
            [str(bins.bench_bin / "python"), str(script)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
            timeout=CALLS_TIMEOUT_S,
        )
    except subprocess.TimeoutExpired:
        return f"bench_calls.py did not finish within {CALLS_TIMEOUT_S} s."
    if done.returncode != 0:
        return f"bench_calls.py failed (exit {done.returncode}).\n\n{done.stdout}"
    return done.stdout.strip()


def _markdown(
    header: list[str],
    settings: Settings,
    results: GenerationResults,
    calls: str,
    elapsed: float,
    subset: bool,
) -> str:
    found = targets(results)
    met = sum(1 for t in found if t.met)
    lines = [
        "# docs2sdk bench results",
        "",
        "Written by `make bench` (tests/bench/run_bench.py); numbers from one run on a shared "
        "machine, so compare ratios measured side by side, not bare times across runs.",
        "",
        *header,
        f"- settings: BENCH_RUNS={settings.runs} (at most 2 for a tool whose first run took over "
        f"{settings.slow_seconds:.0f} s, {settings.quick_runs} for one under "
        f"{settings.quick_seconds:.0f} s), per-run timeout {RUN_TIMEOUT_S:.0f} s, documents from "
        f"{'a subset of ' if subset else ''}../shared/bench-specs",
        f"- the whole `run_bench.py` took {elapsed / 60:.1f} min; load average at the end: "
        + " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "",
        f"## Targets: {met} of {len(found)} met",
        "",
        *targets_lines(found),
        "",
        "## Generation, per document and tool",
        "",
        "Each run is a child process of the bench: time is wall clock around it (minimum of the "
        "runs), peak RSS is `ru_maxrss` from `os.wait4` (the largest process in the tool's tree; "
        "the maximum over the runs); CPU is user + system time of that tree, steadier than wall "
        "time when other work holds the cores. Ops in: (path, method) pairs in the document. Ops out: "
        "methods of the sync resource classes for our build, operations in the export for "
        "`docs2sdk openapi`, endpoint modules (`api/**/*.py`) for OPC; DCG writes models only. "
        "A tool with several configurations is measured in the first one that finishes; the "
        "failures before it are in the notes.",
        "",
        *generation_table(results),
        "",
        "## Ratios (below 1: ours is faster or smaller)",
        "",
        *ratio_table(results),
        "",
        "## Regenerating unchanged vendors",
        "",
        *regen_lines(results),
        "",
        "## Calls (tests/bench/bench_calls.py)",
        "",
        calls,
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
