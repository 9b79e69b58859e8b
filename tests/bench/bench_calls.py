"""Call benchmark: per-call time of our generated clients against raw httpx and Stainless.

Run with the bench venv (``.bench-venv/bin/python tests/bench/bench_calls.py``); it needs
httpx and pydantic (pinned like the generated packages) and the Stainless ``gcore`` SDK (in
tests/bench/requirements.txt; without it the Stainless rows are left out). The generated
packages are imported from ``generated/<vendor>/src`` (``--generated DIR`` for a tree built
elsewhere, e.g. by ``docs2sdk build ... --out DIR/<vendor>``).

A local keep-alive server on 127.0.0.1 (calls_server.py, its own process) answers every
POST with the JSON the typed models expect. In one run, interleaving the clients in rounds
so that they share the machine's noise, it times ``--calls`` sequential calls and ``--calls``
async calls (at most ``--concurrency`` in flight, each client's slice preceded by an untimed
burst so that every pool starts it with the same open connections) of each client, as wall
time and as the client process's CPU time, and prints the ratios to raw httpx measured side
by side. Also: the import time of each generated package in a fresh interpreter (and of the
Stainless SDK). calls_profile.py profiles one client with cProfile.

``run_call_bench()`` returns the results (``.to_markdown()`` for RESULTS.md) to
tests/bench/run_bench.py.
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the calls_* helpers beside us

from calls_cases import (  # noqa: E402
    ROUTES,
    CallCase,
    add_generated_to_path,
    all_cases,
    stainless_available,
)
from calls_server import running_server  # noqa: E402
from calls_timing import (  # noqa: E402
    ImportTime,
    PerCall,
    time_concurrent,
    time_imports,
    time_sequential,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
GENERATED_PACKAGES = (
    "gcore_docs2sdk",
    "partoo_docs2sdk",
    "onchainpay_docs2sdk",
    "aitronos_docs2sdk",
)
# Targets of issue 8: a generated call at most 1.1x raw httpx and 0.7x the Stainless SDK.
TARGET_VS_RAW = 1.1
TARGET_VS_STAINLESS = 0.7


MODES = ("sequential", "async")


@dataclass
class CallRow:
    key: str
    label: str
    group: str
    times: dict[str, PerCall]  # by mode; a mode that was not run is missing


@dataclass
class CallBenchResults:
    rows: list[CallRow]
    imports: list[ImportTime]
    settings: dict[str, object] = field(default_factory=dict)

    def row(self, key: str) -> CallRow | None:
        return next((row for row in self.rows if row.key == key), None)

    def ratio(self, key: str, baseline_key: str, mode: str, cpu: bool = False) -> float | None:
        """Time of ``key`` divided by ``baseline_key``'s, both from this run."""
        row, base = self.row(key), self.row(baseline_key)
        if row is None or base is None or mode not in row.times or mode not in base.times:
            return None
        mine, theirs = row.times[mode], base.times[mode]
        return mine.cpu_us / theirs.cpu_us if cpu else mine.wall_us / theirs.wall_us

    def targets(self) -> list[tuple[str, float, float, bool]]:
        """Each issue-8 target for each of our clients and mode, on wall-clock time:
        (what, measured ratio, limit, met)."""
        verdicts = []
        for row in self.rows:
            if row.group != "ours":
                continue
            for mode in row.times:
                for baseline, limit in (
                    ("raw", TARGET_VS_RAW),
                    ("stainless_invite", TARGET_VS_STAINLESS),
                ):
                    ratio = self.ratio(row.key, baseline, mode)
                    if ratio is not None:
                        what = f"{row.key} {mode} vs {baseline}"
                        verdicts.append((what, ratio, limit, ratio <= limit))
        return verdicts

    def _cell(self, row: CallRow, mode: str, cpu: bool) -> str:
        times = row.times.get(mode)
        if times is None:
            return "–"
        value = times.cpu_us if cpu else times.wall_us
        ratio = self.ratio(row.key, "raw", mode, cpu)
        return f"{value:,.0f} ({ratio:.2f})" if ratio is not None else f"{value:,.0f}"

    def to_markdown(self) -> str:
        s = self.settings
        lines = [
            f"### Calls: {s['calls']} sequential and {s['calls']} async calls "
            f"(at most {s['concurrency']} in flight) of a typed JSON POST, loopback server",
            "",
            f"Python {s['python']}, httpx {s['httpx']}, pydantic {s['pydantic']}"
            + (f", Stainless gcore {s['gcore']}" if s.get("gcore") else "")
            + f"; {s['rounds']} (sequential) and {s['async_rounds']} (async) interleaved rounds."
            " Each cell: µs per call (ratio to raw httpx"
            " in the same run). Wall: sequential, the median call; async, wall time of a"
            " round / its calls, median over rounds. CPU: the client process's CPU time per"
            " call, median over rounds (steadier when other processes hold the cores).",
            "",
            "| client | sequential wall | sequential CPU | async wall | async CPU "
            "| wall vs Stainless (seq / async) |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for row in self.rows:
            cells = [self._cell(row, mode, cpu) for mode in MODES for cpu in (False, True)]
            vs = [self.ratio(row.key, "stainless_invite", mode) for mode in MODES]
            stainless = (
                " / ".join("–" if r is None else f"{r:.2f}" for r in vs)
                if row.group == "ours" and any(r is not None for r in vs)
                else ""
            )
            lines.append(f"| {row.label} | {' | '.join(cells)} | {stainless} |")
        lines += [
            "",
            f"Targets (wall clock): ours <= {TARGET_VS_RAW}x raw httpx and"
            f" <= {TARGET_VS_STAINLESS}x the Stainless SDK.",
            "",
        ]
        lines += [
            f"- {what}: {ratio:.2f} (limit {limit}) {'met' if met else 'NOT met'}"
            for what, ratio, limit, met in self.targets()
        ]
        if self.imports:
            lines += [
                "",
                f"### Import time (fresh interpreter, min of {s['import_runs']})",
                "",
                "| package | ms above a bare interpreter | ms above `import httpx, pydantic` |",
                "|---|---:|---:|",
            ]
            lines += [f"| `{i.module}` | {i.total_ms:.0f} | {i.own_ms:.0f} |" for i in self.imports]
        return "\n".join(lines) + "\n"


def _progress(what: str) -> None:
    print(f"bench_calls: {what}", file=sys.stderr, flush=True)


def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def run_call_bench(
    generated_root: Path | None = None,
    *,
    calls: int = 2000,
    rounds: int = 10,
    async_rounds: int = 20,
    concurrency: int = 50,
    warmup: int = 100,
    import_runs: int = 7,
    include_stainless: bool = True,
    modes: tuple[str, ...] = MODES,
) -> CallBenchResults:
    """Measure every client in one run; see the module docstring."""
    root = generated_root or REPO_ROOT / "generated"
    add_generated_to_path(root)
    stainless = include_stainless and stainless_available()
    cases: list[CallCase] = all_cases(stainless)
    measured: dict[str, dict[str, PerCall]] = {}
    with tempfile.TemporaryDirectory() as work_dir:
        with running_server(ROUTES, Path(work_dir)) as base_url:
            if "sequential" in modes:
                _progress(f"{len(cases)} clients x {calls} sequential calls")
                measured["sequential"] = time_sequential(cases, base_url, calls, rounds, warmup)
            if "async" in modes:
                _progress(f"{len(cases)} clients x {calls} async calls")
                measured["async"] = time_concurrent(
                    cases, base_url, calls, async_rounds, concurrency
                )
    rows = [
        CallRow(c.key, c.label, c.group, {mode: m[c.key] for mode, m in measured.items()})
        for c in cases
    ]
    imports: list[ImportTime] = []
    if import_runs > 0:
        _progress(f"import times (min of {import_runs})")
        modules = [*GENERATED_PACKAGES, *(["gcore"] if stainless else [])]
        path_entries = [str(root / m.removesuffix("_docs2sdk") / "src") for m in GENERATED_PACKAGES]
        imports = time_imports(modules, path_entries, import_runs)
    settings: dict[str, object] = {
        "calls": calls,
        "rounds": rounds,
        "async_rounds": async_rounds,
        "concurrency": concurrency,
        "import_runs": import_runs,
        "python": platform.python_version(),
        "httpx": _version("httpx"),
        "pydantic": _version("pydantic"),
        "gcore": _version("gcore") if stainless else None,
        "generated": str(root),
    }
    return CallBenchResults(rows, imports, settings)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--generated", type=Path, help="root holding <vendor>/src (default: generated/)"
    )
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=10, help="of the sequential calls")
    parser.add_argument(
        "--async-rounds", type=int, default=20, help="of the async calls (more, shorter slices)"
    )
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--import-runs", type=int, default=7, help="0 skips import times")
    parser.add_argument("--no-stainless", action="store_true")
    parser.add_argument("--mode", choices=("both", "sequential", "async"), default="both")
    args = parser.parse_args(argv)
    modes = MODES if args.mode == "both" else (args.mode,)
    results = run_call_bench(
        args.generated,
        calls=args.calls,
        rounds=args.rounds,
        async_rounds=args.async_rounds,
        concurrency=args.concurrency,
        import_runs=args.import_runs,
        include_stainless=not args.no_stainless,
        modes=modes,
    )
    print(results.to_markdown(), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
