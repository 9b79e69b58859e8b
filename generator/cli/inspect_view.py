"""What `docs2sdk inspect` prints: the shape of a page, what was read from it, and where."""

from __future__ import annotations

from collections.abc import Iterator

from generator.ir import Api, Kind, Schema
from generator.passes.pagination import detect
from generator.readers.base import ReadResult

_MAX_DEPTH = 4


def _type(schema: Schema) -> str:
    if schema.kind is Kind.REF:
        text = str(schema.ref)
    elif schema.kind is Kind.ARRAY and schema.items is not None:
        text = f"array of {_type(schema.items)}"
    elif schema.kind is Kind.UNION:
        text = " | ".join(_type(v) for v in schema.variants)
    else:
        text = schema.kind.value
    if schema.enum:
        text += f" one of {list(schema.enum)[:8]}"
    return text + (" or null" if schema.nullable else "")


def _fields(api: Api, schema: Schema, indent: str, depth: int = 0, seen: frozenset[str] = frozenset()) -> Iterator[str]:
    if schema.kind is Kind.REF and schema.ref and schema.ref not in seen and depth < _MAX_DEPTH:
        model = api.model(schema.ref)
        if model is not None:
            yield from _fields(api, model.schema, indent, depth, seen | {schema.ref})
        return
    if schema.kind is Kind.ARRAY and schema.items is not None:
        yield from _fields(api, schema.items, indent, depth, seen)
        return
    for prop in schema.properties:
        flag = "required" if prop.required else "optional"
        line = prop.schema.source.line
        yield f"{indent}{prop.wire_name}: {_type(prop.schema)}, {flag}" + (f"  (line {line})" if line else "")
        if depth < _MAX_DEPTH:
            yield from _fields(api, prop.schema, indent + "  ", depth + 1, seen)


def render(path: str, result: ReadResult) -> Iterator[str]:
    api = result.fragment
    yield f"{path}: shape {result.shape}"
    yield f"  why: {result.why}"
    for server in api.servers:
        yield f"  server {server.url}  (line {server.source.line})"
    for scheme in api.auth:
        extra = f" + {', '.join(scheme.extra_headers)}" if scheme.extra_headers else ""
        prefix = f" prefix {scheme.prefix!r}" if scheme.prefix else ""
        yield f"  auth {scheme.kind.value}: header {scheme.header}{extra}{prefix}  (line {scheme.source.line})"
    for op in api.operations:
        yield f"  {op.method.upper()} {op.path}  (line {op.source.line})" + (f"  {op.summary}" if op.summary else "")
        paging = detect(op, api)
        if paging is not None:
            yield f"    {paging.describe()}"
        for param in op.parameters:
            flag = "required" if param.required else "optional"
            yield (f"    {param.location.value} parameter {param.wire_name}: {_type(param.schema)}, {flag}"
                   f"  (line {param.source.line})")
        if op.request_body is not None:
            yield f"    request body {op.request_body.content_type}  (line {op.request_body.source.line})"
            yield from _fields(api, op.request_body.schema, "      ")
        for response in op.responses:
            envelope = f" in envelope {response.envelope.payload_key!r}" if response.envelope else ""
            yield f"    response {response.status}{envelope}  (line {response.source.line})"
            if response.body is not None:
                yield from _fields(api, response.body.schema, "      ")
    if not api.operations:
        yield "  no operation was read"
    for line, text in result.unread:
        yield f"  not understood, line {line}: {text[:120]}"
    for found in result.diagnostics:
        yield f"  {found}"
