"""The merge and validate passes on small hand-built APIs: each rule, directly."""

from __future__ import annotations

from generator.diagnostics import Level
from generator.ir import ANY_SCHEMA, Api, AuthKind, AuthScheme, Body, Kind, Model, Operation
from generator.ir import Parameter, ParamLocation, Property, Response, Schema, Server, SourceSpan
from generator.passes.merge import merge
from generator.passes.merge_operations import OperationMerger, is_english
from generator.passes.validate import validate, with_template_params

A, B = SourceSpan("a.md", 3), SourceSpan("b.md", 7)
STRING = Schema(kind=Kind.STRING)


def _obj(*props: Property, source: SourceSpan = A) -> Schema:
    return Schema(kind=Kind.OBJECT, properties=props, source=source)


def _op(
    path: str = "/users", method: str = "post", source: SourceSpan = A, **fields: object
) -> Operation:
    return Operation(method=method, path=path, source=source, **fields)  # type: ignore[arg-type]


def _codes(found: tuple[object, ...]) -> list[str]:
    return [d.code for d in found]  # type: ignore[attr-defined]


# -- merge: pages into one API ---------------------------------------------------------------


def test_merging_nothing_gives_an_empty_api() -> None:
    assert merge([]) == (Api(), ())


def test_pages_unite_operations_servers_auth_and_sources() -> None:
    key = AuthScheme(name="key", kind=AuthKind.API_KEY, header="X-Key")
    first = Api(
        title="",
        operations=(_op("/a"),),
        servers=(Server(url="https://a.example"),),
        auth=(key,),
        security=("key",),
        sources=("a.md",),
    )
    second = Api(
        title="Second",
        version="2",
        operations=(_op("/b"), _op("/a", source=B)),
        servers=(Server(url="https://a.example"), Server(url="https://b.example")),
        auth=(key, AuthScheme(name="token", kind=AuthKind.BEARER)),
        security=("key", "token"),
        sources=("b.md",),
    )
    api, found = merge([first, second])
    assert [op.path for op in api.operations] == ["/a", "/b"]  # the same operation once
    assert [s.url for s in api.servers] == ["https://a.example", "https://b.example"]
    assert [a.name for a in api.auth] == ["key", "token"]
    assert api.security == ("key", "token")
    assert (api.title, api.version, api.sources) == ("Second", "2", ("a.md", "b.md"))
    assert found == ()


def test_a_model_read_twice_differently_keeps_the_first_and_says_so() -> None:
    one = Model(name="User", schema=_obj(Property(wire_name="id", schema=STRING)), source=A)
    other = Model(name="User", schema=_obj(Property(wire_name="name", schema=STRING)), source=B)
    api, found = merge([Api(models=(one,)), Api(models=(other, one))])
    assert api.models == (one,)
    assert _codes(found) == ["model-differs"]
    assert found[0].level is Level.INFO and found[0].source == B and found[0].related == A


def test_two_pages_of_one_operation_merge_through_the_operation_merger() -> None:
    english = _op(
        summary="Create a user",
        operation_id="createUser",
        request_body=Body(
            content_type="application/json",
            schema=_obj(Property(wire_name="email", schema=STRING, required=True)),
        ),
    )
    russian = _op(
        summary="Создать пользователя",
        source=B,
        description="Создаёт пользователя.",
        request_body=Body(
            content_type="application/json",
            schema=_obj(
                Property(wire_name="email", schema=STRING, required=False),
                Property(wire_name="phone", schema=STRING),
                source=B,
            ),
        ),
    )
    api, found = merge([Api(operations=(russian,)), Api(operations=(english,))])
    (op,) = api.operations
    assert (op.summary, op.operation_id, op.description) == (
        "Create a user",
        "createUser",
        "Создаёт пользователя.",
    )
    assert op.request_body is not None
    props = op.request_body.schema.properties
    assert [(p.wire_name, p.required) for p in props] == [("email", True), ("phone", False)]
    assert _codes(found) == ["merge-required"]


# -- merge_operations: one operation described twice -----------------------------------------


def test_english_is_latin_script() -> None:
    assert is_english("Create a user (v2)") and not is_english("Создать") and not is_english(None)


