"""Fields a page describes: field tables and field lists, each field with its line.

Tables: markdown pipe tables (with or without outer pipes), HTML tables, and tables whose
cells were flattened one per line, under any header vocabulary `words.HEADER_ROLES` knows.
Lists: one field per line as `name type required` (glued, as in `emailstringRequired`, or
spaced, with `**`/backtick markup), `name (type): text`, `name — A string ...`, and a name
line followed by its type line. `»` in front of a name and dotted names spell nesting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.readers.evidence.blocks import Line, Page, Table, heading_role
from generator.readers.evidence.types import TYPE_ALTERNATION, TYPE_PHRASE, schema_for
from generator.readers.evidence.words import HEADER_ROLES, REQUIRED_HEADINGS, REQUIRED_WORDS
from generator.readers.vocab import cell

_NAME = r"[A-Za-z_$@][\w$@.\[\]-]*"
_REQ_ALTERNATION = "|".join(
    re.escape(w) for w in sorted((w for w in REQUIRED_WORDS if len(w) > 1 and w.isalpha()), key=len, reverse=True)
)
_LOCATIONS = "body|query|path|header|formData|cookie"
_RUN = re.compile(
    rf"^(?P<name>{_NAME}?)(?P<star>\*)?(?:\s?(?P<loc>{_LOCATIONS})(?=(?:{TYPE_ALTERNATION})))?\s{{0,4}}"
    rf"(?P<type>{TYPE_PHRASE}|(?:{TYPE_ALTERNATION}))"
    # what may follow a type: nothing, a note, a required word, a default, or spaced text
    rf"(?P<rest>(?:$|\s*·|\s*[,(]|\s*[-–—:]\s|\s*(?i:{_REQ_ALTERNATION})(?![a-z])|\s*Default|\s+(?=[A-Z0-9(\[{{\"'])).*)$"
)
_REQ_AT = re.compile(rf"^\s*[,(·]?\s*(?i:({_REQ_ALTERNATION}))(?![a-z])")
_REQ_ANY = re.compile(r"(?<![a-z])(Required|Optional|required|optional)(?![a-z])")
_PAREN_FORM = re.compile(rf"^(?P<name>{_NAME})\s*\((?P<type>[^)]{{1,40}})\)\s*[:\-–—]?\s*(?P<rest>.*)$")
_DASH_FORM = re.compile(
    rf"^(?P<name>{_NAME})\s+[—–-]\s+(?:an?|the|um|uma|un|una)\s+(?P<type>{TYPE_PHRASE})\b(?P<rest>.*)$",
    re.IGNORECASE,
)
_IDENT_LINE = re.compile(rf"^{_NAME}\*?$")
_BULLET = re.compile(r"^[\s•·*\-+»>]*")
_PIPE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}")


@dataclass(frozen=True, slots=True)
class FieldEv:
    name: str
    type_text: str  # "" when the evidence names no type
    required: bool | None  # None: not stated
    description: str
    line: int
    kind: str  # "table" or "list"
    location: str = ""  # an "In" column: body, query, path, header
    depth: int = 0  # » marks in front of the name


def find_fields(page: Page) -> list[FieldEv]:
    taken: set[int] = set()  # lines a table holds: its cells are not field lists
    found = _pipe_tables(page.lines) + _html_tables(page.tables) + _stacked_tables(page.lines, taken)
    seen = {f.line for f in found} | taken
    found += [f for f in _lists(page.lines) if f.line not in seen]
    found = _with_descriptions(found, page.lines)
    unique: list[FieldEv] = []
    for f in sorted(found, key=lambda f: f.line):
        # an HTML row is seen both as a table row and as its cells' lines
        if not any(u.name == f.name and f.line - u.line <= 2 for u in unique[-3:]):
            unique.append(f)
    return unique


def _with_descriptions(found: list[FieldEv], lines: tuple[Line, ...]) -> list[FieldEv]:
    """A list field's description is the prose line after it, when it has none on its line."""
    starts = {f.line for f in found}
    text = [ln for ln in lines if ln.text.strip()]
    index = {ln.no: k for k, ln in enumerate(text)}
    out = []
    for f in found:
        k = index.get(f.line)
        if f.kind == "list" and not f.description and k is not None:
            for nxt in text[k + 1 : k + 4]:
                words = nxt.text.strip()
                if nxt.no in starts or heading_role(words) or words.startswith(("{", "[", "|", "```")):
                    break
                if schema_for(words) is None and required_word(words) is None and (" " in words or words[:1].isupper()):
                    f = FieldEv(f.name, f.type_text, f.required, words, f.line, f.kind, f.location, f.depth)
                    break
        out.append(f)
    return out


