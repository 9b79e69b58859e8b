"""The runtime type-checks under ``mypy --strict`` (as the generated code uses it, on the
oldest supported Python) and is black-formatted with black's default settings."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

from rt_server import RUNTIME_DIR

# Generated-style code: resources, NOT_GIVEN, per-call options, raw response wrappers.
SAMPLE = """
from __future__ import annotations

from functools import cached_property

import pydantic

from ._base_client import AsyncAPIClient, AsyncAPIResource, SyncAPIClient, SyncAPIResource
from ._response import (
    APIResponse,
    AsyncAPIResponse,
    async_to_raw_response_wrapper,
    to_raw_response_wrapper,
)
from ._types import NOT_GIVEN, NotGiven, RequestOptions


class User(pydantic.BaseModel):
    id: int


class Users(SyncAPIResource):
    def get(
        self, *, user_id: int, name: str | NotGiven = NOT_GIVEN, options: RequestOptions | None = None
    ) -> User:
        return self._client.request(
            "GET",
            "/users/{id}",
            path_params={"id": user_id},
            query={"name": name},
            cast_to=User,
            options=options,
        )

    def list(self) -> list[User]:
        return self._client.request("GET", "/users", cast_to=list[User])

    def delete(self, *, user_id: int) -> None:
        self._client.request("DELETE", "/users/{id}", path_params={"id": user_id}, cast_to=type(None))

    @cached_property
    def with_raw_response(self) -> UsersWithRawResponse:
        return UsersWithRawResponse(self)


class UsersWithRawResponse:
    def __init__(self, users: Users) -> None:
        self.get = to_raw_response_wrapper(users.get)
        self.list = to_raw_response_wrapper(users.list)


class AsyncUsers(AsyncAPIResource):
    async def get(self, *, user_id: int) -> User:
        return await self._client.request(
            "GET", "/users/{id}", path_params={"id": user_id}, cast_to=User
        )


def use(client: SyncAPIClient) -> None:
    users = Users(client)
    user: User = users.get(user_id=1, options={"timeout": 3.0, "max_retries": 1})
    raw: APIResponse[User] = users.with_raw_response.get(user_id=1, name="x")
    parsed: User = raw.parse()
    many: list[User] = users.with_raw_response.list().parse()
    del user, parsed, many


async def ause(client: AsyncAPIClient) -> None:
    get_raw = async_to_raw_response_wrapper(AsyncUsers(client).get)
    raw: AsyncAPIResponse[User] = await get_raw(user_id=1)
    user: User = await raw.parse()
    del user
"""

# Lines that must NOT type-check: the wrappers keep precise types (no silent Any).
BROKEN = """

def misuse(users: Users) -> None:
    wrong: str = users.with_raw_response.get(user_id=1).parse()
    users.with_raw_response.get(user_id="1")
"""


def _mypy(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--python-version",
            "3.10",
            "--no-error-summary",
            "--cache-dir",
            str(root / ".mypy_cache"),
            "rtpkg",
        ],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_mypy_strict(rt: SimpleNamespace, tmp_path: Path) -> None:
    shutil.copytree(rt.pkg, tmp_path / "rtpkg")
    (tmp_path / "rtpkg" / "_sample.py").write_text(SAMPLE)
    result = _mypy(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    (tmp_path / "rtpkg" / "_sample.py").write_text(SAMPLE + BROKEN)
    result = _mypy(tmp_path)
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert len(errors) == 2, result.stdout
    assert "_sample.py" in errors[0] and "_sample.py" in errors[1]


def test_black_default_settings(tmp_path: Path) -> None:
    empty_config = tmp_path / "black.toml"
    empty_config.write_text("")
    result = subprocess.run(
        [sys.executable, "-m", "black", "--check", "--config", str(empty_config), str(RUNTIME_DIR)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
