"""Reader for GitBook pages captured as rendered text (what a browser shows, copied as text).

Such a page wraps the content in site chrome (a long list of page titles, "Powered by GitBook",
breadcrumbs, "Previous ... Next ..."), flattens prose tables to one cell per line, renders the
OpenAPI block as glued runs (`emailstringRequired`) under "Header parameters" / "Body" /
"Responses", and shows a raw HTTP request (`POST /path HTTP/1.1`, `Host:`) plus JSON response
samples under status lines (`200Success`). Raw GitBook markdown (pipe tables, `{% openapi %}`
tags) is another reader's shape and is never claimed here.
"""

from __future__ import annotations

import re

from generator import diagnostics as diag
from generator.diagnostics import Diagnostic
from generator.ir import Api, AuthScheme, Operation, Server
from generator.readers.base import ReadResult, SourceDoc
from generator.readers.rendered_text_op import Draft, Status, operation
from generator.readers.rendered_text_parts import (
    CONTENT_TYPE_LINE,
    HTTP_LINE,
    STATUS_LINE,
    Field,
    Line,
    RequestSample,
    header_at,
    is_method_word,
    read_json,
    read_request,
    read_table,
    section_kind,
    split_run,
    typed_value,
)
from generator.readers.vocab import (
    CHILD_TOGGLES,
    CHROME_PREFIXES,
    FIELD_BADGES,
    GITBOOK_MARKS,
    ICON_WORDS,
    PAGE_CHROME,
    PAGER_WORDS,
    cell,
)

SHAPE = "rendered-text"
_NAV_LINE = re.compile(r"^\s*[•◦▪]\s|^\s+\d+\.\s+\S")  # site menu bullets, breadcrumbs
_CAPTURE_HEADER = re.compile(r"^source:\s*https?://\S+$")  # the capture tool's own first line
_RAW_MARKDOWN = re.compile(r"^\s*\|(?:\s*:?-{3,}:?\s*\|)+\s*$|\{%\s*\w+", re.MULTILINE)
_OPENAPI_TEXT = re.compile(r"^[\"']?(?:openapi|swagger)[\"']?\s*:", re.MULTILINE)
_FIELD_SECTIONS = ("auth", "path", "query", "header", "body")


def content_lines(text: str) -> list[Line]:
    """Non-blank lines that are page content, with 1-based numbers; the site chrome is gone.

    Lines above the site menu / breadcrumbs (site name, language picker) are chrome too.
    """
    kept: list[Line] = []
    menu: list[int] = []  # the first run of navigation lines (site menu, mark, breadcrumbs)
    menu_open = True
    raws = text.splitlines()
    for no, raw in enumerate(raws, 1):
        stripped = raw.strip()
        if not stripped:
            continue
        if _NAV_LINE.match(raw) or cell(stripped) in GITBOOK_MARKS + ("on this page",):
            if menu_open:
                menu.append(no)
            continue
        if _is_chrome(stripped):
            continue
        menu_open = menu_open and not menu  # content after the run closes it
        kept.append((no, stripped))
    # A short bullet list alone may be the page's own table of contents, not the site menu.
    is_menu = len(menu) >= 5 or any(
        cell(raw.strip()) in GITBOOK_MARKS + ("on this page",) or re.match(r"^\s+\d+\.\s", raw)
        for raw in (raws[n - 1] for n in menu)
    )
    menu_end = menu[-1] if menu and is_menu else 0
    return [(no, t) for no, t in kept if no > menu_end]


def _structural(text: str) -> bool:
    return bool(HTTP_LINE.match(text) or section_kind(text) or is_method_word(text))


def _is_chrome(text: str) -> bool:
    key = cell(text)
    if key in PAGE_CHROME or key in ICON_WORDS or _CAPTURE_HEADER.match(text):
        return True
    if any(key.startswith(p) for p in CHROME_PREFIXES):
        return True
    first = next((w for w in PAGER_WORDS if key.startswith(w)), None)
    return first is not None and (
        key == first or any(w in key[len(first) :] for w in PAGER_WORDS if w != first)
    )


