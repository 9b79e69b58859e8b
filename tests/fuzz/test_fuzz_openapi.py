"""Generated OpenAPI documents full of hostile text (issue 7, part 4b).

Hypothesis writes documents (YAML or JSON) whose field names, descriptions, enum values,
examples, defaults, titles, operationIds, parameter and header names and security scheme
names are drawn from unicode text (no surrogates) mixed with control characters, quotes,
backslashes, braces and the injection payloads. Each is read, emitted in-process, checked
statically, then imported and used in a separate process: it must compile, import, keep
every field's wire name as its alias, and round-trip each model by those wire names.
"""

from __future__ import annotations

import json
import string
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from generator.emit.openapi.check import check_export
from generator.emit.openapi.export import api_to_openapi
from generator.pipeline import read_docs

from .hostile_docs import SAFE_SERVER, openapi_yaml
from .payloads import TOKEN_PREFIX, name_payloads, text_payloads
from .static_checks import check_files
from .support import MARKERS, PackageUser, count, emit, fuzz_settings, write_package

TEST = "test_hostile_openapi_documents_build_packages_that_import_and_round_trip"
# Pieces that break strings, comments, templates and identifiers, and odd characters.
SHARP = [
    *"\" ' \\ \"\"\" ''' { } {{ }} {% %s # $ ${x} class __init__ self None 0 é имя \U0001f600".split(),
    *["\n", "\r", "\r\n", "\x00", "\x1b", "\x7f", "\u2028", "\x85", "\u202e", "\ufeff"],
]
unicode_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=24)
hostile_text = st.one_of(
    st.sampled_from([t for t in text_payloads(MARKERS) if t]),
    unicode_text,
    st.lists(st.one_of(st.sampled_from(SHARP), unicode_text), min_size=1, max_size=4).map("".join),
)
hostile_name = st.one_of(
    st.sampled_from([n for n in name_payloads(MARKERS) if len(n) < 100]),
    st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=16),
    st.lists(st.sampled_from(SHARP), min_size=1, max_size=3).map("".join),
)
# HTTP header names are tokens: letters, digits and these (quotes and `#` included).
header_name = st.text(
    string.ascii_letters + string.digits + "!#$%&'*+-.^_`|~", min_size=1, max_size=12
)
# A literal path segment: no `{}` (templates), `#`, `?` or `%` (see test_injection.py).
path_segment = st.text(
    string.ascii_letters + string.digits + "-._~!$&'()*+,;=:@\"\\", min_size=1, max_size=10
)


