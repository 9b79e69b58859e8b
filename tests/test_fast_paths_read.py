"""Fast paths of reading and naming an OpenAPI document give what the plain code gave.

Schemas and parameters the reader builds by position must hold what the keyword-built ones
held; naming by position must build what `with_changes(node, py_name=...)` builds; and the
detector's answer, kept for the reader, must be the one a fresh look gives.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.ir import (
    EMPTY_CONSTRAINTS,
    MISSING,
    Parameter,
    ParamLocation,
    Property,
    Schema,
    with_changes,
)
from generator.passes.name import named_parameter, named_property
from generator.readers import openapi, openapi_detect
from generator.readers.base import SourceDoc
from generator.readers.openapi_constraints import read_constraints, str_or_none, use_keywords
from generator.readers.openapi_schema import SchemaReader

from .test_fast_paths import _all_fields, _sample

# -- schemas by position -------------------------------------------------------------------


def _plain_by_keywords(reader: SchemaReader, node: dict[str, Any], span: Any) -> Schema:
    """SchemaReader._plain's Schema as it was built before: by keyword, from use_keywords."""
    built = reader._plain(node, 1, 0, span)  # the shape (kind, items, properties) is not at issue
    return Schema(
        built.kind,
        format=str_or_none(node.get("format")),
        nullable=built.nullable,
        enum=built.enum,
        const=node.get("const", MISSING),
        items=built.items,
        properties=built.properties,
        additional=built.additional,
        closed=built.closed,
        variants=built.variants,
        constraints=read_constraints(node, EMPTY_CONSTRAINTS),
        source=span,
        **use_keywords(node),
    )


_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=3),
)
_value = st.one_of(_leaf, st.lists(_leaf, max_size=3))
_keys = st.sampled_from(
    "type format nullable enum const items properties additionalProperties description title "
    "default example examples deprecated readOnly writeOnly minLength maxLength pattern minimum "
    "maximum exclusiveMinimum exclusiveMaximum multipleOf minItems maxItems uniqueItems".split()
)
_types = st.sampled_from(["string", "integer", "object", "array", "null", ["string", "null"]])
_nodes = st.dictionaries(_keys, _value, max_size=8).flatmap(
    lambda node: st.builds(lambda t: {**node, "type": t} if "type" in node else node, _types)
)


def _reader() -> SchemaReader:
    return SchemaReader(SourceDoc("doc.yaml", "x"), {})


def _span(line: int) -> Any:
    return SourceDoc("doc.yaml", "x").span(line)


@settings(max_examples=300, deadline=None)
@given(_nodes)
def test_a_plain_schema_holds_what_the_keyword_built_one_held(node: dict[str, Any]) -> None:
    reader, span = _reader(), _span(7)
    assert _all_fields(reader._plain(node, 1, 0, span)) == _all_fields(
        _plain_by_keywords(reader, node, span)
    )


def test_every_flag_and_annotation_lands_in_its_field() -> None:
    node = {
        "type": "string", "format": "uuid", "nullable": True, "const": "c", "description": "d",
        "title": "t", "default": "x", "examples": ["e"], "deprecated": True, "readOnly": True,
        "writeOnly": True, "minLength": 1, "pattern": "^a",
    }  # fmt: skip
    schema = _reader()._plain(node, 1, 0, _span(3))
    assert (schema.format, schema.title, schema.description, schema.example) == (
        "uuid",
        "t",
        "d",
        "e",
    )
    assert schema.nullable and schema.deprecated and schema.read_only and schema.write_only
    assert schema.const == "c" and schema.default == "x" and schema.constraints.min_length == 1
    assert schema.ref is None and schema.discriminator is None and not schema.exclusive
    assert schema.source.line == 3


def test_parameters_by_position_hold_what_keywords_held() -> None:
    raw = [
        {"name": "id", "in": "path", "schema": {"type": "string", "description": "sd"}},
        {"name": "q", "in": "query", "required": True, "description": " qd ", "deprecated": True,
         "example": 5, "schema": {"type": "integer"}},
        {"name": "h", "in": "header"},
    ]  # fmt: skip
    text = json.dumps({"openapi": "3.1.0", "paths": {"/x/{id}": {"get": {"parameters": raw}}}})
    (op,) = openapi.read(SourceDoc("a.json", text)).fragment.operations
    for node, got in zip(raw, op.parameters, strict=True):
        location = ParamLocation(node["in"])
        by_keywords = Parameter(
            wire_name=node["name"],
            location=location,
            schema=got.schema,  # read by the schema reader, not at issue here
            required=node.get("required") is True or location is ParamLocation.PATH,
            description=(node.get("description") or "").strip() or got.schema.description,
            deprecated=node.get("deprecated") is True,
            example=node.get("example", MISSING),
            source=got.source,
        )
        assert _all_fields(got) == _all_fields(by_keywords)
    assert [p.description for p in op.parameters] == ["sd", "qd", None]


# -- naming by position ----------------------------------------------------------------------


def test_naming_builds_what_with_changes_builds() -> None:
    for node, named in (
        (_sample(Property, 1), named_property),
        (_sample(Parameter, 1), named_parameter),
    ):
        got = named(node, "new_name")
        assert _all_fields(got) == _all_fields(with_changes(node, py_name="new_name"))
        assert type(got) is type(node)
        assert named(node, node.py_name) is node  # unchanged: kept, as with_changes keeps it


# -- detection, looked at once ---------------------------------------------------------------


def test_the_kept_detection_is_that_documents_own() -> None:
    json_doc = SourceDoc("a.json", '{"openapi": "3.1.0", "paths": {}}')
    yaml_doc = SourceDoc("b.yaml", "paths: {}\nopenapi: 3.0.1\n")
    prose = SourceDoc("c.md", "# Hello\n\nno API here\n")
    for doc in (json_doc, yaml_doc, prose, json_doc, SourceDoc("a.json", json_doc.text)):
        fresh = openapi_detect._look_at_whole_file(doc)
        assert openapi_detect.whole_file(doc) == fresh
        assert openapi_detect.whole_file(doc) == fresh  # asked again: kept
    assert "JSON" in (openapi.detect(json_doc) or "") and "3.0" in (openapi.detect(yaml_doc) or "")
    assert openapi.detect(prose) is None
    assert openapi.read(yaml_doc).why == openapi.detect(yaml_doc)