def required_word(text: str) -> bool | None:
    key = cell(text).strip(" .*¹²")
    if key in REQUIRED_WORDS:
        return REQUIRED_WORDS[key]
    if key.endswith("required") or key.startswith("required"):
        return True
    return None


# ---------------------------------------------------------------- tables


def _header(cells: list[str]) -> dict[int, str] | None:
    roles = {i: HEADER_ROLES.get(cell(c)) for i, c in enumerate(cells)}
    known = {i: r for i, r in roles.items() if r}
    if "name" not in known.values() or len(known) < 2:
        return None
    return known


def _row_field(cells: list[str], roles: dict[int, str], line: int) -> FieldEv | None:
    values = {r: (cells[i].strip() if i < len(cells) else "") for i, r in roles.items()}
    star_mark = bool(re.search(r"\\?\*\s*(?:</\w+>)?\s*$", values.get("name", "")))
    raw = cell(re.sub(r"<[^>]+>", "", values.get("name", ""))).strip()
    depth = raw.count("»")
    name = raw.replace("»", "").strip().split()[0] if raw.replace("»", "").strip() else ""
    star = name.endswith("*") or star_mark
    name = name.rstrip("*\\")
    if not re.fullmatch(_NAME, name):
        return None
    # wire names keep their case: take it from the cell itself
    original = re.search(re.escape(name), values["name"].replace("\\", ""), re.IGNORECASE)
    name = original.group(0) if original else name
    required = required_word(values["required"]) if "required" in values else None
    if star:
        required = True
    return FieldEv(name, values.get("type", ""), required, values.get("description", ""), line, "table",
                   cell(values.get("in", "")), depth)


def _split_pipes(text: str) -> list[str]:
    parts = text.strip().split("|")
    if parts and not parts[0].strip():
        parts = parts[1:]
    if parts and not parts[-1].strip():
        parts = parts[:-1]
    return [p.strip() for p in parts]


def _pipe_tables(lines: tuple[Line, ...]) -> list[FieldEv]:
    found: list[FieldEv] = []
    roles: dict[int, str] | None = None
    flag: bool | None = None  # what a heading over the table says of all its rows
    for line in lines:
        if "|" not in line.text or line.text.count("|") < 1:
            if line.text.strip():
                key = cell(line.text.strip().lstrip("#")).strip(" :")
                flag = REQUIRED_HEADINGS.get(key, None if len(key) > 40 or line.text.startswith("#") else flag)
            roles = None
            continue
        if _PIPE_SEP.match(line.text):
            continue
        cells = _split_pipes(line.text)
        head = _header(cells)
        if head:
            roles = head
            continue
        if roles is None and len(cells) >= 2 and schema_for(cells[1]) is not None:
            roles = {0: "name", 1: "type", 2: "description"}  # a table whose header names nothing
        if roles:
            field = _row_field(cells, roles, line.no)
            if field:
                if field.required is None and flag is not None:
                    field = FieldEv(field.name, field.type_text, flag, field.description, field.line, field.kind,
                                    field.location, field.depth)
                found.append(field)
    return found


