"""Reader stub: being written. detect() recognises nothing yet."""

from __future__ import annotations

from ..ir import Api
from .base import ReadResult, SourceDoc


def detect(doc: SourceDoc) -> str | None:
    return None


def read(doc: SourceDoc) -> ReadResult:
    return ReadResult(Api(sources=(doc.path,)), (), "flat_prose", "")
