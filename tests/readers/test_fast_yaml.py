"""The fast YAML path (yaml-rs and a line scan) gives exactly what PyYAML gives, or steps aside.

Every comparison is against the PyYAML path of the same loader: values, their Python types, key
order, and the line of every mapping. Where PyYAML refuses a document, the fast path must not
read it either.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
import yaml_rs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import readers
from generator.diagnostics import Diagnostic
from generator.load.source import load_source
from generator.load import loader
from generator.load.fast_yaml import loader as fast_yaml
from generator.load.fast_yaml.scalars import plain_agrees
from generator.load.lines import LineDict, LoadError

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"


@contextmanager
def _pyyaml_only() -> Iterator[None]:
    saved = loader._fast_load
    loader._fast_load = lambda text, offset: None
    try:
        yield
    finally:
        loader._fast_load = saved


def pyyaml(text: str, offset: int = 0) -> Any:
    with _pyyaml_only():
        return loader.load_yaml(text, offset)


def difference(a: Any, b: Any, path: str = "") -> str | None:
    """The first place where `a` and `b` differ in value, type, key order or mapping line."""
    if type(a) is not type(b):
        return f"{path or '/'}: {type(a).__name__} {a!r:.40} vs {type(b).__name__} {b!r:.40}"
    if isinstance(a, dict):
        if a.line != b.line:
            return f"{path or '/'}: line {a.line} vs {b.line}"
        if list(a) != list(b):
            return f"{path or '/'}: keys {list(a)[:6]} vs {list(b)[:6]}"
        for key in a:
            found = difference(a[key], b[key], f"{path}/{key}")
            if found:
                return found
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{path or '/'}: {len(a)} items vs {len(b)}"
        for index, (x, y) in enumerate(zip(a, b)):
            found = difference(x, y, f"{path}/{index}")
            if found:
                return found
        return None
    if a == b or (isinstance(a, float) and math.isnan(a) and math.isnan(b)):
        return None
    return f"{path or '/'}: {a!r:.60} vs {b!r:.60}"


def check(text: str, offset: int = 0) -> bool:
    """Asserts the two paths agree on `text`; True when the fast path read it."""
    fast = fast_yaml.load(text, offset)
    try:
        slow = pyyaml(text, offset)
    except LoadError as refused:
        assert fast is None, f"the fast path read a document PyYAML refuses ({refused})"
        return False
    if fast is None:
        return False
    found = difference(fast, slow)
    assert found is None, found
    return True


def test_difference_finds_a_wrong_line() -> None:
    """The comparison itself: a mapping one line off, or a value of another type, is reported."""
    text = "a:\n  b: 1\nc: [x]\n"
    slow = pyyaml(text)
    moved = pyyaml("\n" + text, 0)
    assert difference(moved, slow) == "/: line 2 vs 1"
    retyped = pyyaml(text.replace("1", "'1'"))
    assert difference(retyped, slow) == "/a/b: str '1' vs int 1"


def _documents_in_pages() -> list[tuple[str, str, int]]:
    """Every YAML text the readers hand to the loader, from the specs and the shared pages."""
    seen: list[tuple[str, str, int]] = []
    real = loader.load_yaml

    def spy(text: str, line_offset: int = 0) -> Any:
        seen.append((current, text, line_offset))
        return real(text, line_offset)

    pages = [
        p for p in sorted((ROOT / "specs").rglob("*")) if p.is_file() and p.name != "vendor.yaml"
    ]
    for folder in ("seeds", "corpus"):
        pages += [p for p in sorted((SHARED / folder).rglob("*")) if p.is_file()]
    loader.load_yaml = spy  # type: ignore[assignment]
    try:
        for page in pages:
            current = str(page.relative_to(ROOT.parent))
            doc = load_source(page)
            if not isinstance(doc, Diagnostic):
                readers.read(doc)
    finally:
        loader.load_yaml = real  # type: ignore[assignment]
    return seen


def test_every_yaml_text_in_the_pages() -> None:
    documents = _documents_in_pages()
    assert len(documents) >= 5, "the pages hold YAML the readers load"
    read = [name for name, text, offset in documents if check(text, offset)]
    assert len(read) >= len(documents) // 2, f"fast path read only {len(read)} of {len(documents)}"


BENCH = ["gcore_iam_reseller_api.yaml", "gcore_cloud_api.yaml", "stripe_spec3_2023-09.yaml"]


@pytest.mark.parametrize("name", [*BENCH, "telnyx_spec3.yaml"])
def test_bench_documents(name: str) -> None:
    """Real documents: block style, explicit long keys, flow over lines with wrapped quotes."""
    path = SHARED / "bench-specs" / name
    if not path.exists():
        pytest.skip("bench documents are not beside this checkout")
    assert check(path.read_text(encoding="utf-8")), "the fast path stepped aside"


HANDLED = {
    "block scalars and comments": "a: |\n  x: 1\n  # not a comment\nb: >-\n  folded\n  text # kept\nc: 1 # a comment\n",
    "sequence at the key's indentation": "a:\n- b: 1\n  c:\n  - 2\n- {d: 3}\ne: x\n",
    "$ref keeps its own line": "a:\n  $ref: '#/x'\nb:\n  c: 1\n",
    "explicit long key": "? " + "k" * 130 + "\n: v: 1\n  w: [1, 2]\nz: 0\n",
    "flow over lines": 'a: {"b": [1,\n    2], "c": {"d": "e\n      f"}, "g": [{"h": 1},\n  {"i": 2}]}\nj: 1\n',
    "one-pair mappings in a flow sequence": 'a: ["url": "x", "y": {"z": 1}]\n',
    "quoted keys with escapes": "\"a\\tb\": 1\n'c''d': 2\n\"200\": 3\n200: 4\n",
    "numbers both read alike": "a: [0, -1, +2, 3.5, -0.5, 7., true, False, null, ~]\nb: 12\n",
}


@pytest.mark.parametrize("text", HANDLED.values(), ids=HANDLED.keys())
def test_shapes_the_fast_path_reads(text: str) -> None:
    assert check(text)
    assert check(text, 40)


STEPS_ASIDE = {
    "anchor and alias": "a: &x {b: 1}\nc: *x\n",
    "tag": "a: !!str 1\n",
    "merge key": "a: {b: 1}\n<<: {c: 2}\n",
    "YAML 1.1 booleans": "a: on\nb: [yes, no]\n",
    "YAML 1.1 octal and sexagesimal": "a: 017\nb: 1:20\n",
    "YAML 1.2 numbers": "a: 1e3\nb: 0o17\nc: 08\n",
    "boolean key": "yes: 1\n",
    "duplicate key": "a: 1\nb: 2\na: 3\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "directive": "%YAML 1.1\n---\na: 1\n",
    "carriage returns": "a: 1\r\nb:\r\n  c: 2\r\n",
    "line separator": "a: x\u2028y\nb:\n  c: 1\n",
    "surrogate escape": 'a: "\\ud83d\\ude00"\n',
    "flow with a comment": "a: [1, # one\n  2]\n",
    "plain text with a quote in flow": "a: [it's, b]\n",
    "tab indentation": "a:\n\tb: 1\n",
}


@pytest.mark.parametrize("text", STEPS_ASIDE.values(), ids=STEPS_ASIDE.keys())
def test_shapes_left_to_pyyaml(text: str) -> None:
    assert fast_yaml.load(text) is None
    check(text)  # and the loader as a whole still gives PyYAML's reading


def test_too_deep_for_yaml_rs_is_left_to_pyyaml() -> None:
    """yaml-rs crashes the process on nesting this deep; PyYAML's path refuses it with a line."""
    text = "- " * 100_000 + "x\n"
    assert fast_yaml.load(text) is None
    with pytest.raises(LoadError, match="nested deeper"):
        loader.load_yaml(text)


