"""Streamed responses: ``with client.things.with_streaming_response.get(...) as response:``.

The wrappers set a context variable for the call; the client sees it and, on a successful
status, hands back the response before reading its body. The body is then the caller's to
read (``iter_bytes()``, ``iter_lines()``, or ``parse()`` for the model) while the context is
open; leaving the context closes the connection. Error statuses are read and raised as usual.
The client's size limit and deadline cover the call up to the headers: a streamed body is
read at the caller's pace, for as long as the caller wants.
"""

from __future__ import annotations

import functools
from contextvars import ContextVar
from types import TracebackType
from typing import (
    Any,
    AsyncIterator,
    Awaitable,
    Callable,
    Generic,
    Iterator,
    ParamSpec,
    TypeVar,
)

import httpx

from ._exceptions import extract_request_id

__all__ = [
    "APIStreamedResponse",
    "AsyncAPIStreamedResponse",
    "async_to_streamed_response_wrapper",
    "stream_requested",
    "to_streamed_response_wrapper",
]

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")

_STREAM: ContextVar[bool] = ContextVar("_stream", default=False)


def stream_requested() -> bool:
    """True while a ``with_streaming_response`` wrapper is making its call."""
    return _STREAM.get()


class _Streamed(Generic[T]):
    http_response: httpx.Response
    retries_taken: int

    def __init__(
        self, http_response: httpx.Response, parser: Callable[[], T], retries_taken: int
    ) -> None:
        self.http_response = http_response
        self.retries_taken = retries_taken
        self._parser = parser

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def request_id(self) -> str | None:
        return extract_request_id(self.http_response.headers, None)

    @property
    def is_closed(self) -> bool:
        return self.http_response.is_closed

    def __repr__(self) -> str:
        response = self.http_response
        return (
            f"<{type(self).__name__} [{response.status_code} {response.reason_phrase}]>"
        )


class APIStreamedResponse(_Streamed[T]):
    """A successful response whose body has not been read yet (sync client)."""

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        return self.http_response.iter_bytes(chunk_size)

    def iter_text(self, chunk_size: int | None = None) -> Iterator[str]:
        return self.http_response.iter_text(chunk_size)

    def iter_lines(self) -> Iterator[str]:
        return self.http_response.iter_lines()

    def read(self) -> bytes:
        return self.http_response.read()

    def parse(self) -> T:
        """Read the rest of the body and return what the method would have returned."""
        self.http_response.read()
        return self._parser()

    def close(self) -> None:
        self.http_response.close()


class AsyncAPIStreamedResponse(_Streamed[T]):
    """A successful response whose body has not been read yet (async client)."""

    def iter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        return self.http_response.aiter_bytes(chunk_size)

    def iter_text(self, chunk_size: int | None = None) -> AsyncIterator[str]:
        return self.http_response.aiter_text(chunk_size)

    def iter_lines(self) -> AsyncIterator[str]:
        return self.http_response.aiter_lines()

    async def read(self) -> bytes:
        return await self.http_response.aread()

    async def parse(self) -> T:
        await self.http_response.aread()
        return self._parser()

    async def close(self) -> None:
        await self.http_response.aclose()


class StreamContext(Generic[T]):
    """``with``: makes the call on entry, closes the response on exit."""

    def __init__(self, call: Callable[[], object]) -> None:
        self._call = call
        self._response: APIStreamedResponse[T] | None = None

    def __enter__(self) -> APIStreamedResponse[T]:
        token = _STREAM.set(True)
        try:
            result = self._call()
        finally:
            _STREAM.reset(token)
        if not isinstance(result, APIStreamedResponse):
            raise TypeError("the method did not go through the API client")
        self._response = result
        return result

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._response is not None:
            self._response.close()


class AsyncStreamContext(Generic[T]):
    """``async with``: makes the call on entry, closes the response on exit."""

    def __init__(self, call: Callable[[], Awaitable[object]]) -> None:
        self._call = call
        self._response: AsyncAPIStreamedResponse[T] | None = None

    async def __aenter__(self) -> AsyncAPIStreamedResponse[T]:
        token = _STREAM.set(True)
        try:
            result = await self._call()
        finally:
            _STREAM.reset(token)
        if not isinstance(result, AsyncAPIStreamedResponse):
            raise TypeError("the method did not go through the API client")
        self._response = result
        return result

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._response is not None:
            await self._response.close()


def to_streamed_response_wrapper(
    func: Callable[P, R],
) -> Callable[P, StreamContext[R]]:
    """Wrap a sync API method so that it gives a context manager of its streamed response."""

    @functools.wraps(func)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> StreamContext[R]:
        return StreamContext(lambda: func(*args, **kwargs))

    return wrapped


def async_to_streamed_response_wrapper(
    func: Callable[P, Awaitable[R]],
) -> Callable[P, AsyncStreamContext[R]]:
    """Wrap an async API method so that it gives an async context manager of its streamed
    response."""

    @functools.wraps(func)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> AsyncStreamContext[R]:
        async def call() -> object:
            return await func(*args, **kwargs)

        return AsyncStreamContext(call)

    return wrapped
