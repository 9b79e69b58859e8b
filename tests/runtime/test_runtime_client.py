"""The sync client against the local test server: retries, timeouts, options, raw access."""

from __future__ import annotations

import json
import socket
import time
from functools import cached_property
from types import SimpleNamespace
from typing import Any, Callable

import httpx
import pydantic
import pytest

from rt_server import SleepRecorder, TestServer


class Thing(pydantic.BaseModel):
    id: int
    name: str


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# -- retries -----------------------------------------------------------------------------


def test_get_500_is_retried_with_backoff(
    rt: SimpleNamespace,
    make_client: Callable[..., Any],
    server: TestServer,
    sleeps: SleepRecorder,
    key: str,
) -> None:
    client = make_client(max_retries=3)
    result = client.request("GET", f"/flaky/{key}", query={"fail": 2}, cast_to=dict[str, int])
    assert result == {"attempts": 3}
    assert server.hits(key) == 3
    assert len(sleeps.delays) == 2
    assert 0 <= sleeps.delays[0] <= 0.5 and 0 <= sleeps.delays[1] <= 1.0


def test_get_retries_exhausted(
    rt: SimpleNamespace,
    make_client: Callable[..., Any],
    server: TestServer,
    sleeps: SleepRecorder,
    key: str,
) -> None:
    client = make_client(max_retries=2)
    with pytest.raises(rt.exc.InternalServerError):
        client.request("GET", f"/flaky/{key}", query={"fail": 10}, cast_to=dict[str, int])
    assert server.hits(key) == 3 and len(sleeps.delays) == 2


def test_post_500_is_not_retried(
    rt: SimpleNamespace,
    make_client: Callable[..., Any],
    server: TestServer,
    sleeps: SleepRecorder,
    key: str,
) -> None:
    client = make_client(max_retries=3)
    with pytest.raises(rt.exc.InternalServerError):
        client.request(
            "POST", f"/flaky/{key}", query={"fail": 1}, json_body={}, cast_to=dict[str, int]
        )
    assert server.hits(key) == 1 and sleeps.delays == []
    # ...unless the operation is declared idempotent (per call or via options).
    key2 = key + "b"
    result = client.request(
        "POST",
        f"/flaky/{key2}",
        query={"fail": 1},
        json_body={},
        cast_to=dict[str, int],
        idempotent=True,
    )
    assert result == {"attempts": 2}
    key3 = key + "c"
    result = client.request(
        "POST",
        f"/flaky/{key3}",
        query={"fail": 1},
        json_body={},
        cast_to=dict[str, int],
        options={"idempotent": True},
    )
    assert result == {"attempts": 2}


def test_post_429_with_retry_after_is_repeated_after_the_delay(
    rt: SimpleNamespace, make_client: Callable[..., Any], server: TestServer, key: str
) -> None:
    sleeper = SleepRecorder(cap=5.0)  # really sleeps
    client = make_client(max_retries=2, sleep=sleeper)
    started = time.monotonic()
    result = client.request(
        "POST",
        f"/flaky/{key}",
        query={"fail": 1, "status": 429, "retry_after": "0.3"},
        json_body={"amount": "1.00"},
        cast_to=dict[str, int],
    )
    assert result == {"attempts": 2}
    assert sleeper.delays == [0.3]
    assert time.monotonic() - started >= 0.3
    assert server.hits(key) == 2


def test_post_503_retry_after_ms_and_429_without_retry_after(
    rt: SimpleNamespace,
    make_client: Callable[..., Any],
    server: TestServer,
    sleeps: SleepRecorder,
    key: str,
) -> None:
    client = make_client(max_retries=2)
    result = client.request(
        "POST",
        f"/flaky/{key}",
        query={"fail": 1, "status": 503, "retry_after_ms": "20"},
        json_body={},
        cast_to=dict[str, int],
    )
    assert result == {"attempts": 2} and sleeps.delays == [0.02]
    with pytest.raises(rt.exc.RateLimitError):
        client.request(
            "POST",
            f"/flaky/{key}x",
            query={"fail": 1, "status": 429},
            json_body={},
            cast_to=dict[str, int],
        )
    assert server.hits(key + "x") == 1


def test_post_read_timeout_is_not_repeated(
    rt: SimpleNamespace,
    make_client: Callable[..., Any],
    server: TestServer,
    sleeps: SleepRecorder,
    key: str,
) -> None:
    client = make_client(max_retries=3, timeout=0.2)
    with pytest.raises(rt.exc.APITimeoutError):
        client.request(
            "POST",
            f"/slow/{key}",
            query={"delay": 0.6},
            json_body={"pay": 1},
            cast_to=dict[str, Any],
        )
    assert server.hits(key) == 1
    assert sleeps.delays == []


