"""Reader for GitBook pages in their markdown form (the `.md` view of a GitBook space).

Such a page has a `#` title, prose, `### Request:` / `### Ответ:` sections holding field tables
(Parameter / Required / Type / Description, in the page's language), tables introduced by a
label such as `**User object:**` that describe a nested field, optional fenced samples, and a
`{% openapi ... path="..." method="..." %}` tag (or the older `{% swagger %}` one) naming the
operation. The page is parsed with markdown-it; field tables go to `gitbook_tables`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from generator import diagnostics as diag
from generator.diagnostics import Diagnostic
from generator.ir import ANY_SCHEMA, MISSING, Api, Example, Kind, with_changes
from generator.readers.typemap import type_from_phrase
from generator.readers.base import ReadResult, SourceDoc
from generator.readers import gitbook_page as gp
from generator.readers import openapi
from generator.readers.curl import find_curl, parse_curl
from generator.readers.gitbook_build import Collected, build
from generator.readers.gitbook_page import Block
from generator.readers.gitbook_tables import (
    Field,
    Row,
    Table,
    attach,
    cell_count,
    cells_closed,
    find_owner,
    is_auth_header,
    place,
    row_field,
)

SHAPE = "gitbook-markdown"


def detect(doc: SourceDoc) -> str | None:
    """A page with a GitBook operation tag, a field table, or a markdown guide's structure."""
    if "{%" not in doc.text and "|" not in doc.text and "#" not in doc.text:
        return None
    blocks, _ = gp.blocks(doc)
    for b in blocks:
        for name, attrs, line in gp.tags(b) if b.kind == "paragraph" else []:
            if name in gp.OPERATION_TAGS:
                return f"a GitBook `{{% {name} %}}` tag (line {line}) naming the operation"
    for b in blocks:
        if b.table is not None and "name" in b.table.has and b.table.has & {"type", "required"}:
            header = b.table.header.strip()[:60]
            return f"a markdown field table with a {header!r} header (line {b.line})"
    headings = [b for b in blocks if b.kind == "heading"]
    fences = [b for b in blocks if b.kind == "fence"]
    if (
        headings
        and headings[0].level == 1
        and len(headings[0].text) <= 120
        and len(headings) + len(fences) >= 3
        and not any(gp.section(h.text) for h in headings[1:])
        and openapi.detect(doc) is None  # a page around an OpenAPI block is that block's
    ):
        return (
            f"a markdown page titled {headings[0].text!r} with {len(headings)} headings and "
            f"{len(fences)} fenced blocks but no request/response sections (a guide)"
        )
    return None


