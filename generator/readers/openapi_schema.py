"""Lowering of OpenAPI / JSON Schema objects into IR schemas.

Handles 3.0 and 3.1 spellings side by side (`nullable: true` inside 3.1 documents,
`type: [string, "null"]`, `examples` lists), local `$ref`s, allOf / oneOf / anyOf,
enums, formats, defaults and constraints. It never raises on odd input: what it cannot
read becomes `any` plus a diagnostic with the line.
"""

from __future__ import annotations

from typing import Any

from generator import diagnostics as diag
from generator.diagnostics import Diagnostic
from generator.ir import (
    ANY_SCHEMA,
    EMPTY_CONSTRAINTS,
    MISSING,
    Kind,
    Model,
    Property,
    Schema,
    with_changes,
)
from generator.readers.base import SourceDoc
from generator.load.lines import line_of, pointer_target
from generator.readers.openapi_aliases import check_aliases
from generator.readers.openapi_constraints import (
    CHECKED,
    annotate,
    constraint_problem,
    read_constraints,
    str_or_none,
    use_keywords,
)

_SCHEMAS_PREFIX = "#/components/schemas/"
_TYPE_KINDS = {
    "string": Kind.STRING,
    "integer": Kind.INTEGER,
    "number": Kind.NUMBER,
    "boolean": Kind.BOOLEAN,
    "array": Kind.ARRAY,
    "object": Kind.OBJECT,
    "null": Kind.NULL,
}
# Deeper than this is hostile or broken input, not an API.
MAX_DEPTH = 64
# Schema objects lowered per document. The largest real documents measured need ~21,000
# (Telnyx); references that each repeat the one before multiply without bound.
MAX_SCHEMA_NODES = 100_000