TRICKY = [
    "on",
    "Off",
    "yes",
    "NO",
    "y",
    "n",
    "~",
    "null",
    "NULL",
    "true",
    "False",
    "1e3",
    "1.0e3",
    "017",
    "08",
    "0x1F",
    "0o17",
    "1_000",
    "1:20",
    "+.5",
    "-.5",
    ".inf",
    "-.Inf",
    ".NaN",
    "3.",
    "2001-12-14",
    "2001-12-14T21:59:43Z",
    "=",
    "<<",
    "-",
    "- a",
    "? b",
    ": c",
    "#x",
    "a #b",
    "a: b",
    "[x]",
    "{y}",
    '"q"',
    "'s'",
    "it's",
    "*a",
    "&b",
    "!t",
    "%p",
    "@a",
    "`b",
    "|",
    ">",
    "\\",
    "tab\there",
    "two\nlines",
    "trailing ",
    " leading",
    "",
    "é",
    "$ref",
    "k" * 130,
]
_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True),
    st.sampled_from(TRICKY),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20),
)
_keys = st.one_of(st.sampled_from(TRICKY), st.integers(0, 999), st.text(max_size=12))
_data = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_keys, inner, max_size=4),
    max_leaves=24,
)


def _dumped(draw: st.DrawFn) -> str:
    return yaml.dump(
        draw(st.dictionaries(_keys, _data, min_size=1, max_size=5)),
        Dumper=yaml.SafeDumper,
        default_flow_style=draw(st.sampled_from([False, None, True])),
        default_style=draw(st.sampled_from([None, None, '"', "'"])),
        width=draw(st.sampled_from([12, 40, 80, 10**6])),
        indent=draw(st.sampled_from([2, 4])),
        allow_unicode=draw(st.booleans()),
        sort_keys=False,
    )


