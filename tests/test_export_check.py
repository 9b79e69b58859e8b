"""The export check gives openapi-spec-validator's verdict: on every export we make of the hostile
corpus and the seed pages, and on exports broken in each way the check looks for."""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

# The oracle checks the document with jsonschema, not with the library our check uses.
os.environ["OPENAPI_SPEC_VALIDATOR_SCHEMA_VALIDATOR_BACKEND"] = "jsonschema"
from openapi_spec_validator import OpenAPIV31SpecValidator  # noqa: E402

from generator.diagnostics import GeneratorError
from generator.emit.openapi.check import JSONSCHEMA_FORMATS, check_export
from generator.emit.openapi.export import api_to_openapi
from generator.pipeline import read_docs

from .conftest import BENCH_SPECS, SEEDS, seed

HOSTILE_CASES = Path(__file__).parent / "hostile" / "cases"


def _oracle(doc: dict[str, Any]) -> list[str]:
    return [e.message for e in OpenAPIV31SpecValidator(copy.deepcopy(doc)).iter_errors()]


def _ours(doc: dict[str, Any]) -> list[str]:
    found = check_export(doc, "openapi.json")
    for d in found:
        assert d.code == "export-invalid" and str(d).startswith(
            "openapi.json: error[export-invalid]: "
        )
        assert "exported OpenAPI is invalid at /" in d.message  # a JSON pointer into the export
    return [d.message for d in found]


def _export(path: Path) -> dict[str, Any] | None:
    try:
        return api_to_openapi(read_docs([path]).api)
    except GeneratorError:
        return None  # nothing usable was read: there is no export


PAGES = sorted(HOSTILE_CASES.iterdir()) + sorted(SEEDS.glob("*.txt"))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_our_exports_get_the_same_verdict_from_both(page: Path) -> None:
    doc = _export(page)
    if doc is None:
        pytest.skip("no export")
    ours, oracle = _ours(doc), _oracle(doc)
    assert bool(ours) == bool(oracle), (ours, oracle)


def test_a_bench_document_is_valid_for_both() -> None:
    doc = api_to_openapi(read_docs([BENCH_SPECS / "gcore_iam_reseller_api.yaml"]).api)
    assert _ours(doc) == [] and _oracle(doc) == []


# -- broken exports -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def valid() -> dict[str, Any]:
    doc = api_to_openapi(read_docs([seed("002")]).api)
    assert _ours(doc) == [] and _oracle(doc) == []
    return doc


