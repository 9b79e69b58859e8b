"""What every reader shares: the document it reads and the result it gives back."""

from __future__ import annotations

from collections.abc import Callable

from generator.diagnostics import Diagnostic
from generator.ir import Api
from generator.load.source import SourceDoc
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class ReadResult:
    """What one reader made of one doc file, and why it was the one chosen."""

    fragment: Api
    diagnostics: tuple[Diagnostic, ...] = ()
    shape: str = ""
    why: str = ""  # what in the content made the detector pick this reader
    unread: tuple[tuple[int, str], ...] = field(default=())  # (line, text) not understood


Reader = Callable[[SourceDoc], ReadResult]
# A detector looks at the content only (never the file name) and returns why it matches.
Detector = Callable[[SourceDoc], str | None]

__all__ = ["Detector", "ReadResult", "Reader", "SourceDoc"]
