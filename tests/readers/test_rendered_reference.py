"""The rendered API-reference reader (Mintlify-style pages: `GET` / `/` / `users` one segment
per line, then samples and "Authorizations" / "Path Parameters" / "Body" / "Response" sections)
on every Gcore and Partoo rendered page of the corpus, including the legacy, SDK-sample and
names-dropped captures. Expected values were read off the pages by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import readers
from generator.diagnostics import Level
from generator.ir import MISSING, AuthKind, Kind, Operation, ParamLocation, Schema
from generator.readers import rendered_reference
from generator.readers.base import ReadResult, SourceDoc

from ..conftest import CORPUS, VENDORS, SEEDS

GCORE = CORPUS / "gcore"
PARTOO = CORPUS / "partoo"
LIST_USERS = GCORE / "cloud-list-users_rendered.txt"
TOKENS = GCORE / "iam-get-all-api-tokens_rendered-legacy.txt"
INVITE_LEGACY = GCORE / "iam-invite-new-user_rendered-legacy.txt"
INVITE_PYTHON = GCORE / "iam-invite-new-user_rendered-python.txt"
UPDATE_PYTHON = GCORE / "iam-update-users-details_rendered-python.txt"
ORG_INFO = PARTOO / "organizations-organization-information_rendered.txt"
DELETE_USER = PARTOO / "users-delete-user_rendered.txt"
INVITE_USER = PARTOO / "users-invite-user_rendered.txt"
INVITE_DROPPED = PARTOO / "users-invite-user_rendered-namesdropped.txt"
SEARCH_DROPPED = PARTOO / "users-search-for-users_rendered-namesdropped.txt"
ALL_PAGES = (
    LIST_USERS,
    TOKENS,
    INVITE_LEGACY,
    INVITE_PYTHON,
    UPDATE_PYTHON,
    ORG_INFO,
    DELETE_USER,
    INVITE_USER,
    INVITE_DROPPED,
    SEARCH_DROPPED,
)


def _read(path: Path) -> ReadResult:
    return rendered_reference.read(SourceDoc(path.name, path.read_text()))


def _op(result: ReadResult) -> Operation:
    (op,) = result.fragment.operations
    return op


def _props(schema: Schema) -> dict[str, Schema]:
    return {p.wire_name: p.schema for p in schema.properties}


def _required(schema: Schema) -> set[str]:
    return {p.wire_name for p in schema.properties if p.required}


def _codes(result: ReadResult) -> list[tuple[str, int]]:
    return [(d.code, d.source.line) for d in result.diagnostics]


def _response_schema(op: Operation, status: str = "200") -> Schema:
    (response,) = [r for r in op.responses if r.status == status]
    assert response.body is not None
    return response.body.schema


# ---- which pages this reader claims -----------------------------------------------------


@pytest.mark.parametrize("page", ALL_PAGES, ids=lambda p: p.name)
def test_the_registry_sends_every_rendered_reference_page_here(page: Path) -> None:
    found = readers.detect(SourceDoc(page.name, page.read_text()))
    assert found is not None and found[0] == "rendered-reference"


# Pinned to the four project vendors' pages, which this detector was written beside.
OTHER_SHAPES = sorted(SEEDS.glob("*.txt")) + sorted(
    p
    for vendor in VENDORS
    for p in (CORPUS / vendor).glob("*.txt")
    if p not in ALL_PAGES
)


@pytest.mark.parametrize("page", OTHER_SHAPES, ids=lambda p: p.name)
def test_gitbook_prose_and_openapi_pages_are_left_to_other_readers(page: Path) -> None:
    assert rendered_reference.detect(SourceDoc(page.name, page.read_text())) is None


def test_detect_names_what_it_saw() -> None:
    why = rendered_reference.detect(SourceDoc("p", LIST_USERS.read_text()))
    assert why is not None and "GET" in why and "line 4" in why and "/cloud/v1/users" in why
    why = rendered_reference.detect(SourceDoc("p", SEARCH_DROPPED.read_text()))
    assert why is not None and "Authorizations" in why and "line 3" in why


# ---- Gcore ----------------------------------------------------------------------------------


def test_gcore_list_users_query_parameters_defaults_ranges_and_sample_items() -> None:
    result = _read(LIST_USERS)
    api, op = result.fragment, _op(result)
    assert (op.method, op.path, op.summary) == ("get", "/cloud/v1/users", "List users")
    assert op.source.line == 4 and api.title == "List users"
    assert [s.url for s in api.servers] == ["https://api.gcore.com"]
    (scheme,) = api.auth
    assert (scheme.kind, scheme.header, scheme.prefix) == (
        AuthKind.API_KEY,
        "Authorization",
        "apikey",
    )
    assert api.security == (scheme.name,)
    params = {p.wire_name: p for p in op.parameters}
    assert list(params) == ["limit", "offset", "user_id"]
    assert all(p.location is ParamLocation.QUERY and not p.required for p in params.values())
    assert all(p.schema.kind is Kind.INTEGER for p in params.values())
    assert (
        params["limit"].schema.default == 1000
        and params["limit"].schema.constraints.maximum == 1000
    )
    assert params["offset"].schema.default == 0 and params["offset"].schema.constraints.minimum == 0
    assert params["limit"].source.line == 39 and params["user_id"].source.line == 53
    assert params["user_id"].description is not None
    assert params["user_id"].description.startswith("User ID for filtering")
    assert op.request_body is None
    (response,) = op.responses
    assert (response.status, response.description) == ("200", "OK")
    body = _response_schema(op)
    assert _required(body) == {"count", "results"}
    fields = _props(body)
    assert fields["count"].kind is Kind.INTEGER and fields["count"].constraints.minimum == 0
    results = fields["results"]
    assert results.kind is Kind.ARRAY and results.items is not None
    assert results.items.kind is Kind.OBJECT and results.title is None
    # the items' fields come from the JSON sample: the page only says "Client users schema"
    assert set(_props(results.items)) == {"activated", "email", "id", "is_admin", "name"}
    assert _props(results.items)["is_admin"].kind is Kind.BOOLEAN
    (example,) = op.examples
    assert (example.method, example.url) == ("GET", "https://api.gcore.com/cloud/v1/users")
    assert ("Authorization", "<api-key>") in example.headers
    assert result.diagnostics == () and result.shape == "rendered-reference"


def test_gcore_legacy_tokens_path_and_query_parameters_and_array_response() -> None:
    result = _read(TOKENS)
    api, op = result.fragment, _op(result)
    assert (op.method, op.path, op.summary) == ("get", "/iam/clients/{clientId}/tokens", None)
    assert [s.url for s in api.servers] == ["https://api.gcore.com"]
    (scheme,) = api.auth
    assert (scheme.header, scheme.prefix, scheme.location) == ("APIKey", None, "header")
    params = [(p.wire_name, p.location, p.schema.kind, p.required) for p in op.parameters]
    assert params == [
        ("clientId", ParamLocation.PATH, Kind.INTEGER, True),
        ("role", ParamLocation.QUERY, Kind.STRING, False),
        ("issued_by", ParamLocation.QUERY, Kind.INTEGER, False),
        ("not_issued_by", ParamLocation.QUERY, Kind.INTEGER, False),
        ("deleted", ParamLocation.QUERY, Kind.BOOLEAN, False),
    ]
    assert op.parameters[0].description == "Account ID."
    (response,) = op.responses
    assert (response.status, response.description) == ("200", "OK.")
    body = _response_schema(op)  # "The response is of type object[]." + the sample
    assert body.kind is Kind.ARRAY and body.items is not None
    token = _props(body.items)
    assert {"name", "description", "client_user", "id", "deleted", "expired", "created"} <= set(
        token
    )
    role = _props(_props(token["client_user"])["role"])
    assert role["id"].kind is Kind.INTEGER and role["name"].kind is Kind.STRING
    assert op.request_body is None


def test_gcore_legacy_invite_body_comes_from_the_curl_data() -> None:
    result = _read(INVITE_LEGACY)
    api, op = result.fragment, _op(result)
    assert (op.method, op.path) == ("post", "/iam/clients/invite_user")
    assert [s.url for s in api.servers] == ["https://api.gcore.com"]
    assert [a.header for a in api.auth] == ["APIKey"]
    assert op.request_body is not None and op.request_body.content_type == "application/json"
    body = op.request_body.schema
    fields = _props(body)
    assert list(fields) == ["email", "user_role", "client_id", "lang", "name"]
    assert fields["client_id"].kind is Kind.INTEGER
    assert set(_props(fields["user_role"])) == {"id", "name"}
    assert _required(body) == set()  # a sample shows fields, it does not say they are required
    assert op.request_body.example["lang"] == "de"
    (response,) = op.responses
    assert response.description == "OK."
    assert {k: s.kind for k, s in _props(_response_schema(op)).items()} == {
        "status": Kind.STRING,
        "user_id": Kind.INTEGER,
    }
    (example,) = op.examples
    assert example.method == "POST" and example.body["client_id"] == 123


def test_gcore_python_invite_fields_enum_and_no_server() -> None:
    result = _read(INVITE_PYTHON)
    api, op = result.fragment, _op(result)
    assert (op.method, op.path) == ("post", "/iam/clients/invite_user")
    assert api.servers == ()  # the SDK sample shows no URL
    assert ("no-server", 3) in _codes(result) and ("sample-not-read", 10) in _codes(result)
    assert (10, "Python") in result.unread
    (scheme,) = api.auth
    assert (scheme.header, scheme.prefix) == ("Authorization", "apikey")
    assert op.request_body is not None and op.request_body.required
    body = op.request_body.schema
    fields = _props(body)
    assert list(fields) == ["email", "user_role", "client_id", "lang", "name"]
    assert _required(body) == {"email", "user_role", "client_id"}
    assert (fields["email"].kind, fields["email"].format) == (Kind.STRING, "email")
    assert fields["user_role"].kind is Kind.OBJECT and fields["client_id"].kind is Kind.INTEGER
    assert fields["lang"].enum == ("de", "en", "ru", "zh", "az")
    assert fields["lang"].description is not None and "language" in fields["lang"].description
    response = _response_schema(op)
    assert _required(response) == {"status", "user_id"}
    assert _props(response)["user_id"].kind is Kind.INTEGER
    assert op.examples == ()
    assert all(d.level is not Level.ERROR for d in result.diagnostics)


def test_gcore_python_update_nullable_fields_and_text_plus_sample_response() -> None:
    result = _read(UPDATE_PYTHON)
    api, op = result.fragment, _op(result)
    assert (op.method, op.path) == ("patch", "/iam/users/{userId}")
    assert api.servers == () and ("no-server", 3) in _codes(result)
    (param,) = op.parameters
    assert (param.wire_name, param.location, param.schema.kind, param.required) == (
        "userId",
        ParamLocation.PATH,
        Kind.INTEGER,
        True,
    )
    assert param.source.line == 67
    assert op.request_body is not None
    body = op.request_body.schema
    fields = _props(body)
    assert list(fields) == ["email", "name", "lang", "phone", "company", "groups", "auth_types"]
    assert _required(body) == set()
    assert fields["name"].nullable and fields["phone"].nullable and not fields["email"].nullable
    assert fields["groups"].kind is Kind.ARRAY and fields["groups"].items is not None
    assert fields["groups"].items.kind is Kind.OBJECT
    assert fields["auth_types"].items is not None and fields["auth_types"].items.kind is Kind.STRING
    response = _props(_response_schema(op))
    # the text lists fields down to `client` (the capture is cut there), the sample the rest
    assert list(response)[:8] == [
        "id",
        "email",
        "name",
        "lang",
        "phone",
        "company",
        "reseller",
        "client",
    ]
    assert response["client"].kind is Kind.NUMBER and response["name"].nullable
    assert {"deleted", "two_fa", "client_and_roles", "is_active"} <= set(response)
    roles = response["client_and_roles"].items
    assert roles is not None and "user_roles" in _props(roles)


# ---- Partoo ---------------------------------------------------------------------------------


def test_partoo_org_info_server_keeps_the_version_prefix_and_field_notes() -> None:
    result = _read(ORG_INFO)
    api, op = result.fragment, _op(result)
    assert (op.method, op.path, op.summary) == ("get", "/org/{org_id}", "Organization information")
    # the sample URL is https://api.partoo.co/v2/org/{org_id}: /v2 belongs to the server
    assert [s.url for s in api.servers] == ["https://api.partoo.co/v2"]
    (scheme,) = api.auth
    assert (scheme.kind, scheme.header, scheme.prefix) == (AuthKind.API_KEY, "x-APIKey", None)
    (param,) = op.parameters
    assert (param.wire_name, param.location, param.schema.kind, param.required) == (
        "org_id",
        ParamLocation.PATH,
        Kind.INTEGER,
        True,
    )
    (response,) = op.responses
    assert (response.status, response.description) == ("200", "OK")
    fields = _props(_response_schema(op))
    assert list(fields)[:8] == [
        "org_id",
        "name",
        "alias",
        "provider",
        "type",
        "features",
        "org_features",
        "last_org_api_call",
    ]
    assert "max_businesses" in fields  # only in the JSON sample: the page is cut before it
    assert fields["org_id"].example == 42 and fields["name"].example == "Fast Retailer"
    assert fields["type"].enum == ("small_medium_business", "enterprise")
    assert fields["type"].default == "small_medium_business"
    assert fields["features"].kind is Kind.ARRAY and fields["features"].items is not None
    assert fields["features"].items.kind is Kind.STRING
    assert fields["features"].example[0] == "business_edition"
    assert (59, "Organization") in result.unread  # a schema title over the fields


def test_partoo_delete_user() -> None:
    result = _read(DELETE_USER)
    api, op = result.fragment, _op(result)
    assert (op.method, op.path, op.summary) == ("delete", "/user/{user_id}", "Delete user")
    assert [s.url for s in api.servers] == ["https://api.partoo.co/v2"]
    assert [a.header for a in api.auth] == ["x-APIKey"]
    (param,) = op.parameters
    assert (param.wire_name, param.schema.kind, param.required) == ("user_id", Kind.STRING, True)
    assert op.request_body is None
    fields = _props(_response_schema(op))
    assert fields["id"].kind is Kind.STRING and fields["id"].example == "5309c3a237bbc544d8e26737"
    assert fields["status"].enum == ("success",)
    assert result.diagnostics == ()


def test_partoo_invite_user_has_no_body() -> None:
    result = _read(INVITE_USER)
    api, op = result.fragment, _op(result)
    assert (op.method, op.path, op.summary) == ("post", "/user/{user_id}/invite", "Invite user")
    assert [s.url for s in api.servers] == ["https://api.partoo.co/v2"]
    assert [(p.wire_name, p.location) for p in op.parameters] == [("user_id", ParamLocation.PATH)]
    assert op.request_body is None
    (response,) = op.responses
    fields = _props(_response_schema(op))
    assert list(fields) == ["status"] and fields["status"].enum == ("success",)
    assert fields["status"].description == "Request status"
    assert response.envelope is None


def test_partoo_invite_names_dropped_reports_each_unnamed_line() -> None:
    result = _read(INVITE_DROPPED)
    assert result.fragment.operations == ()  # "POST" but no path and no sample URL
    codes = _codes(result)
    assert ("no-method-path", 7) in codes
    # the credential's name is gone, but its description names the header
    assert [a.header for a in result.fragment.auth] == ["x-APIKey"]
    assert ("auth-name-from-text", 10) in codes
    unnamed = sorted(line for code, line in codes if code == "field-name-missing")
    assert unnamed == [12, 15, 16, 17]  # "User id"; "Request status", "Available options:", ...
    assert (12, "User id") in result.unread
    assert all(d.level is Level.WARNING for d in result.diagnostics)


def test_partoo_search_names_dropped_reports_each_unnamed_query_line() -> None:
    result = _read(SEARCH_DROPPED)
    assert result.fragment.operations == ()
    codes = _codes(result)
    assert ("no-method-path", 1) in codes
    assert [a.header for a in result.fragment.auth] == ["x-APIKey"]
    unnamed = sorted(line for code, line in codes if code == "field-name-missing")
    assert unnamed == list(range(6, 20))
    assert (6, "Filter by email") in result.unread


# ---- odd input --------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "GET\n", "GET\n/\n", "Authorizations\n\nBody\n", "\x00" * 3])
def test_odd_input_never_raises(text: str) -> None:
    result = rendered_reference.read(SourceDoc("odd.txt", text))
    assert result.fragment.operations == ()
    assert any(d.code == "no-method-path" for d in result.diagnostics)


def test_a_response_sample_cut_short_is_reported_with_its_line() -> None:
    lines = LIST_USERS.read_text().splitlines()
    cut = "\n".join(lines[:20])  # the JSON sample opens on line 15 and never closes
    result = rendered_reference.read(SourceDoc("cut.txt", cut))
    op = _op(result)
    assert (op.method, op.path) == ("get", "/cloud/v1/users")
    assert ("cut-short", 15) in _codes(result)
    assert op.responses == () and op.examples[0].body is MISSING
