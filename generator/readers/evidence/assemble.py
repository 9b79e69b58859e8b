"""Operations from the evidence on a page: one assembler for every rendering.

Each operation owns the evidence between its anchor (method and path) and the next one; on
pages that print the method and path after what they describe (the evidence comes before the
first anchor), each owns the evidence up to its anchor. Readings are combined in one order of
trust: a field table over a field list over a JSON sample; the sample adds what the text
leaves out, and a type the two disagree on is reported naming both lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from generator import diagnostics as diag
from generator.diagnostics import Diagnostic
from generator.ir import (
    ANY_SCHEMA, MISSING, Api, AuthScheme, Body, Example, Kind, Operation, Parameter, ParamLocation,
    Property, Response, Schema, Server, with_changes,
)
from generator.readers.base import SourceDoc
from generator.readers.evidence.anchors import Anchor, split_target
from generator.readers.evidence.blocks import Page
from generator.readers.evidence.fields import FieldEv
from generator.readers.evidence.json_samples import Sample
from generator.readers.evidence.nesting import nest
from generator.readers.evidence.words import PLACEHOLDER_HOST, STATUS_LINE
from generator.readers.prose_page import auth_from_headers, first_sentence
from generator.readers.samples import combine, envelope_of, infer
from generator.readers.vocab import RETURNS_STATUS, TRANSPORT_HEADERS

_BODY_METHODS = ("post", "put", "patch")
# A path segment that is a sample value, not a resource word: it has a digit (`thrd_abc123`).
_ID_NAME = re.compile(r"(?:^|_)id$|[a-z]Id$", re.IGNORECASE)
_VALUE_SEGMENT = re.compile(r"^(?![vV]\d+(?:\.\d+)*$).*\d")
_LOCATIONS = {"path": ParamLocation.PATH, "query": ParamLocation.QUERY, "header": ParamLocation.HEADER,
              "cookie": ParamLocation.COOKIE}
_TYPE_VALUES = {"string": "string", "<string>": "string", "integer": 0, "<integer>": 0, "int": 0,
                "number": 0.5, "<number>": 0.5, "float": 0.5, "double": 0.5, "boolean": True,
                "<boolean>": True, "bool": True}


@dataclass(slots=True)
class _Op:
    anchor: Anchor
    start: int
    end: int
    headers: list[tuple[str, str, int]] = field(default_factory=list)
    bodies: list[tuple[Any, int]] = field(default_factory=list)
    lines: list[tuple[int, str]] = field(default_factory=list)
    samples: list[Anchor] = field(default_factory=list)  # code samples of this operation


@dataclass(frozen=True, slots=True)
class Evidence:
    page: Page
    anchors: tuple[Anchor, ...]
    fields: tuple[FieldEv, ...]
    samples: tuple[Sample, ...]
    credentials: tuple[tuple[str, str, int], ...]  # (header, value, line) stated in text


def assemble(doc: SourceDoc, ev: Evidence) -> tuple[Api, list[Diagnostic]]:
    found: list[Diagnostic] = []
    for sample in ev.samples:
        if sample.problem:
            found.append(diag.warning("sample-unparsed", f"a JSON sample (lines {sample.line}-{sample.end}) "
                                      f"could not be read: {sample.problem}", doc.span(sample.line)))
        elif sample.cut:
            found.append(diag.warning("cut-short", f"the JSON sample starting here ends with the page "
                                      f"(line {sample.end}); its complete entries were kept", doc.span(sample.line)))
    ops = _regions(ev)
    if not ops:
        # with no evidence at all the page is of no shape we know; with some, the method is missing
        code = "no-method-path" if ev.fields or any(s.value is not None for s in ev.samples) else "shape-unknown"
        found.append(diag.error(code, _missing_message(ev), doc.span(_first_line(ev))))
        return Api(title=ev.page.title, sources=(doc.path,)), found
    roles = _roles(ev.page)
    operations, servers, headers = [], [], []
    for op in ops:
        op.lines = [(ln.no, ln.text) for ln in ev.page.lines if op.start <= ln.no < op.end]
        server, path, query = split_target(op.anchor.url)
        if server:
            servers.append((server, op.anchor.line))
        mine = [f for f in ev.fields if op.start <= f.line < op.end]
        samples = [s for s in ev.samples if op.start <= s.line < op.end and s.value is not None]
        headers += op.headers
        operation, own_headers = _operation(doc, op, path, query, mine, samples, roles, found,
                                            ev.page.title if len(ops) == 1 else None)
        headers += own_headers
        operations.append(operation)
    auth, _ = auth_from_headers([(n, v, doc.span(line)) for n, v, line in [*headers, *ev.credentials]])
    return Api(
        title=ev.page.title,
        servers=_servers(doc, servers, found),
        auth=tuple(_unique_auth(auth)),
        security=tuple(dict.fromkeys(a.name for a in auth)),
        operations=tuple(operations),
        sources=(doc.path,),
    ), found


def _first_line(ev: Evidence) -> int:
    lines = [f.line for f in ev.fields] + [s.line for s in ev.samples]
    return min(lines) if lines else 1


def _span(lines: list[int]) -> str:
    return f"line {lines[0]}" if len(lines) == 1 or lines[0] == lines[-1] else f"lines {lines[0]}-{lines[-1]}"


def _missing_message(ev: Evidence) -> str:
    seen = []
    for kind, label in (("table", "a field table"), ("list", "a field list")):
        lines = [f.line for f in ev.fields if f.kind == kind]
        if lines:
            seen.append(f"{label} ({_span(lines)})")
    good = [s.line for s in ev.samples if s.value is not None]
    if good:
        seen.append(f"{'a JSON sample' if len(good) == 1 else f'{len(good)} JSON samples'} ({_span(good)})")
    if not seen:
        return ("no API operation on this page: no method and path (`POST /x`, a curl sample), no field "
                "table or list, no JSON sample")
    return f"found {', '.join(seen)}, but no method and path (`POST /x`, a request URL, a curl sample)"


def _regions(ev: Evidence) -> list[_Op]:
    text_anchors = [a for a in ev.anchors if not a.how.endswith("sample")]
    primary = text_anchors or list(ev.anchors)
    unique: dict[tuple[str, str], Anchor] = {}
    for a in sorted(primary, key=lambda a: a.line):
        path = split_target(a.url)[1]
        if not any(m == a.method and same_operation(p, path) for m, p in unique):
            unique[(a.method, path)] = a
    anchors = sorted(unique.values(), key=lambda a: a.line)
    if not anchors:
        return []
    last_line = max([ln.no for ln in ev.page.lines] or [1]) + 1
    evidence = [f.line for f in ev.fields] + [s.line for s in ev.samples]
    before = sum(1 for n in evidence if n < anchors[0].line)
    after = sum(1 for n in evidence if n > anchors[-1].line)
    if before > after:  # the anchor closes what it describes
        bounds = [0] + [a.line + 1 for a in anchors]
        ops = [_Op(a, bounds[i], bounds[i + 1]) for i, a in enumerate(anchors)]
        ops[-1].end = last_line
    else:
        ops = [_Op(a, a.line if i else 0, anchors[i + 1].line if i + 1 < len(anchors) else last_line)
               for i, a in enumerate(anchors)]
    for code in ev.anchors:  # samples lend their headers and body to the operation they show
        path = split_target(code.url)[1]
        target = next((o for o in ops if o.anchor.method == code.method
                       and same_operation(split_target(o.anchor.url)[1], path)), None)
        if target is None and len(ops) == 1 and code.how.endswith("sample"):
            target = ops[0]
        if target is not None and code.how.endswith("sample"):
            target.samples.append(code)
            target.headers += [(n, v, code.line) for n, v in code.headers]
            if code.body is not None and isinstance(code.body, (dict, list)):
                target.bodies.append((code.body, code.line))
            if not target.anchor.url.startswith("http") and code.url.startswith("http"):
                target.anchor = Anchor(target.anchor.method, code.url, target.anchor.line, target.anchor.how)
    return ops


def same_operation(a: str, b: str) -> bool:
    """Two paths of one operation: equal, or one has a `{param}` where the other a sample value."""
    sa, sb = a.strip("/").split("/"), b.strip("/").split("/")
    return len(sa) == len(sb) and all(x == y or x.startswith("{") or y.startswith("{") for x, y in zip(sa, sb))


def _roles(page: Page) -> dict[int, str]:
    """Each line's section role; a status line (`200`, `404 Not Found`) opens a response or
    an error part, until the next heading."""
    roles = page.role_at()
    role = ""
    current = ""
    for line in page.lines:
        heading = roles[line.no]
        if heading != current:
            current, role = heading, heading
        status = STATUS_LINE.match(line.text.strip())
        if status and current in ("response", "error", ""):
            role = "response" if status.group(1).startswith("2") else "error"
        roles[line.no] = role
    return roles


def _operation(doc: SourceDoc, op: _Op, path: str, query: list[tuple[str, str]], fields: list[FieldEv],
               samples: list[Sample], roles: dict[int, str], found: list[Diagnostic], title: str | None,
               ) -> tuple[Operation, list[tuple[str, str, int]]]:
    method = op.anchor.method
    has_body = method in _BODY_METHODS
    groups: dict[str, list[FieldEv]] = {}
    segments = path.split("/")
    for f in fields:  # a path written with its parameters' names as plain segments
        if roles.get(f.line) == "path" and f.name in segments:
            segments[segments.index(f.name)] = "{" + f.name + "}"
    unplaced = [f for f in fields if "{" + f.name + "}" not in segments and (roles.get(f.line) == "path" or (
        roles.get(f.line, "") in ("", "params") and _ID_NAME.search(f.name)))]
    values = [i for i, seg in enumerate(segments) if _VALUE_SEGMENT.search(seg) and not seg.startswith("{")]
    if len(unplaced) == len(values) == 1:  # a sample URL's value where the one path parameter goes
        segments[values[0]] = "{" + unplaced[0].name + "}"
    path = "/".join(segments)
    for f in fields:
        where = f.location if f.location in ("body", "query", "path", "header") else roles.get(f.line, "")
        if where in ("", "params", "request"):
            where = "body" if has_body else "query"
        if "{" + f.name + "}" in path and where in ("body", "query", ""):
            where = "path"  # the path names it, whatever section it is listed in
        if where == "path" and "{" + f.name + "}" not in path:
            where = "query" if not has_body else "body"
        groups.setdefault(where, []).append(f)
    params: list[Parameter] = []
    credentials: list[tuple[str, str, int]] = []
    for name, _value in query:
        if not any(f.name == name for f in groups.get("query", [])):
            params.append(Parameter(wire_name=name, location=ParamLocation.QUERY, schema=Schema(kind=Kind.STRING), source=doc.span(op.anchor.line)))
    for where in ("path", "query", "header"):
        for f in groups.get(where, []):
            if where == "header":
                if f.name.lower() in TRANSPORT_HEADERS:
                    continue
                schemes, _ = auth_from_headers([(f.name, f.description or f.type_text, doc.span(f.line))])
                if schemes:  # a credential, not a parameter of this operation
                    credentials.append((f.name, f.description or f.type_text, f.line))
                    continue
            schema = _field_schema(doc, f)
            params.append(Parameter(wire_name=f.name, location=_LOCATIONS[where], schema=schema, required=where == "path" or bool(f.required),
                                    description=f.description or None, source=doc.span(f.line)))
    for f in groups.get("auth", []):
        credentials.append((f.name, f.description, f.line))
    params = list({(p.wire_name, p.location): p for p in params}.values())
    body_fields = [f for f in groups.get("body", []) if not (f.name == "body" and f.location == "body")]
    request_samples = [(s.value, s.line) for s in samples if s.role == "body"] + op.bodies
    request = _body(doc, body_fields, request_samples if has_body else [], found) if has_body or body_fields else None
    responses = _responses(doc, op, groups.get("response", []), samples, roles, found)
    operation = Operation(
        method=method, path=path, summary=first_sentence(title or "") or None,
        description=_intro(op, fields, samples) or None, parameters=tuple(params), request_body=request,
        responses=responses, examples=tuple(Example(method=a.method.upper(), url=a.url, headers=a.headers, body=a.body if a.body is not None else MISSING,
                               source=doc.span(a.line)) for a in op.samples)
        or (Example(method=method.upper(), url=op.anchor.url, source=doc.span(op.anchor.line)),),
        source=doc.span(op.anchor.line),
    )
    return operation, credentials


def _field_schema(doc: SourceDoc, f: FieldEv) -> Schema:
    from generator.readers.evidence.types import schema_for

    schema = schema_for(f.type_text) if f.type_text else None
    schema = schema or ANY_SCHEMA
    return with_changes(schema, description=f.description or None, source=doc.span(f.line))


def _sample_schema(doc: SourceDoc, value: Any, line: int, found: list[Diagnostic]) -> Schema:
    schema = infer(_typed_values(value), doc.span(line))
    return _widen_nulls(doc, schema, found)


def _typed_values(value: Any) -> Any:
    """A schema-like sample (`"id": "integer"`, `"amount": "<number>"`) names types, not values."""
    if isinstance(value, dict):
        return {k: _typed_values(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed_values(v) for v in value]
    if isinstance(value, str) and value.strip().lower() in _TYPE_VALUES:
        return _TYPE_VALUES[value.strip().lower()]
    return value


def _widen_nulls(doc: SourceDoc, schema: Schema, found: list[Diagnostic], name: str = "") -> Schema:
    """A field whose only evidence is `null` could hold anything: it is Any, never type None."""
    if schema.kind is Kind.NULL:
        found.append(diag.info("type-unknown", f"`{name or 'value'}` is only shown as null; read as any type",
                               schema.source if schema.source.file else doc.span(0)))
        return with_changes(ANY_SCHEMA, nullable=True, source=schema.source)
    if schema.kind is Kind.OBJECT and schema.properties:
        props = tuple(with_changes(p, schema=_widen_nulls(doc, p.schema, found, p.wire_name))
                      for p in schema.properties)
        return with_changes(schema, properties=props)
    if schema.kind is Kind.ARRAY and schema.items is not None:
        return with_changes(schema, items=_widen_nulls(doc, schema.items, found, name))
    return schema


def _body(doc: SourceDoc, fields: list[FieldEv], samples: list[tuple[Any, int]], found: list[Diagnostic]) -> Body | None:
    text = nest(doc, fields, found) if fields else None
    sample = None
    for value, line in samples:
        if isinstance(value, dict):
            sample = _sample_schema(doc, value, line, found)
            break
    if text is None and sample is None:
        return None
    schema = combine(text, sample) if text is not None and sample is not None else (text or sample)
    assert schema is not None
    line = fields[0].line if fields else samples[0][1]
    example = next((v for v, _ in samples if isinstance(v, dict)), MISSING)
    return Body(content_type="application/json", schema=schema, example=example, source=doc.span(line))


def _responses(doc: SourceDoc, op: _Op, fields: list[FieldEv], samples: list[Sample], roles: dict[int, str],
               found: list[Diagnostic]) -> tuple[Response, ...]:
    status = None
    status_line = op.anchor.line
    for no, line_text in op.lines:
        match = STATUS_LINE.match(line_text.strip()) if roles.get(no) == "response" else None
        match = match or RETURNS_STATUS.search(line_text)
        if match and match.group(1).startswith("2"):
            status, status_line = match.group(1), no
            break
    response_samples = [s for s in samples if s.role == "response" or (s.role == "" and s.line > op.anchor.line
                                                                       and not s.status)]
    if status is None:
        status = next((s.status for s in response_samples if s.status), None) or "200"
    text = nest(doc, fields, found) if fields else None
    chosen = next((s for s in response_samples if isinstance(s.value, (dict, list))
                   and (s.status in (None, status) or (s.status or "").startswith("2"))), None)
    span = doc.span(status_line)
    said = _status_words(op, status_line) or "success"
    if chosen is None:
        if text is None:
            return (Response(status=status, description=said, source=span),)
        return (Response(status=status, description=said, body=Body(content_type="application/json", schema=text, source=text.source),
                         source=span),)
    value = chosen.value
    if isinstance(value, list):
        first = value[0] if value and isinstance(value[0], dict) else {}
        sample = Schema(kind=Kind.ARRAY, items=_sample_schema(doc, first, chosen.line, found))
    else:
        sample = _sample_schema(doc, value, chosen.line, found)
    envelope = envelope_of(value)
    if text is not None and envelope is not None and not any(p.wire_name == envelope.payload_key
                                                             for p in text.properties):
        # the fields describe the payload inside the envelope the sample shows
        inner = sample.find_property(envelope.payload_key)
        if inner is not None:
            merged = combine(text, inner.schema)
            sample = with_changes(sample, properties=tuple(
                Property(wire_name=p.wire_name, schema=merged if p is inner else p.schema, required=p.required) for p in sample.properties))
        text = None
    schema = combine(text, sample) if text is not None else sample
    body = Body(content_type="application/json", schema=schema, example=value, source=doc.span(chosen.line))
    return (Response(status=status, description=said, body=body, envelope=envelope, source=span),)


def _status_words(op: _Op, line: int) -> str | None:
    text = next((t for n, t in op.lines if n == line), "").strip()
    if RETURNS_STATUS.search(text):
        return text
    match = STATUS_LINE.match(text)
    words = re.sub(r"^\W*\d{3}\W*", "", text).strip() if match else ""
    return words or None


def _intro(op: _Op, fields: list[FieldEv], samples: list[Sample]) -> str:
    """The operation's first paragraph of prose: a line of several words that is not evidence."""
    taken = {f.line for f in fields} | {n for s in samples for n in range(s.line, s.end + 1)}
    for no, text in op.lines:
        words = text.strip()
        if (no not in taken and len(words.split()) >= 4 and words[:1].isupper() and "|" not in words
                and not words.startswith(("{", "[", "<", "-", "curl", "http")) and words.endswith((".", "。"))):
            return words
    return ""


def _servers(doc: SourceDoc, servers: list[tuple[str, int]], found: list[Diagnostic]) -> tuple[Server, ...]:
    out: dict[str, Server] = {}
    for url, line in servers:
        host = url.split("://", 1)[-1]
        if url.startswith("{") or PLACEHOLDER_HOST.search(host):
            found.append(diag.warning("server-placeholder", f"{url} is a placeholder, not a default environment; "
                                      "set the server URL when making the client", doc.span(line)))
            continue
        out.setdefault(url, Server(url=url, source=doc.span(line)))
    return tuple(out.values())


def _unique_auth(auth: list[AuthScheme]) -> list[AuthScheme]:
    return list({a.name.lower(): a for a in reversed(auth)}.values())[::-1]


__all__ = ["Evidence", "Property", "assemble"]
