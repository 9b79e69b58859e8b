"""Field evidence into one object schema: nesting by `»` depth or dotted names
(`address.city`, `items[].id`), and the same field seen twice reconciled by trust.

A field table is trusted over a field list; when both give a type and the types differ,
the table's is kept and the disagreement names both lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator import diagnostics as diag
from generator.diagnostics import Diagnostic
from generator.ir import ANY_SCHEMA, Kind, Property, Schema, with_changes
from generator.readers.base import SourceDoc
from generator.readers.evidence.fields import FieldEv
from generator.readers.evidence.types import schema_for

_TRUST = {"table": 0, "list": 1}


@dataclass(slots=True)
class _Node:
    ev: FieldEv | None
    children: dict[str, _Node] = field(default_factory=dict)
    array: bool = False  # named with [] in a child's path


def nest(doc: SourceDoc, fields: list[FieldEv], found: list[Diagnostic]) -> Schema:
    root = _Node(None)
    base = min(f.depth for f in fields)
    chain: list[_Node] = [root]
    for f in fields:
        depth = f.depth - base
        parent = chain[min(depth, len(chain) - 1)] if f.depth else root
        parts = f.name.replace("[]", ".[]").split(".")
        node = parent
        for part in parts[:-1]:
            if part == "[]":
                node.array = True
                continue
            node = node.children.setdefault(part, _Node(None))
        leaf = parts[-1]
        if not leaf or leaf == "[]":
            continue
        existing = node.children.get(leaf)
        if existing is not None and existing.ev is not None:
            _reconcile(doc, existing, f, found)
        else:
            node.children.setdefault(leaf, _Node(None)).ev = f
        chain = [*chain[: depth + 1], node.children[leaf]]
    return _schema(doc, root)


def _reconcile(doc: SourceDoc, node: _Node, new: FieldEv, found: list[Diagnostic]) -> None:
    old = node.ev
    assert old is not None
    a, b = schema_for(old.type_text), schema_for(new.type_text)
    if a is not None and b is not None and a.kind is not b.kind and old.line != new.line:
        found.append(diag.warning("type-disagrees", f"`{new.name}` is {old.type_text!r} on line {old.line} "
                                  f"and {new.type_text!r} on line {new.line}; the {old.kind} is trusted"
                                  if _TRUST[old.kind] <= _TRUST[new.kind] else
                                  f"`{new.name}` is {new.type_text!r} on line {new.line} and "
                                  f"{old.type_text!r} on line {old.line}; the {new.kind} is trusted",
                                  doc.span(new.line)))
    if _TRUST[new.kind] < _TRUST[old.kind] or (a is None and b is not None):
        node.ev = FieldEv(new.name, new.type_text, new.required if new.required is not None else old.required,
                          new.description or old.description, new.line, new.kind, new.location, new.depth)
    elif old.required is None and new.required is not None:
        node.ev = FieldEv(old.name, old.type_text, new.required, old.description, old.line, old.kind,
                          old.location, old.depth)


def _schema(doc: SourceDoc, node: _Node) -> Schema:
    ev = node.ev
    own = schema_for(ev.type_text) if ev is not None and ev.type_text else None
    if node.children:
        props = tuple(
            Property(wire_name=name.split()[0], schema=_schema(doc, child), required=bool(child.ev and child.ev.required))
            for name, child in node.children.items()
        )
        obj = Schema(kind=Kind.OBJECT, properties=props, source=doc.span(ev.line) if ev else doc.span(
            min((c.ev.line for c in node.children.values() if c.ev), default=0)))
        if node.array or (own is not None and own.kind is Kind.ARRAY):
            obj = Schema(kind=Kind.ARRAY, items=obj, nullable=bool(own and own.nullable))
        elif own is not None and own.nullable:
            obj = with_changes(obj, nullable=True)
        schema = obj
    else:
        schema = own or ANY_SCHEMA
    if ev is not None:
        schema = with_changes(schema, description=ev.description or None, source=doc.span(ev.line))
    return schema
