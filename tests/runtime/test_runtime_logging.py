"""DEBUG logging is useful and never shows a secret; neither do reprs or error messages."""

from __future__ import annotations

import logging
from types import SimpleNamespace
from typing import Any, Callable

import pytest

from rt_server import PRIVATE_KEY, TestServer

API_KEY = "sk-live-9f8e7d6c5b4a+/="  # characters that change under URL encoding
COOKIE = "session=cookie-secret-777"


def test_no_secret_in_logs_reprs_or_errors(
    rt: SimpleNamespace,
    make_client: Callable[..., Any],
    make_signer: Callable[[], Any],
    server: TestServer,
    key: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="rtpkg")
    messages: list[str] = []

    key_client = make_client(
        auth=rt.auth.APIKeyHeaderAuth("Authorization", API_KEY, prefix="apikey"),
        default_headers={"Cookie": COOKIE},
        max_retries=1,
    )
    signer = make_signer()
    signed_client = make_client(auth=signer, envelope=rt.base.Envelope(), max_retries=1)

    # Successful calls, a retried call, and errors whose bodies echo the credentials back.
    key_client.request("GET", "/echo", query={"api_key": API_KEY}, cast_to=dict[str, Any])
    key_client.request("GET", f"/flaky/{key}", query={"fail": 1}, cast_to=dict[str, Any])
    signed_client.request(
        "POST", "/signed", query={"key": key}, json_body={"a": 1}, cast_to=dict[str, Any]
    )
    with pytest.raises(rt.exc.AuthenticationError) as info:
        key_client.request(
            "POST", "/echo-auth-error", json_body={"k": API_KEY}, cast_to=dict[str, Any]
        )
    messages += [str(info.value), repr(info.value), info.value.message]
    assert "Authorization=<redacted>" in str(info.value) and "Cookie=<redacted>" in str(info.value)
    # The private key never goes on the wire; the signed request's headers are echoed back.
    with pytest.raises(rt.exc.AuthenticationError) as info:
        signed_client.request(
            "POST", "/echo-auth-error", json_body={"k": 1}, cast_to=dict[str, Any]
        )
    messages += [str(info.value), repr(info.value)]
    with pytest.raises(rt.exc.APIEnvelopeError) as env_info:
        signed_client.request("GET", "/envelope/fail", cast_to=dict[str, Any])
    messages.append(str(env_info.value))

    log_text = caplog.text
    assert "GET http://127.0.0.1" in log_text and "-> 200 OK" in log_text
    assert "retry 1 of 1" in log_text and "-> 500" in log_text
    assert "authorization" in log_text.lower() and "<redacted>" in log_text
    assert "x-api-signature" in log_text.lower()
    assert all(r.name == "rtpkg" for r in caplog.records)

    reprs = [
        repr(key_client),
        str(key_client),
        repr(signed_client),
        repr(signer),
        repr(key_client.auth),
    ]
    haystack = "\n".join([log_text, *messages, *reprs])
    for secret in (API_KEY, "sk-live-9f8e7d6c5b4a", COOKIE, "cookie-secret-777", PRIVATE_KEY):
        assert secret not in haystack, secret
    from urllib.parse import quote, quote_plus

    assert quote(API_KEY, safe="") not in haystack and quote_plus(API_KEY) not in haystack


def test_logging_off_by_default_costs_nothing(
    rt: SimpleNamespace, make_client: Callable[..., Any], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="rtpkg")
    make_client().request("GET", "/echo", cast_to=dict[str, Any])
    assert caplog.records == []