def _html_tables(tables: tuple[Table, ...]) -> list[FieldEv]:
    found = []
    for table in tables:
        roles = _header(list(table.rows[0][0])) if table.rows else None
        if not roles:
            continue
        for cells, line in table.rows[1:]:
            field = _row_field(list(cells), roles, line)
            if field:
                found.append(field)
    return found


def _stacked_tables(lines: tuple[Line, ...], taken: set[int]) -> list[FieldEv]:
    """Tables flattened one cell per line: a header of role words, then rows of cells where
    empty cells left no line; a row starts at a name cell followed by its type cell, or, in
    a table without a type column, every as many cells as the header has."""
    found: list[FieldEv] = []
    text = [ln for ln in lines if ln.text.strip()]
    i = 0
    while i < len(text):
        head: list[str] = []
        j = i
        while j < len(text) and HEADER_ROLES.get(cell(text[j].text).strip(" |")):
            head.append(HEADER_ROLES[cell(text[j].text).strip(" |")])
            j += 1
        if len(head) < 2 or "name" not in head or head[0] != "name":
            i = max(j, i + 1)
            continue
        cells = []
        while j < len(text) and not heading_role(text[j].text) and "|" not in text[j].text.rstrip(" |"):
            cells.append(text[j])
            j += 1
        rows = _stacked_rows(cells, head)
        if rows:
            taken.update(range(text[i].no, cells[-1].no + 1))
        found += rows
        i = j
    return found


def _stacked_rows(cells: list[Line], head: list[str]) -> list[FieldEv]:
    rows: list[list[Line]] = []
    if "type" in head:
        reach = head.index("type")  # the type cell is at most this many cells after the name
        after_type = 0  # a row's type cell and the cells before it belong to that row
        for k, c in enumerate(cells):
            value = c.text.strip().rstrip(" |").strip()
            ahead = [x.text.strip() for x in cells[k + 1 : k + 1 + reach]]
            typed = [j for j, x in enumerate(ahead) if schema_for(x) is not None]
            if (k >= after_type and _IDENT_LINE.match(value) and typed and required_word(value) is None
                    and (schema_for(value) is None or schema_for(ahead[0]) is not None)):
                rows.append([c])
                after_type = k + typed[0] + 2
            elif rows:
                rows[-1].append(c)
    else:
        rows = [cells[k : k + len(head)] for k in range(0, len(cells), len(head))]
    found = []
    for row in rows:
        name = row[0].text.strip().rstrip(" |").strip()
        star = name.endswith("*")
        name = name.rstrip("*")
        if not re.fullmatch(_NAME, name):
            continue
        rest = [c.text.strip().rstrip(" |").strip() for c in row[1:]]
        type_text = next((r for r in rest if schema_for(r) is not None), "") if "type" in head else ""
        req = next((required_word(r) for r in rest if required_word(r) is not None), None)
        desc = next((r for r in rest if r != type_text and required_word(r) is None), "")
        found.append(FieldEv(name, type_text, True if star else req, desc, row[0].no, "table"))
    return found


# ---------------------------------------------------------------- lists


def _lists(lines: tuple[Line, ...]) -> list[FieldEv]:
    found: list[FieldEv] = []
    text = [ln for ln in lines if ln.text.strip()]
    for k, line in enumerate(text):
        field = _one_line(line)
        if field is None:
            field = _stacked_field(text, k)
        if field is not None:
            found.append(field)
    return found


_COMPONENT = re.compile(r"<[A-Z]?\w*[^>]*?\bname\s*=\s*[{]?['\"]([^'\"]+)['\"][^>]*?\btype\s*=\s*[{]?['\"]([^'\"]+)['\"][^>]*>?")
_COMPONENT_REQUIRED = re.compile(r"\brequired\b(?!\s*=\s*[{]?['\"]?false)")


