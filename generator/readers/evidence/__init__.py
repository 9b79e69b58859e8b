"""The evidence reader: every finder runs on every page, and one assembler builds operations.

Finders, independent of each other and of the page's rendering: `anchors` (a method with a
URL or path, code samples), `fields` (field tables and field lists), `json_samples`, and
credential statements (`Authorization: Bearer <key>`). `assemble` turns what they found into
operations, each piece of evidence kept with its line. A new rendering is a new finder or a
new row in `words`, never an exclusion in another finder.
"""

from __future__ import annotations

import re

from generator.readers.base import ReadResult, SourceDoc
from generator.readers.evidence.anchors import find_anchors
from generator.readers.evidence.assemble import Evidence, assemble
from generator.readers.evidence.blocks import Page, read_page
from generator.readers.evidence.fields import find_fields
from generator.readers.evidence.json_samples import find_samples
from generator.readers.evidence.openapi_fragments import find_openapi

# "Authorization: Bearer <api_key>", "-H 'X-API-Key: ...'" stated in text, not in a sample.
_CREDENTIAL = re.compile(
    r"(?<![\w-])(Authorization|[\w-]*(?:api[-_]?key|token|secret)[\w-]*)\s*:\s*((?:Bearer|Basic|Token)\s+\S+|[<{$]\S+)",
    re.IGNORECASE,
)


def gather(doc: SourceDoc) -> Evidence:
    page = read_page(doc.text)
    samples = find_samples(page, page.role_at())
    return Evidence(
        page,
        tuple(find_anchors(page, doc.path)),
        tuple(find_fields(page)),
        tuple(samples),
        tuple(_credentials(page)),
    )


def _credentials(page: Page) -> list[tuple[str, str, int]]:
    found = []
    for line in page.lines:
        for match in _CREDENTIAL.finditer(line.text):
            found.append((match.group(1), match.group(2), line.no))
    return found


def detect(doc: SourceDoc) -> str | None:
    return _why(gather(doc))


def _why(ev: Evidence) -> str | None:
    if not ev.anchors:
        return None
    first = min(ev.anchors, key=lambda a: a.line)
    return f"{first.how} on line {first.line}"


def read(doc: SourceDoc) -> ReadResult:
    fragment = find_openapi(doc)
    if fragment is not None:  # a schema is the most trusted evidence there is
        return ReadResult(fragment=fragment.api, diagnostics=fragment.diagnostics, shape="evidence", why="an OpenAPI fragment")
    ev = gather(doc)
    api, found = assemble(doc, ev)
    return ReadResult(fragment=api, diagnostics=tuple(found), shape="evidence", why=_why(ev) or "no method and path")


__all__ = ["detect", "gather", "read"]