class SchemaReader:
    """Reads the schemas of one OpenAPI document, resolving each `$ref` once."""

    def __init__(self, doc: SourceDoc, root: dict[str, Any]) -> None:
        self.doc = doc
        self.root = root
        self.diagnostics: list[Diagnostic] = []
        self._resolving: set[str] = set()
        self._lowered: dict[str, Schema] = {}
        self._lowered_count = 0
        self._top_line = 0
        components = root.get("components")
        schemas = components.get("schemas") if isinstance(components, dict) else None
        self._components: dict[str, Any] = schemas if isinstance(schemas, dict) else {}

    # -- references ------------------------------------------------------------------

    def resolve_pointer(self, ref: str, line: int) -> Any:
        """Follow a local JSON pointer; report and return None when it leads nowhere."""
        if not ref.startswith("#"):
            self.diagnostics.append(
                diag.warning(
                    "ref-external",
                    f"reference {ref!r} points outside this document; read as any",
                    self.doc.span(line),
                )
            )
            return None
        found, node = pointer_target(self.root, ref[1:])
        if not found:
            self.diagnostics.append(
                diag.error(
                    "ref-dangling",
                    f"reference {ref!r} leads nowhere (the document may be cut short)",
                    self.doc.span(line),
                )
            )
        return node

    def deref(self, node: Any, line: int = 0) -> Any:
        """Resolve `$ref` chains of non-schema objects (parameters, responses, bodies)."""
        seen: set[str] = set()
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if ref in seen:
                self.diagnostics.append(
                    diag.error("ref-cycle", f"reference {ref!r} refers to itself", self.doc.span(line))
                )
                return None
            seen.add(ref)
            line = line_of(node, line)
            node = self.resolve_pointer(ref, line)
        return node

    # -- schemas ----------------------------------------------------------------------

    def models(self) -> list[Model]:
        models = [
            Model(name=str(name), schema=self.component(str(name)), wire_name=str(name),
                  source=self.doc.span(line_of(node, line_of(self._components))))
            for name, node in self._components.items()
        ]
        models, found = check_aliases(models, MAX_DEPTH)
        self.diagnostics.extend(found)
        return models

    def component(self, name: str) -> Schema:
        lowered = self._lowered.get(name)
        if lowered is None:
            node = self._components.get(name)
            lowered = self.schema(node, line_of(node, line_of(self._components)))
            self._lowered[name] = lowered
        return lowered

    def schema(self, node: Any, line: int = 0, depth: int = 0) -> Schema:
        if depth == 0:  # where a blow-up is reported: the schema the user wrote, not inside it
            self._top_line = line_of(node, line)
        schema = self._schema(node, line, depth)
        if schema.default is not MISSING and not _fits(schema, schema.default):
            self.diagnostics.append(
                diag.warning("default-mismatch",
                             f"default {schema.default!r} does not fit type {schema.kind.value}; ignored",
                             schema.source)
            )
            schema = with_changes(schema, default=MISSING)
        return schema

    def _schema(self, node: Any, line: int, depth: int) -> Schema:
        line = line_of(node, line)
        span = self.doc.span(line)
        self._lowered_count += 1
        if self._lowered_count > MAX_SCHEMA_NODES:
            if self._lowered_count == MAX_SCHEMA_NODES + 1:
                self.diagnostics.append(
                    diag.error(
                        "schema-too-large",
                        f"the schemas expand to more than {MAX_SCHEMA_NODES} nodes (references "
                        "that repeat each other: a reference bomb?); the rest is read as any",
                        self.doc.span(self._top_line or line),
                    )
                )
            return with_changes(ANY_SCHEMA, source=span)
        if depth > MAX_DEPTH:
            self.diagnostics.append(
                diag.error("schema-too-deep", f"schema nested deeper than {MAX_DEPTH} levels", span)
            )
            return with_changes(ANY_SCHEMA, source=span)
        if node is True or node is None or node == {}:
            return with_changes(ANY_SCHEMA, source=span)
        if not isinstance(node, dict):
            self.diagnostics.append(
                diag.warning("schema-invalid", f"expected a schema object, got {type(node).__name__}", span)
            )
            return with_changes(ANY_SCHEMA, source=span)
        ref = node.get("$ref")
        if isinstance(ref, str):
            return self._ref(node, ref, line, depth, span)
        for key in ("allOf", "oneOf", "anyOf"):
            if isinstance(node.get(key), list) and node[key]:
                return self._combined(node, key, line, depth, span)
        return self._plain(node, line, depth, span)

    def _ref(self, node: dict[str, Any], ref: str, line: int, depth: int, span: Any) -> Schema:
        if ref.startswith(_SCHEMAS_PREFIX) and "/" not in ref[len(_SCHEMAS_PREFIX) :]:
            name = ref[len(_SCHEMAS_PREFIX) :].replace("~1", "/").replace("~0", "~")
            if name not in self._components:
                self.diagnostics.append(
                    diag.error(
                        "ref-dangling",
                        f"reference {ref!r} leads nowhere (the document may be cut short); read as any",
                        span,
                    )
                )
                base = ANY_SCHEMA
            else:
                base = Schema(kind=Kind.REF, ref=name, source=span)
        else:
            if ref in self._resolving:
                self.diagnostics.append(
                    diag.error("ref-cycle", f"reference {ref!r} refers to itself", span)
                )
                return with_changes(ANY_SCHEMA, source=span)
            target = self.resolve_pointer(ref, line)
            if target is None:
                base = ANY_SCHEMA
            else:
                self._resolving.add(ref)
                try:
                    base = self.schema(target, line, depth + 1)
                finally:
                    self._resolving.discard(ref)
        # 3.1 allows siblings beside $ref; they describe this use of the referenced schema.
        return annotate(base, node, span) if len(node) > 1 else with_changes(base, source=span)

    def _combined(self, node: dict[str, Any], key: str, line: int, depth: int, span: Any) -> Schema:
        parts = [self.schema(p, line, depth + 1) for p in node[key]]
        rest = {k: v for k, v in node.items() if k not in ("allOf", "oneOf", "anyOf")}
        if key == "allOf":
            combined = self._all_of(parts)
        else:
            non_null = [p for p in parts if p.kind is not Kind.NULL]
            nullable = len(non_null) < len(parts) or any(p.nullable for p in parts)
            if len(non_null) == 1:
                combined = with_changes(non_null[0], nullable=nullable or non_null[0].nullable)
            else:
                combined = Schema(
                    kind=Kind.UNION,
                    variants=tuple(non_null),
                    nullable=nullable,
                    exclusive=key == "oneOf",
                    discriminator=_discriminator(node),
                )
        # A node may hold both `type: object, properties` and a combinator; keep both.
        own = self._plain(rest, line, depth, span) if _has_shape(rest) else None
        if own is not None and combined.kind is not Kind.UNION:
            combined = self._all_of([own, combined])
        return annotate(combined, rest, span)

    def _all_of(self, parts: list[Schema]) -> Schema:
        """Merge allOf parts: objects into one object, otherwise the most specific part."""
        if len(parts) == 1:
            return parts[0]
        flattened = [self._flatten(p) for p in parts]
        if all(p.kind in (Kind.OBJECT, Kind.ANY) for p in flattened):
            props: dict[str, Property] = {}
            for p in flattened:
                for prop in p.properties:
                    prior = props.get(prop.wire_name)
                    required = prop.required or (prior.required if prior else False)
                    props[prop.wire_name] = Property(
                        wire_name=prop.wire_name, schema=prop.schema, required=required
                    )
            additional = next((p.additional for p in flattened if p.additional is not None), None)
            return Schema(
                kind=Kind.OBJECT,
                properties=tuple(props.values()),
                additional=additional,
                description=next((p.description for p in parts if p.description), None),
            )
        typed = [p for p in parts if p.kind is not Kind.ANY]
        best = next((p for p in typed if p.kind is Kind.REF), typed[0] if typed else parts[0])
        extra = next((p for p in typed if p is not best and p.enum), None)
        return with_changes(best, enum=extra.enum) if extra is not None and best.kind is not Kind.REF else best

    def _flatten(self, schema: Schema, depth: int = 0) -> Schema:
        if schema.kind is Kind.REF and schema.ref and depth < MAX_DEPTH:
            if schema.ref in self._resolving:  # allOf that includes itself
                return ANY_SCHEMA
            self._resolving.add(schema.ref)
            try:
                return self._flatten(self.component(schema.ref), depth + 1)
            finally:
                self._resolving.discard(schema.ref)
        return schema

    def _plain(self, node: dict[str, Any], line: int, depth: int, span: Any) -> Schema:
        for key in CHECKED:
            why = constraint_problem(key, node[key]) if key in node else None
            if why:
                self.diagnostics.append(
                    diag.warning("constraint-invalid", f"{key}: {node[key]!r} {why}; ignored", span)
                )
        kind, nullable, variants = self._kind(node, span)
        enum = node.get("enum")
        enum_values: tuple[Any, ...] | None = None
        if isinstance(enum, list):
            nullable = nullable or None in enum
            enum_values = tuple(v for v in enum if v is not None and _is_scalar(v))
            if kind is Kind.ANY and enum_values:
                kind = _kind_of_values(enum_values)
        items = None
        if kind is Kind.ARRAY:
            items = self.schema(node.get("items"), line, depth + 1) if "items" in node else ANY_SCHEMA
        properties: tuple[Property, ...] = ()
        additional: Schema | None = None
        closed = False
        if kind is Kind.OBJECT:
            properties = self._properties(node, line, depth)
            extra = node.get("additionalProperties")
            if extra is False:
                closed = True
            elif extra is True:
                additional = ANY_SCHEMA
            elif isinstance(extra, dict):
                additional = self.schema(extra, line, depth + 1)
        return Schema(
            kind=kind,
            format=str_or_none(node.get("format")),
            nullable=nullable or node.get("nullable") is True,
            enum=enum_values,
            const=node.get("const", MISSING),
            items=items,
            properties=properties,
            additional=additional,
            closed=closed,
            variants=variants,
            constraints=read_constraints(node, EMPTY_CONSTRAINTS),
            source=span,
            **use_keywords(node),
        )

    def _kind(self, node: dict[str, Any], span: Any) -> tuple[Kind, bool, tuple[Schema, ...]]:
        raw = node.get("type")
        usual = _TYPE_KINDS.get(raw) if isinstance(raw, str) else None
        if usual is not None and usual is not Kind.NULL:  # `type: string`, nearly every schema
            return usual, False, ()
        names = raw if isinstance(raw, list) else [raw] if raw is not None else []
        kinds = []
        for name in names:
            kind = _TYPE_KINDS.get(name) if isinstance(name, str) else None
            if kind is None:
                self.diagnostics.append(diag.warning("type-unknown", f"unknown type {name!r}; read as any", span))
                kind = Kind.ANY
            kinds.append(kind)
        nullable = Kind.NULL in kinds
        kinds = [k for k in kinds if k is not Kind.NULL]
        if not kinds:
            if "properties" in node or "additionalProperties" in node:
                return Kind.OBJECT, nullable, ()
            if "items" in node:
                return Kind.ARRAY, nullable, ()
            return (Kind.NULL if nullable else Kind.ANY), False, ()
        if len(kinds) == 1:
            return kinds[0], nullable, ()
        variants = tuple(
            Schema(kind=k, items=ANY_SCHEMA if k is Kind.ARRAY else None) for k in kinds
        )
        return Kind.UNION, nullable, variants

    def _properties(self, node: dict[str, Any], line: int, depth: int) -> tuple[Property, ...]:
        props = node.get("properties") or {}
        required = node.get("required") or []
        if not isinstance(props, dict):
            return ()
        wanted = {r for r in required if isinstance(r, str)} if isinstance(required, list) else set()
        line = line_of(props, line)
        return tuple(
            Property(
                wire_name=str(name),
                schema=self.schema(sub, line, depth + 1),
                required=name in wanted,
            )
            for name, sub in props.items()
        )


