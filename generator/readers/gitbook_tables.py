"""Markdown field tables (Parameter / Required / Type / Description) into a tree of fields.

The GitBook markdown reader hands each table here as markdown-it tokens. Fields stay mutable
while a page is read, because a later table ("**User object:**") may fill in the items of a
field read earlier; `to_schema` freezes the tree into IR schemas once the page is done.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it.token import Token

from generator.ir import (
    ANY_SCHEMA,
    AuthKind,
    AuthScheme,
    Kind,
    Property,
    Schema,
    SourceSpan,
    with_changes,
)
from generator.readers.typemap import type_from_phrase
from generator.readers.vocab import (
    AUTH_API_KEY_WORDS,
    AUTH_PUBLIC_KEY_WORDS,
    AUTH_SIGNATURE_WORDS,
    HEADER_ROLES,
    OBJECT_LABEL_WORDS,
    REQUIRED_WORDS,
    cell,
)

# `users[].id`, `users.[].id`, `address.city`: a dotted name places a row under its parent.
_PATH_PART = re.compile(r"\[\]|\.")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_HTTP_SCHEMES = {"bearer": AuthKind.BEARER, "basic": AuthKind.BASIC}
_CAMEL = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[^\W_]+")


@dataclass
class Row:
    line: int  # 1-based line of the row in the page
    cells: dict[str, str]  # role -> raw cell text
    raw: str  # the row as the page wrote it, for the unread list


@dataclass
class Table:
    line: int  # line of the header row
    end_line: int  # line after the last row
    roles: list[str | None]  # role of each column, None when the header word is unknown
    rows: list[Row]
    header: str

    @property
    def has(self) -> set[str]:
        return {r for r in self.roles if r}


@dataclass
class Field:
    name: str
    schema: Schema  # scalar part; properties and items come from `children`
    required: bool
    line: int
    children: list[Field] = field(default_factory=list)
    # The children describe the items of an array rather than the field itself.
    children_are_items: bool = False

    def walk(self) -> list[Field]:
        return [self, *(f for child in self.children for f in child.walk())]


def read_table(tokens: list[Token], start: int, lines: list[str]) -> tuple[Table, int]:
    """The table opening at tokens[start]; also the index just past its `table_close`."""
    roles: list[str | None] = []
    header_cells: list[str] = []
    rows: list[Row] = []
    row_cells: list[str] = []
    in_head = False
    row_line = 0
    i = start
    while i < len(tokens) and tokens[i].type != "table_close":
        tok = tokens[i]
        if tok.type == "thead_open":
            in_head = True
        elif tok.type == "thead_close":
            in_head = False
            roles = [HEADER_ROLES.get(cell(h).rstrip(":").strip()) for h in header_cells]
        elif tok.type == "tr_open":
            row_cells = []
            row_line = tok.map[0] + 1 if tok.map else 0
        elif tok.type == "inline":
            (header_cells if in_head else row_cells).append(tok.content.strip())
        elif tok.type == "tr_close" and not in_head:
            cells = {role: text for role, text in zip(roles, row_cells) if role}
            raw = lines[row_line - 1] if 0 < row_line <= len(lines) else " | ".join(row_cells)
            rows.append(Row(row_line, cells, raw))
        i += 1
    first = tokens[start].map
    table = Table(
        line=first[0] + 1 if first else 0,
        end_line=first[1] if first else 0,
        roles=roles,
        rows=rows,
        header=lines[first[0]] if first and first[0] < len(lines) else "",
    )
    return table, i + 1


_CELL_SEPARATOR = re.compile(r"(?<!\\)\|")


def cell_count(line: str) -> int:
    """Cells a table line writes (an escaped `\\|` is text; outer pipes are optional)."""
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return len(_CELL_SEPARATOR.split(inner))


def cells_closed(line: str) -> int:
    """Cells a line ends with a pipe: in a row cut off, the cells that were written whole."""
    inner = line.strip()
    return len(_CELL_SEPARATOR.findall(inner[1:] if inner.startswith("|") else inner))


def row_field(row: Row, span: SourceSpan) -> tuple[Field | None, str | None]:
    """A field from a row; a problem with it as a message (an unknown type or required word)."""
    name = _plain(row.cells.get("name", ""))
    if not name:
        return None, "a row with no field name"
    problem = None
    type_text = _plain(row.cells.get("type", ""))
    schema = type_from_phrase(type_text, span) if type_text else with_changes(ANY_SCHEMA, source=span)
    if schema is None:
        schema = with_changes(ANY_SCHEMA, source=span)
        problem = f"type {type_text!r} of {name!r} is not a known type word; read as any"
    description = row.cells.get("description", "").strip() or None
    if description:
        schema = with_changes(schema, description=description)
    example = _plain(row.cells.get("example", ""))
    if example:
        schema = with_changes(schema, example=example)
    required_text = cell(row.cells.get("required", "")).rstrip(".:")
    required = REQUIRED_WORDS.get(required_text)
    if required is None:
        first = _WORD.findall(required_text)
        required = REQUIRED_WORDS.get(first[0]) if first else None
    if required is None:
        problem = problem or f"required flag {required_text!r} of {name!r} is not a known word"
        required = False
    return Field(name, schema, required, row.line), problem


def _plain(text: str) -> str:
    return text.replace("`", "").replace("*", "").replace("\\", "").strip()


def place(fields: list[Field], new: Field) -> None:
    """Add a row to its section, nesting dotted names (`address.city`, `items[].sku`)."""
    parts = [p for p in _PATH_PART.split(new.name) if p]
    if len(parts) <= 1:
        fields.append(new)
        return
    siblings = fields
    for part in parts[:-1]:
        parent = next((f for f in siblings if f.name == part), None)
        if parent is None:
            parent = Field(part, Schema(kind=Kind.OBJECT, source=new.schema.source), False, new.line)
            siblings.append(parent)
        if parent.schema.kind is Kind.ARRAY:
            parent.children_are_items = True
        siblings = parent.children
    new.name = parts[-1]
    siblings.append(new)


def label_words(label: str) -> list[str]:
    """The words of a nested-table label that name its field ("User object:" -> ["user"])."""
    words = [w.lower() for w in _WORD.findall(label)]
    kept = [w for w in words if w not in OBJECT_LABEL_WORDS]
    return kept or words


def _same_word(a: str, b: str) -> bool:
    """Singular/plural and case endings: users~user, пользователей~пользователя."""
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if long_ in (short + "s", short + "es") or (
        short.endswith("y") and long_ == short[:-1] + "ies"
    ):
        return True
    common = 0
    for x, y in zip(a, b):
        if x != y:
            break
        common += 1
    return common >= 5 and common >= 0.75 * len(short)


def find_owner(label: str, candidates: list[Field]) -> Field | None:
    """The object or array field a labelled table describes: by name first, then description."""
    words = label_words(label)
    if not words:
        return None
    holders = [f for f in candidates if f.schema.kind in (Kind.OBJECT, Kind.ARRAY, Kind.ANY)]
    for f in holders:
        if _same_word(f.name.lower(), "".join(words)) or any(
            _same_word(n, w) for n in _name_words(f.name) for w in words
        ):
            return f
    for f in holders:
        text = [w.lower() for w in _WORD.findall(f.schema.description or "")]
        if any(_same_word(t, w) for t in text for w in words if len(w) > 2):
            return f
    return None


def _name_words(name: str) -> list[str]:
    """`lastLoginAt` -> last, login, at; `order_items` -> order, items."""
    return [w.lower() for w in _CAMEL.findall(name)]


def attach(owner: Field, fields: list[Field]) -> None:
    owner.children.extend(fields)
    if owner.schema.kind is Kind.ARRAY:
        owner.children_are_items = True
    elif owner.schema.kind is Kind.ANY:
        owner.schema = with_changes(owner.schema, kind=Kind.OBJECT)


def to_schema(fields: list[Field], source: SourceSpan) -> Schema:
    """An object schema holding the fields (first occurrence of a name wins)."""
    props: list[Property] = []
    seen: set[str] = set()
    for f in fields:
        if f.name in seen:
            continue
        seen.add(f.name)
        props.append(Property(wire_name=f.name, schema=_field_schema(f), required=f.required))
    return Schema(kind=Kind.OBJECT, properties=tuple(props), source=source)


def _field_schema(f: Field) -> Schema:
    if not f.children:
        return f.schema
    inner = to_schema(f.children, f.schema.source)
    if f.children_are_items and f.schema.kind is Kind.ARRAY:
        items = f.schema.items
        if items is not None and items.kind is Kind.OBJECT:
            inner = with_changes(inner, description=items.description)
        return with_changes(f.schema, items=inner)
    return with_changes(f.schema, kind=Kind.OBJECT, properties=inner.properties, items=None)


def auth_schemes(
    headers: list[tuple[str, str, SourceSpan]], env_var: str | None
) -> list[AuthScheme]:
    """Credential headers (name, sample value, where) as schemes: a public key + signature pair
    is a body-signing scheme; otherwise the first key header is an API key (or bearer/basic)."""
    by_lower: dict[str, tuple[str, str, SourceSpan]] = {}
    for name, value, span in headers:
        if name.lower() not in by_lower or value and not by_lower[name.lower()][1]:
            by_lower[name.lower()] = (name, value, span)
    public = [v for k, v in by_lower.items() if any(w in k for w in AUTH_PUBLIC_KEY_WORDS)]
    signature = [v for k, v in by_lower.items() if any(w in k for w in AUTH_SIGNATURE_WORDS)]
    if public and signature:
        (pub, _, span), (sig, _, _) = public[0], signature[0]
        return [
            AuthScheme(
                name=pub, kind=AuthKind.HMAC, header=pub, extra_headers=(sig,), env_var=env_var, source=span
            )
        ]
    keys = [v for k, v in by_lower.items() if any(w in k for w in AUTH_API_KEY_WORDS)]
    if not keys:
        return []
    name, value, span = keys[0]
    words = value.split()
    kind, prefix = AuthKind.API_KEY, None
    if len(words) == 2 and words[0].isalpha():
        # `Authorization: Bearer $TOKEN`, `Authorization: APIKey <key>`
        kind = _HTTP_SCHEMES.get(words[0].lower(), AuthKind.API_KEY)
        prefix = words[0] if kind is AuthKind.API_KEY else None
    return [AuthScheme(name=name, kind=kind, header=name, prefix=prefix, env_var=env_var, source=span)]


def is_auth_header(name: str) -> bool:
    low = name.lower()
    return any(
        w in low for w in (*AUTH_PUBLIC_KEY_WORDS, *AUTH_SIGNATURE_WORDS, *AUTH_API_KEY_WORDS)
    )
