"""Schemas from what a rendered GitBook page showed: fields, flattened tables, JSON samples.

Where the page says a thing twice (a prose table and the rendered OpenAPI block) the two are
joined field by field; the prose table, written by people, wins on required flags, which the
rendered block often shows as "Optional" for every field.
"""

from __future__ import annotations

import re
from typing import Any

from generator import diagnostics as diag
from generator.diagnostics import Diagnostic
from generator.ir import MISSING, Kind, Property, Schema, with_changes
from generator.readers.base import SourceDoc
from generator.readers.rendered_text_parts import Field, Table
from generator.readers.samples import combine, envelope_of, infer
from generator.readers.vocab import (
    ENVELOPE_PAYLOADS,
    HEADER_SECTIONS,
    OBJECT_LABEL_WORDS,
    PATH_SECTIONS,
    QUERY_SECTIONS,
    REQUEST_SECTIONS,
    RESPONSE_SECTIONS,
)


def table_role(table: Table) -> str:
    """request / response / header / path / query, or "object" for a nested-object table."""
    label = table.label
    if not label:
        return "request" if "required" in table.roles else "response"
    for role, words in (
        ("header", HEADER_SECTIONS),
        ("path", PATH_SECTIONS),
        ("query", QUERY_SECTIONS),
        ("request", REQUEST_SECTIONS),
        ("response", RESPONSE_SECTIONS),
    ):
        if label in words:
            return role
    return "object"


def join_fields(
    block: list[Field], prose: list[Field], doc: SourceDoc, found: list[Diagnostic]
) -> list[Field]:
    """One list from the rendered block's fields and a prose table's rows, matched by name."""
    by_name = {f.name: f for f in prose}
    out: list[Field] = []
    for run in block:
        row = by_name.pop(run.name, None)
        if row is None:
            out.append(run)
            continue
        required = row.required if row.required is not None else run.required
        if row.required is not None and run.required is not None and row.required != run.required:
            found.append(
                diag.info(
                    "required-disagrees",
                    f"`{run.name}`: the table (line {row.line}) says "
                    f"{'required' if row.required else 'optional'}, the rendered block says "
                    f"{'required' if run.required else 'optional'}; the table is kept",
                    doc.span(run.line),
                )
            )
        schema = run.schema if run.schema.kind is not Kind.ANY else row.schema
        if row.schema.nullable:
            schema = with_changes(schema, nullable=True)
        out.append(
            Field(
                run.name,
                schema,
                required,
                run.line,
                row.description or run.description,
                run.example if run.example is not MISSING else row.example,
                run.default,
                run.deprecated,
            )
        )
    return out + [row for row in prose if row.name in by_name]


def object_of(fields: list[Field], doc: SourceDoc) -> Schema:
    """An object schema; dotted names (`address.city`) become nested objects."""
    props: list[Property] = []
    nested: dict[str, list[Field]] = {}
    in_items: set[str] = set()  # `orders[].id`: members of the items of `orders`
    for f in fields:
        head, dot, rest = f.name.partition(".")
        if dot and rest and head.rstrip("[]"):
            if head.endswith("[]"):
                head = head.rstrip("[]")
                in_items.add(head)
            nested.setdefault(head, []).append(
                Field(rest, f.schema, f.required, f.line, f.description, f.example, f.default)
            )
            continue
        props.append(Property(wire_name=f.name, schema=field_schema(f, doc), required=bool(f.required)))
    for name, inner in nested.items():
        have = next((p for p in props if p.wire_name == name), None)
        obj = object_of(inner, doc)
        if have is None:
            wrapped = Schema(kind=Kind.ARRAY, items=obj) if name in in_items else obj
            props.append(Property(wire_name=name, schema=wrapped, required=False))
        else:
            props[props.index(have)] = Property(wire_name=name, schema=_put_object(have.schema, obj), required=have.required)
    line = fields[0].line if fields else 0
    return Schema(kind=Kind.OBJECT, properties=tuple(props), source=doc.span(line))


