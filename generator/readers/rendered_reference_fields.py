"""Field runs of rendered API-reference pages: `name` / `type` / badges / text / notes.

Docs platforms such as Mintlify print every field as a column of short lines; a field starts
where a name-like line is directly followed by a type line (`string`, `enum<string>[]`,
`Client users schema · object[]`, `string | null`). Everything up to the next field start is
that field's badges (`required`, `header`), description and notes (`default:0`,
`Available options: a, b`, `Required range: x <= 100`, `Example:` + a JSON value).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from generator.ir import ANY_SCHEMA, MISSING, Constraints, Kind, Property, Schema, SourceSpan, with_changes
from generator.readers.typemap import type_from_phrase
from generator.readers.vocab import (
    CHILD_TOGGLES,
    FIELD_BADGES,
    FIELD_NOTES,
    PARAM_LOCATION_WORDS,
    REQUIRED_WORDS,
    cell,
)

Line = tuple[int, str]  # (1-based line number, text)

# Names as APIs spell them: `user_id`, `x-APIKey`, `filter[status]`, `address.city`, `$top`.
_NAME = re.compile(r"[A-Za-z_$@][\w.\-\[\]$@]{0,80}")
_GENERIC = re.compile(r"(?P<base>[A-Za-z][\w-]*)(?:<(?P<arg>[\w.-]+)>)?")
_NOTE = re.compile(r"(?P<label>[A-Za-z][A-Za-z ]{0,40}?)\s*:\s*(?P<rest>.*)")
_RANGE_LOW = re.compile(r"(-?\d+(?:\.\d+)?)\s*(<=|<)\s*x\b")
_RANGE_HIGH = re.compile(r"\bx\s*(<=|<|>=|>)\s*(-?\d+(?:\.\d+)?)")
_SPAN = re.compile(r"(\d+)(?:\s*-\s*(\d+))?")
_EXAMPLE_LINES = 400
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)


def clean(text: str) -> str:
    """A line without zero-width marks (renderers put them inside long names) and edges."""
    return text.translate(_INVISIBLE).strip()


@dataclass
class Field:
    name: str
    line: int
    schema: Schema
    required: bool = False
    location: str | None = None
    flags: set[str] = field(default_factory=set)
    description: list[str] = field(default_factory=list)
    enum: list[str] = field(default_factory=list)
    default: str | None = None
    example: Any = MISSING
    notes: dict[str, str] = field(default_factory=dict)  # role -> raw value text


@dataclass
class Scan:
    fields: list[Field] = field(default_factory=list)
    prelude: list[Line] = field(default_factory=list)  # lines before the first field


def parse_type(text: str) -> Schema | None:
    """The schema a rendered type line names, or None when the line is not a type line."""
    text = clean(text)
    if not text or len(text) > 160:
        return None
    arrays = 0
    grouped = re.fullmatch(r"\((?P<inner>.+)\)(?P<dims>(?:\[\])+)", text)
    if grouped:
        text, arrays = grouped.group("inner"), grouped.group("dims").count("[]")
    variants: list[Schema] = []
    nullable = False
    for part in _split_top(text, "|"):
        if part == "null":
            nullable = True
            continue
        member = _member(part)
        if member is None:
            return None
        variants.append(member)
    if not variants:
        schema = Schema(kind=Kind.NULL) if nullable else ANY_SCHEMA
        nullable = False
    elif len(variants) == 1:
        schema = variants[0]
    else:
        schema = Schema(kind=Kind.UNION, variants=tuple(variants))
    if nullable:
        schema = with_changes(schema, nullable=True)
    for _ in range(arrays):
        schema = Schema(kind=Kind.ARRAY, items=schema)
    return schema


def _split_top(text: str, sep: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "(<[":
            depth += 1
        elif ch in ")>]":
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    parts.append(text[start:].strip())
    return parts


def _member(text: str) -> Schema | None:
    # "Client users schema · object[]": a schema title, then the type.
    title, _, core = text.rpartition("·")
    core = core.strip()
    dims = 0
    while core.endswith("[]"):
        core, dims = core[:-2].strip(), dims + 1
    match = _GENERIC.fullmatch(core)
    if not match:
        return None
    base, arg = match.group("base"), match.group("arg")
    if base.lower() == "enum":  # enum<string>: the values come from "Available options"
        base, arg = arg or "string", None
    if " " in base:
        return None
    schema = type_from_phrase(base)
    if schema is None:
        return None
    if arg:
        schema = with_changes(schema, format=arg)
    if title.strip():
        schema = with_changes(schema, title=title.strip())
    for _ in range(dims):
        schema = Schema(kind=Kind.ARRAY, items=schema)
    return schema


def is_field_start(lines: Sequence[Line], i: int) -> bool:
    if i + 1 >= len(lines):
        return False
    name = clean(lines[i][1])
    return bool(_NAME.fullmatch(name)) and parse_type(lines[i + 1][1]) is not None


def scan(lines: Sequence[Line]) -> Scan:
    """Split a section's lines into field runs; lines before the first run are the prelude."""
    result = Scan()
    cur: Field | None = None
    badges = False  # badges sit right under the type line, before the first blank
    i = 0
    while i < len(lines):
        number, text = lines[i][0], clean(lines[i][1])
        if is_field_start(lines, i):
            schema = parse_type(lines[i + 1][1]) or ANY_SCHEMA
            cur = Field(text, number, schema)
            result.fields.append(cur)
            badges, i = True, i + 2
            continue
        if not text:
            badges, i = False, i + 1
            continue
        if cur is None:
            result.prelude.append((number, text))
            i += 1
            continue
        key = cell(text)
        if key in CHILD_TOGGLES:
            pass  # a button label; expanded children follow with dotted names (`role.id`)
        elif badges and key in PARAM_LOCATION_WORDS:
            cur.location = PARAM_LOCATION_WORDS[key]
        elif badges and key in FIELD_BADGES:
            cur.flags.add(FIELD_BADGES[key])
        elif badges and key.isalpha() and key in REQUIRED_WORDS:
            cur.required = REQUIRED_WORDS[key]
        else:
            note = _NOTE.fullmatch(text)
            role = FIELD_NOTES.get(cell(note.group("label"))) if note else None
            if note is None or role is None:
                cur.description.append(text)
                badges = False
            else:
                i = _read_note(role, note.group("rest").strip(), lines, i + 1, cur)
                continue
        i += 1
    return result


