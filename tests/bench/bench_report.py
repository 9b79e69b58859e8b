"""The bench's tables and targets as markdown: printed, and written to tests/bench/RESULTS.md."""

from __future__ import annotations

import datetime
import os
import platform
import subprocess
from dataclasses import dataclass
from pathlib import Path

from bench_generate import GenerationResults, ToolOutcome
from bench_tools import Interpreters

FASTER_THAN_OPC = 3.0  # a full SDK at least 3x faster than OPC, with the default options
OPENAPI_OVER_PARSE = 2.0  # `docs2sdk openapi` within 2x of a bare C-loader parse...
# ...on the large YAML document: on small ones the ratio measures interpreter start-up.
OPENAPI_JUDGED_ON = "gcore_cloud_api.yaml"
REGEN_SECONDS = 1.0  # regenerating unchanged vendors


@dataclass(frozen=True)
class Target:
    text: str
    met: bool | None  # None: could not be judged (a peer did not finish)
    detail: str


def machine_lines() -> list[str]:
    cpu = "unknown"
    memory_kb = 0
    with open("/proc/cpuinfo", encoding="utf-8") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo", encoding="utf-8") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                memory_kb = int(line.split()[1])
    return [
        f"- machine: {os.cpu_count()} CPUs ({len(os.sched_getaffinity(0))} usable), {cpu}, "
        f"{memory_kb / 1024 / 1024:.1f} GiB memory, {platform.platform()}",
        f"- load average at the start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
    ]


def version_lines(root: Path, bins: Interpreters) -> list[str]:
    ours = _versions(
        bins.main_python,
        ("docs2sdk", "black", "PyYAML", "yaml-rs", "datamodel-code-generator", "pydantic"),
    )
    peers = _versions(
        bins.bench_bin / "python",
        ("openapi-python-client", "datamodel-code-generator", "black", "isort", "ruff", "PyYAML"),
    )
    commit = _git(root, "rev-parse", "--short", "HEAD")
    dirty = " with uncommitted changes" if _git(root, "status", "--porcelain") else ""
    python = _run([str(bins.main_python), "-c", "import sys; print(sys.version.split()[0])"])
    return [
        f"- date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC",
        f"- Python {python}; docs2sdk {ours.get('docs2sdk', '?')} at commit {commit}{dirty}",
        "- generator's environment (.venv): "
        + ", ".join(f"{k} {v}" for k, v in ours.items() if k != "docs2sdk"),
        "- peers' environment (.bench-venv): " + ", ".join(f"{k} {v}" for k, v in peers.items()),
    ]


def _versions(python: Path, names: tuple[str, ...]) -> dict[str, str]:
    code = (
        "import importlib.metadata as m, sys\n"
        "for n in sys.argv[1:]:\n"
        "    try: print(n, m.version(n))\n"
        "    except m.PackageNotFoundError: print(n, 'missing')\n"
    )
    out = _run([str(python), "-c", code, *names])
    return dict(line.split(" ", 1) for line in out.splitlines() if " " in line)


def _git(root: Path, *args: str) -> str:
    return _run(["git", "-C", str(root), *args])


def _run(argv: list[str]) -> str:
    try:
        return subprocess.run(argv, capture_output=True, text=True, timeout=60).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return "?"


def _cell_seconds(o: ToolOutcome) -> str:
    return f"{o.seconds:.2f}" if o.seconds is not None else "failed"


def _cell_cpu(o: ToolOutcome) -> str:
    return f"{o.cpu_seconds:.2f}" if o.cpu_seconds is not None else "–"


def _cell_rss(o: ToolOutcome) -> str:
    return f"{o.peak_rss_mb:.0f}" if o.peak_rss_mb is not None else "–"


def _notes(o: ToolOutcome) -> str:
    parts = [f"{label or 'run'}: {why}" for label, why in o.failed_variants]
    if o.variant and o.failed_variants:
        parts.append(f"measured with {o.variant}")
    parts += [f"a later run failed: {why}" for why in o.later_failures]
    if o.count:
        parts += list(o.count.notes)
    if o.black is not None:
        parts.append("black --check: " + ("pass" if o.black.ok else o.black.failure()))
    return "; ".join(parts).replace("|", "\\|")


def generation_table(results: GenerationResults) -> list[str]:
    lines = [
        "| document | tool | runs | time s (min) | CPU s (min) | peak RSS MB | ops in | ops out "
        "| dropped | models out | notes |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for doc in results.documents:
        for tool in results.tools:
            o = results.outcomes[(doc.path.name, tool.key)]
            ops_out = o.count.operations if o.count else None
            measured_ops = tool.key not in ("parse", "dcg")
            dropped = doc.operations - ops_out if ops_out is not None else None
            lines.append(
                f"| {doc.path.name} | {tool.title} | {len(o.runs)} | {_cell_seconds(o)} "
                f"| {_cell_cpu(o)} | {_cell_rss(o)} | {doc.operations} "
                f"| {ops_out if ops_out is not None else ('n/a' if not measured_ops else '–')} "
                f"| {dropped if dropped is not None else ('n/a' if not measured_ops else '–')} "
                f"| {o.count.models if o.count and o.count.models is not None else '–'} "
                f"| {_notes(o)} |"
            )
    return lines


def _ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}" if a is not None and b else "–"


