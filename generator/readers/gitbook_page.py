"""A GitBook markdown page as blocks (markdown-it tokens, with 1-based lines), and the words
and tags in them that open sections or name an operation."""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt

from generator.readers.base import SourceDoc
from generator.readers.gitbook_tables import Table, read_table
from generator.readers.vocab import (
    HEADER_SECTIONS,
    PATH_SECTIONS,
    QUERY_SECTIONS,
    REQUEST_SECTIONS,
    RESPONSE_SECTIONS,
    cell,
)

# GitBook block tags: `{% openapi src="..." path="/x" method="post" %}` and kin.
_TAG = re.compile(r"\{%\s*(?P<name>[\w-]+)(?P<attrs>(?:[^%]|%(?!\}))*)%\}")
_ATTR = re.compile(r"([\w-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
OPERATION_TAGS = ("openapi", "openapi-operation", "swagger")
HTTP_LINE = re.compile(r"^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(\S+)\s+HTTP/[\d.]+\s*$", re.I)
STATUS = re.compile(r"(?<![\d.])([1-5]\d\d)(?![\d.])")
# A header name in a code sample's headers map: `'x-api-signature': sign`.
CODE_HEADER = re.compile(r"[\"']([A-Za-z][\w-]*)[\"']\s*:")
_SECTIONS = [(w, "path") for w in PATH_SECTIONS] + [(w, "query") for w in QUERY_SECTIONS]
_SECTIONS += [(w, "header") for w in HEADER_SECTIONS] + [(w, "request") for w in REQUEST_SECTIONS]
_SECTIONS += [(w, "response") for w in RESPONSE_SECTIONS]
_SECTIONS.sort(key=lambda pair: -len(pair[0]))  # the longest phrase wins ("параметры запроса")
# markdown-it stops at 20 levels of lists and quotes and drops the rest of the page with them;
# 100 still keeps its recursive parser far from Python's stack limit.
MAX_MARKDOWN_NESTING = 100
_MARKDOWN = MarkdownIt("commonmark", {"maxNesting": MAX_MARKDOWN_NESTING}).enable("table")


@dataclass
class Block:
    kind: str  # heading, paragraph, table, fence, hr, other
    line: int  # 1-based
    text: str = ""
    level: int = 0
    info: str = ""
    table: Table | None = None
    closed: bool = True  # a fence whose closing marker is on the page
    strong: bool = False  # a paragraph that is all bold (`**User object:**`)


def blocks(doc: SourceDoc) -> tuple[list[Block], list[str]]:
    """Top-level blocks of the page, stopping at an appended document (`---` then a new `#`)."""
    lines = doc.text.splitlines()
    tokens = _MARKDOWN.parse(doc.text)
    out: list[Block] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        line = tok.map[0] + 1 if tok.map else 0
        if tok.level != 0:
            i += 1
        elif tok.type == "table_open":
            table, i = read_table(tokens, i, lines)
            out.append(Block("table", line, table=table))
        elif tok.type in ("heading_open", "paragraph_open"):
            inline = tokens[i + 1]
            kids = [
                k.type for k in inline.children or [] if not (k.type == "text" and not k.content)
            ]
            strong = bool(kids) and kids[0] == "strong_open" and kids[-1] == "strong_close"
            kind = "heading" if tok.type == "heading_open" else "paragraph"
            out.append(
                Block(
                    kind,
                    line,
                    inline.content.strip(),
                    int(tok.tag[1:] or 0) if kind == "heading" else 0,
                    strong=strong,
                )
            )
            i += 3
        elif tok.type in ("fence", "code_block"):
            end = tok.map[1] if tok.map else 0
            closed = tok.type == "code_block" or (
                0 < end <= len(lines)
                and lines[end - 1].strip().startswith(tok.markup)
                and end - 1 > line - 1
            )
            first = line + 1 if tok.type == "fence" else line  # content starts after the fence line
            out.append(Block("fence", first, tok.content, info=tok.info.strip(), closed=closed))
            i += 1
        else:
            out.append(Block("hr" if tok.type == "hr" else "other", line))
            i += 1
    title_at = next((n for n, b in enumerate(out) if b.kind == "heading" and b.level == 1), None)
    for n in range(len(out) - 1):
        if (
            title_at is not None
            and n > title_at
            and out[n].kind == "hr"
            and out[n + 1].kind == "heading"
            and out[n + 1].level == 1
        ):
            return out[:n], lines
    return out, lines


def section(text: str) -> tuple[str, str | None] | None:
    """(section, status) a heading or label opens: `### Ответ:` -> ("response", None)."""
    key = cell(re.sub(r"[()\[\]{}:#]", " ", text))
    status = STATUS.search(key)
    words = STATUS.sub(" ", key).split()
    rest = " ".join(words)
    if status and (not words or len(words) <= 2 and not any(w.isdigit() for w in words)):
        # "200", "201 Created", "401 Unauthorized": a response by status line.
        if not any(rest.startswith(w) for w, kind in _SECTIONS if kind != "response"):
            return "response", status.group(1)
    for phrase, kind in _SECTIONS:
        if rest == phrase or rest.startswith(phrase + " "):
            return kind, status.group(1) if status else None
    return None


def tags(block: Block) -> list[tuple[str, dict[str, str], int]]:
    out = []
    for match in _TAG.finditer(block.text):
        attrs = {k.lower(): a if a else b for k, a, b in _ATTR.findall(match.group("attrs"))}
        out.append(
            (
                match.group("name").lower(),
                attrs,
                block.line + block.text.count("\n", 0, match.start()),
            )
        )
    return out