def _read_note(role: str, rest: str, lines: Sequence[Line], i: int, cur: Field) -> int:
    """Read one note's value (inline or on the lines below); returns the next line index."""
    if role == "enum":
        return _read_options(rest, lines, i, cur)
    if role == "example" and not rest:
        return _read_example(lines, i, cur)
    if not rest:  # "Required string length:" with the value on the next line
        while i < len(lines) and not clean(lines[i][1]):
            i += 1
        if i < len(lines) and not is_field_start(lines, i):
            rest, i = clean(lines[i][1]), i + 1
    if role == "example":
        cur.example = _json_or_text(rest)
    elif role == "default":
        cur.default = rest
    else:
        cur.notes[role] = rest
    return i


def _read_options(rest: str, lines: Sequence[Line], i: int, cur: Field) -> int:
    # Values are comma-separated, possibly one per line: "de,\nen,\nru" ends at a value
    # without a trailing comma.
    text = rest
    if not text:
        while i < len(lines) and not clean(lines[i][1]):
            i += 1
        if i < len(lines):
            text, i = clean(lines[i][1]), i + 1
    while text.endswith(",") and i < len(lines) and clean(lines[i][1]):
        text, i = text + " " + clean(lines[i][1]), i + 1
    cur.enum.extend(v.strip().strip('"') for v in text.split(",") if v.strip())
    return i


def _read_example(lines: Sequence[Line], i: int, cur: Field) -> int:
    while i < len(lines) and not clean(lines[i][1]):
        i += 1
    if i >= len(lines) or is_field_start(lines, i):
        return i
    first = clean(lines[i][1])
    if first[:1] in "[{":
        # A bounded window: an example is never longer, and big sections stay linear.
        text = "\n".join(clean(t) for _, t in lines[i : i + _EXAMPLE_LINES])
        try:
            value, end = json.JSONDecoder().raw_decode(text)
        except (ValueError, RecursionError):
            value, end = MISSING, 0
        if value is not MISSING:
            cur.example = value
            return i + text[:end].count("\n") + 1
    cur.example = _json_or_text(first)
    return i + 1


def _json_or_text(text: str) -> Any:
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return text


# ---- from fields to IR schemas -------------------------------------------------------------


