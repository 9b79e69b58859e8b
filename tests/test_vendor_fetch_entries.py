"""Each committed vendor's `fetch:` entries, fetched as users would on a machine with internet.

The URLs in vendor.yaml are the real doc pages. Here every request is sent, over a real socket,
to a local server that serves each page under its host and path, so the test checks what a
real run does (every stored page refreshed from its URL, with conditional requests the second
time) without leaving 127.0.0.1.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from generator.evolve.fetch import Status, fetch_vendor
from generator.vendor.config import load_config

from .conftest import ROOT, VENDORS
from .support.doc_server import DocServer, doc_server  # noqa: F401 (fixture)


class _ToLocal(httpx.BaseTransport):
    """Sends `https://host/path` to `http://127.0.0.1:port/host/path`, through httpx's own
    transport, so the request really crosses a socket."""

    def __init__(self, server: DocServer) -> None:
        self.base = httpx.URL(server.url)
        self.inner = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        request.url = self.base.copy_with(path=f"/{url.host}{url.path}", query=url.query or None)
        request.headers["host"] = self.base.netloc.decode()
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


@pytest.mark.parametrize("vendor", VENDORS)
def test_every_stored_page_is_fetched_from_its_url(
    vendor: str, tmp_path: Path, doc_server: DocServer
) -> None:
    specs = tmp_path / vendor
    shutil.copytree(ROOT / "specs" / vendor, specs)
    config = load_config(specs)
    stored = sorted(p.relative_to(specs).as_posix() for p in (specs / "sources").iterdir())
    # Every page the package is built from is kept current, and nothing else is written.
    assert sorted(p.file for p in config.fetch) == stored
    for page in config.fetch:
        url = urlsplit(page.url)
        assert url.scheme == "https" and url.hostname, page.url
        doc_server.set(f"/{url.hostname}{url.path}", f"# {page.url}\nnewer text\n")

    with httpx.Client(transport=_ToLocal(doc_server)) as client:
        first = fetch_vendor(specs, config, client)
        assert {r.file: r.status for r in first.results} == dict.fromkeys(stored, Status.CHANGED)
        for page in config.fetch:
            assert (specs / page.file).read_text() == f"# {page.url}\nnewer text\n"
        doc_server.clear_log()
        again = fetch_vendor(specs, config, client)
    assert {r.status for r in again.results} == {Status.UNCHANGED}
    # the second run asks only whether each page changed
    assert all("if-none-match" in seen.headers for seen in doc_server.requests)
    assert len(doc_server.requests) == len(stored)
