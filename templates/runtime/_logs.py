"""What the clients log (at DEBUG, and at INFO a retry that was refused), never a secret."""

from __future__ import annotations

import logging

import httpx

from ._core import PreparedCall
from ._redact import Redactor

__all__ = ["log", "log_failure", "log_refusal", "log_response", "log_retry"]

# The generated package's top-level name, e.g. "onchainpay" for "onchainpay._logs".
log = logging.getLogger(__name__.split(".")[0])


def log_response(
    redact: Redactor, response: httpx.Response, call: PreparedCall, retries: int
) -> None:
    request = response.request  # after auth: carries the auth headers, shown redacted
    log.debug(
        "%s %s -> %d %s (attempt %d of %d) request headers: %s",
        request.method,
        redact(str(request.url)),
        response.status_code,
        response.reason_phrase,
        retries + 1,
        call.policy.max_retries + 1,
        redact.headers(request.headers.items()),
    )


def log_retry(
    redact: Redactor, call: PreparedCall, retries: int, delay: float, reason: str
) -> None:
    if log.isEnabledFor(logging.DEBUG):
        log.debug(
            "%s %s failed (%s); retry %d of %d in %.3f s",
            call.method,
            redact(call.url),
            reason,
            retries + 1,
            call.policy.max_retries,
            delay,
        )


def log_failure(redact: Redactor, request: httpx.Request, kind: str) -> None:
    if log.isEnabledFor(logging.DEBUG):
        url = redact(str(request.url))
        log.debug("%s %s failed (%s); not retried", request.method, url, kind)


def log_refusal(redact: Redactor, call: PreparedCall, note: str) -> None:
    log.info("%s %s: not retried: %s", call.method, redact(call.url), note)
