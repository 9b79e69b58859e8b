"""One operation from what a rendered GitBook page showed for it: method, path and server
from the HTTP sample, parameters and auth from the rendered headings, the request body and
responses from the rendered block, prose tables and JSON samples together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from generator import diagnostics as diag
from generator.diagnostics import Diagnostic
from generator.ir import (
    ANY_SCHEMA,
    MISSING,
    AuthKind,
    AuthScheme,
    Body,
    Example,
    Kind,
    Operation,
    Parameter,
    ParamLocation,
    Response,
    Schema,
    Server,
    with_changes,
)
from generator.readers import rendered_text_build as build
from generator.readers.auth_words import api_key_prefix
from generator.readers.base import SourceDoc
from generator.readers.rendered_text_parts import Field, Line, RequestSample, Table
from generator.readers.samples import envelope_of
from generator.readers.vocab import (
    AUTH_API_KEY_WORDS,
    AUTH_KIND_WORDS,
    AUTH_PUBLIC_KEY_WORDS,
    AUTH_SIGNATURE_WORDS,
    TRANSPORT_HEADERS,
)

_ENV_VAR = re.compile(r"\$\{?([A-Z][A-Z0-9_]*)\}?")


@dataclass
class Status:
    code: str
    line: int
    description: str | None = None
    content_type: str | None = None


@dataclass
class Draft:
    """What the page shows for one operation, before it becomes IR."""

    title: Line | None = None
    prose: list[Line] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    fields: dict[str, list[Field]] = field(default_factory=dict)
    notes: dict[str, list[Line]] = field(default_factory=dict)  # text under a heading
    statuses: list[Status] = field(default_factory=list)
    request: RequestSample | None = None
    samples: dict[str, tuple[Any, int]] = field(default_factory=dict)
    deprecated: bool = False


def operation(
    d: Draft, doc: SourceDoc, found: list[Diagnostic]
) -> tuple[Operation | None, Server | None, list[AuthScheme]]:
    """The operation a draft describes, the server its sample names, and its auth schemes."""
    sample = d.request
    if sample is None:
        at = d.title[0] if d.title else 1
        found.append(
            diag.error(
                "no-method-path",
                "no HTTP request sample or method and path on this page",
                doc.span(at),
            )
        )
        return None, None, []
    target = re.sub(r"^https?://[^/]+", "", sample.target)
    path, _, query = target.partition("?")
    absolute = re.match(r"https?://[^/]+", sample.target)
    server = None
    if sample.host:
        server = Server(url=f"https://{sample.host}", source=doc.span(sample.line))
    elif absolute is not None:
        server = Server(url=absolute[0], source=doc.span(sample.line))
    else:
        found.append(
            diag.warning("no-server", "the request sample names no host", doc.span(sample.line))
        )
    tables = {
        role: [t for t in d.tables if build.table_role(t) == role]
        for role in ("request", "response", "header", "path", "query", "object")
    }

    def rows(role: str) -> list[Field]:
        return [row for t in tables[role] for row in t.rows]

    auth, headers = split_headers(
        build.join_fields(
            d.fields.get("auth", []) + d.fields.get("header", []), rows("header"), doc, found
        ),
        sample,
        doc,
    )
    params = list(headers)
    for where, key in ((ParamLocation.PATH, "path"), (ParamLocation.QUERY, "query")):
        joined = build.join_fields(d.fields.get(key, []), rows(key), doc, found)
        params += [param(f, where, doc) for f in joined]
    body_fields = build.join_fields(
        [f for f in d.fields.get("body", []) if f.name], rows("request"), doc, found
    )
    if sample.method in ("get", "delete", "head") and not d.fields.get("body"):
        params += [param(f, ParamLocation.QUERY, doc) for f in body_fields]
        body_fields = []
    params += _undeclared(path, query, params, sample, doc, found)
    request_body = _request_body(d, body_fields, sample, doc)
    text = build.object_of(rows("response"), doc) if tables["response"] else None
    if text is not None:
        text, _left = build.attach_tables(text, tables["object"], doc, found)
    elif request_body is not None:
        schema, _left = build.attach_tables(request_body.schema, tables["object"], doc, found)
        request_body = Body(
            content_type=request_body.content_type,
            schema=schema,
            required=request_body.required,
            description=request_body.description,
            example=request_body.example,
            source=request_body.source,
        )
    responses = _responses(d, text, doc, found)
    url = (server.url if server else "") + target
    example = Example(
        method=sample.method.upper(), url=url, headers=tuple(sample.headers), body=sample.body, source=doc.span(sample.line)
    )
    op = Operation(
        method=sample.method,
        path=path or "/",
        summary=d.title[1] if d.title else None,
        description="\n\n".join(t for _, t in d.prose) or None,
        parameters=tuple(params),
        request_body=request_body,
        responses=responses,
        examples=(example,),
        deprecated=d.deprecated,
        source=doc.span(sample.line),
    )
    return op, server, auth


def _undeclared(
    path: str,
    query: str,
    params: list[Parameter],
    sample: RequestSample,
    doc: SourceDoc,
    found: list[Diagnostic],
) -> list[Parameter]:
    """Path template names and sample query keys the page shows but does not describe."""
    known = {p.wire_name for p in params}
    out: list[Parameter] = []
    for name in re.findall(r"\{([^{}]+)\}", path):
        if name not in known:
            found.append(
                diag.info(
                    "path-param-undocumented",
                    f"`{{{name}}}` in the path has no description; read as a string",
                    doc.span(sample.line),
                )
            )
            out.append(
                Parameter(
                    wire_name=name,
                    location=ParamLocation.PATH,
                    schema=Schema(kind=Kind.STRING),
                    required=True,
                    source=doc.span(sample.line),
                )
            )
    for pair in filter(None, query.split("&")):
        name, _, value = pair.partition("=")
        if name and name not in known:
            out.append(
                Parameter(
                    wire_name=name,
                    location=ParamLocation.QUERY,
                    schema=Schema(kind=Kind.STRING),
                    required=False,
                    example=value or MISSING,
                    source=doc.span(sample.line),
                )
            )
    return out


def _request_body(
    d: Draft, fields: list[Field], sample: RequestSample, doc: SourceDoc
) -> Body | None:
    # `anyOptional` under Body: a run without a name is the body itself
    anonymous = next((f for f in d.fields.get("body", []) if not f.name), None)
    notes = d.notes.get("section:body", [])
    content_type = dict((k.lower(), v) for k, v in sample.headers).get("content-type")
    text: Schema | None
    if fields:
        text = build.object_of(fields, doc)
    elif anonymous is not None:
        text = build.field_schema(anonymous, doc)
    else:
        text = None
    schema = build.with_sample(text, sample.body, sample.body_line, doc)
    if schema is None:
        return None
    line = fields[0].line if fields else (anonymous.line if anonymous else sample.body_line)
    required = any(f.required for f in fields) or bool(anonymous and anonymous.required)
    return Body(
        content_type=(content_type or "application/json").split(";")[0].strip(),
        schema=schema,
        required=required,
        description=" ".join(t for _, t in notes) or None,
        example=sample.body,
        source=doc.span(line),
    )


def _responses(
    d: Draft, text: Schema | None, doc: SourceDoc, found: list[Diagnostic]
) -> tuple[Response, ...]:
    """One response per status shown; the prose response table describes the success one."""
    statuses = list(d.statuses)
    if not statuses and (text is not None or d.samples):
        line = next(iter(d.samples.values()))[1] if d.samples else d.tables[-1].line
        found.append(
            diag.info(
                "status-assumed", "a response with no status line; read as 200", doc.span(line)
            )
        )
        statuses.append(Status("200", line))
    success = next(
        (s.code for s in statuses if s.code.startswith("2")), statuses[0].code if statuses else ""
    )
    out = []
    for status in statuses:
        runs = d.fields.get(f"responses:{status.code}", [])
        own = build.object_of(runs, doc) if runs else None
        if status.code == success and text is not None:
            own = text if own is None else build.with_table(own, text)
        sample = d.samples.get(status.code) or (
            d.samples.get("") if status.code == success else None
        )
        out.append(response(status, own, sample, doc))
    return tuple(out)


def split_headers(
    fields: list[Field], sample: RequestSample | None, doc: SourceDoc
) -> tuple[list[AuthScheme], list[Parameter]]:
    """Credential headers become auth schemes; transport headers go; the rest stay parameters."""
    values = {k.lower(): v for k, v in (sample.headers if sample else [])}
    names = {f.name.lower() for f in fields}
    extra = [Field(k, ANY_SCHEMA, None, sample.line) for k, _ in sample.headers] if sample else []
    fields = fields + [f for f in extra if f.name.lower() not in names and _is_key(f.name)]
    schemes: list[AuthScheme] = []
    public = next((f for f in fields if _has(f.name, AUTH_PUBLIC_KEY_WORDS)), None)
    signature = next((f for f in fields if _has(f.name, AUTH_SIGNATURE_WORDS)), None)
    used: set[str] = set()
    if public is not None and signature is not None:
        schemes.append(
            AuthScheme(
                name=public.name,
                kind=AuthKind.HMAC,
                header=public.name,
                description=public.description,
                env_var=_env_var(values.get(public.name.lower())),
                extra_headers=(signature.name,),
                source=doc.span(public.line),
            )
        )
        used = {public.name, signature.name}
    params: list[Parameter] = []
    for f in fields:
        if f.name in used or f.name.lower() in TRANSPORT_HEADERS:
            continue
        if _is_key(f.name):
            schemes.append(_key_scheme(f, values.get(f.name.lower()), doc))
        else:
            params.append(param(f, ParamLocation.HEADER, doc))
    return schemes, params


def _key_scheme(f: Field, value: str | None, doc: SourceDoc) -> AuthScheme:
    said = " ".join(filter(None, (f.description, value))).lower()
    kind = next((AUTH_KIND_WORDS[w] for w in AUTH_KIND_WORDS if re.search(rf"\b{w}\b", said)), None)
    if kind is not None and f.name.lower() == "authorization":
        return AuthScheme(
            name=f.name,
            kind=AuthKind(kind),
            header=f.name,
            description=f.description,
            env_var=_env_var(value),
            source=doc.span(f.line),
        )
    return AuthScheme(
        name=f.name,
        kind=AuthKind.API_KEY,
        header=f.name,
        prefix=api_key_prefix(f.name, f.description),
        description=f.description,
        env_var=_env_var(value),
        source=doc.span(f.line),
    )


def _is_key(name: str) -> bool:
    return _has(name, AUTH_API_KEY_WORDS + AUTH_PUBLIC_KEY_WORDS + AUTH_SIGNATURE_WORDS)


def _has(name: str, words: tuple[str, ...]) -> bool:
    return any(w in name.lower() for w in words)


def _env_var(value: str | None) -> str | None:
    match = _ENV_VAR.search(value or "")
    return match[1] if match else None


def param(f: Field, where: ParamLocation, doc: SourceDoc) -> Parameter:
    required = True if where is ParamLocation.PATH else bool(f.required)
    return Parameter(
        wire_name=f.name,
        location=where,
        schema=with_changes(build.field_schema(f, doc), description=None),
        required=required,
        description=f.description,
        deprecated=f.deprecated,
        example=f.example,
        source=doc.span(f.line),
    )


def response(
    status: Status, text: Schema | None, sample: tuple[Any, int] | None, doc: SourceDoc
) -> Response:
    value, line = sample if sample else (MISSING, 0)
    schema = build.with_sample(text, value, line, doc)
    body = None
    if schema is not None:
        body = Body(
            content_type=status.content_type or "application/json",
            schema=schema,
            example=value,
            source=doc.span(line or status.line),
        )
    return Response(
        status=status.code,
        description=status.description,
        body=body,
        envelope=envelope_of(value) if value is not MISSING else None,
        source=doc.span(status.line),
    )
