"""Validation of the OpenAPI export, as diagnostics.

The export is checked as openapi-spec-validator checks a document, and tests hold the two to
the same verdicts: the document against the OpenAPI 3.1 schema; each schema that operations
and components use, once, against the OpenAPI 3.1 schema dialect; each default against its
schema; and the rules a JSON Schema cannot state (unique operation ids, tags and parameters,
path parameters that match the path, required fields that an allOf defines). jsonschema-rs
does the schema work: openapi-spec-validator's walk in Python was most of `build`'s time on a
large document.
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from generator import diagnostics as diag
from generator.diagnostics import Diagnostic
from generator.ir import SourceSpan
from generator.load.lines import pointer_target

_MAX_REPORTED = 20
_SCHEMAS = Path(__file__).with_name("oas31")
_EXPORT = "urn:docs2sdk:export"  # the export's URI in the registry defaults are checked with
_OPERATIONS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def check_export(doc: dict[str, Any], where: str) -> tuple[Diagnostic, ...]:
    found = []
    for pointer, message in _problems(doc):
        found.append(
            diag.error(
                "export-invalid",
                f"exported OpenAPI is invalid at {pointer or '/'}: {message}",
                SourceSpan(where, 0),
            )
        )
        if len(found) >= _MAX_REPORTED:
            break
    return tuple(found)


def _problems(doc: dict[str, Any]) -> Iterator[tuple[str, str]]:
    document, _ = _validators()
    structural = [(_pointer(e.instance_path), e.message) for e in document.iter_errors(doc)]
    yield from structural
    if not structural:  # the rules below read the document's structure as the schema gives it
        yield from _Rules(doc).problems()


# -- formats and patterns, as openapi-spec-validator's checkers take them --------------------


def _is_regex(text: str) -> bool:
    try:
        re.compile(text)
    except (re.error, RecursionError, OverflowError):
        return False
    return True


# What jsonschema's format checker checks with the libraries we pin (its others need libraries
# we do not install, and pass); tests hold this to the checker openapi-spec-validator uses.
JSONSCHEMA_FORMATS = frozenset(
    ("date", "date-time", "email", "idn-email", "idn-hostname", "ipv4", "ipv6", "time", "uuid")
)


@cache
def _format_checker() -> Any:
    from jsonschema import FormatChecker  # type: ignore[import-untyped]

    return FormatChecker(JSONSCHEMA_FORMATS)


def _conforms(name: str, value: Any) -> bool:
    if name in ("int32", "int64"):
        bits = 31 if name == "int32" else 63
        return (
            not isinstance(value, int)
            or isinstance(value, bool)
            or -(1 << bits) < value < 1 << bits
        )
    if name == "regex":
        return not isinstance(value, str) or _is_regex(value)
    return name not in JSONSCHEMA_FORMATS or bool(_format_checker().conforms(value, name))


class _Format:
    """`format` asserted as openapi-spec-validator asserts it, on values of every type."""

    def __init__(self, parent: Any, value: Any, path: Any) -> None:
        self.name = value

    def validate(self, instance: Any) -> None:
        if isinstance(self.name, str) and not _conforms(self.name, instance):
            raise ValueError(f"{instance!r} is not a {self.name!r}")


class _PythonPattern:
    """`pattern` by Python's `re`, the dialect of the patterns we export."""

    def __init__(self, parent: Any, value: Any, path: Any) -> None:
        self.pattern = re.compile(value) if isinstance(value, str) and _is_regex(value) else None

    def validate(self, instance: Any) -> None:
        if (
            self.pattern is not None
            and isinstance(instance, str)
            and not self.pattern.search(instance)
        ):
            raise ValueError(f"{instance!r} does not match {self.pattern.pattern!r}")


_KEYWORDS: dict[str, Any] = {"format": _Format, "pattern": _PythonPattern}


@cache
def _validators() -> tuple[Any, Any]:
    """The validators of a whole document and of one schema, built once per process."""
    import jsonschema_rs

    def load(name: str) -> Any:
        return json.loads((_SCHEMAS / name).read_text(encoding="utf-8"))

    dialect, vocabulary = load("dialect.json"), load("vocabulary.json")
    registry = jsonschema_rs.Registry([(dialect["$id"], dialect), (vocabulary["$id"], vocabulary)])
    document = jsonschema_rs.validator_for(load("schema.json"))
    schema = jsonschema_rs.validator_for(dialect, registry=registry, keywords=_KEYWORDS)
    return document, schema


def _pointer(parts: Any) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


# -- the rules a schema cannot state -----------------------------------------------------------


