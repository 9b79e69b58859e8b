"""End to end: the committed generated packages against Prism serving their own export."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest

from ..conftest import ROOT, VENDORS
from ..support.prism import prism_mock, require_prism

for _vendor in VENDORS:  # the committed packages, importable without installing
    _src = str(ROOT / "generated" / _vendor / "src")
    if _src not in sys.path:
        sys.path.insert(0, _src)


@pytest.fixture(scope="session")
def prism_url(request: pytest.FixtureRequest) -> Iterator[dict[str, str]]:
    """One Prism process per vendor, started lazily and stopped at the end of the session."""
    require_prism(ROOT)
    stack: list[object] = []
    urls: dict[str, str] = {}

    class Lazy(dict[str, str]):
        def __missing__(self, vendor: str) -> str:
            manager = prism_mock(ROOT / "generated" / vendor / "openapi.json", repo_root=ROOT)
            url = manager.__enter__()
            stack.append(manager)
            self[vendor] = url
            return url

    lazy = Lazy(urls)
    try:
        yield lazy
    finally:
        for manager in reversed(stack):
            manager.__exit__(None, None, None)  # type: ignore[attr-defined]
