"""The GitBook markdown reader on the OnChainPay `.md` pages: the Russian seed, an English page
with a nested-object table, a guide page with no endpoint, and pages cut short or altered."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.diagnostics import Level
from generator.ir import AuthKind, Kind, Operation, Schema
from generator.readers import gitbook_markdown
from generator.readers.base import ReadResult, SourceDoc

from ..conftest import CORPUS, VENDORS, SEEDS, run_cli, seed

GET_USERS = CORPUS / "onchainpay" / "get-users_raw-md.txt"
SIGNING = CORPUS / "onchainpay" / "request-signing_raw-md.txt"


def _read(path: Path, text: str | None = None) -> ReadResult:
    return gitbook_markdown.read(SourceDoc(path.name, path.read_text() if text is None else text))


def _only_operation(result: ReadResult) -> Operation:
    (op,) = result.fragment.operations
    return op


def _fields(schema: Schema) -> dict[str, Schema]:
    return {p.wire_name: p.schema for p in schema.properties}


def _codes(result: ReadResult) -> list[tuple[str, int]]:
    return [(d.code, d.source.line) for d in result.diagnostics]


# --- detection -----------------------------------------------------------------------------


def test_detects_the_pages_it_reads_and_says_why() -> None:
    why = gitbook_markdown.detect(SourceDoc("p", seed("000").read_text()))
    assert why is not None and "{% openapi %}" in why and "line 22" in why
    why = gitbook_markdown.detect(SourceDoc("p", GET_USERS.read_text()))
    assert why is not None and "line 35" in why
    why = gitbook_markdown.detect(SourceDoc("p", SIGNING.read_text()))
    assert why is not None and "guide" in why and "Request signing" in why


# The pages of the four vendors this detector was written beside. Pages of other vendors are
# read by evidence, whatever detector claims them, and are held to the corpus score instead.
PROJECT_PAGES = [
    p for vendor in VENDORS for p in (CORPUS / vendor).glob("*.txt")
]
OTHER_SHAPES = sorted(
    p
    for p in [*PROJECT_PAGES, *SEEDS.glob("*.txt")]
    if "raw-md" not in p.name and not p.name.startswith("000_")
)


@pytest.mark.parametrize("path", OTHER_SHAPES, ids=lambda p: p.name)
def test_leaves_other_shapes_alone(path: Path) -> None:
    assert gitbook_markdown.detect(SourceDoc(path.name, path.read_text())) is None


def test_registry_picks_this_reader_for_the_seed() -> None:
    from generator.readers import read

    result = read(SourceDoc("000.txt", seed("000").read_text()))
    assert result.shape == "gitbook-markdown"
    assert len(result.fragment.operations) == 1


# --- seed 000: Russian tables, openapi tag ----------------------------------------------------


def test_seed_000_operation_from_the_openapi_tag() -> None:
    result = _read(seed("000"))
    assert result.shape == "gitbook-markdown"
    op = _only_operation(result)
    assert (op.method, op.path) == ("post", "/partner/api/create-user")
    assert op.source.line == 22
    assert result.fragment.title == op.summary == "Создание пользователя"
    assert op.description is not None and op.description.startswith("Метод позволяет создать")
    # the page says nothing of servers or auth: that comes from other pages, no diagnostic
    assert result.fragment.servers == () and result.fragment.auth == ()
    assert result.diagnostics == () and result.unread == ()


def test_seed_000_request_table_is_the_json_body() -> None:
    op = _only_operation(_read(seed("000")))
    assert op.parameters == ()
    body = op.request_body
    assert body is not None and body.content_type == "application/json" and body.required
    (email,) = body.schema.properties
    assert (email.wire_name, email.schema.kind, email.required) == ("email", Kind.STRING, True)
    assert email.schema.description == "Email пользователя"
    assert email.schema.source.line == 11


def test_seed_000_response_table_without_envelope() -> None:
    op = _only_operation(_read(seed("000")))
    (response,) = op.responses
    assert response.status == "200" and response.envelope is None and response.body is not None
    fields = _fields(response.body.schema)
    assert list(fields) == ["id", "email", "password", "lastLoginAt"]
    assert all(s.kind is Kind.STRING for s in fields.values())
    assert [name for name, s in fields.items() if s.nullable] == ["lastLoginAt"]  # Строка или null
    assert [s.source.line for s in fields.values()] == [17, 18, 19, 20]


# --- get-users: English tables, a nested object table, a page cut short -------------------------


def test_get_users_request_fields_in_english() -> None:
    result = _read(GET_USERS)
    op = _only_operation(result)
    assert (op.method, op.path) == ("post", "/partner/api/get-users")
    assert op.request_body is not None
    fields = {p.wire_name: (p.schema.kind, p.required) for p in op.request_body.schema.properties}
    assert fields == {
        "userId": (Kind.STRING, True),
        "limit": (Kind.NUMBER, True),
        "offset": (Kind.NUMBER, True),
    }


def test_get_users_user_object_table_describes_the_array_items() -> None:
    op = _only_operation(_read(GET_USERS))
    (response,) = op.responses
    assert response.body is not None
    top = _fields(response.body.schema)
    assert list(top) == ["users", "total"]
    assert top["total"].kind is Kind.NUMBER
    users = top["users"]
    assert users.kind is Kind.ARRAY and users.items is not None
    assert users.items.kind is Kind.OBJECT
    item = _fields(users.items)
    assert list(item) == ["id", "email", "utm", "createdAt", "confirmedAt", "lastLoginAt"]
    assert {k for k, s in item.items() if s.nullable} == {"utm", "confirmedAt"}
    assert item["createdAt"].source.line == 31


def test_get_users_page_cut_inside_the_openapi_block() -> None:
    result = _read(GET_USERS)
    assert _codes(result) == [("cut-short", 35)]
    assert all(d.level is Level.WARNING for d in result.diagnostics)


def test_nested_table_that_matches_no_field_is_kept_as_unread() -> None:
    text = GET_USERS.read_text().replace("**User object:**", "**Wallet object:**")
    result = _read(GET_USERS, text)
    assert ("table-unattached", 26) in _codes(result)
    assert [line for line, _ in result.unread] == [26, 28, 29, 30, 31, 32, 33]
    assert "| id " in dict(result.unread)[28]
    users = _fields(_only_operation(result).responses[0].body.schema)["users"]  # type: ignore[union-attr]
    assert users.items is not None and users.items.properties == ()


def test_nested_table_found_through_the_field_description() -> None:
    # "Array of user objects" names the label's word even when the field is called otherwise
    text = GET_USERS.read_text().replace("| users         | Array", "| items         | Array")
    op = _only_operation(_read(GET_USERS, text))
    items = _fields(op.responses[0].body.schema)["items"]  # type: ignore[union-attr]
    assert items.items is not None and "lastLoginAt" in _fields(items.items)


# --- the guide page: no endpoint ------------------------------------------------------------


def test_request_signing_guide_has_no_operation_and_says_so() -> None:
    result = _read(SIGNING)
    assert result.fragment.operations == ()
    assert result.fragment.title == "Request signing"
    (problem,) = result.diagnostics
    assert (problem.code, problem.level, problem.source.line) == (
        "no-method-path",
        Level.WARNING,
        3,
    )
    assert "guide" in problem.message


def test_request_signing_headers_sample_gives_the_signature_scheme() -> None:
    api = _read(SIGNING).fragment
    (scheme,) = api.auth
    assert scheme.kind is AuthKind.HMAC
    assert (scheme.header, scheme.extra_headers) == ("x-api-public-key", ("x-api-signature",))
    assert scheme.source.line == 61  # `'x-api-public-key': ...` in the fenced axios sample
    assert api.security == (scheme.name,)


# --- odd input ------------------------------------------------------------------------------


def test_seed_cut_inside_the_response_table() -> None:
    lines = seed("000").read_text().splitlines()
    text = "\n".join(lines[:19]) + "\n" + lines[19][:30]  # "| lastLoginAt  | Строка или nu"
    result = _read(seed("000"), text)
    assert ("cut-short", 20) in _codes(result)
    # the tag after the table is gone, so nothing names the operation
    assert ("no-method-path", 3) in _codes(result)
    assert result.fragment.operations == ()


def test_tag_without_method_is_reported() -> None:
    text = seed("000").read_text().replace(' method="post"', "")
    result = _read(seed("000"), text)
    assert result.fragment.operations == ()
    assert ("no-method-path", 3) in _codes(result)
    assert "5 fields read" in result.diagnostics[0].message


def test_unknown_type_word_is_any_with_a_warning() -> None:
    text = seed("000").read_text().replace("| id           | Строка          |", "| id | Загадка |")
    result = _read(seed("000"), text)
    assert ("table-cell", 17) in _codes(result)
    fields = _fields(_only_operation(result).responses[0].body.schema)  # type: ignore[union-attr]
    assert fields["id"].kind is Kind.ANY and fields["email"].kind is Kind.STRING


@pytest.mark.parametrize("cut", range(0, 1400, 37))
def test_never_raises_on_a_truncated_page(cut: int) -> None:
    for path in (seed("000"), GET_USERS, SIGNING):
        result = _read(path, path.read_text()[:cut])
        assert not any(d.level is Level.ERROR for d in result.diagnostics)


def test_cli_prints_the_guide_diagnostic_with_its_line() -> None:
    done = run_cli("openapi", seed("000"), SIGNING)
    assert done.returncode == 0, done.stderr
    assert "request-signing_raw-md.txt:3: warning[no-method-path]" in done.stderr
    assert '"/partner/api/create-user"' in done.stdout


def _seed_000_with_001_sample() -> str:
    """Seed 000 with the envelope sample that seed 001 (same endpoint) shows under `200Success`."""
    sample = "\n".join(seed("001").read_text().splitlines()[220:233])  # lines 221-233
    page = seed("000").read_text().splitlines()
    return "\n".join([*page[:21], "200Success", "", "```json", sample, "```", "", *page[21:]])


def test_envelope_sample_wraps_the_table_fields() -> None:
    result = _read(seed("000"), _seed_000_with_001_sample())
    assert result.diagnostics == ()
    (response,) = _only_operation(result).responses
    assert response.status == "200" and response.envelope is not None
    assert (response.envelope.success_key, response.envelope.payload_key) == ("success", "response")
    assert response.body is not None and response.body.example["success"] is True
    outer = _fields(response.body.schema)
    assert list(outer) == ["success", "response"] and outer["success"].kind is Kind.BOOLEAN
    inner = _fields(outer["response"])
    # the table's fields first (text wins on descriptions), then what only the sample shows
    assert list(inner)[:4] == ["id", "email", "password", "lastLoginAt"]
    assert set(inner) - {"id", "email", "password", "lastLoginAt"} == {
        "utm",
        "createdAt",
        "updatedAt",
        "confirmedAt",
    }
    assert inner["password"].description and inner["password"].description.startswith("Сгенер")
    assert inner["email"].example == "my-client@example.com"
    assert inner["lastLoginAt"].nullable


def test_array_label_over_the_response_table() -> None:
    text = seed("000").read_text().replace("### Ответ:\n", "### Ответ:\n\nМассив объектов:\n")
    (response,) = _only_operation(_read(seed("000"), text)).responses
    assert response.body is not None and response.body.schema.kind is Kind.ARRAY
    items = response.body.schema.items
    assert items is not None and list(_fields(items)) == ["id", "email", "password", "lastLoginAt"]
