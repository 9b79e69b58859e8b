"""The fast paths of `docs2sdk openapi` give what the plain code they replace gives.

The export's `dumps` must print exactly what `json.dumps(indent=2, ensure_ascii=False)` prints
(or raise what it raises); name spelling must fold every character as before; `with_changes`
must rebuild a node as its constructor would; the line-start searches of the OpenAPI detector must
find the keys and fences `^` under re.MULTILINE would; hoisting must keep what it does not
change; and the mojibake check must find what a scan of the whole text finds.
"""

from __future__ import annotations

import json
import math
import unicodedata
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.emit.openapi.export import api_to_openapi, dumps
from generator.passes.hoist import hoist
from generator import ir
from generator.records import Record, fields
from generator.ir import EMPTY_CONSTRAINTS, Constraints, Kind, Schema, SourceSpan
from generator.naming import _CYRILLIC, _ascii, pascal, snake
from generator.pipeline import read_docs
from generator.readers import openapi
from generator.readers.base import SourceDoc
from generator.load.encoding import _MOJIBAKE, MOJIBAKE_MIN, mojibake

from .conftest import seed

# -- dumps -------------------------------------------------------------------------------

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=12),
)
keys = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=8),
    st.integers(),  # the json module prints these as strings; the fast path hands them back
    st.booleans(),
    st.none(),
    st.floats(allow_nan=True),
)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(inner, max_size=3).map(tuple),
        st.dictionaries(keys, inner, max_size=4),
    ),
    max_leaves=30,
)