_PYTHON_TYPES: dict[Kind, type | tuple[type, ...]] = {
    Kind.STRING: str,
    Kind.INTEGER: int,
    Kind.NUMBER: (int, float),
    Kind.BOOLEAN: bool,
    Kind.ARRAY: list,
    Kind.OBJECT: dict,
}


def _fits(schema: Schema, value: Any) -> bool:
    if value is None:
        return schema.nullable or schema.kind in (Kind.ANY, Kind.NULL, Kind.UNION, Kind.REF)
    expected = _PYTHON_TYPES.get(schema.kind)
    if expected is None:
        return True
    if isinstance(value, bool) and schema.kind in (Kind.INTEGER, Kind.NUMBER):
        return False
    return isinstance(value, expected)


def _has_shape(node: dict[str, Any]) -> bool:
    return any(k in node for k in ("type", "properties", "items", "enum", "additionalProperties"))


def _discriminator(node: dict[str, Any]) -> str | None:
    disc = node.get("discriminator")
    if isinstance(disc, dict) and isinstance(disc.get("propertyName"), str):
        return str(disc["propertyName"])
    return None


def _is_scalar(value: Any) -> bool:
    return isinstance(value, str | int | float | bool)


def _kind_of_values(values: tuple[Any, ...]) -> Kind:
    if all(isinstance(v, bool) for v in values):
        return Kind.BOOLEAN
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return Kind.INTEGER
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return Kind.NUMBER
    if all(isinstance(v, str) for v in values):
        return Kind.STRING
    return Kind.ANY
