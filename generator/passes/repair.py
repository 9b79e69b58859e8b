"""Docs quirks that no valid OpenAPI document may hold, mended with a warning at their line.

Doc pages are written by hand: a default outside its own enum, or of another type than the
field (`default: "10"` on an integer), or a parameter described twice, is a slip in the docs,
not a reason to build nothing.
The value is dropped, the field kept, and the warning names the doc line; a security scheme
name OpenAPI cannot hold as a key is spelled with the characters it can. So the export is
valid whatever a document says, and `export-invalid` is only ever our own bug.
"""

from __future__ import annotations

import math
import re
from typing import Any

from generator import diagnostics as diag
from generator.diagnostics import Diagnostic
from generator.ir import (
    MISSING, Api, Body, Kind, Model, Operation, Parameter, Property, Response, Schema, SourceSpan,
    with_changes,
)

_SCALAR_TYPES: dict[Kind, tuple[type, ...]] = {
    Kind.STRING: (str,),
    Kind.INTEGER: (int,),
    Kind.NUMBER: (int, float),
    Kind.BOOLEAN: (bool,),
    Kind.ARRAY: (list, tuple),
    Kind.OBJECT: (dict,),
}


def _misfit(schema: Schema, value: Any) -> str | None:
    """Why `value` cannot be this schema's value, or None when it can (or we cannot tell)."""
    if value is None:
        return None if schema.nullable or schema.kind in (Kind.NULL, Kind.ANY) else "null"
    if schema.enum is not None and value not in schema.enum:
        shown = ", ".join(repr(v) for v in schema.enum[:8])
        return f"{value!r} is not one of its values ({shown})"
    allowed = _SCALAR_TYPES.get(schema.kind)
    if allowed is None:
        return None  # refs, unions, any: not checked here
    if isinstance(value, bool) and schema.kind is not Kind.BOOLEAN:
        return f"{value!r} is not {schema.kind.value}"
    if isinstance(value, float) and schema.kind is Kind.INTEGER and value.is_integer():
        return None
    if not isinstance(value, allowed) or (isinstance(value, float) and not math.isfinite(value)):
        return f"{value!r} is not {schema.kind.value}"
    return None


class _Repair:
    def __init__(self) -> None:
        self.found: list[Diagnostic] = []

    def schema(self, schema: Schema, where: str, fallback: SourceSpan) -> Schema:
        changes: dict[str, Any] = {}
        if schema.default is not MISSING:
            why = _misfit(schema, schema.default)
            if why is not None:
                span = schema.source if schema.source.line else fallback
                self.found.append(diag.warning(
                    "default-invalid", f"{where}: the default {why}; the default is left out", span
                ))
                changes["default"] = MISSING
        if schema.items is not None:
            items = self.schema(schema.items, f"{where}[]", fallback)
            if items is not schema.items:
                changes["items"] = items
        if schema.additional is not None:
            extra = self.schema(schema.additional, f"{where}.*", fallback)
            if extra is not schema.additional:
                changes["additional"] = extra
        props = tuple(self.property(p, where) for p in schema.properties)
        if any(new is not old for new, old in zip(props, schema.properties)):
            changes["properties"] = props
        variants = tuple(self.schema(v, where, fallback) for v in schema.variants)
        if any(new is not old for new, old in zip(variants, schema.variants)):
            changes["variants"] = variants
        return with_changes(schema, **changes) if changes else schema

    def property(self, prop: Property, owner: str) -> Property:
        fallback = prop.schema.source
        schema = self.schema(prop.schema, f"{owner}.{prop.wire_name}" if owner else prop.wire_name, fallback)
        return prop if schema is prop.schema else with_changes(prop, schema=schema)

    def parameter(self, param: Parameter, where: str) -> Parameter:
        schema = self.schema(param.schema, f"{where} parameter {param.wire_name!r}", param.source)
        return param if schema is param.schema else with_changes(param, schema=schema)

    def body(self, body: Body | None, where: str) -> Body | None:
        if body is None:
            return None
        schema = self.schema(body.schema, where, body.source)
        return body if schema is body.schema else with_changes(body, schema=schema)

    def response(self, response: Response, where: str) -> Response:
        body = self.body(response.body, f"{where} response {response.status}")
        return response if body is response.body else with_changes(response, body=body)

    def unique(self, op: Operation, where: str) -> tuple[Parameter, ...]:
        """One parameter per name and place: the first described wins, later ones are named."""
        kept: dict[tuple[str, str], Parameter] = {}
        for param in op.parameters:
            key = (param.wire_name, param.location.value)
            first = kept.setdefault(key, param)
            if first is not param:
                self.found.append(diag.warning(
                    "parameter-duplicate",
                    f"{where}: {param.location.value} parameter {param.wire_name!r} is described "
                    f"twice; the first, at line {first.source.line}, is kept",
                    param.source,
                ))
        return tuple(kept.values())

    def operation(self, op: Operation) -> Operation:
        where = f"{op.method.upper()} {op.path}"
        unique = self.unique(op, where)
        params = tuple(self.parameter(p, where) for p in unique)
        body = self.body(op.request_body, f"{where} request")
        responses = tuple(self.response(r, where) for r in op.responses)
        if len(params) == len(op.parameters) and body is op.request_body and all(
            new is old for new, old in zip((*params, *responses), (*op.parameters, *op.responses))
        ):
            return op
        return with_changes(op, parameters=params, request_body=body, responses=responses)

    def model(self, model: Model) -> Model:
        schema = self.schema(model.schema, model.wire_name or model.name, model.source)
        return model if schema is model.schema else with_changes(model, schema=schema)


# OpenAPI 3.1 allows only these characters in the keys of `components` (security schemes).
_COMPONENT_KEY = re.compile(r"[a-zA-Z0-9._-]+")


def _scheme_names(api: Api, found: list[Diagnostic]) -> Api:
    """Security scheme names as OpenAPI keys; requirements follow the renamed schemes."""
    if all(_COMPONENT_KEY.fullmatch(a.name) for a in api.auth):
        return api
    taken = {a.name for a in api.auth if _COMPONENT_KEY.fullmatch(a.name)}
    renamed: dict[str, str] = {}
    for scheme in api.auth:
        if _COMPONENT_KEY.fullmatch(scheme.name):
            continue
        base = re.sub(r"[^a-zA-Z0-9._-]+", "_", scheme.name).strip("_") or "auth"
        name, n = base, 2
        while name in taken:
            name, n = f"{base}_{n}", n + 1
        taken.add(name)
        renamed[scheme.name] = name
        found.append(diag.warning(
            "auth-name-invalid",
            f"security scheme {scheme.name!r} cannot be an OpenAPI name; exported as {name!r}",
            scheme.source,
        ))

    def names(refs: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(renamed.get(r, r) for r in refs)

    operations = tuple(
        op if op.security is None else with_changes(op, security=names(op.security))
        for op in api.operations
    )
    auth = tuple(with_changes(a, name=renamed.get(a.name, a.name)) for a in api.auth)
    return with_changes(api, auth=auth, security=names(api.security), operations=operations)


def repair(api: Api) -> tuple[Api, tuple[Diagnostic, ...]]:
    fixer = _Repair()
    operations = tuple(fixer.operation(op) for op in api.operations)
    models = tuple(fixer.model(m) for m in api.models)
    if fixer.found:
        api = with_changes(api, operations=operations, models=models)
    api = _scheme_names(api, fixer.found)
    return api, tuple(fixer.found)