@dataclass
class _Page:
    doc: SourceDoc
    lines: list[str]
    found: Collected = field(default_factory=Collected)
    section: tuple[str, str | None] | None = None
    label: tuple[str, int] | None = None
    main: set[tuple[str, str | None]] = field(default_factory=set)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    unread: list[tuple[int, str]] = field(default_factory=list)

    def warn(self, code: str, message: str, line: int) -> None:
        self.diagnostics.append(diag.warning(code, message, self.doc.span(line)))

    def bucket(self, where: tuple[str, str | None]) -> list[Field]:
        kind, status = where
        if kind == "response":
            return self.found.responses.setdefault(status or "200", [])
        return self.found.params.setdefault(kind, [])

    def table(self, table: Table) -> None:
        label, self.label = self.label, None
        if "name" not in table.has:
            self._unread_table(table, "table-unread", "a table with no parameter/name column")
            return
        fields: list[Field] = []
        cut = self._cut(table)
        for row in table.rows:
            last_cut = cut and row is table.rows[-1]
            if last_cut and cells_closed(row.raw) <= table.roles.index("name"):
                self.unread.append((row.line, row.raw))  # a name cut off would make a wrong field
                continue
            new, problem = row_field(row, self.doc.span(row.line))
            if problem:
                self.warn("table-cell", problem, row.line)
            if not last_cut:  # a cut row is reported as cut-short
                self._check_width(table, row)
            if new is not None:
                place(fields, new)
        if cut:
            self.warn(
                "cut-short", "the table ends with the page, its last row cut off", table.end_line
            )
        section = self.section
        if section is None:  # a table before any section heading: requests say what is required
            section = ("request", None) if "required" in table.has else ("response", None)
        if label is not None:
            mine = self.bucket(section)
            others = [f for b in self._buckets() if b is not mine for f in b]
            owner = find_owner(label[0], [f for top in [*mine, *others] for f in top.walk()])
            if owner is not None:
                attach(owner, fields)
                return
            if section in self.main:
                self._unread_table(
                    table,
                    "table-unattached",
                    f"the table under {label[0]!r} matches no object or array field",
                )
                return
        if label is not None and _names_array(label[0]):
            # "Массив объектов:" over the section's table: the body is a list of these objects
            self.found.arrays.add(section[1] or "200" if section[0] == "response" else section[0])
        self.main.add(section)
        self.bucket(section).extend(fields)

    def _check_width(self, table: Table, row: Row) -> None:
        cells, width = cell_count(row.raw), cell_count(table.header)
        if cells != width:
            extra = (
                "the extra cells are not read"
                if cells > width
                else "the missing cells are read as empty"
            )
            self.warn(
                "table-ragged", f"the row has {cells} cells, the header {width}; {extra}", row.line
            )

    def _buckets(self) -> list[list[Field]]:
        return [*self.found.params.values(), *self.found.responses.values()]

    def _cut(self, table: Table) -> bool:
        last = (
            self.lines[table.end_line - 1].rstrip() if 0 < table.end_line <= len(self.lines) else ""
        )
        return (
            table.end_line >= len(self.lines)
            and table.header.rstrip().endswith("|")
            and not (last.endswith("|"))
        )

    def _unread_table(self, table: Table, code: str, why: str) -> None:
        self.warn(code, f"{why}; its {len(table.rows)} rows are not read", table.line)
        self.unread.append((table.line, table.header))
        self.unread.extend((r.line, r.raw) for r in table.rows)

    def fence(self, block: Block) -> None:
        label, self.label = self.label, None
        text = block.text
        if not block.closed:
            self.warn(
                "cut-short", "the fenced block is not closed: the page ends inside it", block.line
            )
        for offset, command in find_curl(text):
            line = block.line + text.count("\n", 0, offset)
            example = parse_curl(command, self.doc.span(line))
            if example is not None:
                self.found.examples.append(example)
                self._headers(
                    list(example.headers),
                    line,
                    next(iter(re.findall(r"\$\{?([A-Z][A-Z0-9_]+)", command)), None),
                )
        if find_curl(text):
            return
        first, _, rest = text.lstrip("\n").partition("\n")
        request = gp.HTTP_LINE.match(first.strip())
        if request:
            self._http(request, rest, block.line)
            return
        stripped = text.strip()
        if stripped[:1] not in ("{", "["):
            for match in gp.CODE_HEADER.finditer(text):  # header maps in code samples
                line = block.line + text.count("\n", 0, match.start())
                self._headers([(match.group(1), "")], line, None)
            return
        try:
            value = json.loads(stripped)
        except (ValueError, RecursionError):
            if block.closed:
                self.warn(
                    "sample-invalid", "a JSON sample that does not parse; not read", block.line
                )
            self.unread.append((block.line, first))
            return
        section = self.section
        by_label = gp.section(label[0]) if label else None
        if by_label is not None:
            section = by_label
        if section is None:
            self.unread.append((block.line, first))
        elif section[0] == "response":
            self.found.samples.setdefault(section[1] or "200", (value, block.line))
        elif section[0] == "request":
            self.found.request_sample = self.found.request_sample or (value, block.line)

    def _http(self, request: re.Match[str], rest: str, line: int) -> None:
        head, _, body = rest.partition("\n\n")
        headers = [
            (name.strip(), value.strip())
            for name, _, value in (h.partition(":") for h in head.splitlines() if ":" in h)
        ]
        host = next((v for k, v in headers if k.lower() == "host"), None)
        target = request.group(2)
        url = target if "://" in target or host is None else f"https://{host}{target}"
        try:
            value: Any = json.loads(body) if body.strip() else MISSING
        except (ValueError, RecursionError):
            value = MISSING
        self.found.examples.append(
            Example(
                method=request.group(1).upper(),
                url=url,
                headers=tuple(headers),
                body=value,
                source=self.doc.span(line),
            )
        )
        self._headers(headers, line, None)
        if value is not MISSING:
            self.found.request_sample = self.found.request_sample or (value, line)

    def _headers(self, pairs: list[tuple[str, str]], line: int, env_var: str | None) -> None:
        for name, value in pairs:
            if is_auth_header(name):
                self.found.headers.append((name, value, self.doc.span(line)))
        self.found.env_var = self.found.env_var or env_var

    def tag(self, name: str, attrs: dict[str, str], line: int) -> None:
        if name in gp.OPERATION_TAGS:
            if self.found.tag is None:
                self.found.tag = (attrs, line)
            elif (attrs.get("method"), attrs.get("path")) != (
                self.found.tag[0].get("method"),
                self.found.tag[0].get("path"),
            ):
                self.warn("operation-extra", "a second operation tag; only the first is read", line)
            if f"end{name}" not in self.doc.text:
                self.warn(
                    "cut-short",
                    f"the `{{% {name} %}}` block has no `{{% end{name} %}}`: the "
                    "page ends inside it",
                    line,
                )
        elif name == "swagger-parameter" and attrs.get("name"):
            where = {"body": "request", "path": "path", "query": "query", "header": "header"}
            span = self.doc.span(line)
            schema = type_from_phrase(attrs.get("type", ""), span) or with_changes(ANY_SCHEMA, source=span)
            if attrs.get("description"):
                schema = with_changes(schema, description=attrs["description"])
            new = Field(attrs["name"], schema, attrs.get("required", "").lower() == "true", line)
            place(self.bucket((where.get(attrs.get("in", "body"), "request"), None)), new)
        elif name in ("swagger-response", "tab"):
            # `{% swagger-response status="200: OK" %}`, `{% tab title="401" %}`: what follows
            # belongs to that response (or to the section a tab title names).
            title = attrs.get("status") or attrs.get("title") or ""
            opens = gp.section(title)
            status = gp.STATUS.search(title)
            if opens is not None or (name != "tab" and status):
                self.section = opens or ("response", status.group(1) if status else None)


