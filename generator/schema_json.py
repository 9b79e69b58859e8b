"""The JSON Schema form of an IR schema: the export's schemas, and what hoisting compares."""

from __future__ import annotations

from typing import Any

from generator.ir import MISSING, Kind, Schema

_SIMPLE = {
    Kind.STRING: "string",
    Kind.INTEGER: "integer",
    Kind.NUMBER: "number",
    Kind.BOOLEAN: "boolean",
    Kind.ARRAY: "array",
    Kind.OBJECT: "object",
    Kind.NULL: "null",
}
_CONSTRAINTS = {
    "min_length": "minLength",
    "max_length": "maxLength",
    "pattern": "pattern",
    "minimum": "minimum",
    "maximum": "maximum",
    "exclusive_minimum": "exclusiveMinimum",
    "exclusive_maximum": "exclusiveMaximum",
    "multiple_of": "multipleOf",
    "min_items": "minItems",
    "max_items": "maxItems",
}

def schema_to_json(schema: Schema) -> dict[str, Any]:
    out: dict[str, Any] = {}
    kind = schema.kind
    if kind is Kind.REF:
        out["$ref"] = f"#/components/schemas/{schema.ref}"
    elif kind is Kind.UNION:
        variants = [schema_to_json(v) for v in schema.variants]
        if schema.nullable:
            variants.append({"type": "null"})
        out["oneOf" if schema.exclusive else "anyOf"] = variants
        if schema.discriminator:
            out["discriminator"] = {"propertyName": schema.discriminator}
    elif kind in _SIMPLE:
        out["type"] = [_SIMPLE[kind], "null"] if schema.nullable and kind is not Kind.NULL else _SIMPLE[kind]
    if kind is Kind.REF and schema.nullable:
        out = {"anyOf": [out, {"type": "null"}]}
    if schema.format:
        out["format"] = schema.format
    if schema.enum is not None:
        out["enum"] = list(schema.enum) + ([None] if schema.nullable else [])
    if schema.const is not MISSING:
        out["const"] = schema.const
    if kind is Kind.ARRAY and schema.items is not None:
        out["items"] = schema_to_json(schema.items)
    if kind is Kind.OBJECT:
        if schema.properties:
            out["properties"] = {p.wire_name: schema_to_json(p.schema) for p in schema.properties}
            required = [p.wire_name for p in schema.properties if p.required]
            if required:
                out["required"] = required
        if schema.closed:
            out["additionalProperties"] = False
        elif schema.additional is not None:
            extra = schema_to_json(schema.additional)
            out["additionalProperties"] = extra or True
    # Spelled out rather than looped over names: this runs for every schema of the API.
    if schema.title:
        out["title"] = schema.title
    if schema.description:
        out["description"] = schema.description
    if schema.default is not MISSING:
        out["default"] = schema.default
    if schema.example is not MISSING:
        out["examples"] = [schema.example]
    if schema.deprecated:
        out["deprecated"] = True
    if schema.read_only:
        out["readOnly"] = True
    if schema.write_only:
        out["writeOnly"] = True
    constraints = schema.constraints
    if not constraints.is_empty():
        for attr, key in _CONSTRAINTS.items():
            value = getattr(constraints, attr)
            if value is not None:
                out[key] = value
        if constraints.unique_items:
            out["uniqueItems"] = True
    return out