def detect(doc: SourceDoc) -> str | None:
    text = doc.text
    if _RAW_MARKDOWN.search(text) or _OPENAPI_TEXT.search(text[:2000]):
        return None
    lines = [(no, raw.strip()) for no, raw in enumerate(text.splitlines(), 1) if raw.strip()]
    http = next((t for _, t in lines if HTTP_LINE.match(t)), None)
    marked = any(cell(t) in GITBOOK_MARKS for _, t in lines)
    flat = next((i for i in range(len(lines)) if header_at(lines, i)), None)
    section: str | None = None
    for _, t in lines:
        section = section_kind(t) or section
        if section in _FIELD_SECTIONS and (run := split_run(t, 0)) is not None and run.name:
            why = f"glued field runs such as `{t}` under a rendered `{section}` heading"
            return why + (f" and an HTTP sample `{http}`" if http else "")
    if http and (marked or flat is not None):
        seen = "'Powered by GitBook'" if marked else "a table flattened one cell per line"
        return f"a raw HTTP sample `{http}` with {seen}"
    if marked and flat is not None:
        return "'Powered by GitBook' with a table flattened one cell per line"
    return None


def read(doc: SourceDoc) -> ReadResult:
    found: list[Diagnostic] = []
    unread: list[Line] = []
    drafts = _scan(content_lines(doc.text), doc, found, unread)
    operations: list[Operation] = []
    servers: list[Server] = []
    schemes: dict[str, AuthScheme] = {}
    for draft in drafts:
        op, server, auth = operation(draft, doc, found)
        if op is not None:
            operations.append(op)
        if server is not None and server.url not in {s.url for s in servers}:
            servers.append(server)
        for scheme in auth:
            schemes.setdefault(scheme.name, scheme)
    title = next((d.title[1] for d in drafts if d.title), "")
    api = Api(
        title=title,
        servers=tuple(servers),
        auth=tuple(schemes.values()),
        security=tuple(schemes),
        operations=tuple(operations),
        sources=(doc.path,),
    )
    for line, text in unread:
        found.append(diag.info("unread", f"not understood: {text[:80]}", doc.span(line)))
    return ReadResult(fragment=api, diagnostics=diag.sort_unique(found), shape=SHAPE, why=detect(doc) or "", unread=tuple(unread))


def _scan(
    lines: list[Line], doc: SourceDoc, found: list[Diagnostic], unread: list[Line]
) -> list[Draft]:
    """Walk the content lines once, filling one draft per operation the page shows."""
    drafts = [Draft()]
    phase, section, label = "intro", "", ""
    pending: list[Line] = []  # text after one operation's samples: the next one's title
    current: Field | None = None
    i = 0
    while i < len(lines):
        no, text = lines[i]
        d = drafts[-1]
        method_path = (
            is_method_word(text)
            and i + 1 < len(lines)
            and re.fullmatch(r"/\S*", lines[i + 1][1]) is not None
        )
        if HTTP_LINE.match(text) or method_path:
            if d.request is not None:
                d = _next_draft(drafts, pending)
            if method_path:
                d.request, i = RequestSample(text, lines[i + 1][1], no), i + 2
            else:
                d.request, i, cut = read_request(lines, i)
                if cut:
                    found.append(_cut(doc, d.request.body_line, lines[i - 1][0], "request body"))
            i = _read_samples(lines, i, d, doc, found)
            phase, current = "after", None
            continue
        kind = section_kind(text)
        if (kind or text.endswith(":")) and header_at(lines, i + 1):
            # "Request:" or "User object:" over a flattened table labels it
            label = cell(text).rstrip(":").strip()
            i += 1
            continue
        if is_method_word(text) or kind:
            if phase == "after" and (pending or kind):
                d = _next_draft(drafts, pending)
                phase = "intro"
            if kind:
                phase, section, current = "sections", kind, None
            i += 1
            continue
        if phase == "sections":
            current, step = _section_line(lines, i, d, section, current)
            i += step
            continue
        if header_at(lines, i):
            table, i, cut = read_table(lines, i, label)
            d.tables.append(table)
            if cut:
                found.append(_cut(doc, table.line, lines[-1][0], "table"))
            if not table.rows:
                found.append(
                    diag.warning(
                        "table-unread", "a table header without rows that fit it", doc.span(no)
                    )
                )
            label = ""
            continue
        if phase == "after":
            pending.append((no, text))
        elif d.title is None:
            d.title = (no, text)
        elif not d.tables and not d.fields:
            d.prose.append((no, text))
        elif text != d.title[1]:
            unread.append((no, text))
        i += 1
    unread.extend(pending)
    for d in drafts:
        for key, notes in d.notes.items():
            if key.startswith("section:") and key != "section:body":
                unread.extend(notes)  # text under a heading before any field: not placed
        for fields in d.fields.values():
            for f in fields:
                _finish_field(f)
    return drafts


