"""generator.evolve.diff.compare on OpenAPI documents: every rule of what breaks a client user, $ref and
allOf flattening, nullability spelled three ways, recursion, source locations; and
generator.evolve.versioning: semver bumps and CHANGELOG entries."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.evolve.diff.changes import Severity
from generator.evolve.diff.compare import Change, diff_openapi, overall, render
from generator.evolve.diff.locations import ir_locations
from generator.emit.openapi.export import api_to_openapi
from generator.pipeline import read_docs
from generator.evolve.versioning import Release, bump, changelog_text, decide

from .conftest import seed

Doc = dict[str, Any]


def _doc() -> Doc:
    item = {
        "type": "object",
        "required": ["id", "name"],
        "properties": {
            "id": {"type": "string"},
            "name": {"type": "string", "description": "Shown name"},
            "kind": {"$ref": "#/components/schemas/Kind"},
            "tags": {"type": "array", "items": {"type": "string"}},
            "parent": {"$ref": "#/components/schemas/Item"},
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "servers": [{"url": "https://a.example"}, {"url": "https://b.example", "description": "B"}],
        "security": [{"Key": []}],
        "paths": {
            "/items": {
                "get": {
                    "operationId": "listItems",
                    "x-docs2sdk-name": "items.list",
                    "tags": ["Items"],
                    "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer"}}],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/ItemList"}
                                }
                            },
                        }
                    },
                },
                "post": {
                    "operationId": "createItem",
                    "tags": ["Items"],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/ItemCreate"}
                            }
                        },
                    },
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Item"}
                                }
                            },
                        },
                        "400": {
                            "description": "bad",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {"detail": {"type": "string"}},
                                    }
                                }
                            },
                        },
                    },
                },
            }
        },
        "components": {
            "schemas": {
                "Item": item,
                "Kind": {"type": "string", "enum": ["a", "b"]},
                "ItemBase": {
                    "type": "object",
                    "properties": {
                        "name": {"type": "string"},
                        "kind": {"$ref": "#/components/schemas/Kind"},
                    },
                },
                "ItemCreate": {
                    "allOf": [
                        {"$ref": "#/components/schemas/ItemBase"},
                        {"type": "object", "properties": {"extra": {"type": "string"}}},
                    ],
                    "required": ["name"],
                },
                "ItemList": {
                    "type": "object",
                    "properties": {
                        "items": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}}
                    },
                },
            },
            "securitySchemes": {"Key": {"type": "apiKey", "in": "header", "name": "X-Key"}},
        },
    }


def _schemas(d: Doc) -> Doc:
    return d["components"]["schemas"]  # type: ignore[no-any-return]


def _get(d: Doc) -> Doc:
    return d["paths"]["/items"]["get"]  # type: ignore[no-any-return]


def _post(d: Doc) -> Doc:
    return d["paths"]["/items"]["post"]  # type: ignore[no-any-return]


RULES: list[tuple[str, Callable[[Doc], None], Severity, str]] = [
    (
        "operation removed",
        lambda d: d["paths"]["/items"].pop("get"),
        Severity.BREAKING,
        "GET /items: operation removed",
    ),
    (
        "operation added",
        lambda d: d["paths"].update({"/x": {"delete": {"responses": {}}}}),
        Severity.FEATURE,
        "DELETE /x: operation added",
    ),
    (
        "parameter removed",
        lambda d: _get(d).pop("parameters"),
        Severity.BREAKING,
        "GET /items: parameter `limit` (query) removed",
    ),
    (
        "required parameter added",
        lambda d: _get(d)["parameters"].append(
            {"name": "q", "in": "query", "required": True, "schema": {"type": "string"}}
        ),
        Severity.BREAKING,
        "GET /items: required parameter `q` (query) added",
    ),
    (
        "optional parameter added",
        lambda d: _get(d)["parameters"].append(
            {"name": "q", "in": "query", "schema": {"type": "string"}}
        ),
        Severity.FEATURE,
        "GET /items: optional parameter `q` (query) added",
    ),
    (
        "parameter now required",
        lambda d: _get(d)["parameters"][0].update(required=True),
        Severity.BREAKING,
        "GET /items: parameter `limit` (query) is now required",
    ),
    (
        "parameter type",
        lambda d: _get(d)["parameters"][0].update(schema={"type": "string"}),
        Severity.BREAKING,
        "GET /items: parameter `limit` (query): type changed from integer to string",
    ),
    (
        "required request field added (allOf part)",
        lambda d: (
            _schemas(d)["ItemCreate"]["allOf"][1]["properties"].update(code={"type": "string"}),
            _schemas(d)["ItemCreate"]["required"].append("code"),
        ),
        Severity.BREAKING,
        "POST /items: required request field `code` added",
    ),
    (
        "optional request field added",
        lambda d: _schemas(d)["ItemBase"]["properties"].update(note={"type": "string"}),
        Severity.FEATURE,
        "POST /items: optional request field `note` added",
    ),
    (
        "request field now required",
        lambda d: _schemas(d)["ItemCreate"]["required"].append("extra"),
        Severity.BREAKING,
        "POST /items: request field `extra` is now required",
    ),
    (
        "request field removed",
        lambda d: _schemas(d)["ItemCreate"]["allOf"].pop(),
        Severity.BREAKING,
        "POST /items: request field `extra` removed",
    ),
    (
        "response field removed",
        lambda d: _schemas(d)["Item"]["properties"].pop("tags"),
        Severity.BREAKING,
        "POST /items: response 200 field `tags` removed",
    ),
    (
        "nested response field removed",
        lambda d: _schemas(d)["Item"]["properties"].pop("tags"),
        Severity.BREAKING,
        "GET /items: response 200 field `items[].tags` removed",
    ),
    (
        "response field added",
        lambda d: _schemas(d)["Item"]["properties"].update(size={"type": "integer"}),
        Severity.FEATURE,
        "POST /items: response 200 field `size` added",
    ),
    (
        "response field nullable (type list)",
        lambda d: _schemas(d)["Item"]["properties"]["name"].update(type=["string", "null"]),
        Severity.BREAKING,
        "POST /items: response 200 field `name` may now be null",
    ),
    (
        "response field nullable (anyOf)",
        lambda d: _schemas(d)["Item"]["properties"].update(
            kind={"anyOf": [{"$ref": "#/components/schemas/Kind"}, {"type": "null"}]}
        ),
        Severity.BREAKING,
        "POST /items: response 200 field `kind` may now be null",
    ),
    (
        "response field may be missing",
        lambda d: _schemas(d)["Item"]["required"].remove("id"),
        Severity.BREAKING,
        "POST /items: response 200 field `id` may now be missing (no longer required)",
    ),
    (
        "response type changed",
        lambda d: _schemas(d)["Item"]["properties"]["id"].update(type="integer"),
        Severity.BREAKING,
        "POST /items: response 200 field `id`: type changed from string to integer",
    ),
    (
        "array item type changed",
        lambda d: _schemas(d)["Item"]["properties"]["tags"]["items"].update(type="integer"),
        Severity.BREAKING,
        "POST /items: response 200 field `tags[]`: type changed",
    ),
    (
        "request enum narrowed",
        lambda d: _schemas(d)["Kind"]["enum"].remove("b"),
        Severity.BREAKING,
        "POST /items: request field `kind`: enum values removed: `b`",
    ),
    (
        "response enum narrowed is not breaking",
        lambda d: _schemas(d)["Kind"]["enum"].remove("b"),
        Severity.PATCH,
        "POST /items: response 200 field `kind`: enum values no longer returned: `b`",
    ),
    (
        "enum widened",
        lambda d: _schemas(d)["Kind"]["enum"].append("c"),
        Severity.FEATURE,
        "POST /items: request field `kind`: enum values added: `c`",
    ),
    (
        "error response field removed is not breaking",
        lambda d: d["paths"]["/items"]["post"]["responses"]["400"]["content"]["application/json"][
            "schema"
        ]["properties"].pop("detail"),
        Severity.PATCH,
        "POST /items: response 400 field `detail` removed",
    ),
    (
        "description only",
        lambda d: _schemas(d)["Item"]["properties"]["name"].update(description="Name"),
        Severity.PATCH,
        "POST /items: description of response 200 field `name` changed",
    ),
    (
        "operationId renamed",
        lambda d: _get(d).update(operationId="allItems"),
        Severity.BREAKING,
        "GET /items: operationId changed from `listItems` to `allItems`",
    ),
    (
        "SDK name changed",
        lambda d: _get(d).update({"x-docs2sdk-name": "items.all"}),
        Severity.BREAKING,
        "GET /items: renamed from `client.items.list()` to `client.items.all()`",
    ),
    (
        "SDK name first recorded",
        lambda d: _post(d).update({"x-docs2sdk-name": "items.create"}),
        Severity.BREAKING,
        "POST /items: now `client.items.create()` (the previous export did not record SDK names: it may be renamed)",
    ),
    (
        "auth header changed",
        lambda d: d["components"]["securitySchemes"]["Key"].update(name="Api-Key"),
        Severity.BREAKING,
        "API: auth scheme `Key` changed",
    ),
    (
        "auth description only",
        lambda d: d["components"]["securitySchemes"]["Key"].update(description="k"),
        Severity.PATCH,
        "API: description of auth scheme `Key` changed",
    ),
    (
        "server removed",
        lambda d: d["servers"].pop(),
        Severity.BREAKING,
        "API: server https://b.example removed",
    ),
    (
        "server added",
        lambda d: d["servers"].append({"url": "https://c.example"}),
        Severity.FEATURE,
        "API: server https://c.example added",
    ),
    (
        "model removed",
        lambda d: (_schemas(d).pop("ItemList"), _get(d)["responses"].pop("200")),
        Severity.BREAKING,
        "API: model `ItemList` removed",
    ),
]


@pytest.mark.parametrize(
    ("name", "mutate", "severity", "expected"), RULES, ids=[r[0] for r in RULES]
)
def test_each_rule(
    name: str, mutate: Callable[[Doc], None], severity: Severity, expected: str
) -> None:
    old, new = _doc(), _doc()
    mutate(new)
    changes = diff_openapi(old, new)
    found = [c for c in changes if c.text().startswith(expected)]
    assert found, "\n".join(render(changes))
    assert found[0].severity is severity


def test_request_nullability_reads_the_other_way() -> None:
    old = _doc()
    _schemas(old)["ItemBase"]["properties"]["name"]["type"] = ["string", "null"]
    new = _doc()
    texts = {c.text(): c.severity for c in diff_openapi(old, new)}
    assert texts["POST /items: request field `name` no longer accepts null"] is Severity.BREAKING
    texts = {c.text(): c.severity for c in diff_openapi(new, old)}
    assert texts["POST /items: request field `name` now accepts null"] is Severity.PATCH


def test_no_change_and_unlisted_changes() -> None:
    assert diff_openapi(_doc(), _doc()) == [] and overall([]) is None
    new = _doc()
    _schemas(new)["Item"]["properties"]["id"]["examples"] = [
        "x1"
    ]  # an example: not a listed aspect
    changes = diff_openapi(_doc(), new)
    assert [(c.severity, c.aspect) for c in changes] == [(Severity.PATCH, "other")]


def test_recursive_models_end_and_order_is_breaking_first() -> None:
    new = _doc()
    _schemas(new)["Item"]["properties"].pop("tags")
    _schemas(new)["Kind"]["enum"].append("c")
    _schemas(new)["Item"]["properties"]["name"]["description"] = "renamed"
    changes = diff_openapi(_doc(), new)  # Item.parent is Item: must not recurse forever
    severities = [c.severity for c in changes]
    assert severities == sorted(
        severities, key=lambda s: {"breaking": 0, "feature": 1, "patch": 2}[s.value]
    )
    assert overall(changes) is Severity.BREAKING
    assert not any("parent.parent" in c.message for c in changes)
    assert diff_openapi(_doc(), new) == changes  # deterministic


def test_locations_name_the_old_export_or_the_new_page() -> None:
    new = _doc()
    _schemas(new)["Item"]["properties"].pop("tags")
    _schemas(new)["Item"]["properties"]["size"] = {"type": "integer"}
    locations = {
        "POST /items response 200 size": "specs/x/sources/p.md:42",
        "POST /items": "specs/x/p.md:1",
    }
    changes = {
        c.text(): c for c in diff_openapi(_doc(), new, locations=locations, old_label="old.json")
    }
    removed = changes["POST /items: response 200 field `tags` removed"]
    assert removed.location == "old.json#/components/schemas/Item/properties/tags"
    assert (
        changes["POST /items: response 200 field `size` added"].location
        == "specs/x/sources/p.md:42"
    )
    nested = changes["GET /items: response 200 field `items[].size` added"]
    assert nested.location == ""  # GET /items has no entry in this map: nothing made up
    assert removed.to_json()["section"] == "breaking" and isinstance(removed, Change)


def test_ir_locations_from_a_real_page(tmp_path: Path) -> None:
    page = tmp_path / "create-user.md"
    page.write_text(seed("004").read_text())
    api = read_docs([page], tmp_path).api
    where = ir_locations(api)
    lines = page.read_text().splitlines()
    assert where["POST /user"].startswith("create-user.md:")
    email = int(where["POST /user request email"].rsplit(":", 1)[1])
    assert lines[email - 1].strip() == "email:"
    assert "POST /user response 200 id" in where
    # End to end on the export: an added request field is located on its page line.
    new_page = page.read_text().replace(
        "                email:\n",
        "                nickname:\n                  type: string\n" "                email:\n",
    )
    (tmp_path / "new.md").write_text(new_page)
    new_api = read_docs([tmp_path / "new.md"], tmp_path).api
    changes = diff_openapi(
        api_to_openapi(api), api_to_openapi(new_api), locations=ir_locations(new_api)
    )
    added = next(c for c in changes if "nickname" in c.message)
    line = int(added.location.rsplit(":", 1)[1])
    assert (
        added.location.startswith("new.md:")
        and new_page.splitlines()[line - 1].strip() == "nickname:"
    )


@pytest.mark.parametrize(
    ("version", "severity", "expected"),
    [
        ("0.1.0", Severity.BREAKING, "1.0.0"),
        ("1.4.2", Severity.BREAKING, "2.0.0"),
        ("1.4.2", Severity.FEATURE, "1.5.0"),
        ("1.4.2", Severity.PATCH, "1.4.3"),
        ("1.4.2", None, "1.4.2"),
    ],
)
def test_bump(version: str, severity: Severity | None, expected: str) -> None:
    assert bump(version, severity) == expected


def test_changelog_first_unchanged_and_prepended() -> None:
    new = _doc()
    first = decide(None, new, None, initial="0.1.0", locations={}, old_label="o", shown="o")
    assert first == Release("0.1.0", None)
    text = changelog_text(
        None, first, new, distribution="acme-docs2sdk", sources_label="specs/acme/"
    )
    assert text is not None and "## 0.1.0\n\nFirst generated version: 2 operations.\n" in text
    assert "- `GET /items` (listItems)\n- `POST /items` (createItem)\n" in text
    same = decide(new, new, "0.1.0", initial="0.1.0", locations={}, old_label="o", shown="o")
    assert (
        not same.bumped
        and changelog_text(text, same, new, distribution="d", sources_label="s") == text
    )
    assert (
        changelog_text(None, same, new, distribution="d", sources_label="s") is None
    )  # older packages
    changed = _doc()
    _schemas(changed)["Item"]["properties"].pop("tags")
    _schemas(changed)["Item"]["properties"]["name"]["description"] = "Name"
    release = decide(
        new, changed, "0.1.0", initial="0.1.0", locations={}, old_label="o.json", shown="o"
    )
    assert release.version == "1.0.0" and release.bumped
    assert release.note() == "version 0.1.0 -> 1.0.0 (2 breaking, 2 docs)"
    updated = changelog_text(text, release, changed, distribution="d", sources_label="s")
    assert updated is not None and updated.startswith(text[: text.index("## 0.1.0")] + "## 1.0.0\n")
    assert updated.endswith(text[text.index("## 0.1.0") :])
    assert (
        "### Breaking changes\n\n- `GET /items`: response 200 field `items[].tags` removed "
        "(was `o.json#/components/schemas/Item/properties/tags` in 0.1.0)\n" in updated
    )
    assert "### Documentation\n\n" in updated
    hand = "# My log\n\nNotes kept by hand.\n"  # no version heading yet: the entry goes at the end
    appended = changelog_text(hand, release, changed, distribution="d", sources_label="s")
    assert appended is not None and appended.startswith(hand + "\n## 1.0.0\n")


def test_diff_and_versioning_are_pure() -> None:
    old, new = _doc(), _doc()
    _schemas(new)["Kind"]["enum"].remove("b")
    frozen = copy.deepcopy((old, new))
    diff_openapi(old, new)
    assert (old, new) == frozen  # the inputs are never changed
