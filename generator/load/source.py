"""A doc file as the readers see it: its bytes read, decoded, with universal newlines."""

from __future__ import annotations

from pathlib import Path

from generator import diagnostics as diag
from generator.diagnostics import Diagnostic
from generator.ir import SourceSpan
from generator.load.encoding import decode
from dataclasses import dataclass

# Real API documents reach ~4 MB (Stripe, Telnyx); anything far larger is not a doc page.
MAX_SOURCE_BYTES = 32 * 1024 * 1024



@dataclass(frozen=True, slots=True)
class SourceDoc:
    """A decoded doc file, as readers see it."""

    path: str  # as shown in diagnostics
    text: str
    notes: tuple[Diagnostic, ...] = ()  # about the file itself (encoding), reported with the page

    def span(self, line: int = 0) -> SourceSpan:
        return SourceSpan(self.path, line)



def load_source(path: Path, root: Path | None = None) -> SourceDoc | Diagnostic:
    shown = display_path(path, root)
    span = SourceSpan(shown, 1)  # a problem with the whole file: shown at its first line
    try:
        size = path.stat().st_size
        if size > MAX_SOURCE_BYTES:
            return diag.error("too-large", f"file is {size} bytes; the limit is {MAX_SOURCE_BYTES}", span)
        data = path.read_bytes()
    except OSError as exc:
        return diag.error("unreadable", f"cannot read: {exc.strerror or exc}", span)
    decoded = decode(data, shown)
    if isinstance(decoded, Diagnostic):
        return decoded
    text, notes = decoded
    # Universal newlines, as text-mode open() gives: a page saved with CR or CRLF line ends
    # reads like one with LF, and diagnostics count lines as editors do.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return diag.error("empty", "the file is empty", SourceSpan(shown, 1))
    return SourceDoc(path=shown, text=text, notes=notes)


def display_path(path: Path, root: Path | None = None) -> str:
    try:
        return str(path.resolve().relative_to((root or Path.cwd()).resolve()))
    except ValueError:
        return str(path)
