"""The async client's network backend, stream by stream: batching, timeouts, end of stream,
errors; and which pools get it.

These drive the streams directly, with a recording stand-in for the socket side, so each
case (a write held back until the read, a timer that fires, a peer that goes away, flow
control) happens exactly when the test says. test_runtime_transport_net.py runs the same
code over real sockets.
"""

from __future__ import annotations

import asyncio
import importlib
from types import ModuleType, SimpleNamespace
from typing import Any, Awaitable, Callable, TypeVar

import httpcore
import httpx
import pytest

T = TypeVar("T")


@pytest.fixture
def backend(rt: SimpleNamespace) -> ModuleType:
    return importlib.import_module("rtpkg._asyncio_backend")


def run(make: Callable[[], Awaitable[T]]) -> T:
    async def main() -> T:
        return await make()

    return asyncio.run(main())


class FakeTransport(asyncio.Transport):
    """Records what the stream sends and how it steers reading."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[bytes] = []
        self.reading = True
        self.closed = False

    def write(self, data: bytes | bytearray | memoryview) -> None:
        self.sent.append(bytes(data))

    def pause_reading(self) -> None:
        self.reading = False

    def resume_reading(self) -> None:
        self.reading = True

    def is_closing(self) -> bool:
        return self.closed

    def close(self) -> None:
        self.closed = True


def _stream(backend: ModuleType) -> tuple[Any, Any, FakeTransport]:
    protocol = backend._StreamProtocol()
    transport = FakeTransport()
    protocol.connection_made(transport)
    return backend.AsyncioStream(transport, protocol), protocol, transport


def test_head_and_body_leave_in_one_write_when_the_response_is_read(
    backend: ModuleType,
) -> None:
    async def go() -> None:
        stream, protocol, transport = _stream(backend)
        await stream.write(b"POST / HTTP/1.1\r\n\r\n", 1.0)
        await stream.write(b"", 1.0)  # httpcore's end of message: nothing to send
        await stream.write(b'{"a":1}', 1.0)
        assert transport.sent == []  # held back until the stream is read
        protocol.data_received(b"HTTP/1.1 200 OK\r\n")
        assert await stream.read(65536, 1.0) == b"HTTP/1.1 200 OK\r\n"
        assert transport.sent == [b'POST / HTTP/1.1\r\n\r\n{"a":1}']

    run(go)


def test_a_large_upload_is_sent_as_it_piles_up(backend: ModuleType) -> None:
    async def go() -> None:
        stream, _, transport = _stream(backend)
        chunk = b"x" * (backend.WRITE_BATCH // 2)
        await stream.write(chunk, None)
        assert transport.sent == []
        await stream.write(chunk, None)
        assert transport.sent == [chunk + chunk]

    run(go)


def test_read_waits_for_data_and_times_out(backend: ModuleType) -> None:
    async def go() -> None:
        stream, protocol, _ = _stream(backend)
        loop = asyncio.get_running_loop()
        loop.call_later(0.02, protocol.data_received, b"late")
        assert await stream.read(100, 5.0) == b"late"
        started = loop.time()
        with pytest.raises(httpcore.ReadTimeout):
            await stream.read(100, 0.05)
        assert loop.time() - started >= 0.04
        # Data that arrives after a timeout is still read in order.
        protocol.data_received(b"abc")
        protocol.data_received(b"def")
        assert await stream.read(4, 0.05) == b"abcd"
        assert await stream.read(100, 0.05) == b"ef"

    run(go)


def test_end_of_stream_reads_empty_and_counts_as_readable(backend: ModuleType) -> None:
    async def go() -> None:
        stream, protocol, _ = _stream(backend)
        assert stream.get_extra_info("is_readable") is False
        protocol.data_received(b"tail")
        assert stream.get_extra_info("is_readable") is True
        protocol.eof_received()
        protocol.connection_lost(None)
        assert await stream.read(100, 0.05) == b"tail"  # what came before the end
        assert await stream.read(100, 0.05) == b""
        assert stream.get_extra_info("is_readable") is True

    run(go)


def test_a_broken_connection_fails_reads_and_writes(backend: ModuleType) -> None:
    async def go() -> None:
        stream, protocol, _ = _stream(backend)
        reader = asyncio.ensure_future(stream.read(100, None))
        await asyncio.sleep(0)
        protocol.connection_lost(ConnectionResetError("reset by peer"))
        with pytest.raises(httpcore.ReadError, match="reset by peer"):
            await reader
        with pytest.raises(httpcore.WriteError):
            await stream.write(b"more", 1.0)

    run(go)


def test_flow_control_bounds_a_write_by_its_timeout(backend: ModuleType) -> None:
    async def go() -> None:
        stream, protocol, transport = _stream(backend)
        protocol.pause_writing()  # the socket's send buffer is full
        await stream.write(b"request", 0.05)
        with pytest.raises(httpcore.WriteTimeout):
            await stream.read(100, 1.0)  # the read flushes first
        assert transport.sent == [b"request"]
        await stream.write(b"again", 5.0)
        loop = asyncio.get_running_loop()
        loop.call_later(0.02, protocol.resume_writing)
        loop.call_later(0.03, protocol.data_received, b"ok")
        assert await stream.read(100, 5.0) == b"ok"

    run(go)


def test_a_slow_reader_pauses_the_socket_and_resumes_it(backend: ModuleType) -> None:
    async def go() -> None:
        stream, protocol, transport = _stream(backend)
        protocol.data_received(b"y" * (backend._READ_HIGH_WATER + 1))
        assert transport.reading is False
        total = 0
        while total <= backend._READ_HIGH_WATER:
            total += len(await stream.read(65536, 1.0))
        assert transport.reading is True

    run(go)


def test_cancelling_the_task_cancels_the_read(backend: ModuleType) -> None:
    async def go() -> None:
        stream, protocol, _ = _stream(backend)
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(stream.read(100, 10.0), 0.02)
        # The cancelled wait left nothing behind: the next read works normally.
        protocol.data_received(b"next")
        assert await stream.read(100, 1.0) == b"next"

    run(go)


def test_extra_info_names_httpcore_asks_for(backend: ModuleType) -> None:
    stream, _, _ = _stream(backend)
    assert stream.get_extra_info("ssl_object") is None  # plain TCP
    assert stream.get_extra_info("no-such-thing") is None


def test_only_the_async_clients_own_pool_gets_the_backend(
    rt: SimpleNamespace, backend: ModuleType
) -> None:
    def pool_backend(client: Any) -> object:
        return client._http._transport._pool._network_backend

    sync_client = rt.base.SyncAPIClient(base_url="http://127.0.0.1:9", auth=None, user_agent="t")
    assert not isinstance(pool_backend(sync_client), backend.AsyncioBackend)
    sync_client.close()

    async def go() -> None:
        own = rt.base.AsyncAPIClient(base_url="http://127.0.0.1:9", auth=None, user_agent="t")
        assert isinstance(pool_backend(own), backend.AsyncioBackend)
        await own.aclose()
        mine = httpx.AsyncClient()
        given = rt.base.AsyncAPIClient(
            base_url="http://127.0.0.1:9", auth=None, user_agent="t", http_client=mine
        )
        assert given._http is mine
        assert not isinstance(pool_backend(given), backend.AsyncioBackend)
        await mine.aclose()

    run(go)


def test_an_unknown_transport_layout_is_left_alone(backend: ModuleType) -> None:
    async def go() -> None:
        mounted = httpx.AsyncClient(transport=httpx.MockTransport(lambda r: httpx.Response(204)))
        before = mounted._transport
        backend.use_asyncio_backend(mounted, httpx.Limits())
        assert mounted._transport is before
        assert (await mounted.get("http://example.invalid/")).status_code == 204
        await mounted.aclose()

    run(go)
