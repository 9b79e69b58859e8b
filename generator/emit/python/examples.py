"""Example values for arguments, from the docs' own examples where they give one.

Used by the package README and the tests shipped with each package, so the values must be
valid against the schema: enums, formats, lengths and ranges are honoured.
"""

from __future__ import annotations

from typing import Any

from generator.ir import MISSING, Api, Kind, Schema

_FORMAT_SAMPLES = {
    "email": "user@example.com",
    "idn-email": "user@example.com",
    "uri": "https://example.com",
    "url": "https://example.com",
    "uuid": "00000000-0000-4000-8000-000000000000",
    "date": "2025-01-01",
    "date-time": "2025-01-01T00:00:00Z",
    "ipv4": "192.0.2.1",
    "hostname": "example.com",
}
_MAX_DEPTH = 4


def _fits(schema: Schema, value: Any) -> bool:
    kinds: dict[Kind, type | tuple[type, ...]] = {
        Kind.STRING: str, Kind.INTEGER: int, Kind.NUMBER: (int, float), Kind.BOOLEAN: bool,
        Kind.ARRAY: list, Kind.OBJECT: dict,
    }
    expected = kinds.get(schema.kind)
    if expected is None or value is None:
        return value is not None
    if isinstance(value, bool) and schema.kind is not Kind.BOOLEAN:
        return False
    if not isinstance(value, expected):
        return False
    if schema.enum and value not in schema.enum:
        return False
    c = schema.constraints
    if isinstance(value, str):
        return (c.min_length or 0) <= len(value) <= (c.max_length or len(value))
    return True


def example_value(schema: Schema, api: Api, *, full: bool = False, depth: int = 0) -> Any:
    """A JSON value valid for `schema`; `full` also fills optional object fields."""
    if schema.kind is Kind.STRING and schema.format == "binary":
        return b"file content"  # a file's bytes, whatever text the docs show for it
    if schema.example is not MISSING and _fits(schema, schema.example):
        return schema.example
    if schema.default is not MISSING and _fits(schema, schema.default):
        return schema.default
    if schema.const is not MISSING:
        return schema.const
    if schema.enum:
        return schema.enum[0]
    kind = schema.kind
    if kind is Kind.REF and schema.ref:
        model = api.model(schema.ref)
        return example_value(model.schema, api, full=full, depth=depth) if model and depth < _MAX_DEPTH else {}
    if kind is Kind.STRING:
        text = _FORMAT_SAMPLES.get(schema.format or "", "string")
        c = schema.constraints
        if c.min_length and len(text) < c.min_length:
            text = (text * (c.min_length // len(text) + 1))[: max(c.min_length, len(text))]
        if c.max_length is not None and len(text) > c.max_length:
            text = text[: c.max_length]
        return text
    if kind in (Kind.INTEGER, Kind.NUMBER):
        c = schema.constraints
        low = c.minimum if c.minimum is not None else (
            c.exclusive_minimum + 1 if c.exclusive_minimum is not None else None)
        value: Any = low if low is not None else 1
        if c.maximum is not None and value > c.maximum:
            value = c.maximum
        return int(value) if kind is Kind.INTEGER else float(value)
    if kind is Kind.BOOLEAN:
        return True
    if kind is Kind.ARRAY:
        if depth >= _MAX_DEPTH or schema.items is None:
            return []
        count = max(1, schema.constraints.min_items or 1)
        return [example_value(schema.items, api, full=full, depth=depth + 1)] * count
    if kind is Kind.OBJECT:
        if depth >= _MAX_DEPTH:
            return {}
        return {
            p.wire_name: example_value(p.schema, api, full=full, depth=depth + 1)
            for p in schema.properties
            if (p.required or full) and not p.schema.read_only
        }
    if kind is Kind.UNION and schema.variants:
        return example_value(schema.variants[0], api, full=full, depth=depth)
    return "string"