@st.composite
def property_schema(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(
        st.sampled_from(
            ["string", "enum", "integer", "number", "boolean", "nullable", "array", "quirk"]
        )
    )
    schema: dict[str, Any] = {"description": draw(hostile_text)}
    if kind == "string":
        schema |= {"type": "string", "example": draw(hostile_text), "default": draw(hostile_text)}
    elif kind == "enum":
        values = draw(st.lists(hostile_text, min_size=1, max_size=4, unique=True))
        schema |= {"type": "string", "enum": values, "default": values[0]}
    elif kind == "integer":
        schema |= {"type": "integer", "example": draw(st.integers(-(2**70), 2**70))}
    elif kind == "number":
        schema |= {
            "type": "number",
            "default": draw(st.floats(allow_nan=False, allow_infinity=False)),
        }
    elif kind == "boolean":
        schema |= {"type": "boolean", "default": draw(st.booleans())}
    elif kind == "nullable":
        schema |= {
            "type": ["string", "null"],
            "examples": [draw(hostile_text)],
            "title": draw(hostile_text),
        }
    elif kind == "array":
        values = draw(st.lists(hostile_text, min_size=1, max_size=3, unique=True))
        schema |= {"type": "array", "items": {"type": "string", "enum": values}}
    else:  # what hand-written docs get wrong: a default outside its enum or of another type
        values = draw(st.lists(hostile_text, min_size=1, max_size=3, unique=True))
        wrong = draw(st.one_of(hostile_text, st.integers(), st.booleans(), st.none()))
        schema |= draw(
            st.sampled_from(
                [
                    {"type": "string", "enum": values, "default": wrong},
                    {"type": "integer", "default": wrong},
                    {"type": "boolean", "default": wrong},
                ]
            )
        )
    return schema


@st.composite
def hostile_document(draw: st.DrawFn) -> tuple[dict[str, Any], list[str]]:
    names = draw(st.lists(hostile_name, min_size=1, max_size=6, unique=True))
    record: dict[str, Any] = {
        "type": "object",
        "description": draw(hostile_text),
        "properties": {n: draw(property_schema()) for n in names},
    }
    required = draw(st.lists(st.sampled_from(names), unique=True))
    if required:
        record["required"] = required
    schema_name = draw(hostile_name).replace("~", "~0").replace("/", "~1")
    ref = {"$ref": f"#/components/schemas/{schema_name}"}
    scheme = draw(hostile_name)
    doc = {
        "openapi": "3.1.0",
        "info": {"title": draw(hostile_text), "description": draw(hostile_text), "version": "1"},
        "servers": [{"url": SAFE_SERVER, "description": draw(hostile_text)}],
        "security": [{scheme: []}],
        "components": {
            "securitySchemes": {
                scheme: {
                    "type": "apiKey",
                    "in": "header",
                    "name": draw(header_name),
                    "description": draw(hostile_text),
                }
            },
            "schemas": {schema_name: record},
        },
        "paths": {
            f"/{draw(path_segment)}/{{id}}": {
                "post": {
                    "operationId": draw(hostile_text),
                    "summary": draw(hostile_text),
                    "description": draw(hostile_text),
                    "tags": [draw(hostile_text)],
                    "parameters": [
                        {
                            "name": "id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        },
                        {
                            "name": draw(hostile_name),
                            "in": "query",
                            "description": draw(hostile_text),
                            "schema": draw(property_schema()),
                        },
                        {"name": draw(header_name), "in": "header", "schema": {"type": "string"}},
                    ],
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": ref}},
                    },
                    "responses": {
                        "200": {
                            "description": draw(hostile_text),
                            "content": {"application/json": {"schema": ref}},
                        }
                    },
                }
            }
        },
    }
    return doc, names


_built = 0


@fuzz_settings(max_examples=50)
@given(document=hostile_document(), as_json=st.booleans())
def test_hostile_openapi_documents_build_packages_that_import_and_round_trip(
    document: tuple[dict[str, Any], list[str]],
    as_json: bool,
    fuzz_dir: Path,
    package_user: PackageUser,
) -> None:
    global _built
    count(TEST)
    doc, names = document
    path = fuzz_dir / "openapi" / ("api.json" if as_json else "api.yaml")
    path.parent.mkdir(exist_ok=True)
    # JSON escapes every control character (ensure_ascii), YAML double-quotes them.
    path.write_text(json.dumps(doc, indent=1) if as_json else openapi_yaml(doc), encoding="utf-8")
    read = read_docs([path], root=fuzz_dir)
    assert len(read.api.operations) == 1, [str(d) for d in read.diagnostics]
    # Whatever the document holds, the export is valid: export-invalid is only our own bug.
    assert check_export(api_to_openapi(read.api), "openapi.json") == ()
    _built += 1
    package = f"fuzz_openapi_{_built}"
    files = emit(read.api, package)
    assert check_files(files) == []
    report = package_user.use(write_package(files, fuzz_dir / package), package)
    count(TEST, "packages imported and used")
    assert report["problems"] == [], report["problems"][:2]
    assert report["hit_env"] is None and report["calls"] >= 2
    assert TOKEN_PREFIX not in report["stdout"]
    aliases = [sorted(wire for _name, wire in fields) for fields in report["models"].values()]
    assert sorted(names) in aliases