@st.composite
def documents(draw: st.DrawFn) -> str:
    return _dumped(draw)


@st.composite
def damaged_documents(draw: st.DrawFn) -> str:
    """Written documents with a line removed, repeated, re-indented, or a comment slipped in."""
    lines = _dumped(draw).split("\n")
    at = draw(st.integers(0, len(lines) - 1))
    change = draw(st.sampled_from(["drop", "repeat", "indent", "dedent", "comment", "blank"]))
    if change == "drop":
        del lines[at]
    elif change == "repeat":
        lines.insert(at, lines[at])
    elif change == "indent":
        lines[at] = " " + lines[at]
    elif change == "dedent":
        lines[at] = re.sub("^ ", "", lines[at])
    elif change == "comment":
        lines.insert(at, " " * draw(st.integers(0, 6)) + "# note: [x, {y")
    else:
        lines.insert(at, "")
    return "\n".join(lines)


_fuzz = settings(
    max_examples=300,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@_fuzz
@given(documents())
def test_generated_documents(text: str) -> None:
    check(text)


@_fuzz
@given(damaged_documents())
def test_damaged_documents(text: str) -> None:
    check(text)


def test_generated_documents_mostly_take_the_fast_path() -> None:
    """The fuzz above would pass if the fast path always stepped aside: show it does not."""
    texts = [
        yaml.dump({"a": [1, {"b": "c" * n}], "d": {"e": None, "f": "x y"}}, default_flow_style=flow)
        for n in range(1, 60, 7)
        for flow in (False, None, True)
    ]
    assert all(check(text) for text in texts)


_TOKEN_ALPHABET = "0123456789+-._:eEbxoXOabcdfyYnNtTrRuUlLsS~<=, "


@settings(max_examples=1500, derandomize=True, database=None, deadline=None)
@given(
    st.one_of(
        st.text(alphabet=_TOKEN_ALPHABET, min_size=1, max_size=8),
        st.sampled_from(TRICKY),
    )
)
def test_a_plain_scalar_said_to_agree_does(text: str) -> None:
    """Whenever the fast path trusts yaml-rs's reading of a plain scalar, PyYAML reads the same."""
    if not plain_agrees(text):
        return
    document = f"k: {text}\n"
    try:
        ours = pyyaml(document)
    except LoadError:
        return  # not a plain scalar on its own (`k: a: b`); the scan never asks about those
    theirs = yaml_rs.loads(document, parse_datetime=False)
    assert difference(theirs["k"], ours["k"]) is None, (text, ours, theirs)
