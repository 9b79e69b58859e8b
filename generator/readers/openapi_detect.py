"""Whether a document is OpenAPI: a whole file, or a page with fenced OpenAPI blocks."""

from __future__ import annotations

import re

from generator.readers.base import SourceDoc

OPENAPI_KEY = re.compile(r"^\s*[\"']?(openapi|swagger)[\"']?\s*:\s*[\"']?(\d+\.\d+)", re.MULTILINE)
# A top-level key anywhere in the file (documents with sorted keys put `openapi` late). Searched
# in "\n" + text: a literal first character is found fast, `^` is tried at every position.
_TOP_LEVEL_KEY = re.compile(r"\n[\"']?(openapi|swagger)[\"']?\s*:\s*[\"']?(\d+\.\d+)")
# JSON may be indented any way or be one line; a nested "openapi" key is not seen in practice.
_JSON_KEY = re.compile(r"\"(openapi|swagger)\"\s*:\s*\"(\d+\.\d+)")
# The first meaningful line of a YAML or JSON document (a page starts with prose or a heading).
_DATA_START = re.compile(
    r"\A(?:\s*#[^\n]*\n|\s*---\s*\n|\s*\n)*\s*(?:\{|[\"']?[A-Za-z_$][\w$.-]*[\"']?\s*:)"
)


# A fence at column 0 naming YAML or JSON: a doc page carrying a block, not a data file
# (fences inside a data file's strings are indented or escaped).
_DATA_FENCE = re.compile(r"\n(?:`{3,}|~{3,})\s*(?:ya?ml|json)\b", re.IGNORECASE)


def whole_file(doc: SourceDoc) -> str | None:
    """Why `doc` is a whole OpenAPI file (YAML or JSON), or None."""
    lines = "\n" + doc.text  # every line start follows a newline (see _TOP_LEVEL_KEY)
    if not _DATA_START.match(doc.text) or _DATA_FENCE.search(lines):
        return None
    is_json = doc.text.lstrip()[:1] == "{"
    match = _JSON_KEY.search(doc.text) if is_json else _TOP_LEVEL_KEY.search(lines)
    if match is None:
        return None
    return f"a {'JSON' if is_json else 'YAML'} document with top-level `{match.group(1)}: {match.group(2)}`"


def detect(doc: SourceDoc) -> str | None:
    """Match a whole OpenAPI file, or a page with a fenced OpenAPI block."""
    whole = whole_file(doc)
    if whole:
        return whole
    for info, _start, body in fenced_blocks(doc):
        if OPENAPI_KEY.search(body[:4096]):
            return block_reason(info)
    return None


def block_reason(info: str) -> str:
    return f"a fenced block (`{info.strip()[:60]}`) holds an OpenAPI document"


def fenced_blocks(doc: SourceDoc) -> list[tuple[str, int, str]]:
    """(info line, 1-based line of the first content line, content) of every fence."""
    if "```" not in doc.text and "~~~" not in doc.text:
        return []
    from markdown_it import MarkdownIt  # here: a whole OpenAPI file never needs it

    tokens = MarkdownIt("commonmark", {"maxNesting": 100}).parse(doc.text)  # see gitbook_page
    return [
        (t.info, (t.map[0] + 2) if t.map else 1, t.content)
        for t in tokens
        if t.type == "fence" and t.map is not None
    ]


def unclosed(doc: SourceDoc, first_line: int, body: str) -> bool:
    """A fence the page ends inside: its content runs to the last line of the page."""
    lines = doc.text.splitlines()
    last = lines[-1].strip() if lines else ""
    ends_page = first_line - 1 + len(body.splitlines()) >= len(lines)
    return ends_page and not (last.startswith("```") or last.startswith("~~~"))