def test_get_read_timeout_is_retried(
    rt: SimpleNamespace,
    make_client: Callable[..., Any],
    server: TestServer,
    sleeps: SleepRecorder,
    key: str,
) -> None:
    # Each read may take 0.15 s; the whole call has 10 s, room for the retry.
    client = make_client(max_retries=1, timeout=httpx.Timeout(10.0, read=0.15))
    with pytest.raises(rt.exc.APITimeoutError):
        client.request("GET", f"/slow/{key}", query={"delay": 0.5}, cast_to=dict[str, Any])
    assert server.hits(key) == 2 and len(sleeps.delays) == 1


def test_a_read_timeout_that_spends_the_budget_is_not_retried(
    rt: SimpleNamespace,
    make_client: Callable[..., Any],
    server: TestServer,
    sleeps: SleepRecorder,
    key: str,
) -> None:
    client = make_client(max_retries=3, timeout=0.3)
    with pytest.raises(rt.exc.APITimeoutError) as info:
        client.request("GET", f"/slow/{key}", query={"delay": 1.0}, cast_to=dict[str, Any])
    assert server.hits(key) == 1 and sleeps.delays == []
    assert "0.3 s timeout ran out" in str(info.value)


def test_post_dropped_connection_is_not_repeated(
    rt: SimpleNamespace, make_client: Callable[..., Any], server: TestServer, key: str
) -> None:
    client = make_client(max_retries=3)
    with pytest.raises(rt.exc.APIConnectionError):
        client.request("POST", f"/drop/{key}", json_body={}, cast_to=dict[str, Any])
    assert server.hits(key) == 1
    with pytest.raises(rt.exc.APIConnectionError):
        client.request("PUT", f"/drop/{key}p", json_body={}, cast_to=dict[str, Any])
    assert server.hits(key + "p") == 4


def test_connection_refused_is_retried_for_post(
    rt: SimpleNamespace, server: TestServer, key: str
) -> None:
    port = _free_port()
    started: list[TestServer] = []

    def sleep_then_start_server(seconds: float) -> None:
        if not started:  # the server comes up while the client backs off
            started.append(TestServer(port))

    client = rt.base.SyncAPIClient(
        base_url=f"http://127.0.0.1:{port}",
        auth=None,
        user_agent="t",
        max_retries=2,
        sleep=sleep_then_start_server,
    )
    try:
        result = client.request("POST", f"/flaky/{key}", json_body={"a": 1}, cast_to=dict[str, int])
        assert result == {"attempts": 1}
        assert started and started[0].hits(key) == 1
    finally:
        client.close()
        for srv in started:
            srv.stop()


def test_connection_refused_exhausts_retries(rt: SimpleNamespace, sleeps: SleepRecorder) -> None:
    client = rt.base.SyncAPIClient(
        base_url=f"http://127.0.0.1:{_free_port()}",
        auth=None,
        user_agent="t",
        max_retries=2,
        sleep=sleeps,
    )
    with client, pytest.raises(rt.exc.APIConnectionError) as info:
        client.request("POST", "/x", json_body={}, cast_to=dict[str, Any])
    assert isinstance(info.value.__cause__, httpx.ConnectError)
    assert len(sleeps.delays) == 2


def test_signed_retry_gets_new_nonce_and_signature(
    rt: SimpleNamespace,
    make_client: Callable[..., Any],
    make_signer: Callable[[], Any],
    server: TestServer,
    key: str,
) -> None:
    client = make_client(auth=make_signer(), envelope=rt.base.Envelope(), max_retries=2)
    result = client.request(
        "POST",
        "/signed",
        query={"key": key, "fail": 1, "status": 503, "retry_after": "0"},
        json_body={"from": "ETH", "to": "USDT"},
        cast_to=dict[str, Any],
    )
    first, second = (json.loads(b) for b in server.state.bodies[key])
    assert first["nonce"] != second["nonce"] and second["nonce"] > first["nonce"]
    assert list(second) == ["from", "to", "nonce"]
    assert result["nonce"] == second["nonce"]
    assert server.state.bodies[key][1] == result["body"].encode()
    assert b" " not in server.state.bodies[key][1]  # compact: exactly the signed bytes


# -- per-call options ---------------------------------------------------------------------


def test_per_call_max_retries_and_timeout(
    rt: SimpleNamespace,
    make_client: Callable[..., Any],
    server: TestServer,
    sleeps: SleepRecorder,
    key: str,
) -> None:
    client = make_client(max_retries=0, timeout=5.0)
    result = client.request(
        "GET",
        f"/flaky/{key}",
        query={"fail": 3},
        cast_to=dict[str, int],
        options={"max_retries": 3},
    )
    assert result == {"attempts": 4}
    with pytest.raises(rt.exc.InternalServerError):
        make_client(max_retries=3).request(
            "GET",
            f"/flaky/{key}z",
            query={"fail": 3},
            cast_to=dict[str, int],
            options={"max_retries": 0},
        )
    assert server.hits(key + "z") == 1
    # The server answers after 0.6 s, well within the client's 5 s: only the per-call
    # timeout can make this fail (and max_retries=0 keeps it from being retried).
    with pytest.raises(rt.exc.APITimeoutError):
        client.request(
            "GET",
            f"/slow/{key}t",
            query={"delay": 0.6},
            cast_to=dict[str, Any],
            options={"timeout": 0.15},
        )
    assert server.hits(key + "t") == 1


