"""Pure helpers behind the clients: URL checks, encoding, decoding and the retry policy.

Nothing here does I/O, so the sync and the async client share every decision.
"""

from __future__ import annotations

import email.utils
import ipaddress
import json
import math
import random
import re
import time
from dataclasses import dataclass
from datetime import date, datetime, time as dt_time, timezone
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any, Callable, Mapping
from urllib.parse import quote
from uuid import UUID

import httpx
import pydantic

from ._types import NotGiven

if TYPE_CHECKING:
    from ._deadline import Deadline

__all__ = [
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "IDEMPOTENT_METHODS",
    "INITIAL_RETRY_DELAY",
    "MAX_RETRY_AFTER",
    "MAX_RETRY_DELAY",
    "Envelope",
    "PreparedCall",
    "RetryPolicy",
    "backoff_delay",
    "check_base_url",
    "decode_body",
    "encode_json",
    "encode_query",
    "fill_path",
    "is_success",
    "retry_after_seconds",
]

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)
DEFAULT_MAX_RETRIES = 2
INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0
# The longest wait between attempts a server can ask for; a longer Retry-After ends the call.
MAX_RETRY_AFTER = 60.0
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})

# The request never left the client, so even a payment cannot have been executed.
_NOT_SENT_ERRORS = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# Worth another try when repeating the request is harmless.
_TRANSIENT_ERRORS = (
    httpx.TimeoutException,
    httpx.NetworkError,
    httpx.RemoteProtocolError,
    httpx.ProxyError,
)


@dataclass(frozen=True)
class Envelope:
    """How the API wraps its results: ``{"success": true, "response": ...}``.

    A JSON object response that has ``success_key`` is unwrapped to its ``payload_key``;
    a false success flag raises :class:`APIEnvelopeError` carrying ``error_key``.
    """

    success_key: str = "success"
    payload_key: str = "response"
    error_key: str = "error"


def check_base_url(base_url: str) -> str:
    """Validate a base URL; plain ``http://`` is only allowed for the local machine."""
    try:
        url = httpx.URL(base_url)
    except httpx.InvalidURL as exc:
        raise ValueError(f"Invalid base_url: {exc}") from None
    if url.scheme not in ("http", "https") or not url.host:
        raise ValueError(
            "base_url must be an absolute https:// URL, e.g. https://api.example.com"
        )
    if url.query or url.fragment:
        raise ValueError("base_url must not contain a query string or fragment")
    if url.userinfo:
        raise ValueError("base_url must not contain credentials; pass them as auth")
    if url.scheme == "http" and not _is_local_host(url.host):
        raise ValueError(
            f"Refusing insecure base_url http://{url.host}: credentials would travel in clear "
            "text. Plain http:// is only allowed for localhost, 127.0.0.0/8 and ::1; "
            "use https://."
        )
    return base_url.rstrip("/")


def _is_local_host(host: str) -> bool:
    host = host.lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


# -- encoding ------------------------------------------------------------------------

_PATH_PARAM = re.compile(r"\{([^{}/]+)\}")


def fill_path(path: str, params: Mapping[str, object]) -> str:
    """Put URL-quoted ``params`` into the ``{name}`` placeholders of ``path``."""

    def substitute(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in params:
            raise ValueError(f"Missing path parameter {name!r}")
        value = params[name]
        text = (
            ""
            if value is None or isinstance(value, NotGiven)
            else to_query_string(value)
        )
        if text == "":
            raise ValueError(f"Expected a non-empty value for path parameter {name!r}")
        if text in (".", ".."):  # never let a value climb out of its path segment
            return text.replace(".", "%2E")
        return quote(text, safe="")

    return _PATH_PARAM.sub(substitute, path)


def to_query_string(value: object) -> str:
    """The text form of a scalar in a URL: ``true``/``false``, enum values, ISO dates."""
    if isinstance(value, str):
        return value
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, Enum):
        return to_query_string(value.value)
    if isinstance(value, (datetime, date, dt_time)):
        return value.isoformat()
    return str(value)


def encode_query(query: Mapping[str, object]) -> list[tuple[str, str]]:
    """Query pairs: ``None`` / ``NOT_GIVEN`` dropped, lists and tuples repeat the key."""
    pairs: list[tuple[str, str]] = []
    for key, value in query.items():
        if value is None or isinstance(value, NotGiven):
            continue
        if isinstance(value, (list, tuple, set, frozenset)):
            pairs.extend(
                (key, to_query_string(item))
                for item in value
                if item is not None and not isinstance(item, NotGiven)
            )
        else:
            pairs.append((key, to_query_string(value)))
    return pairs


def _json_default(value: object) -> object:
    if isinstance(value, pydantic.BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (datetime, date, dt_time)):
        return value.isoformat()
    if isinstance(value, (UUID, Decimal)):
        return str(value)
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


