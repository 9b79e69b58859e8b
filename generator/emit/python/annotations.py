"""IR schemas as Python type annotations, in pieces `layout` can split like black."""

from __future__ import annotations

from generator.ir import Kind, Schema
from generator.emit.python.layout.rules import Node, Seq, Union_, flat
from generator.emit.python.text import literal_node

_SCALARS = {Kind.STRING: "str", Kind.INTEGER: "int", Kind.NUMBER: "float", Kind.BOOLEAN: "bool"}


def type_node(schema: Schema, prefix: str = "models.", open_enums: bool = False) -> Node:
    """The annotation for a schema; `open_enums` lets response enums take values added later."""
    operands = _operands(schema, prefix, open_enums)
    if schema.nullable and "Any" not in operands:
        operands.append("None")
    unique: dict[str, Node] = {}
    for operand in operands:
        unique.setdefault(flat(operand), operand)
    if "Any" in unique:
        return "Any"
    nodes = tuple(unique.values())
    return nodes[0] if len(nodes) == 1 else Union_(nodes)


def annotation(schema: Schema, models_prefix: str = "models.") -> str:
    return flat(type_node(schema, models_prefix))


def _operands(schema: Schema, prefix: str, open_enums: bool) -> list[Node]:
    kind = schema.kind
    if schema.enum:
        literal: list[Node] = [Seq("Literal", tuple(literal_node(v) for v in schema.enum), "[]")]
        if open_enums and kind in (Kind.STRING, Kind.INTEGER) and None not in schema.enum:
            literal.append(_SCALARS[kind])
        return literal
    if kind in _SCALARS:
        return [_SCALARS[kind]]
    if kind is Kind.NULL:
        return ["None"]
    if kind is Kind.ARRAY:
        item = type_node(schema.items, prefix, open_enums) if schema.items else "Any"
        return [Seq("list", (item,), "[]")]
    if kind is Kind.OBJECT:
        value = type_node(schema.additional, prefix, open_enums) if schema.additional else "Any"
        return [Seq("dict", ("str", value), "[]")]
    if kind is Kind.REF:
        return [f"{prefix}{schema.ref}"]
    if kind is Kind.UNION:
        parts: list[Node] = []
        for variant in schema.variants:
            node = type_node(variant, prefix, open_enums)
            parts.extend(node.operands if isinstance(node, Union_) else (node,))
        return parts or ["Any"]
    return ["Any"]
