"""The one exception hierarchy raised by generated clients.

::

    APIError
    ├── APIConnectionError            the request may not have reached the server
    │   └── APITimeoutError
    ├── APIResponseValidationError    a 2xx response that does not fit the documented model
    ├── APIResponseTooLargeError      a body larger than ``max_response_size`` (decompressed)
    └── APIStatusError                a non-2xx status (one subclass per status family)
        ├── BadRequestError 400, AuthenticationError 401, PermissionDeniedError 403,
        │   NotFoundError 404, ConflictError 409, UnprocessableEntityError 422,
        │   RateLimitError 429, InternalServerError >= 500
        └── APIEnvelopeError          ``{"success": false, ...}``, even with HTTP 200

Messages never contain credentials: the client passes a ``redact`` function that masks
every secret it knows before a message is built.
"""

from __future__ import annotations

import json
from typing import Callable, Mapping

import httpx

__all__ = [
    "APIConnectionError",
    "APIEnvelopeError",
    "APIError",
    "APIResponseTooLargeError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "InternalServerError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "UnprocessableEntityError",
]
# Also importable by name (not re-exported): make_status_error, make_envelope_error,
# extract_request_id, summarize_body.

_Redact = Callable[[str], str]

REQUEST_ID_HEADERS = ("x-request-id", "request-id", "x-trace-id", "x-correlation-id")
REQUEST_ID_BODY_KEYS = ("request_id", "requestId", "trace_id", "traceId")
_MESSAGE_KEYS = (
    "message",
    "error_description",
    "detail",
    "error",
    "msg",
    "description",
)
_MAX_SUMMARY = 500


class APIError(Exception):
    """Base class of every error raised by the client."""

    message: str
    request: httpx.Request | None
    body: object | None
    """The decoded response body (JSON value or text), when there was a response."""

    def __init__(
        self,
        message: str,
        request: httpx.Request | None = None,
        *,
        body: object | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.request = request
        self.body = body

    def __str__(self) -> str:
        return self.message


class APIConnectionError(APIError):
    """The request failed before a response arrived (refused, reset, DNS, TLS, ...)."""

    def __init__(
        self, message: str = "Connection error.", request: httpx.Request | None = None
    ) -> None:
        super().__init__(message, request)


class APITimeoutError(APIConnectionError):
    """The request timed out (connect, write, read or waiting for a pooled connection)."""

    def __init__(
        self, message: str = "Request timed out.", request: httpx.Request | None = None
    ) -> None:
        super().__init__(message, request)


class APIResponseValidationError(APIError):
    """The response was successful but its data did not fit the expected type."""

    response: httpx.Response
    status_code: int

    def __init__(
        self, message: str, *, response: httpx.Response, body: object | None
    ) -> None:
        super().__init__(message, _request_of(response), body=body)
        self.response = response
        self.status_code = response.status_code


class APIResponseTooLargeError(APIError):
    """The response body, decompressed, grew past the client's ``max_response_size``.

    Reading stopped there: ``body`` holds only the first kilobyte or so, as text.
    """

    response: httpx.Response
    status_code: int
    limit: int

    def __init__(
        self, message: str, *, response: httpx.Response, limit: int, prefix: str
    ) -> None:
        super().__init__(message, _request_of(response), body=prefix)
        self.response = response
        self.status_code = response.status_code
        self.limit = limit


class APIStatusError(APIError):
    """The server answered with an error: a non-2xx status, or a failed envelope."""

    response: httpx.Response
    status_code: int
    request_id: str | None

    def __init__(
        self, message: str, *, response: httpx.Response, body: object | None
    ) -> None:
        super().__init__(message, _request_of(response), body=body)
        self.response = response
        self.status_code = response.status_code
        self.request_id = extract_request_id(response.headers, body)
        # The error body parsed into the model the docs give for this status, when they give one.
        self.body_model: object | None = None


class BadRequestError(APIStatusError):
    """HTTP 400."""


class AuthenticationError(APIStatusError):
    """HTTP 401."""


class PermissionDeniedError(APIStatusError):
    """HTTP 403."""


class NotFoundError(APIStatusError):
    """HTTP 404."""


class ConflictError(APIStatusError):
    """HTTP 409."""


class UnprocessableEntityError(APIStatusError):
    """HTTP 422."""


class RateLimitError(APIStatusError):
    """HTTP 429."""


class InternalServerError(APIStatusError):
    """HTTP 500 and above."""


class APIEnvelopeError(APIStatusError):
    """A 2xx response whose envelope says ``success: false``.

    (A non-2xx response raises the class for its status; the envelope is then its ``body``.)

    ``error`` is the envelope's error payload (for example ``{"code": ..., "message": ...}``
    or a plain string); ``body`` is the whole envelope.
    """

    error: object | None
    code: str | None

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: object | None,
        error: object | None,
    ) -> None:
        super().__init__(message, response=response, body=body)
        self.error = error
        code = error.get("code") if isinstance(error, dict) else None
        self.code = None if code is None else str(code)


