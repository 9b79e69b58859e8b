"""The OpenAPI reader on the seed pages, on whole documents, and on broken blocks."""

from __future__ import annotations

from pathlib import Path

from generator.diagnostics import Level
from generator.ir import Kind
from generator.pipeline import read_docs
from generator.readers import openapi
from generator.readers.base import SourceDoc

from .conftest import seed


def _read(text: str, name: str = "page.md") -> tuple:  # type: ignore[type-arg]
    result = openapi.read(SourceDoc(name, text))
    return result.fragment, result.diagnostics


def test_gcore_seed_fields_and_nullability() -> None:
    read = read_docs([seed("002")])
    api = read.api
    (op,) = api.operations
    assert (op.method, op.path, op.operation_id) == ("post", "/iam/users", "iamCreateUser")
    assert [s.url for s in api.servers] == ["https://api.gcore.com"]
    (scheme,) = api.auth
    assert (scheme.header, scheme.prefix) == ("Authorization", "apikey")
    request = api.model(op.request_body.schema.ref)  # type: ignore[union-attr,arg-type]
    props = {p.wire_name: p for p in request.schema.properties}  # type: ignore[union-attr]
    assert {k for k, p in props.items() if p.required} == {"company", "email", "password"}
    assert props["user_type"].schema.enum == ("common",)
    assert props["lang"].schema.enum == ("de", "en", "ru", "zh", "az")
    response = api.model(op.success_response().body.schema.ref)  # type: ignore[union-attr,arg-type]
    fields = {p.wire_name: p.schema for p in response.schema.properties}  # type: ignore[union-attr]
    # 3.0's `nullable: true` inside a 3.1 document
    assert fields["name"].nullable and fields["phone"].nullable and not fields["email"].nullable
    assert fields["client"].kind is Kind.NUMBER and fields["id"].read_only
    assert [r.status for r in op.responses] == ["201", "400", "401"]
    # every node knows where it came from
    assert op.source.line == 75 and op.source.file.endswith("002_17140bbe2b5a6397.txt")


def test_partoo_seed_constraints_defaults_deprecated_servers() -> None:
    api = read_docs([seed("004")]).api
    (op,) = api.operations
    request = api.model(op.request_body.schema.ref)  # type: ignore[union-attr,arg-type]
    props = {p.wire_name: p.schema for p in request.schema.properties}  # type: ignore[union-attr]
    assert props["password"].constraints.min_length == 8
    assert props["send_invitation"].default is False
    assert props["sidebar_pages"].deprecated
    assert props["sidebar_pages"].items.enum[0] == "bulk_modification"  # type: ignore[union-attr,index]
    assert props["accesses"].items.items.kind is Kind.INTEGER  # type: ignore[union-attr]
    assert [(s.name, s.url) for s in api.servers] == [
        ("production", "https://api.partoo.co/v2"), ("sandbox", "https://api.sandbox.partoo.co/v2")]
    assert api.auth[0].header == "x-APIKey" and api.auth[0].prefix is None


def test_fence_line_and_dangling_reference_in_a_cut_block() -> None:
    page = "\n".join([
        "# A page",
        "",
        "```yaml /spec.yaml get /things/{id}",
        "openapi: 3.1.0",
        "info: {title: t, version: '1'}",
        "paths:",
        "  /things/{id}:",
        "    get:",
        "      parameters:",
        "        - {name: id, in: path, required: true, schema: {type: string}}",
        "      responses:",
        "        '200':",
        "          content:",
        "            application/json:",
        "              schema:",
        "                $ref: '#/components/schemas/Thing'",
        "components:",
        "  schemas:",
        "    Other: {type: string}",
    ])
    api, found = _read(page)
    assert [op.key for op in api.operations] == [("/things/{id}", "get")]
    (dangling,) = [d for d in found if d.code == "ref-dangling"]
    assert dangling.level is Level.ERROR and dangling.source.line == 16
    assert "Thing" in dangling.message


