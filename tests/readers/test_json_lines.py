"""The JSON loader gives every object the line of its `{`, and refuses deep nesting.

The oracle is independent of the loader's bracket scan: the standard library's pure-Python
scanner, whose object parser is handed the offset just past each `{`.
"""

from __future__ import annotations

import json
import json.decoder
import json.scanner
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.load.lines import MAX_NESTING, LineDict, LoadError
from generator.load.loader import load_json

BENCH = Path(__file__).resolve().parents[3] / "shared" / "bench-specs"


def oracle_lines(text: str, line_offset: int) -> list[int]:
    """Lines of `{` in the order objects close, from the pure-Python decoder."""
    closed: list[int] = []
    decoder = json.JSONDecoder()

    def parse_object(s_and_end: tuple[str, int], *args: Any) -> tuple[Any, int]:
        s, end = s_and_end
        line = s.count("\n", 0, end - 1) + 1 + line_offset
        value, after = json.decoder.JSONObject(s_and_end, *args)
        closed.append(line)
        return value, after

    decoder.parse_object = parse_object  # type: ignore[assignment]
    decoder.scan_once = json.scanner.py_make_scanner(decoder)
    decoder.decode(text)
    return closed


def loaded_lines(value: Any) -> list[int]:
    """Lines of the loaded mappings in closing (post-)order, as the decoder made them."""
    out: list[int] = []
    if isinstance(value, list):
        for item in value:
            out += loaded_lines(item)
    elif isinstance(value, LineDict):
        for item in value.values():
            out += loaded_lines(item)
        out.append(value.line)
    return out


# Keys and strings full of what the scan must not take for structure: brackets, escaped
# quotes, backslashes before quotes, and escaped newlines.
tricky = st.text(st.sampled_from(["{", "}", "[", "]", '"', "\\", "\n", "a", " ", "é"]), max_size=6)
values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), tricky),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(tricky, inner, max_size=4)
    ),
    max_leaves=40,
)


@settings(max_examples=400, deadline=None)
@given(values, st.sampled_from([None, 0, 1, 2]), st.booleans(), st.integers(0, 30))
def test_every_object_gets_the_line_of_its_brace(
    value: Any, indent: int | None, ascii_only: bool, offset: int
) -> None:
    text = json.dumps(value, indent=indent, ensure_ascii=ascii_only)
    assert loaded_lines(load_json(text, offset)) == oracle_lines(text, offset)


@pytest.mark.skipif(not BENCH.is_dir(), reason="bench documents are beside the checkout")
def test_a_large_real_document_gets_the_oracles_lines() -> None:
    text = (BENCH / "twilio_api_v2010.json").read_text(encoding="utf-8")
    lines = loaded_lines(load_json(text))
    assert len(lines) > 10_000
    assert lines == oracle_lines(text, 0)


def test_objects_on_one_line_and_across_lines() -> None:
    text = '{"a": {"b": "}{"},\n "c": [\n  {"d": "\\"{"},\n  {}\n ]\n}'
    doc = load_json(text, 10)
    assert (doc.line, doc["a"].line, doc["c"][0].line, doc["c"][1].line) == (11, 11, 13, 14)


@pytest.mark.parametrize("opener", ["[", '{"k": '])
def test_nesting_deeper_than_the_cap_is_refused_at_its_line(opener: str) -> None:
    text = "\n".join([opener] * (MAX_NESTING + 1)) + "1"  # refused before it is parsed
    with pytest.raises(LoadError) as caught:
        load_json(text, 4)
    assert caught.value.code == "too-deep"
    assert caught.value.line == MAX_NESTING + 1 + 4


def test_nesting_at_the_cap_is_read() -> None:
    text = "[" * MAX_NESTING + "]" * MAX_NESTING
    assert isinstance(load_json(text), list)


def test_brackets_inside_strings_do_not_count_as_nesting() -> None:
    text = json.dumps({"pattern": "[" * (MAX_NESTING + 5)})
    assert load_json(text) == {"pattern": "[" * (MAX_NESTING + 5)}


@pytest.mark.parametrize(
    "text", ['{"a": "unterminated', '{"a": 1,}', '{"a": "x\\', "{" * 5, '{"a" 1}']
)
def test_broken_json_is_a_load_error_with_a_line(text: str) -> None:
    with pytest.raises(LoadError) as caught:
        load_json(text)
    assert caught.value.line >= 1
