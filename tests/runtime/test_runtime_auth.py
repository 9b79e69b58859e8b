"""Auth schemes: header keys, the HMAC body signature (known answer), nonces."""

from __future__ import annotations

import hashlib
import hmac
import subprocess
import sys
import threading
import time
from types import SimpleNamespace
from typing import Any, Callable

import httpx

from rt_server import TestServer

KAT_KEY = "test-private-key"
KAT_BODY = b'{"from":"ETH","to":"USDT","nonce":1643881172430}'
# Pinned: computed once with Python's hmac and cross-checked with
# `printf %s "$BODY" | openssl dgst -sha256 -hmac test-private-key`.
KAT_SIGNATURE = "936975a0abae268ae6d15eef4bfbeae2b82d6306b0decc82e4eeb5bc6058359e"


def _run_flow(auth: httpx.Auth, request: httpx.Request) -> httpx.Request:
    flow = auth.sync_auth_flow(request)
    return next(flow)


def test_hmac_known_answer(rt: SimpleNamespace) -> None:
    independent = hmac.new(KAT_KEY.encode(), KAT_BODY, hashlib.sha256).hexdigest()
    assert independent == KAT_SIGNATURE
    auth = rt.auth.HmacBodySignatureAuth(
        "pub-1", KAT_KEY, public_key_header="x-api-public-key", signature_header="x-api-signature"
    )
    request = httpx.Request("POST", "https://api.example.com/price-rate", content=KAT_BODY)
    signed = _run_flow(auth, request)
    assert signed.headers["x-api-signature"] == KAT_SIGNATURE
    assert signed.headers["x-api-public-key"] == "pub-1"
    assert signed.content == KAT_BODY
    assert auth.requires_request_body is True


def test_hmac_prepare_body_and_serialisation(rt: SimpleNamespace) -> None:
    auth = rt.auth.HmacBodySignatureAuth(
        "pub", "priv", public_key_header="x-pub", signature_header="x-sig", nonce_field="nonce"
    )
    original = {"nonce": 1, "from": "ETH", "to": "USDT"}
    first = auth.prepare_body(original)
    second = auth.prepare_body(original)
    assert original == {"nonce": 1, "from": "ETH", "to": "USDT"}  # not mutated
    assert list(first) == ["from", "to", "nonce"]
    assert isinstance(first["nonce"], int) and second["nonce"] > first["nonce"] > 1
    body = rt.core.encode_json(first)
    assert body == ('{"from":"ETH","to":"USDT","nonce":%d}' % first["nonce"]).encode()


def test_api_key_and_bearer_headers(rt: SimpleNamespace) -> None:
    req = httpx.Request("GET", "https://x")
    assert (
        _run_flow(rt.auth.APIKeyHeaderAuth("Authorization", "k1", prefix="apikey"), req).headers[
            "Authorization"
        ]
        == "apikey k1"
    )
    req = httpx.Request("GET", "https://x")
    assert _run_flow(rt.auth.APIKeyHeaderAuth("x-APIKey", "k2"), req).headers["x-apikey"] == "k2"
    req = httpx.Request("GET", "https://x")
    assert _run_flow(rt.auth.BearerAuth("tok"), req).headers["authorization"] == "Bearer tok"


def test_secrets_not_in_repr(rt: SimpleNamespace) -> None:
    cases = [
        (rt.auth.APIKeyHeaderAuth("x-APIKey", "sk-live-AAA"), ["sk-live-AAA"]),
        (rt.auth.BearerAuth("bearer-BBB"), ["bearer-BBB"]),
        (
            rt.auth.HmacBodySignatureAuth(
                "pub-CCC", "priv-DDD", public_key_header="h1", signature_header="h2"
            ),
            ["priv-DDD", "pub-CCC"],
        ),
    ]
    for auth, secrets in cases:
        for secret in secrets:
            assert secret not in repr(auth) and secret not in str(auth)
        assert "<redacted>" in repr(auth)
        assert secrets[0] in auth.secret_values()
        assert auth.auth_header_names()


def test_signed_request_verified_by_server(
    rt: SimpleNamespace,
    make_client: Callable[..., Any],
    make_signer: Callable[[], Any],
    server: TestServer,
    key: str,
) -> None:
    client = make_client(auth=make_signer(), envelope=rt.base.Envelope())
    result = client.request(
        "POST", "/signed", query={"key": key}, json_body={"amount": "1.5"}, cast_to=dict[str, Any]
    )
    assert result["body"].startswith('{"amount":"1.5","nonce":')
    # A body-less POST still carries a signed nonce.
    result = client.request("POST", "/signed", query={"key": key}, cast_to=dict[str, Any])
    assert result["body"] == '{"nonce":%d}' % result["nonce"]
    assert server.hits(key) == 2


def test_nonces_strictly_increasing_across_threads(rt: SimpleNamespace) -> None:
    per_thread: list[list[int]] = []
    lock = threading.Lock()

    def work() -> None:
        values = [rt.auth.next_nonce() for _ in range(3000)]
        with lock:
            per_thread.append(values)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    everything = [n for values in per_thread for n in values]
    assert len(set(everything)) == len(everything) == 24000
    for values in per_thread:
        assert all(b > a for a, b in zip(values, values[1:]))
    assert max(everything) < 2**53  # exact for servers that parse numbers as doubles
    now_ms = time.time() * 1000
    assert abs(max(everything) // 2048 - now_ms) < 60_000  # seeded from the clock


_CHILD = """
import sys, time
sys.path.insert(0, sys.argv[1])
from rtpkg._auth import next_nonce
start_at = float(sys.argv[2])
while time.time() < start_at:
    pass
print("\\n".join(str(next_nonce()) for _ in range(3000)))
"""


def test_nonces_distinct_across_processes_started_together(rt: SimpleNamespace) -> None:
    # Both children spin until the same wall-clock instant, then draw nonces in the
    # same milliseconds: a clock-only scheme would collide here.
    start_at = f"{time.time() + 1.0:.6f}"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _CHILD, str(rt.root), start_at],
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=30)[0] for p in procs]
    assert all(p.returncode == 0 for p in procs)
    first, second = ({int(x) for x in out.split()} for out in outputs)
    assert len(first) == len(second) == 3000
    assert not first & second
