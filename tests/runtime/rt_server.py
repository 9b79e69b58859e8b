"""Support for the runtime tests: a small threaded HTTP/1.1 server on 127.0.0.1 (below), the
injectable sleep recorder and the location of the runtime sources.

Routes (``{key}`` isolates the per-test hit counters):

* ``/echo``                      method, path, query pairs, headers and body echoed as JSON
* ``/signed``                    verifies the HMAC body signature and rejects reused nonces;
                                 ``?key=K&fail=N&status=S&retry_after=X`` fails the first N
                                 *valid* requests with status S (after recording the nonce)
* ``/envelope/ok|list|fail|fail-string``   ``{"success": ...}`` envelopes, all HTTP 200
* ``/status/{code}``             an error body ``{"message", "trace_id"}`` + ``x-request-id``
                                 (``?noheader=1`` leaves the header out, ``?text=1`` sends text)
* ``/flaky/{key}``               ``?fail=N&status=S&retry_after=X&retry_after_ms=Y``: the first
                                 N hits answer S, then 200 ``{"attempts": n}``
* ``/slow/{key}?delay=X``        answers after X seconds
* ``/drop/{key}``                closes the connection without answering
* ``/echo-auth-error``           401 whose message echoes the credentials it received
* ``/text``, ``/empty``          a text/plain body; a 204
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

RUNTIME_DIR = Path(__file__).resolve().parents[2] / "templates" / "runtime"
PUBLIC_KEY = "pub-test-key"
PRIVATE_KEY = "priv-test-secret-0123456789"
PUBLIC_KEY_HEADER = "x-api-public-key"
SIGNATURE_HEADER = "x-api-signature"


class State:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.hits: Counter[str] = Counter()
        self.nonces: list[object] = []
        self.nonce_set: set[object] = set()
        self.rejected: list[str] = []
        self.bodies: dict[str, list[bytes]] = {}

    def hit(self, key: str, body: bytes = b"") -> int:
        with self.lock:
            self.hits[key] += 1
            self.bodies.setdefault(key, []).append(body)
            return self.hits[key]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 1024
    state: State

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # clients that time out and go away are expected here


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in two writes
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self._dispatch()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = do_GET

    # -- helpers ---------------------------------------------------------------------------

    def _send(
        self,
        status: int,
        payload: object = None,
        *,
        headers: dict[str, str] | None = None,
        text: str | None = None,
    ) -> None:
        if text is not None:
            data, ctype = text.encode(), "text/plain; charset=utf-8"
        elif payload is None:
            data, ctype = b"", ""
        else:
            data, ctype = json.dumps(payload).encode(), "application/json"
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _dispatch(self) -> None:
        parts = urlsplit(self.path)
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        segments = [s for s in parts.path.split("/") if s]
        route = segments[0] if segments else ""
        handler = getattr(self, "route_" + route.replace("-", "_"), None)
        if handler is None:
            self._send(404, {"message": f"no route {parts.path}"})
            return
        handler(segments[1:], query, body, parts)

    # -- routes ----------------------------------------------------------------------------

    def route_echo(self, rest: list[str], query: dict[str, str], body: bytes, parts: Any) -> None:
        self._send(
            200,
            {
                "method": self.command,
                "path": parts.path,
                "raw_path": self.path,
                "query": parse_qsl(parts.query, keep_blank_values=True),
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "body": body.decode("utf-8"),
            },
        )

    def route_signed(self, rest: list[str], query: dict[str, str], body: bytes, parts: Any) -> None:
        state = self.server.state
        public = self.headers.get(PUBLIC_KEY_HEADER)
        signature = self.headers.get(SIGNATURE_HEADER) or ""
        expected = hmac.new(PRIVATE_KEY.encode(), body, hashlib.sha256).hexdigest()
        if public != PUBLIC_KEY or not hmac.compare_digest(signature, expected):
            with state.lock:
                state.rejected.append("bad signature")
            self._send(401, {"success": False, "error": {"code": "BAD_SIGNATURE"}})
            return
        nonce = json.loads(body).get("nonce")
        with state.lock:
            reused = nonce is None or nonce in state.nonce_set
            if not reused:
                state.nonce_set.add(nonce)
                state.nonces.append(nonce)
            else:
                state.rejected.append(f"nonce reused: {nonce}")
        if reused:
            self._send(200, {"success": False, "error": {"code": "NONCE_REUSED"}})
            return
        key = query.get("key", "signed")
        n = state.hit(key, body)
        if n <= int(query.get("fail", "0")):
            headers = {"Retry-After": query["retry_after"]} if "retry_after" in query else {}
            self._send(int(query.get("status", "503")), {"message": "busy"}, headers=headers)
            return
        self._send(200, {"success": True, "response": {"nonce": nonce, "body": body.decode()}})

    def route_envelope(
        self, rest: list[str], query: dict[str, str], body: bytes, parts: Any
    ) -> None:
        kind = rest[0] if rest else "ok"
        if kind == "ok":
            self._send(200, {"success": True, "response": {"id": 1, "name": "widget"}})
        elif kind == "list":
            items = [{"id": 1, "name": "a"}, {"id": 2, "name": "b"}]
            self._send(200, {"success": True, "response": items})
        elif kind == "fail":
            error = {"code": "INSUFFICIENT_FUNDS", "message": "Not enough money"}
            self._send(200, {"success": False, "error": error, "requestId": "req-env-1"})
        elif kind == "fail-string":
            self._send(200, {"success": False, "error": "plain failure"})
        else:  # a plain object without the envelope's keys
            self._send(200, {"id": 7, "name": "bare"})

    def route_status(self, rest: list[str], query: dict[str, str], body: bytes, parts: Any) -> None:
        code = int(rest[0])
        headers = {} if query.get("noheader") else {"x-request-id": f"req-{code}"}
        if query.get("text"):
            self._send(code, headers=headers, text=f"plain error {code}")
        else:
            payload = {"message": f"status {code}", "trace_id": f"trace-{code}"}
            self._send(code, payload, headers=headers)

    def route_flaky(self, rest: list[str], query: dict[str, str], body: bytes, parts: Any) -> None:
        n = self.server.state.hit(rest[0], body)
        if n <= int(query.get("fail", "0")):
            headers = {}
            if "retry_after" in query:
                headers["Retry-After"] = query["retry_after"]
            if "retry_after_ms" in query:
                headers["retry-after-ms"] = query["retry_after_ms"]
            if "should_retry" in query:
                headers["x-should-retry"] = query["should_retry"]
            self._send(int(query.get("status", "500")), {"message": "try again"}, headers=headers)
            return
        self._send(200, {"attempts": n})

    def route_slow(self, rest: list[str], query: dict[str, str], body: bytes, parts: Any) -> None:
        self.server.state.hit(rest[0], body)
        time.sleep(float(query.get("delay", "1")))
        try:
            self._send(200, {"ok": True})
        except OSError:
            pass

    def route_drop(self, rest: list[str], query: dict[str, str], body: bytes, parts: Any) -> None:
        self.server.state.hit(rest[0], body)
        self.close_connection = True  # no response at all

    def route_echo_auth_error(
        self, rest: list[str], query: dict[str, str], body: bytes, parts: Any
    ) -> None:
        seen = " ".join(
            f"{k}={v}" for k, v in self.headers.items() if k.lower() not in ("host", "accept")
        )
        self._send(401, {"message": f"invalid credentials: {seen} body={body.decode()}"})

    def route_text(self, rest: list[str], query: dict[str, str], body: bytes, parts: Any) -> None:
        self._send(200, text="hello")

    def route_empty(self, rest: list[str], query: dict[str, str], body: bytes, parts: Any) -> None:
        self._send(204)


class TestServer:
    __test__ = False

    def __init__(self, port: int = 0) -> None:
        self.state = State()
        self._server = _Server(("127.0.0.1", port), Handler)
        self._server.state = self.state
        self.port = self._server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def hits(self, key: str) -> int:
        with self.state.lock:
            return self.state.hits[key]

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)


class SleepRecorder:
    """Injected sleep: records delays; really sleeps only up to ``cap`` seconds."""

    def __init__(self, cap: float = 0.0) -> None:
        self.delays: list[float] = []
        self.cap = cap

    def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)
        if self.cap:
            time.sleep(min(seconds, self.cap))

    async def async_sleep(self, seconds: float) -> None:
        self.delays.append(seconds)
        if self.cap:
            await asyncio.sleep(min(seconds, self.cap))
