"""One deadline per call, over real sockets: a body dripped one byte every 0.3 s ends at the
call's timeout (sync, async on httpx's transport and on aiohttp); a Retry-After longer than
what is left of the deadline (or than the 60 s maximum) ends the call at once with the error
that would have been retried, saying why; waits that fit are still taken."""

from __future__ import annotations

import asyncio
import logging
import socket
import time
from types import SimpleNamespace
from typing import Any, Callable, Iterator

import httpx
import pytest

from raw_server import RawServer
from rt_server import SleepRecorder, TestServer

DRIP_EVERY = 0.3
MARGIN = 0.5  # scheduling slack on a busy 2-core machine


def _drip(server: RawServer) -> Callable[[socket.socket, bytes], None]:
    def handler(conn: socket.socket, head: bytes) -> None:
        conn.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            b"Content-Length: 100000\r\n\r\n["
        )
        while not server.stopping.wait(DRIP_EVERY):
            conn.sendall(b" ")  # raises once the client has hung up

    return handler


@pytest.fixture
def drip_server() -> Iterator[RawServer]:
    server = RawServer(lambda conn, head: None)
    server.handler = _drip(server)
    yield server
    server.close()


def _timed(call: Callable[[], Any]) -> tuple[BaseException, float]:
    start = time.monotonic()
    with pytest.raises(Exception) as info:
        call()
    return info.value, time.monotonic() - start


@pytest.mark.parametrize("timeout", [1.0, httpx.Timeout(1.0, connect=0.5)])
def test_a_dripped_body_cannot_outlive_the_sync_timeout(
    rt: SimpleNamespace, drip_server: RawServer, timeout: Any
) -> None:
    with rt.base.SyncAPIClient(
        base_url=drip_server.url, auth=None, user_agent="t", timeout=timeout
    ) as client:
        error, took = _timed(lambda: client.request("GET", "/drip", cast_to=list[int]))
    assert isinstance(error, rt.exc.APITimeoutError)
    assert "1 s timeout ran out" in str(error)
    # Every read returned within 0.3 s, so only the call's deadline can have ended it.
    assert 1.0 - DRIP_EVERY <= took < 1.0 + MARGIN
    assert drip_server.requests == 1  # a GET, but no time was left for a retry


@pytest.mark.parametrize("transport", ["httpx", "aiohttp"])
def test_a_dripped_body_cannot_outlive_the_async_timeout(
    rt: SimpleNamespace, drip_server: RawServer, transport: str
) -> None:
    async def go() -> tuple[BaseException, float]:
        http = rt.base.DefaultAioHttpClient() if transport == "aiohttp" else None
        async with rt.base.AsyncAPIClient(
            base_url=drip_server.url, auth=None, user_agent="t", http_client=http
        ) as client:
            start = time.monotonic()
            with pytest.raises(Exception) as info:
                await client.request("GET", "/drip", cast_to=list[int], options={"timeout": 1.0})
            return info.value, time.monotonic() - start

    error, took = asyncio.run(go())
    assert isinstance(error, rt.exc.APITimeoutError)
    assert 1.0 - DRIP_EVERY <= took < 1.0 + MARGIN
    assert drip_server.requests == 1


def test_a_retry_after_beyond_the_deadline_ends_the_call_at_once(
    rt: SimpleNamespace, server: TestServer, key: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="rtpkg")
    query = {"fail": 5, "status": 429, "retry_after": "60"}
    with rt.base.SyncAPIClient(
        base_url=server.url, auth=None, user_agent="t", timeout=5.0, max_retries=3
    ) as client:
        error, took = _timed(
            lambda: client.request("GET", f"/flaky/{key}", query=query, cast_to=dict)
        )
    assert type(error) is rt.exc.RateLimitError
    assert took < 1.0  # well under the 5 s timeout, let alone the 60 s asked for
    assert server.hits(key) == 1
    assert "not retried: Retry-After asks for 60 s" in str(error)
    assert "left of the call's 5 s timeout" in str(error)
    assert any("not retried: Retry-After" in r.getMessage() for r in caplog.records)


def test_async_retry_after_beyond_the_deadline(
    rt: SimpleNamespace, server: TestServer, key: str
) -> None:
    query = {"fail": 5, "status": 429, "retry_after": "60"}

    async def go() -> tuple[BaseException, float]:
        async with rt.base.AsyncAPIClient(
            base_url=server.url, auth=None, user_agent="t", timeout=5.0
        ) as client:
            start = time.monotonic()
            with pytest.raises(Exception) as info:
                await client.request("POST", f"/flaky/{key}", query=query, cast_to=dict)
            return info.value, time.monotonic() - start

    error, took = asyncio.run(go())
    assert type(error) is rt.exc.RateLimitError and took < 1.0
    assert server.hits(key) == 1 and "not retried" in str(error)


def test_waits_that_fit_are_taken_and_the_maximum_holds_without_a_timeout(
    rt: SimpleNamespace, make_client: Callable[..., Any], server: TestServer,
    sleeps: SleepRecorder, key: str,
) -> None:  # fmt: skip
    client = make_client(timeout=5.0, max_retries=2)
    ok = client.request(
        "GET", f"/flaky/{key}", query={"fail": 1, "status": 429, "retry_after": "3"}, cast_to=dict
    )
    assert ok == {"attempts": 2} and sleeps.delays == [3.0]

    unbounded = make_client(timeout=None, max_retries=2)
    with pytest.raises(rt.exc.RateLimitError) as info:
        unbounded.request(
            "GET", f"/flaky/{key}m", query={"fail": 1, "status": 429, "retry_after": "61"},
            cast_to=dict,
        )  # fmt: skip
    assert server.hits(key + "m") == 1 and sleeps.delays == [3.0]
    assert "more than the 60 s this client waits" in str(info.value)


def test_the_sleep_between_attempts_counts_against_the_deadline(
    rt: SimpleNamespace, server: TestServer, key: str
) -> None:
    # Really slept: 1.2 s of Retry-After fits a 2 s budget once, not twice.
    query = {"fail": 5, "status": 503, "retry_after": "1.2"}
    with rt.base.SyncAPIClient(
        base_url=server.url, auth=None, user_agent="t", timeout=2.0, max_retries=5
    ) as client:
        error, took = _timed(
            lambda: client.request("GET", f"/flaky/{key}", query=query, cast_to=dict)
        )
    assert type(error) is rt.exc.InternalServerError
    assert server.hits(key) == 2
    assert 1.2 <= took < 2.0
    assert "left of the call's 2 s timeout" in str(error)


def test_attempt_timeouts_are_capped_by_what_is_left(rt: SimpleNamespace) -> None:
    deadline = rt.deadline.Deadline(httpx.Timeout(10.0, connect=2.0))
    first = deadline.attempt_timeout()
    assert first.connect == 2.0 and 9.5 < first.read <= 10.0
    deadline.at = time.monotonic() + 1.0  # as if 9 s had gone by
    later = deadline.attempt_timeout()
    assert later.connect <= 1.0 and later.read <= 1.0 and later.pool <= 1.0
    assert rt.deadline.budget_of(None) is None and rt.deadline.budget_of(3) == 3.0
    assert rt.deadline.Deadline(None).attempt_timeout() == httpx.Timeout(None)
