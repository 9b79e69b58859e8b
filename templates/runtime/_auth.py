"""Authentication schemes, as :class:`httpx.Auth` objects.

Every class keeps its secrets out of ``repr``/``str`` and exposes

* ``secret_values()``: every secret string, so the client can mask them in logs and errors;
* ``auth_header_names()``: the headers it sets, whose values are never logged.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import threading
import time
from typing import Generator, Mapping, Protocol, runtime_checkable

import httpx

from ._types import REDACTED as _REDACTED

__all__ = [
    "APIKeyHeaderAuth",
    "CredentialAuth",
    "BearerAuth",
    "HmacBodySignatureAuth",
    "next_nonce",
]


@runtime_checkable
class CredentialAuth(Protocol):
    """What the client needs of an auth scheme to keep its credentials out of sight.

    ``auth_header_names()`` is every header the scheme sets: their values are replaced by
    ``<redacted>`` on each request the client hands out (errors, raw responses, logs, event
    hooks). ``secret_values()`` is every secret string, masked wherever it appears in text.
    """

    def auth_header_names(self) -> tuple[str, ...]: ...

    def secret_values(self) -> tuple[str, ...]: ...


def _require(name: str, value: str) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError(f"{name} must be a non-empty string")
    return value


class APIKeyHeaderAuth(httpx.Auth):
    """An API key in a header, optionally after a prefix.

    ``APIKeyHeaderAuth("Authorization", key, prefix="APIKey")`` sends
    ``Authorization: APIKey <key>``; ``APIKeyHeaderAuth("x-APIKey", key)`` sends
    ``x-APIKey: <key>``.
    """

    def __init__(self, header: str, key: str, prefix: str | None = None) -> None:
        self._header = _require("header", header)
        self._key = _require("API key", key)
        self._prefix = prefix or None
        self._value = f"{prefix} {key}" if prefix else key

    def auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers[self._header] = self._value
        yield request

    def secret_values(self) -> tuple[str, ...]:
        return (self._key, self._value)

    def auth_header_names(self) -> tuple[str, ...]:
        return (self._header,)

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(header={self._header!r}, prefix={self._prefix!r}, "
            f"key={_REDACTED!r})"
        )

    __str__ = __repr__


class BearerAuth(APIKeyHeaderAuth):
    """``Authorization: Bearer <token>``."""

    def __init__(self, token: str) -> None:
        super().__init__("Authorization", token, prefix="Bearer")

    def __repr__(self) -> str:
        return f"{type(self).__name__}(token={_REDACTED!r})"

    __str__ = __repr__


# --------------------------------------------------------------------------------------
# Nonces
#
# A nonce is ``tick * _NONCE_SLOTS + slot``:
#
# * ``tick`` starts from the wall clock in milliseconds and is ``max(last_tick + 1, now_ms)``
#   under a process-wide lock, so within one process every nonce is strictly greater than the
#   previous one, whichever thread, asyncio task or client instance asks for it; after a
#   burst it simply runs a little ahead of the clock and the clock catches up later. Starting
#   from the clock (not from zero) keeps values increasing across restarts of a program, and
#   keeps them above the plain ``Date.now()`` nonces the vendors' own docs use.
# * ``slot`` is the process id modulo ``_NONCE_SLOTS``. Two processes that run at the same
#   time (even started in the same millisecond, even forked from one parent) have different
#   pids; pids are handed out sequentially, so processes started together differ in their low
#   bits and get different slots, and since every nonce of a process is congruent to its slot,
#   two such processes can never produce the same value, whatever their clocks and bursts do.
#   (Only live processes whose pids are equal modulo 2048 share a slot; they would also have
#   to hit the same tick.)
# * Values stay below 2**53 until the year 2109 (now_ms * 2048 < 9.007e15), so servers that
#   parse JSON numbers as IEEE doubles (JavaScript) still see every nonce exactly.
# --------------------------------------------------------------------------------------

_NONCE_SLOTS = 2048
_nonce_lock = threading.Lock()
_nonce_last_tick = 0
_nonce_slot = os.getpid() % _NONCE_SLOTS


def _reset_nonce_state_in_child() -> None:
    # A forked child gets a new pid (so a new slot) and must not inherit a held lock.
    global _nonce_lock, _nonce_slot
    _nonce_lock = threading.Lock()
    _nonce_slot = os.getpid() % _NONCE_SLOTS


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_reset_nonce_state_in_child)


def next_nonce() -> int:
    """A fresh integer nonce: strictly increasing in this process, unique across processes."""
    global _nonce_last_tick
    now_ms = time.time_ns() // 1_000_000
    with _nonce_lock:
        tick = now_ms if now_ms > _nonce_last_tick else _nonce_last_tick + 1
        _nonce_last_tick = tick
        return tick * _NONCE_SLOTS + _nonce_slot


class HmacBodySignatureAuth(httpx.Auth):
    """Sign the exact request body with HMAC-SHA256 (OnChainPay style).

    The client calls :meth:`prepare_body` on every attempt, which puts a fresh nonce into
    the JSON body; the body is serialised once, and :meth:`auth_flow` signs those very
    bytes: ``<signature_header>`` = lowercase hex HMAC-SHA256(key=private key, msg=body),
    ``<public_key_header>`` = the public key.
    """

    requires_request_body = True

    def __init__(
        self,
        public_key: str,
        private_key: str,
        *,
        public_key_header: str,
        signature_header: str,
        nonce_field: str = "nonce",
    ) -> None:
        self._public_key = _require("public key", public_key)
        self._private_key = _require("private key", private_key)
        self._public_key_header = _require("public_key_header", public_key_header)
        self._signature_header = _require("signature_header", signature_header)
        self._nonce_field = nonce_field
        # Key schedule done once; each signature works on a copy.
        self._mac = hmac.new(private_key.encode("utf-8"), digestmod=hashlib.sha256)

    @property
    def nonce_field(self) -> str:
        return self._nonce_field

    def prepare_body(self, body: Mapping[str, object]) -> dict[str, object]:
        """A copy of ``body`` with a fresh nonce in ``nonce_field`` (placed last)."""
        prepared = dict(body)
        prepared.pop(self._nonce_field, None)
        prepared[self._nonce_field] = next_nonce()
        return prepared

    def sign(self, content: bytes) -> str:
        """Lowercase hex HMAC-SHA256 of ``content`` keyed by the private key."""
        mac = self._mac.copy()
        mac.update(content)
        return mac.hexdigest()

    def auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        # ``requires_request_body`` makes httpx read the body first, so ``content`` is exactly
        # the bytes that go on the wire.
        request.headers[self._public_key_header] = self._public_key
        request.headers[self._signature_header] = self.sign(request.content)
        yield request

    def secret_values(self) -> tuple[str, ...]:
        # The public key too: with the signature it identifies and authorises the caller.
        return (self._private_key, self._public_key)

    def auth_header_names(self) -> tuple[str, ...]:
        return (self._public_key_header, self._signature_header)

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(public_key={_REDACTED!r}, private_key={_REDACTED!r}, "
            f"public_key_header={self._public_key_header!r}, "
            f"signature_header={self._signature_header!r}, nonce_field={self._nonce_field!r})"
        )

    __str__ = __repr__
