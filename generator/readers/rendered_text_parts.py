"""Pieces of a GitBook page captured as rendered text: glued field runs, tables flattened one
cell per line, raw HTTP request samples and JSON samples (also ones cut short).

Everything here works on "content lines": (1-based line number, stripped text) pairs with blank
lines and page chrome already removed, so a flattened table is simply consecutive entries.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from generator.ir import ANY_SCHEMA, MISSING, Kind, Schema, with_changes
from generator.readers.typemap import type_from_phrase
from generator.readers.vocab import (
    AUTH_SECTIONS,
    FORMAT_WORDS,
    HEADER_ROLES,
    HEADER_SECTIONS,
    PATH_SECTIONS,
    QUERY_SECTIONS,
    REQUEST_SECTIONS,
    REQUIRED_WORDS,
    RESPONSE_SECTIONS,
    TYPE_WORDS,
    cell,
)

Line = tuple[int, str]
METHODS = ("get", "post", "put", "patch", "delete", "head", "options", "trace")
HTTP_LINE = re.compile(
    r"^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|TRACE)\s+(\S+)\s+HTTP/\d(?:\.\d)?$"
)
_HEADER_LINE = re.compile(r"^([A-Za-z][\w-]*):\s*(.*)$")
# "200Success", "200", "400Bad request", "201 OK", "default"; a short phrase at most follows
# (a digit would make it a number, a sentence would make it prose).
STATUS_LINE = re.compile(
    r"^(?P<code>[1-5]\d\d|[1-5][Xx]{2}|default)(?:\s?(?P<desc>(?![\d:.])\S[^.:]{0,39}))?$"
)
CONTENT_TYPE_LINE = re.compile(r"^[a-z]+/[\w.+*-]+$")
IDENTIFIER = re.compile(r"^[A-Za-z_$@][\w$@.\-\[\]]*$")
# Words GitBook glues after the required word of a run, each opening something that follows.
_RUN_TAILS = ("example:", "possible values:", "default:", "deprecated")
# Type words as GitBook prints them (lower case), longest first so `integer` beats `int`.
_TYPES = sorted((w for w in TYPE_WORDS if re.fullmatch(r"[a-z-]+\d*", w)), key=len, reverse=True)
_REQUIRED = sorted(
    (w for w in REQUIRED_WORDS if w.isalpha() and len(w) >= 3), key=len, reverse=True
)
# Glued-run sections by where their fields go.
SECTION_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("auth", AUTH_SECTIONS),
    ("path", PATH_SECTIONS),
    ("query", QUERY_SECTIONS),
    ("header", HEADER_SECTIONS),
    ("body", REQUEST_SECTIONS),
    ("responses", RESPONSE_SECTIONS),
)


@dataclass
class Field:
    """One field as the page shows it, from a glued run or a flattened table row."""

    name: str
    schema: Schema
    required: bool | None
    line: int
    description: str | None = None
    example: Any = MISSING
    default: Any = MISSING
    deprecated: bool = False
    tails: tuple[str, ...] = ()  # "example:" etc. glued after the run
    notes: list[Line] = field(default_factory=list)  # the lines under a run, read at the end


@dataclass
class Table:
    label: str  # the line over the table, as a lookup key without its colon ("" if none)
    line: int  # the header's first line
    roles: tuple[str, ...]
    rows: list[Field] = field(default_factory=list)


def section_kind(text: str) -> str | None:
    key = cell(text)
    return next((kind for kind, words in SECTION_KINDS if key in words), None)


def is_method_word(text: str) -> bool:
    return text in METHODS  # GitBook prints the badge in lower case; prose never does alone


def split_run(text: str, line: int) -> Field | None:
    """`x-api-public-keystringOptional` -> name, type, required, read from the right.

    GitBook prints the type in lower case and the required word capitalised, which is what
    keeps names that end in a type word (`emailstring`) or a required word apart.
    """
    rest = text.strip()
    tails: list[str] = []
    changed = True
    while changed:
        changed = False
        for tail in _RUN_TAILS:
            if rest.lower().endswith(tail) and len(rest) > len(tail):
                tails.append(tail)
                rest = rest[: -len(tail)]
                changed = True
    required: bool | None = None
    for word in _REQUIRED:
        if rest.lower().endswith(word) and rest[-len(word)].isupper():
            required, rest = REQUIRED_WORDS[word], rest[: -len(word)]
            break
    head, *mods = [part.strip() for part in re.split(r"\s+[·|]\s+", rest)]
    if required is None and not mods:
        return None  # a bare word: prose, not a run
    if re.search(r"\s", head):
        return None
    for word in _TYPES:
        match = re.fullmatch(rf"(?P<name>.*?){re.escape(word)}(?P<arr>(?:\[\])*)", head)
        if match and (not match["name"] or IDENTIFIER.match(match["name"])):
            schema = _run_schema(word, match["arr"].count("[]"), mods)
            deprecated = "deprecated" in tails
            return Field(
                match["name"], schema, required, line, deprecated=deprecated, tails=tuple(tails)
            )
    return None


def _run_schema(word: str, depth: int, mods: list[str]) -> Schema:
    """`string[] · max: 10 | nullable`: formats go to the innermost type, bounds and
    nullability to what the field holds (the array itself when there are brackets)."""
    inner = type_from_phrase(word) or ANY_SCHEMA
    for mod in mods:
        key = cell(mod)
        if key != "enum" and key not in ("nullable", "null") and re.fullmatch(r"[a-z][\w-]*", key):
            inner = with_changes(inner, format=FORMAT_WORDS.get(key, key))
    schema = inner
    for _ in range(depth):
        schema = Schema(kind=Kind.ARRAY, items=schema)
    for mod in mods:
        key = cell(mod)
        if key in ("nullable", "null"):
            schema = with_changes(schema, nullable=True)
        else:
            schema = _with_bound(schema, key)
    return schema


def _with_bound(schema: Schema, key: str) -> Schema:
    """`max: 512`, `min: 1`: a length for strings and arrays, a value bound for numbers."""
    match = re.fullmatch(r"(min|max)\s*:\s*(-?\d+(?:\.\d+)?)", key)
    if match is None:
        return schema
    number = float(match[2]) if "." in match[2] else int(match[2])
    name = {Kind.STRING: "length", Kind.ARRAY: "items"}.get(schema.kind)
    attr = f"{match[1]}_{name}" if name else {"min": "minimum", "max": "maximum"}[match[1]]
    bound: dict[str, Any] = {attr: number}
    return with_changes(schema, constraints=with_changes(schema.constraints, **bound))


def typed_value(schema: Schema, text: str) -> Any:
    """An example or default as the field's type would carry it."""
    value = text.strip().strip("`")
    if schema.kind in (Kind.INTEGER, Kind.NUMBER, Kind.BOOLEAN, Kind.ARRAY, Kind.OBJECT):
        try:
            return json.loads(value)
        except (ValueError, RecursionError):
            return value
    return value


