"""The fuzz set's guards: a time budget for the whole set, and a report of the examples run."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .payloads import TOKEN_PREFIX
from .support import BUDGET_SECONDS, DURATIONS, MARKERS, STATS, PackageUser, Stopwatch


@pytest.fixture(scope="session", autouse=True)
def fuzz_budget() -> Iterator[None]:
    """Fails the session when the fuzz set ran over its budget or a payload left a marker."""
    yield
    hits = sorted(p.name for p in MARKERS.iterdir())
    assert hits == [], f"payloads ran: {hits}"
    total = sum(DURATIONS.values())
    assert total <= BUDGET_SECONDS, f"the fuzz set took {total:.1f}s of CPU, over {BUDGET_SECONDS:.0f}s"


@pytest.fixture(autouse=True)
def _timed(request: pytest.FixtureRequest) -> Iterator[None]:
    watch = Stopwatch()
    yield
    DURATIONS[request.node.name] = watch.seconds()


@pytest.fixture(scope="session")
def package_user(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PackageUser]:
    user = PackageUser(tmp_path_factory.mktemp("package-user"))
    yield user
    user.close()
    assert TOKEN_PREFIX not in user.stderr_text(), "a payload ran in the package user"


@pytest.fixture(scope="session")
def fuzz_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def pytest_sessionfinish(session: pytest.Session) -> None:
    output = getattr(session.config, "workeroutput", None)
    if output is not None:  # a pytest-xdist worker: the summary is printed by the controller
        output["fuzz"] = {"stats": {t: dict(c) for t, c in STATS.items()}, "durations": DURATIONS}
