"""The clients the call benchmark compares, each making one typed JSON POST per call.

Every case answers the same question (how long does one call take, end to end, from a
Python call to a parsed result) against the same local server, so their times can be
divided by the raw httpx baseline measured in the same run. Each case is built by a factory
that returns the call and a way to close the client; :func:`check` of a case proves that a
call really produced the typed result (a benchmark of a call that fails fast is worthless).
"""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Awaitable, Callable

import httpx

API_KEY = "bench-api-key"
PUBLIC_KEY = "bench-public-key"
PRIVATE_KEY = "bench-private-key"
GENERATED_VENDORS = ("gcore", "partoo", "onchainpay", "aitronos")

# What the server answers, per path: the bodies each typed model expects.
GCORE_USER: dict[str, object] = {
    "id": 6101,
    "email": "ada@example.com",
    "name": "Ada Lovelace",
    "lang": "en",
    "phone": "+44 20 7946 0000",
    "company": "Analytical Engines Ltd",
    "reseller": 42,
    "client": 7001,
    "deleted": False,
    "groups": [{"id": 1, "name": "Administrators"}],
    "activated": True,
    "sso_auth": False,
    "two_fa": False,
    "auth_types": ["password"],
    "user_type": "common",
    "is_active": True,
    "client_and_roles": [
        {
            "client_id": 7001,
            "client_company_name": "Analytical Engines Ltd",
            "user_roles": ["Administrators"],
            "user_id": 6101,
        }
    ],
}
GCORE_INVITED: dict[str, object] = {"status": "invited", "user_id": 6102}
PARTOO_CREATED: dict[str, object] = {"id": "5409c35a97bbc544d8e26737", "status": "success"}
ONCHAINPAY_CREATED: dict[str, object] = {
    "success": True,
    "response": {
        "id": "c5d3b0f8-4f55-4a4e-9d55-5b1f0c2d9e11",
        "email": "ada@example.com",
        "password": "generated-secret",
        "lastLoginAt": None,
        "createdAt": "2026-11-22T10:00:00.000Z",
        "updatedAt": "2026-11-22T10:00:00.000Z",
        "confirmedAt": None,
    },
}
ROUTES: dict[str, object] = {
    "/iam/users": GCORE_USER,
    "/iam/clients/invite_user": GCORE_INVITED,
    "/user": PARTOO_CREATED,
    "/partner/api/create-user": ONCHAINPAY_CREATED,
    "*": GCORE_USER,
}

CREATE_USER_BODY = {"email": "ada@example.com", "password": "s3cret!pw", "company": "Analytical"}
INVITE_BODY: dict[str, Any] = {
    "client_id": 7001,
    "email": "ada@example.com",
    "user_role": {"id": 1, "name": "Administrators"},
}

SyncFactory = Callable[[str], tuple[Callable[[], object], Callable[[], None]]]
AsyncFactory = Callable[
    [str], tuple[Callable[[], Awaitable[object]], Callable[[], Awaitable[None]]]
]


@dataclass(frozen=True)
class CallCase:
    key: str
    label: str
    make_sync: SyncFactory | None
    make_async: AsyncFactory | None
    check: Callable[[object], bool]
    group: str  # "baseline", "ours" or "stainless": how the report compares it


def add_generated_to_path(generated_root: Path) -> None:
    """Make ``<root>/<vendor>/src`` importable (the packages are not installed in the venv)."""
    for vendor in GENERATED_VENDORS:
        src = generated_root / vendor / "src"
        if src.is_dir() and str(src) not in sys.path:
            sys.path.insert(0, str(src))


def _gcore_models() -> Any:
    return importlib.import_module("gcore_docs2sdk.models")


# -- raw httpx, the baseline ------------------------------------------------------------


def _raw_sync(parse: Callable[[httpx.Response], object]) -> SyncFactory:
    def make(base_url: str) -> tuple[Callable[[], object], Callable[[], None]]:
        # httpx's defaults, as a user of raw httpx gets them (they are also Stainless' limits:
        # 100 connections, 20 kept alive; ours keeps 100 alive, which costs a stock httpx
        # pool more per call when 50 are in flight: the baseline is not handicapped).
        client = httpx.Client(base_url=base_url, headers={"Authorization": f"apikey {API_KEY}"})
        post = client.post

        def call() -> object:
            return parse(post("/iam/users", json=CREATE_USER_BODY))

        return call, client.close

    return make


def _raw_async(parse: Callable[[httpx.Response], object]) -> AsyncFactory:
    def make(
        base_url: str,
    ) -> tuple[Callable[[], Awaitable[object]], Callable[[], Awaitable[None]]]:
        client = httpx.AsyncClient(
            base_url=base_url, headers={"Authorization": f"apikey {API_KEY}"}
        )
        post = client.post

        async def call() -> object:
            return parse(await post("/iam/users", json=CREATE_USER_BODY))

        return call, client.aclose

    return make


def _json(response: httpx.Response) -> object:
    return response.json()


def _pydantic(response: httpx.Response) -> object:
    return _gcore_models().IamResellerUser.model_validate_json(response.content)


# -- our generated clients --------------------------------------------------------------


