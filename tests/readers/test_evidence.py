"""The evidence reader on real pages of many renderers, read through the registry as users do.

Expected values come from reading the pages themselves (names, types, required words, lines);
none is copied from the reader's output.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.diagnostics import Level
from generator.ir import Api, Kind, Operation, ParamLocation
from generator.readers import evidence, read
from generator.readers.base import ReadResult, SourceDoc
from generator.readers.evidence.json_samples import before_cut
from generator.readers.evidence.types import schema_for
from tests.conftest import CORPUS, ROOT, SHARED, run_cli


def _read(relative: str) -> ReadResult:
    path = CORPUS / relative
    return read(SourceDoc(path.name, path.read_text(encoding="utf-8")))


def _ops(api: Api) -> dict[tuple[str, str], Operation]:
    return {(op.method, op.path): op for op in api.operations}


def _body(op: Operation) -> dict[str, tuple[Kind, bool]]:
    assert op.request_body is not None
    return {p.wire_name: (p.schema.kind, p.required) for p in op.request_body.schema.properties}


def test_method_and_path_one_segment_per_line() -> None:
    # POST on line 5, then "/" and "users" on lines of their own; name/email as name, type,
    # "required..." lines under "Body" (glued to the header badge line before it). The page is
    # still claimed by the rendered-reference reader, so the evidence reader is asked directly.
    path = CORPUS / "goteal/users-create_mintlify-rendered.txt"
    result = evidence.read(SourceDoc(path.name, path.read_text(encoding="utf-8")))
    op = _ops(result.fragment)[("post", "/users")]
    assert op.source.line == 5
    assert _body(op) == {"name": (Kind.STRING, True), "email": (Kind.STRING, True)}


def test_anchor_after_its_evidence_and_path_glued_to_prose() -> None:
    # GitBook prints `post` / `/v1/chargesThis endpoint ...` after each operation's fields.
    result = _read("pagou/charges-boleto-two-ops_gitbook-rendered.txt")
    ops = _ops(result.fragment)
    assert set(ops) == {("post", "/v1/charges"), ("delete", "/v1/charges/{chargeID}")}
    body = _body(ops[("post", "/v1/charges")])
    assert body["amount"] == (Kind.NUMBER, True) and body["customer_code"] == (Kind.STRING, False)
    assert body["grace_period"] == (Kind.INTEGER, True)
    [param] = ops[("delete", "/v1/charges/{chargeID}")].parameters
    assert (param.wire_name, param.location, param.source.line) == ("chargeID", ParamLocation.PATH, 30)


def test_html_table_in_any_language() -> None:
    # ShowDoc: 请求URL / 请求方式 POST, and an HTML table headed 参数名 / 类型 / 是否必填 / 说明.
    result = _read("magicalday/zh-order-create_showdoc-html.txt")
    op = _ops(result.fragment)[("post", "/order/CreateOrder")]
    body = _body(op)
    assert body["user_consignee_id"] == (Kind.INTEGER, True)
    assert body["user_coupon_id"] == (Kind.INTEGER, False)
    assert [s.url for s in result.fragment.servers] == ["http://api.magicalday.cn"]


def test_flattened_table_one_cell_per_line() -> None:
    # Name / Type / 必須 / 説明 / デフォルト値, each cell on its own line, empty cells dropped.
    op = _ops(_read("cs-cart-jp/ja-users-create_gitbook-rendered.txt").fragment)[("post", "/users")]
    body = _body(op)
    assert body["email"][0] is Kind.STRING and body["company_id"][0] is Kind.INTEGER
    assert "Content-Type" not in body


def test_openapi_document_cut_short_keeps_its_complete_operations() -> None:
    result = _read("typebot/workspaces-openapi-json-file.txt")
    assert set(_ops(result.fragment)) == {("get", "/workspaces"), ("post", "/workspaces")}
    assert "cut-short" in {d.code for d in result.diagnostics}
    assert not [d for d in result.diagnostics if d.level is Level.ERROR]


def test_ruby_hash_sample_and_bullet_field_list() -> None:
    # "• name — A string ... (value is required)" and {"name"=>"..."} under "Request Body".
    op = _ops(_read("postman-api/apis-create_postman-collection-docs.txt").fragment)[("post", "/apis")]
    body = _body(op)
    assert body["name"] == (Kind.STRING, True)
    assert {"summary", "description"} <= set(body)
    assert [(p.wire_name, p.location) for p in op.parameters] == [("workspaceId", ParamLocation.QUERY)]


def test_field_only_shown_as_null_is_any() -> None:
    # The 201 sample shows "auto_balance_portfolio_id": null, and nothing else on the page names it.
    result = _read("3commas/accounts-rename_docusaurus-mdx.txt")
    [op] = result.fragment.operations
    [ok] = op.responses
    assert ok.body is not None
    field = ok.body.schema.find_property("auto_balance_portfolio_id")
    assert field is not None and field.schema.kind is Kind.ANY and field.schema.nullable
    assert any(d.code == "type-unknown" and d.level is Level.INFO and "auto_balance_portfolio_id" in d.message
               for d in result.diagnostics)


def test_placeholder_host_is_not_a_default_environment() -> None:
    result = _read("zendesk/users-create_postman-collection-docs.txt")
    assert result.fragment.servers == ()
    assert [d.source.line for d in result.diagnostics if d.code == "server-placeholder"] == [4]


def test_page_without_method_and_path_says_what_it_found() -> None:
    result = _read("celcoin/pt-wallet-charges-create_readme-prose.txt")
    assert result.fragment.operations == ()
    [problem] = [d for d in result.diagnostics if d.level is Level.ERROR]
    assert problem.code == "no-method-path"
    assert "a field list (lines 5-28)" in problem.message and "a JSON sample (line 30)" in problem.message


def test_inspect_and_openapi_agree_on_an_unusable_page() -> None:
    page = CORPUS / "celcoin" / "pt-wallet-charges-create_readme-prose.txt"
    inspect, export = run_cli("inspect", page), run_cli("openapi", page)
    assert inspect.returncode == export.returncode == 1
    assert "no-method-path" in inspect.stdout + inspect.stderr
    assert "no-method-path" in export.stderr


@pytest.mark.parametrize(
    ("phrase", "kind", "nullable"),
    [
        ("integer or null", Kind.INTEGER, True),
        ("string · enum", Kind.STRING, False),
        ("string¦null", Kind.STRING, True),
        ("string<email>", Kind.STRING, False),
        ("number", Kind.NUMBER, False),
        ("文字列", Kind.STRING, False),
    ],
)
def test_type_phrases(phrase: str, kind: Kind, nullable: bool) -> None:
    schema = schema_for(phrase)
    assert schema is not None and (schema.kind, schema.nullable) == (kind, nullable)


def test_array_phrases_keep_their_items() -> None:
    for phrase in ("array of objects", "list of enums", "object[]"):
        schema = schema_for(phrase)
        assert schema is not None and schema.kind is Kind.ARRAY and schema.items is not None
    assert schema_for("The email of the user") is None


def test_sample_cut_short_keeps_complete_entries() -> None:
    assert before_cut('{"a": 1, "b": {"c": 2, "d": "unfini') == {"a": 1, "b": {"c": 2}}


@pytest.mark.parametrize("path", sorted(CORPUS.rglob("*.txt")), ids=lambda p: p.name)
def test_truncated_pages_never_raise(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for end in range(0, len(text), max(1, len(text) // 12)):
        result = read(SourceDoc("t.txt", text[:end]))
        assert not [d for d in result.diagnostics if d.code == "reader-failed"]


def test_corpus_floor() -> None:
    """The corpus score, run as CI runs it; it fails below the floor or on any traceback."""
    scorer = SHARED / "scoring" / "score_pages.py"
    done = subprocess.run(
        [sys.executable, str(scorer), "--min-op", "0.97", "--min-req", "0.87", "--max-tracebacks", "0"],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
