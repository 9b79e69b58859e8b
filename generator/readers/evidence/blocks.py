"""A page as numbered lines of text, whatever it was written in, plus its HTML tables.

Every finder reads the same `Page`: the text with HTML markup turned into its text (by the
standard library's HTML parser, so entities and tags are handled as a browser would), each
line keeping its number in the file, so that every piece of evidence can name its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser

from generator.readers.evidence.words import REQUIRED_HEADINGS, SECTIONS
from generator.readers.vocab import CHROME_PREFIXES, PAGE_CHROME, cell

# Markup that says a page is HTML; `<string>` or `<api_key>` in a sample must stay text.
_HTML_MARK = re.compile(r"<(?:table|tr|td|th|p|div|h[1-6]|ul|li|pre|code|span|br)\b[^>]*>", re.I)
_SOURCE = re.compile(r"^\s*source:\s*(https?://\S+)\s*$", re.IGNORECASE)
_FRONT_TITLE = re.compile(r"^\s*title:\s*(.+?)(?:\s+[a-z_]+:.*)?$")  # front matter, maybe on one line
_BLOCK_TAGS = {"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "br", "pre", "table",
               "ul", "ol", "thead", "tbody", "dt", "dd"}


@dataclass(frozen=True, slots=True)
class Line:
    no: int  # 1-based line in the file
    text: str


@dataclass(frozen=True, slots=True)
class Table:
    rows: tuple[tuple[tuple[str, ...], int], ...]  # (cells, line)
    header_row: bool  # the first row is a header (<th> cells)


@dataclass(frozen=True, slots=True)
class Page:
    lines: tuple[Line, ...]
    tables: tuple[Table, ...]
    source_url: str | None
    title: str

    def role_at(self) -> dict[int, str]:
        """The section role each line stands in (the last heading above it)."""
        roles: dict[int, str] = {}
        role = ""
        level = 7  # the markdown level of the heading that opened the current section
        for line in self.lines:
            found = heading_role(line.text)
            depth = len(line.text) - len(line.text.lstrip("#")) if line.text.startswith("#") else 7
            if found:
                role, level = found, depth
            elif depth < 7 and depth <= level and cell(line.text.lstrip("#")) not in REQUIRED_HEADINGS:
                role, level = "", 7  # a heading of its own topic ends the section above it
            roles[line.no] = role
            glued = None if found else glued_heading(line.text)
            if glued:
                role = glued
        return roles


def heading_role(text: str) -> str | None:
    """The role of a section heading line ("Body Params", "## Query parameters", "Resposta 201")."""
    words = cell(text.strip().lstrip("#").strip()).strip(" :：-—").rstrip("s") if text else ""
    key = cell(text.strip().lstrip("#")).strip(" :：")
    if not key or len(key) > 40:
        return None
    key = re.sub(r"\s*\d{3}$", "", key)  # "Resposta 201"
    key = re.sub(r"^[^\w(]+", "", key)  # emoji or bullet in front
    if key in SECTIONS:
        return SECTIONS[key]
    if words in SECTIONS:
        return SECTIONS[words]
    return None


def glued_heading(text: str) -> str | None:
    """A heading glued to the end of the line before it (`headerrequiredBody`)."""
    match = re.search(r"(?<=[a-z])([A-Z][a-z]+(?: [A-Za-z]+)?)$", text.strip())
    return heading_role(match.group(1)) if match else None


def read_page(text: str) -> Page:
    text = text.replace("\u00a0", " ").replace("\u200b", "")
    tables: tuple[Table, ...] = ()
    if _HTML_MARK.search(text):
        parser = _TextParser()
        parser.feed(text)
        parser.close()
        raw = parser.text_lines(text.count("\n") + 1)
        tables = tuple(parser.tables)
    else:
        raw = text.split("\n")
    lines = tuple(Line(i + 1, t.rstrip()) for i, t in enumerate(raw))
    source_url = None
    for line in lines[:3]:
        match = _SOURCE.match(line.text)
        if match:
            source_url = match.group(1)
    body = [ln for ln in lines if ln.text.strip() and not _SOURCE.match(ln.text)]
    body = [ln for ln in body if cell(ln.text) not in PAGE_CHROME and not cell(ln.text).startswith(CHROME_PREFIXES)]
    front = next((m for ln in body[:6] if (m := _FRONT_TITLE.match(ln.text))), None)
    title = front.group(1).strip(" \"'") if front else next(
        (ln.text.strip().lstrip("#").strip() for ln in body[:3] if _titleish(ln.text)), "")
    return Page(lines, tables, source_url, title[:120])


def _titleish(text: str) -> bool:
    return not text.lstrip().startswith(("{", "[", "|", "<", "-", "`")) and len(text) < 120


class _TextParser(HTMLParser):
    """Text of an HTML page by line, and its tables as rows of cells."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.by_line: dict[int, list[str]] = {}
        self.tables: list[Table] = []
        self._stack: list[list[tuple[tuple[str, ...], int]]] = []
        self._row: list[str] | None = None
        self._row_line = 0
        self._cell: list[str] | None = None
        self._th = False
        self._heads: list[bool] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        if tag == "table":
            self._stack.append([])
            self._heads.append(False)
        elif tag == "tr" and self._stack:
            self._row, self._row_line = [], line
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
            if tag == "th" and not self._stack[-1]:
                self._heads[-1] = True
        elif tag in _BLOCK_TAGS:
            self.by_line.setdefault(line, []).append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None and self._stack:
            if any(self._row):
                self._stack[-1].append((tuple(self._row), self._row_line))
            self._row = None
        elif tag == "table" and self._stack:
            rows = self._stack.pop()
            head = self._heads.pop()
            if rows:
                self.tables.append(Table(tuple(rows), head))

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        line = self.getpos()[0]
        for offset, part in enumerate(data.split("\n")):
            self.by_line.setdefault(line + offset, []).append(part)
            if offset < data.count("\n"):
                self.by_line[line + offset].append("\n")

    def text_lines(self, count: int) -> list[str]:
        # Text keeps the line its data started on; text past a line's end stays on that line.
        out = []
        for no in range(1, count + 1):
            joined = "".join(self.by_line.get(no, ()))
            out.append(" ".join(p for p in joined.split("\n") if p.strip()))
        return [unescape(t) for t in out]
