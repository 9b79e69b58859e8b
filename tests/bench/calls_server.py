"""A deliberately minimal HTTP/1.1 keep-alive server on 127.0.0.1 for the call benchmark.

It runs in its own process (so its work does not share the client's interpreter) and answers
every request from a table of pre-encoded responses, keyed by path (the query string is
ignored; an unknown path gets the ``"*"`` entry). Parsing is the least that keep-alive needs:
the head up to the blank line, ``Content-Length`` for the body, and pipelined requests in one
read. Anything a full server would do per request (routing objects, header dicts, JSON work)
would show up in every client's time alike and shrink the ratios we want to see.

Run alone: ``python calls_server.py ROUTES.json`` prints ``PORT <n>`` and serves until its
standard input closes (so it never outlives the benchmark that started it).
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Mapping

_HEAD_END = b"\r\n\r\n"
_CONTENT_LENGTH = b"\r\ncontent-length:"


def encode_responses(routes: Mapping[str, object]) -> dict[bytes, bytes]:
    """Path (bytes) -> the complete HTTP response (head and JSON body), built once."""
    encoded = {}
    for path, body in routes.items():
        payload = json.dumps(body, separators=(",", ":")).encode()
        head = (
            "HTTP/1.1 200 OK\r\n"
            "Content-Type: application/json\r\n"
            f"Content-Length: {len(payload)}\r\n"
            "Connection: keep-alive\r\n\r\n"
        ).encode()
        encoded[path.encode()] = head + payload
    return encoded


class _Connection(asyncio.Protocol):
    def __init__(self, responses: dict[bytes, bytes]) -> None:
        self._responses = responses
        self._fallback = responses[b"*"]
        self._buffer = b""
        self._transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport

    def data_received(self, data: bytes) -> None:
        buffer = self._buffer + data if self._buffer else data
        replies = []
        while True:
            end = buffer.find(_HEAD_END)
            if end < 0:
                break
            head = buffer[:end]
            body_length = 0
            at = head.lower().find(_CONTENT_LENGTH)
            if at >= 0:
                line_end = head.find(b"\r\n", at + 2)
                value = head[at + len(_CONTENT_LENGTH) : line_end if line_end > 0 else None]
                body_length = int(value)
            request_end = end + 4 + body_length
            if len(buffer) < request_end:
                break  # the body has not fully arrived yet
            target = head[head.find(b" ") + 1 : head.find(b" ", head.find(b" ") + 1)]
            path = target.split(b"?", 1)[0]
            replies.append(self._responses.get(path, self._fallback))
            buffer = buffer[request_end:]
        self._buffer = buffer
        if replies and self._transport is not None:
            self._transport.write(b"".join(replies))


async def _serve(responses: dict[bytes, bytes]) -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: _Connection(responses), "127.0.0.1", 0, backlog=1024)
    port = server.sockets[0].getsockname()[1]
    print(f"PORT {port}", flush=True)
    # Serve until the parent closes our stdin (or dies): read it in a thread.
    stopped = loop.create_future()
    threading.Thread(
        target=lambda: (sys.stdin.read(), loop.call_soon_threadsafe(stopped.set_result, None)),
        daemon=True,
    ).start()
    await stopped
    server.close()


@contextmanager
def running_server(routes: Mapping[str, object], work_dir: Path) -> Iterator[str]:
    """Start the server in a child process; yield its base URL; stop it on exit."""
    if "*" not in routes:
        raise ValueError("routes need a '*' entry for unknown paths")
    routes_file = work_dir / "call-bench-routes.json"
    routes_file.write_text(json.dumps(routes))
    process = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), str(routes_file)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line.startswith("PORT "):
            raise RuntimeError(f"call bench server did not start (said {line!r})")
        yield f"http://127.0.0.1:{int(line.split()[1])}"
    finally:
        assert process.stdin is not None
        process.stdin.close()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def main(argv: list[str]) -> None:
    routes = json.loads(Path(argv[1]).read_text())
    asyncio.run(_serve(encode_responses(routes)))


if __name__ == "__main__":
    main(sys.argv)
