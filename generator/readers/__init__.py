"""Readers, one per doc shape, picked by content (never by file name)."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from generator import diagnostics as diag
from generator.ir import Api
from dataclasses import dataclass
from generator.readers.base import Detector, ReadResult, Reader, SourceDoc
from generator.readers.http_names import drop_unsendable_headers


@dataclass(frozen=True, slots=True)
class _Deferred:
    """A reader module's function, its module imported on the first call.

    The first detector recognises an OpenAPI document, so reading one never imports the
    markdown and prose readers (nor markdown_it): start-up is most of a small document's time.
    """

    module: str
    name: str

    def __call__(self, doc: SourceDoc) -> Any:
        return getattr(import_module(f"{__name__}.{self.module}"), self.name)(doc)


def _lazy_reader(module: str) -> tuple[Detector, Reader]:
    return _Deferred(module, "detect"), _Deferred(module, "read")


# Checked in order: the first detector that recognises the content picks the reader.
READERS: dict[str, tuple[Detector, Reader]] = {
    "openapi": _lazy_reader("openapi"),
    "gitbook-markdown": _lazy_reader("gitbook_markdown"),
    "rendered-reference": _lazy_reader("rendered_reference"),
    "rendered-text": _lazy_reader("rendered_text"),
    "flat-prose": _lazy_reader("flat_prose"),
    "prose-lines": _lazy_reader("prose_lines"),
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
                diag.error(
                    "shape-unknown", "no reader recognises this page's content", doc.span(1)
                ),
            ),
            "unknown",
            "nothing matched",
        )
    shape, why = found
    try:
        result = READERS[shape][1](doc)
    except Exception as exc:  # noqa: BLE001 - a reader bug must not cost the user the other pages
        failure = diag.error(
            "reader-failed",
            f"the {shape} reader failed on this page ({type(exc).__name__}: "
            f"{exc}); please report it",
            doc.span(1),
        )
        return ReadResult(Api(sources=(doc.path,)), (*doc.notes, failure), shape, why)
    fragment, unsendable = drop_unsendable_headers(result.fragment, doc)
    found_here = (*doc.notes, *result.diagnostics, *unsendable)
    return ReadResult(fragment, found_here, result.shape or shape, why, result.unread)


__all__ = ["READERS", "ReadResult", "SourceDoc", "detect", "read"]
