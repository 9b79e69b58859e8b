"""What a GitBook markdown page collected (fields, samples, tags) into one IR operation."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from generator import diagnostics as diag
from generator.diagnostics import Diagnostic
from generator.ir import (
    MISSING,
    AuthScheme,
    Body,
    Example,
    Kind,
    Operation,
    Parameter,
    ParamLocation,
    Property,
    Response,
    Schema,
    Server,
    SourceSpan,
    with_changes,
)
from generator.readers.base import SourceDoc
from generator.readers.gitbook_tables import Field, auth_schemes, is_auth_header, to_schema
from generator.readers.samples import combine, envelope_of, infer

JSON = "application/json"
# HTTP plumbing a page may list among its headers; the client sets these itself.
_TRANSPORT_HEADERS = ("content-type", "accept", "content-length", "host", "user-agent")
# Methods whose fields travel in the query string rather than in a JSON body.
_NO_BODY = ("get", "delete", "head", "options")
_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
_LOCATIONS = {
    "path": ParamLocation.PATH,
    "query": ParamLocation.QUERY,
    "header": ParamLocation.HEADER,
}
_COLON_PARAM = re.compile(r"/:([A-Za-z_]\w*)")
_TEMPLATE_PARAM = re.compile(r"\{([^{}/]+)\}")


@dataclass
class Collected:
    tag: tuple[dict[str, str], int] | None = None  # attributes of the operation tag, its line
    params: dict[str, list[Field]] = field(default_factory=dict)  # request/path/query/header
    responses: dict[str, list[Field]] = field(default_factory=dict)  # status -> fields
    samples: dict[str, tuple[Any, int]] = field(default_factory=dict)  # status -> JSON, line
    request_sample: tuple[Any, int] | None = None
    examples: list[Example] = field(default_factory=list)
    # Headers the samples send: name, value ("" when unknown), where.
    headers: list[tuple[str, str, SourceSpan]] = field(default_factory=list)
    env_var: str | None = None
    # Sections ("request", or a response status) whose table describes the items of a list.
    arrays: set[str] = field(default_factory=set)


@dataclass
class Built:
    operation: Operation | None
    servers: tuple[Server, ...]
    auth: tuple[AuthScheme, ...]
    diagnostics: tuple[Diagnostic, ...]


def build(
    doc: SourceDoc, found: Collected, title: str | None, prose: str | None, title_line: int
) -> Built:
    problems: list[Diagnostic] = []
    servers = _servers(doc, found)
    header_fields = found.params.get("header", [])
    auth_names = found.headers + [
        (f.name, "", doc.span(f.line)) for f in header_fields if is_auth_header(f.name)
    ]
    auth = tuple(auth_schemes(auth_names, found.env_var))
    target = _method_path(found)
    if target is None:
        read = sum(len(v) for v in [*found.params.values(), *found.responses.values()])
        what = (
            f"the {read} fields read are not placed in any operation"
            if read
            else "the page reads as a guide, no operation is made"
        )
        problems.append(
            diag.warning(
                "no-method-path",
                f"no `{{% openapi %}}` tag, HTTP request line or curl command gives a method and path: "
                f"{what}",
                doc.span(title_line),
            )
        )
        return Built(None, servers, auth, tuple(problems))
    method, path, line = target
    span = doc.span(line)
    params = [
        _param(f, loc, doc)
        for kind, loc in _LOCATIONS.items()
        for f in found.params.get(kind, [])
        if not (
            loc is ParamLocation.HEADER
            and (is_auth_header(f.name) or f.name.lower() in _TRANSPORT_HEADERS)
        )
    ]
    body_fields = found.params.get("request", [])
    request_body = None
    if method in _NO_BODY:
        params += [_param(f, ParamLocation.QUERY, doc) for f in body_fields]
    elif body_fields or found.request_sample is not None:
        request_body = _request_body(
            doc, body_fields, found.request_sample, "request" in found.arrays
        )
    declared = {p.wire_name for p in params if p.location is ParamLocation.PATH}
    params += [
        Parameter(wire_name=name, location=ParamLocation.PATH, schema=Schema(kind=Kind.STRING, source=span), required=True, source=span)
        for name in _TEMPLATE_PARAM.findall(path)
        if name not in declared
    ]
    statuses = {s for s, fields in found.responses.items() if fields} | set(found.samples)
    responses = tuple(
        _response(
            doc,
            status,
            found.responses.get(status, []),
            found.samples.get(status),
            status in found.arrays,
        )
        for status in sorted(statuses)
    )
    operation = Operation(
        method=method,
        path=path,
        summary=title or found.tag[0].get("summary") if found.tag else title,
        description=prose,
        parameters=tuple(params),
        request_body=request_body,
        responses=responses,
        examples=tuple(found.examples),
        source=span,
    )
    return Built(operation, servers, auth, tuple(problems))


def _method_path(found: Collected) -> tuple[str, str, int] | None:
    if found.tag is not None:
        attrs, line = found.tag
        method, path = attrs.get("method", "").strip().lower(), attrs.get("path", "").strip()
        if method in _METHODS and path and not any(c.isspace() for c in path):
            return method, _path(path), line
    for example in found.examples:
        if example.method and example.method.lower() in _METHODS and example.url:
            path = urlsplit(example.url).path if "://" in example.url else example.url.split("?")[0]
            if path:
                return example.method.lower(), _path(path), example.source.line
    return None


def _path(path: str) -> str:
    path = _COLON_PARAM.sub(lambda m: "/{" + m.group(1) + "}", path.split("?")[0])
    return path if path.startswith("/") else "/" + path


def _servers(doc: SourceDoc, found: Collected) -> tuple[Server, ...]:
    urls: list[tuple[str, int]] = []
    if found.tag is not None and found.tag[0].get("baseurl"):
        urls.append((found.tag[0]["baseurl"].rstrip("/"), found.tag[1]))
    for example in found.examples:
        parts = urlsplit(example.url or "")
        # A placeholder host ("{{baseUrl}}", "$HOST") is not a server.
        if parts.scheme in ("http", "https") and re.fullmatch(r"[\w.-]+(:\d+)?", parts.netloc):
            urls.append((f"https://{parts.netloc}", example.source.line))
    seen: dict[str, int] = {}
    for url, line in urls:
        seen.setdefault(url, line)
    return tuple(Server(url=url, source=doc.span(line)) for url, line in seen.items())


def _param(f: Field, location: ParamLocation, doc: SourceDoc) -> Parameter:
    schema = to_schema([f], doc.span(f.line)).properties[0].schema
    return Parameter(
        wire_name=f.name,
        location=location,
        schema=with_changes(schema, description=None),
        required=f.required or location is ParamLocation.PATH,
        description=schema.description,
        source=doc.span(f.line),
    )


def _request_body(
    doc: SourceDoc, fields: list[Field], sample: tuple[Any, int] | None, listed: bool
) -> Body:
    line = fields[0].line if fields else sample[1] if sample else 0
    schema = _listed(to_schema(fields, doc.span(line)), listed)
    example: Any = MISSING
    if sample is not None:
        example = sample[0]
        inferred = infer(sample[0], doc.span(sample[1]))
        schema = _onto(schema, inferred) if fields else inferred
    return Body(
        content_type=JSON,
        schema=schema,
        required=any(f.required for f in fields),
        example=example,
        source=doc.span(line),
    )


def _response(
    doc: SourceDoc, status: str, fields: list[Field], sample: tuple[Any, int] | None, listed: bool
) -> Response:
    line = fields[0].line if fields else sample[1] if sample else 0
    span = doc.span(line)
    text = _listed(to_schema(fields, span), listed) if fields else None
    if sample is None:
        body = Body(content_type=JSON, schema=text, source=span) if text is not None else None
        return Response(status=status, body=body, source=span)
    value, sample_line = sample
    inferred = infer(value, doc.span(sample_line))
    envelope = envelope_of(value)
    if text is None:
        schema = inferred
    elif envelope is not None:
        # The table describes the payload inside the envelope the sample shows.
        payload = next(
            (p for p in inferred.properties if p.wire_name == envelope.payload_key), None
        )
        inner = _onto(text, payload.schema) if payload is not None else text
        props = tuple(
            Property(wire_name=p.wire_name, schema=inner if p is payload else p.schema, required=p.required)
            for p in inferred.properties
        )
        schema = with_changes(inferred, properties=props)
    else:
        schema = _onto(text, inferred)
    return Response(
        status=status, body=Body(content_type=JSON, schema=schema, example=value, source=span), envelope=envelope, source=span
    )


def _listed(schema: Schema, listed: bool) -> Schema:
    return Schema(kind=Kind.ARRAY, items=schema, source=schema.source) if listed else schema


def _onto(text: Schema, sample: Schema) -> Schema:
    """The table's object onto a sample that is an object, or a list of such objects."""
    if text.kind is Kind.ARRAY and sample.kind is Kind.OBJECT:
        return text  # a list the text describes, a lone object the sample shows: text wins
    if sample.kind is Kind.ARRAY and sample.items is not None and sample.items.kind is Kind.OBJECT:
        if text.kind is Kind.ARRAY and text.items is not None:
            return combine(text, sample)
        return with_changes(sample, items=combine(text, sample.items))
    return combine(text, sample)
