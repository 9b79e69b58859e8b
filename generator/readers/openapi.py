"""Reader for OpenAPI 3.0 / 3.1: whole files (YAML or JSON) and blocks embedded in doc pages.

A doc page may carry a fenced OpenAPI document whose fence line names the source file,
method and path (```` ```yaml /openapi.yaml post /iam/users ````). A block cut short keeps
what it has: missing components become diagnostics with the line of each reference.
"""

from __future__ import annotations

import re
from typing import Any

from generator import diagnostics as diag
from generator.diagnostics import Diagnostic
from generator.ir import (
    MISSING,
    Api,
    AuthKind,
    AuthScheme,
    Body,
    Operation,
    Parameter,
    ParamLocation,
    Kind,
    Response,
    Schema,
    Server,
    with_changes,
)
from generator.readers.auth_words import api_key_prefix
from generator.readers.base import ReadResult, SourceDoc
from generator.load.lines import LoadError, line_of
from generator.load.loader import load_any
from generator.readers.openapi_detect import OPENAPI_KEY, block_reason, fenced_blocks, unclosed, whole_file
from generator.readers.openapi_detect import detect as detect  # readers.READERS looks for it here
from generator.readers.openapi_schema import SchemaReader

METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
_FENCE_TARGET = re.compile(
    r"\b(get|put|post|delete|patch|head|options|trace)\s+(/\S*)", re.IGNORECASE
)
_PREFERRED_CONTENT = ("application/json", "application/problem+json", "*/*")


def read(doc: SourceDoc) -> ReadResult:
    whole = whole_file(doc)
    if whole:
        return _read_document(doc, doc.text, 0, None, "openapi", whole)
    blocks = [b for b in fenced_blocks(doc) if OPENAPI_KEY.search(b[2][:4096])]
    if not blocks:
        return _read_document(doc, doc.text, 0, None, "openapi", "read as OpenAPI")
    why = block_reason(blocks[0][0])
    fragments: list[Api] = []
    found: list[Diagnostic] = []
    for info, first_line, body in blocks:
        target = _FENCE_TARGET.search(info)
        focus = (target.group(2), target.group(1).lower()) if target else None
        result = _read_document(doc, body, first_line - 1, focus, "openapi-embedded", why)
        fragments.append(result.fragment)
        found.extend(result.diagnostics)
        if unclosed(doc, first_line, body):
            found.append(diag.warning(
                "cut-short", "the fenced block is not closed: the page ends inside it; "
                "what came before is read", doc.span(first_line - 1),
            ))
    api = fragments[0]
    for more in fragments[1:]:
        api = with_changes(api,
            operations=api.operations + more.operations,
            models=api.models + tuple(m for m in more.models if api.model(m.name) is None),
        )
    return ReadResult(fragment=api, diagnostics=tuple(found), shape="openapi-embedded", why=why)


def _read_document(
    doc: SourceDoc, text: str, offset: int, focus: tuple[str, str] | None, shape: str, why: str
) -> ReadResult:
    lenient: list[LoadError] = []
    try:
        root = load_any(text, offset, lenient)
    except LoadError as exc:
        failed = Api(sources=(doc.path,))
        return ReadResult(
            fragment=failed,
            diagnostics=(diag.error(exc.code, str(exc), doc.span(exc.line)),),
            shape=shape,
            why=why,
        )
    if not isinstance(root, dict):
        return ReadResult(
            fragment=Api(sources=(doc.path,)),
            diagnostics=(
                diag.error("not-openapi", "the document is not a mapping", doc.span(offset + 1)),
            ),
            shape=shape,
            why=why,
        )
    reader = _DocumentReader(doc, root, offset)
    api = reader.read(focus)
    found = [
        diag.warning("json-invalid", f"{exc}; read as YAML, which accepts it", doc.span(exc.line))
        for exc in lenient
    ]
    return ReadResult(
        fragment=api, diagnostics=(*found, *reader.schemas.diagnostics), shape=shape, why=why
    )


