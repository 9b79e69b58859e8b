"""The generated Gcore and Partoo clients, sync and async, over real sockets against Prism.

Prism validates every request against the exported spec: a request that breaks it gets a
422 (or the spec's 400 with an `sl-violations` header), so a 2xx with no violation header
means the client sent what the docs describe.
"""

from __future__ import annotations

import asyncio
from typing import Any

import gcore_docs2sdk
import httpx
import partoo_docs2sdk
import pydantic
import pytest

from ..support.prism import violations

GCORE_ARGS: dict[str, Any] = {
    "email": "dev@example.com", "password": "s3cret-Passw0rd", "company": "Acme",
    "lang": "en", "services": [{"product_name": "CDN", "available": True}], "is_test": True,
}
PARTOO_ARGS: dict[str, Any] = {
    "email": "dev@example.com", "first_name": "Perceval", "last_name": "de Galles",
    "role": "BUSINESS_MANAGER", "business_ids": ["b1"], "send_invitation": False, "lang": "fr",
}


def _recorder() -> tuple[list[httpx.Request], dict[str, Any]]:
    sent: list[httpx.Request] = []
    return sent, {"request": [sent.append]}


def test_gcore_sync_create_user(prism_url: dict[str, str]) -> None:
    with gcore_docs2sdk.Client(api_key="k", base_url=prism_url["gcore"]) as client:
        raw = client.iam.users.with_raw_response.create(**GCORE_ARGS)
        assert raw.status_code == 201 and violations(raw) is None
        # Sent (Prism answers 401 without it), then redacted in the request handed back.
        assert raw.http_response.request.headers["Authorization"] == "<redacted>"
        user = raw.parse()
        assert isinstance(user, gcore_docs2sdk.models.IamResellerUser)
        assert isinstance(user.id, int) and isinstance(user.email, str)
        again = client.iam.users.create(email="a@b.co", password="pw", company="C")
        assert isinstance(again, gcore_docs2sdk.models.IamResellerUser)


def test_gcore_async_create_user(prism_url: dict[str, str]) -> None:
    async def main() -> gcore_docs2sdk.models.IamResellerUser:
        async with gcore_docs2sdk.AsyncClient(api_key="k", base_url=prism_url["gcore"]) as client:
            raw = await client.iam.users.with_raw_response.create(**GCORE_ARGS)
            assert raw.status_code == 201 and violations(raw) is None
            return await client.iam.users.create(**GCORE_ARGS)

    user = asyncio.run(main())
    assert isinstance(user, gcore_docs2sdk.models.IamResellerUser)


def test_partoo_sync_and_async_create_user(prism_url: dict[str, str]) -> None:
    with partoo_docs2sdk.Client(api_key="k", base_url=prism_url["partoo"]) as client:
        raw = client.users.with_raw_response.create(**PARTOO_ARGS)
        assert raw.status_code == 200 and violations(raw) is None
        assert raw.http_response.request.headers["x-APIKey"] == "<redacted>"
        created = raw.parse()
        assert created.id == "5309c3a237bbc544d8e26737"  # the example the docs give
        assert created.status == "success"

    async def main() -> partoo_docs2sdk.models.CreateUserResponse:
        async with partoo_docs2sdk.AsyncClient(api_key="k", base_url=prism_url["partoo"]) as client:
            return await client.users.create(**PARTOO_ARGS)

    assert asyncio.run(main()).id == "5309c3a237bbc544d8e26737"


def test_prism_rejects_what_the_docs_forbid(prism_url: dict[str, str]) -> None:
    """The check above can fail: a body the spec forbids is refused by the mock."""
    response = httpx.post(prism_url["partoo"] + "/user", json={"email": "x@y.z"}, headers={"x-APIKey": "k"})
    assert response.status_code in (400, 422)


def test_invalid_calls_are_caught_before_sending(prism_url: dict[str, str]) -> None:
    sent, hooks = _recorder()
    http = httpx.Client(event_hooks=hooks)
    with partoo_docs2sdk.Client(api_key="k", base_url=prism_url["partoo"], http_client=http) as client:
        with pytest.raises(TypeError, match="last_name"):
            client.users.create(email="a@b.co", first_name="A")  # type: ignore[call-arg]
        with pytest.raises(partoo_docs2sdk.RequestValidationError, match="password") as short:
            client.users.create(email="a@b.co", first_name="A", last_name="B", password="short")
        with pytest.raises(partoo_docs2sdk.APIError, match="role") as king:
            client.users.create(email="a@b.co", first_name="A", last_name="B", role="KING")  # type: ignore[arg-type]
    http.close()
    assert sent == []
    assert short.value.field == "password" and isinstance(king.value, partoo_docs2sdk.RequestValidationError)
    assert king.value.field == "role" and "KING" not in str(king.value)  # the rejected value is not echoed


def test_missing_api_key_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PARTOO_API_KEY", raising=False)
    with pytest.raises(partoo_docs2sdk.APIError, match="PARTOO_API_KEY"):
        partoo_docs2sdk.Client()
    monkeypatch.setenv("PARTOO_API_KEY", "from-env")
    client = partoo_docs2sdk.Client(environment="sandbox")
    assert str(client.base_url).startswith("https://api.sandbox.partoo.co/v2")
    assert "from-env" not in repr(client)
    client.close()


def test_responses_tolerate_new_enum_values_and_fields_but_requests_stay_strict() -> None:
    user = gcore_docs2sdk.models.IamResellerUser.model_validate({
        "id": 1, "email": "a@b.co", "name": None, "lang": "klingon", "phone": None, "company": "C",
        "reseller": 1, "client": 1, "deleted": False, "groups": [], "activated": True, "sso_auth": False,
        "two_fa": False, "auth_types": ["passkey"], "user_type": "common", "is_active": True,
        "client_and_roles": [], "added_later": {"x": 1},
    })
    assert user.lang == "klingon" and user.auth_types == ["passkey"]
    assert user.model_extra == {"added_later": {"x": 1}}
    with pytest.raises(pydantic.ValidationError):
        gcore_docs2sdk.models.CreateUserRequest.model_validate(
            {"email": "a@b.co", "password": "p", "company": "c", "lang": "klingon"})