# Flattened tables ---------------------------------------------------------------------------


def header_at(lines: list[Line], i: int) -> tuple[str, ...] | None:
    """The column roles of a flattened header starting at i: a name column then 1+ more."""
    roles: list[str] = []
    while i + len(roles) < len(lines):
        role = HEADER_ROLES.get(cell(lines[i + len(roles)][1]))
        if role is None or role in roles:
            break
        roles.append(role)
    return tuple(roles) if len(roles) >= 2 and roles[0] == "name" else None


def read_table(lines: list[Line], i: int, label: str) -> tuple[Table, int, bool]:
    """Rows after the header at i until a row no longer fits; True when cut off at the end."""
    roles = header_at(lines, i) or ()
    table = Table(label, lines[i][0], roles)
    j = i + len(roles)
    while j < len(lines):
        row, nxt, ran_out = _row(lines, j, roles)
        if row is None and table.rows and table.rows[-1].description is not None:
            # A description of two paragraphs: its second line stands where a name would.
            spill, after, spill_out = _row(lines, j + 1, roles)
            if spill is not None and not _label_like(lines[j][1]):
                table.rows[-1].description += " " + lines[j][1]
                row, nxt, ran_out = spill, after, spill_out
        if row is None:
            return table, j, ran_out
        table.rows.append(row)
        j = nxt
        if ran_out:  # the page ends inside this row: keep the cells it has
            return table, j, True
    return table, j, False


def _label_like(text: str) -> bool:
    return text.endswith(":") or section_kind(text) is not None or is_method_word(text)