def _generated_client(package: str, asynchronous: bool, base_url: str) -> Any:
    module = importlib.import_module(package)
    cls = module.AsyncClient if asynchronous else module.Client
    if package == "onchainpay_docs2sdk":
        return cls(public_key=PUBLIC_KEY, private_key=PRIVATE_KEY, base_url=base_url)
    return cls(api_key=API_KEY, base_url=base_url)


def _ours(package: str, method: Callable[[Any], Callable[[], Any]]) -> tuple[Any, Any]:
    """Sync and async factories calling ``method(client)`` on the package's clients."""

    def make_sync(base_url: str) -> tuple[Callable[[], object], Callable[[], None]]:
        client = _generated_client(package, False, base_url)
        return method(client), client.close

    def make_async(
        base_url: str,
    ) -> tuple[Callable[[], Awaitable[object]], Callable[[], Awaitable[None]]]:
        client = _generated_client(package, True, base_url)
        return method(client), client.aclose

    return make_sync, make_async


def _gcore_create(client: Any) -> Callable[[], Any]:
    create = client.iam.users.create
    return lambda: create(**CREATE_USER_BODY)


def _gcore_invite(client: Any) -> Callable[[], Any]:
    invite = client.iam.users.invite
    return lambda: invite(**INVITE_BODY)


def _partoo_create(client: Any) -> Callable[[], Any]:
    create = client.users.create
    return lambda: create(email="ada@example.com", first_name="Ada", last_name="Lovelace")


def _onchainpay_create(client: Any) -> Callable[[], Any]:
    create = client.partners.users.create
    return lambda: create(email="ada@example.com")


# -- the Stainless-generated gcore SDK --------------------------------------------------


def stainless_available() -> bool:
    try:
        importlib.import_module("gcore")
    except ImportError:
        return False
    return True


def _stainless_sync(base_url: str) -> tuple[Callable[[], object], Callable[[], None]]:
    gcore = importlib.import_module("gcore")
    client = gcore.Gcore(api_key=API_KEY, base_url=base_url)
    invite = client.iam.users.invite
    return (lambda: invite(**INVITE_BODY)), client.close


def _stainless_async(
    base_url: str,
) -> tuple[Callable[[], Awaitable[object]], Callable[[], Awaitable[None]]]:
    gcore = importlib.import_module("gcore")
    client = gcore.AsyncGcore(api_key=API_KEY, base_url=base_url)
    invite = client.iam.users.invite
    return (lambda: invite(**INVITE_BODY)), client.close


# -- checks: the call produced the typed result the server's JSON describes ---------------


def _is_gcore_user(result: object) -> bool:
    return isinstance(result, _gcore_models().IamResellerUser) and result.id == GCORE_USER["id"]


def _is_invited(result: object) -> bool:
    return (
        type(result).__name__ in ("UserInviteResponse", "UserInvited")
        and getattr(result, "user_id", None) == GCORE_INVITED["user_id"]
    )


def _is_partoo_created(result: object) -> bool:
    models = importlib.import_module("partoo_docs2sdk.models")
    return isinstance(result, models.User) and result.id == PARTOO_CREATED["id"]


def _is_onchainpay_created(result: object) -> bool:
    models = importlib.import_module("onchainpay_docs2sdk.models")
    payload = ONCHAINPAY_CREATED["response"]
    assert isinstance(payload, dict)
    return isinstance(result, models.User) and result.id == payload["id"]


def all_cases(include_stainless: bool) -> list[CallCase]:
    """The cases in report order; the first one is the baseline every ratio divides by."""
    cases = [
        CallCase(
            "raw",
            "raw httpx `post(json=)` + `.json()`",
            _raw_sync(_json),
            _raw_async(_json),
            lambda r: isinstance(r, dict) and r.get("id") == GCORE_USER["id"],
            "baseline",
        ),
        CallCase(
            "raw_pydantic",
            "raw httpx + pydantic `model_validate_json`",
            _raw_sync(_pydantic),
            _raw_async(_pydantic),
            _is_gcore_user,
            "baseline",
        ),
        CallCase(
            "gcore_create",
            "ours: gcore `iam.users.create`",
            *_ours("gcore_docs2sdk", _gcore_create),
            _is_gcore_user,
            "ours",
        ),
        CallCase(
            "gcore_invite",
            "ours: gcore `iam.users.invite`",
            *_ours("gcore_docs2sdk", _gcore_invite),
            _is_invited,
            "ours",
        ),
        CallCase(
            "partoo_create",
            "ours: partoo `user.create`",
            *_ours("partoo_docs2sdk", _partoo_create),
            _is_partoo_created,
            "ours",
        ),
        CallCase(
            "onchainpay_create",
            "ours: onchainpay `partners.users.create` (HMAC-signed, envelope)",
            *_ours("onchainpay_docs2sdk", _onchainpay_create),
            _is_onchainpay_created,
            "ours",
        ),
    ]
    if include_stainless:
        cases.append(
            CallCase(
                "stainless_invite",
                "Stainless `gcore` SDK: `iam.users.invite`",
                _stainless_sync,
                _stainless_async,
                _is_invited,
                "stainless",
            )
        )
    return cases
