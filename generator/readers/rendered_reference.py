"""API-reference pages captured as rendered text (docs platforms such as Mintlify).

The page prints the method alone on a line and the path one segment per line
(`GET` / `/` / `cloud` / `/` / `users`), then the title, request samples (curl, or an SDK
snippet), JSON response samples, and headed sections ("Authorizations", "Path Parameters",
"Query Parameters", "Body", "Response") holding field runs (see rendered_reference_fields).
The documented path is the operation's path; whatever the sample URL has in front of it
(`/v2`) belongs to the server.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from generator import diagnostics as diag
from generator.ir import MISSING, Api, Operation, Parameter, ParamLocation, with_changes
from generator.readers.base import ReadResult, SourceDoc
from generator.readers.rendered_reference_fields import Line, is_field_start, parse_type
from generator.readers.rendered_reference_layout import (
    GITBOOK_GLUE,
    OPENAPI_KEY,
    Head,
    headings,
    method_path_server,
    numbered,
    read_head,
    route_of,
    samples_of,
)
from generator.readers.rendered_reference_parts import Parts, build_auth, build_body, build_responses, params_of
from generator.readers.vocab import GITBOOK_MARKS, PAGE_CHROME, cell

SHAPE = "rendered-reference"


def detect(doc: SourceDoc) -> str | None:
    text = doc.text
    # Other shapes' marks: GitBook's name and glued cells, flat prose's bold code names.
    lowered = text.lower()
    if any(m in lowered for m in GITBOOK_MARKS) or GITBOOK_GLUE.search(text) or "**`" in text:
        return None
    if OPENAPI_KEY.search(text):
        return None
    lines = numbered(text)
    route = route_of(lines)
    if route and route.path:
        return (
            f"the HTTP method {route.method} alone on line {route.line}, then its path "
            f"one segment per line ({route.path})"
        )
    heads = headings(lines, 0)
    roles = {role for _, role, _ in heads}
    if "auth" in roles and len(roles) >= 2:
        first = next(n for n, role, _ in heads if role == "auth")
        return (
            f"an Authorizations heading alone on line {first} with other reference "
            f"headings ({', '.join(sorted(roles - {'auth'}))})"
        )
    runs = sum(is_field_start(lines, i) for i in range(len(lines)))
    if heads and runs >= 2 and route:
        return (
            f"{route.method} alone on line {route.line} and name / type field runs under headings"
        )
    return None


def read(doc: SourceDoc) -> ReadResult:
    lines = numbered(doc.text)
    parts = Parts(doc)
    route = route_of(lines)
    start = route.end if route else 0
    samples = samples_of(lines, start, parts)
    heads = [h for h in headings(lines, start) if h[0] - 1 not in samples.covered]
    head_end = heads[0][0] - 1 if heads else len(lines)
    head = read_head(lines, start, head_end, samples, parts) if route else Head()
    # Sample lines and page chrome are blanked so that sections see only their own text.
    text_lines = [
        (n, "" if i in samples.covered or cell(t) in PAGE_CHROME else t)
        for i, (n, t) in enumerate(lines)
    ]
    sections: list[tuple[str, int, Sequence[Line]]] = []
    for k, (number, role, _) in enumerate(heads):
        stop = heads[k + 1][0] - 1 if k + 1 < len(heads) else len(lines)
        sections.append((role, number, text_lines[number:stop]))

    auth = build_auth(
        [(n, body) for role, n, body in sections if role == "auth"], samples.examples, parts
    )
    auth_headers = {a.header.lower() for a in auth if a.header}
    params: list[Parameter] = []
    for role, number, body in sections:
        if role in ("path", "query", "header", "cookie"):
            params += params_of(body, ParamLocation(role), number, parts)
    params = [
        p
        for p in params
        if not (p.location is ParamLocation.HEADER and p.wire_name.lower() in auth_headers)
    ]
    body_sections = [(n, body) for role, n, body in sections if role == "body"]
    sent = next((e for e in samples.examples if e.body is not MISSING), None)
    request = build_body(
        body_sections, sent.body if sent else MISSING, sent.source.line if sent else 0, parts
    )
    responses = build_responses(
        [(n, body) for role, n, body in sections if role == "response"], samples.responses, parts
    )

    method, path, servers = method_path_server(route, samples, parts)
    operations: tuple[Operation, ...] = ()
    if method and path:
        line = route.line if route else (samples.urls[0][0] if samples.urls else 1)
        params = _with_template_params(params, path, line, parts)
        operations = (
            Operation(
                method=method.lower(),
                path=path,
                summary=head.title,
                description="\n".join(head.description) or None,
                parameters=tuple(params),
                request_body=request,
                responses=responses,
                examples=tuple(samples.examples),
                source=doc.span(line),
            ),
        )
    api = Api(
        title=head.title or "",
        servers=servers,
        auth=tuple(auth),
        security=tuple(a.name for a in auth),
        operations=operations,
        sources=(doc.path,),
    )
    why = detect(doc) or "read as a rendered API reference page"
    return ReadResult(
        fragment=api, diagnostics=diag.sort_unique(parts.diagnostics), shape=SHAPE, why=why, unread=tuple(sorted(set(parts.unread)))
    )


def _with_template_params(
    params: list[Parameter], path: str, line: int, parts: Parts
) -> list[Parameter]:
    """Path parameters the template names but the page does not describe, as plain strings."""
    known = {p.wire_name for p in params if p.location is ParamLocation.PATH}
    extra = []
    for name in re.findall(r"{([^}/]+)}", path):
        if name not in known:
            parts.warn(
                "path-param-undocumented",
                f"path parameter {name!r} is not described on the page; read as a string",
                line,
            )
            schema = parse_type("string")
            assert schema is not None
            extra.append(
                Parameter(
                    wire_name=name,
                    location=ParamLocation.PATH,
                    schema=with_changes(schema, source=parts.doc.span(line)),
                    required=True,
                    source=parts.doc.span(line),
                )
            )
    # A path parameter is always required, whatever badge the page shows.
    fixed = [
        p if p.location is not ParamLocation.PATH else with_changes(p, required=True)
        for p in params
    ]
    return fixed + extra


__all__ = ["detect", "read"]
