"""Checks over the whole API, after merge: each rule gives diagnostics, never raises."""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import urlsplit

from generator import diagnostics as diag
from generator.diagnostics import Diagnostic
from generator.ir import Api, Kind, Parameter, ParamLocation, Schema, SourceSpan, with_changes

_TEMPLATE = re.compile(r"{([^{}/]+)}")


def _literal_braces(path: str) -> str:
    """A brace that opens or closes no `{name}` is a character of the path: percent-encoded,
    so the path stays a valid template (a page cut inside `{charge_id}` leaves `{charge`)."""
    out, end = [], 0
    for match in _TEMPLATE.finditer(path):
        out += [path[end:match.start()].replace("{", "%7B").replace("}", "%7D"), match.group(0)]
        end = match.end()
    out.append(path[end:].replace("{", "%7B").replace("}", "%7D"))
    return "".join(out)


def _refs(schema: Schema, out: list[Schema]) -> None:
    stack = [schema]
    while stack:
        cur = stack.pop()
        if cur.kind is Kind.REF:
            out.append(cur)
        if cur.items is not None:
            stack.append(cur.items)
        if cur.additional is not None:
            stack.append(cur.additional)
        stack.extend(p.schema for p in cur.properties)
        stack.extend(cur.variants)


def with_template_params(api: Api) -> Api:
    """Every `{name}` in a path becomes a parameter, so the client can always fill the path,
    and a path parameter the path does not hold is left out (no client could send it);
    a path written without its leading `/` gets one."""
    operations = []
    for op in api.operations:
        if not op.path.startswith("/"):  # reported by validate(); relative to the server URL
            op = with_changes(op, path="/" + op.path)
        if _literal_braces(op.path) != op.path:  # reported by validate()
            op = with_changes(op, path=_literal_braces(op.path))
        in_template = _TEMPLATE.findall(op.path)
        unused = [p for p in op.parameters if p.location is ParamLocation.PATH and p.wire_name not in in_template]
        if unused:
            op = with_changes(op, parameters=tuple(p for p in op.parameters if p not in unused))
        declared = {p.wire_name for p in op.parameters if p.location is ParamLocation.PATH}
        missing = [n for n in in_template if n not in declared]
        if missing:
            extra = tuple(
                Parameter(
                    wire_name=n,
                    location=ParamLocation.PATH,
                    schema=Schema(kind=Kind.STRING),
                    required=True,
                    source=op.source,
                )
                for n in missing
            )
            op = with_changes(op, parameters=op.parameters + extra)
        operations.append(op)
    return with_changes(api, operations=tuple(operations))


def validate(api: Api) -> tuple[Diagnostic, ...]:
    found: list[Diagnostic] = []
    ids = Counter(op.operation_id for op in api.operations if op.operation_id)
    schemes = {a.name for a in api.auth}
    for op in api.operations:
        where = f"{op.method.upper()} {op.path}"
        if not op.path.startswith("/"):
            found.append(diag.warning("path-invalid", f"{where}: a path must start with '/'; "
                                      f"read as '/{op.path}'", op.source))
        if _literal_braces(op.path) != op.path:
            found.append(diag.warning("path-invalid", f"{where}: a brace opens or closes no parameter; "
                                      f"read as '{_literal_braces(op.path)}'", op.source))
        in_template = set(_TEMPLATE.findall(op.path))
        declared = {p.wire_name for p in op.parameters if p.location is ParamLocation.PATH}
        for name in sorted(in_template - declared):
            found.append(diag.warning("path-param-missing",
                                      f"{where}: path parameter {{{name}}} is not described; "
                                      "it is added as a required string", op.source))
        for name in sorted(declared - in_template):
            found.append(diag.warning("path-param-unused",
                                      f"{where}: path parameter {name!r} is not in the path; it is left out",
                                      op.source))
        if op.operation_id and ids[op.operation_id] > 1:
            found.append(diag.warning("operation-id-duplicate",
                                      f"{where}: operationId {op.operation_id!r} is used more than once; "
                                      "later uses get a number appended", op.source))
        for name in op.security or ():
            if name not in schemes:
                found.append(diag.warning("auth-missing",
                                          f"{where}: security scheme {name!r} is not defined", op.source))
    for name in api.security:
        if name not in schemes:
            found.append(diag.warning("auth-missing", f"security scheme {name!r} is not defined",
                                      api.servers[0].source if api.servers else SourceSpan("<api>")))
    for server in api.servers:
        parts = urlsplit(server.url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            found.append(diag.warning("server-relative",
                                      f"server URL {server.url!r} is not absolute", server.source))
    models = {m.name for m in api.models}
    refs: list[Schema] = []
    for model in api.models:
        _refs(model.schema, refs)
    for op in api.operations:
        for p in op.parameters:
            _refs(p.schema, refs)
        for body in [op.request_body, *(r.body for r in op.responses)]:
            if body is not None:
                _refs(body.schema, refs)
    for ref in refs:
        if ref.ref not in models:
            found.append(diag.error("ref-unresolved", f"schema {ref.ref!r} is not defined", ref.source))
    if not api.operations:
        found.append(diag.warning("no-operations", "no operation was read",
                                  SourceSpan(api.sources[0] if api.sources else "<api>")))
    return tuple(found)