def field_schema(f: Field, doc: SourceDoc) -> Schema:
    changes: dict[str, Any] = {"source": doc.span(f.line)}
    if f.description:
        changes["description"] = f.description
    if f.example is not MISSING:
        changes["example"] = f.example
    if f.default is not MISSING:
        changes["default"] = f.default
    if f.deprecated:
        changes["deprecated"] = True
    return with_changes(f.schema, **changes)


def _put_object(target: Schema, obj: Schema) -> Schema:
    """Describe an array's items or an object's members with a nested-object table."""
    if target.kind is Kind.ARRAY:
        return with_changes(target, items=with_changes(obj, source=target.source))
    return with_changes(obj, description=target.description, nullable=target.nullable, source=target.source)


def attach_tables(
    base: Schema, tables: list[Table], doc: SourceDoc, found: list[Diagnostic]
) -> tuple[Schema, list[Table]]:
    """Put each "User object:" table under the field it names; return the ones that fit nowhere."""
    left: list[Table] = []
    for table in tables:
        words = [w for w in re.findall(r"\w+", table.label) if w not in OBJECT_LABEL_WORDS]
        placed = _place(base, words, object_of(table.rows, doc)) if words else None
        if placed is None:
            left.append(table)
            found.append(
                diag.warning(
                    "table-unattached",
                    f"the table `{table.label}` names no field of the request or the response",
                    doc.span(table.line),
                )
            )
        else:
            base = placed
    return base, left


def _place(schema: Schema, words: list[str], obj: Schema) -> Schema | None:
    def fits(p: Property) -> bool:
        name = p.wire_name.lower()
        return any(name in (w, w + "s", w + "es") or name == w.rstrip("s") for w in words)

    for i, prop in enumerate(schema.properties):
        if fits(prop) and prop.schema.kind in (Kind.ARRAY, Kind.OBJECT, Kind.ANY):
            props = list(schema.properties)
            props[i] = Property(wire_name=prop.wire_name, schema=_put_object(prop.schema, obj), required=prop.required)
            return with_changes(schema, properties=tuple(props))
    for i, prop in enumerate(schema.properties):
        inner = prop.schema.items if prop.schema.kind is Kind.ARRAY else prop.schema
        if inner is not None and inner.properties:
            placed = _place(inner, words, obj)
            if placed is not None:
                new = with_changes(prop.schema, items=placed) if prop.schema.kind is Kind.ARRAY else placed
                props = list(schema.properties)
                props[i] = Property(wire_name=prop.wire_name, schema=new, required=prop.required)
                return with_changes(schema, properties=tuple(props))
    return None


def with_sample(text: Schema | None, value: Any, line: int, doc: SourceDoc) -> Schema | None:
    """Text and a JSON sample together; an envelope sample keeps the text for its payload."""
    if value is MISSING:
        return text
    sample = infer(value, doc.span(line))
    if text is None:
        return sample
    env = envelope_of(value)
    payload = sample.find_property(env.payload_key) if env else None
    if env is None or payload is None or text.find_property(env.payload_key) is not None:
        return combine(text, sample)
    # The text describes what the envelope carries, not the envelope itself.
    props = tuple(
        Property(
            wire_name=p.wire_name, schema=_combine_payload(text, p.schema) if p is payload else p.schema, required=p.required
        )
        for p in sample.properties
    )
    return with_changes(sample, properties=props)


def with_table(runs: Schema, table: Schema) -> Schema:
    """Rendered response fields with a prose table: an envelope's payload gets the table."""
    for i, prop in enumerate(runs.properties):
        if prop.wire_name in ENVELOPE_PAYLOADS and prop.schema.kind in (Kind.OBJECT, Kind.ANY):
            props = list(runs.properties)
            props[i] = Property(wire_name=prop.wire_name, schema=combine(table, prop.schema), required=prop.required)
            return with_changes(runs, properties=tuple(props))
    return combine(runs, table)


def _combine_payload(text: Schema, sample: Schema) -> Schema:
    if sample.kind is Kind.ARRAY and text.kind is Kind.OBJECT and sample.items is not None:
        return with_changes(sample, items=combine(text, sample.items))  # the table describes each item
    return combine(text, sample)
