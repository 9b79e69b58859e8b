"""A 2xx body that departs from the docs still returns a model; strict validation is opt-in.

Over a real socket: a local server answers Gcore's "create user" with a body that breaks the
documented types (null for a string, a required field missing, an unknown field, an enum
value the docs do not list, a nested item with a mistyped field).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator

import pytest

import gcore_docs2sdk
from gcore_docs2sdk import models

from ..support.json_answer import answering

BODY = {
    "id": 7,
    "email": None,  # documented: a string, required
    # "company" left out: documented as required
    "name": "N", "lang": "klingon", "phone": None, "reseller": 1, "client": 2, "deleted": False,
    "groups": [{"id": "one", "name": "Administrators"}],  # a group id is documented as an integer
    "activated": True, "sso_auth": False, "two_fa": False, "user_type": "common", "is_active": True,
    "client_and_roles": [], "auth_types": ["password"],
    "added_later": {"x": 1},
}
ARGS = {"email": "a@b.co", "password": "pw", "company": "C"}


@pytest.fixture(scope="module")
def server_url() -> Iterator[str]:
    with answering(201, BODY) as server:
        yield server.url


def _check(user: models.IamResellerUser) -> None:
    assert isinstance(user, models.IamResellerUser)
    assert user.id == 7 and user.name == "N" and user.lang == "klingon"
    assert user.email is None  # kept as sent
    assert user.company is None and "company" not in user.model_fields_set  # absent
    assert user.model_extra == {"added_later": {"x": 1}}
    group = user.groups[0]
    assert isinstance(group, models.Group) and group.id == "one" and group.name == "Administrators"  # type: ignore[comparison-overlap]
    assert "company" not in user.model_dump(exclude_unset=True, warnings=False)


def test_a_body_that_breaks_the_documented_types_still_returns_a_model(
    server_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG, logger="gcore_docs2sdk"):
        with gcore_docs2sdk.Client(api_key="k", base_url=server_url) as client:
            _check(client.iam.users.create(**ARGS))
            raw = client.iam.users.with_raw_response.create(**ARGS)
            _check(raw.parse())
    said = [r.getMessage() for r in caplog.records if "did not fit" in r.getMessage()]
    assert said and "IamResellerUser" in said[0] and "company" in said[0]


def test_the_async_client_is_as_tolerant(server_url: str) -> None:
    async def main() -> models.IamResellerUser:
        async with gcore_docs2sdk.AsyncClient(api_key="k", base_url=server_url) as client:
            return await client.iam.users.create(**ARGS)

    _check(asyncio.run(main()))


def test_strict_response_validation_raises(server_url: str) -> None:
    with gcore_docs2sdk.Client(api_key="k", base_url=server_url, strict_response_validation=True) as client:
        with pytest.raises(gcore_docs2sdk.APIResponseValidationError) as info:
            client.iam.users.create(**ARGS)
    assert info.value.status_code == 201 and "company" in str(info.value)

    async def main() -> None:
        async with gcore_docs2sdk.AsyncClient(api_key="k", base_url=server_url,
                                              strict_response_validation=True) as client:
            await client.iam.users.create(**ARGS)

    with pytest.raises(gcore_docs2sdk.APIResponseValidationError):
        asyncio.run(main())


def test_requests_stay_strict(server_url: str) -> None:
    with gcore_docs2sdk.Client(api_key="k", base_url=server_url) as client:
        with pytest.raises(gcore_docs2sdk.RequestValidationError) as info:
            client.iam.users.create(email="a@b.co", password="pw", company="C", lang="klingon")  # type: ignore[arg-type]
    assert info.value.field == "lang"
