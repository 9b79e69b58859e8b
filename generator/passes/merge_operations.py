"""Two descriptions of one operation (two pages, two languages) become one.

Identifiers and summaries come from the English text where there is one, descriptions in
both languages are kept, fields are united, and every disagreement becomes a diagnostic
that names both places. Nothing is silently dropped.
"""

from __future__ import annotations

import re

from generator import diagnostics as diag
from generator.diagnostics import Diagnostic
from generator.ir import (
    ANY_SCHEMA, MISSING, Body, Kind, Operation, Parameter, Property, Response, Schema, with_changes,
)

_NON_LATIN = re.compile(r"[^\x00-\u024f\s\d\W]")


def is_english(text: str | None) -> bool:
    """Latin script only: good enough to prefer English over Russian for names and summaries."""
    return bool(text) and not _NON_LATIN.search(text or "")


def _pick_text(a: str | None, b: str | None) -> str | None:
    if not a or not b or a == b:
        return a or b
    return a if is_english(a) or not is_english(b) else b


def _join_descriptions(a: str | None, b: str | None) -> str | None:
    if not a or not b or a.strip() == b.strip():
        return a or b
    first, second = (a, b) if is_english(a) or not is_english(b) else (b, a)
    return f"{first}\n\n{second}"


class OperationMerger:
    def __init__(self) -> None:
        self.found: list[Diagnostic] = []

    def _disagree(self, code: str, message: str, here: Schema | Parameter | Operation, there: object) -> None:
        related = getattr(there, "source", None)
        self.found.append(
            diag.Diagnostic(
                source=here.source,
                level=diag.Level.WARNING,
                code=code,
                message=message,
                related=related,
            )
        )

    def schema(self, a: Schema, b: Schema, where: str) -> Schema:
        if a.kind is Kind.ANY:
            return with_changes(b, description=_join_descriptions(a.description, b.description), nullable=a.nullable or b.nullable)
        if b.kind is Kind.ANY:
            return a
        changes: dict[str, object] = {
            "description": _join_descriptions(a.description, b.description),
            "nullable": a.nullable or b.nullable,
        }
        if a.kind is not b.kind and not {a.kind, b.kind} <= {Kind.INTEGER, Kind.NUMBER}:
            if Kind.NULL in (a.kind, b.kind):
                keep = a if b.kind is Kind.NULL else b
                return with_changes(keep, nullable=True, description=changes["description"])
            self._disagree("merge-type", f"{where}: one page says {a.kind.value}, another {b.kind.value}; "
                           f"keeping {a.kind.value}", b, a)
            return with_changes(a, **changes)
        if {a.kind, b.kind} == {Kind.INTEGER, Kind.NUMBER}:
            changes["kind"] = Kind.NUMBER
        if a.example is MISSING and b.example is not MISSING:
            changes["example"] = b.example
        if a.kind is Kind.OBJECT:
            changes["properties"] = self.properties(a.properties, b.properties, where)
        if a.kind is Kind.ARRAY:
            changes["items"] = self.schema(a.items or ANY_SCHEMA, b.items or ANY_SCHEMA, where + "[]")
        if a.enum is None and b.enum is not None:
            changes["enum"] = b.enum
        return with_changes(a, **changes)

    def properties(self, a: tuple[Property, ...], b: tuple[Property, ...], where: str) -> tuple[Property, ...]:
        theirs = {p.wire_name: p for p in b}
        merged = []
        for prop in a:
            other = theirs.pop(prop.wire_name, None)
            if other is None:
                merged.append(prop)
                continue
            if not other.stated or not prop.stated:  # a sample does not say; the text does
                required = prop.required if prop.stated else other.required
            else:
                required = prop.required or other.required
            if prop.stated and other.stated and prop.required != other.required:
                self._disagree("merge-required", f"{where}.{prop.wire_name}: required on one page, optional on "
                               "another; keeping it required", other.schema, prop.schema)
            merged.append(with_changes(prop, schema=self.schema(prop.schema, other.schema, f"{where}.{prop.wire_name}"),
                                  required=required, stated=prop.stated or other.stated))
        return tuple(merged) + tuple(theirs.values())

    def body(self, a: Body | None, b: Body | None, where: str) -> Body | None:
        if a is None or b is None:
            return a or b
        return with_changes(a, schema=self.schema(a.schema, b.schema, where), required=a.required or b.required,
                       description=_join_descriptions(a.description, b.description),
                       example=a.example if a.example is not MISSING else b.example)

    def responses(self, a: tuple[Response, ...], b: tuple[Response, ...], where: str) -> tuple[Response, ...]:
        theirs = {r.status: r for r in b}
        merged = []
        for response in a:
            other = theirs.pop(response.status, None)
            if other is None:
                merged.append(response)
                continue
            merged.append(with_changes(
                response,
                description=_pick_text(response.description, other.description),
                body=self.body(response.body, other.body, f"{where} {response.status}"),
                envelope=response.envelope or other.envelope,
            ))
        return tuple(merged) + tuple(theirs.values())

    def parameters(self, a: tuple[Parameter, ...], b: tuple[Parameter, ...], where: str) -> tuple[Parameter, ...]:
        theirs = {(p.wire_name, p.location): p for p in b}
        merged = []
        for param in a:
            other = theirs.pop((param.wire_name, param.location), None)
            if other is None:
                merged.append(param)
                continue
            if param.required != other.required:
                self._disagree("merge-required", f"{where} parameter {param.wire_name!r}: required on one page, "
                               "optional on another; keeping it required", other, param)
            merged.append(with_changes(param, required=param.required or other.required,
                                  schema=self.schema(param.schema, other.schema, f"{where} {param.wire_name}"),
                                  description=_join_descriptions(param.description, other.description)))
        return tuple(merged) + tuple(theirs.values())

    def operation(self, a: Operation, b: Operation) -> Operation:
        where = f"{a.method.upper()} {a.path}"
        english_first = is_english(a.summary) or not is_english(b.summary)
        first, second = (a, b) if english_first else (b, a)
        return with_changes(
            first,
            operation_id=first.operation_id or second.operation_id,
            summary=_pick_text(first.summary, second.summary),
            description=_join_descriptions(first.description, second.description),
            tags=first.tags or second.tags,
            parameters=self.parameters(first.parameters, second.parameters, where),
            request_body=self.body(first.request_body, second.request_body, where + " request"),
            responses=self.responses(first.responses, second.responses, where),
            security=first.security if first.security is not None else second.security,
            deprecated=first.deprecated or second.deprecated,
            examples=first.examples + second.examples,
        )
