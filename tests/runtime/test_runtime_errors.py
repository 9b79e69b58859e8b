"""The exception hierarchy, over real sockets and on hand-built responses."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, Callable

import httpx
import pydantic
import pytest

from rt_server import TestServer


class Thing(pydantic.BaseModel):
    id: int
    name: str


def test_hierarchy(rt: SimpleNamespace) -> None:
    e = rt.exc
    assert issubclass(e.APIConnectionError, e.APIError)
    assert issubclass(e.APITimeoutError, e.APIConnectionError)
    assert issubclass(e.APIResponseValidationError, e.APIError)
    assert issubclass(e.APIStatusError, e.APIError)
    assert issubclass(e.APIEnvelopeError, e.APIStatusError)
    for name in (
        "BadRequestError",
        "AuthenticationError",
        "PermissionDeniedError",
        "NotFoundError",
        "ConflictError",
        "UnprocessableEntityError",
        "RateLimitError",
        "InternalServerError",
    ):
        assert issubclass(getattr(e, name), e.APIStatusError)


@pytest.mark.parametrize(
    "status, cls_name",
    [
        (400, "BadRequestError"),
        (401, "AuthenticationError"),
        (403, "PermissionDeniedError"),
        (404, "NotFoundError"),
        (409, "ConflictError"),
        (422, "UnprocessableEntityError"),
        (429, "RateLimitError"),
        (500, "InternalServerError"),
        (502, "InternalServerError"),
        (503, "InternalServerError"),
        (418, "APIStatusError"),
    ],
)
def test_status_errors_over_the_wire(
    rt: SimpleNamespace, make_client: Callable[..., Any], status: int, cls_name: str
) -> None:
    client = make_client(max_retries=0)
    with pytest.raises(rt.exc.APIStatusError) as info:
        client.request("GET", "/status/{code}", path_params={"code": status}, cast_to=Thing)
    err = info.value
    assert type(err) is getattr(rt.exc, cls_name)
    assert err.status_code == status
    assert err.body == {"message": f"status {status}", "trace_id": f"trace-{status}"}
    assert err.request_id == f"req-{status}"
    assert isinstance(err.response, httpx.Response)
    assert err.request is not None and err.request.url.path == f"/status/{status}"
    assert f"{status}" in str(err) and f"status {status}" in str(err)


def test_request_id_from_body_and_text_bodies(
    rt: SimpleNamespace, make_client: Callable[..., Any]
) -> None:
    client = make_client(max_retries=0)
    with pytest.raises(rt.exc.NotFoundError) as info:
        client.request("GET", "/status/404", query={"noheader": 1}, cast_to=Thing)
    assert info.value.request_id == "trace-404"
    with pytest.raises(rt.exc.BadRequestError) as info2:
        client.request("GET", "/status/400", query={"text": 1, "noheader": 1}, cast_to=Thing)
    assert info2.value.body == "plain error 400"
    assert info2.value.request_id is None
    assert "plain error 400" in str(info2.value)


def test_make_status_error_on_built_responses(rt: SimpleNamespace) -> None:
    request = httpx.Request("GET", "https://api.example.com/x")
    response = httpx.Response(409, headers={"request-id": "abc"}, request=request)
    err = rt.exc.make_status_error(response, {"error": {"message": "dup", "request_id": "zzz"}})
    assert isinstance(err, rt.exc.ConflictError)
    assert err.request_id == "abc"
    assert "dup" in err.message
    response2 = httpx.Response(599, request=request)
    err2 = rt.exc.make_status_error(response2, {"error": {"requestId": "r-9"}})
    assert isinstance(err2, rt.exc.InternalServerError) and err2.request_id == "r-9"
    err3 = rt.exc.make_status_error(
        httpx.Response(400, request=request),
        "token sk-1 bad",
        redact=lambda s: s.replace("sk-1", "<redacted>"),
    )
    assert "sk-1" not in str(err3) and "sk-1" not in repr(err3)


def test_envelope_unwrap(rt: SimpleNamespace, make_client: Callable[..., Any]) -> None:
    client = make_client(envelope=rt.base.Envelope())
    thing = client.request("GET", "/envelope/ok", cast_to=Thing)
    assert thing == Thing(id=1, name="widget")
    things = client.request("GET", "/envelope/list", cast_to=list[Thing])
    assert [t.id for t in things] == [1, 2]
    raw = client.request("GET", "/envelope/ok", cast_to=dict[str, Any])
    assert raw == {"id": 1, "name": "widget"}
    bare = client.request("GET", "/envelope/bare", cast_to=Thing)  # no envelope keys: as is
    assert bare.name == "bare"


def test_envelope_failure_on_http_200(rt: SimpleNamespace, make_client: Callable[..., Any]) -> None:
    client = make_client(envelope=rt.base.Envelope())
    with pytest.raises(rt.exc.APIEnvelopeError) as info:
        client.request("POST", "/envelope/fail", cast_to=Thing, json_body={})
    err = info.value
    assert err.status_code == 200
    assert err.error == {"code": "INSUFFICIENT_FUNDS", "message": "Not enough money"}
    assert err.code == "INSUFFICIENT_FUNDS"
    assert err.request_id == "req-env-1"
    assert err.body["success"] is False
    assert "Not enough money" in str(err)
    with pytest.raises(rt.exc.APIEnvelopeError) as info2:
        client.request("GET", "/envelope/fail-string", cast_to=type(None))
    assert info2.value.error == "plain failure" and info2.value.code is None


def test_custom_envelope_keys(rt: SimpleNamespace, make_client: Callable[..., Any]) -> None:
    # Keys that do not match leave the body alone: the envelope is configurable data.
    client = make_client(envelope=rt.base.Envelope(success_key="ok", payload_key="data"))
    assert client.request("GET", "/envelope/ok", cast_to=dict[str, Any])["success"] is True


def test_response_validation_error(rt: SimpleNamespace, make_client: Callable[..., Any]) -> None:
    class Strict(pydantic.BaseModel):
        id: int
        missing: str

    client = make_client(envelope=rt.base.Envelope(), strict_response_validation=True)
    with pytest.raises(rt.exc.APIResponseValidationError) as info:
        client.request("GET", "/envelope/ok", cast_to=Strict)
    assert info.value.body == {"id": 1, "name": "widget"}
    assert info.value.status_code == 200
    # By default the body is built anyway: what fits is typed, what is missing is None.
    tolerant = make_client(envelope=rt.base.Envelope()).request("GET", "/envelope/ok", cast_to=Strict)
    assert isinstance(tolerant, Strict) and tolerant.id == 1 and tolerant.missing is None
    assert tolerant.model_fields_set == {"id"}
    plain = make_client(strict_response_validation=True)
    with pytest.raises(rt.exc.APIResponseValidationError) as info2:
        plain.request("GET", "/flaky/vx", cast_to=Strict)
    assert info2.value.body == {"attempts": 1}
    assert "Strict" in str(info2.value)


def test_connection_and_timeout_errors(
    rt: SimpleNamespace, make_client: Callable[..., Any], server: TestServer, key: str
) -> None:
    client = make_client(max_retries=0, timeout=0.2)
    with pytest.raises(rt.exc.APITimeoutError) as info:
        client.request("GET", f"/slow/{key}", query={"delay": 0.6}, cast_to=dict[str, Any])
    assert isinstance(info.value.__cause__, httpx.ReadTimeout)
    assert info.value.request is not None
    with pytest.raises(rt.exc.APIConnectionError) as info2:
        client.request("GET", f"/drop/{key}", cast_to=dict[str, Any])
    assert not isinstance(info2.value, rt.exc.APITimeoutError)
    assert isinstance(info2.value.__cause__, httpx.RemoteProtocolError)
