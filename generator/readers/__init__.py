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
    # Not a shape: reads the evidence on any page (see `read`); its detector is never asked first.
    "evidence": _lazy_reader("evidence"),
}


def detect(doc: SourceDoc) -> tuple[str, str] | None:
    for shape, (detector, _reader) in READERS.items():
        if shape == "evidence":
            continue
        why = detector(doc)
        if why:
            return shape, why
    return None


def read(doc: SourceDoc) -> ReadResult:
    """The page read by the shape reader that claims it; the evidence reader reads every page
    no shape reader claims or that its shape reader found no operation on."""
    found = detect(doc)
    if found is None:
        return _finish(_read_evidence(doc), doc)
    shape, why = found
    result = _read_shape(doc, shape, why)
    if shape == "openapi" and result.fragment.operations:
        return result  # a whole document's schema is the best evidence there is
    evidence = _read_evidence(doc)
    # A shape reader that misses operations the page shows (or all of them) gives way.
    if len(evidence.fragment.operations) > len(result.fragment.operations):
        return _finish(evidence, doc)
    return result


def _read_evidence(doc: SourceDoc) -> ReadResult:
    try:
        return READERS["evidence"][1](doc)
    except Exception as exc:  # noqa: BLE001 - a reader bug must not cost the user the other pages
        failure = diag.error(
            "reader-failed",
            f"the evidence reader failed on this page ({type(exc).__name__}: {exc}); please report it",
            doc.span(1),
        )
        return ReadResult(fragment=Api(sources=(doc.path,)), diagnostics=(failure,), shape="evidence", why="")


def _finish(result: ReadResult, doc: SourceDoc) -> ReadResult:
    fragment, unsendable = drop_unsendable_headers(result.fragment, doc)
    return ReadResult(fragment=fragment, diagnostics=(*doc.notes, *result.diagnostics, *unsendable), shape=result.shape, why=result.why,
                      unread=result.unread)


def _read_shape(doc: SourceDoc, shape: str, why: str) -> ReadResult:
    try:
        result = READERS[shape][1](doc)
    except Exception as exc:  # noqa: BLE001 - a reader bug must not cost the user the other pages
        failure = diag.error(
            "reader-failed",
            f"the {shape} reader failed on this page ({type(exc).__name__}: "
            f"{exc}); please report it",
            doc.span(1),
        )
        return ReadResult(fragment=Api(sources=(doc.path,)), diagnostics=(*doc.notes, failure), shape=shape, why=why)
    fragment, unsendable = drop_unsendable_headers(result.fragment, doc)
    found_here = (*doc.notes, *result.diagnostics, *unsendable)
    return ReadResult(fragment=fragment, diagnostics=found_here, shape=result.shape or shape, why=why, unread=result.unread)


__all__ = ["READERS", "ReadResult", "SourceDoc", "detect", "read"]