def test_whole_document_3_0_with_allof_oneof_and_refs(tmp_path: Path) -> None:
    doc = tmp_path / "api.json"
    doc.write_text("""{
      "openapi": "3.0.3", "info": {"title": "Pets", "version": "2"},
      "servers": [{"url": "https://{region}.pets.test/v1", "variables": {"region": {"default": "eu"}}}],
      "paths": {"/pets/{petId}": {
        "parameters": [{"$ref": "#/components/parameters/PetId"}],
        "patch": {"operationId": "updatePet",
          "requestBody": {"$ref": "#/components/requestBodies/PetPatch"},
          "responses": {"200": {"description": "ok", "content": {"application/json": {
             "schema": {"oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}]}}}}}}}},
      "components": {
        "parameters": {"PetId": {"name": "petId", "in": "path", "required": true,
                                 "schema": {"type": "integer", "minimum": 1}}},
        "requestBodies": {"PetPatch": {"required": true, "content": {"application/json": {"schema": {
            "allOf": [{"$ref": "#/components/schemas/Base"},
                      {"type": "object", "required": ["name"],
                       "properties": {"name": {"type": "string", "maxLength": 20, "nullable": true}}}]}}}}},
        "schemas": {
          "Base": {"type": "object", "properties": {"age": {"type": "integer", "exclusiveMinimum": true, "minimum": 0}}},
          "Cat": {"type": "object", "properties": {"purrs": {"type": "boolean", "default": true}}},
          "Dog": {"type": "object", "properties": {"barks": {"type": "boolean"}}}}}}""")
    api = read_docs([doc]).api
    (op,) = api.operations
    assert api.servers[0].url == "https://eu.pets.test/v1"
    (param,) = op.parameters
    assert (param.wire_name, param.py_name, param.required, param.schema.constraints.minimum) == (
        "petId", "pet_id", True, 1)
    body = api.model(op.request_body.schema.ref)  # type: ignore[union-attr,arg-type]
    props = {p.wire_name: p for p in body.schema.properties}  # type: ignore[union-attr]
    assert props["name"].required and props["name"].schema.nullable
    assert props["name"].schema.constraints.max_length == 20
    assert props["age"].schema.constraints.exclusive_minimum == 0  # 3.0 boolean form
    result = op.success_response().body.schema  # type: ignore[union-attr]
    assert result.kind is Kind.UNION and result.exclusive
    assert [v.ref for v in result.variants] == ["Cat", "Dog"]


def test_detection_is_by_content_not_name(tmp_path: Path) -> None:
    doc = SourceDoc("notes.txt", "components: {}\nopenapi: 3.1.0\ninfo: {title: x, version: '1'}\npaths: {}\n")
    assert openapi.detect(doc) is not None
    prose = SourceDoc("openapi.yaml", "# Title\n\nJust words about openapi: 3.1 and nothing else.\n")
    assert openapi.detect(prose) is None


def test_cyclic_ref_gives_a_diagnostic_not_a_crash() -> None:
    text = ("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n"
            "        '200': {$ref: '#/components/responses/A'}\ncomponents:\n  responses:\n"
            "    A: {$ref: '#/components/responses/B'}\n    B: {$ref: '#/components/responses/A'}\n")
    api, found = _read(text, "cycle.yaml")
    assert [op.key for op in api.operations] == [("/a", "get")]
    assert any(d.code == "ref-cycle" for d in found)


def test_invalid_yaml_names_the_line() -> None:
    api, found = _read("openapi: 3.1.0\ninfo: {title: [unclosed\npaths: {}\n", "bad.yaml")
    (err,) = found
    assert err.code == "parse" and err.source.line in (2, 3, 4)
    assert not api.operations


def test_corpus_gcore_invite_block_cut_before_its_paths() -> None:
    from .conftest import CORPUS

    result = openapi.read(SourceDoc("p", (CORPUS / "gcore" / "iam-invite-new-user_openapi-yaml.txt").read_text()))
    (op,) = result.fragment.operations
    assert (op.method, op.path) == ("post", "/iam/clients/invite_user")  # from the fence line
    assert [s.url for s in result.fragment.servers] == ["https://api.gcore.com"]
    assert any(d.code == "fence-target-missing" and d.source.line == 19 for d in result.diagnostics)


def test_corpus_partoo_blocks_keep_their_operations_despite_missing_components() -> None:
    from .conftest import CORPUS

    invite = openapi.read(SourceDoc("i", (CORPUS / "partoo" / "users-invite-user_openapi-yaml.txt").read_text()))
    (op,) = invite.fragment.operations
    assert (op.method, op.path, op.summary) == ("post", "/user/{user_id}/invite", "Invite user")
    assert any(d.code == "ref-dangling" and "path_user_id" in d.message for d in invite.diagnostics)
    search = openapi.read(SourceDoc("s", (CORPUS / "partoo" / "users-search-for-users_openapi-yaml.txt").read_text()))
    (op,) = search.fragment.operations
    assert (op.method, op.path) == ("get", "/user/search")
    assert any(d.code == "ref-dangling" and "query_filter_by_org_id" in d.message for d in search.diagnostics)