def test_a_type_conflict_keeps_the_first_and_names_both_pages() -> None:
    merger = OperationMerger()
    got = merger.schema(
        Schema(kind=Kind.STRING, source=A), Schema(kind=Kind.INTEGER, source=B), "POST /x.age"
    )
    assert got.kind is Kind.STRING
    (d,) = merger.found
    assert (d.code, d.source, d.related) == ("merge-type", B, A)
    assert "one page says string, another integer" in d.message


def test_integer_and_number_widen_to_number_and_null_makes_nullable() -> None:
    merger = OperationMerger()
    assert (
        merger.schema(Schema(kind=Kind.INTEGER), Schema(kind=Kind.NUMBER), "x").kind is Kind.NUMBER
    )
    nullable = merger.schema(Schema(kind=Kind.NULL), Schema(kind=Kind.STRING, description="d"), "x")
    assert (nullable.kind, nullable.nullable, nullable.description) == (Kind.STRING, True, "d")
    assert merger.found == []


def test_any_gives_way_and_what_one_side_adds_is_kept() -> None:
    merger = OperationMerger()
    assert merger.schema(ANY_SCHEMA, STRING, "x").kind is Kind.STRING
    assert merger.schema(STRING, ANY_SCHEMA, "x") is STRING
    a = Schema(kind=Kind.ARRAY, items=Schema(kind=Kind.STRING))
    b = Schema(kind=Kind.ARRAY, items=Schema(kind=Kind.STRING, enum=("x", "y")), example=["x"])
    got = merger.schema(a, b, "x")
    assert got.items is not None and got.items.enum == ("x", "y") and got.example == ["x"]


def test_descriptions_in_two_languages_are_both_kept_english_first() -> None:
    merger = OperationMerger()
    got = merger.schema(
        Schema(kind=Kind.STRING, description="Имя"),
        Schema(kind=Kind.STRING, description="Name"),
        "x",
    )
    assert got.description == "Name\n\nИмя"
    same = merger.schema(
        Schema(kind=Kind.STRING, description="Name "),
        Schema(kind=Kind.STRING, description="Name"),
        "x",
    )
    assert same.description == "Name "


def test_a_sample_does_not_decide_required_the_text_does() -> None:
    merger = OperationMerger()
    text = Property(wire_name="id", schema=STRING, required=False)
    sample = Property(wire_name="id", schema=STRING, required=True, stated=False)
    (got,) = merger.properties((text,), (sample,), "x")
    assert (got.required, got.stated) == (False, True)
    assert merger.found == []


def test_parameters_merge_by_name_and_place() -> None:
    merger = OperationMerger()
    q = Parameter(
        wire_name="q", location=ParamLocation.QUERY, schema=STRING, description="Поиск", source=A
    )
    q_required = Parameter(
        wire_name="q",
        location=ParamLocation.QUERY,
        schema=STRING,
        required=True,
        description="Search",
        source=B,
    )
    header = Parameter(wire_name="q", location=ParamLocation.HEADER, schema=STRING)
    merged = merger.parameters((q,), (q_required, header), "GET /x")
    assert [(p.location, p.required, p.description) for p in merged] == [
        (ParamLocation.QUERY, True, "Search\n\nПоиск"),
        (ParamLocation.HEADER, False, None),
    ]
    assert _codes(tuple(merger.found)) == ["merge-required"] and merger.found[0].source == B


def test_responses_and_bodies_unite() -> None:
    merger = OperationMerger()
    ok = Response(status="200", description="OK")
    ok_with_body = Response(status="200", body=Body(content_type="application/json", schema=STRING))
    merged = merger.responses((ok,), (ok_with_body, Response(status="404")), "GET /x")
    assert [r.status for r in merged] == ["200", "404"]
    assert merged[0].description == "OK" and merged[0].body == ok_with_body.body


def test_an_operation_takes_the_english_names_and_both_sets_of_examples() -> None:
    merger = OperationMerger()
    ru = _op(summary="Создать", operation_id="", tags=(), deprecated=True, security=("key",))
    en = _op(summary="Create", operation_id="create", tags=("users",))
    got = merger.operation(ru, en)
    assert (got.summary, got.operation_id, got.tags, got.deprecated, got.security) == (
        "Create",
        "create",
        ("users",),
        True,
        ("key",),
    )


