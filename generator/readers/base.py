"""What every reader shares: the document it reads and the result it gives back."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..diagnostics import Diagnostic
from ..ir import Api, SourceSpan
from ..records import Record, field


class SourceDoc(Record):
    """A decoded doc file, as readers see it."""

    path: str  # as shown in diagnostics
    text: str
    notes: tuple[Diagnostic, ...] = ()  # about the file itself (encoding), reported with the page

    def span(self, line: int = 0) -> SourceSpan:
        return SourceSpan(self.path, line)


class ReadResult(Record):
    """What one reader made of one doc file, and why it was the one chosen."""

    fragment: Api
    diagnostics: tuple[Diagnostic, ...] = ()
    shape: str = ""
    why: str = ""  # what in the content made the detector pick this reader
    unread: tuple[tuple[int, str], ...] = field(default=())  # (line, text) not understood


Reader = Callable[[SourceDoc], ReadResult]
# A detector looks at the content only (never the file name) and returns why it matches.
Detector = Callable[[SourceDoc], str | None]


def display_path(path: Path, root: Path | None = None) -> str:
    try:
        return str(path.resolve().relative_to((root or Path.cwd()).resolve()))
    except ValueError:
        return str(path)
