"""Where each part of an API was read: the location map that lets a diff name file and line.

Keys match what generator.evolve.diff.operations looks up: `POST /user`, `POST /user request email`,
`POST /user response 200 items[].id`, `POST /user parameter query.limit`, `server URL`,
`auth NAME`, `model NAME`. Values are `file:line` of the doc page.
"""

from __future__ import annotations

from generator.ir import NOWHERE, Api, Kind, Schema, SourceSpan


def ir_locations(api: Api) -> dict[str, str]:
    out: dict[str, str] = {}

    def put(key: str, span: SourceSpan) -> None:
        if span != NOWHERE and span.file:
            out.setdefault(key, str(span))

    def walk(schema: Schema, prefix: str, path: str, seen: set[str]) -> None:
        # Each model once per body (its first path in sorted order, as the diff expands it):
        # walking every path through a large API's model graph is exponential.
        if schema.kind is Kind.REF and schema.ref and schema.ref not in seen:
            seen.add(schema.ref)
            model = api.model(schema.ref)
            if model is not None:
                walk(model.schema, prefix, path, seen)
        elif schema.kind is Kind.ARRAY and schema.items is not None:
            walk(schema.items, prefix, f"{path}[]", seen)
        elif schema.kind is Kind.UNION:
            real = [v for v in schema.variants if v.kind is not Kind.NULL]
            if len(real) == 1:  # X or null: the diff compares X's fields
                walk(real[0], prefix, path, seen)
        for prop in sorted(schema.properties, key=lambda p: p.wire_name):
            sub = f"{path}.{prop.wire_name}" if path else prop.wire_name
            put(f"{prefix} {sub}", prop.schema.source)
            walk(prop.schema, prefix, sub, seen)

    for server in api.servers:
        put(f"server {server.url}", server.source)
    for scheme in api.auth:
        put(f"auth {scheme.name}", scheme.source)
    for model in api.models:
        put(f"model {model.name}", model.source)
    for op in api.operations:
        where = f"{op.method.upper()} {op.path}"
        put(where, op.source)
        for param in op.parameters:
            key = f"{where} parameter {param.location.value}.{param.wire_name}"
            put(key, param.source)
            walk(param.schema, key, "", set())
        if op.request_body is not None:
            put(f"{where} request", op.request_body.source)
            walk(op.request_body.schema, f"{where} request", "", set())
        for response in op.responses:
            key = f"{where} response {response.status}"
            put(key, response.source)
            if response.body is not None:
                walk(response.body.schema, key, "", set())
    return out
