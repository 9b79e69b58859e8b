"""The naming pass: resource chains and methods a person would choose, from paths, methods,
titles, tags, operationIds, the vendor's own SDK samples and vendor.yaml overrides."""

from __future__ import annotations

import pytest

from generator.ir import Api, Operation, ParamLocation, Parameter, Schema, Kind
from generator.naming import plural, singular, verb_in_phrase
from generator.passes.evidence import Evidence, page_evidence
from generator.passes.name import name_operations

STR = Schema(Kind.STRING)


def _op(spec: str, summary: str = "", operation_id: str = "", tags: tuple[str, ...] = ()) -> Operation:
    method, path = spec.split(" ", 1)
    params = tuple(
        Parameter(name, ParamLocation.PATH, STR, True)
        for name in (p.strip("{}") for p in path.split("/") if p.startswith("{"))
    )
    return Operation(method.lower(), path, operation_id=operation_id, summary=summary, tags=tags, parameters=params)


def _names(*ops: Operation, **kwargs: object) -> dict[str, str]:
    api = name_operations(Api(operations=ops), **kwargs)  # type: ignore[arg-type]
    return {f"{op.method.upper()} {op.path}": f"{op.resource}.{op.py_name}" for op in api.operations}


def test_rest_paths_give_plural_resources_and_crud_verbs() -> None:
    names = _names(
        _op("POST /user"), _op("GET /user/{user_id}"), _op("DELETE /user/{user_id}"),
        _op("PATCH /user/{user_id}"), _op("GET /user"), _op("POST /user/{user_id}/invite"),
        _op("GET /org/{org_id}"),
    )
    assert names == {
        "POST /user": "users.create", "GET /user/{user_id}": "users.retrieve",
        "DELETE /user/{user_id}": "users.delete", "PATCH /user/{user_id}": "users.update",
        "GET /user": "users.list", "POST /user/{user_id}/invite": "users.invite",
        "GET /org/{org_id}": "orgs.retrieve",
    }


def test_versions_and_api_namespaces_are_not_resources_and_singletons_stay_singular() -> None:
    names = _names(_op("POST /v1/user/"), _op("PATCH /v1/user/profile"), _op("GET /v1/user/{user_id}"),
                   _op("POST /api-gateway/orders", "Getting a list of orders"),
                   _op("POST /rest/v2/orders/{order_id}/cancel"))
    assert names["PATCH /v1/user/profile"] == "users.profile.update"
    assert names["POST /v1/user/"] == "users.create"
    assert names["POST /api-gateway/orders"] == "orders.list"
    assert names["POST /rest/v2/orders/{order_id}/cancel"] == "orders.cancel"


def test_rpc_paths_are_read_as_verb_and_noun() -> None:
    names = _names(_op("POST /partner/api/create-user", "Create user"),
                   _op("POST /partner/api/create-api-keys", "Create API key"),
                   _op("POST /partner/api/get-users", "Get all users"))
    assert set(names.values()) == {"partners.users.create", "partners.api_keys.create", "partners.users.list"}


def test_products_group_resources_and_parents_without_operations_step_aside() -> None:
    names = _names(_op("POST /iam/users", operation_id="iamCreateUser"), _op("GET /cloud/v1/users"),
                   _op("GET /iam/clients/{clientId}/tokens"))
    assert names == {"POST /iam/users": "iam.users.create", "GET /cloud/v1/users": "cloud.users.list",
                     "GET /iam/clients/{clientId}/tokens": "iam.tokens.list"}


def test_scope_parameters_in_front_of_most_paths_are_not_items() -> None:
    paths = ["GET /cloud/v1/volumes/{project_id}/{region_id}", "POST /cloud/v1/volumes/{project_id}/{region_id}",
             "GET /cloud/v1/volumes/{project_id}/{region_id}/{volume_id}",
             "DELETE /cloud/v1/volumes/{project_id}/{region_id}/{volume_id}",
             "GET /cloud/v1/networks/{project_id}/{region_id}", "GET /cloud/v1/projects/{project_id}",
             "GET /cloud/v1/networks/{project_id}/{region_id}/{network_id}",
             "POST /cloud/v1/volumes/{project_id}/{region_id}/{volume_id}/extend"]
    api = name_operations(Api(operations=tuple(_op(p) for p in paths)))
    got = {f"{op.method.upper()} {op.path}": (f"{op.resource}.{op.py_name}", op.own_id) for op in api.operations}
    assert got[paths[0]] == ("cloud.volumes.list", "")
    assert got[paths[1]] == ("cloud.volumes.create", "")
    assert got[paths[2]] == ("cloud.volumes.retrieve", "volume_id")
    assert got[paths[5]] == ("cloud.projects.retrieve", "")  # project_id scopes the API
    assert got[paths[7]] == ("cloud.volumes.extend", "volume_id")


