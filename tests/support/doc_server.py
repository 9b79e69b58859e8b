"""A real HTTP server on 127.0.0.1 that plays a vendor's documentation site.

Pages can be changed between requests, made to fail, served with or without ETag /
Last-Modified, and every request is recorded with its headers, so tests can check that
`docs2sdk fetch` sends conditional requests and what it does with each answer.
"""

from __future__ import annotations

import hashlib
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Page:
    body: bytes
    status: int = 200
    etag: bool = True
    last_modified: str | None = None


@dataclass(frozen=True)
class Seen:
    path: str
    headers: dict[str, str]


class DocServer:
    def __init__(self) -> None:
        self.pages: dict[str, Page] = {}
        self.requests: list[Seen] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
                server._answer(self)

            def log_message(self, format: str, *args: object) -> None:  # keep test output clean
                return

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def set(
        self,
        path: str,
        body: str | bytes,
        *,
        status: int = 200,
        etag: bool = True,
        last_modified: str | None = None,
    ) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        with self._lock:
            self.pages[path] = Page(data, status, etag, last_modified)

    def fail(self, path: str, status: int = 500) -> None:
        with self._lock:
            self.pages[path].status = status

    def seen(self, path: str) -> list[Seen]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def clear_log(self) -> None:
        with self._lock:
            self.requests.clear()

    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        headers = {k.lower(): v for k, v in handler.headers.items()}
        with self._lock:
            self.requests.append(Seen(handler.path, headers))
            page = self.pages.get(handler.path)
        if page is None or page.status != 200:
            status = 404 if page is None else page.status
            handler.send_response(status)
            handler.send_header("Content-Length", "5")
            handler.end_headers()
            handler.wfile.write(b"oops\n")
            return
        etag = f'"{hashlib.sha256(page.body).hexdigest()[:16]}"' if page.etag else None
        fresh = (etag is not None and headers.get("if-none-match") == etag) or (
            etag is None
            and page.last_modified is not None
            and headers.get("if-modified-since") == page.last_modified
        )
        handler.send_response(304 if fresh else 200)
        if etag:
            handler.send_header("ETag", etag)
        if page.last_modified:
            handler.send_header("Last-Modified", page.last_modified)
        handler.send_header("Content-Type", "text/markdown; charset=utf-8")
        handler.send_header("Content-Length", "0" if fresh else str(len(page.body)))
        handler.end_headers()
        if not fresh:
            handler.wfile.write(page.body)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)


@pytest.fixture
def doc_server() -> Iterator[DocServer]:
    server = DocServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


def refused_url() -> str:
    """A URL on 127.0.0.1 where nothing listens: the port was free a moment ago."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"
