"""Configuration and every decision the sync and async clients share.

:class:`BaseClient` builds each call and each attempt's request, gives each attempt what is
left of the call's deadline, decides after every attempt whether to wait and try again or
which result or error ends the call, and takes the credentials out of every request it
hands out. The sync and async clients in ``_base_client`` only drive the loop.
"""

from __future__ import annotations

import copy
from typing import Any, Callable, Generic, Mapping, TypeVar

import httpx

from ._bodies import FormFields
from ._core import (
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    IDEMPOTENT_METHODS,
    Envelope,
    PreparedCall,
    RetryPolicy,
    check_base_url,
    encode_json,
    encode_query,
    fill_path,
)
from ._deadline import Deadline
from ._exceptions import APIConnectionError, APITimeoutError
from ._http_clients import is_adopted
from ._logs import log_failure, log_refusal, log_retry, setup_logging
from ._reading import ACCEPT_ENCODING, DEFAULT_MAX_RESPONSE_SIZE, BodyReader
from ._redact import Redactor
from ._response import process_response
from ._types import NOT_GIVEN, NotGiven, RequestOptions, TimeoutTypes

__all__ = ["APIResource", "BaseClient"]

_HttpT = TypeVar("_HttpT", httpx.Client, httpx.AsyncClient)
_SleepT = TypeVar("_SleepT")
_Self = TypeVar("_Self", bound="BaseClient[Any, Any]")

_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
_HTTPX_DEFAULT_TIMEOUT = httpx.Timeout(5.0)
# Parsed URLs by text: parsing one costs about as much as the rest of building a request.
# Bounded, because paths with parameters make many distinct URLs.
_URL_CACHE_SIZE = 512
_NO_WAIT: tuple[None, None] = (None, None)


