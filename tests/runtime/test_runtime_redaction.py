"""No credential value in any request the client hands out, for every auth scheme the
runtime has (bearer, API key header with and without a prefix, the HMAC signing pair):
not in ``exc.request`` (its headers' repr, str, items, raw bytes), not in a raw response's
request, not in the request an event hook of the caller's own httpx client sees, not in the
logs; while the server still receives every credential."""

from __future__ import annotations

import asyncio
import logging
import socket
from types import SimpleNamespace
from typing import Any, Callable

import httpx
import pytest

from rt_server import PRIVATE_KEY, PUBLIC_KEY, PUBLIC_KEY_HEADER, SIGNATURE_HEADER, TestServer

TOKEN = "tok-3f9a1c77e2b54d08"
KEY = "key-8d2e6b1a90c4f357"

SCHEMES: dict[str, Callable[[SimpleNamespace], Any]] = {
    "bearer": lambda rt: rt.auth.BearerAuth(TOKEN),
    "authorization-prefix": lambda rt: rt.auth.APIKeyHeaderAuth("Authorization", KEY, "APIKey"),
    "x-api-key": lambda rt: rt.auth.APIKeyHeaderAuth("X-API-Key", KEY),
    "custom-header": lambda rt: rt.auth.APIKeyHeaderAuth("x-APIKey", KEY),
    "hmac": lambda rt: rt.auth.HmacBodySignatureAuth(
        PUBLIC_KEY,
        PRIVATE_KEY,
        public_key_header=PUBLIC_KEY_HEADER,
        signature_header=SIGNATURE_HEADER,
    ),
}


def _views(request: httpx.Request) -> list[str]:
    """Every way a user might print a request."""
    headers = request.headers
    return [
        repr(request),
        repr(headers),
        str(headers),
        repr(dict(headers)),
        repr(list(headers.items())),
        repr(headers.multi_items()),
        repr(headers.raw),
        " ".join(headers.get_list(name) and headers[name] for name in headers.keys()),
    ]


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _sent_credentials(auth: Any, echoed: dict[str, str]) -> list[str]:
    """What the server received in the scheme's own headers (the signature changes per call)."""
    values = [echoed[name.lower()] for name in auth.auth_header_names()]
    assert values and all(v and "redacted" not in v for v in values)
    return values


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_no_credential_in_any_request_handed_out(
    rt: SimpleNamespace,
    server: TestServer,
    scheme: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="rtpkg")
    auth = SCHEMES[scheme](rt)
    seen_by_hooks: list[str] = []
    http = httpx.Client(
        event_hooks={
            "request": [lambda request: seen_by_hooks.extend(_views(request))],
            "response": [lambda response: seen_by_hooks.extend(_views(response.request))],
        }
    )
    texts: list[str] = []
    secrets = list(auth.secret_values())
    with rt.base.SyncAPIClient(
        base_url=server.url, auth=auth, user_agent="t", http_client=http, max_retries=0
    ) as client:
        raw_call = rt.response.to_raw_response_wrapper(client.request)
        raw = raw_call("POST", "/echo", json_body={"a": 1}, cast_to=dict[str, Any])
        echoed = raw.parse()["headers"]
        secrets += _sent_credentials(auth, echoed)
        texts += _views(raw.http_response.request)

        with pytest.raises(rt.exc.InternalServerError) as status_error:
            client.request("POST", "/status/500", json_body={"a": 1}, cast_to=dict)
        texts += _views(status_error.value.request) + _views(status_error.value.response.request)
        texts += [str(status_error.value), repr(status_error.value)]

    with rt.base.SyncAPIClient(
        base_url=f"http://127.0.0.1:{_closed_port()}", auth=auth, user_agent="t", max_retries=0
    ) as offline:
        with pytest.raises(rt.exc.APIConnectionError) as connection_error:
            offline.request("POST", "/x", json_body={"a": 1}, cast_to=dict)
        texts += _views(connection_error.value.request) + [str(connection_error.value)]
    http.close()

    texts += seen_by_hooks + [record.getMessage() for record in caplog.records]
    assert len(seen_by_hooks) == 2 * len(_views(raw.http_response.request)) * 2  # 2 calls
    leaks = [(secret, text) for secret in secrets for text in texts if secret in text]
    assert not leaks
    # The headers are still there, named, so a user sees what was sent.
    for name in auth.auth_header_names():
        assert status_error.value.request.headers[name] == "<redacted>"


def test_async_hooks_and_errors_show_no_credential(
    rt: SimpleNamespace, server: TestServer
) -> None:
    auth = SCHEMES["hmac"](rt)
    seen: list[str] = []

    async def on_request(request: httpx.Request) -> None:
        seen.extend(_views(request))

    async def go() -> list[str]:
        http = httpx.AsyncClient(event_hooks={"request": [on_request], "response": []})
        async with rt.base.AsyncAPIClient(
            base_url=server.url, auth=auth, user_agent="t", http_client=http, max_retries=0
        ) as client:
            echoed = await client.request("POST", "/echo", json_body={}, cast_to=dict[str, Any])
            with pytest.raises(rt.exc.InternalServerError) as info:
                await client.request("POST", "/status/500", json_body={}, cast_to=dict)
        await http.aclose()
        return _sent_credentials(auth, echoed["headers"]) + _views(info.value.request)

    result = asyncio.run(go())
    secrets = [PRIVATE_KEY, PUBLIC_KEY] + result[:2]
    texts = result[2:] + seen
    assert len(seen) == 2 * 8
    assert not [s for s in secrets for t in texts if s in t]


def test_each_auth_scheme_names_the_headers_it_sets(rt: SimpleNamespace) -> None:
    for scheme, make in SCHEMES.items():
        auth = make(rt)
        assert isinstance(auth, rt.auth.CredentialAuth)
        request = httpx.Request("POST", "https://api.example.com/x", content=b"{}")
        sent = next(auth.auth_flow(request))
        added = {k for k in sent.headers.keys()} - {"host", "content-length"}
        assert added == {n.lower() for n in auth.auth_header_names()}, scheme
