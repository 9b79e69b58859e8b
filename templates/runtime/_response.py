"""Raw response access: ``client.things.with_raw_response.get(...)``.

The wrappers set a context variable for the duration of the call; the base client sees it
and returns an :class:`APIResponse` (status, headers, the ``httpx.Response``) instead of the
parsed model. The model is still one ``parse()`` away, typed, and cached.
"""

from __future__ import annotations

import functools
import json
from contextvars import ContextVar
from typing import Any, Awaitable, Callable, Generic, Mapping, ParamSpec, TypeVar, cast

import httpx
import pydantic

from ._core import Envelope, decode_body, is_success
from ._models import tolerant_result
from ._exceptions import (
    APIResponseValidationError,
    extract_request_id,
    make_envelope_error,
    make_status_error,
)

__all__ = [
    "APIResponse",
    "AsyncAPIResponse",
    "async_to_raw_response_wrapper",
    "process_response",
    "raw_response_requested",
    "to_raw_response_wrapper",
    "validate_content",
    "validate_data",
]

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")

_RAW_RESPONSE: ContextVar[bool] = ContextVar("_raw_response", default=False)
_UNSET: Any = object()
_NONE_TYPE = type(None)
_PASSTHROUGH: tuple[Any, ...] = (None, _NONE_TYPE, httpx.Response, Any, object)
_ADAPTERS: dict[Any, pydantic.TypeAdapter[Any]] = {}


def _type_adapter(tp: Any) -> pydantic.TypeAdapter[Any]:
    try:
        return _ADAPTERS[tp]
    except KeyError:
        adapter = _ADAPTERS[tp] = pydantic.TypeAdapter(tp)
        return adapter
    except TypeError:  # an unhashable annotation: build it every time
        return pydantic.TypeAdapter(tp)


def validate_content(
    cast_to: Any,
    response: httpx.Response,
    redact: Callable[[str], str],
    strict: bool = False,
) -> Any:
    """Parse a successful response's body into ``cast_to``.

    A ``BaseModel`` subclass uses ``model_validate_json``; any other annotation
    (``list[Model]``, ``dict[str, Any]``, ``str``) a cached ``TypeAdapter``; ``None`` or
    ``type(None)`` ignores the body; ``httpx.Response`` returns the response itself. A body
    that does not fit is built tolerantly (``_models``) unless ``strict``.
    """
    content = response.content
    if (
        content
        and "json" in response.headers.get("content-type", "")
        and cast_to not in _PASSTHROUGH
    ):
        try:  # fast path: pydantic parses the JSON bytes itself
            if isinstance(cast_to, type) and issubclass(cast_to, pydantic.BaseModel):
                return cast_to.model_validate_json(content)
            return _type_adapter(cast_to).validate_json(content)
        except pydantic.ValidationError as exc:
            body = decode_body(response)
            if not strict:
                return tolerant_result(cast_to, body, exc)
            raise _validation_error(cast_to, exc, response, body, redact) from exc
    return validate_data(cast_to, decode_body(response), response, redact, strict)


def validate_data(
    cast_to: Any,
    data: object,
    response: httpx.Response,
    redact: Callable[[str], str],
    strict: bool = False,
) -> Any:
    """Validate already decoded data (e.g. an unwrapped envelope payload) as ``cast_to``."""
    if cast_to is None or cast_to is _NONE_TYPE:
        return None
    if cast_to is httpx.Response:
        return response
    if cast_to is Any or cast_to is object:
        return data
    try:
        if isinstance(cast_to, type) and issubclass(cast_to, pydantic.BaseModel):
            return cast_to.model_validate(data)
        return _type_adapter(cast_to).validate_python(data)
    except pydantic.ValidationError as exc:
        if not strict:
            return tolerant_result(cast_to, data, exc)
        raise _validation_error(cast_to, exc, response, data, redact) from exc


def _validation_error(
    cast_to: Any,
    exc: pydantic.ValidationError,
    response: httpx.Response,
    data: object,
    redact: Callable[[str], str],
) -> APIResponseValidationError:
    name = getattr(cast_to, "__name__", None) or repr(cast_to)
    message = f"Response data did not match {name}: {exc}"
    return APIResponseValidationError(redact(message), response=response, body=data)


def raw_response_requested() -> bool:
    """True while a ``with_raw_response`` wrapper is running in this context."""
    return _RAW_RESPONSE.get()


