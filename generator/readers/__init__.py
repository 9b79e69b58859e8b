"""Readers, one per doc shape, picked by content (never by file name)."""

from __future__ import annotations

from .. import diagnostics as diag
from ..ir import Api
from . import flat_prose, gitbook_markdown, openapi, prose_lines, rendered_reference, rendered_text
from .base import Detector, ReadResult, Reader, SourceDoc
from .http_names import drop_unsendable_headers

# Checked in order: the first detector that recognises the content picks the reader.
READERS: dict[str, tuple[Detector, Reader]] = {
    "openapi": (openapi.detect, openapi.read),
    "gitbook-markdown": (gitbook_markdown.detect, gitbook_markdown.read),
    "rendered-reference": (rendered_reference.detect, rendered_reference.read),
    "rendered-text": (rendered_text.detect, rendered_text.read),
    "flat-prose": (flat_prose.detect, flat_prose.read),
    "prose-lines": (prose_lines.detect, prose_lines.read),
}


def detect(doc: SourceDoc) -> tuple[str, str] | None:
    for shape, (detector, _reader) in READERS.items():
        why = detector(doc)
        if why:
            return shape, why
    return None


def read(doc: SourceDoc) -> ReadResult:
    found = detect(doc)
    if found is None:
        return ReadResult(
            Api(sources=(doc.path,)),
            (
                *doc.notes,
                diag.error("shape-unknown", "no reader recognises this page's content", doc.span(1)),
            ),
            "unknown",
            "nothing matched",
        )
    shape, why = found
    try:
        result = READERS[shape][1](doc)
    except Exception as exc:  # noqa: BLE001 - a reader bug must not cost the user the other pages
        failure = diag.error("reader-failed", f"the {shape} reader failed on this page ({type(exc).__name__}: "
                             f"{exc}); please report it", doc.span(1))
        return ReadResult(Api(sources=(doc.path,)), (*doc.notes, failure), shape, why)
    fragment, unsendable = drop_unsendable_headers(result.fragment, doc)
    found_here = (*doc.notes, *result.diagnostics, *unsendable)
    return ReadResult(fragment, found_here, result.shape or shape, why, result.unread)


__all__ = ["READERS", "ReadResult", "SourceDoc", "detect", "read"]
