"""Client conveniences over a real socket: copy()/with_options() with headers and query,
default_query, client.get/post/put/patch/delete for undocumented endpoints, and streamed
responses (sync and async)."""

from __future__ import annotations

import asyncio
import importlib
import json
from types import SimpleNamespace
from typing import Any, Callable

import httpx
import pydantic
import pytest

from rt_server import TestServer


class Echo(pydantic.BaseModel):
    method: str
    path: str
    query: list[list[str]]
    headers: dict[str, str]
    body: str


@pytest.fixture(scope="module")
def streaming(rt: SimpleNamespace) -> Any:
    return importlib.import_module("rtpkg._streaming")


def test_default_query_goes_with_every_call_and_a_call_overrides_it(make_client: Callable[..., Any]) -> None:
    client = make_client(default_query={"project": "p1", "region": "r1"})
    echo = client.request("GET", "/echo", cast_to=Echo, query={"region": "r2", "q": "x"})
    assert sorted(map(tuple, echo.query)) == [("project", "p1"), ("q", "x"), ("region", "r2")]


def test_copy_is_with_options_and_adds_headers_and_query(make_client: Callable[..., Any]) -> None:
    client = make_client(default_headers={"x-team": "a"}, default_query={"v": "1"})
    other = client.copy(default_headers={"x-trace": "t1"}, default_query={"lang": "en"}, max_retries=0)
    assert type(other) is type(client) and other.max_retries == 0
    echo = other.request("POST", "/echo", cast_to=Echo, json_body={"a": 1})
    assert echo.headers["x-team"] == "a" and echo.headers["x-trace"] == "t1"
    assert echo.headers["content-type"] == "application/json"
    assert sorted(map(tuple, echo.query)) == [("lang", "en"), ("v", "1")]
    # the original is unchanged
    plain = client.request("GET", "/echo", cast_to=Echo)
    assert "x-trace" not in plain.headers and plain.query == [["v", "1"]]
    assert client.with_options is not None and type(client).copy is type(client).with_options


@pytest.mark.parametrize("verb", ["get", "post", "put", "patch", "delete"])
def test_http_verbs_reach_an_undocumented_endpoint(make_client: Callable[..., Any], verb: str) -> None:
    client = make_client()
    call = getattr(client, verb)
    kwargs: dict[str, Any] = {"query": {"a": "1"}, "options": {"extra_headers": {"x-extra": "e"}}}
    if verb != "get":
        kwargs["body"] = {"name": "n"}
    echo = call("/echo", cast_to=Echo, **kwargs)
    assert echo.method == verb.upper() and echo.query == [["a", "1"]]
    assert echo.headers["x-extra"] == "e"
    if verb == "get":
        assert echo.body == ""
    else:
        assert json.loads(echo.body) == {"name": "n"}
    raw = client.get("/echo", cast_to=httpx.Response)
    assert isinstance(raw, httpx.Response) and raw.status_code == 200
    data = client.get("/echo", cast_to=object)
    assert isinstance(data, dict) and data["method"] == "GET"


def test_http_verbs_raise_the_api_errors(rt: SimpleNamespace, make_client: Callable[..., Any]) -> None:
    client = make_client(max_retries=0)
    with pytest.raises(rt.exc.NotFoundError) as info:
        client.get("/status/404", cast_to=object)
    assert info.value.request_id == "req-404"


def test_async_http_verbs(rt: SimpleNamespace, server: TestServer) -> None:
    async def go() -> Any:
        async with rt.base.AsyncAPIClient(base_url=server.url, auth=None, user_agent="t/1",
                                          default_query={"d": "1"}) as client:
            return await client.patch("/echo", cast_to=Echo, body={"x": 2})

    echo = asyncio.run(go())
    assert echo.method == "PATCH" and json.loads(echo.body) == {"x": 2} and echo.query == [["d", "1"]]


def test_streamed_response_is_handed_out_unread_and_closed_on_exit(
    rt: SimpleNamespace, streaming: Any, make_client: Callable[..., Any]
) -> None:
    client = make_client()
    stream = streaming.to_streamed_response_wrapper(client.request)
    with stream("GET", "/echo", cast_to=Echo) as response:
        assert isinstance(response, streaming.APIStreamedResponse)
        assert response.status_code == 200 and not response.is_closed
        chunks = list(response.iter_bytes())
        assert json.loads(b"".join(chunks))["method"] == "GET"
    assert response.is_closed
    with stream("POST", "/echo", cast_to=Echo, json_body={"k": "v"}) as response:
        parsed = response.parse()
    assert isinstance(parsed, Echo) and json.loads(parsed.body) == {"k": "v"}


def test_streamed_call_with_an_error_status_raises(rt: SimpleNamespace, streaming: Any,
                                                   make_client: Callable[..., Any]) -> None:
    client = make_client(max_retries=0)
    stream = streaming.to_streamed_response_wrapper(client.request)
    with pytest.raises(rt.exc.UnprocessableEntityError) as info:
        with stream("GET", "/status/422", cast_to=Echo):
            raise AssertionError("an error status never reaches the block")
    assert info.value.body == {"message": "status 422", "trace_id": "trace-422"}


def test_async_streamed_response(rt: SimpleNamespace, streaming: Any, server: TestServer) -> None:
    async def go() -> tuple[list[str], bool, Echo]:
        async with rt.base.AsyncAPIClient(base_url=server.url, auth=None, user_agent="t/1") as client:
            stream = streaming.async_to_streamed_response_wrapper(client.request)
            async with stream("GET", "/echo", cast_to=Echo) as response:
                lines = [line async for line in response.iter_lines()]
            async with stream("GET", "/echo", cast_to=Echo) as again:
                parsed = await again.parse()
            return lines, response.is_closed, parsed

    lines, closed, parsed = asyncio.run(go())
    assert json.loads("".join(lines))["path"] == "/echo"
    assert closed and parsed.method == "GET"
