"""The async client: same behaviour as the sync one (run with plain ``asyncio.run``)."""

from __future__ import annotations

import asyncio
import json
import socket
from types import SimpleNamespace
from typing import Any, Awaitable, Callable, TypeVar

import httpx
import pydantic
import pytest

from rt_server import SleepRecorder, TestServer

T = TypeVar("T")


class Thing(pydantic.BaseModel):
    id: int
    name: str


def run(coro_fn: Callable[[], Awaitable[T]]) -> T:
    async def main() -> T:
        return await coro_fn()

    return asyncio.run(main())


def _client(rt: SimpleNamespace, server: TestServer, sleeps: SleepRecorder, **kw: Any) -> Any:
    kw.setdefault("base_url", server.url)
    kw.setdefault("auth", None)
    kw.setdefault("user_agent", "rt-async/1.0")
    kw.setdefault("sleep", sleeps.async_sleep)
    return rt.base.AsyncAPIClient(**kw)


def test_async_envelope_and_errors(
    rt: SimpleNamespace, server: TestServer, sleeps: SleepRecorder
) -> None:
    async def go() -> None:
        async with _client(
            rt, server, sleeps, envelope=rt.base.Envelope(), max_retries=0
        ) as client:
            assert await client.request("GET", "/envelope/ok", cast_to=Thing) == Thing(
                id=1, name="widget"
            )
            things = await client.request("GET", "/envelope/list", cast_to=list[Thing])
            assert len(things) == 2
            with pytest.raises(rt.exc.APIEnvelopeError) as info:
                await client.request("GET", "/envelope/fail", cast_to=Thing)
            assert info.value.code == "INSUFFICIENT_FUNDS" and info.value.status_code == 200
            with pytest.raises(rt.exc.UnprocessableEntityError) as info2:
                await client.request("GET", "/status/422", cast_to=Thing)
            assert info2.value.request_id == "req-422"
        assert client.is_closed

    run(go)


def test_async_retry_policy(
    rt: SimpleNamespace, server: TestServer, sleeps: SleepRecorder, key: str
) -> None:
    async def go() -> None:
        # Reads time out after 0.2 s, well inside the call's 10 s budget, so retries fit.
        timeout = httpx.Timeout(10.0, read=0.2)
        async with _client(rt, server, sleeps, max_retries=2, timeout=timeout) as client:
            result = await client.request(
                "GET", f"/flaky/{key}", query={"fail": 2}, cast_to=dict[str, int]
            )
            assert result == {"attempts": 3}
            assert len(sleeps.delays) == 2
            with pytest.raises(rt.exc.APITimeoutError):
                await client.request(
                    "POST",
                    f"/slow/{key}s",
                    query={"delay": 0.6},
                    json_body={},
                    cast_to=dict[str, Any],
                )
            assert server.hits(key + "s") == 1
            result = await client.request(
                "POST",
                f"/flaky/{key}r",
                query={"fail": 1, "status": 429, "retry_after": "0.05"},
                json_body={},
                cast_to=dict[str, int],
            )
            assert result == {"attempts": 2} and sleeps.delays[-1] == 0.05
            with pytest.raises(rt.exc.InternalServerError):
                await client.request(
                    "POST",
                    f"/flaky/{key}p",
                    query={"fail": 1},
                    json_body={},
                    cast_to=dict[str, int],
                )
            assert server.hits(key + "p") == 1
            result = await client.request(
                "GET",
                f"/flaky/{key}o",
                query={"fail": 3},
                cast_to=dict[str, int],
                options={"max_retries": 3},
            )
            assert result == {"attempts": 4}

    run(go)


def test_async_connection_refused_is_retried(rt: SimpleNamespace, sleeps: SleepRecorder) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]

    async def go() -> None:
        client = rt.base.AsyncAPIClient(
            base_url=f"http://127.0.0.1:{port}",
            auth=None,
            user_agent="t",
            max_retries=3,
            sleep=sleeps.async_sleep,
        )
        async with client:
            with pytest.raises(rt.exc.APIConnectionError) as info:
                await client.request("POST", "/x", json_body={}, cast_to=dict[str, Any])
        assert isinstance(info.value.__cause__, httpx.ConnectError)

    run(go)
    assert len(sleeps.delays) == 3


def test_async_signed_retry_and_raw_response(
    rt: SimpleNamespace,
    server: TestServer,
    sleeps: SleepRecorder,
    make_signer: Callable[[], Any],
    key: str,
) -> None:
    class Things(rt.base.AsyncAPIResource):  # type: ignore[misc, name-defined]
        async def create(self, *, name: str) -> dict[str, Any]:
            return await self._client.request(  # type: ignore[no-any-return]
                "POST",
                "/signed",
                query={"key": key, "fail": 1, "status": 503, "retry_after": "0"},
                json_body={"name": name},
                cast_to=dict[str, Any],
            )

    async def go() -> None:
        async with _client(
            rt, server, sleeps, auth=make_signer(), envelope=rt.base.Envelope()
        ) as client:
            things = Things(client)
            raw = await rt.response.async_to_raw_response_wrapper(things.create)(name="x")
            assert isinstance(raw, rt.response.AsyncAPIResponse)
            assert raw.status_code == 200 and raw.retries_taken == 1
            parsed = await raw.parse()
            assert parsed["body"].startswith('{"name":"x","nonce":')
            assert await raw.parse() is parsed
            assert rt.response.raw_response_requested() is False

    run(go)
    first, second = (json.loads(b) for b in server.state.bodies[key])
    assert second["nonce"] > first["nonce"]