def _check_settings(max_retries: int, max_response_size: int | None) -> None:
    if max_retries < 0:
        raise ValueError("max_retries must be >= 0")
    if max_response_size is not None and max_response_size < 0:
        raise ValueError("max_response_size must be >= 0 (or None for no limit)")


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
        max_response_size: int | None = DEFAULT_MAX_RESPONSE_SIZE,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: _HttpT | None = None,
        envelope: Envelope | None = None,
        sleep: Callable[[float], _SleepT] | None = None,
        log_env: str | None = None,
        strict_response_validation: bool = False,
    ) -> None:
        _check_settings(max_retries, max_response_size)
        if log_env:
            setup_logging(log_env)
        # Response tolerance (see _models): False builds a body that departs from the docs.
        self.strict_response_validation = strict_response_validation
        self.base_url = check_base_url(base_url)
        self.auth = auth
        self.max_retries = max_retries
        self.max_response_size = max_response_size
        self.envelope = envelope
        if http_client is not None and timeout is DEFAULT_TIMEOUT:
            # Keep a timeout the caller configured on their own httpx client.
            if http_client.timeout != _HTTPX_DEFAULT_TIMEOUT:
                timeout = http_client.timeout
        self.timeout = timeout
        headers = {
            "User-Agent": user_agent,
            "Accept": "application/json",
            "Accept-Encoding": ACCEPT_ENCODING,
        }
        headers.update(default_headers or {})
        self.default_headers: Mapping[str, str] = headers
        self.default_query: Mapping[str, object] = dict(default_query or {})
        # Secrets to mask and header names never to show, computed once.
        self._redact = Redactor.for_auth(auth, headers)
        self._owns_http_client = http_client is None or is_adopted(http_client)
        if http_client is None:
            # Our own pool: defaults live on it and are not re-merged on every call.
            self._http = self._make_http_client(timeout, headers)
            self._base_headers: dict[str, str] = {}
        else:
            self._http = http_client
            if (
                http_client.event_hooks["request"]
                or http_client.event_hooks["response"]
            ):
                self._guard_event_hooks(http_client)
            if is_adopted(http_client):
                http_client.headers.update(headers)
                self._base_headers = {}
            else:
                self._base_headers = dict(headers)
        self._json_headers = {**self._base_headers, "Content-Type": "application/json"}
        self._parsed_urls: dict[str, httpx.URL] = {}
        self._sleep: Callable[[float], Any] = sleep or self._default_sleep
        self._send_auth: Any = httpx.USE_CLIENT_DEFAULT if auth is None else auth
        self._prepare_body: (
            Callable[[Mapping[str, object]], dict[str, object]] | None
        ) = getattr(auth, "prepare_body", None)

    def _make_http_client(
        self, timeout: TimeoutTypes, headers: dict[str, str]
    ) -> _HttpT:
        raise NotImplementedError

    def _guard_event_hooks(self, http_client: _HttpT) -> None:
        raise NotImplementedError

    def _default_sleep(self, seconds: float) -> _SleepT:
        raise NotImplementedError

    @property
    def is_closed(self) -> bool:
        return self._http.is_closed

    def with_options(
        self: _Self,
        *,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        max_response_size: int | None | NotGiven = NOT_GIVEN,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
    ) -> _Self:
        """A copy of this client with other settings, for one call or a few.

        ``client.with_options(max_response_size=1 << 30).files.download(...)``. Headers and
        query parameters given here are added to the client's defaults. The copy shares this
        client's connection pool: close the original, not the copy.
        """
        clone = copy.copy(self)
        clone._owns_http_client = False
        if not isinstance(timeout, NotGiven):
            clone.timeout = timeout
        if not isinstance(max_retries, NotGiven):
            clone.max_retries = max_retries
        if not isinstance(max_response_size, NotGiven):
            clone.max_response_size = max_response_size
        _check_settings(clone.max_retries, clone.max_response_size)
        if default_headers:
            clone.default_headers = {**self.default_headers, **default_headers}
            # Sent per call: the shared pool's own headers must stay the original's.
            clone._base_headers = {**self._base_headers, **default_headers}
            clone._json_headers = {**self._json_headers, **default_headers}
        if default_query:
            clone.default_query = {**self.default_query, **default_query}
        # The resource groups (client.users, ...) must send through the copy.
        for name, value in list(vars(clone).items()):
            if isinstance(value, APIResource):
                setattr(clone, name, type(value)(clone))
        return clone

    copy = with_options  # the name Stainless SDKs use for the same thing

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
        if self.default_query:
            query = {**self.default_query, **(query or {})}
        body = json_body
        if isinstance(body, Mapping):
            body = {k: v for k, v in body.items() if not isinstance(v, NotGiven)}
        extra_headers = None
        max_retries = self.max_retries
        timeout = self.timeout
        max_response_size = self.max_response_size
        if options:
            extra_headers = options.get("extra_headers")
            if "extra_query" in options:
                query = {**(query or {}), **options["extra_query"]}
            extra_body = options.get("extra_body")
            if extra_body and isinstance(body, FormFields):
                body = body.merged(dict(extra_body))
            elif extra_body:
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
            if "max_response_size" in options:
                max_response_size = options["max_response_size"]
            max_retries = options.get("max_retries", max_retries)
            idempotent = options.get("idempotent", idempotent)
        if (
            body is NOT_GIVEN
            and self._prepare_body is not None
            and method in _BODY_METHODS
        ):
            body = {}  # a signed request needs a JSON body to carry its nonce
        # httpx sets a form body's own content type (with the multipart boundary)
        plain = body is NOT_GIVEN or isinstance(body, FormFields)
        call_headers = self._base_headers if plain else self._json_headers
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
        return PreparedCall(
            method,
            url,
            params,
            call_headers,
            body,
            Deadline(timeout),
            policy,
            max_response_size,
        )

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
        form: dict[str, Any] = {}
        if isinstance(body, FormFields):
            form = {"files" if body.multipart else "data": body.encode()}
        elif body is not NOT_GIVEN:
            if self._prepare_body is not None and isinstance(body, dict):
                body = self._prepare_body(body)
            content = encode_json(body)
        return self._http.build_request(
            call.method,
            self._parsed_url(call.url),
            content=content,
            **form,
            params=call.params,
            headers=call.headers,
            timeout=call.deadline.attempt_timeout(),
        )

    def _reader(self, response: httpx.Response, call: PreparedCall) -> BodyReader:
        return BodyReader(response, call.max_response_size, call.deadline, self._redact)

    # -- outcomes ---------------------------------------------------------------------

    def _wait_after_error(
        self,
        call: PreparedCall,
        exc: httpx.RequestError,
        request: httpx.Request,
        retries: int,
    ) -> float:
        """The wait before the next attempt after a failed one; else raise the call's error."""
        note = None
        if call.deadline.expired():
            note = f"the call's {call.deadline.describe()} ran out"
        else:
            delay = call.policy.delay_after_error(exc, retries)
            if delay is not None:
                note = call.deadline.refuse_wait(delay, "the backoff")
                if note is None:
                    log_retry(self._redact, call, retries, delay, type(exc).__name__)
                    return delay
                log_refusal(self._redact, call, note)
        raise self._connection_error(exc, request, note) from exc

    def _next_wait(
        self, call: PreparedCall, response: httpx.Response, retries: int
    ) -> tuple[float | None, str | None]:
        """(wait, None) to try again; (None, why it is not retried, if it could have been)
        when this response is the call's result."""
        delay = call.policy.delay_after_response(response, retries)
        if delay is None:
            return _NO_WAIT
        headers = response.headers
        asked = "retry-after" in headers or "retry-after-ms" in headers
        note = call.deadline.refuse_wait(
            delay, "Retry-After" if asked else "the backoff"
        )
        if note is not None:
            log_refusal(self._redact, call, note)
            return None, f"not retried: {note}"
        log_retry(self._redact, call, retries, delay, f"HTTP {response.status_code}")
        return delay, None

    def _connection_error(
        self, exc: Exception, request: httpx.Request, note: str | None = None
    ) -> APIConnectionError:
        kind = type(exc).__name__
        log_failure(self._redact, request, kind)
        suffix = f"; not retried: {note}" if note else ""
        if isinstance(exc, httpx.TimeoutException):
            return APITimeoutError(f"Request timed out ({kind}){suffix}.", request)
        return APIConnectionError(
            self._redact(f"Connection error ({kind}): {exc}{suffix}"), request
        )

    def _result(
        self,
        response: httpx.Response,
        cast_to: Any,
        retries: int,
        raw_class: Any,
        error_types: Mapping[str, Any] | None,
        note: str | None,
    ) -> Any:
        return process_response(
            response,
            cast_to,
            envelope=self.envelope,
            redact=self._redact,
            raw_class=raw_class,
            retries_taken=retries,
            error_types=error_types,
            note=note,
            strict=self.strict_response_validation,
        )

    def _streamed(
        self, response: httpx.Response, cast_to: Any, retries: int, cls: Any
    ) -> Any:
        """A successful response handed out unread, for ``with_streaming_response``."""

        def parse() -> Any:
            return self._result(response, cast_to, retries, cls, None, None)

        return cls(response, parse, retries)

    def _scrub(self, request: httpx.Request, response: httpx.Response | None) -> None:
        """Credential headers out of every request this attempt hands to the user."""
        self._redact.scrub(request)
        if response is not None:
            for earlier in response.history:
                self._redact.scrub(earlier.request)
            if response.request is not request:
                self._redact.scrub(response.request)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r}, auth={self.auth!r})"


class APIResource:
    """A resource group (``client.users``): what :meth:`BaseClient.with_options` rebuilds."""

    _client: Any

    def __init__(self, client: Any) -> None:
        self._client = client