def _one_line(line: Line) -> FieldEv | None:
    component = _COMPONENT.search(line.text)  # <ApiParam name='id' type='integer' required>
    if component and schema_for(component.group(2)) is not None:
        stated = True if _COMPONENT_REQUIRED.search(component.group(0)) else None
        return FieldEv(component.group(1), component.group(2), stated, "", line.no, "list")
    raw = line.text.replace("`", "").replace("**", "").rstrip()
    if "|" in raw or len(raw) > 400:
        return None
    bullet = _BULLET.match(raw)
    depth = bullet.group(0).count("»") if bullet else 0
    body = raw[bullet.end() :] if bullet else raw
    if body[:1] in ("{", "[", '"') or heading_role(body):
        return None
    for form in (_DASH_FORM, _PAREN_FORM):
        match = form.match(body)
        if match and schema_for(match.group("type")) is not None:
            rest = match.group("rest")
            req = _REQ_ANY.search(rest) or _REQ_ANY.search(match.group("type"))
            said = (req.group(1).lower() == "required") if req else None
            return FieldEv(match.group("name"), match.group("type"), said, rest.strip(), line.no, "list",
                           depth=depth)
    match = _RUN.match(body)
    if not match or len(match.group("name")) < 2:
        return None
    glued = not match.group(0)[len(match.group("name")) :][:1].isspace() and not match.group("star")
    name, rest = match.group("name"), match.group("rest")
    if glued and (rest.startswith("(") or (re.match(r"^\s+\S", rest) and not _REQ_AT.match(rest)
                                          and not rest.lstrip().startswith(("·", "Default", "-", "–", "—")))):
        return None  # a word that ends in a type word ("Endpoint to ..."), not a field run
    if schema_for(name) is not None and not match.group("rest").strip() and glued:
        return None  # a type phrase on its own ("arraystring"), not a field
    if re.match(rf"(?i:{_REQ_ALTERNATION})[A-Z]", name):
        return None  # a required word glued to a description ("requiredThe email of ...")
    req_at = _REQ_AT.match(rest)
    req_any = _REQ_ANY.search(rest) if rest.lstrip().startswith("·") or rest.startswith(" ") else None
    required: bool | None = None
    if req_at:
        required = REQUIRED_WORDS.get(req_at.group(1).lower())
        rest = rest[req_at.end() :]
    elif req_any:
        required = req_any.group(1).lower() == "required"
    if match.group("star"):
        required = True
    return FieldEv(name, match.group("type"), required, rest.strip(" ·:-–—"), line.no, "list",
                   match.group("loc") or "", depth)


def _stacked_field(text: list[Line], k: int) -> FieldEv | None:
    """A name alone on its line with its type on one of the next three lines."""
    value = text[k].text.strip().replace("`", "")
    if not _IDENT_LINE.match(value) or required_word(value) is not None:
        return None
    if schema_for(value) is not None and (k + 1 >= len(text) or schema_for(text[k + 1].text) is None):
        return None  # a type on its own line; a name only when its own type follows ("email" / "string")
    if heading_role(value):
        return None
    if HEADER_ROLES.get(cell(value)) and k + 1 < len(text) and HEADER_ROLES.get(cell(text[k + 1].text)):
        return None  # a flattened table header ("Name", "Type"), not a field
    required: bool | None = None
    for nxt in text[k + 1 : k + 4]:
        words = nxt.text.strip()
        if _IDENT_LINE.match(words) and schema_for(words) is None and required_word(words) is None:
            return None  # another name first
        if _one_line(nxt) is not None:
            return None  # another field first
        schema = schema_for(words)
        if schema is not None and len(words) < 40:
            after = text[text.index(nxt) + 1 : text.index(nxt) + 2]
            for later in [nxt, *after]:
                flag = required_word(later.text)
                if flag is None:
                    tail = _REQ_AT.search(later.text[len(words) :] if later is nxt else later.text)
                    flag = REQUIRED_WORDS.get(tail.group(1).lower()) if tail else None
                if flag is not None:
                    required = flag
                    break
            return FieldEv(value.rstrip("*"), words, True if value.endswith("*") else required, "", text[k].no,
                           "list")
        if required_word(words) is not None:
            required = required_word(words)
    return None