def test_tags_respell_the_resource_as_words() -> None:
    names = _names(_op("GET /floatingips", tags=("Floating IPs",)), _op("GET /floatingips/{floating_ip_id}",
                                                                       tags=("Floating IPs",)))
    assert names == {"GET /floatingips": "floating_ips.list",
                     "GET /floatingips/{floating_ip_id}": "floating_ips.retrieve"}


def test_sdk_samples_win_and_overrides_win_over_everything() -> None:
    ops = (_op("POST /iam/clients/invite_user"), _op("POST /api-gateway/test-signature"))
    evidence = {("/iam/clients/invite_user", "post"): Evidence(sdk_call="iam.users.invite")}
    names = _names(*ops, evidence=evidence, overrides={"post /api-gateway/test-signature": "signatures.check"})
    assert names == {"POST /iam/clients/invite_user": "iam.users.invite",
                     "POST /api-gateway/test-signature": "signatures.check"}


def test_a_vendor_verb_convention_renames_crud_verbs() -> None:
    assert _names(_op("GET /users/{id}"), verbs={"retrieve": "get"}) == {"GET /users/{id}": "users.get"}


def test_names_collide_into_distinct_methods_and_never_hide_a_child_resource() -> None:
    names = _names(_op("GET /users"), _op("GET /users/all", "List all users"), _op("GET /users/list/x"))
    assert len(set(names.values())) == 3
    assert "users.list.list" in names.values() or all(not n.startswith("users.list.") for n in names.values())


@pytest.mark.parametrize(("title", "verb"), [
    ("Getting a list of orders", "list"), ("Get all users", "list"), ("Список заказов", "list"),
    ("Получение пользователя", "retrieve"), ("Get User By Id", "retrieve"),
    ("Modify authenticated user's profile information.", "update"), ("Изменение пользователя", "update"),
    ("Edit the user", "update"), ("Remove a key", "delete"), ("Invite user", "invite"), ("Organization information", None),
])
def test_title_verbs_in_the_docs_languages(title: str, verb: str | None) -> None:
    assert verb_in_phrase(title) == verb


def test_plurals_come_from_inflect() -> None:
    assert [plural(w) for w in ("user", "policy", "api_key", "address", "status", "users")] == [
        "users", "policies", "api_keys", "addresses", "statuses", "users"]
    assert singular("floating_ips") == "floating_ip" and singular("profile") == "profile"


def test_page_evidence_reads_sdk_calls_and_doc_groups() -> None:
    text = "source: https://docs.example.com/api-reference/api-tokens/get-all\n" \
           "```python\nresult = client.iam.api_tokens.with_raw_response.list(\n```\nGo: client.Iam.Tokens.List(\n"
    fragment = Api(operations=(Operation("get", "/tokens", source=_span("page.md", 5)),))
    found = page_evidence(text, "page.md", fragment)
    assert found == {("/tokens", "get"): Evidence("iam.api_tokens.list", ("api_tokens",))}


def _span(file: str, line: int):  # type: ignore[no-untyped-def]
    from generator.ir import SourceSpan

    return SourceSpan(file, line)


def test_vendor_yaml_names_and_verbs_reach_the_generated_client(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import shutil

    from generator.vendor.plan import read_vendor
    from tests.conftest import ROOT

    shutil.copytree(ROOT / "specs" / "partoo", tmp_path / "specs" / "partoo")
    config = tmp_path / "specs" / "partoo" / "vendor.yaml"
    config.write_text(config.read_text(encoding="utf-8")
                      + 'names:\n  "POST /user/{user_id}/invite": members.send_invitation\nverbs:\n  retrieve: get\n',
                      encoding="utf-8")
    api = read_vendor(tmp_path, "partoo").api
    names = {f"{op.method.upper()} {op.path}": f"{op.resource}.{op.py_name}" for op in api.operations}
    assert names["POST /user/{user_id}/invite"] == "members.send_invitation"
    assert names["GET /org/{org_id}"] == "orgs.get"


@pytest.mark.parametrize("names", [
    {"/orders": "orders.list"},  # no method
    {"POST /orders": "list"},  # no resource
    {"POST /orders": "orders.class"},  # a keyword
    {"POST /orders": "Orders.List"},
])
def test_vendor_yaml_names_are_checked(names: dict[str, str]) -> None:
    from pydantic import ValidationError

    from generator.vendor.config import VendorConfig

    with pytest.raises(ValidationError):
        VendorConfig(package="p", distribution="p", title="P", env_prefix="P", names=names)