_STATUS_CLASSES: Mapping[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def make_status_error(
    response: httpx.Response,
    body: object | None,
    *,
    redact: _Redact | None = None,
    note: str | None = None,
) -> APIStatusError:
    """Build the :class:`APIStatusError` subclass that matches ``response.status_code``;
    ``note`` (why it was not retried, say) ends the message."""
    status = response.status_code
    cls = _STATUS_CLASSES.get(status)
    if cls is None:
        cls = InternalServerError if status >= 500 else APIStatusError
    reason = response.reason_phrase or "Error"
    message = f"Error code: {status} {reason}"
    summary = summarize_body(body)
    if summary:
        message = f"{message} - {summary}"
    if note:
        message = f"{message} ({note})"
    if redact is not None:
        message = redact(message)
    return cls(message, response=response, body=body)


def make_envelope_error(
    response: httpx.Response,
    envelope: Mapping[str, object],
    *,
    error_key: str,
    redact: _Redact | None = None,
) -> APIEnvelopeError:
    """Build the error for an envelope whose success flag is false."""
    error = envelope.get(error_key)
    summary = summarize_body(error) or summarize_body(envelope)
    message = (
        f"API reported failure (HTTP {response.status_code}): {summary or 'no details'}"
    )
    if redact is not None:
        message = redact(message)
    return APIEnvelopeError(
        message, response=response, body=dict(envelope), error=error
    )


def summarize_body(body: object) -> str:
    """A short, one-line description of an error body for exception messages."""
    if body is None or body == "":
        return ""
    if isinstance(body, Mapping):
        for key in _MESSAGE_KEYS:
            value = body.get(key)
            if isinstance(value, str) and value:
                return _clip(value)
            if isinstance(value, Mapping):
                nested = summarize_body(value)
                if nested:
                    return nested
    if isinstance(body, str):
        return _clip(body)
    try:
        text = json.dumps(body, ensure_ascii=False, separators=(",", ":"), default=str)
    except (TypeError, ValueError):
        text = repr(body)
    return _clip(text)


def extract_request_id(headers: httpx.Headers, body: object | None) -> str | None:
    """The server's request/trace id, from well-known headers or the error body."""
    for name in REQUEST_ID_HEADERS:
        header: str | None = headers.get(name)
        if header:
            return header
    candidates = [body]
    if isinstance(body, Mapping):
        candidates.extend(v for v in body.values() if isinstance(v, Mapping))
    for candidate in candidates:
        if isinstance(candidate, Mapping):
            for key in REQUEST_ID_BODY_KEYS:
                value = candidate.get(key)
                if (
                    isinstance(value, (str, int))
                    and not isinstance(value, bool)
                    and value != ""
                ):
                    return str(value)
    return None


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _MAX_SUMMARY else text[: _MAX_SUMMARY - 3] + "..."


def _request_of(response: httpx.Response) -> httpx.Request | None:
    try:
        return response.request
    except RuntimeError:  # a Response built by hand, without a request
        return None
