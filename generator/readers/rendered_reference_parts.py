"""Sections of a rendered API-reference page into IR parts: auth, parameters, body, responses.

Lines a section holds before its first named field are its prelude: a content type, a
description, "The response is of type object[]."; anything else there is a field whose name
the capture lost, reported line by line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from generator import diagnostics as diag
from generator.diagnostics import Diagnostic
from generator.ir import (
    MISSING,
    AuthKind,
    AuthScheme,
    Body,
    Example,
    Kind,
    Parameter,
    ParamLocation,
    Response,
    Schema,
    with_changes,
)
from generator.readers.auth_words import api_key_prefix
from generator.readers.base import SourceDoc
from generator.readers.rendered_reference_fields import Line, clean, field_schema, object_of, parse_type, scan
from generator.readers.samples import combine, envelope_of, infer
from generator.readers.vocab import (
    AUTH_API_KEY_WORDS,
    AUTH_KIND_WORDS,
    HEADER_NAME_PHRASE,
    PREFIX_WORD_PHRASE,
    TYPE_SENTENCE,
)

_MIME = re.compile(r"[\w.+-]+/[\w.+*-]+")
_STATUS = re.compile(
    r"(?P<status>[1-5]\d\d|[1-5]XX|default)(?:\s*-\s*(?P<mime>[\w.+-]+/[\w.+*-]+))?"
)
_PLACEHOLDER = re.compile(r"<[^>]+>|\$\{?\w+\}?")


@dataclass
class Parts:
    """What the section readers share: the page, and where they report."""

    doc: SourceDoc
    diagnostics: list[Diagnostic] = field(default_factory=list)
    unread: list[tuple[int, str]] = field(default_factory=list)

    def warn(self, code: str, message: str, line: int) -> None:
        self.diagnostics.append(diag.warning(code, message, self.doc.span(line)))

    def error(self, code: str, message: str, line: int) -> None:
        self.diagnostics.append(diag.error(code, message, self.doc.span(line)))

    def info(self, code: str, message: str, line: int) -> None:
        self.diagnostics.append(diag.info(code, message, self.doc.span(line)))

    def unnamed(self, lines: Sequence[Line], where: str) -> None:
        for number, text in lines:
            self.warn(
                "field-name-missing",
                f"{where}: {text[:60]!r} describes a field whose name and type are missing",
                number,
            )
            self.unread.append((number, text))


def params_of(
    body: Sequence[Line], location: ParamLocation, heading: int, parts: Parts
) -> list[Parameter]:
    found = scan(body)
    parts.unnamed(found.prelude, f"{location.value} parameters (line {heading})")
    params = []
    for f in found.fields:
        schema = field_schema(f, parts.doc.span(f.line))
        params.append(
            Parameter(
                wire_name=f.name,
                location=location,
                schema=with_changes(schema, description=None),
                required=f.required,
                description=schema.description,
                deprecated="deprecated" in f.flags,
                example=schema.example,
                source=parts.doc.span(f.line),
            )
        )
    return params


def build_auth(
    sections: Sequence[tuple[int, Sequence[Line]]], examples: Sequence[Example], parts: Parts
) -> list[AuthScheme]:
    schemes: list[AuthScheme] = []
    for heading, body in sections:
        found = scan(body)
        for f in found.fields:
            schemes.append(
                _scheme(
                    f.name, f.location or "header", "\n".join(f.description) or None, f.line, parts
                )
            )
        if found.prelude and not found.fields:
            text = " ".join(t for _, t in found.prelude)
            named = HEADER_NAME_PHRASE.search(text)
            if named:
                line = next(n for n, t in found.prelude if named.group(1) in t)
                parts.warn(
                    "auth-name-from-text",
                    f"the credential's name is missing; the text names header {named.group(1)!r}",
                    line,
                )
                schemes.append(_scheme(named.group(1), "header", text, line, parts))
            else:
                parts.unnamed(found.prelude, f"authorizations (line {heading})")
    if not schemes:
        schemes = _curl_auth(examples, parts)
    unique: dict[str, AuthScheme] = {}
    for s in schemes:
        unique.setdefault(s.name, s)
    return list(unique.values())


def _scheme(
    header: str, location: str, description: str | None, line: int, parts: Parts
) -> AuthScheme:
    span = parts.doc.span(line)
    words = set(re.findall(r"[a-z]+", (description or "").lower()))
    kind = next((AUTH_KIND_WORDS[w] for w in AUTH_KIND_WORDS if w in words), None)
    if header.lower() == "authorization" and kind == "bearer":
        return AuthScheme(
            name=header,
            kind=AuthKind.BEARER,
            header=header,
            prefix="Bearer",
            description=description,
            source=span,
        )
    if header.lower() == "authorization" and kind == "basic":
        return AuthScheme(
            name=header, kind=AuthKind.BASIC, header=header, description=description, source=span
        )
    prefix = api_key_prefix(header, description)
    if prefix is None and header.lower() == "authorization" and description:
        said = PREFIX_WORD_PHRASE.search(description)
        prefix = said.group(1) if said else None
    return AuthScheme(
        name=header,
        kind=AuthKind.API_KEY,
        header=header,
        prefix=prefix,
        location=location,
        description=description,
        source=span,
    )


def _curl_auth(examples: Sequence[Example], parts: Parts) -> list[AuthScheme]:
    """No Authorizations section: a sample header whose name says key and whose value is a
    placeholder (`<api-key>`, `$API_KEY`) is the credential."""
    found = []
    for example in examples:
        for name, value in example.headers:
            if any(w in name.lower() for w in AUTH_API_KEY_WORDS) and _PLACEHOLDER.search(value):
                env = re.search(r"\$\{?(\w+)", value)
                scheme = _scheme(name, "header", None, example.source.line, parts)
                found.append(
                    AuthScheme(
                        name=scheme.name,
                        kind=scheme.kind,
                        header=scheme.header,
                        prefix=scheme.prefix,
                        env_var=env.group(1) if env else None,
                        source=scheme.source,
                    )
                )
    return found


def _prelude_text(prelude: Sequence[Line]) -> tuple[str | None, Schema | None, list[Line]]:
    """(content type, type from "... is of type X.", other lines) of a section's prelude."""
    mime: str | None = None
    typed: Schema | None = None
    rest = []
    for number, text in prelude:
        sentence = TYPE_SENTENCE.search(text)
        if mime is None and _MIME.fullmatch(text):
            mime = text
        elif sentence and typed is None and parse_type(sentence.group(1)) is not None:
            typed = parse_type(sentence.group(1))
        elif typed is None and parse_type(text) is not None:  # a bare type: a non-object body
            typed = parse_type(text)
        else:
            rest.append((number, text))
    return mime, typed, rest


