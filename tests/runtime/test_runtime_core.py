"""Pure helpers: sentinel, URL checks, encoding, Retry-After, backoff, retry policy."""

from __future__ import annotations

import copy
import email.utils
import enum
import pickle
from datetime import date, datetime, timezone
from types import SimpleNamespace

import httpx
import pytest


def test_not_given_sentinel(rt: SimpleNamespace) -> None:
    t = rt.types
    assert not t.NOT_GIVEN
    assert repr(t.NOT_GIVEN) == "NOT_GIVEN"
    assert t.NotGiven() is t.NOT_GIVEN
    assert copy.deepcopy(t.NOT_GIVEN) is t.NOT_GIVEN
    assert pickle.loads(pickle.dumps(t.NOT_GIVEN)) is t.NOT_GIVEN
    assert t.NOT_GIVEN is not None
    assert t.strip_not_given({"a": 1, "b": None, "c": t.NOT_GIVEN}) == {"a": 1, "b": None}
    assert t.strip_not_given(None) == {}


@pytest.mark.parametrize(
    "url",
    [
        "https://api.example.com",
        "https://api.example.com/v1/",
        "http://localhost:8080",
        "http://api.localhost",
        "http://127.0.0.1:1",
        "http://127.5.6.7",
        "http://[::1]:9000/base",
    ],
)
def test_base_url_accepted(rt: SimpleNamespace, url: str) -> None:
    assert rt.core.check_base_url(url) == url.rstrip("/")


@pytest.mark.parametrize(
    "url",
    [
        "http://api.example.com",
        "http://10.0.0.1",
        "http://[2001:db8::1]",
        "http://localhost.evil.com",
        "ftp://example.com",
        "api.example.com",
        "https://api.example.com/?a=1",
        "https://user:hunter2@api.example.com",
    ],
)
def test_base_url_rejected(rt: SimpleNamespace, url: str) -> None:
    with pytest.raises(ValueError) as info:
        rt.core.check_base_url(url)
    if url.startswith("http://"):
        assert "https://" in str(info.value)
    assert "hunter2" not in str(info.value)


def test_http_base_url_rejected_by_client(rt: SimpleNamespace) -> None:
    with pytest.raises(ValueError, match="insecure"):
        rt.base.SyncAPIClient(base_url="http://api.example.com", auth=None, user_agent="t")
    with pytest.raises(ValueError, match="insecure"):
        rt.base.AsyncAPIClient(base_url="http://example.org/v1", auth=None, user_agent="t")


def test_fill_path(rt: SimpleNamespace) -> None:
    fill = rt.core.fill_path
    assert (
        fill("/users/{id}/keys/{key}", {"id": 5, "key": "a b/c?d"}) == "/users/5/keys/a%20b%2Fc%3Fd"
    )
    assert fill("/x/{flag}", {"flag": True}) == "/x/true"
    assert fill("/x/{v}", {"v": ".."}) == "/x/%2E%2E"
    with pytest.raises(ValueError, match="Missing path parameter 'id'"):
        fill("/users/{id}", {})
    with pytest.raises(ValueError, match="non-empty"):
        fill("/users/{id}", {"id": ""})
    with pytest.raises(ValueError, match="non-empty"):
        fill("/users/{id}", {"id": None})


def test_encode_query(rt: SimpleNamespace) -> None:
    class Color(enum.Enum):
        RED = "red"

    pairs = rt.core.encode_query(
        {
            "a": 1,
            "skip": None,
            "gone": rt.types.NOT_GIVEN,
            "tags": ["x", "y", None],
            "t": True,
            "f": False,
            "c": Color.RED,
            "d": date(2024, 1, 2),
        }
    )
    assert pairs == [
        ("a", "1"),
        ("tags", "x"),
        ("tags", "y"),
        ("t", "true"),
        ("f", "false"),
        ("c", "red"),
        ("d", "2024-01-02"),
    ]


def test_encode_json_is_compact_utf8(rt: SimpleNamespace) -> None:
    body = {"name": "Zoë", "n": 1, "when": datetime(2024, 1, 2, tzinfo=timezone.utc)}
    assert (
        rt.core.encode_json(body)
        == '{"name":"Zoë","n":1,"when":"2024-01-02T00:00:00+00:00"}'.encode()
    )
    with pytest.raises(ValueError):
        rt.core.encode_json({"x": float("nan")})


