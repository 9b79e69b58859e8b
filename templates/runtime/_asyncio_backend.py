"""httpcore's network backend on plain asyncio, for the async client's own pool.

httpx reaches the network through httpcore, which takes a pluggable network backend. The
pool the async client creates for itself gets this one (:func:`use_asyncio_backend`); a
user's own ``http_client`` and httpx's proxy transports are left as they are.

httpcore's default backend on asyncio goes through AnyIO, which puts a cancel scope, a
timeout scope and a ``select.poll`` readiness check around every read, write and pool
decision; those layers cost more than the HTTP work itself and grow with the number of
pooled connections. Here reads wait on one future with one ``call_later`` timer, and "is
this idle connection readable" (httpcore's test for a server that closed a keep-alive
connection) is answered from what the event loop has already delivered, without a system
call. A request's head and body, which httpcore writes separately, leave in one send.

Semantics follow httpcore's backends: ``timeout=None`` waits forever; a timeout raises
``ReadTimeout`` / ``WriteTimeout`` / ``ConnectTimeout``; a broken connection raises
``ReadError`` / ``WriteError`` / ``ConnectError``; a clean end of stream reads as ``b""``.
"""

from __future__ import annotations

import asyncio
import ssl
from typing import Any, Iterable

import httpcore
import httpx

__all__ = ["WRITE_BATCH", "AsyncioBackend", "AsyncioStream", "use_asyncio_backend"]

# Stop reading from the socket while this much is buffered and unread (httpcore reads in
# 64 KiB chunks, so this only matters when a response is consumed slowly).
_READ_HIGH_WATER = 256 * 1024
# Send held-back writes at once when this much has piled up (a streamed upload).
WRITE_BATCH = 64 * 1024
SocketOption = Any  # httpcore's SOCKET_OPTION: the arguments of one setsockopt() call


