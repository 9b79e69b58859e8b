"""Keeping credentials out of everything a user can print: messages, logs, requests, hooks.

An auth object names the headers it sets (``auth_header_names()``) and the secrets it holds
(``secret_values()``); a :class:`Redactor` built from them masks the secrets in text and
replaces the values of those headers on every request the client hands out.
"""

from __future__ import annotations

from typing import Any, Awaitable, Callable, Iterable, Mapping
from urllib.parse import quote, quote_plus

import httpx

from ._types import REDACTED

__all__ = ["SENSITIVE_HEADERS", "Redactor"]

SENSITIVE_HEADERS = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "cookie",
        "set-cookie",
        "x-api-key",
        "api-key",
        "x-auth-token",
    }
)

_Hooks = Mapping[str, list[Callable[..., Any]]]


class Redactor:
    """Masks secrets in text and the values of credential headers (computed once)."""

    __slots__ = ("secrets", "header_names")

    def __init__(
        self, secrets: Iterable[str], header_names: Iterable[str] = ()
    ) -> None:
        values = {s for s in secrets if s}
        # Also the forms a secret takes inside a URL.
        values.update(
            [quote(s, safe="") for s in values] + [quote_plus(s) for s in values]
        )
        self.secrets = tuple(sorted(values, key=len, reverse=True))
        self.header_names = SENSITIVE_HEADERS | {n.lower() for n in header_names}

    @classmethod
    def for_auth(cls, auth: object, headers: Mapping[str, str]) -> Redactor:
        """Secrets and header names from an auth object's ``secret_values()`` and
        ``auth_header_names()`` (when it has them), plus sensitive default headers."""
        names = {n.lower() for n in getattr(auth, "auth_header_names", tuple)()}
        secrets = list(getattr(auth, "secret_values", tuple)())
        hidden = SENSITIVE_HEADERS | names
        secrets.extend(v for k, v in headers.items() if k.lower() in hidden)
        return cls(secrets, names)

    def __call__(self, text: str) -> str:
        for secret in self.secrets:
            if secret in text:
                text = text.replace(secret, REDACTED)
        return text

    def headers(self, headers: Iterable[tuple[str, str]]) -> dict[str, str]:
        """Headers fit for a log line: sensitive ones replaced, secrets masked in the rest."""
        hidden = self.header_names
        return {k: REDACTED if k.lower() in hidden else self(v) for k, v in headers}

    def scrub(self, request: httpx.Request) -> None:
        """Replace the credential headers of a request that has been sent.

        Exceptions, raw responses and ``response.request`` all hand this very object to
        the user, and it is never sent again (each attempt builds a new request).
        """
        headers = request.headers
        for name in [k for k in headers.keys() if k in self.header_names]:
            headers[name] = REDACTED

    def mask(self, request: httpx.Request) -> dict[str, str]:
        """Like :meth:`scrub`, but returns the values so :meth:`unmask` can put them back."""
        headers = request.headers
        saved = {k: v for k, v in headers.items() if k in self.header_names}
        for name in saved:
            headers[name] = REDACTED
        return saved

    @staticmethod
    def unmask(request: httpx.Request, saved: Mapping[str, str]) -> None:
        for name, value in saved.items():
            request.headers[name] = value

    # -- event hooks of a caller's own httpx client -----------------------------------

    def guard_hooks(self, hooks: _Hooks) -> dict[str, list[Callable[..., Any]]]:
        """Sync event hooks that see the request with its credential headers masked.

        The values are put back after each hook: a request hook runs before the request is
        sent, and a response hook's request may still be followed to a redirect.
        """
        return {
            kind: [self._guarded(hook, kind == "response") for hook in items]
            for kind, items in hooks.items()
        }

    def guard_async_hooks(self, hooks: _Hooks) -> dict[str, list[Callable[..., Any]]]:
        """:meth:`guard_hooks` for an ``httpx.AsyncClient``'s (async) hooks."""
        return {
            kind: [self._async_guarded(hook, kind == "response") for hook in items]
            for kind, items in hooks.items()
        }

    def _guarded(
        self, hook: Callable[[Any], object], of_response: bool
    ) -> Callable[[Any], None]:
        def guarded(item: Any) -> None:
            request = item.request if of_response else item
            saved = self.mask(request)
            try:
                hook(item)
            finally:
                self.unmask(request, saved)

        return guarded

    def _async_guarded(
        self, hook: Callable[[Any], Awaitable[object]], of_response: bool
    ) -> Callable[[Any], Awaitable[None]]:
        async def guarded(item: Any) -> None:
            request = item.request if of_response else item
            saved = self.mask(request)
            try:
                await hook(item)
            finally:
                self.unmask(request, saved)

        return guarded
