"""The OpenAPI 3.1 export of the IR: what users feed to other tools, and how fidelity is scored."""

from __future__ import annotations

import json
from typing import Any

from generator.ir import MISSING, Api, AuthKind, AuthScheme, Body, Operation, Response
from generator.schema_json import schema_to_json

ENVELOPE_KEY = "x-docs2sdk-envelope"
PREFIX_KEY = "x-docs2sdk-prefix"


def _body(body: Body) -> dict[str, Any]:
    media: dict[str, Any] = {"schema": schema_to_json(body.schema)}
    if body.example is not MISSING:
        media["example"] = body.example
    return {"content": {body.content_type: media}}


SDK_NAME_KEY = "x-docs2sdk-name"  # `client.<this>()`, e.g. "iam.users.invite"


def _response(response: Response) -> dict[str, Any]:
    out: dict[str, Any] = {"description": response.description or response.status}
    if response.body is not None:
        out.update(_body(response.body))
    if response.envelope is not None:
        env = response.envelope
        out[ENVELOPE_KEY] = {"success": env.success_key, "payload": env.payload_key, "error": env.error_key}
    return out


def _operation(op: Operation, api: Api) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if op.tags:
        out["tags"] = list(op.tags)
    for attr, key in (("summary", "summary"), ("description", "description")):
        if getattr(op, attr):
            out[key] = getattr(op, attr)
    if op.operation_id:
        out["operationId"] = op.operation_id
    if op.resource and op.py_name:
        # the SDK's name for the operation, so `diff` sees a rename as the breaking change it is
        out[SDK_NAME_KEY] = f"{op.resource}.{op.py_name}"
    if op.parameters:
        params = []
        for p in op.parameters:
            param: dict[str, Any] = {"name": p.wire_name, "in": p.location.value}
            if p.description:
                param["description"] = p.description
            if p.required:
                param["required"] = True
            if p.deprecated:
                param["deprecated"] = True
            param["schema"] = schema_to_json(p.schema)
            if p.example is not MISSING:
                param["example"] = p.example
            params.append(param)
        out["parameters"] = params
    if op.request_body is not None:
        body = _body(op.request_body)
        if op.request_body.required:
            body["required"] = True
        if op.request_body.description:
            body["description"] = op.request_body.description
        out["requestBody"] = body
    responses = {r.status: _response(r) for r in op.responses}
    out["responses"] = responses or {"default": {"description": "not documented"}}
    if op.security is not None:
        out["security"] = [_requirement(api, name) for name in op.security]

    if op.deprecated:
        out["deprecated"] = True
    return out


def _security_scheme(scheme: AuthScheme) -> dict[str, Any]:
    out: dict[str, Any]
    if scheme.kind is AuthKind.BEARER:
        out = {"type": "http", "scheme": "bearer"}
    elif scheme.kind is AuthKind.BASIC:
        out = {"type": "http", "scheme": "basic"}
    else:
        out = {"type": "apiKey", "in": scheme.location, "name": scheme.header or scheme.name}
        if scheme.prefix:
            out[PREFIX_KEY] = scheme.prefix
        if scheme.kind is AuthKind.HMAC:
            out["x-docs2sdk-signature-headers"] = list(scheme.extra_headers)
    if scheme.description:
        out["description"] = scheme.description
    return out


def _signature_schemes(scheme: AuthScheme) -> dict[str, dict[str, Any]]:
    """The extra headers of a signature scheme, each as an apiKey header other tools understand."""
    return {
        f"{scheme.name}-{header}": {"type": "apiKey", "in": "header", "name": header,
                                    "description": f"Computed by the client: part of {scheme.name}."}
        for header in scheme.extra_headers
    }


def _requirement(api: Api, name: str) -> dict[str, list[str]]:
    """All headers of a scheme are needed together, so they share one requirement object."""
    scheme = next((s for s in api.auth if s.name == name), None)
    names = [name] + ([f"{name}-{h}" for h in scheme.extra_headers] if scheme is not None else [])
    return {n: [] for n in names}


def api_to_openapi(api: Api) -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    for op in api.operations:
        paths.setdefault(op.path, {})[op.method] = _operation(op, api)
    info: dict[str, Any] = {"title": api.title or "API", "version": api.version or "0"}
    if api.description:
        info["description"] = api.description
    doc: dict[str, Any] = {"openapi": "3.1.0", "info": info}
    if api.servers:
        doc["servers"] = [
            {"url": s.url, **({"description": s.description} if s.description else {})} for s in api.servers
        ]
    if api.security:
        doc["security"] = [_requirement(api, name) for name in api.security]
    doc["paths"] = paths
    components: dict[str, Any] = {}
    if api.models:
        components["schemas"] = {m.name: schema_to_json(m.schema) for m in api.models}
    if api.auth:
        schemes: dict[str, Any] = {}
        for scheme in api.auth:
            schemes[scheme.name] = _security_scheme(scheme)
            schemes.update(_signature_schemes(scheme))
        components["securitySchemes"] = schemes
    if components:
        doc["components"] = components
    return doc


def dumps(doc: dict[str, Any]) -> str:
    """`json.dumps(doc, indent=2, ensure_ascii=False)` and a newline, the same text.

    With an indent the json module encodes in Python, one generator per container, and a large
    export then spends more time there than in building the document (README, Benchmarks).
    """
    out: list[str] = []
    try:
        _write(doc, "", out)
    except (_Unusual, RecursionError):  # the json module gives the same text, or its own error
        return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    return "".join(out) + "\n"


class _Unusual(Exception):
    """A value the fast path leaves to the json module: a non-string key, NaN, a tuple, a cycle."""


_encode_str = json.encoder.encode_basestring  # what the json module uses with ensure_ascii=False


def _write(value: Any, pad: str, out: list[str]) -> None:
    if isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = pad + "  "
        sep = "{\n" + inner
        for key, item in value.items():
            if not isinstance(key, str):
                raise _Unusual
            if isinstance(item, str):  # most values: no call per leaf
                out.append(f"{sep}{_encode_str(key)}: {_encode_str(item)}")
            else:
                out.append(f"{sep}{_encode_str(key)}: ")
                _write(item, inner, out)
            sep = ",\n" + inner
        out.append(f"\n{pad}}}")
    elif isinstance(value, list):
        if not value:
            out.append("[]")
            return
        inner = pad + "  "
        sep = "[\n" + inner
        for item in value:
            if isinstance(item, str):
                out.append(sep + _encode_str(item))
            else:
                out.append(sep)
                _write(item, inner, out)
            sep = ",\n" + inner
        out.append(f"\n{pad}]")
    elif isinstance(value, str):
        out.append(_encode_str(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    # int and finite float print as repr, as in the json module (x - x is NaN for infinities).
    elif value.__class__ is int or (value.__class__ is float and value - value == 0):
        out.append(repr(value))
    else:
        raise _Unusual
