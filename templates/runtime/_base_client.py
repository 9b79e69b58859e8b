"""The HTTP core shared by every generated client: request building, retries, parsing.

:class:`SyncAPIClient` and :class:`AsyncAPIClient` only drive a small loop (send, maybe
sleep, try again). Every decision (how a request is built, whether and when to retry, how
a status maps to an exception, how a body becomes a model) is made by :class:`BaseClient`
and the pure helpers in ``_core``, so the two clients cannot drift apart.
"""

from __future__ import annotations

import asyncio
import logging
import time
from types import TracebackType
from typing import Any, Awaitable, Callable, Generic, Mapping, TypeVar, cast

import httpx

from ._core import (
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    IDEMPOTENT_METHODS,
    Envelope,
    PreparedCall,
    Redactor,
    RetryPolicy,
    check_base_url,
    encode_json,
    encode_query,
    fill_path,
)
from ._exceptions import APIConnectionError, APITimeoutError
from ._response import APIResponse, AsyncAPIResponse, process_response
from ._types import NOT_GIVEN, NotGiven, RequestOptions, TimeoutTypes

__all__ = [
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "AsyncAPIClient",
    "AsyncAPIResource",
    "BaseClient",
    "Envelope",
    "SyncAPIClient",
    "SyncAPIResource",
]

T = TypeVar("T")
_HttpT = TypeVar("_HttpT", httpx.Client, httpx.AsyncClient)
_SleepT = TypeVar("_SleepT")
_SyncSelf = TypeVar("_SyncSelf", bound="SyncAPIClient")
_AsyncSelf = TypeVar("_AsyncSelf", bound="AsyncAPIClient")

# The generated package's top-level name, e.g. "onchainpay" for "onchainpay._base_client".
log = logging.getLogger(__name__.split(".")[0])

_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
_LIMITS = httpx.Limits(max_connections=1000, max_keepalive_connections=100)
_HTTPX_DEFAULT_TIMEOUT = httpx.Timeout(5.0)
# Parsed URLs by text: parsing one costs about as much as the rest of building a request.
# Bounded, because paths with parameters make many distinct URLs.
_URL_CACHE_SIZE = 512