def build_body(
    sections: Sequence[tuple[int, Sequence[Line]]], sample: Any, sample_line: int, parts: Parts
) -> Body | None:
    if not sections:  # no Body section: the request sample's JSON is all there is
        if sample is MISSING or not isinstance(sample, dict | list):
            return None
        span = parts.doc.span(sample_line)
        return Body(
            content_type="application/json",
            schema=_with_sample(Schema(kind=Kind.ANY, source=span), sample, span),
            example=sample,
            source=span,
        )
    heading, lines = sections[0]
    found = scan(lines)
    mime, typed, rest = _prelude_text(found.prelude)
    description = rest[0][1] if rest else None
    if found.fields:
        parts.unread.extend(rest[1:])
    else:
        parts.unnamed(rest[1:], f"body (line {heading})")
    span = parts.doc.span(heading)
    text: Schema | None = object_of(found.fields, parts.doc.span, span) if found.fields else typed
    if text is None:
        text = Schema(kind=Kind.OBJECT, source=span)
    schema = _with_sample(text, sample, span)
    required = any(f.required for f in found.fields)
    example = sample if sample is not MISSING else MISSING
    return Body(content_type=mime or "application/json", schema=schema, required=required, description=description, example=example, source=span)


def _with_sample(text: Schema, sample: Any, span: Any) -> Schema:
    if sample is MISSING or sample is None:
        return text
    try:
        inferred = infer(sample, span)
    except RecursionError:  # a hostile, absurdly deep sample: keep what the text says
        return text
    if text.kind is Kind.OBJECT and inferred.kind is Kind.ARRAY and inferred.items is not None:
        # Fields describe the items of an array the sample shows.
        return Schema(kind=Kind.ARRAY, items=combine(text, inferred.items), source=text.source)
    return combine(text, inferred)