def ratio_table(results: GenerationResults) -> list[str]:
    lines = [
        "| document | ops | schemas | build/OPC time | build/OPC CPU | build/DCG time "
        "| build/DCG RSS | openapi/bare-parse time | openapi/bare-parse CPU "
        "| OPC config that finished |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for doc in results.documents:
        get = {t.key: results.outcomes[(doc.path.name, t.key)] for t in results.tools}
        build, opc, dcg = get["build"], get["opc"], get["dcg"]
        lines.append(
            f"| {doc.path.name} | {doc.operations} | {doc.schemas} "
            f"| {_ratio(build.seconds, opc.seconds)} | {_ratio(build.cpu_seconds, opc.cpu_seconds)} "
            f"| {_ratio(build.seconds, dcg.seconds)} | {_ratio(build.peak_rss_mb, dcg.peak_rss_mb)} "
            f"| {_ratio(get['openapi'].seconds, get['parse'].seconds)} "
            f"| {_ratio(get['openapi'].cpu_seconds, get['parse'].cpu_seconds)} "
            f"| {opc.variant if opc.finished else 'none'} |"
        )
    return lines


def targets(results: GenerationResults) -> list[Target]:
    docs = results.documents

    def get(doc_name: str, key: str) -> ToolOutcome:
        return results.outcomes[(doc_name, key)]

    Checks = list[tuple[bool | None, str]]  # (met, or None: not judged; numbers)
    speed: Checks = []
    memory: Checks = []
    reading: Checks = []
    complete: Checks = []
    black: Checks = []
    for doc in docs:
        name = doc.path.name
        build, opc, dcg = get(name, "build"), get(name, "opc"), get(name, "dcg")
        openapi, parse = get(name, "openapi"), get(name, "parse")
        if build.seconds is None:
            speed.append((False, f"{name}: our build failed"))
        elif opc.seconds is None:
            speed.append((None, f"{name}: OPC finished in no configuration"))
        else:
            factor = opc.seconds / build.seconds
            speed.append(
                (
                    factor >= FASTER_THAN_OPC,
                    f"{name}: {factor:.2f}x ({build.seconds:.1f} s "
                    f"vs OPC {opc.seconds:.1f} s, {opc.variant})",
                )
            )
        if build.peak_rss_mb is None or dcg.peak_rss_mb is None:
            memory.append((None if build.peak_rss_mb else False, f"{name}: no figure to compare"))
        else:
            memory.append(
                (
                    build.peak_rss_mb <= dcg.peak_rss_mb,
                    f"{name}: {build.peak_rss_mb:.0f} MB vs DCG {dcg.peak_rss_mb:.0f} MB",
                )
            )
        if openapi.seconds is None or parse.seconds is None:
            reading.append((False, f"{name}: openapi or bare parse failed"))
        else:
            factor = openapi.seconds / parse.seconds
            reading.append(
                (
                    factor <= OPENAPI_OVER_PARSE if name == OPENAPI_JUDGED_ON else None,
                    f"{name}: {factor:.2f}x " f"({openapi.seconds:.2f} s vs {parse.seconds:.2f} s)",
                )
            )
        ops_out = build.count.operations if build.count else None
        ok = build.finished and not build.later_failures and ops_out == doc.operations
        complete.append(
            (ok, f"{name}: {ops_out if ops_out is not None else 'crash'}/{doc.operations}")
        )
        if build.black is None:
            black.append((False, f"{name}: no build output"))
        else:
            black.append((build.black.ok, f"{name}: {'pass' if build.black.ok else 'fail'}"))
    regen = results.regen
    regen_ok = (
        regen.seconds is not None and regen.seconds < REGEN_SECONDS and not regen.changed_files
    )
    regen_detail = (
        (
            f"{regen.seconds:.2f} s"
            if regen.seconds is not None
            else "failed: " + regen.runs[0].failure()
        )
        + f", {len(regen.changed_files)} files written"
        + (f" ({', '.join(regen.changed_files[:5])})" if regen.changed_files else "")
    )
    return [
        _combine(
            f"full SDK at least {FASTER_THAN_OPC}x faster than OPC (where OPC finishes)", speed
        ),
        _combine("no operation dropped and no crash, on all five documents", complete),
        _combine("peak memory of a full SDK no higher than DCG's alone", memory),
        _combine(
            f"`docs2sdk openapi` within {OPENAPI_OVER_PARSE}x of a bare C-loader parse "
            f"on {OPENAPI_JUDGED_ON}",
            reading,
        ),
        Target(
            f"regenerating unchanged vendors under {REGEN_SECONDS:.0f} s, writing nothing",
            regen_ok,
            regen_detail,
        ),
        _combine("the built output passes `black --check`", black),
    ]


def _combine(text: str, checks: list[tuple[bool | None, str]]) -> Target:
    judged = [met for met, _ in checks if met is not None]
    met = all(judged) if judged else None
    return Target(text, met, "; ".join(detail for _, detail in checks))


def targets_lines(found: list[Target]) -> list[str]:
    word = {True: "met", False: "NOT met", None: "not judged"}
    lines = ["| target | result | numbers |", "|---|---|---|"]
    lines += [f"| {t.text} | {word[t.met]} | {t.detail} |" for t in found]
    return lines


def regen_lines(results: GenerationResults) -> list[str]:
    regen = results.regen
    runs = ", ".join(
        f"{r.seconds:.2f} s" + ("" if r.ok else f" ({r.failure()})") for r in regen.runs
    )
    lines = [
        f"Copy of specs/ and generated/, `docs2sdk generate --root COPY`: first run "
        f"{regen.warmup.seconds:.2f} s ({'ok' if regen.warmup.ok else regen.warmup.failure()}), "
        f"then timed runs: {runs}; files written by the timed runs: {len(regen.changed_files)}.",
    ]
    lines += [f"- written: `{path}`" for path in regen.changed_files[:20]]
    return lines
