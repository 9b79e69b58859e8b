"""Reading a streamed response body under the call's size limit and deadline.

The limit counts decompressed bytes, so a small gzip body that inflates to gigabytes stops
at the limit. httpx inflates each network read whole (one 64 KiB read of zeros becomes
64 MB at once), so gzip and deflate, the codings this client asks for, are inflated here in
bounded pieces; any other coding a server sends anyway is left to httpx and counted as it
comes out.
"""

from __future__ import annotations

import zlib
from typing import Any, Callable

import httpx

from ._deadline import Deadline
from ._exceptions import APIResponseTooLargeError

__all__ = ["ACCEPT_ENCODING", "DEFAULT_MAX_RESPONSE_SIZE", "BodyReader"]

DEFAULT_MAX_RESPONSE_SIZE = 64 * 1024 * 1024
ACCEPT_ENCODING = "gzip, deflate"
# The most one step of inflating may produce; bounds memory beyond the limit itself.
_PIECE = 64 * 1024
# How much of an oversized body its error keeps.
_PREFIX = 1024
_IDENTITY = ("", "identity")


class BodyReader:
    """Collects one response's body; ``raw`` says whether to feed it ``iter_raw()`` (and
    inflate here) or ``iter_bytes()`` (httpx decodes)."""

    __slots__ = (
        "response",
        "limit",
        "deadline",
        "redact",
        "raw",
        "_inflate",
        "_deflate",
        "_chunks",
        "_size",
    )

    def __init__(
        self,
        response: httpx.Response,
        limit: int | None,
        deadline: Deadline,
        redact: Callable[[str], str],
    ) -> None:
        self.response = response
        self.limit = limit
        self.deadline = deadline
        self.redact = redact
        self._chunks: list[bytes] = []
        self._size = 0
        self._deflate = False
        self._inflate: Any = None
        coding = response.headers.get("content-encoding", "").strip().lower()
        self.raw = True
        if coding in ("gzip", "x-gzip"):
            self._inflate = zlib.decompressobj(zlib.MAX_WBITS | 16)
        elif coding == "deflate":
            # Servers send both zlib-wrapped and raw deflate; the first bytes tell.
            self._inflate = zlib.decompressobj()
            self._deflate = True
        elif coding not in _IDENTITY:
            self.raw = False

    def feed(self, data: bytes) -> None:
        if self._inflate is None:
            self._add(data)
        else:
            self._inflate_all(data)
        if self.deadline.expired():
            # A ReadTimeout takes the path of every other timeout (error mapping, retries).
            raise httpx.ReadTimeout(
                f"The call's {self.deadline.describe()} ran out while reading the body",
                request=self.response.request,
            )

    def finish(self) -> bytes:
        if self._inflate is not None:
            try:
                self._add(self._inflate.flush())
            except zlib.error as exc:
                raise self._decoding_error(exc) from exc
        content = self._chunks[0] if len(self._chunks) == 1 else b"".join(self._chunks)
        # Where httpx's own read() keeps a body, so .content, .text and .json() work as usual.
        self.response._content = content
        return content

    def _inflate_all(self, data: bytes) -> None:
        try:
            piece = self._inflate.decompress(data, _PIECE)
        except zlib.error as exc:
            if not self._deflate or self._size or self._chunks:
                raise self._decoding_error(exc) from exc
            self._inflate = zlib.decompressobj(-zlib.MAX_WBITS)
            self._deflate = False
            self._inflate_all(data)
            return
        self._deflate = False
        self._add(piece)
        try:
            while self._inflate.unconsumed_tail:
                self._add(
                    self._inflate.decompress(self._inflate.unconsumed_tail, _PIECE)
                )
        except zlib.error as exc:
            raise self._decoding_error(exc) from exc

    def _add(self, piece: bytes) -> None:
        if not piece:
            return
        size = self._size + len(piece)
        if self.limit is not None and size > self.limit:
            raise self._too_large(piece)
        self._size = size
        self._chunks.append(piece)

    def _too_large(self, piece: bytes) -> APIResponseTooLargeError:
        prefix = (self._chunks[0] if self._chunks else piece)[:_PREFIX]
        message = (
            f"Response body exceeds the {self.limit:,} byte limit (max_response_size); "
            "reading stopped"
        )
        return APIResponseTooLargeError(
            message,
            response=self.response,
            limit=self.limit or 0,
            prefix=self.redact(prefix.decode("utf-8", "replace")),
        )

    def _decoding_error(self, exc: zlib.error) -> httpx.DecodingError:
        return httpx.DecodingError(str(exc), request=self.response.request)
