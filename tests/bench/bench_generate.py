"""The generation bench: every tool on every bench document, each run a measured child process.

Rounds are interleaved (run 1 of every tool on a document, then run 2, ...) so that noise from
other work on a shared machine falls on all tools alike; the minimum time of the runs is kept.
A tool that crashes or times out is recorded (exit code, last stderr line), never fatal.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench_measure import RunResult, run_child
from bench_tools import DocumentFacts, Interpreters, OutputCount, Tool, make_tools, read_facts

RUN_TIMEOUT_S = 300.0
Log = Callable[[str], None]


@dataclass(frozen=True)
class Settings:
    root: Path  # the checkout
    specs_dir: Path  # ../shared/bench-specs
    scratch: Path  # outputs of every run, removed as soon as they are counted
    bins: Interpreters
    runs: int  # BENCH_RUNS
    slow_seconds: float  # a tool slower than this on its first run gets at most 2 runs
    # A tool faster than quick_seconds on its first run gets quick_runs: a sub-second time is
    # mostly start-up, where one slow run in three decides a minimum; more runs cost little.
    quick_seconds: float = 1.0
    quick_runs: int = 9
    timeout: float = RUN_TIMEOUT_S


@dataclass
class ToolOutcome:
    tool: Tool
    doc: DocumentFacts
    variant: str | None = None  # the variant that finished and was measured
    failed_variants: list[tuple[str, str]] = field(default_factory=list)  # (label, failure)
    runs: list[RunResult] = field(default_factory=list)  # finished runs of `variant`
    later_failures: list[str] = field(default_factory=list)  # `variant` failed on a later run
    count: OutputCount | None = None
    black: RunResult | None = None  # `black --check` on our build output

    @property
    def finished(self) -> bool:
        return bool(self.runs)

    @property
    def seconds(self) -> float | None:
        return min(r.seconds for r in self.runs) if self.runs else None

    @property
    def cpu_seconds(self) -> float | None:
        return min(r.cpu_seconds for r in self.runs) if self.runs else None

    @property
    def peak_rss_mb(self) -> float | None:
        return max(r.peak_rss_mb for r in self.runs) if self.runs else None

    def wants_run(self, settings: Settings) -> bool:
        if not self.runs:
            return not self.failed_variants  # all variants failed once: a crash repeats
        allowed = settings.runs
        if self.runs[0].seconds < settings.quick_seconds:
            allowed = max(allowed, settings.quick_runs)
        if self.runs[0].seconds > settings.slow_seconds:
            allowed = min(allowed, 2)
        return len(self.runs) + len(self.later_failures) < allowed


@dataclass(frozen=True)
class RegenOutcome:
    warmup: RunResult
    runs: tuple[RunResult, ...]
    changed_files: tuple[str, ...]  # files written (bytes or mtime changed) by the timed runs

    @property
    def seconds(self) -> float | None:
        finished = [r.seconds for r in self.runs if r.ok]
        return min(finished) if finished else None


@dataclass
class GenerationResults:
    documents: list[DocumentFacts]
    outcomes: dict[tuple[str, str], ToolOutcome]  # (document name, tool key)
    tools: list[Tool]
    regen: RegenOutcome


def bench_specs(specs_dir: Path) -> list[Path]:
    return sorted(p for p in specs_dir.iterdir() if p.suffix in (".yaml", ".yml", ".json"))


def run_generation(settings: Settings, log: Log = print) -> GenerationResults:
    tools = make_tools(settings.bins, settings.scratch)
    documents = [read_facts(p) for p in bench_specs(settings.specs_dir)]
    outcomes: dict[tuple[str, str], ToolOutcome] = {}
    for doc in documents:
        per_tool = [ToolOutcome(tool, doc) for tool in tools]
        for outcome in per_tool:
            outcomes[(doc.path.name, outcome.tool.key)] = outcome
        for round_no in range(1, max(settings.runs, settings.quick_runs) + 1):
            for outcome in per_tool:
                if outcome.wants_run(settings):
                    _run_once(outcome, round_no, settings, log)
    regen = measure_regen(settings, log)
    return GenerationResults(documents, outcomes, tools, regen)


def _run_once(outcome: ToolOutcome, round_no: int, settings: Settings, log: Log) -> None:
    tool, doc = outcome.tool, outcome.doc
    variants = [v for v in tool.variants if v.label == outcome.variant] or list(tool.variants)
    for variant in variants:
        run_dir = settings.scratch / doc.path.stem / tool.key / f"run-{round_no}"
        out = run_dir / "out"
        shutil.rmtree(run_dir, ignore_errors=True)
        out.mkdir(parents=True)  # every tool gets an empty, existing folder
        result = run_child(
            variant.argv(doc.path, out),
            timeout=settings.timeout,
            cwd=settings.root,
            env=_env_for(tool, settings.bins),
        )
        label = f" [{variant.label}]" if variant.label else ""
        status = "ok" if result.ok else result.failure()
        log(
            f"  {doc.path.name:28} {tool.key:7} run {round_no}{label}: {result.seconds:6.2f} s "
            f"(CPU {result.cpu_seconds:6.2f} s) {result.peak_rss_mb:5.0f} MB  {status}"
        )
        if result.ok:
            if outcome.count is None:
                outcome.count = _count(tool, out, result)
                if tool.key == "build":
                    outcome.black = _black_check(out, settings, log)
            outcome.variant = variant.label
            outcome.runs.append(result)
            shutil.rmtree(run_dir, ignore_errors=True)
            return
        shutil.rmtree(run_dir, ignore_errors=True)
        if outcome.variant is not None:
            outcome.later_failures.append(result.failure())
            return
        outcome.failed_variants.append((variant.label, result.failure()))


def _count(tool: Tool, out: Path, result: RunResult) -> OutputCount:
    try:
        return tool.count(out, result.stdout + "\n" + result.stderr)
    except Exception as error:  # an output we cannot read is a finding, not the end of the bench
        return OutputCount(None, None, (f"could not count the output: {error!r}",))


def _env_for(tool: Tool, bins: Interpreters) -> dict[str, str]:
    env = dict(os.environ)
    if tool.key in ("opc", "dcg"):
        # OPC formats its output by running `ruff` from PATH: it must find the bench venv's.
        env["PATH"] = f"{bins.bench_bin}{os.pathsep}{env.get('PATH', '')}"
        env["COLUMNS"] = "200"  # rich would wrap OPC's error message at 80 columns
    return env


def _black_check(out: Path, settings: Settings, log: Log) -> RunResult:
    # Every file named, not ".": black skips whole trees whose path matches its default excludes
    # (a folder called `build`) and then passes with "No Python files are present".
    files = sorted(str(p.relative_to(out)) for p in out.rglob("*.py"))
    if not files:
        return RunResult(0.0, 0.0, 0.0, 1, False, "", "no Python files in the build output")
    # Run inside the package, so black reads the package's own pyproject.toml (line length 88).
    result = run_child(
        [str(settings.bins.main_python), "-m", "black", "--check", *files],
        timeout=settings.timeout,
        cwd=out,
    )
    log(
        f"    black --check on the build output: {'pass' if result.ok else result.failure()}"
        f" ({result.seconds:.1f} s)"
    )
    return result


def measure_regen(settings: Settings, log: Log) -> RegenOutcome:
    """`docs2sdk generate` on a copy of the repo's vendors, twice: the second run must write nothing."""
    project = settings.scratch / "regen-project"
    shutil.rmtree(project, ignore_errors=True)
    for part in ("specs", "generated"):
        shutil.copytree(settings.root / part, project / part, symlinks=True)
    argv = [str(settings.bins.main_python), "-m", "generator", "generate", "--root", str(project)]
    # The first run may write (the committed tree can trail the generator someone is editing).
    warmup = run_child(argv, timeout=settings.timeout, cwd=settings.root)
    log(
        f"  regenerate unchanged vendors, first run: {warmup.seconds:.2f} s "
        f"{'ok' if warmup.ok else warmup.failure()}"
    )
    before = _snapshot(project)
    runs = []
    for round_no in range(1, settings.runs + 1):
        result = run_child(argv, timeout=settings.timeout, cwd=settings.root)
        log(
            f"  regenerate unchanged vendors, run {round_no}: {result.seconds:.2f} s "
            f"{result.peak_rss_mb:.0f} MB {'ok' if result.ok else result.failure()}"
        )
        runs.append(result)
    after = _snapshot(project)
    changed = sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))
    shutil.rmtree(project, ignore_errors=True)
    return RegenOutcome(warmup, tuple(runs), tuple(changed))


def _snapshot(tree: Path) -> dict[str, tuple[int, str]]:
    """Each file's mtime and content hash: a rewrite with the same bytes still counts as a write."""
    snapshot = {}
    for path in sorted(tree.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            snapshot[str(path.relative_to(tree))] = (path.stat().st_mtime_ns, digest)
    return snapshot
