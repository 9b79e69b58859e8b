"""The sync and async clients: each drives one loop (send and read, maybe sleep, try again).

Every decision (how a request is built, how long an attempt may take, whether and when to
retry, how a status maps to an exception, how a body becomes a model, what a user may see
of a request) is made by :class:`~._client_base.BaseClient` and the helpers it calls, so
the two clients cannot drift apart.
"""

from __future__ import annotations

import asyncio
import logging
import time
from types import TracebackType
from typing import Any, Awaitable, Mapping, TypeVar, cast

import anyio
import httpx

from ._client_base import APIResource, BaseClient
from ._core import DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT, Envelope, PreparedCall
from ._http_clients import CONNECTION_LIMITS, DefaultAioHttpClient
from ._logs import log, log_response
from ._reading import DEFAULT_MAX_RESPONSE_SIZE
from ._response import APIResponse, AsyncAPIResponse
from ._types import NOT_GIVEN, RequestOptions, TimeoutTypes

__all__ = [
    "DEFAULT_MAX_RESPONSE_SIZE",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "AsyncAPIClient",
    "AsyncAPIResource",
    "BaseClient",
    "DefaultAioHttpClient",
    "Envelope",
    "SyncAPIClient",
    "SyncAPIResource",
]

T = TypeVar("T")
_SyncSelf = TypeVar("_SyncSelf", bound="SyncAPIClient")
_AsyncSelf = TypeVar("_AsyncSelf", bound="AsyncAPIClient")


class SyncAPIClient(BaseClient[httpx.Client, None]):
    """Synchronous client; generated ``Client`` classes subclass it."""

    def _make_http_client(
        self, timeout: TimeoutTypes, headers: dict[str, str]
    ) -> httpx.Client:
        return httpx.Client(timeout=timeout, headers=headers, limits=CONNECTION_LIMITS)

    def _guard_event_hooks(self, http_client: httpx.Client) -> None:
        http_client.event_hooks = self._redact.guard_hooks(http_client.event_hooks)

    def _default_sleep(self, seconds: float) -> None:
        time.sleep(seconds)

    def request(
        self,
        method: str,
        path: str,
        *,
        cast_to: type[T] | Any,
        path_params: Mapping[str, object] | None = None,
        query: Mapping[str, object] | None = None,
        headers: Mapping[str, str] | None = None,
        json_body: object = NOT_GIVEN,
        options: RequestOptions | None = None,
        idempotent: bool | None = None,
        error_types: Mapping[str, Any] | None = None,
    ) -> T:
        """Send one API call (with retries) and return the response parsed as ``cast_to``."""
        call = self._build_call(
            method, path, path_params, query, headers, json_body, options, idempotent
        )
        retries = 0
        while True:
            request = self._build_request(call)
            response = None
            try:
                response = self._http.send(request, auth=self._send_auth, stream=True)
                self._read(response, call)
            except httpx.RequestError as exc:
                delay = self._wait_after_error(call, exc, request, retries)
            else:
                if log.isEnabledFor(logging.DEBUG):
                    log_response(self._redact, response, call, retries)
                wait, note = self._next_wait(call, response, retries)
                if wait is None:
                    return cast(
                        T,
                        self._result(
                            response, cast_to, retries, APIResponse, error_types, note
                        ),
                    )
                delay = wait
            finally:
                self._scrub(request, response)
            self._sleep(delay)
            retries += 1

    def _read(self, response: httpx.Response, call: PreparedCall) -> None:
        reader = self._reader(response, call)
        try:
            for chunk in response.iter_raw() if reader.raw else response.iter_bytes():
                reader.feed(chunk)
            reader.finish()
        except BaseException:
            response.close()
            raise

    def close(self) -> None:
        """Close the connection pool (only if this client created it)."""
        if self._owns_http_client:
            self._http.close()

    def __enter__(self: _SyncSelf) -> _SyncSelf:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncAPIClient(BaseClient[httpx.AsyncClient, Awaitable[None]]):
    """Asynchronous client; generated ``AsyncClient`` classes subclass it."""

    def _make_http_client(
        self, timeout: TimeoutTypes, headers: dict[str, str]
    ) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            timeout=timeout, headers=headers, limits=CONNECTION_LIMITS
        )

    def _guard_event_hooks(self, http_client: httpx.AsyncClient) -> None:
        http_client.event_hooks = self._redact.guard_async_hooks(
            http_client.event_hooks
        )

    async def _default_sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)

    async def request(
        self,
        method: str,
        path: str,
        *,
        cast_to: type[T] | Any,
        path_params: Mapping[str, object] | None = None,
        query: Mapping[str, object] | None = None,
        headers: Mapping[str, str] | None = None,
        json_body: object = NOT_GIVEN,
        options: RequestOptions | None = None,
        idempotent: bool | None = None,
        error_types: Mapping[str, Any] | None = None,
    ) -> T:
        """Send one API call (with retries) and return the response parsed as ``cast_to``."""
        call = self._build_call(
            method, path, path_params, query, headers, json_body, options, idempotent
        )
        retries = 0
        while True:
            request = self._build_request(call)
            response = None
            try:
                try:
                    # The event loop can cancel at the deadline exactly, mid-read included.
                    with anyio.fail_after(call.deadline.remaining()):
                        response = await self._http.send(
                            request, auth=self._send_auth, stream=True
                        )
                        await self._read(response, call)
                except TimeoutError as exc:
                    raise httpx.TimeoutException(
                        f"The call's {call.deadline.describe()} ran out",
                        request=request,
                    ) from exc
            except httpx.RequestError as exc:
                delay = self._wait_after_error(call, exc, request, retries)
            else:
                if log.isEnabledFor(logging.DEBUG):
                    log_response(self._redact, response, call, retries)
                wait, note = self._next_wait(call, response, retries)
                if wait is None:
                    result = self._result(
                        response, cast_to, retries, AsyncAPIResponse, error_types, note
                    )
                    return cast(T, result)
                delay = wait
            finally:
                self._scrub(request, response)
            await self._sleep(delay)
            retries += 1

    async def _read(self, response: httpx.Response, call: PreparedCall) -> None:
        reader = self._reader(response, call)
        try:
            chunks = response.aiter_raw() if reader.raw else response.aiter_bytes()
            async for chunk in chunks:
                reader.feed(chunk)
            reader.finish()
        except BaseException:
            await response.aclose()
            raise

    async def aclose(self) -> None:
        """Close the connection pool (only if this client created it, or was given a
        :class:`DefaultAioHttpClient`)."""
        if self._owns_http_client:
            await self._http.aclose()

    async def __aenter__(self: _AsyncSelf) -> _AsyncSelf:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()


class SyncAPIResource(APIResource):
    """Base of the generated resource groups (``client.users``) of the sync client."""

    _client: SyncAPIClient

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client


class AsyncAPIResource(APIResource):
    """Base of the generated resource groups of the async client."""

    _client: AsyncAPIClient

    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client
