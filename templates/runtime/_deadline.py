"""One time budget per call: every attempt, its body and the waits between attempts.

httpx's timeouts bound each socket operation, so a server that drips one byte at a time can
keep a call alive forever. A :class:`Deadline` is fixed when the call starts; each attempt's
connect/read/write/pool timeouts are capped by what is left of it, the body is read with an
eye on the clock, and a retry whose wait would not fit ends the call at once.
"""

from __future__ import annotations

import time

import httpx

from ._core import MAX_RETRY_AFTER
from ._types import TimeoutTypes

__all__ = ["Deadline", "budget_of"]

# An attempt started with (almost) nothing left still gets a positive socket timeout: zero
# would put the socket in non-blocking mode, which is not a timeout at all.
_MIN_ATTEMPT = 0.001


def budget_of(timeout: TimeoutTypes) -> float | None:
    """The whole call's budget: the number itself, or the largest part of an httpx.Timeout."""
    if timeout is None:
        return None
    if isinstance(timeout, httpx.Timeout):
        parts = [
            p
            for p in (timeout.connect, timeout.read, timeout.write, timeout.pool)
            if p is not None
        ]
        return max(parts) if parts else None
    return float(timeout)


class Deadline:
    """When a call must be over, and the per-phase timeouts it was configured with."""

    __slots__ = ("budget", "at", "_phases")

    def __init__(self, timeout: TimeoutTypes) -> None:
        self.budget = budget_of(timeout)
        self.at = None if self.budget is None else time.monotonic() + self.budget
        if isinstance(timeout, httpx.Timeout):
            self._phases = (timeout.connect, timeout.read, timeout.write, timeout.pool)
        else:
            self._phases = (self.budget,) * 4

    def remaining(self) -> float | None:
        """Seconds left (negative once passed), or None for a call without a deadline."""
        return None if self.at is None else self.at - time.monotonic()

    def expired(self) -> bool:
        return self.at is not None and time.monotonic() >= self.at

    def attempt_timeout(self) -> httpx.Timeout:
        """The configured phase timeouts, none longer than what is left of the call."""
        left = self.remaining()
        if left is None:
            connect, read, write, pool = self._phases
        else:
            left = max(left, _MIN_ATTEMPT)
            connect, read, write, pool = (
                left if p is None or p > left else p for p in self._phases
            )
        return httpx.Timeout(connect=connect, read=read, write=write, pool=pool)

    def refuse_wait(self, seconds: float, source: str) -> str | None:
        """Why a wait of ``seconds`` before the next attempt is not taken, or None."""
        if seconds > MAX_RETRY_AFTER:
            return (
                f"{source} asks for {seconds:g} s, more than the {MAX_RETRY_AFTER:g} s "
                "this client waits between attempts"
            )
        left = self.remaining()
        if left is not None and seconds >= left:
            return (
                f"{source} asks for {seconds:.3g} s, more than the {max(left, 0.0):.3g} s "
                f"left of the call's {self.budget:g} s timeout"
            )
        return None

    def describe(self) -> str:
        return "no timeout" if self.budget is None else f"{self.budget:g} s timeout"