class BaseClient(Generic[_HttpT, _SleepT]):
    """Configuration and every decision shared by the sync and async clients."""

    _http: _HttpT

    def __init__(
        self,
        *,
        base_url: str,
        auth: httpx.Auth | None,
        user_agent: str,
        timeout: TimeoutTypes = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        http_client: _HttpT | None = None,
        envelope: Envelope | None = None,
        sleep: Callable[[float], _SleepT] | None = None,
        strict_response_validation: bool = False,
    ) -> None:
        # Response tolerance (see _models): False builds a body that departs from the docs.
        self.strict_response_validation = strict_response_validation
        if max_retries < 0:
            raise ValueError("max_retries must be >= 0")
        self.base_url = check_base_url(base_url)
        self.auth = auth
        self.max_retries = max_retries
        self.envelope = envelope
        if http_client is not None and timeout is DEFAULT_TIMEOUT:
            # Keep a timeout the caller configured on their own httpx client.
            if http_client.timeout != _HTTPX_DEFAULT_TIMEOUT:
                timeout = http_client.timeout
        self.timeout = timeout
        headers = {"User-Agent": user_agent, "Accept": "application/json"}
        headers.update(default_headers or {})
        self.default_headers: Mapping[str, str] = headers
        self._owns_http_client = http_client is None
        if http_client is None:
            # Our own pool: defaults live on it and are not re-merged on every call.
            self._http = self._make_http_client(timeout, headers)
            self._base_headers: dict[str, str] = {}
            self._default_timeout: Any = httpx.USE_CLIENT_DEFAULT
        else:
            self._http = http_client
            self._base_headers = dict(headers)
            self._default_timeout = timeout
        self._json_headers = {**self._base_headers, "Content-Type": "application/json"}
        self._parsed_urls: dict[str, httpx.URL] = {}
        self._sleep: Callable[[float], Any] = sleep or self._default_sleep
        self._send_auth: Any = httpx.USE_CLIENT_DEFAULT if auth is None else auth
        self._prepare_body: (
            Callable[[Mapping[str, object]], dict[str, object]] | None
        ) = getattr(auth, "prepare_body", None)
        # Secrets to mask and header names never to log, computed once.
        self._redact = Redactor.for_auth(auth, headers)

    def _make_http_client(
        self, timeout: TimeoutTypes, headers: dict[str, str]
    ) -> _HttpT:
        raise NotImplementedError

    def _default_sleep(self, seconds: float) -> _SleepT:
        raise NotImplementedError

    @property
    def is_closed(self) -> bool:
        return self._http.is_closed

    # -- building ---------------------------------------------------------------------

    def _build_call(
        self,
        method: str,
        path: str,
        path_params: Mapping[str, object] | None,
        query: Mapping[str, object] | None,
        headers: Mapping[str, str] | None,
        json_body: object,
        options: RequestOptions | None,
        idempotent: bool | None,
    ) -> PreparedCall:
        method = method.upper()
        if path_params:
            path = fill_path(path, path_params)
        url = self.base_url + path if path[:1] == "/" else f"{self.base_url}/{path}"
        body = json_body
        if isinstance(body, Mapping):
            body = {k: v for k, v in body.items() if not isinstance(v, NotGiven)}
        extra_headers = None
        max_retries = self.max_retries
        timeout = self._default_timeout
        if options:
            extra_headers = options.get("extra_headers")
            if "extra_query" in options:
                query = {**(query or {}), **options["extra_query"]}
            extra_body = options.get("extra_body")
            if extra_body:
                if body is NOT_GIVEN:
                    body = dict(extra_body)
                elif isinstance(body, dict):
                    body.update(extra_body)
                else:
                    raise TypeError(
                        "extra_body can only be merged into a JSON object body"
                    )
            if "timeout" in options:
                timeout = options["timeout"]
            max_retries = options.get("max_retries", max_retries)
            idempotent = options.get("idempotent", idempotent)
        if (
            body is NOT_GIVEN
            and self._prepare_body is not None
            and method in _BODY_METHODS
        ):
            body = {}  # a signed request needs a JSON body to carry its nonce
        call_headers = self._base_headers if body is NOT_GIVEN else self._json_headers
        if headers or extra_headers:
            call_headers = dict(call_headers)
            # Generated code may pass optional header parameters as None / NOT_GIVEN.
            for source in (headers, extra_headers):
                if source:
                    call_headers.update(
                        (k, str(v))
                        for k, v in source.items()
                        if v is not None and not isinstance(v, NotGiven)
                    )
        if idempotent is None:
            idempotent = method in IDEMPOTENT_METHODS
        params = encode_query(query) if query else None
        policy = RetryPolicy(max_retries, idempotent)
        return PreparedCall(method, url, params, call_headers, body, timeout, policy)

    def _parsed_url(self, url: str) -> httpx.URL:
        parsed = self._parsed_urls.get(url)
        if parsed is None:
            if len(self._parsed_urls) >= _URL_CACHE_SIZE:
                self._parsed_urls.clear()
            parsed = self._parsed_urls[url] = httpx.URL(url)
        return parsed

    def _build_request(self, call: PreparedCall) -> httpx.Request:
        """A new request for each attempt, so a signed body gets a fresh nonce every time."""
        body = call.body
        content = None
        if body is not NOT_GIVEN:
            if self._prepare_body is not None and isinstance(body, dict):
                body = self._prepare_body(body)
            content = encode_json(body)
        return self._http.build_request(
            call.method,
            self._parsed_url(call.url),
            content=content,
            params=call.params,
            headers=call.headers,
            timeout=call.timeout,
        )

    # -- outcomes ---------------------------------------------------------------------

    def _connection_error(
        self, exc: Exception, request: httpx.Request
    ) -> APIConnectionError:
        kind = type(exc).__name__
        if log.isEnabledFor(logging.DEBUG):
            url = self._redact(str(request.url))
            log.debug("%s %s failed (%s); not retried", request.method, url, kind)
        if isinstance(exc, httpx.TimeoutException):
            return APITimeoutError(f"Request timed out ({kind}).", request)
        return APIConnectionError(
            self._redact(f"Connection error ({kind}): {exc}"), request
        )

    def _result(
        self,
        response: httpx.Response,
        cast_to: Any,
        retries: int,
        raw_class: Any,
        error_types: Mapping[str, Any] | None = None,
    ) -> Any:
        return process_response(
            response,
            cast_to,
            envelope=self.envelope,
            redact=self._redact,
            raw_class=raw_class,
            retries_taken=retries,
            error_types=error_types,
            strict=self.strict_response_validation,
        )

    # -- redaction and logging --------------------------------------------------------

    def _log_response(
        self, response: httpx.Response, call: PreparedCall, retries: int
    ) -> None:
        request = response.request  # after auth: carries the (redacted) auth headers
        log.debug(
            "%s %s -> %d %s (attempt %d of %d) request headers: %s",
            request.method,
            self._redact(str(request.url)),
            response.status_code,
            response.reason_phrase,
            retries + 1,
            call.policy.max_retries + 1,
            self._redact.headers(request.headers.items()),
        )

    def _log_retry(
        self, call: PreparedCall, retries: int, delay: float, reason: str
    ) -> None:
        if log.isEnabledFor(logging.DEBUG):
            log.debug(
                "%s %s failed (%s); retry %d of %d in %.3f s",
                call.method,
                self._redact(call.url),
                reason,
                retries + 1,
                call.policy.max_retries,
                delay,
            )

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r}, auth={self.auth!r})"