def test_extra_headers_query_body_and_encoding(
    rt: SimpleNamespace, make_client: Callable[..., Any]
) -> None:
    client = make_client(default_headers={"X-Default": "d"})
    echo = client.request(
        "POST",
        "/echo/{id}",
        path_params={"id": "a b/c"},
        query={"list": [1, 2], "flag": True, "none": None, "gone": rt.types.NOT_GIVEN},
        headers={"X-Call": "c", "X-Opt": rt.types.NOT_GIVEN},
        json_body={"name": "Zoë", "skip": rt.types.NOT_GIVEN, "null": None},
        options={
            "extra_headers": {"X-Extra": "e"},
            "extra_query": {"q": "v"},
            "extra_body": {"extra": True},
        },
        cast_to=dict[str, Any],
    )
    assert echo["method"] == "POST"
    assert echo["raw_path"].startswith("/echo/a%20b%2Fc?")
    assert echo["query"] == [["list", "1"], ["list", "2"], ["flag", "true"], ["q", "v"]]
    headers = echo["headers"]
    assert headers["x-default"] == "d" and headers["x-call"] == "c" and headers["x-extra"] == "e"
    assert "x-opt" not in headers
    assert headers["content-type"] == "application/json"
    assert headers["user-agent"] == "rt-tests/1.0"
    assert echo["body"] == '{"name":"Zoë","null":null,"extra":true}'


def test_extra_body_without_body_and_get_without_body(
    rt: SimpleNamespace, make_client: Callable[..., Any]
) -> None:
    client = make_client()
    echo = client.request(
        "PATCH", "/echo", options={"extra_body": {"x": 1}}, cast_to=dict[str, Any]
    )
    assert echo["body"] == '{"x":1}'
    echo = client.request("GET", "/echo", cast_to=dict[str, Any])
    assert echo["body"] == "" and "content-type" not in echo["headers"]


def test_other_cast_targets(rt: SimpleNamespace, make_client: Callable[..., Any]) -> None:
    client = make_client()
    assert client.request("GET", "/text", cast_to=str) == "hello"
    assert client.request("DELETE", "/empty", cast_to=type(None)) is None
    assert client.request("GET", "/envelope/ok", cast_to=None) is None
    response = client.request("GET", "/text", cast_to=httpx.Response)
    assert isinstance(response, httpx.Response) and response.text == "hello"


def test_user_http_client_is_not_closed(rt: SimpleNamespace, server: TestServer) -> None:
    http = httpx.Client(timeout=3.0)
    with rt.base.SyncAPIClient(
        base_url=server.url, auth=None, user_agent="ua/2", http_client=http
    ) as client:
        assert client.timeout == http.timeout
        echo = client.request("GET", "/echo", cast_to=dict[str, Any])
        assert echo["headers"]["user-agent"] == "ua/2"
    assert not http.is_closed
    http.close()
    with rt.base.SyncAPIClient(base_url=server.url, auth=None, user_agent="t") as own:
        pass
    assert own.is_closed


# -- raw responses ------------------------------------------------------------------------


def test_raw_response_wrapper(rt: SimpleNamespace, make_client: Callable[..., Any]) -> None:
    class Things(rt.base.SyncAPIResource):  # type: ignore[misc, name-defined]
        def get(self, *, id: int) -> Thing:
            return self._client.request("GET", "/envelope/{id}", path_params={"id": id}, cast_to=Thing)  # type: ignore[no-any-return]

        @cached_property
        def with_raw_response(self) -> Any:
            return SimpleNamespace(get=rt.response.to_raw_response_wrapper(self.get))

    things = Things(make_client(envelope=rt.base.Envelope()))
    assert things.get(id="ok") == Thing(id=1, name="widget")
    raw = things.with_raw_response.get(id="ok")
    assert isinstance(raw, rt.response.APIResponse)
    assert raw.status_code == 200
    assert raw.headers["content-type"] == "application/json"
    assert raw.json() == {"success": True, "response": {"id": 1, "name": "widget"}}
    parsed = raw.parse()
    assert parsed == Thing(id=1, name="widget") and raw.parse() is parsed
    assert raw.retries_taken == 0 and "200" in repr(raw)
    assert rt.response.raw_response_requested() is False  # flag reset after the call
    with pytest.raises(rt.exc.APIEnvelopeError):  # errors still raise in raw mode
        things.with_raw_response.get(id="fail")
    plain = Things(make_client(strict_response_validation=True))
    raw2 = rt.response.to_raw_response_wrapper(plain.get)(id="ok")
    assert raw2.status_code == 200  # parsing is lazy: without an envelope config...
    with pytest.raises(rt.exc.APIResponseValidationError):
        raw2.parse()  # ...the envelope does not fit the model