def _first_operation(doc: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    path, item = next(iter(doc["paths"].items()))
    return path, next(
        op for method, op in item.items() if method in ("get", "post", "put", "patch", "delete")
    )


def _a_schema(doc: dict[str, Any]) -> dict[str, Any]:
    return next(iter(doc["components"]["schemas"].values()))  # type: ignore[no-any-return]


def _set_component(name: str, schema: Any) -> Callable[[dict[str, Any]], None]:
    return lambda doc: doc["components"]["schemas"].__setitem__(name, schema)


def _with_param(param: dict[str, Any], twice: bool = False) -> Callable[[dict[str, Any]], None]:
    def change(doc: dict[str, Any]) -> None:
        _, op = _first_operation(doc)
        op.setdefault("parameters", []).extend([param] * (2 if twice else 1))

    return change


def _duplicate_operation_id(doc: dict[str, Any]) -> None:
    path, op = _first_operation(doc)
    doc["paths"]["/another"] = {"get": {**copy.deepcopy(op), "parameters": []}}


def _duplicate_tag(doc: dict[str, Any]) -> None:
    doc["tags"] = [{"name": "a"}, {"name": "a"}]


def _missing_path_parameter(doc: dict[str, Any]) -> None:
    path, op = _first_operation(doc)
    doc["paths"]["/things/{thing_id}"] = {
        "get": {"operationId": "getThing", "responses": op["responses"]}
    }


def _drop(key: str) -> Callable[[dict[str, Any]], None]:
    return lambda doc: doc.pop(key)


def _response_schema(schema: Any) -> Callable[[dict[str, Any]], None]:
    def change(doc: dict[str, Any]) -> None:
        _, op = _first_operation(doc)
        op["responses"]["599"] = {
            "description": "x",
            "content": {"application/json": {"schema": schema}},
        }

    return change


BROKEN: dict[str, Callable[[dict[str, Any]], None]] = {
    "no info": _drop("info"),
    "no paths and no components": lambda doc: [doc.pop("paths"), doc.pop("components", None)],
    "openapi version": lambda doc: doc.__setitem__("openapi", "3.0.3"),
    "a type that does not exist": _set_component("Bad", {"type": "strin"}),
    "a negative length": _set_component("Bad", {"type": "string", "minLength": -1}),
    "a pattern that is not a regex": _set_component("Bad", {"type": "string", "pattern": "a(b"}),
    "a property pattern that is not a regex": _set_component(
        "Bad", {"patternProperties": {"(": {}}}
    ),
    "a schema that is a number": _set_component("Bad", 3),
    "a nested schema that is wrong": _set_component(
        "Bad",
        {"type": "object", "properties": {"a": {"type": "array", "items": {"minItems": "x"}}}},
    ),
    "a default of the wrong type": _set_component("Bad", {"type": "integer", "default": "x"}),
    "a date-time default that is no date": _set_component(
        "Bad", {"type": "string", "format": "date-time", "default": "not a date"}
    ),
    "an email default without an @": _set_component(
        "Bad", {"type": "string", "format": "email", "default": "x"}
    ),
    "a default outside int32": _set_component(
        "Bad", {"type": "integer", "format": "int32", "default": 2**40}
    ),
    "a default that misses its pattern": _set_component(
        "Bad", {"type": "string", "pattern": "^(?P<digits>[0-9]+)$", "default": "abc"}
    ),
    "a default a reference rejects": lambda doc: [
        _set_component("Small", {"type": "string", "enum": ["a"]})(doc),
        _set_component(
            "Bad",
            {
                "type": "object",
                "properties": {"x": {"$ref": "#/components/schemas/Small", "default": "b"}},
                "default": {"x": "b"},
            },
        )(doc),
    ],
    "required fields an allOf does not define": _set_component(
        "Bad", {"allOf": [{"type": "object", "properties": {"a": {}}}], "required": ["a", "b"]}
    ),
    "a duplicate operation id": _duplicate_operation_id,
    "a duplicate parameter": _with_param(
        {"name": "q", "in": "query", "schema": {"type": "string"}}, twice=True
    ),
    "a path parameter not in the path": _with_param(
        {"name": "nowhere", "in": "path", "required": True, "schema": {"type": "string"}}
    ),
    "a parameter schema that is wrong": _with_param(
        {"name": "q2", "in": "query", "schema": {"type": 5}}
    ),
    "a path parameter not declared": _missing_path_parameter,
    "a duplicate tag": _duplicate_tag,
    "a response schema that is wrong": _response_schema({"type": "object", "required": "a"}),
}

FINE: dict[str, Callable[[dict[str, Any]], None]] = {
    "a Python named group": _set_component(
        "Fine", {"type": "string", "pattern": "^(?P<x>a)+$", "default": "aa"}
    ),
    "a uri default no one checks": _set_component(
        "Fine", {"type": "string", "format": "uri", "default": ":"}
    ),
    "an int64 default": _set_component(
        "Fine", {"type": "integer", "format": "int64", "default": 2**40}
    ),
    "a null default": _set_component("Fine", {"type": ["string", "null"], "default": None}),
    "required fields an allOf member defines": _set_component(
        "Fine", {"allOf": [{"$ref": "#/components/schemas/" + "Other"}], "required": ["a"]}
    ),
    "a reference with a default beside it": _set_component(
        "Fine",
        {
            "type": "object",
            "properties": {"x": {"$ref": "#/components/schemas/Other", "default": 3}},
        },
    ),
}


@pytest.mark.parametrize("change", BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_export_is_invalid_for_both(
    valid: dict[str, Any], change: Callable[[dict[str, Any]], None]
) -> None:
    doc = copy.deepcopy(valid)
    change(doc)
    ours, oracle = _ours(doc), _oracle(doc)
    assert ours and oracle, (ours, oracle)
    json.dumps(ours)  # plain text, one line each


@pytest.mark.parametrize("change", FINE.values(), ids=FINE.keys())
def test_an_unusual_export_is_valid_for_both(
    valid: dict[str, Any], change: Callable[[dict[str, Any]], None]
) -> None:
    doc = copy.deepcopy(valid)
    doc["components"]["schemas"]["Other"] = {
        "type": "object",
        "properties": {"a": {"type": "string"}},
    }
    change(doc)
    assert _ours(doc) == [] and _oracle(doc) == []


def test_the_pointer_names_the_place(valid: dict[str, Any]) -> None:
    doc = copy.deepcopy(valid)
    _set_component(
        "Bad", {"type": "object", "properties": {"n/1": {"type": "integer", "default": "x"}}}
    )(doc)
    assert any("at /components/schemas/Bad/properties/n~11/default: " in m for m in _ours(doc))


def test_the_formats_checked_are_the_ones_openapi_spec_validator_checks() -> None:
    from openapi_schema_validator import oas31_format_checker

    always_true = {"double", "float", "password"}  # OpenAPI's: they accept every JSON value
    ours = JSONSCHEMA_FORMATS | {"int32", "int64", "regex"}
    assert set(oas31_format_checker.checkers) - always_true == ours