class SyncAPIClient(BaseClient[httpx.Client, None]):
    """Synchronous client; generated ``Client`` classes subclass it."""

    def _make_http_client(
        self, timeout: TimeoutTypes, headers: dict[str, str]
    ) -> httpx.Client:
        return httpx.Client(timeout=timeout, headers=headers, limits=_LIMITS)

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
            try:
                response = self._http.send(request, auth=self._send_auth)
            except httpx.RequestError as exc:
                delay = call.policy.delay_after_error(exc, retries)
                if delay is None:
                    raise self._connection_error(exc, request) from exc
                self._log_retry(call, retries, delay, type(exc).__name__)
            else:
                if log.isEnabledFor(logging.DEBUG):
                    self._log_response(response, call, retries)
                delay = call.policy.delay_after_response(response, retries)
                if delay is None:
                    return cast(
                        T,
                        self._result(
                            response, cast_to, retries, APIResponse, error_types
                        ),
                    )
                response.close()
                self._log_retry(call, retries, delay, f"HTTP {response.status_code}")
            self._sleep(delay)
            retries += 1

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
        # Imported here: it imports httpcore, which importing the package need not pay for.
        from ._asyncio_backend import use_asyncio_backend

        client = httpx.AsyncClient(timeout=timeout, headers=headers, limits=_LIMITS)
        use_asyncio_backend(client, _LIMITS)
        return client

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
            try:
                response = await self._http.send(request, auth=self._send_auth)
            except httpx.RequestError as exc:
                delay = call.policy.delay_after_error(exc, retries)
                if delay is None:
                    raise self._connection_error(exc, request) from exc
                self._log_retry(call, retries, delay, type(exc).__name__)
            else:
                if log.isEnabledFor(logging.DEBUG):
                    self._log_response(response, call, retries)
                delay = call.policy.delay_after_response(response, retries)
                if delay is None:
                    result = self._result(
                        response, cast_to, retries, AsyncAPIResponse, error_types
                    )
                    return cast(T, result)
                await response.aclose()
                self._log_retry(call, retries, delay, f"HTTP {response.status_code}")
            await self._sleep(delay)
            retries += 1

    async def aclose(self) -> None:
        """Close the connection pool (only if this client created it)."""
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


class SyncAPIResource:
    """Base of the generated resource groups (``client.users``) of the sync client."""

    _client: SyncAPIClient

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client


class AsyncAPIResource:
    """Base of the generated resource groups of the async client."""

    _client: AsyncAPIClient

    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client
