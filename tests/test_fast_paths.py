"""The fast paths of `docs2sdk openapi` give what the plain code they replace gives.

The export's `dumps` must print exactly what `json.dumps(indent=2, ensure_ascii=False)` prints
(or raise what it raises); name spelling must fold every character as before; `with_changes`
must copy a node with the changes; the line-start searches of the OpenAPI detector must
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
from generator.ir import EMPTY_CONSTRAINTS, Constraints, Kind, Schema, SourceSpan, with_changes
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


# -- with_changes ------------------------------------------------------------------------


def test_with_changes_keeps_an_unchanged_node() -> None:
    schema = Schema(kind=Kind.STRING, description="d", source=SourceSpan("a.yaml", 3))
    assert with_changes(schema) is schema
    assert with_changes(schema, description=schema.description, source=schema.source) is schema


def test_with_changes_copies_with_the_changes() -> None:
    schema = Schema(
        kind=Kind.OBJECT,
        description="d",
        constraints=Constraints(min_length=1),
        source=SourceSpan("a.yaml", 3),
    )
    changed = with_changes(schema, description="e", source=SourceSpan("b.yaml", 9), nullable=True)
    assert (changed.description, changed.source, changed.nullable) == ("e", SourceSpan("b.yaml", 9), True)
    assert changed.constraints == Constraints(min_length=1) and changed.kind is Kind.OBJECT
    assert schema.description == "d"  # frozen: the original is untouched
    with pytest.raises((TypeError, AttributeError)):
        with_changes(schema, no_such_field=1)


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
