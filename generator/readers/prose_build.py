"""A `ProsePage` (fields by section, curl and JSON samples) into an IR fragment.

Text is the first witness and samples the second: field runs give names, types, required
flags and descriptions; the curl sample gives method, URL, auth headers and request-body
evidence; JSON samples under status lines give response bodies (samples.combine merges them,
text winning on required flags and descriptions).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from generator import diagnostics as diag
from generator.diagnostics import Diagnostic
from generator.ir import (
    ANY_SCHEMA,
    MISSING,
    Api,
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
    with_changes,
)
from generator.readers.base import ReadResult, SourceDoc
from generator.readers.curl import parse_curl
from generator.readers.prose_page import (
    ROLE_BODY,
    ROLE_ERRORS,
    ROLE_HEADER,
    ROLE_PARAMS,
    ROLE_PATH,
    ROLE_QUERY,
    ROLE_RESPONSE,
    FieldRun,
    JsonSample,
    ProsePage,
    GLUED_TO_CURL,
    auth_from_headers,
    first_sentence,
    headers_from_code,
    scalar_schema,
    split_url,
    target_from_code,
    target_from_examples,
    typed_default,
)
from generator.readers.samples import combine, envelope_of, infer
from generator.readers.vocab import RETURNS_STATUS

_BODY_METHODS = ("post", "put", "patch")
_ERROR_STATUS = re.compile(r"\b([45]\d\d)\b[\s:–-]*((?-i:[A-Z][a-z]*(?:\s+[A-Z][a-z]*)*))?")
# A path segment that is a sample value, not a resource word: has a digit, or is a placeholder.
_VALUE_SEGMENT = re.compile(r"\d|^[:$<{]|^[A-Z][A-Z0-9_]+$|^(?i:your)[_-]")
_ID_NAME = re.compile(r"(?:^|_)id$|[a-z]Id$|^id$", re.IGNORECASE)
_VERSION_SEGMENT = re.compile(r"^v\d+(?:\.\d+)*$", re.IGNORECASE)


def build(doc: SourceDoc, page: ProsePage, shape: str, why: str) -> ReadResult:
    return _Builder(doc, page).build(shape, why)


class _Builder:
    def __init__(self, doc: SourceDoc, page: ProsePage) -> None:
        self.doc = doc
        self.page = page
        self.found: list[Diagnostic] = [
            diag.warning(code, message, doc.span(line)) for code, message, line in page.diagnostics
        ]
        self.unread = list(page.unread)

    def build(self, shape: str, why: str) -> ReadResult:
        page, doc = self.page, self.doc
        examples = self._examples()
        target = page.target or target_from_examples(examples) or target_from_code(page.code)
        first = page.intro[0][0] if page.intro else 1
        if target is None:
            self.found.append(
                diag.error(
                    "no-method-path",
                    "no HTTP method and URL on the page "
                    "(no METHOD URL line, curl or request sample)",
                    doc.span(first),
                )
            )
            self.unread += [(f.line, f"{f.name}: {f.description}") for f in page.fields]
            return self._result(Api(title=page.title, sources=(doc.path,)), shape, why)
        method, url, line = target
        method = method.lower()
        server, path, query = split_url(url)
        for example in examples:
            query += split_url(example.url or "")[2]
        groups = self._group(method, path)
        path = self._place_path_params(path, groups[ROLE_PATH], line)
        auth, leftover = self._auth(examples, groups[ROLE_HEADER])
        params = self._parameters(path, groups, query, leftover)
        intro = _join_intro(page.intro)
        op = Operation(
            method=method,
            path=path,
            summary=page.title or first_sentence(intro) or None,
            description=intro or None,
            parameters=params,
            request_body=self._request_body(method, groups[ROLE_BODY], examples),
            responses=self._responses(groups[ROLE_RESPONSE], line),
            examples=tuple(examples),
            source=doc.span(line),
        )
        api = Api(
            title=page.title or op.summary or "",
            servers=(Server(url=server, source=doc.span(line)),),
            auth=tuple(auth),
            security=tuple(a.name for a in auth),
            operations=(op,),
            sources=(doc.path,),
        )
        return self._result(api, shape, why)

    def _result(self, api: Api, shape: str, why: str) -> ReadResult:
        return ReadResult(fragment=api, diagnostics=tuple(self.found), shape=shape, why=why, unread=tuple(self.unread))

    def _examples(self) -> list[Example]:
        found = []
        for line, command in self.page.curls:
            example = parse_curl(GLUED_TO_CURL.sub("", command.rstrip()), self.doc.span(line))
            if example is None or not example.url:
                self.unread.append((line, command[:200]))
                self.found.append(
                    diag.warning("bad-curl", "a curl sample has no URL", self.doc.span(line))
                )
            else:
                found.append(example)
        return found

    def _group(self, method: str, path: str) -> dict[str, list[FieldRun]]:
        """Each field to where it goes; fields outside a known section by what they say."""
        names = set(re.findall(r"\{([^}]+)\}", path))
        groups: dict[str, list[FieldRun]] = {
            r: [] for r in (ROLE_PATH, ROLE_QUERY, ROLE_HEADER, ROLE_BODY, ROLE_RESPONSE)
        }
        # Sample values standing where path parameters go (`/threads/thread_abc123`).
        spots = len(_value_spots(path))
        for run in self.page.fields:
            role = run.section
            if role is None and run.required is None:
                role = ROLE_RESPONSE  # "Returns" runs carry no required word, request runs do
            elif role is None or role == ROLE_PARAMS:
                if run.name in names:
                    role = ROLE_PATH
                elif spots and run.required and _ID_NAME.search(run.name):
                    role, spots = ROLE_PATH, spots - 1
                else:
                    role = ROLE_BODY if method in _BODY_METHODS else ROLE_QUERY
            if role in groups:
                groups[role].append(run)
            else:
                self.unread.append((run.line, f"{run.name}: {run.description}".strip()))
        return groups

    def _place_path_params(self, path: str, runs: list[FieldRun], line: int) -> str:
        """A sample URL shows `/threads/thread_abc123`: put `{thread_id}` where the value is; a
        lone `{id}` in the URL for a lone declared `user_id` takes the declared name."""
        names = re.findall(r"\{([^}]+)\}", path)
        missing = [r.name for r in runs if r.name not in names]
        segments = path.split("/")
        spots = _value_spots(path)
        undeclared = [n for n in names if n not in {r.name for r in runs}]
        if len(missing) == 1 and len(undeclared) == 1 and not spots:
            return path.replace("{" + undeclared[0] + "}", "{" + missing[0] + "}")
        if missing and len(spots) >= len(missing):
            for name, i in zip(missing, spots[-len(missing) :]):
                segments[i] = "{" + name + "}"
            return "/".join(segments)
        for name in missing:
            message = f"path parameter {name!r} is not in the URL {path!r}"
            self.found.append(diag.warning("path-param-unplaced", message, self.doc.span(line)))
        return path

    def _parameters(
        self,
        path: str,
        groups: dict[str, list[FieldRun]],
        query: list[tuple[str, str]],
        headers: list[tuple[str, str]],
    ) -> tuple[Parameter, ...]:
        params: list[Parameter] = []
        declared = {r.name for r in groups[ROLE_PATH]}
        for run in groups[ROLE_PATH]:
            params.append(self._param(run, ParamLocation.PATH, True))
        for name in re.findall(r"\{([^}]+)\}", path):
            if name not in declared:
                declared.add(name)
                params.append(
                    Parameter(
                        wire_name=name,
                        location=ParamLocation.PATH,
                        schema=Schema(kind=Kind.STRING),
                        required=True,
                        source=self.doc.span(self.page.target[2] if self.page.target else 0),
                    )
                )
        for run in groups[ROLE_QUERY]:
            params.append(self._param(run, ParamLocation.QUERY, bool(run.required)))
        seen = {p.wire_name for p in params}
        for name, value in query:
            if name not in seen:
                seen.add(name)
                params.append(
                    Parameter(wire_name=name, location=ParamLocation.QUERY, schema=scalar_schema(value), example=value)
                )
        for run in groups[ROLE_HEADER]:
            params.append(self._param(run, ParamLocation.HEADER, bool(run.required)))
        for name, value in headers:
            if name.lower() not in {p.wire_name.lower() for p in params}:
                params.append(
                    Parameter(wire_name=name, location=ParamLocation.HEADER, schema=Schema(kind=Kind.STRING), example=value)
                )
        return tuple(params)

    def _param(self, run: FieldRun, where: ParamLocation, required: bool) -> Parameter:
        schema = self._schema(run)
        return Parameter(
            wire_name=run.name,
            location=where,
            schema=schema,
            required=required,
            description=run.description or None,
            source=self.doc.span(run.line),
        )

    def _schema(self, run: FieldRun) -> Schema:
        schema = run.schema or ANY_SCHEMA
        return with_changes(schema,
            description=run.description or None,
            default=typed_default(run.default, schema),
            source=self.doc.span(run.line),
        )

    def _object(self, runs: list[FieldRun]) -> Schema:
        """Field runs as an object; dotted names (`address.city`, `items[].id`) nest."""
        direct: dict[str, FieldRun] = {}
        nested: dict[str, list[FieldRun]] = {}
        order: list[str] = []
        for run in runs:
            head, _, rest = re.sub(r"\[\d*\]", "", run.name).partition(".")
            if head not in order:
                order.append(head)
            if rest:
                nested.setdefault(head, []).append(replace(run, name=rest))
            else:
                direct[head] = run
        props = []
        for name in order:
            own = direct.get(name)
            schema = self._schema(own) if own else Schema(kind=Kind.OBJECT)
            if name in nested:
                inner = self._object(nested[name])
                if schema.kind is Kind.ARRAY:
                    schema = with_changes(schema, items=inner)
                else:
                    schema = with_changes(schema, kind=Kind.OBJECT, properties=inner.properties)
            props.append(Property(wire_name=name, schema=schema, required=bool(own and own.required)))
        line = runs[0].line if runs else 0
        return Schema(kind=Kind.OBJECT, properties=tuple(props), source=self.doc.span(line))

    def _auth(
        self, examples: list[Example], header_runs: list[FieldRun]
    ) -> tuple[list[AuthScheme], list[tuple[str, str]]]:
        headers = [(n, v, e.source) for e in examples for n, v in e.headers]
        if not examples:
            headers = [(n, v, self.doc.span(ln)) for n, v, ln in headers_from_code(self.page.code)]
        headers += [(r.name, "", self.doc.span(r.line)) for r in header_runs]
        schemes, leftover = auth_from_headers(headers)
        header_runs[:] = [r for r in header_runs if not any(s.header == r.name for s in schemes)]
        return schemes, leftover

    def _request_body(
        self, method: str, runs: list[FieldRun], examples: list[Example]
    ) -> Body | None:
        sample = next((e for e in examples if isinstance(e.body, dict | list)), None)
        if not runs and sample is None:
            return None
        text = self._object(runs) if runs else None
        seen = infer(sample.body, sample.source) if sample is not None else None
        schema = combine(text, seen) if text is not None and seen is not None else (text or seen)
        assert schema is not None
        content_type = next(
            (v for e in examples for n, v in e.headers if n.lower() == "content-type"),
            "application/json",
        )
        span = (
            self.doc.span(runs[0].line) if runs else (sample.source if sample else self.doc.span(0))
        )
        return Body(
            content_type=content_type.split(";")[0].strip(),
            schema=schema,
            required=any(r.required for r in runs) or (not runs and method in _BODY_METHODS),
            example=sample.body if sample is not None else MISSING,
            source=span,
        )

    def _responses(self, runs: list[FieldRun], line: int) -> tuple[Response, ...]:
        notes = [(ln, text) for section, ln, text in self.page.notes if section == ROLE_RESPONSE]
        said = next((m for _l, t in notes if (m := RETURNS_STATUS.search(t))), None)
        ok: list[JsonSample] = []
        errors: list[JsonSample] = []
        for sample in self.page.samples:
            if sample.status and sample.status[0] in "45":
                errors.append(sample)
            elif sample.status is None and sample.section == ROLE_ERRORS:
                self.found.append(
                    diag.warning(
                        "status-unknown",
                        "an error sample has no status line",
                        self.doc.span(sample.line),
                    )
                )
                self.unread.append((sample.line, str(sample.value)[:200]))
            else:
                ok.append(sample)
        default = next((s.status for s in ok if s.status), None) or (
            said.group(1) if said else "200"
        )
        description = notes[0][1] if notes else None  # later prose there is sample chatter
        responses: dict[str, Response] = {}
        text = self._object(runs) if runs else None
        candidates: list[JsonSample | None] = [*ok] or [None]
        for cand in candidates:
            status = cand.status if cand is not None and cand.status else default
            if status in responses:
                continue
            reason = cand.reason if cand is not None else None
            body, envelope = self._body(text if status == default else None, cand)
            said_at = next((ln for ln, t in notes if RETURNS_STATUS.search(t)), None)
            src = self.doc.span(cand.line if cand else said_at or (runs[0].line if runs else line))
            responses[status] = Response(
                status=status,
                description=(description if status == default else None) or reason,
                body=body,
                envelope=envelope,
                source=src,
            )
        for sample in errors:
            if sample.status is not None and sample.status not in responses:
                span = self.doc.span(sample.line)
                body = Body(content_type="application/json", schema=infer(sample.value, span), example=sample.value,
                            source=span)  # fmt: skip
                responses[sample.status] = Response(status=sample.status, description=sample.reason, body=body, source=span)
        for section, ln, note in self.page.notes:
            for match in _ERROR_STATUS.finditer(note) if section == ROLE_ERRORS else ():
                responses.setdefault(
                    match.group(1),
                    Response(status=match.group(1), description=match.group(2) or None, source=self.doc.span(ln)),
                )
        return tuple(responses.values())

    def _body(self, text: Schema | None, sample: JsonSample | None) -> tuple[Body | None, Any]:
        if sample is None:
            return (Body(content_type="application/json", schema=text, source=text.source) if text else None), None
        span = self.doc.span(sample.line)
        seen = infer(sample.value, span)
        envelope = envelope_of(sample.value)
        if text is not None and envelope is not None:
            inner = seen.find_property(envelope.payload_key)
            if inner is not None:
                merged = combine(text, inner.schema)
                seen = with_changes(seen,
                    properties=tuple(
                        Property(wire_name=p.wire_name, schema=merged if p is inner else p.schema, required=p.required)
                        for p in seen.properties
                    )
                )
            text = None
        schema = combine(text, seen) if text is not None else seen
        return Body(content_type="application/json", schema=schema, example=sample.value, source=span), envelope


def _value_spots(path: str) -> list[int]:
    return [
        i
        for i, seg in enumerate(path.split("/"))
        if seg and "{" not in seg and _VALUE_SEGMENT.search(seg) and not _VERSION_SEGMENT.match(seg)
    ]


def _join_intro(parts: list[tuple[int, str]]) -> str:
    """The page's opening prose; a lead sentence the next paragraph repeats is said once."""
    texts = [t for _l, t in parts]
    kept = [t for i, t in enumerate(texts) if not any(o.startswith(t) for o in texts[i + 1 :])]
    return " ".join(kept)