def field_schema(f: Field, span: SourceSpan) -> Schema:
    """The field's type with what its notes add: enum, default, example, constraints, text."""
    schema = with_changes(f.schema, source=span)
    leaf_is_items = schema.kind is Kind.ARRAY and schema.items is not None
    leaf = schema.items if leaf_is_items and schema.items is not None else schema
    changes: dict[str, Any] = {}
    if f.enum:
        leaf = with_changes(leaf, enum=tuple(_typed(v, leaf.kind) for v in f.enum))
    leaf = with_changes(leaf, constraints=_leaf_constraints(f.notes, leaf.constraints))
    if leaf_is_items:
        changes["items"] = leaf
        changes["constraints"] = _array_constraints(f.notes, schema.constraints)
    else:
        schema = leaf
    if f.default is not None:
        changes["default"] = _typed(f.default, schema.kind)
    if f.example is not MISSING:
        changes["example"] = f.example
    if f.description:
        changes["description"] = "\n".join(f.description)
    if "deprecated" in f.flags:
        changes["deprecated"] = True
    if "read_only" in f.flags:
        changes["read_only"] = True
    if "write_only" in f.flags:
        changes["write_only"] = True
    if "pattern" in f.notes:
        changes["constraints"] = with_changes(
            changes.get("constraints", schema.constraints), pattern=f.notes["pattern"]
        )
    return with_changes(schema, **changes)


def _typed(text: str, kind: Kind) -> Any:
    value = _json_or_text(text.strip())
    if kind is Kind.STRING:
        return text.strip().strip('"')
    if kind is Kind.INTEGER and isinstance(value, float) and value.is_integer():
        return int(value)
    if kind is Kind.BOOLEAN and isinstance(value, str):
        return {"true": True, "false": False}.get(value.lower(), value)
    return value


def _number(text: str) -> int | float:
    value = float(text)
    return int(value) if value.is_integer() else value


def _leaf_constraints(notes: dict[str, str], c: Constraints) -> Constraints:
    changes: dict[str, Any] = {}
    text = notes.get("range", "")
    low, high = _RANGE_LOW.search(text), _RANGE_HIGH.search(text)
    if low:
        key = "minimum" if low.group(2) == "<=" else "exclusive_minimum"
        changes[key] = _number(low.group(1))
    if high:
        op, value = high.group(1), _number(high.group(2))
        key = {"<=": "maximum", "<": "exclusive_maximum", ">=": "minimum"}.get(
            op, "exclusive_minimum"
        )
        changes[key] = value
    span = _SPAN.search(notes.get("length", ""))
    if span:
        changes["min_length"] = int(span.group(1))
        changes["max_length"] = int(span.group(2) or span.group(1))
    for role, key in (("min_length", "min_length"), ("max_length", "max_length")):
        found = _SPAN.search(notes.get(role, ""))
        if found:
            changes[key] = int(found.group(1))
    return with_changes(c, **changes) if changes else c


def _array_constraints(notes: dict[str, str], c: Constraints) -> Constraints:
    changes: dict[str, Any] = {}
    span = _SPAN.search(notes.get("items", ""))
    if span:
        changes["min_items"] = int(span.group(1))
        changes["max_items"] = int(span.group(2) or span.group(1))
    for role in ("min_items", "max_items"):
        found = _SPAN.search(notes.get(role, ""))
        if found:
            changes[role] = int(found.group(1))
    return with_changes(c, **changes) if changes else c


def object_of(fields: Sequence[Field], span_of: Any, source: SourceSpan) -> Schema:
    """An object schema from field runs; dotted names (`role.id`) nest under their parent."""
    tree: dict[str, Any] = {}
    for f in fields:
        node = tree
        *parents, leaf = f.name.split(".") if "." in f.name.strip(".") else [f.name]
        for part in parents:
            node = node.setdefault(part, {"field": None, "children": {}})["children"]
        node.setdefault(leaf, {"field": None, "children": {}})["field"] = f
    return Schema(kind=Kind.OBJECT, properties=_properties(tree, span_of, source), source=source)


def _properties(tree: dict[str, Any], span_of: Any, source: SourceSpan) -> tuple[Property, ...]:
    props = []
    for name, node in tree.items():
        f: Field | None = node["field"]
        schema = field_schema(f, span_of(f.line)) if f else Schema(kind=Kind.OBJECT, source=source)
        if node["children"]:
            children = _properties(node["children"], span_of, source)
            if schema.kind is Kind.ARRAY and schema.items is not None:
                schema = with_changes(schema,
                    items=with_changes(schema.items, kind=Kind.OBJECT, properties=children)
                )
            else:
                schema = with_changes(schema, kind=Kind.OBJECT, properties=children)
        props.append(Property(wire_name=name, schema=schema, required=bool(f and f.required)))
    return tuple(props)
