"""``client.get/post/put/patch/delete``: calls to endpoints the docs do not describe.

They go through the same request path as the generated methods (auth, retries, the
deadline, the size limit, error mapping, the envelope), so only the path and the type to
parse the body as are needed: ``client.get("/v2/things", cast_to=dict)``;
``cast_to=httpx.Response`` gives the response itself, ``cast_to=object`` the decoded JSON.
"""

from __future__ import annotations

from typing import Any, Awaitable, Mapping, Protocol, TypeVar, cast

from ._types import NOT_GIVEN, RequestOptions

__all__ = ["AsyncVerbs", "SyncVerbs"]

T = TypeVar("T")
Query = Mapping[str, object]


class _Sends(Protocol):
    def request(
        self,
        method: str,
        path: str,
        *,
        cast_to: Any,
        query: Query | None = None,
        json_body: object = NOT_GIVEN,
        options: RequestOptions | None = None,
    ) -> Any: ...


def _send(
    client: _Sends,
    method: str,
    path: str,
    cast_to: Any,
    query: Query | None,
    body: object,
    options: RequestOptions | None,
) -> Any:
    return client.request(
        method, path, cast_to=cast_to, query=query, json_body=body, options=options
    )


class SyncVerbs:
    """The HTTP verbs of the sync client: each returns the body parsed as ``cast_to``."""

    def get(
        self: _Sends,
        path: str,
        *,
        cast_to: type[T],
        query: Query | None = None,
        options: RequestOptions | None = None,
    ) -> T:
        return cast("T", _send(self, "get", path, cast_to, query, NOT_GIVEN, options))

    def post(
        self: _Sends,
        path: str,
        *,
        cast_to: type[T],
        body: object = NOT_GIVEN,
        query: Query | None = None,
        options: RequestOptions | None = None,
    ) -> T:
        return cast("T", _send(self, "post", path, cast_to, query, body, options))

    def put(
        self: _Sends,
        path: str,
        *,
        cast_to: type[T],
        body: object = NOT_GIVEN,
        query: Query | None = None,
        options: RequestOptions | None = None,
    ) -> T:
        return cast("T", _send(self, "put", path, cast_to, query, body, options))

    def patch(
        self: _Sends,
        path: str,
        *,
        cast_to: type[T],
        body: object = NOT_GIVEN,
        query: Query | None = None,
        options: RequestOptions | None = None,
    ) -> T:
        return cast("T", _send(self, "patch", path, cast_to, query, body, options))

    def delete(
        self: _Sends,
        path: str,
        *,
        cast_to: type[T],
        body: object = NOT_GIVEN,
        query: Query | None = None,
        options: RequestOptions | None = None,
    ) -> T:
        return cast("T", _send(self, "delete", path, cast_to, query, body, options))


class AsyncVerbs:
    """The HTTP verbs of the async client: ``await client.get(...)``."""

    def get(
        self: _Sends,
        path: str,
        *,
        cast_to: type[T],
        query: Query | None = None,
        options: RequestOptions | None = None,
    ) -> Awaitable[T]:
        return cast(
            "Awaitable[T]", _send(self, "get", path, cast_to, query, NOT_GIVEN, options)
        )

    def post(
        self: _Sends,
        path: str,
        *,
        cast_to: type[T],
        body: object = NOT_GIVEN,
        query: Query | None = None,
        options: RequestOptions | None = None,
    ) -> Awaitable[T]:
        return cast(
            "Awaitable[T]", _send(self, "post", path, cast_to, query, body, options)
        )

    def put(
        self: _Sends,
        path: str,
        *,
        cast_to: type[T],
        body: object = NOT_GIVEN,
        query: Query | None = None,
        options: RequestOptions | None = None,
    ) -> Awaitable[T]:
        return cast(
            "Awaitable[T]", _send(self, "put", path, cast_to, query, body, options)
        )

    def patch(
        self: _Sends,
        path: str,
        *,
        cast_to: type[T],
        body: object = NOT_GIVEN,
        query: Query | None = None,
        options: RequestOptions | None = None,
    ) -> Awaitable[T]:
        return cast(
            "Awaitable[T]", _send(self, "patch", path, cast_to, query, body, options)
        )

    def delete(
        self: _Sends,
        path: str,
        *,
        cast_to: type[T],
        body: object = NOT_GIVEN,
        query: Query | None = None,
        options: RequestOptions | None = None,
    ) -> Awaitable[T]:
        return cast(
            "Awaitable[T]", _send(self, "delete", path, cast_to, query, body, options)
        )