def _stdlib(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


@settings(max_examples=400, deadline=None)
@given(json_values)
def test_dumps_prints_what_the_json_module_prints(value: Any) -> None:
    assert dumps(value) == _stdlib(value)


def test_dumps_of_a_real_export() -> None:
    doc = api_to_openapi(read_docs([seed("002")]).api)
    assert dumps(doc) == _stdlib(doc)
    assert json.loads(dumps(doc)) == doc


class _Text(str):
    pass


@pytest.mark.parametrize(
    "value",
    [
        {"a": [1, 2.5, -0.0, 1e300, True, None], "b": {}, "c": [], "d": {"e": [{}]}},
        {"nan": math.nan, "inf": [math.inf, -math.inf]},
        {"tuple": (1, "x"), 3: "int key", 1.5: "float key"},
        {"sub": _Text("a str subclass"), _Text("key"): Kind.STRING},
        {"deep": [[[[[["x"]]]]]], "unicode": 'é \u2028 \x00 \U0001f600 "q" \\'},
    ],
)
def test_dumps_of_unusual_values(value: Any) -> None:
    assert dumps(value) == _stdlib(value)


def test_dumps_refuses_what_the_json_module_refuses() -> None:
    cycle: list[Any] = []
    cycle.append(cycle)
    with pytest.raises(ValueError, match="Circular reference"):
        dumps({"example": cycle})
    with pytest.raises(TypeError):
        dumps({"x": object()})
    with pytest.raises(TypeError):
        dumps({("tuple", "key"): 1})


# -- naming ------------------------------------------------------------------------------


def _ascii_as_defined(text: str) -> str:
    """The folding as first written: one character at a time."""
    spelled = "".join(_CYRILLIC.get(ch, _CYRILLIC.get(ch.lower(), ch)) for ch in text)
    return unicodedata.normalize("NFKD", spelled).encode("ascii", "ignore").decode("ascii")


def test_names_fold_every_character_as_defined() -> None:
    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    for start in range(0, len(everything), 4096):
        chunk = everything[start : start + 4096]
        assert _ascii(chunk) == _ascii_as_defined(chunk), f"characters from U+{ord(chunk[0]):04X}"


@pytest.mark.parametrize(
    ("wire", "snake_name", "pascal_name"),
    [
        ("ПРИВЕТ мир", "privet_mir", "PrivetMir"),  # capitals spell as their small letters
        ("Ёжик", "ezhik", "Ezhik"),
        ("créé_à", "cree_a", "CreeA"),
        ("userId", "user_id", "UserId"),
    ],
)
def test_snake_and_pascal(wire: str, snake_name: str, pascal_name: str) -> None:
    for _ in range(2):  # the second call is answered from the cache
        assert snake(wire) == snake_name
        assert pascal(wire) == pascal_name


# -- Schema.with_ and with_changes ----------------------------------------------------------


def test_with_keeps_an_unchanged_schema() -> None:
    schema = Schema(Kind.STRING, description="d", source=SourceSpan("a.yaml", 3))
    assert schema.with_() is schema
    assert schema.with_(description=schema.description, source=schema.source) is schema


def _rebuilt(node: Any, **changes: Any) -> Any:
    """The oracle for with_changes: every field passed by keyword to the constructor."""
    return type(node)(**{**{f: getattr(node, f) for f in fields(node)}, **changes})


def _all_fields(node: Any) -> list[Any]:
    return [getattr(node, f) for f in fields(node)]  # source too, which == leaves out


def test_with_is_a_rebuild_with_the_changes() -> None:
    schema = Schema(
        Kind.OBJECT,
        description="d",
        constraints=Constraints(min_length=1),
        source=SourceSpan("a.yaml", 3),
    )
    changes: dict[str, Any] = {
        "description": "e",
        "source": SourceSpan("b.yaml", 9),
        "constraints": EMPTY_CONSTRAINTS,
        "nullable": True,
    }
    changed = schema.with_(**changes)
    assert _all_fields(changed) == _all_fields(_rebuilt(schema, **changes))
    assert changed.description == "e" and changed.source == SourceSpan("b.yaml", 9)
    assert schema.description == "d"  # frozen: the original is untouched
    with pytest.raises(TypeError):
        schema.with_(no_such_field=1)


def _sample(node_type: type, marker: int) -> Any:
    """A `node_type` whose every field holds its own value (nodes do not check types)."""
    return node_type(**{f: f"{f}-{marker}" for f in fields(node_type)})


IR_NODES = [
    t
    for t in vars(ir).values()
    if isinstance(t, type) and issubclass(t, Record) and t.__module__ == ir.__name__
]


def test_every_ir_node_is_a_record() -> None:
    assert len(IR_NODES) == 14


@pytest.mark.parametrize("node_type", IR_NODES, ids=lambda t: t.__name__)
def test_with_changes_rebuilds_every_node_with_the_changes(node_type: type) -> None:
    node, other = _sample(node_type, 1), _sample(node_type, 2)
    assert ir.with_changes(node) is node
    for name in fields(node_type):  # each field alone, then all at once
        change = {name: getattr(other, name)}
        got = ir.with_changes(node, **change)
        assert _all_fields(got) == _all_fields(_rebuilt(node, **change))
        assert getattr(got, name) == f"{name}-2" and type(got) is node_type
    everything = {f: getattr(other, f) for f in fields(node_type)}
    assert _all_fields(ir.with_changes(node, **everything)) == _all_fields(other)
    with pytest.raises(TypeError):
        ir.with_changes(node, no_such_field=1)


@pytest.mark.parametrize("node_type", IR_NODES, ids=lambda t: t.__name__)
def test_a_nodes_own_init_builds_what_the_generic_one_builds(node_type: type) -> None:
    names = fields(node_type)
    calls: list[tuple[list[str], dict[str, str]]] = [
        ([f"{n}-p" for n in names[: node_type._required]], {}),  # defaults for the rest
        ([f"{n}-p" for n in names], {}),
        ([], {n: f"{n}-k" for n in names}),
    ]
    for args, kwargs in calls:
        generic = object.__new__(node_type)
        Record.__init__(generic, *args, **kwargs)
        assert _all_fields(node_type(*args, **kwargs)) == _all_fields(generic)


def test_constraints_empty_whether_shared_or_not() -> None:
    assert EMPTY_CONSTRAINTS.is_empty()
    assert Constraints().is_empty()
    assert not Constraints(unique_items=True).is_empty()


# -- OpenAPI detection -----------------------------------------------------------------


def _doc(text: str) -> SourceDoc:
    return SourceDoc("doc.yaml", text)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("openapi: 3.1.0\ninfo: {title: t, version: '1'}\n", "`openapi: 3.1`"),  # first line
        ("info: {title: t}\npaths: {}\nopenapi: '3.0.3'\n", "`openapi: 3.0`"),  # sorted keys
        ('"swagger": "2.0"\n', "`swagger: 2.0`"),
        ("info:\n  openapi: 3.1.0\npaths: {}\n", None),  # nested, not top-level
        # A fence at column 0 makes a page with a block; an indented one is text in a string.
        ("openapi: 3.1.0\npaths: {}\n```yaml\nopenapi: 3.1.0\n```\n", "fenced block"),
        ("openapi: 3.1.0\ndescription: |\n  ```yaml\n  x: 1\n  ```\n", "`openapi: 3.1`"),
    ],
)
def test_detection_at_line_starts(text: str, found: str | None) -> None:
    why = openapi.detect(_doc(text))
    assert why is None if found is None else why is not None and found in why
    if why is not None:  # read() works out the same reason without asking detect()
        assert openapi.read(_doc(text)).why == why


