"""Small shared types: the "not given" sentinel, header/query/body aliases, per-call options.

This module is part of the hand-written runtime that docs2sdk copies verbatim into every
generated package. It has no dependencies besides ``httpx``.
"""

from __future__ import annotations

from typing import Any, Final, Literal, Mapping, TypeAlias, TypedDict, TypeVar, Union

import httpx

__all__ = [
    "NOT_GIVEN",
    "REDACTED",
    "Body",
    "Headers",
    "NotGiven",
    "Query",
    "RequestOptions",
    "TimeoutTypes",
    "strip_not_given",
]

_V = TypeVar("_V")


class NotGiven:
    """Sentinel type for "the caller did not pass this argument".

    ``None`` is a meaningful value for many APIs (it serialises to JSON ``null``), so an
    optional argument defaults to :data:`NOT_GIVEN` instead, and is left out of the request
    altogether when it was not given::

        def update(self, *, name: str | None | NotGiven = NOT_GIVEN) -> User: ...

    The sentinel is falsy, so ``if name:`` treats it like a missing value.
    """

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        # One instance per process, so ``is NOT_GIVEN`` is always the right test.
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __copy__(self) -> NotGiven:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> NotGiven:
        return self

    def __reduce__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()
"""The one :class:`NotGiven` instance."""

REDACTED: Final = "<redacted>"
"""What logs, reprs and error messages show instead of a secret."""

Headers: TypeAlias = Mapping[str, str]
"""HTTP headers, name to value."""

Query: TypeAlias = Mapping[str, object]
"""Query parameters; ``None`` / ``NOT_GIVEN`` values are dropped, lists repeat the key."""

Body: TypeAlias = object
"""A JSON-serialisable request body (usually a ``dict``)."""

TimeoutTypes: TypeAlias = Union[float, httpx.Timeout, None]
"""How long a whole call may take, retries and reading the body included, in seconds; or an
:class:`httpx.Timeout`, whose parts bound each connect/read/write/pool step and whose largest
part bounds the whole call; or ``None`` for no timeout."""


class RequestOptions(TypedDict, total=False):
    """Per-call options accepted by every generated method (all keys optional).

    ``extra_headers`` / ``extra_query`` are merged over what the method sends;
    ``extra_body`` is merged into a JSON object body (useful for fields the docs do not
    describe yet); ``timeout``, ``max_retries`` and ``max_response_size`` (bytes, after
    decompression; ``None`` for no limit) override the client's settings for this call;
    ``idempotent=True`` lets a POST be retried like a GET (only pass it for operations
    the server de-duplicates, e.g. with an idempotency key).
    """

    extra_headers: Headers
    extra_query: Query
    extra_body: Mapping[str, object]
    timeout: TimeoutTypes
    max_retries: int
    max_response_size: int | None
    idempotent: bool


def strip_not_given(mapping: Mapping[str, _V | NotGiven] | None) -> dict[str, _V]:
    """Return a shallow copy of ``mapping`` without the ``NOT_GIVEN`` values."""
    if not mapping:
        return {}
    return {k: v for k, v in mapping.items() if not isinstance(v, NotGiven)}