class _StreamProtocol(asyncio.Protocol):
    """Buffers what arrives and wakes the one reader (or writer) waiting for it."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.eof = False
        self.lost = False
        self.error: BaseException | None = None
        self._read_waiter: asyncio.Future[bool] | None = None
        self._drain_waiter: asyncio.Future[bool] | None = None
        self._write_paused = False
        self._read_paused = False

    # -- asyncio callbacks ------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        if len(self.buffer) > _READ_HIGH_WATER and self.transport is not None:
            self.transport.pause_reading()
            self._read_paused = True
        self._wake_reader()

    def eof_received(self) -> bool:
        self.eof = True
        self._wake_reader()
        return False  # let the transport close itself

    def connection_lost(self, exc: Exception | None) -> None:
        self.lost = True
        self.error = exc
        self._wake_reader()
        self._wake_writer()

    def pause_writing(self) -> None:
        self._write_paused = True

    def resume_writing(self) -> None:
        self._write_paused = False
        self._wake_writer()

    # -- used by the stream -----------------------------------------------------------

    @property
    def readable(self) -> bool:
        return bool(self.buffer) or self.eof or self.lost

    def take(self, max_bytes: int) -> bytes:
        if len(self.buffer) <= max_bytes:  # the usual case: all of it, in one copy
            data = bytes(self.buffer)
            self.buffer.clear()
        else:
            data = bytes(self.buffer[:max_bytes])
            del self.buffer[:max_bytes]
        if self._read_paused and len(self.buffer) <= _READ_HIGH_WATER // 2:
            self._read_paused = False
            if self.transport is not None and not self.lost:
                self.transport.resume_reading()
        return data

    async def wait_readable(self, timeout: float | None) -> bool:
        """Wait until data, end of stream or loss; False if ``timeout`` ran out first."""
        waiter = self._read_waiter = asyncio.get_running_loop().create_future()
        return await _wait(waiter, timeout)

    async def wait_writable(self, timeout: float | None) -> bool:
        waiter = self._drain_waiter = asyncio.get_running_loop().create_future()
        return await _wait(waiter, timeout)

    @property
    def write_paused(self) -> bool:
        return self._write_paused and not self.lost

    def _wake_reader(self) -> None:
        waiter, self._read_waiter = self._read_waiter, None
        if waiter is not None and not waiter.done():
            waiter.set_result(True)

    def _wake_writer(self) -> None:
        waiter, self._drain_waiter = self._drain_waiter, None
        if waiter is not None and not waiter.done():
            waiter.set_result(True)


def _expire(waiter: asyncio.Future[bool]) -> None:
    if not waiter.done():
        waiter.set_result(False)


async def _wait(waiter: asyncio.Future[bool], timeout: float | None) -> bool:
    """Await ``waiter``: True when woken, False when ``timeout`` seconds pass first.

    The timer resolves the future instead of cancelling anything, so a cancellation of
    the calling task always propagates as it is.
    """
    if timeout is None:
        return await waiter
    timer = asyncio.get_running_loop().call_later(timeout, _expire, waiter)
    try:
        return await waiter
    finally:
        timer.cancel()


class AsyncioStream(httpcore.AsyncNetworkStream):
    """One TCP (or TLS, or Unix socket) connection, as httpcore's connections use it.

    Writes are held back until the stream is read (or enough piles up): httpcore writes a
    request's head and its body separately, and sending them as one segment saves a
    system call here and a wake-up of the server.
    """

    def __init__(self, transport: asyncio.Transport, protocol: _StreamProtocol) -> None:
        self._transport = transport
        self._protocol = protocol
        self._pending: list[bytes] = []
        self._pending_size = 0
        self._write_timeout: float | None = None

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        if self._pending:
            await self._flush()
        protocol = self._protocol
        if not protocol.readable and not await protocol.wait_readable(timeout):
            raise httpcore.ReadTimeout("timed out while reading")
        if protocol.buffer:
            return protocol.take(max_bytes)
        if protocol.error is not None:
            raise httpcore.ReadError(str(protocol.error)) from protocol.error
        return b""  # the peer closed the connection

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if not buffer:
            return
        if self._protocol.lost or self._transport.is_closing():
            raise httpcore.WriteError(
                "the connection is closed"
            ) from self._protocol.error
        self._pending.append(buffer)
        self._pending_size += len(buffer)
        self._write_timeout = timeout
        if self._pending_size >= WRITE_BATCH:
            await self._flush()

    async def _flush(self) -> None:
        data = b"".join(self._pending)
        self._pending.clear()
        self._pending_size = 0
        protocol = self._protocol
        if protocol.lost or self._transport.is_closing():
            raise httpcore.WriteError("the connection is closed") from protocol.error
        self._transport.write(data)
        # The transport buffers what the socket does not take at once; wait only when it
        # asks us to (flow control), bounded by the write timeout.
        if protocol.write_paused and not await protocol.wait_writable(
            self._write_timeout
        ):
            raise httpcore.WriteTimeout("timed out while writing")
        if protocol.lost and protocol.error is not None:
            raise httpcore.WriteError(str(protocol.error)) from protocol.error

    async def aclose(self) -> None:
        self._transport.close()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        if self._pending:
            await self._flush()
        loop = asyncio.get_running_loop()
        try:
            transport = await asyncio.wait_for(
                loop.start_tls(
                    self._transport,
                    self._protocol,
                    ssl_context,
                    server_hostname=server_hostname,
                ),
                timeout,
            )
        except asyncio.TimeoutError as exc:
            self._transport.close()
            raise httpcore.ConnectTimeout("timed out during the TLS handshake") from exc
        except OSError as exc:  # ssl.SSLError is an OSError
            self._transport.close()
            raise httpcore.ConnectError(str(exc)) from exc
        if transport is None:  # the connection closed during the handshake
            raise httpcore.ConnectError(
                "the connection closed during the TLS handshake"
            )
        # start_tls keeps our protocol but does not call connection_made again.
        self._protocol.transport = transport
        return AsyncioStream(transport, self._protocol)

    def get_extra_info(self, info: str) -> Any:
        if info == "is_readable":
            # An idle keep-alive connection is "readable" only when the server closed it
            # (or sent something unexpected); the event loop has already told us either.
            return self._protocol.readable
        if info == "ssl_object":
            return self._transport.get_extra_info("ssl_object")
        if info == "client_addr":
            return self._transport.get_extra_info("sockname")
        if info == "server_addr":
            return self._transport.get_extra_info("peername")
        if info == "socket":
            return self._transport.get_extra_info("socket")
        return None


def _asyncio_loop() -> asyncio.AbstractEventLoop | None:
    """The running asyncio loop; None under another event loop (trio), where the pool
    falls back to httpcore's own AnyIO backend as if this one were not there."""
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def _apply_socket_options(
    transport: asyncio.Transport, options: Iterable[SocketOption] | None
) -> None:
    sock = transport.get_extra_info("socket")
    for option in options or ():
        sock.setsockopt(*option)


class AsyncioBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network backend on plain asyncio (see the module docstring)."""

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        loop = _asyncio_loop()
        if loop is None:
            return await httpcore.AnyIOBackend().connect_tcp(
                host, port, timeout, local_address, socket_options
            )
        local_addr = None if local_address is None else (local_address, 0)
        try:
            transport, protocol = await asyncio.wait_for(
                loop.create_connection(
                    _StreamProtocol,
                    host,
                    port,
                    local_addr=local_addr,
                    happy_eyeballs_delay=0.25,  # as AnyIO does
                ),
                timeout,
            )
        except asyncio.TimeoutError as exc:
            raise httpcore.ConnectTimeout("timed out while connecting") from exc
        except OSError as exc:  # also DNS failures (socket.gaierror)
            raise httpcore.ConnectError(str(exc)) from exc
        _apply_socket_options(transport, socket_options)
        return AsyncioStream(transport, protocol)

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        loop = _asyncio_loop()
        if loop is None:
            return await httpcore.AnyIOBackend().connect_unix_socket(
                path, timeout, socket_options
            )
        try:
            transport, protocol = await asyncio.wait_for(
                loop.create_unix_connection(_StreamProtocol, path), timeout
            )
        except asyncio.TimeoutError as exc:
            raise httpcore.ConnectTimeout("timed out while connecting") from exc
        except OSError as exc:
            raise httpcore.ConnectError(str(exc)) from exc
        _apply_socket_options(transport, socket_options)
        return AsyncioStream(transport, protocol)

    async def sleep(self, seconds: float) -> None:
        if _asyncio_loop() is None:
            await httpcore.AnyIOBackend().sleep(seconds)
        else:
            await asyncio.sleep(seconds)


def use_asyncio_backend(client: httpx.AsyncClient, limits: httpx.Limits) -> None:
    """Replace the default pool of ``client`` (built with httpx's defaults plus
    ``limits``) by an equal one on :class:`AsyncioBackend`.

    The transport's pool is not public httpx API: if this httpx lays it out differently,
    the client is left as it is (only slower).
    """
    transport = getattr(client, "_transport", None)
    default_pool = getattr(transport, "_pool", None)
    if type(transport) is not httpx.AsyncHTTPTransport:
        return
    if type(default_pool) is not httpcore.AsyncConnectionPool:
        return
    # The context httpx built from the same defaults (verify=True, trust_env=True);
    # building another would load the CA bundle again.
    ssl_context = getattr(default_pool, "_ssl_context", None)
    if not isinstance(ssl_context, ssl.SSLContext):
        ssl_context = httpx.create_ssl_context()
    pool = httpcore.AsyncConnectionPool(
        ssl_context=ssl_context,
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        network_backend=AsyncioBackend(),
    )
    setattr(transport, "_pool", pool)
