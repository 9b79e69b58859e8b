"""Records behave as `@dataclass(frozen=True, slots=True)` classes declared the same way.

Each behaviour is checked against a dataclass twin: construction (positional, keyword,
defaults and the errors), equality and hash over the compared fields only, ordering,
repr, pattern matching, refused assignment, copy and pickle.
"""

from __future__ import annotations

import copy
import dataclasses
import pickle
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.records import FrozenInstanceError, Record, field, fields


class Place(Record, order=True):
    file: str
    line: int = 0


class Finding(Record, order=True):
    place: Place
    level: str = field(compare=False)
    code: str
    note: str | None = field(default=None, compare=False)
    tags: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True, slots=True, order=True)
class PlaceDC:
    file: str
    line: int = 0


@dataclasses.dataclass(frozen=True, slots=True, order=True)
class FindingDC:
    place: PlaceDC
    level: str = dataclasses.field(compare=False)
    code: str
    note: str | None = dataclasses.field(default=None, compare=False)
    tags: tuple[str, ...] = ()


def _twins(args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, Any]:
    """The same call on the record and on its dataclass twin: the value or the error type."""
    out = []
    for place, finding in ((Place, Finding), (PlaceDC, FindingDC)):
        try:
            made = finding(
                place(*args[:1], **kwargs.get("place", {})), *args[1:], **kwargs.get("rest", {})
            )
            out.append(("ok", _fields(made)))
        except TypeError:
            out.append(("TypeError", None))
    return out[0], out[1]


def _fields(value: Any) -> Any:
    if isinstance(value, (Record, PlaceDC, FindingDC)):
        names = fields(value) if isinstance(value, Record) else value.__match_args__
        return tuple(_fields(getattr(value, n)) for n in names)
    return value


words = st.sampled_from(["a", "b", ""])


@given(
    st.lists(words, max_size=6),
    st.dictionaries(st.sampled_from(["level", "code", "note", "tags", "bogus"]), words),
)
def test_construction_and_its_errors_match_dataclasses(
    args: list[str], kwargs: dict[str, str]
) -> None:
    record, twin = _twins(("f", *args), {"rest": kwargs})
    assert record == twin


@given(words, words, words, words, st.integers(0, 2), st.integers(0, 2))
def test_equality_hash_and_order_match_dataclasses(
    code1: str, code2: str, level1: str, level2: str, line1: int, line2: int
) -> None:
    a, b = Finding(Place("x", line1), level1, code1), Finding(Place("x", line2), level2, code2)
    a_dc = FindingDC(PlaceDC("x", line1), level1, code1)
    b_dc = FindingDC(PlaceDC("x", line2), level2, code2)
    assert (a == b) == (a_dc == b_dc)
    assert (a < b, a <= b, a > b, a >= b) == (a_dc < b_dc, a_dc <= b_dc, a_dc > b_dc, a_dc >= b_dc)
    if a == b:
        assert hash(a) == hash(b)
    assert hash(Place("x", line1)) == hash(PlaceDC("x", line1))  # both hash the field tuple


def test_fields_left_out_of_comparison_do_not_count() -> None:
    a = Finding(Place("x"), "warning", "c", note="one")
    b = Finding(Place("x"), "error", "c", note="two")
    assert a == b and hash(a) == hash(b)
    assert a != Finding(Place("x"), "warning", "d")
    assert a != ("x", "c") and Place("x") != PlaceDC("x")  # other types never compare equal
    with pytest.raises(TypeError):
        _ = Place("x") < PlaceDC("x")  # type: ignore[operator]


def test_repr_and_match_args_match_dataclasses() -> None:
    assert repr(Place("a.yaml", 3)) == repr(PlaceDC("a.yaml", 3)).replace("PlaceDC", "Place")
    assert Finding.__match_args__ == FindingDC.__match_args__
    match Finding(Place("p", 2), "w", "c"):
        case Finding(Place(file, line), _, code):
            assert (file, line, code) == ("p", 2, "c")
        case _:
            pytest.fail("the class pattern did not match")


def test_assignment_is_refused_and_no_dict_is_made() -> None:
    place = Place("a")
    with pytest.raises(FrozenInstanceError):
        place.line = 3  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        del place.file  # type: ignore[misc]
    with pytest.raises(AttributeError):
        place.other = 1  # type: ignore[attr-defined]
    assert not hasattr(place, "__dict__") and Place.__slots__ == ("file", "line")


def test_copies_and_pickles_are_equal_values() -> None:
    finding = Finding(Place("a", 1), "w", "c", note="n", tags=("t",))
    for made in (copy.copy(finding), copy.deepcopy(finding), pickle.loads(pickle.dumps(finding))):
        assert made == finding and made.note == "n" and made.level == "w"


def test_declaration_mistakes_are_refused_as_dataclasses_refuse_them() -> None:
    with pytest.raises(TypeError):

        class Bad(Record):  # a field without a default after one with a default
            a: int = 0
            b: int

    with pytest.raises(TypeError):

        class Child(Place):  # a record's fields are its own
            extra: int = 0

    with pytest.raises(TypeError):

        class Shared(Record):  # one list for every record
            items: list[int] = []
