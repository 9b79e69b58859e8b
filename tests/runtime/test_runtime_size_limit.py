"""The response size limit over real sockets: counted on decompressed bytes while the body
streams in, so a 199 KB gzip body that inflates to 200 MB ends with APIResponseTooLargeError
before it costs more memory than the limit; plain, gzip and deflate bodies under the limit
arrive intact; the limit can be changed per client and per call."""

from __future__ import annotations

import asyncio
import gzip
import json
import socket
import tracemalloc
import zlib
from types import SimpleNamespace
from typing import Any, Callable, Iterator

import pytest

from raw_server import RawServer

MiB = 1024 * 1024
BOMB_SIZE = 200 * 1000 * 1000


def _gzip_of_zeros(size: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block = b"\0" * MiB
    parts = [packer.compress(block) for _ in range(size // MiB)]
    parts.append(packer.compress(b"\0" * (size % MiB)))
    parts.append(packer.flush())
    return b"".join(parts)


BOMB = _gzip_of_zeros(BOMB_SIZE)
DOC = json.dumps([{"id": i, "name": "n" * 30} for i in range(3000)]).encode()
BODIES = {
    b"/bomb": (b"gzip", BOMB),
    b"/plain": (b"identity", DOC),
    b"/gzip": (b"gzip", gzip.compress(DOC)),
    b"/deflate": (b"deflate", zlib.compress(DOC)),  # zlib-wrapped, as RFC 9110 says
    b"/raw-deflate": (b"deflate", zlib.compress(DOC, wbits=-zlib.MAX_WBITS)),  # as some send
}


def _answer(conn: socket.socket, head: bytes) -> None:
    path = head.split(b" ")[1]
    coding, body = BODIES[path]
    conn.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: %s\r\n"
        b"Content-Length: %d\r\n\r\n" % (coding, len(body))
    )
    conn.sendall(body)


@pytest.fixture(scope="module")
def body_server() -> Iterator[RawServer]:
    server = RawServer(_answer)
    yield server
    server.close()


def _sync(rt: SimpleNamespace, url: str, **kwargs: Any) -> Any:
    return rt.base.SyncAPIClient(base_url=url, auth=None, user_agent="t", **kwargs)


def _peak_during(call: Callable[[], Any]) -> tuple[BaseException | None, int]:
    """The call's error (if any) and the most memory Python held above the start."""
    tracemalloc.start()
    try:
        start, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        error = None
        try:
            call()
        except Exception as exc:  # noqa: BLE001 - returned to the test to check
            error = exc
        _, peak = tracemalloc.get_traced_memory()
        print(f"peak traced memory above the start: {(peak - start) / MiB:.1f} MiB")
        return error, peak - start
    finally:
        tracemalloc.stop()


def test_the_bomb_is_what_it_says() -> None:
    assert 190_000 < len(BOMB) < 200_000
    assert len(zlib.decompress(BOMB, zlib.MAX_WBITS | 16)) == BOMB_SIZE


def test_a_gzip_bomb_stops_at_the_default_limit(
    rt: SimpleNamespace, body_server: RawServer
) -> None:
    with _sync(rt, body_server.url) as client:
        assert client.max_response_size == 64 * MiB
        error, peak = _peak_during(lambda: client.request("GET", "/bomb", cast_to=bytes))
    assert isinstance(error, rt.exc.APIResponseTooLargeError)
    assert isinstance(error, rt.exc.APIError)
    assert error.limit == 64 * MiB and error.status_code == 200
    assert isinstance(error.body, str) and 0 < len(error.body) <= 1024
    # The body up to the limit is held (it would be the result), nothing like the 200 MB.
    assert peak < 64 * MiB + 2 * MiB, peak
    assert "64 MiB" not in str(error) and f"{64 * MiB:,}" in str(error)


def test_a_smaller_limit_bounds_memory_to_itself(rt: SimpleNamespace, body_server: RawServer) -> None:
    with _sync(rt, body_server.url, max_response_size=MiB) as client:
        error, peak = _peak_during(lambda: client.request("GET", "/bomb", cast_to=bytes))
    assert isinstance(error, rt.exc.APIResponseTooLargeError) and error.limit == MiB
    assert peak < 3 * MiB, peak


@pytest.mark.parametrize("transport", ["httpx", "aiohttp"])
def test_async_gzip_bomb_on_both_transports(
    rt: SimpleNamespace, body_server: RawServer, transport: str
) -> None:
    async def go() -> tuple[BaseException | None, int]:
        http = rt.base.DefaultAioHttpClient() if transport == "aiohttp" else None
        async with rt.base.AsyncAPIClient(
            base_url=body_server.url, auth=None, user_agent="t", http_client=http
        ) as client:
            await client.request("GET", "/plain", cast_to=Any)  # pool and session set up
            tracemalloc.start()
            try:
                start, _ = tracemalloc.get_traced_memory()
                error = None
                try:
                    await client.request("GET", "/bomb", cast_to=bytes)
                except Exception as exc:  # noqa: BLE001 - checked below
                    error = exc
                peak = tracemalloc.get_traced_memory()[1] - start
            finally:
                tracemalloc.stop()
            print(f"async {transport}: peak {peak / MiB:.1f} MiB above the start")
            # The connection was dropped mid-body; the next call gets a fresh one.
            assert await client.request("GET", "/gzip", cast_to=Any) == json.loads(DOC)
            return error, peak

    error, peak = asyncio.run(go())
    assert isinstance(error, rt.exc.APIResponseTooLargeError) and error.limit == 64 * MiB
    assert peak < 64 * MiB + 2 * MiB, peak


@pytest.mark.parametrize("path", ["/plain", "/gzip", "/deflate", "/raw-deflate"])
def test_bodies_under_the_limit_arrive_decoded(
    rt: SimpleNamespace, body_server: RawServer, path: str
) -> None:
    with _sync(rt, body_server.url) as client:
        assert client.request("GET", path, cast_to=Any) == json.loads(DOC)
        raw = client.request("GET", path, cast_to=rt.response.httpx.Response)
        assert raw.content == DOC and raw.json() == json.loads(DOC)


def test_the_limit_per_client_and_per_call(rt: SimpleNamespace, body_server: RawServer) -> None:
    small = len(DOC) - 1
    with _sync(rt, body_server.url, max_response_size=small) as client:
        for path in ("/plain", "/gzip"):
            with pytest.raises(rt.exc.APIResponseTooLargeError) as info:
                client.request("GET", path, cast_to=Any)
            assert info.value.body == DOC[:1024].decode()
        assert client.request("GET", "/gzip", cast_to=Any, options={"max_response_size": None})
        roomy = client.with_options(max_response_size=len(DOC))
        assert roomy.request("GET", "/gzip", cast_to=Any) == json.loads(DOC)
        assert client.max_response_size == small  # the original is unchanged
    with pytest.raises(ValueError):
        _sync(rt, body_server.url, max_response_size=-1)