class _Rules:
    """openapi-spec-validator's keyword walk: the same places, order and `$ref` reading."""

    def __init__(self, doc: dict[str, Any]) -> None:
        self.doc = doc
        self.meta_checked: set[int] = set()
        self.visited: set[int] = set()
        self.operation_ids: set[Any] = set()
        self.defaults: Any = None  # a jsonschema-rs registry holding the export, when needed

    def resolve(self, node: Any, at: str) -> tuple[Any, str]:
        """A `$ref` read as what it points at, ignoring its siblings, as jsonschema-path reads it."""
        seen = set()
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if not ref.startswith("#") or ref in seen:
                break
            seen.add(ref)
            found, target = pointer_target(self.doc, unquote(ref[1:]))
            if not found:
                break  # a reference to nowhere: the rules read the node as it is
            node, at = target, unquote(ref[1:])
        return node, at

    def child(self, node: Any, at: str, key: str) -> tuple[Any, str]:
        return self.resolve(node[key], f"{at}/{key.replace('~', '~0').replace('/', '~1')}")

    def problems(self) -> Iterator[tuple[str, str]]:
        doc = self.doc
        seen_tags: set[Any] = set()
        for i, tag in enumerate(doc.get("tags", ())):
            if tag.get("name") in seen_tags:
                yield f"/tags/{i}", f"Duplicate tag name '{tag.get('name')}'"
            seen_tags.add(tag.get("name"))
        if "paths" in doc:
            paths, at = self.resolve(doc["paths"], "/paths")
            for url in paths:
                item, item_at = self.child(paths, at, url)
                shared = None
                if "parameters" in item:
                    shared = self.child(item, item_at, "parameters")
                    yield from self.parameters(*shared)
                for method in item:
                    if method in _OPERATIONS:
                        yield from self.operation(
                            url, method, *self.child(item, item_at, method), shared
                        )
        if "components" in doc:
            components, at = self.resolve(doc["components"], "/components")
            if "schemas" in components:
                schemas, at = self.child(components, at, "schemas")
                for name in schemas:
                    yield from self.schema(*self.child(schemas, at, name))

    def parameters(self, params: list[Any], at: str) -> Iterator[tuple[str, str]]:
        seen = set()
        for i in range(len(params)):
            param, param_at = self.resolve(params[i], f"{at}/{i}")
            if "schema" in param:
                yield from self.schema(*self.child(param, param_at, "schema"))
            key = (param.get("name"), param.get("in"))
            if key in seen:
                yield param_at, f"Duplicate parameter '{param.get('name')}'"
            seen.add(key)

    def path_names(self, params: list[Any], at: str) -> list[str]:
        resolved = (self.resolve(p, at)[0] for p in params)
        return [p.get("name") for p in resolved if p.get("in") == "path"]

    def operation(
        self, url: str, method: str, op: Any, at: str, shared: tuple[Any, str] | None
    ) -> Iterator[tuple[str, str]]:
        op_id = op.get("operationId")
        if op_id is not None and op_id in self.operation_ids:
            yield f"{at}/operationId", f"Operation ID '{op_id}' for '{method}' in '{url}' is not unique"
        self.operation_ids.add(op_id)
        if "responses" in op:
            responses, responses_at = self.child(op, at, "responses")
            for status in responses:
                response, response_at = self.child(responses, responses_at, status)
                if "content" in response:
                    content, content_at = self.child(response, response_at, "content")
                    for media in content:
                        medium, medium_at = self.child(content, content_at, media)
                        if "schema" in medium:
                            yield from self.schema(*self.child(medium, medium_at, "schema"))
        names = []
        if "parameters" in op:
            params = self.child(op, at, "parameters")
            yield from self.parameters(*params)
            names += self.path_names(*params)
        if shared is not None:
            names += self.path_names(*shared)
        try:
            in_url = {field for _, field, _, _ in string.Formatter().parse(url) if field}
        except ValueError as exc:
            yield at, f"Path '{url}' is not a template: {exc}"
            return
        for name in [*sorted(in_url - set(names)), *sorted(set(names) - in_url)]:
            yield at, f"Path parameter '{name}' for '{method}' operation in '{url}' was not resolved"

    def schema(
        self, node: Any, at: str, require_properties: bool = True, meta_checked: bool = False
    ) -> Iterator[tuple[str, str]]:
        if not isinstance(node, dict | bool):
            yield at, f"{node!r} is not of type 'object', 'boolean'"
            return
        if not meta_checked and id(node) not in self.meta_checked:
            self.meta_checked.add(id(node))
            error = next(iter(_validators()[1].iter_errors(node)), None)
            if error is not None:  # one problem per schema, as openapi-spec-validator reports
                yield at + _pointer(error.instance_path), error.message
                return
        if id(node) in self.visited or isinstance(node, bool):
            return
        self.visited.add(id(node))
        nested: set[str] = set()
        for keyword in ("allOf", "anyOf", "oneOf"):
            if keyword in node:
                inner, inner_at = self.child(node, at, keyword)
                for i in range(len(inner)):
                    sub = self.resolve(inner[i], f"{inner_at}/{i}")
                    yield from self.schema(*sub, require_properties=False, meta_checked=True)
                    if keyword == "allOf":
                        nested |= self.properties(sub[0], set())
        for keyword in ("not", "items"):
            if keyword in node:
                yield from self.schema(*self.child(node, at, keyword), False, True)
        if "properties" in node:
            props, props_at = self.child(node, at, "properties")
            for name in props:
                yield from self.schema(*self.child(props, props_at, name), False, True)
        if "allOf" in node and require_properties:
            extra = set(node.get("required") or ()) - set(node.get("properties") or ()) - nested
            if extra:
                yield at, f"Required list has not defined properties: {sorted(extra)}"
        if "default" in node:
            for error in self.default_validator(at).iter_errors(node["default"]):
                yield f"{at}/default{_pointer(error.instance_path)}", error.message

    def properties(self, node: Any, seen: set[int]) -> set[str]:
        """Every property name an allOf member defines, through its own combinators."""
        if not isinstance(node, dict) or id(node) in seen:
            return set()
        seen.add(id(node))
        found = set(node.get("properties") or ())
        for keyword in ("allOf", "anyOf", "oneOf"):
            for sub in node.get(keyword) or ():
                found |= self.properties(self.resolve(sub, "")[0], seen)
        for keyword in ("items", "not"):
            if keyword in node:
                found |= self.properties(self.resolve(node[keyword], "")[0], seen)
        return found

    def default_validator(self, at: str) -> Any:
        import jsonschema_rs

        if self.defaults is None:
            self.defaults = jsonschema_rs.Registry([(_EXPORT, self.doc)])
        ref = {"$ref": f"{_EXPORT}#{quote(at, safe='/~')}"}
        return jsonschema_rs.validator_for(ref, registry=self.defaults, keywords=_KEYWORDS)