def _next_draft(drafts: list[Draft], pending: list[Line]) -> Draft:
    badges = [line for line in pending if cell(line[1]) in FIELD_BADGES]
    text = [line for line in pending if line not in badges]
    d = Draft(title=text[0] if text else None, prose=text[1:], deprecated=bool(badges))
    pending.clear()
    drafts.append(d)
    return d


def _cut(doc: SourceDoc, start: int, end: int, what: str) -> Diagnostic:
    """Where a sample or table breaks off: the diagnostic points at the break."""
    return diag.warning(
        "cut-short",
        f"the {what} from line {start} is cut short here; kept what came before",
        doc.span(end),
    )


def _read_samples(
    lines: list[Line], i: int, d: Draft, doc: SourceDoc, found: list[Diagnostic]
) -> int:
    """Status lines each followed by a JSON sample, right after the request sample."""
    code = ""
    while i < len(lines):
        text = lines[i][1]
        status = STATUS_LINE.match(text)
        if status:
            code = status["code"]
            if not any(s.code == code for s in d.statuses):
                d.statuses.append(Status(code, lines[i][0], status["desc"]))
            i += 1
        elif CONTENT_TYPE_LINE.match(text):
            i += 1
        elif text[:1] in "{[":
            value, nxt, cut = read_json(lines, i)
            if cut:
                found.append(_cut(doc, lines[i][0], lines[nxt - 1][0], "JSON sample"))
            d.samples.setdefault(code, (value, lines[i][0]))
            i = nxt
        else:
            return i
    return i


def _section_line(
    lines: list[Line], i: int, d: Draft, section: str, current: Field | None
) -> tuple[Field | None, int]:
    """One line under a rendered heading: the field later lines belong to, and lines used."""
    no, text = lines[i]
    if section == "responses":
        status = STATUS_LINE.match(text)
        if status:
            desc = status["desc"]
            nxt = lines[i + 1][1] if i + 1 < len(lines) else ""
            took = not desc and _plain(nxt)  # "200" then "OK" on the next line
            d.statuses.append(Status(status["code"], no, desc or (nxt if took else None)))
            return None, 2 if took else 1
        if CONTENT_TYPE_LINE.match(text) and d.statuses:
            d.statuses[-1].content_type = text
            return current, 1
    elif CONTENT_TYPE_LINE.match(text) and current is None:
        return current, 1
    run = split_run(text, no)
    if run is not None:
        in_status = section == "responses" and d.statuses
        key = f"responses:{d.statuses[-1].code}" if in_status else section
        d.fields.setdefault(key, []).append(run)
        return run, 1
    if cell(text) in CHILD_TOGGLES:
        return current, 1
    if current is not None:
        current.notes.append((no, text))
    else:
        d.notes.setdefault(f"section:{section}", []).append((no, text))
    return current, 1


def _plain(text: str) -> bool:
    return bool(text) and not (
        STATUS_LINE.match(text)
        or CONTENT_TYPE_LINE.match(text)
        or _structural(text)
        or split_run(text, 0)
        or text[:1] in "{["
    )


def _finish_field(f: Field) -> None:
    """Description, example and default from the lines under a run."""
    notes = f.notes
    text: list[str] = []
    k = 0
    while k < len(notes):
        line = notes[k][1]
        label, colon, value = line.partition(":")
        role = cell(label) if colon else ""
        if role in ("example", "default"):
            if not value.strip() and k + 1 < len(notes):
                k += 1
                value = notes[k][1]
            _set(f, role, value)
        elif role != "possible values":
            text.append(line)
        k += 1
    for tail in ("example", "default"):
        # `Content-typestringOptionalExample:` then the description, then the example value
        if f"{tail}:" in f.tails and text and (len(text) > 1 or " " not in text[0]):
            _set(f, tail, text.pop())
    f.description = " ".join(text) or None


def _set(f: Field, role: str, value: str) -> None:
    if role == "example":
        f.example = typed_value(f.schema, value)
    else:
        f.default = typed_value(f.schema, value)