def test_a_page_with_a_block_is_read_for_the_reason_detect_gives() -> None:
    text = "```yaml /openapi.yaml get /pets\nopenapi: 3.1.0\npaths:\n  /pets:\n    get: {}\n```\n"
    result = openapi.read(_doc(text))
    assert result.shape == "openapi-embedded"
    assert result.why == openapi.detect(_doc(text))
    assert [op.path for op in result.fragment.operations] == ["/pets"]


# -- hoisting --------------------------------------------------------------------------


def test_hoisting_again_changes_nothing_and_copies_nothing() -> None:
    api = read_docs([seed("002")]).api  # hoisted and named once already
    again = hoist(api)
    assert again == api
    assert all(new is old for new, old in zip(again.operations, api.operations, strict=True))


# -- encoding --------------------------------------------------------------------------


def _mojibake_as_defined(text: str) -> tuple[int, str, int] | None:
    """Every match counted from the start of the text, as first written."""
    matches = list(_MOJIBAKE.finditer(text))
    if len(matches) < MOJIBAKE_MIN:
        return None
    return text.count("\n", 0, matches[0].start()) + 1, matches[0].group(), len(matches)


# Real mojibake: UTF-8 text (Latin, Cyrillic, NKo, quotes and dashes) read with a one-byte code
# page, among honest text with the same letters; repeated MOJIBAKE_MIN times, so that a single
# sequence is reported.
_SOURCE = st.text(
    st.one_of(
        st.sampled_from("éàçüñßÉ©®°±·¿ПриветМирЁёЖЩЪЫЬЭЮЯжщъыьэюяєїі—–‘’‚“”„†•…‰€™"),
        st.characters(min_codepoint=0xA0, max_codepoint=0x7FF),
        st.characters(min_codepoint=0x2010, max_codepoint=0x2030),
    ),
    min_size=1,
    max_size=4,
)
_MOJIBAKE_TEXT = st.lists(
    st.one_of(
        _SOURCE.map(lambda t: t.encode("utf-8").decode("cp1252", errors="replace")),
        _SOURCE.map(lambda t: t.encode("utf-8").decode("cp1251", errors="replace")),
        _SOURCE,
        st.sampled_from(["a", " ", "\n"]),
    ),
    max_size=12,
)


@settings(max_examples=400, deadline=None)
@given(_MOJIBAKE_TEXT.map(lambda parts: "".join(parts) * MOJIBAKE_MIN))
def test_mojibake_finds_what_a_full_scan_finds(text: str) -> None:
    assert mojibake(text) == _mojibake_as_defined(text)


@pytest.mark.parametrize("codec", ["cp1252", "latin-1", "cp1251"])
def test_mojibake_of_every_two_and_three_byte_character(codec: str) -> None:
    for c in [*range(0x80, 0x800), *range(0x2000, 0x2200)]:
        text = chr(c).encode("utf-8").decode(codec, errors="replace") * MOJIBAKE_MIN
        assert mojibake(text) == _mojibake_as_defined(text), f"U+{c:04X} read as {codec}"


def test_mojibake_in_a_page() -> None:
    page = "# Title\n\nplain words\n" * 50 + "CafÃ© â€™ РЎРѕР·РґР°РЅРёРµ\n"
    found = mojibake(page)
    assert found is not None and found == _mojibake_as_defined(page)
    assert found[:2] == (151, "Ã©")  # the first sequence, on the last line
    assert mojibake("plain ASCII " * 100) is None
