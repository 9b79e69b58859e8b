"""Shared paths and helpers: tests run the real CLI in subprocesses on real files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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
