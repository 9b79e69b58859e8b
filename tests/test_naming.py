import keyword

import pytest

from generator.naming import class_name, py_identifier, unique_field_names


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("lastLoginAt", "last_login_at"),
        ("x-api-key", "x_api_key"),
        ("$filter", "filter_"),  # filter is a builtin type
        ("@type", "type_"),
        ("2fa", "field_2fa"),
        ("class", "class_"),
        ("from", "from_"),
        ("HTTPServer", "http_server"),
        ("id", "id"),  # builtin functions stay usable: user.id reads better than user.id_
        ("list", "list_"),
        ("schema", "schema_"),  # a pydantic BaseModel attribute
        ("Параметр", "parametr"),
        ("!!!", "field"),
    ],
)
def test_py_identifier(wire: str, expected: str) -> None:
    assert py_identifier(wire) == expected


@pytest.mark.parametrize(
    ("wire", "expected"),
    [("iam_reseller_User", "IamResellerUser"), ("Language-2", "Language2"), ("2fa", "Model2fa"),
     ("BaseModel", "BaseModelModel"), ("class", "Class"), ("str", "Str")],
)
def test_class_name(wire: str, expected: str) -> None:
    assert class_name(wire) == expected


def test_every_name_is_a_valid_identifier() -> None:
    hostile = ["", " ", "a b", "ü", "日本", "__init__", "None", "True", "\n", "x\x00y", "-", "1", "_"]
    for wire in hostile:
        name = py_identifier(wire)
        assert name.isidentifier() and name.isascii() and not keyword.iskeyword(name), wire
        assert class_name(wire).isidentifier(), wire


def test_collisions_are_resolved_stably_whatever_the_order() -> None:
    assert unique_field_names(["userId", "user_id"]) == ["user_id_2", "user_id"]
    assert unique_field_names(["user_id", "userId"]) == ["user_id", "user_id_2"]
    # exact spellings claim first, so "A" (which becomes a) yields to both "a"s
    assert unique_field_names(["a", "A", "a"]) == ["a", "a_3", "a_2"]
    assert unique_field_names(["timeout"], ["timeout"]) == ["timeout_2"]