_ENCODER = json.JSONEncoder(
    ensure_ascii=False, separators=(",", ":"), allow_nan=False, default=_json_default
)


def encode_json(body: object) -> bytes:
    """Serialise a body once, compactly, as UTF-8: these exact bytes are sent (and signed)."""
    return _ENCODER.encode(body).encode("utf-8")


# -- decoding ------------------------------------------------------------------------


def decode_body(response: httpx.Response) -> object:
    """The response body as a JSON value if it is JSON, else as text (``None`` if empty)."""
    content = response.content
    if not content:
        return None
    if "json" in response.headers.get("content-type", "") or content[:1] in (
        b"{",
        b"[",
    ):
        try:
            return json.loads(content)
        except ValueError:
            pass
    return response.text


def is_success(flag: object) -> bool:
    """Whether an envelope's success flag means success (``true``, ``1``, ``"true"``)."""
    if isinstance(flag, str):
        return flag.strip().lower() in ("true", "1", "ok", "yes")
    return flag is True or (isinstance(flag, (int, float)) and flag == 1)


# -- retries -------------------------------------------------------------------------


def retry_after_seconds(
    headers: httpx.Headers, now: float | None = None
) -> float | None:
    """Seconds to wait from ``retry-after-ms`` or ``Retry-After`` (seconds or HTTP date)."""
    raw_ms = headers.get("retry-after-ms")
    if raw_ms:
        try:
            seconds = float(raw_ms) / 1000.0
        except ValueError:
            seconds = math.nan
        if math.isfinite(seconds) and seconds >= 0:
            return seconds
    raw = headers.get("retry-after")
    if not raw:
        return None
    try:
        seconds = float(raw)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(raw)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        return max(0.0, when.timestamp() - (time.time() if now is None else now))
    return seconds if math.isfinite(seconds) and seconds >= 0 else None


def backoff_delay(
    retries_taken: int, rand: Callable[[], float] = random.random
) -> float:
    """Exponential backoff with full jitter: uniform in [0, min(8, 0.5 * 2**n)) seconds."""
    return rand() * min(
        MAX_RETRY_DELAY, INITIAL_RETRY_DELAY * 2.0 ** min(retries_taken, 32)
    )


class RetryPolicy:
    """Whether, and after how long, a failed attempt is tried again.

    Payment-safe: an idempotent call (GET, HEAD, OPTIONS, PUT, DELETE, or any call marked
    ``idempotent=True``) is retried after network errors, timeouts, 408, 409, 429 and 5xx.
    Any other call (POST, PATCH) is retried only when the server cannot have acted on it:
    the connection was never made (refused, DNS, connect timeout, no pooled connection), or
    the server answered 429/503 *with* ``Retry-After``. ``x-should-retry: false`` always
    stops retries; ``x-should-retry: true`` makes any error status retryable, but only for
    idempotent calls. The delay is ``Retry-After`` when the server sent one, else
    exponential backoff with full jitter; whether the call can afford it is the
    :class:`~._deadline.Deadline`'s decision.
    """

    __slots__ = ("max_retries", "idempotent")

    def __init__(self, max_retries: int, idempotent: bool) -> None:
        self.max_retries = max_retries
        self.idempotent = idempotent

    def delay_after_error(self, exc: Exception, retries_taken: int) -> float | None:
        if retries_taken >= self.max_retries:
            return None
        if isinstance(exc, _NOT_SENT_ERRORS) or (
            self.idempotent and isinstance(exc, _TRANSIENT_ERRORS)
        ):
            return backoff_delay(retries_taken)
        return None

    def delay_after_response(
        self, response: httpx.Response, retries_taken: int
    ) -> float | None:
        status = response.status_code
        if status < 400 or retries_taken >= self.max_retries:
            return None
        headers = response.headers
        verdict = headers.get("x-should-retry")
        if verdict == "false":
            return None
        retry_after = retry_after_seconds(headers)
        if self.idempotent:
            retryable = status in (408, 409, 429) or status >= 500
            if not retryable and verdict != "true":
                return None
        elif status not in (429, 503) or retry_after is None:
            return None
        if retry_after is not None:
            return retry_after
        return backoff_delay(retries_taken)


class PreparedCall:
    """One API call: everything that stays the same across its attempts."""

    __slots__ = (
        "method",
        "url",
        "params",
        "headers",
        "body",
        "deadline",
        "policy",
        "max_response_size",
    )

    def __init__(
        self,
        method: str,
        url: str,
        params: Any,
        headers: Mapping[str, str],
        body: object,
        deadline: Deadline,
        policy: RetryPolicy,
        max_response_size: int | None,
    ) -> None:
        self.method = method
        self.url = url
        self.params = params
        self.headers = headers
        self.body = body
        self.deadline = deadline
        self.policy = policy
        self.max_response_size = max_response_size
