"""Shared paths and helpers: tests run the real CLI in subprocesses on real files."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
CORPUS = SHARED / "corpus"
BENCH_SPECS = SHARED / "bench-specs"
SCORER = SHARED / "scoring" / "score_openapi.py"
TRUTH = SHARED / "scoring" / "seeds-truth.yaml"
VENDORS = ("aitronos", "gcore", "onchainpay", "partoo")


def seed(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))


def run_cli(*args: str | Path, cwd: Path = ROOT, env: dict[str, str] | None = None,
            timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """Run `docs2sdk` as users do: a separate process, real files."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "generator", *map(str, args)],
        cwd=cwd, env=full_env, capture_output=True, text=True, timeout=timeout,
    )


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


# -- the fuzz set's summary, here so that it is printed by pytest-xdist's controller too -------


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    from tests.fuzz.support import DURATIONS, STATS

    found = getattr(node, "workeroutput", {}).get("fuzz")
    if found:
        for test, counts in found["stats"].items():
            STATS.setdefault(test, Counter()).update(counts)
        DURATIONS.update(found["durations"])


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    from tests.fuzz.support import BUDGET_SECONDS, DURATIONS, STATS

    if not STATS:
        return
    terminalreporter.section("fuzz examples")
    for test, counts in sorted(STATS.items()):
        seconds = DURATIONS.get(test, 0.0)
        detail = ", ".join(f"{n} {what}" for what, n in sorted(counts.items()))
        terminalreporter.write_line(f"{test}: {detail} in {seconds:.1f}s of CPU")
    total = sum(DURATIONS.values())
    # Each pytest-xdist worker holds its own share to the budget.
    terminalreporter.write_line(f"fuzz set: {total:.1f}s of CPU; each worker's share within {BUDGET_SECONDS:.0f}s")