def test_retry_after_parsing(rt: SimpleNamespace) -> None:
    parse = rt.core.retry_after_seconds
    assert parse(httpx.Headers({"retry-after": "2"})) == 2.0
    assert parse(httpx.Headers({"retry-after": "0.25"})) == 0.25
    assert parse(httpx.Headers({"retry-after-ms": "1500", "retry-after": "9"})) == 1.5
    assert parse(httpx.Headers({"retry-after": "-3"})) is None
    assert parse(httpx.Headers({"retry-after": "soon"})) is None
    assert parse(httpx.Headers({})) is None
    now = 1_700_000_000.0
    date_header = email.utils.formatdate(now + 30, usegmt=True)
    assert parse(httpx.Headers({"retry-after": date_header}), now=now) == pytest.approx(30)
    past = email.utils.formatdate(now - 30, usegmt=True)
    assert parse(httpx.Headers({"retry-after": past}), now=now) == 0.0


def test_backoff_full_jitter(rt: SimpleNamespace) -> None:
    backoff = rt.core.backoff_delay
    assert [backoff(n, rand=lambda: 1.0) for n in range(6)] == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]
    assert backoff(10_000, rand=lambda: 1.0) == 8.0
    assert backoff(3, rand=lambda: 0.0) == 0.0
    assert all(0 <= backoff(2) <= 2.0 for _ in range(200))


def _response(status: int, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, headers=headers, request=httpx.Request("POST", "https://x"))


@pytest.mark.parametrize(
    "idempotent, status, headers, retried",
    [
        (True, 500, {}, True),
        (True, 502, {}, True),
        (True, 408, {}, True),
        (True, 409, {}, True),
        (True, 429, {}, True),
        (True, 400, {}, False),
        (True, 404, {}, False),
        (True, 500, {"x-should-retry": "false"}, False),
        (False, 500, {}, False),
        (False, 502, {}, False),
        (False, 429, {}, False),
        (False, 503, {}, False),
        (False, 408, {}, False),
        (False, 429, {"retry-after": "1"}, True),
        (False, 503, {"retry-after": "1"}, True),
        (False, 503, {"retry-after-ms": "100"}, True),
        (False, 500, {"retry-after": "1"}, False),
        (False, 500, {"x-should-retry": "true"}, False),
        (False, 503, {"x-should-retry": "false", "retry-after": "1"}, False),
        (True, 400, {"x-should-retry": "true"}, True),
    ],
)
def test_retry_policy_responses(
    rt: SimpleNamespace, idempotent: bool, status: int, headers: dict[str, str], retried: bool
) -> None:
    policy = rt.core.RetryPolicy(2, idempotent)
    delay = policy.delay_after_response(_response(status, headers), 0)
    assert (delay is not None) == retried
    assert policy.delay_after_response(_response(status, headers), 2) is None  # budget spent


def test_retry_after_is_asked_for_as_sent(rt: SimpleNamespace) -> None:
    # The policy says what the server asked; the deadline decides whether it is affordable.
    policy = rt.core.RetryPolicy(3, False)
    assert policy.delay_after_response(_response(429, {"retry-after": "7"}), 0) == 7.0
    assert policy.delay_after_response(_response(429, {"retry-after": "600"}), 0) == 600.0


@pytest.mark.parametrize(
    "exc, idempotent, retried",
    [
        (httpx.ConnectError("refused"), False, True),
        (httpx.ConnectTimeout("connect"), False, True),
        (httpx.PoolTimeout("pool"), False, True),
        (httpx.ReadTimeout("read"), False, False),
        (httpx.WriteTimeout("write"), False, False),
        (httpx.ReadError("reset"), False, False),
        (httpx.RemoteProtocolError("disconnected"), False, False),
        (httpx.ReadTimeout("read"), True, True),
        (httpx.ReadError("reset"), True, True),
        (httpx.RemoteProtocolError("disconnected"), True, True),
        (httpx.UnsupportedProtocol("gopher"), True, False),
    ],
)
def test_retry_policy_errors(
    rt: SimpleNamespace, exc: Exception, idempotent: bool, retried: bool
) -> None:
    policy = rt.core.RetryPolicy(1, idempotent)
    assert (policy.delay_after_error(exc, 0) is not None) == retried
    assert policy.delay_after_error(exc, 1) is None


def test_envelope_success_flag(rt: SimpleNamespace) -> None:
    ok = rt.core.is_success
    assert ok(True) and ok(1) and ok("true") and ok("TRUE")
    assert not ok(False) and not ok(0) and not ok(None) and not ok("false") and not ok("")