def _names_array(label: str) -> bool:
    schema = type_from_phrase(label.strip().rstrip(":").strip())
    return schema is not None and schema.kind is Kind.ARRAY


def read(doc: SourceDoc) -> ReadResult:
    why = detect(doc) or "read as GitBook markdown"
    try:
        return _read(doc, why)
    # A reader never raises on odd input: a case this code did not foresee becomes a diagnostic.
    except Exception as exc:  # noqa: BLE001
        found = diag.error("reader-failed", f"the page could not be read: {exc!r}", doc.span(1))
        return ReadResult(fragment=Api(sources=(doc.path,)), diagnostics=(found,), shape=SHAPE, why=why)


def _read(doc: SourceDoc, why: str) -> ReadResult:
    blocks, lines = gp.blocks(doc)
    page = _Page(doc, lines)
    title = next((b for b in blocks if b.kind == "heading" and b.level == 1), None)
    title = title or next((b for b in blocks if b.kind == "heading"), None)
    prose: list[str] = []
    started = False  # prose is what comes between the title and the first section
    for block in blocks:
        if block.kind == "heading" and block is not title:
            started = True
            page.section = gp.section(block.text) or page.section
            page.label = None if gp.section(block.text) else (block.text, block.line)
        elif block.kind == "paragraph":
            found_tags = gp.tags(block)
            for name, attrs, line in found_tags:
                page.tag(name, attrs, line)
            # `**Response:**`, `Ответ:`, or a status line such as `200Success` / `401 Unauthorized`
            as_label = block.strong or block.text.endswith(":") or gp.STATUS.match(block.text)
            opens = gp.section(block.text) if as_label and len(block.text) <= 80 else None
            if opens is not None:
                started, page.section, page.label = True, opens, None
            elif found_tags:
                continue
            elif block.strong or (block.text.endswith(":") and len(block.text) <= 80):
                page.label = (block.text, block.line)
            elif title is not None and block.line > title.line and not started:
                prose.append(block.text)
        elif block.kind == "table" and block.table is not None:
            started = True
            page.table(block.table)
        elif block.kind == "fence":
            started = True
            page.fence(block)
    built = build(
        doc,
        page.found,
        title.text if title else None,
        "\n\n".join(prose) or None,
        title.line if title else 1,
    )
    page.diagnostics.extend(built.diagnostics)
    api = Api(
        title=title.text if title else "",
        description="\n\n".join(prose) or None,
        servers=built.servers,
        auth=built.auth,
        security=tuple(a.name for a in built.auth),
        operations=(built.operation,) if built.operation else (),
        sources=(doc.path,),
    )
    return ReadResult(fragment=api, diagnostics=tuple(page.diagnostics), shape=SHAPE, why=why, unread=tuple(page.unread))