class _DocumentReader:
    def __init__(self, doc: SourceDoc, root: dict[str, Any], offset: int) -> None:
        self.doc = doc
        self.root = root
        self.offset = offset
        self.schemas = SchemaReader(doc, root)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return self.schemas.diagnostics

    def read(self, focus: tuple[str, str] | None) -> Api:
        raw_info = self.root.get("info")
        info: dict[str, Any] = raw_info if isinstance(raw_info, dict) else {}
        version = str(self.root.get("openapi") or self.root.get("swagger") or "")
        if version.startswith("2"):
            self.diagnostics.append(
                diag.error("swagger-2", "Swagger 2.0 is not read; convert it to OpenAPI 3",
                           self.doc.span(line_of(self.root, self.offset + 1)))
            )
            return Api(sources=(self.doc.path,))
        operations = self._operations()
        if focus is not None and not any(op.key == focus for op in operations):
            # A block cut short still tells, on its fence line, which operation it was about.
            self.diagnostics.append(
                diag.warning(
                    "fence-target-missing",
                    f"the fence names {focus[1].upper()} {focus[0]} but the block does not describe it "
                    "(cut short?); only its method and path are known",
                    self.doc.span(self.offset),
                )
            )
            operations.append(Operation(method=focus[1], path=focus[0], source=self.doc.span(self.offset),
                                        parameters=_template_params(focus[0], self.doc.span(self.offset))))
        security = self._security_requirement(self.root.get("security"))
        return Api(
            title=str(info.get("title") or ""),
            version=str(info.get("version") or ""),
            description=info.get("description") if isinstance(info.get("description"), str) else None,
            servers=self._servers(),
            auth=self._auth(),
            security=security or (),
            operations=tuple(operations),
            models=tuple(self.schemas.models()),
            sources=(self.doc.path,),
        )

    def _servers(self) -> tuple[Server, ...]:
        servers = self.root.get("servers")
        if not isinstance(servers, list):
            return ()
        result = []
        for node in servers:
            if isinstance(node, dict) and isinstance(node.get("url"), str):
                url = node["url"]
                for var, spec in (node.get("variables") or {}).items():
                    if isinstance(spec, dict) and "default" in spec:
                        url = url.replace("{" + str(var) + "}", str(spec["default"]))
                result.append(
                    Server(
                        url=url,
                        description=_text(node.get("description")),
                        source=self.doc.span(line_of(node, self.offset)),
                    )
                )
        return tuple(result)

    def _auth(self) -> tuple[AuthScheme, ...]:
        schemes = (self.root.get("components") or {}).get("securitySchemes")
        if not isinstance(schemes, dict):
            return ()
        result = []
        for name, raw in schemes.items():
            node = self.schemas.deref(raw, line_of(schemes))
            if not isinstance(node, dict):
                continue
            span = self.doc.span(line_of(node, line_of(schemes)))
            kind = str(node.get("type", ""))
            description = _text(node.get("description"))
            if kind == "apiKey":
                header = str(node.get("name") or "")
                location = str(node.get("in") or "header")
                result.append(
                    AuthScheme(
                        name=str(name),
                        kind=AuthKind.API_KEY,
                        header=header,
                        location=location,
                        prefix=api_key_prefix(header, description),
                        description=description,
                        source=span,
                    )
                )
            elif kind == "http" and str(node.get("scheme", "")).lower() == "basic":
                result.append(
                    AuthScheme(
                        name=str(name),
                        kind=AuthKind.BASIC,
                        header="Authorization",
                        description=description,
                        source=span,
                    )
                )
            elif kind in ("http", "oauth2", "openIdConnect"):
                result.append(
                    AuthScheme(
                        name=str(name),
                        kind=AuthKind.BEARER,
                        header="Authorization",
                        prefix="Bearer",
                        description=description,
                        source=span,
                    )
                )
            else:
                self.diagnostics.append(
                    diag.warning("auth-unknown", f"security scheme {name!r} of type {kind!r} is not supported", span)
                )
        return tuple(result)

    @staticmethod
    def _security_requirement(node: Any) -> tuple[str, ...] | None:
        if not isinstance(node, list):
            return None
        names: list[str] = []
        for requirement in node:
            if isinstance(requirement, dict):
                names.extend(str(k) for k in requirement if str(k) not in names)
        return tuple(names)

    def _operations(self) -> list[Operation]:
        paths = self.root.get("paths")
        if not isinstance(paths, dict):
            return []
        operations = []
        for path, raw_item in paths.items():
            item = self.schemas.deref(raw_item, line_of(paths))
            if not isinstance(item, dict):
                continue
            raw_shared = item.get("parameters")
            shared: list[Any] = raw_shared if isinstance(raw_shared, list) else []
            for method in METHODS:
                node = item.get(method)
                if isinstance(node, dict):
                    operations.append(self._operation(str(path), method, node, shared, line_of(item)))
        return operations

    def _operation(
        self, path: str, method: str, node: dict[str, Any], shared: list[Any], item_line: int
    ) -> Operation:
        line = line_of(node, item_line)
        params: dict[tuple[str, str], Parameter] = {}
        for raw in [*shared, *(node.get("parameters") or [])]:
            param = self._parameter(raw, line)
            if param is not None:
                params[(param.wire_name, param.location.value)] = param
        tags = node.get("tags")
        return Operation(
            method=method,
            path=path,
            operation_id=str(node.get("operationId") or ""),
            summary=_text(node.get("summary")),
            description=_text(node.get("description")),
            tags=tuple(str(t) for t in tags) if isinstance(tags, list) else (),
            parameters=tuple(params.values()),
            request_body=self._body(node.get("requestBody"), line),
            responses=self._responses(node.get("responses"), line),
            security=self._security_requirement(node.get("security")),
            deprecated=node.get("deprecated") is True,
            source=self.doc.span(line),
        )

    def _parameter(self, raw: Any, line: int) -> Parameter | None:
        node = self.schemas.deref(raw, line)
        if not isinstance(node, dict) or not isinstance(node.get("name"), str):
            return None
        line = line_of(node, line)
        try:
            location = ParamLocation(str(node.get("in")))
        except ValueError:
            self.diagnostics.append(
                diag.warning("param-location", f"parameter {node['name']!r} has unknown location {node.get('in')!r}",
                             self.doc.span(line))
            )
            return None
        schema_node = node.get("schema")
        if schema_node is None and isinstance(node.get("content"), dict):
            media: Any = next(iter(node["content"].values()), {})
            schema_node = media.get("schema") if isinstance(media, dict) else None
        schema = self.schemas.schema(schema_node, line)
        return Parameter(
            wire_name=node["name"],
            location=location,
            schema=schema,
            required=node.get("required") is True or location is ParamLocation.PATH,
            description=_text(node.get("description")) or schema.description,
            deprecated=node.get("deprecated") is True,
            example=node.get("example", MISSING),
            py_name="",  # py_name
            source=self.doc.span(line),
        )

    def _body(self, raw: Any, line: int) -> Body | None:
        node = self.schemas.deref(raw, line)
        if not isinstance(node, dict):
            return None
        line = line_of(node, line)
        picked = _pick_content(node.get("content"))
        if picked is None:
            return None
        content_type, media = picked
        return Body(
            content_type=content_type,
            schema=self.schemas.schema(media.get("schema"), line_of(media, line)),
            required=node.get("required") is True,
            description=_text(node.get("description")),
            example=_media_example(media),
            source=self.doc.span(line),
        )

    def _responses(self, raw: Any, line: int) -> tuple[Response, ...]:
        if not isinstance(raw, dict):
            return ()
        result = []
        for status, value in raw.items():
            node = self.schemas.deref(value, line_of(raw, line))
            span = self.doc.span(line_of(value, line_of(raw, line)))
            if not isinstance(node, dict):
                result.append(Response(status=str(status), source=span))
                continue
            picked = _pick_content(node.get("content"))
            body = None
            if picked is not None:
                content_type, media = picked
                body = Body(
                    content_type=content_type,
                    schema=self.schemas.schema(media.get("schema"), line_of(media, span.line)),
                    example=_media_example(media),
                    source=span,
                )
            result.append(
                Response(
                    status=str(status),
                    description=_text(node.get("description")),
                    body=body,
                    source=span,
                )
            )
        return tuple(result)


def _template_params(path: str, span: Any) -> tuple[Parameter, ...]:
    return tuple(
        Parameter(
            wire_name=name,
            location=ParamLocation.PATH,
            schema=Schema(kind=Kind.STRING),
            required=True,
            source=span,
        )
        for name in re.findall(r"{([^}/]+)}", path)
    )


def _pick_content(content: Any) -> tuple[str, dict[str, Any]] | None:
    if not isinstance(content, dict) or not content:
        return None
    for preferred in _PREFERRED_CONTENT:
        if isinstance(content.get(preferred), dict):
            return preferred, content[preferred]
    for key, media in content.items():
        if "json" in str(key) and isinstance(media, dict):
            return str(key), media
    key, first = next(iter(content.items()))
    return str(key), first if isinstance(first, dict) else {}


def _media_example(media: dict[str, Any]) -> Any:
    if "example" in media:
        return media["example"]
    examples = media.get("examples")
    if isinstance(examples, dict):
        for value in examples.values():
            if isinstance(value, dict) and "value" in value:
                return value["value"]
    return MISSING


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None
