"""Diagnostics are values: readers and passes return them instead of raising."""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum

from generator.ir import SourceSpan
from dataclasses import dataclass, field


class Level(str, Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True, slots=True, order=True)
class Diagnostic:
    """A finding about the docs, at the place it was found."""

    source: SourceSpan
    level: Level = field(compare=False)
    code: str
    message: str
    # A second place the diagnostic is about, e.g. the other page of a disagreement.
    related: SourceSpan | None = field(default=None, compare=False)

    def __str__(self) -> str:
        text = f"{self.source}: {self.level.value}[{self.code}]: {self.message}"
        if self.related is not None:
            text += f" (see {self.related})"
        return text


def warning(code: str, message: str, source: SourceSpan) -> Diagnostic:
    return Diagnostic(source=source, level=Level.WARNING, code=code, message=message)


def error(code: str, message: str, source: SourceSpan) -> Diagnostic:
    return Diagnostic(source=source, level=Level.ERROR, code=code, message=message)


def info(code: str, message: str, source: SourceSpan) -> Diagnostic:
    return Diagnostic(source=source, level=Level.INFO, code=code, message=message)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.level is Level.ERROR for d in diagnostics)


def sort_unique(diagnostics: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
    seen: dict[tuple[object, ...], Diagnostic] = {}
    for d in diagnostics:
        seen.setdefault((d.source, d.code, d.message), d)
    return tuple(sorted(seen.values(), key=lambda d: (d.source, d.code, d.message)))


class GeneratorError(Exception):
    """A failure that stops a run; carries diagnostics for the user, never a traceback."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))