class _BaseAPIResponse(Generic[T]):
    """What both the sync and the async raw responses offer."""

    http_response: httpx.Response
    retries_taken: int

    def __init__(
        self,
        *,
        http_response: httpx.Response,
        parser: Callable[[], T],
        retries_taken: int = 0,
    ) -> None:
        self.http_response = http_response
        self.retries_taken = retries_taken
        self._parser = parser
        self._parsed: T = _UNSET

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def url(self) -> httpx.URL:
        return self.http_response.url

    @property
    def request_id(self) -> str | None:
        return extract_request_id(self.http_response.headers, None)

    @property
    def content(self) -> bytes:
        return self.http_response.content

    @property
    def text(self) -> str:
        return self.http_response.text

    def json(self) -> Any:
        """The body decoded as JSON, exactly as received (no envelope unwrapping)."""
        return json.loads(self.http_response.content)

    def _parse(self) -> T:
        if self._parsed is _UNSET:
            self._parsed = self._parser()
        return self._parsed

    def __repr__(self) -> str:
        response = self.http_response
        return (
            f"<{type(self).__name__} [{response.status_code} {response.reason_phrase}]>"
        )


class APIResponse(_BaseAPIResponse[T]):
    """A raw response from a synchronous client."""

    def parse(self) -> T:
        """The typed result the method would have returned (computed once, then cached).

        With ``strict_response_validation=True`` on the client, raises
        :class:`APIResponseValidationError` if the body does not fit the type.
        """
        return self._parse()


class AsyncAPIResponse(_BaseAPIResponse[T]):
    """A raw response from an asynchronous client; ``await response.parse()``."""

    async def parse(self) -> T:
        """The typed result the method would have returned (computed once, then cached)."""
        return self._parse()


def to_raw_response_wrapper(func: Callable[P, R]) -> Callable[P, APIResponse[R]]:
    """Wrap a sync API method so that it returns an :class:`APIResponse` of its result."""

    @functools.wraps(func)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> APIResponse[R]:
        token = _RAW_RESPONSE.set(True)
        try:
            result: object = func(*args, **kwargs)
        finally:
            _RAW_RESPONSE.reset(token)
        if not isinstance(result, APIResponse):
            raise TypeError(f"{func.__qualname__} did not go through the API client")
        return cast("APIResponse[R]", result)

    return wrapped


def async_to_raw_response_wrapper(
    func: Callable[P, Awaitable[R]],
) -> Callable[P, Awaitable[AsyncAPIResponse[R]]]:
    """Wrap an async API method so that it returns an :class:`AsyncAPIResponse`."""

    @functools.wraps(func)
    async def wrapped(*args: P.args, **kwargs: P.kwargs) -> AsyncAPIResponse[R]:
        token = _RAW_RESPONSE.set(True)
        try:
            result: object = await func(*args, **kwargs)
        finally:
            _RAW_RESPONSE.reset(token)
        if not isinstance(result, AsyncAPIResponse):
            raise TypeError(f"{func.__qualname__} did not go through the API client")
        return cast("AsyncAPIResponse[R]", result)

    return wrapped


def parse_error_body(
    body: object, status: int, error_types: Mapping[str, Any]
) -> object | None:
    """The error body as the docs' model for its status (or 4XX / default); None if it does not fit."""
    for key in (str(status), f"{status // 100}XX", "default"):
        model = error_types.get(key)
        if model is not None:
            try:
                parsed: object = _type_adapter(model).validate_python(body)
                return parsed
            except pydantic.ValidationError:
                return None
    return None


def process_response(
    response: httpx.Response,
    cast_to: Any,
    *,
    envelope: Envelope | None,
    redact: Callable[[str], str],
    raw_class: type[APIResponse[Any]] | type[AsyncAPIResponse[Any]],
    retries_taken: int,
    error_types: Mapping[str, Any] | None = None,
    note: str | None = None,
    strict: bool = False,
) -> Any:
    """The result of a final response: raise for an error status or a failed envelope,
    else the parsed ``cast_to`` (or a raw response object inside a raw-response wrapper).
    ``note`` says why an error status was not retried; ``strict``: a body that does not fit
    ``cast_to`` raises instead of being built tolerantly.
    """
    if not 200 <= response.status_code < 300:
        body = decode_body(response)
        error = make_status_error(response, body, redact=redact, note=note)
        if error_types:
            error.body_model = parse_error_body(
                error.body, response.status_code, error_types
            )
        raise error
    if envelope is None:
        if not _RAW_RESPONSE.get():
            return validate_content(cast_to, response, redact, strict)
        return raw_class(
            http_response=response,
            parser=lambda: validate_content(cast_to, response, redact, strict),
            retries_taken=retries_taken,
        )
    data = decode_body(response)
    if isinstance(data, dict) and envelope.success_key in data:
        if not is_success(data[envelope.success_key]):
            error_key = envelope.error_key
            raise make_envelope_error(
                response, data, error_key=error_key, redact=redact
            )
        data = data.get(envelope.payload_key)
    if not _RAW_RESPONSE.get():
        return validate_data(cast_to, data, response, redact, strict)
    return raw_class(
        http_response=response,
        parser=lambda: validate_data(cast_to, data, response, redact, strict),
        retries_taken=retries_taken,
    )