@dataclass
class _Block:
    status: str | None
    mime: str | None
    line: int
    lines: list[Line] = field(default_factory=list)


def build_responses(
    sections: Sequence[tuple[int, Sequence[Line]]],
    samples: Sequence[tuple[str | None, Any, int]],
    parts: Parts,
) -> tuple[Response, ...]:
    blocks = [b for heading, lines in sections for b in _blocks(heading, lines)]
    first_status = next((b.status for b in blocks if b.status), None) or "200"
    by_status: dict[str, tuple[Any, int]] = {}
    for status, value, line in samples:
        by_status.setdefault(status or first_status, (value, line))
    responses: list[Response] = []
    for block in blocks:
        status = block.status or first_status
        found = scan(block.lines)
        mime, typed, rest = _prelude_text(found.prelude)
        description = rest[0][1] if rest else None
        if found.fields:
            parts.unread.extend(rest[1:])  # a schema title such as "Organization"
        else:
            parts.unnamed(rest[1:], f"response {status} (line {block.line})")
        span = parts.doc.span(block.line)
        text = object_of(found.fields, parts.doc.span, span) if found.fields else typed
        sample, sample_line = by_status.pop(status, (MISSING, 0))
        responses.append(
            _response(
                status, description, mime or block.mime, text, sample, span, parts, sample_line
            )
        )
    for status, (value, line) in by_status.items():
        responses.append(
            _response(status, None, None, None, value, parts.doc.span(line), parts, line)
        )
    return tuple(responses)


def _response(
    status: str,
    description: str | None,
    mime: str | None,
    text: Schema | None,
    sample: Any,
    span: Any,
    parts: Parts,
    sample_line: int,
) -> Response:
    body: Body | None = None
    if text is not None or sample is not MISSING:
        sample_span = parts.doc.span(sample_line) if sample_line else span
        base = text if text is not None else Schema(kind=Kind.ANY, source=span)
        schema = _with_sample(base, sample, sample_span)
        body = Body(content_type=mime or "application/json", schema=schema, example=sample, source=span)
    envelope = envelope_of(sample) if sample is not MISSING else None
    return Response(status=status, description=description, body=body, envelope=envelope, source=span)


def _blocks(heading: int, lines: Sequence[Line]) -> list[_Block]:
    """Split a Response section at status lines: `200 - application/json`, or `200` over a
    content type line, or a bare status as the section's first line."""
    blocks = [_Block(None, None, heading)]
    i = 0
    while i < len(lines):
        number, text = lines[i][0], clean(lines[i][1])
        match = _STATUS.fullmatch(text)
        nxt = clean(lines[i + 1][1]) if i + 1 < len(lines) else ""
        first = not any(clean(t) for _, t in blocks[-1].lines) and len(blocks) == 1
        if match and (match.group("mime") or _MIME.fullmatch(nxt) or first):
            mime = match.group("mime")
            if not mime and _MIME.fullmatch(nxt):
                mime, i = nxt, i + 1
            if blocks[-1].status is None and not any(clean(t) for _, t in blocks[-1].lines):
                blocks.pop()
            blocks.append(_Block(match.group("status"), mime, number))
        else:
            blocks[-1].lines.append(lines[i])
        i += 1
    return blocks


__all__ = ["Parts", "build_auth", "build_body", "build_responses", "params_of"]