# -- validate --------------------------------------------------------------------------------


def test_template_parameters_are_added_and_a_leading_slash_given() -> None:
    declared = Parameter(
        wire_name="user_id", location=ParamLocation.PATH, schema=STRING, required=True
    )
    api = Api(operations=(_op("users/{user_id}/keys/{key_id}", parameters=(declared,)),))
    (op,) = with_template_params(api).operations
    assert op.path == "/users/{user_id}/keys/{key_id}"
    assert [(p.wire_name, p.required, p.schema.kind) for p in op.parameters] == [
        ("user_id", True, Kind.STRING),
        ("key_id", True, Kind.STRING),
    ]


def test_a_brace_that_closes_no_parameter_is_a_literal_character() -> None:
    api = Api(operations=(_op("/v1/charges/{charge"), _op("/a}/{id}/b{c}d")))
    first, second = with_template_params(api).operations
    assert first.path == "/v1/charges/%7Bcharge" and first.parameters == ()
    assert second.path == "/a%7D/{id}/b{c}d" and [p.wire_name for p in second.parameters] == ["id", "c"]
    assert _codes(validate(api)).count("path-invalid") == 2


def test_an_api_with_nothing_wrong_has_no_diagnostics() -> None:
    key = AuthScheme(name="key", kind=AuthKind.API_KEY, header="X-Key")
    user = Model(name="User", schema=_obj(Property(wire_name="id", schema=STRING)))
    ref = Schema(kind=Kind.REF, ref="User")
    op = _op(
        "/users/{id}",
        method="get",
        operation_id="getUser",
        security=("key",),
        parameters=(
            Parameter(wire_name="id", location=ParamLocation.PATH, schema=STRING, required=True),
        ),
        responses=(Response(status="200", body=Body(content_type="application/json", schema=ref)),),
    )
    api = Api(
        operations=(op,),
        models=(user,),
        auth=(key,),
        security=("key",),
        servers=(Server(url="https://api.example.com"),),
    )
    assert validate(api) == ()


def test_each_rule_reports_where() -> None:
    ghost = Schema(kind=Kind.REF, ref="Ghost", source=B)
    unused = Parameter(wire_name="org", location=ParamLocation.PATH, schema=STRING)
    ops = (
        _op("users/{user_id}", operation_id="dup", parameters=(unused,), security=("nope",)),
        _op(
            "/other",
            operation_id="dup",
            request_body=Body(content_type="application/json", schema=ghost),
        ),
    )
    api = Api(operations=ops, security=("missing",), servers=(Server(url="/relative", source=B),))
    found = validate(api)
    assert _codes(found) == [
        "path-invalid",
        "path-param-missing",
        "path-param-unused",
        "operation-id-duplicate",
        "auth-missing",
        "operation-id-duplicate",
        "auth-missing",
        "server-relative",
        "ref-unresolved",
    ]
    by_code = {d.code: d for d in found}
    assert by_code["ref-unresolved"].level is Level.ERROR and by_code["ref-unresolved"].source == B
    assert "{user_id}" in by_code["path-param-missing"].message
    assert all(d.level is Level.WARNING for d in found if d.code != "ref-unresolved")


def test_references_are_found_inside_every_kind_of_schema() -> None:
    ref = Schema(kind=Kind.REF, ref="Missing")
    nested = _obj(
        Property(wire_name="list", schema=Schema(kind=Kind.ARRAY, items=ref)),
        Property(wire_name="map", schema=Schema(kind=Kind.OBJECT, additional=ref)),
        Property(wire_name="either", schema=Schema(kind=Kind.UNION, variants=(STRING, ref))),
    )
    api = Api(models=(Model(name="Holder", schema=nested),), operations=(_op(),))
    assert _codes(validate(api)) == ["ref-unresolved"] * 3


def test_no_operation_at_all_is_reported() -> None:
    assert _codes(validate(Api(sources=("page.md",)))) == ["no-operations"]
