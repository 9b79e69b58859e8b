"""Give every object schema a class: name models, hoist inline objects, inline aliases.

After this pass the IR has one named `Model` per object class the SDK will define, refs
use class names, and non-object schemas (enums, scalar or array aliases) sit inline at
each use, so users pass plain values (`lang="en"`), not wrapper objects.
"""

from __future__ import annotations

import json
from typing import Any

from generator.ir import (
    ANY_SCHEMA, MISSING, Api, Body, Kind, Model, Operation, Parameter, Property, Response, Schema,
    with_changes,
)
from generator.naming import ModelNames, Namer, RESERVED_CLASS_NAMES, class_name, model_names, pascal
from generator.schema_json import schema_to_json


# json.dumps(..., sort_keys=True, default=str), its encoder made once rather than per object.
_ENCODE = json.JSONEncoder(sort_keys=True, default=str).encode


def _fingerprint(schema: Schema) -> str:
    return _ENCODE(schema_to_json(schema))


class _Hoister:
    def __init__(self, api: Api) -> None:
        self.source_models = {m.name: m for m in api.models}
        self.namer = Namer(RESERVED_CLASS_NAMES)
        self.class_of: dict[str, str] = {}
        for model in api.models:
            if _is_class(model.schema):
                self.class_of[model.name] = self.namer.claim(class_name(model.name))
        self.out: dict[str, Model] = {}
        self.by_shape: dict[str, str] = {}
        self._inlining: set[str] = set()

    def run(self, api: Api) -> Api:
        for model in api.models:
            if model.name in self.class_of:
                name = self.class_of[model.name]
                self.out[name] = with_changes(model, name=name, schema=self._object(model.schema, name))
        operations = tuple(self._operation(op) for op in api.operations)
        return with_changes(api, operations=operations, models=tuple(self.out.values()))

    def _operation(self, op: Operation) -> Operation:
        names = model_names(op.resource, op.py_name or op.method)
        base = names.base
        params = tuple(self._param(p, base + pascal(p.wire_name)) for p in op.parameters)
        body = self._body(op.request_body, names.request)
        responses = tuple(self._response(r, names) for r in op.responses)
        unchanged = _same(params, op.parameters) and _same(responses, op.responses)
        if unchanged and body is op.request_body:
            return op
        return with_changes(op, parameters=params, request_body=body, responses=responses)

    # Most nodes come out as they went in (scalars, refs to classes): those are kept, not copied.

    def _param(self, param: Parameter, hint: str) -> Parameter:
        schema = self.rewrite(param.schema, hint)
        return param if schema is param.schema else with_changes(param, schema=schema)

    def _response(self, response: Response, names: ModelNames) -> Response:
        if not response.is_success:
            hint = f"{names.base}Error{pascal(response.status)}"
        else:
            hint = names.response if names.response not in self.namer else names.response_fallback
        if response.envelope is not None:  # the payload is what users get back: it takes the name
            body = self._body(self._payload_first(response, hint), hint + "Envelope")
        elif response.is_success and names.item and names.item not in self.namer and _array_items(response):
            array = response.body
            assert array is not None and array.schema.items is not None
            items = self.rewrite(array.schema.items, names.item)
            body = with_changes(array, schema=with_changes(array.schema, items=items))
        else:
            body = self._body(response.body, hint)
        return response if body is response.body else with_changes(response, body=body)

    def _payload_first(self, response: Response, hint: str) -> Body | None:
        body, envelope = response.body, response.envelope
        if body is None or envelope is None or body.schema.kind is not Kind.OBJECT:
            return body
        props = tuple(
            with_changes(p, schema=self.rewrite(p.schema, hint)) if p.wire_name == envelope.payload_key else p
            for p in body.schema.properties
        )
        return with_changes(body, schema=with_changes(body.schema, properties=props))

    def _body(self, body: Body | None, hint: str) -> Body | None:
        if body is None:
            return None
        schema = self.rewrite(body.schema, hint)
        return body if schema is body.schema else with_changes(body, schema=schema)

    def rewrite(self, schema: Schema, hint: str) -> Schema:
        kind = schema.kind
        if kind is Kind.REF:
            return self._ref(schema, hint)
        if kind is Kind.OBJECT:
            if not schema.properties:
                if schema.additional is None:
                    return schema
                return with_changes(schema, additional=self.rewrite(schema.additional, hint + "Value"))
            return self._hoist(schema, hint)
        if kind is Kind.ARRAY and schema.items is not None:
            return with_changes(schema, items=self.rewrite(schema.items, hint + "Item"))
        if kind is Kind.UNION:
            variants = tuple(
                self.rewrite(v, f"{hint}Variant{i}") for i, v in enumerate(schema.variants, 1)
            )
            return schema if _same(variants, schema.variants) else with_changes(schema, variants=variants)
        return schema

    def _ref(self, schema: Schema, hint: str) -> Schema:
        name = schema.ref or ""
        if name in self.out and name not in self.source_models:  # already hoisted by this pass
            return schema
        if name in self.class_of:
            class_ = self.class_of[name]
            return schema if class_ == name else with_changes(schema, ref=class_)
        target = self.source_models.get(name)
        if target is None or name in self._inlining:
            # A dangling ref was reported by the reader; an alias that contains itself has no finite type.
            return _use_site(ANY_SCHEMA, schema)
        self._inlining.add(name)
        try:
            inlined = self.rewrite(target.schema, class_name(name))
        finally:
            self._inlining.discard(name)
        return _use_site(inlined, schema)

    def _hoist(self, schema: Schema, hint: str) -> Schema:
        body = self._object(schema, hint)
        key = _fingerprint(body)
        name = self.by_shape.get(key)
        if name is None:
            name = self.namer.claim(class_name(hint))
            self.by_shape[key] = name
            self.out[name] = Model(name=name, schema=body, source=schema.source)
        return Schema(
            kind=Kind.REF,
            ref=name,
            nullable=schema.nullable,
            description=schema.description,
            source=schema.source,
        )

    def _object(self, schema: Schema, name: str) -> Schema:
        if schema.kind is not Kind.OBJECT:
            return self.rewrite(schema, name)
        props = tuple(self._property(p, name + pascal(p.wire_name)) for p in schema.properties)
        additional = self.rewrite(schema.additional, name + "Value") if schema.additional else None
        if additional is schema.additional and _same(props, schema.properties):
            return schema
        return with_changes(schema, properties=props, additional=additional)

    def _property(self, prop: Property, hint: str) -> Property:
        schema = self.rewrite(prop.schema, hint)
        return prop if schema is prop.schema else with_changes(prop, schema=schema)


def _array_items(response: Response) -> bool:
    """A list returned bare (`[{...}, ...]`): its items take the resource's own name."""
    body = response.body
    return body is not None and body.schema.kind is Kind.ARRAY and body.schema.items is not None


def _is_class(schema: Schema) -> bool:
    return schema.kind is Kind.OBJECT and bool(schema.properties)


def _same(new: tuple[Any, ...], old: tuple[Any, ...]) -> bool:
    """The very nodes of `old`: nothing in them was rewritten."""
    return all(a is b for a, b in zip(new, old, strict=True))


def _use_site(target: Schema, use: Schema) -> Schema:
    """The referenced schema, with what the referring site says about this use of it."""
    changes: dict[str, Any] = {"source": use.source}
    if use.description:
        changes["description"] = use.description
    if use.nullable:
        changes["nullable"] = True
    for attr in ("default", "example"):
        if getattr(use, attr) is not MISSING:
            changes[attr] = getattr(use, attr)
    for attr in ("deprecated", "read_only", "write_only"):
        if getattr(use, attr):
            changes[attr] = True
    if not use.constraints.is_empty():
        changes["constraints"] = use.constraints
    return with_changes(target, **changes)


def hoist(api: Api) -> Api:
    return _Hoister(api).run(api)
