"""JSON samples as evidence: infer a schema from a sample, and combine it with what text says.

Inference uses genson (a datamodel-code-generator dependency); its JSON Schema is lowered
by the same code as OpenAPI schemas, so samples and specs give the same IR.
"""

from __future__ import annotations

from typing import Any

from genson import SchemaBuilder  # type: ignore[import-untyped]

from generator.ir import (
    ANY_SCHEMA,
    MISSING,
    Envelope,
    Kind,
    Property,
    Schema,
    SourceSpan,
    with_changes,
)
from generator.readers.base import SourceDoc
from generator.readers.openapi_schema import MAX_DEPTH, SchemaReader
from generator.readers.vocab import ENVELOPE_ERRORS, ENVELOPE_FLAGS, ENVELOPE_PAYLOADS


def infer(value: Any, source: SourceSpan) -> Schema:
    """The schema a sample shows: types, nesting, nullability from `null`, the sample as example.

    Fields seen in the sample are not marked required: a sample shows what may come back, not
    what must; the text decides that.
    """
    builder = SchemaBuilder()
    builder.add_object(_clip(value, MAX_DEPTH))
    reader = SchemaReader(SourceDoc(path=source.file, text=""), {})
    schema = reader.schema(_drop_required(builder.to_schema()), source.line)
    return _with_examples(schema, value, source)


def _clip(value: Any, depth: int) -> Any:
    """The sample with whatever lies deeper than `depth` levels left out (read as any).

    Schemas are read to MAX_DEPTH levels; genson recurses once per level, so a sample nested
    a thousand deep would otherwise exhaust the stack and lose the whole page.
    """
    if depth <= 0 and isinstance(value, dict | list):
        return None
    if isinstance(value, dict):
        return {k: _clip(v, depth - 1) for k, v in value.items()}
    if isinstance(value, list):
        return [_clip(v, depth - 1) for v in value]
    return value


def _drop_required(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _drop_required(v) for k, v in node.items() if k not in ("required", "$schema")}
    if isinstance(node, list):
        return [_drop_required(v) for v in node]
    return node


def _with_examples(schema: Schema, value: Any, source: SourceSpan) -> Schema:
    if isinstance(value, dict) and schema.kind is Kind.OBJECT:
        props = tuple(
            Property(wire_name=p.wire_name, schema=_with_examples(p.schema, value.get(p.wire_name), source), required=p.required,
                     stated=False)
            for p in schema.properties
        )
        return with_changes(schema, properties=props, source=source)
    if isinstance(value, list) and schema.kind is Kind.ARRAY and value and schema.items is not None:
        return with_changes(schema, items=_with_examples(schema.items, value[0], source), source=source)
    if value is not None and not isinstance(value, dict | list):
        return with_changes(schema, example=value, source=source)
    return with_changes(schema, source=source)


def combine(text: Schema, sample: Schema) -> Schema:
    """Text wins on required flags, descriptions and declared types; the sample adds the rest."""
    if text.kind is Kind.ANY:
        return with_changes(sample, description=text.description or sample.description,
                            nullable=text.nullable or sample.nullable, source=text.source)
    changes: dict[str, Any] = {}
    if text.example is MISSING and sample.example is not MISSING:
        changes["example"] = sample.example
    if sample.kind is Kind.NULL and not text.nullable:
        changes["nullable"] = True  # the sample shows null where the text gave only a type
    if text.kind is Kind.OBJECT and sample.kind is Kind.OBJECT:
        known = {p.wire_name: p for p in text.properties}
        seen = {p.wire_name: p for p in sample.properties}
        merged = [
            Property(wire_name=p.wire_name, schema=combine(p.schema, seen[p.wire_name].schema) if p.wire_name in seen else p.schema,
                     required=p.required, py_name=p.py_name)
            for p in text.properties
        ]
        merged += [p for name, p in seen.items() if name not in known]
        changes["properties"] = tuple(merged)
    if text.kind is Kind.ARRAY and sample.kind is Kind.ARRAY and sample.items is not None:
        items = text.items if text.items is not None else ANY_SCHEMA
        changes["items"] = combine(items, sample.items)
    return with_changes(text, **changes) if changes else text


def envelope_of(value: Any) -> Envelope | None:
    """`{"success": true, "response": {...}}` and its kin: a flag plus one payload key."""
    if not isinstance(value, dict):
        return None
    flag = next((k for k in ENVELOPE_FLAGS if isinstance(value.get(k), bool)), None)
    payload = next((k for k in ENVELOPE_PAYLOADS if k in value), None)
    if flag is None or payload is None:
        return None
    error = next((k for k in ENVELOPE_ERRORS if k in value), "error")
    return Envelope(success_key=flag, payload_key=payload, error_key=error)
