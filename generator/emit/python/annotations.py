"""IR schemas as Python type annotations, in pieces `layout` can split like black."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from generator.ir import Kind, Schema
from generator.emit.python.layout.rules import Node, Pair, Seq, Union_, flat
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
    if kind is Kind.STRING and schema.format == "binary":
        return ["bytes"]  # a file's content, sent as a part of a multipart body
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


# Builtin types annotations use; a method of the same name (`users.list`) hides the builtin
# inside its class, so that class's annotations spell them `builtins.list`.
SHADOWING = frozenset({"list", "dict"})


def qualify(node: Node, shadowed: frozenset[str] | set[str]) -> Node:
    if not shadowed:
        return node
    if isinstance(node, str):
        return f"builtins.{node}" if node in shadowed else node
    if isinstance(node, Seq):
        head = f"builtins.{node.head}" if node.head in shadowed else node.head
        return Seq(head, tuple(qualify(i, shadowed) for i in node.items), node.brackets)
    if isinstance(node, Union_):
        return Union_(tuple(qualify(o, shadowed) for o in node.operands))
    return Pair(node.prefix, qualify(node.value, shadowed))


def qualified_builtins(m: Any, shadowed: set[str]) -> Any:
    """The method view with every annotation safe from the class's own method names."""
    if not shadowed:
        return m
    args = tuple(
        replace(a, annotation_node=qualify(a.annotation_node, shadowed),
                annotation=flat(qualify(a.annotation_node, shadowed)))
        for a in m.args
    )
    ret = qualify(m.return_node, shadowed)
    return replace(m, args=args, return_node=ret, return_annotation=flat(ret),
                   cast_to=flat(ret) if m.cast_to != "type(None)" else m.cast_to,
                   error_types=tuple((s, qualify(n, shadowed)) for s, n in m.error_types))
