"""Nested request objects as `TypedDict`s, so a plain dict literal type-checks.

A body argument whose type is an object model is annotated `models.M | models.<Owner><Prop>Param`:
callers pass the model or a dict. Each TypedDict is named after the property and the
resource it is sent to (`UserRoleParam` for the `user_role` of a user), never after the
operation whose response first showed the shape; the request model still validates it.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.ir import Api, Kind, Model, Operation, Schema
from generator.naming import Namer, RESERVED_CLASS_NAMES, param_class_name, pascal, singular
from generator.emit.python.annotations import type_node
from generator.emit.python.layout.rules import Node, Seq, Union_
from generator.emit.python.text import literal_node


@dataclass(frozen=True)
class ParamField:
    key: str  # the dict key: the wire name
    annotation: Node
    required: bool


@dataclass(frozen=True)
class ParamClass:
    name: str
    model: str  # the request model it stands for
    fields: tuple[ParamField, ...]


class RequestParams:
    """Every TypedDict of an API, and the annotation of each body argument that takes one."""

    def __init__(self, api: Api) -> None:
        self.api = api
        self.namer = Namer(RESERVED_CLASS_NAMES | {m.name for m in api.models})
        self.classes: dict[str, ParamClass] = {}
        self._by_owner: dict[tuple[str, str], str] = {}
        self.arguments: dict[tuple[tuple[str, str], str], Node] = {}
        for op in api.operations:
            self._operation(op)

    def _operation(self, op: Operation) -> None:
        body = op.request_body
        model = self._object_model(body.schema) if body is not None else None
        if model is None:
            return
        owner = pascal(singular(op.resource.rpartition(".")[2])) or "Request"
        for prop in model.schema.properties:
            node = self._node(prop.schema, owner, prop.wire_name, arg=True)
            if node is not None:
                self.arguments[(op.key, prop.wire_name)] = node

    def _object_model(self, schema: Schema) -> Model | None:
        if schema.kind is not Kind.REF or not schema.ref:
            return None
        model = self.api.model(schema.ref)
        return model if model is not None and model.schema.kind is Kind.OBJECT and model.schema.properties else None

    def _node(self, schema: Schema, owner: str, prop: str, *, arg: bool) -> Node | None:
        """The annotation with each object model given its TypedDict; None when none is involved."""
        model = self._object_model(schema)
        if model is not None:
            param = self._class(model, owner, prop)
            node: Node = Union_((f"models.{model.name}", f"models.{param}")) if arg else param
        elif schema.kind is Kind.ARRAY and schema.items is not None:
            inner = self._node(schema.items, owner, singular(prop), arg=arg)
            if inner is None:
                return None
            node = Seq("list", (inner,), "[]")
        else:
            return None
        if schema.nullable:
            operands = node.operands if isinstance(node, Union_) else (node,)
            node = Union_((*operands, "None"))
        return node

    def _class(self, model: Model, owner: str, prop: str) -> str:
        key = (param_class_name(owner, prop), model.name)
        if key in self._by_owner:
            return self._by_owner[key]
        name = self._by_owner[key] = self.namer.claim(key[0])
        base = name.removesuffix("Param")
        fields = []
        for p in model.schema.properties:
            if p.schema.read_only:
                continue
            nested = self._node(p.schema, base, p.wire_name, arg=False)
            annotation = nested if nested is not None else type_node(p.schema, prefix="")
            fields.append(ParamField(p.wire_name, annotation, p.required))
        self.classes[name] = ParamClass(name, model.name, tuple(fields))
        return name




