"""The generated OnChainPay client against Prism: signed requests, envelope unwrapped into the payload."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json

import httpx
import onchainpay_docs2sdk
import pytest

from ..support.prism import violations


class _Wire(httpx.HTTPTransport):
    """Records each request as it goes on the wire: the requests the client hands back
    (hooks, raw responses, errors) show its credential headers as <redacted>."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[httpx.Request] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(httpx.Request(request.method, request.url, headers=request.headers.copy(),
                                       content=request.content))
        return super().handle_request(request)


def _recorder() -> tuple[list[httpx.Request], httpx.Client]:
    wire = _Wire()
    return wire.sent, httpx.Client(transport=wire)


def test_signed_create_user_sync_returns_the_payload(prism_url: dict[str, str]) -> None:
    sent, http = _recorder()
    with onchainpay_docs2sdk.Client(public_key="pub", private_key="priv", base_url=prism_url["onchainpay"],
                                    http_client=http) as client:
        raw = client.partners.users.with_raw_response.create(email="my-client@example.com")
        assert raw.status_code == 200 and violations(raw) is None
        result = raw.parse()
    http.close()
    # The envelope {"success": true, "response": {...}} is unwrapped into the typed payload.
    assert isinstance(result, onchainpay_docs2sdk.models.User)
    assert result.email == "my-client@example.com" and result.id == "09c89009-2dcb-415e-a0dc-907d407426ac"
    (request,) = sent
    body = request.content
    assert json.loads(body)["email"] == "my-client@example.com" and "nonce" in json.loads(body)
    expected = hmac.new(b"priv", body, hashlib.sha256).hexdigest()
    assert request.headers["x-api-signature"] == expected
    assert request.headers["x-api-public-key"] == "pub"
    handed_back = raw.http_response.request.headers
    assert handed_back["x-api-signature"] == handed_back["x-api-public-key"] == "<redacted>"


def test_signed_calls_async_each_with_a_fresh_nonce(prism_url: dict[str, str]) -> None:
    sent: list[httpx.Request] = []

    async def record(request: httpx.Request) -> None:
        sent.append(request)

    async def main() -> list[onchainpay_docs2sdk.models.User]:
        http = httpx.AsyncClient(event_hooks={"request": [record]})
        async with onchainpay_docs2sdk.AsyncClient(public_key="pub", private_key="priv",
                                                   base_url=prism_url["onchainpay"], http_client=http) as client:
            results = await asyncio.gather(*(client.partners.users.create(email="a@b.co") for _ in range(5)))
        await http.aclose()
        return list(results)

    results = asyncio.run(main())
    assert all(isinstance(r, onchainpay_docs2sdk.models.User) for r in results)
    nonces = [json.loads(r.content)["nonce"] for r in sent]
    assert len(set(nonces)) == 5


def test_credentials_come_from_the_environment_and_stay_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ONCHAINPAY_PUBLIC_KEY", "pub-env")
    monkeypatch.setenv("ONCHAINPAY_PRIVATE_KEY", "very-secret-private")
    client = onchainpay_docs2sdk.Client()
    assert "very-secret-private" not in repr(client)
    assert str(client.base_url).startswith("https://ocp.onchainpay.io")
    client.close()
    monkeypatch.delenv("ONCHAINPAY_PRIVATE_KEY")
    with pytest.raises(onchainpay_docs2sdk.APIError, match="ONCHAINPAY_PRIVATE_KEY"):
        onchainpay_docs2sdk.Client()