def _row(lines: list[Line], j: int, roles: tuple[str, ...]) -> tuple[Field | None, int, bool]:
    """One row from line j: the row (None if the cells do not fit), the next line, and True
    when the page ended before the row did."""
    if j >= len(lines):
        return None, j, False
    line, name = lines[j]
    if not IDENTIFIER.match(name) or is_method_word(name) or section_kind(name):
        return None, j, False
    row = Field(name, ANY_SCHEMA, None, line)
    k = j + 1
    for role in roles[1:]:
        if k >= len(lines):
            return (row if role in ("description", "example", "default") else None), k, True
        text = lines[k][1]
        if role == "required":
            if cell(text) not in REQUIRED_WORDS:
                return None, k, False
            row.required = REQUIRED_WORDS[cell(text)]
        elif role == "type":
            schema = type_from_phrase(text)
            if schema is None:
                return None, k, False
            row.schema = schema
        elif role in ("description", "example", "default"):
            if _cell_missing(lines, k, roles):
                continue
            if role == "description":
                row.description = text
            elif role == "example":
                row.example = text
            else:
                row.default = text
        k += 1
    return row, k, False


def _cell_missing(lines: list[Line], k: int, roles: tuple[str, ...]) -> bool:
    """An empty trailing cell: the line is already the next row's name (or the next label)."""
    text = lines[k][1]
    if text.endswith(":") and header_at(lines, k + 1):
        return True
    if not IDENTIFIER.match(text) or k + 1 >= len(lines):
        return False
    after = lines[k + 1][1]
    second = roles[1]
    if second == "required":
        return cell(after) in REQUIRED_WORDS and cell(after) not in ("", "-")
    return second == "type" and type_from_phrase(after) is not None and bool(cell(after))


# HTTP and JSON samples ---------------------------------------------------------------------


@dataclass
class RequestSample:
    method: str
    target: str  # path and query as written
    line: int
    host: str | None = None
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: Any = MISSING
    body_line: int = 0


def read_request(lines: list[Line], i: int) -> tuple[RequestSample, int, bool]:
    """`POST /path HTTP/1.1`, its header lines, then an optional JSON body."""
    match = HTTP_LINE.match(lines[i][1])
    assert match is not None  # callers check HTTP_LINE first
    sample = RequestSample(match[1].lower(), match[2], lines[i][0])
    j = i + 1
    while j < len(lines) and (header := _HEADER_LINE.match(lines[j][1])):
        if header[1].lower() == "host":
            sample.host = header[2].strip()
        else:
            sample.headers.append((header[1], header[2].strip()))
        j += 1
    cut = False
    # GitBook prints Content-Type / Content-Length only for a body; JSON after a request without
    # them is already the response sample.
    sends = any(k.lower() in ("content-type", "content-length") for k, _ in sample.headers)
    if sends and j < len(lines) and lines[j][1][:1] in "{[":
        sample.body_line = lines[j][0]
        sample.body, j, cut = read_json(lines, j)
    return sample, j, cut


def read_json(lines: list[Line], i: int) -> tuple[Any, int, bool]:
    """The JSON value starting at line i, the next line index, and whether it was cut short.

    A sample cut short keeps every complete member: the text is closed after the last one.
    """
    text = "\n".join(t for _, t in lines[i:])
    try:
        value, end = json.JSONDecoder().raw_decode(text)
        return value, i + text[:end].count("\n") + 1, False
    except RecursionError:  # nested deeper than the decoder goes: nothing of it is read
        return MISSING, i + 1, True
    except json.JSONDecodeError as exc:
        stop = exc.pos
    used = text[:stop].rstrip()
    # The line where the text broke off is part of the sample when it still looks like JSON;
    # when the break is inside the last line used (a string cut off), that line is counted.
    rest = text[len(used) :]
    on_new_line = "\n" in rest[: len(rest) - len(rest.lstrip())]
    broken = rest.lstrip().split("\n", 1)[0]
    extra = 1 if on_new_line and broken[:1] and broken[:1] in '"{}[],-0123456789tfn' else 0
    return _salvage(used), min(i + used.count("\n") + 1 + extra, len(lines)), True


def _salvage(text: str) -> Any:
    closers = {"{": "}", "[": "]"}
    stack: list[str] = []
    cut, cut_stack = 0, ""
    in_string = escaped = False
    for pos, ch in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
            continue
        if ch == '"':
            in_string = True
        elif ch in closers:
            stack.append(closers[ch])
            cut, cut_stack = pos + 1, "".join(reversed(stack))
        elif ch in "}]" and stack:
            stack.pop()
            if stack:
                cut, cut_stack = pos + 1, "".join(reversed(stack))
        elif ch == "," and stack:
            cut, cut_stack = pos, "".join(reversed(stack))
    # First the whole text closed as it stands (it may end right after a value), then the
    # last point where a member was complete.
    tries = [text + "".join(reversed(stack))] if not in_string else []
    tries += [text[:cut] + cut_stack] if cut else []
    for attempt in tries:
        try:
            return json.loads(attempt)
        except (ValueError, RecursionError):
            continue
    return MISSING
