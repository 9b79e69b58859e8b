"""The rendered-text reader on GitBook pages captured as text: seed 001 and the OnChainPay corpus.

Expected values were read off the pages by hand (line numbers are the pages' own).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import readers
from generator.diagnostics import Level
from generator.ir import MISSING, AuthKind, Envelope, Kind, Operation, Schema
from generator.readers import rendered_text
from generator.readers.base import ReadResult, SourceDoc
from tests.conftest import CORPUS, seed

OCP = CORPUS / "onchainpay"
SERVER = "https://ocp.onchainpay.io"


def doc_of(path: Path) -> SourceDoc:
    return SourceDoc(path.name, path.read_text(encoding="utf-8"))


def read(path: Path) -> ReadResult:
    return rendered_text.read(doc_of(path))


def only_op(result: ReadResult) -> Operation:
    assert len(result.fragment.operations) == 1
    return result.fragment.operations[0]


def body_props(op: Operation) -> dict[str, tuple[Schema, bool]]:
    assert op.request_body is not None
    return {p.wire_name: (p.schema, p.required) for p in op.request_body.schema.properties}


def payload(op: Operation, status: str = "200") -> Schema:
    """What the envelope of a response carries (the scorer looks into `response` too)."""
    resp = next(r for r in op.responses if r.status == status)
    assert resp.envelope == Envelope("success", "response", "error")
    assert resp.body is not None
    inner = resp.body.schema.find_property("response")
    assert inner is not None
    return inner.schema


def kinds(schema: Schema) -> dict[str, str]:
    return {
        p.wire_name: p.schema.kind.value + ("|null" if p.schema.nullable else "")
        for p in schema.properties
    }


def codes(result: ReadResult, level: Level | None = None) -> list[tuple[str, int]]:
    return [
        (d.code, d.source.line) for d in result.diagnostics if level is None or d.level is level
    ]


def assert_signature_auth(result: ReadResult) -> None:
    api = result.fragment
    assert [(a.kind, a.header, a.extra_headers) for a in api.auth] == [
        (AuthKind.HMAC, "x-api-public-key", ("x-api-signature",))
    ]
    assert api.security == (api.auth[0].name,)
    assert [s.url for s in api.servers] == [SERVER]
    op = only_op(result)
    # The key pair is auth, Content-type is transport: neither stays a header parameter.
    assert [p.wire_name for p in op.parameters] == []


# seed 001 ----------------------------------------------------------------------------------


def test_seed_001_is_detected_as_rendered_text_by_the_registry() -> None:
    found = readers.detect(doc_of(seed("001")))
    assert found is not None
    shape, why = found
    assert shape == "rendered-text"
    assert "x-api-public-keystringOptional" in why and "HTTP/1.1" in why


def test_seed_001_operation_title_and_prose() -> None:
    result = read(seed("001"))
    op = only_op(result)
    assert (op.method, op.path) == ("post", "/partner/api/create-user")
    assert op.source.line == 211
    assert result.fragment.title == "Create user"
    assert op.summary == "Create user"  # line 119, after the breadcrumbs, not "API Documentation"
    assert op.description is not None
    assert op.description.startswith("The method allows you to create a user.")
    assert result.shape == "rendered-text"
    assert_signature_auth(result)


def test_seed_001_request_body() -> None:
    op = only_op(read(seed("001")))
    props = body_props(op)
    assert list(props) == ["email"]
    email, required = props["email"]
    assert (email.kind, required) == (Kind.STRING, True)
    assert email.example == "my-client@example.com"  # line 206
    assert email.description == "User's email"
    assert op.request_body is not None
    assert op.request_body.required
    assert op.request_body.description == "The body of the user creation request"
    assert op.request_body.content_type == "application/json"


def test_seed_001_response_envelope_table_and_sample_combined() -> None:
    op = only_op(read(seed("001")))
    assert [(r.status, r.description) for r in op.responses] == [("200", "Success")]
    assert op.responses[0].source.line == 208
    inner = payload(op)
    got = kinds(inner)
    # Table rows first (lines 153-175), then what only the sample shows (lines 227-230).
    assert list(got) == [
        "id",
        "email",
        "password",
        "lastLoginAt",
        "utm",
        "createdAt",
        "updatedAt",
        "confirmedAt",
    ]
    assert got["lastLoginAt"] == "string|null"  # "String or null" in the table, null in the sample
    assert got["id"] == got["createdAt"] == "string"
    last = inner.find_property("lastLoginAt")
    assert last is not None and last.schema.description == (
        "Date of the user's last login via the web interface"
    )
    password = inner.find_property("password")
    assert password is not None and password.schema.example == "sCPJUXnBrJ"


def test_seed_001_request_sample_is_kept_as_an_example() -> None:
    op = only_op(read(seed("001")))
    (example,) = op.examples
    assert example.method == "POST"
    assert example.url == SERVER + "/partner/api/create-user"
    assert example.body == {"email": "my-client@example.com"}
    assert ("Content-Type", "application/json") in example.headers
    assert example.source.line == 211


def test_seed_001_reads_cleanly() -> None:
    result = read(seed("001"))
    assert codes(result, Level.WARNING) == [] and codes(result, Level.ERROR) == []
    assert result.unread == ()


# corpus pages ------------------------------------------------------------------------------


def test_create_api_keys_joins_table_and_rendered_block() -> None:
    result = read(OCP / "create-api-keys_rendered.txt")
    op = only_op(result)
    assert (op.method, op.path, op.summary) == (
        "post",
        "/partner/api/create-api-keys",
        "Create API key",
    )
    assert_signature_auth(result)
    props = body_props(op)
    assert {k: (v.kind.value, r) for k, (v, r) in props.items()} == {
        "userId": ("string", True),
        "organizationId": ("string", True),  # only in the rendered block (line 97)
        "alias": ("string", True),
    }
    assert props["organizationId"][0].example == "a61799b2-cd0c-47fd-a7f0-216b2be184c7"
    assert props["alias"][0].description == "Alias"  # the prose table (line 31) wins
    assert kinds(payload(op)) == {
        "id": "string",
        "public": "string",
        "secret": "string",
        "alias": "string",
        "createdAt": "string",
    }
    assert result.unread == ()


def test_get_users_nested_user_object_table_and_required_disagreement() -> None:
    result = read(OCP / "get-users_rendered.txt")
    op = only_op(result)
    assert (op.method, op.path, op.summary) == ("post", "/partner/api/get-users", "Get all users")
    assert op.description == "The method allows you to get all users"
    assert_signature_auth(result)
    props = body_props(op)
    # userId is only in the prose table; limit/offset are integers in the rendered block.
    assert {k: (v.kind.value, r) for k, (v, r) in props.items()} == {
        "limit": ("integer", True),
        "offset": ("integer", True),
        "userId": ("string", True),
    }
    # The table says "Yes" (lines 27, 35), the rendered block "Optional" (lines 126, 130).
    assert codes(result, Level.INFO) == [("required-disagrees", 126), ("required-disagrees", 130)]
    inner = payload(op)
    assert kinds(inner) == {"users": "array", "total": "number"}
    users = inner.find_property("users")
    assert users is not None and users.schema.items is not None
    user = kinds(users.schema.items)
    # "User object:" (line 61) describes the items; the sample adds password and updatedAt.
    assert list(user) == [
        "id",
        "email",
        "utm",
        "createdAt",
        "confirmedAt",
        "lastLoginAt",
        "password",
        "updatedAt",
    ]
    assert user["confirmedAt"] == "string|null" and user["utm"] == "string|null"
    assert user["lastLoginAt"] == "string|null"  # "String" in the table, null in the sample


def test_orders_list_compact_page() -> None:
    result = read(OCP / "orders-list_rendered-compact.txt")
    op = only_op(result)
    assert (op.method, op.path) == ("post", "/api-gateway/orders")
    assert op.summary == "Getting a list of orders"
    assert op.description == "The method allows you to get a list of orders"
    assert_signature_auth(result)
    props = body_props(op)
    assert {k: (v.kind.value, r) for k, (v, r) in props.items()} == {
        "limit": ("integer", False),
        "offset": ("integer", False),
        "status": ("array", False),  # only in the request sample (line 29)
    }
    assert props["limit"][0].description == "Number of elements per page"
    assert op.request_body is not None
    assert op.request_body.description == "Request body for getting a list of orders"
    inner = payload(op)
    assert kinds(inner) == {"orders": "array", "total": "string"}
    orders = inner.find_property("orders")
    assert orders is not None and orders.schema.items is not None
    order = kinds(orders.schema.items)
    assert len(order) == 19 and order["tag"] == "null" and order["amount"] == "string"
    assert result.unread == () and codes(result, Level.WARNING) == []


def test_ru_order_info_russian_page_cut_short() -> None:
    result = read(OCP / "ru-order-info_rendered-compact.txt")
    op = only_op(result)
    assert (op.method, op.path) == ("post", "/api-gateway/order")
    assert op.summary == "Получение информации об ордере"
    assert op.description is not None and op.description.startswith("Метод позволяет")
    assert_signature_auth(result)
    order_id, required = body_props(op)["orderId"]
    assert (order_id.kind, required) == (Kind.STRING, False)
    # `orderIdstringOptionalExample:` then the description line, then the value (lines 15-17).
    assert order_id.description == "Идентификатор ордера в системе"
    assert order_id.example == "4b3399ee-3690-4984-8c39-a911c8b0aad4"
    # The sample breaks off inside `"pric` on line 63: what came before is kept.
    assert codes(result, Level.WARNING) == [("cut-short", 63)]
    inner = payload(op)
    assert list(kinds(inner))[:3] == ["id", "currency", "network"]
    assert kinds(inner)["updatedAt"] == "string"
    txs = inner.find_property("transactions")
    assert txs is not None and txs.schema.items is not None
    assert list(kinds(txs.schema.items)) == [
        "id",
        "status",
        "currency",
        "network",
        "amount",
        "tx",
        "confirmations",
        "sender",
    ]
    assert result.unread == ()


def test_test_signature_any_body() -> None:
    result = read(OCP / "test-signature_rendered-compact.txt")
    op = only_op(result)
    assert (op.method, op.path, op.summary) == (
        "post",
        "/api-gateway/test-signature",
        "Check x-api-signature",
    )
    assert_signature_auth(result)
    # `anyOptional` under Body (line 14): a body of any shape, not a field named "".
    assert op.request_body is not None
    assert op.request_body.schema.kind is Kind.ANY and not op.request_body.required
    assert op.examples[0].body is MISSING
    inner = payload(op)
    assert kinds(inner) == {
        "errors": "array",
        "checkSignatureResult": "boolean",
        "signature": "string",
        "receivedBody": "string",
    }


@pytest.mark.parametrize(
    "name",
    [
        "create-api-keys_rendered.txt",
        "get-users_rendered.txt",
        "orders-list_rendered-compact.txt",
        "ru-order-info_rendered-compact.txt",
        "test-signature_rendered-compact.txt",
    ],
)
def test_corpus_pages_are_picked_by_the_registry(name: str) -> None:
    found = readers.detect(doc_of(OCP / name))
    assert found is not None and found[0] == "rendered-text"


# what is not ours --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        seed("000"),  # GitBook markdown
        seed("002"),  # OpenAPI YAML block
        seed("003"),  # flat prose
        OCP / "get-users_raw-md.txt",
        OCP / "request-signing_raw-md.txt",
        CORPUS / "partoo" / "users-invite-user_openapi-yaml.txt",
        CORPUS / "partoo" / "users-delete-user_rendered.txt",
        CORPUS / "gcore" / "cloud-list-users_rendered.txt",
        CORPUS / "aitronos" / "users-get-user-by-id_rendered.txt",
    ],
    ids=lambda p: p.name,
)
def test_other_shapes_are_not_claimed(path: Path) -> None:
    assert rendered_text.detect(doc_of(path)) is None


# odd input ---------------------------------------------------------------------------------


def test_page_cut_inside_the_response_table() -> None:
    text = seed("001").read_text(encoding="utf-8")
    lines = text.splitlines()
    doc = SourceDoc("cut.txt", "\n".join(lines[:162]))  # the last line is 161: email's "String"
    result = rendered_text.read(doc)
    assert ("cut-short", 161) in codes(result, Level.WARNING)
    assert codes(result, Level.ERROR) == [("no-method-path", 119)]
    assert result.fragment.operations == ()


def test_page_cut_inside_the_json_sample_keeps_what_came_before() -> None:
    lines = seed("001").read_text(encoding="utf-8").splitlines()
    result = rendered_text.read(SourceDoc("cut.txt", "\n".join(lines[:226])))  # ends at line 226
    assert ("cut-short", 226) in codes(result, Level.WARNING)
    inner = payload(only_op(result))
    assert {"id", "email", "password", "lastLoginAt"} <= set(kinds(inner))


@pytest.mark.parametrize("text", ["", "Powered by GitBook\n", "post\nBody\n{\n", "200Success\n{]"])
def test_odd_input_never_raises(text: str) -> None:
    result = rendered_text.read(SourceDoc("odd.txt", text))
    assert result.fragment.operations == ()
    assert "no-method-path" in [c for c, _ in codes(result, Level.ERROR)]
