"""The layout rules against black itself: whatever `layout` writes, black must leave alone.

Each case is built at many name lengths so every rule is crossed at the 88-column edge,
where black changes its mind; a failure prints the case and the diff black wanted.
"""

from __future__ import annotations

import difflib
import subprocess
import sys
from pathlib import Path

import black
import pytest

from generator.emit.python.layout.formatting import Layout
from generator.emit.python.methods import _closing
from generator.emit.python.layout.rules import (
    Seq,
    Union_,
    Unsure,
    annotated,
    call,
    class_line,
    def_line,
    import_line,
    kw,
    render,
    statement,
)
from generator.emit.python.text import literal_node, py_str
from tests.conftest import ROOT, SHARED

MODE = black.Mode()
LENGTHS = range(4, 90, 3)


def _name(n: int, stem: str = "name") -> str:
    return (stem + "_" + "x" * n)[: max(n, 1)].rstrip("_") or "n"


def _assert_black_keeps(source: str) -> None:
    formatted = black.format_str(source, mode=MODE)
    if formatted != source:
        diff = "\n".join(
            difflib.unified_diff(source.splitlines(), formatted.splitlines(), lineterm="")
        )
        pytest.fail(f"black changes the layout:\n{diff}")


def _literal(n: int) -> Seq:
    return Seq("Literal", tuple(py_str(f"v{i}_" + "z" * (n // 4)) for i in range(4)), "[]")


UNSURE: list[str] = []


def _or_black(make: object, *args: object) -> str | None:
    """A layout, or None where the rules defer to black (the build then formats that block)."""
    try:
        return make(*args)  # type: ignore[operator]
    except Unsure as reason:
        UNSURE.append(str(reason))
        return None


def _field_cases(n: int) -> list[str | None]:
    name = _name(n)
    model = "Model" + "M" * n
    lit = _literal(n)
    return [
        _or_black(annotated, name, "str", None, 4),
        _or_black(annotated, name, model, None, 4),
        _or_black(annotated, name, Union_((model, "None")), "None", 4),
        _or_black(annotated, name, Union_((lit, "str", "None")), "None", 4),
        _or_black(annotated, name, lit, None, 4),
        _or_black(annotated, name, Seq("list", (lit,), "[]"), None, 4),
        _or_black(annotated, name, Seq("list", (Union_((model, model + "B")),), "[]"), None, 4),
        _or_black(annotated, name, Union_((Seq("list", (model,), "[]"), "None")), "None", 4),
        _or_black(
            annotated,
            name,
            Union_((model, "None")),
            call("Field", "None", kw("alias", py_str(name + "W"))),
            4,
        ),
        _or_black(
            annotated,
            name,
            "str",
            call("Field", "...", kw("alias", py_str("w" * n)), kw("min_length", "1")),
            4,
        ),
        _or_black(annotated, name, Union_(("str", "None")), py_str("d" * n), 4),
        _or_black(annotated, name, Seq("dict", ("str", Union_((model, "None"))), "[]"), None, 4),
    ]


def _method(n: int) -> str:
    name = _name(n, "method")
    model = "models.Result" + "R" * n
    params = [
        "        "
        + annotated(_name(n, "arg"), Union_((_literal(n), "NotGiven")), "NOT_GIVEN", 8, ","),
        "        "
        + annotated(
            _name(n, "req"), Seq("list", (Union_((model, model + "X")),), "[]"), None, 8, ","
        ),
    ]
    request = Seq(
        "self._client.request",
        (
            py_str("post"),
            py_str("/v1/" + "p" * n),
            kw("cast_to", Union_((model, "None"))),
            kw(
                "query",
                call("strip_not_given", literal_node({f"k{i}": "v" * n for i in range(n % 7)})),
            ),
            kw(
                "json_body",
                call("model_body", model, literal_node({"key" * (n % 5 + 1): ["a" * n, 1, None]})),
            ),
        ),
    )
    body = "        " + statement("return", call("cast", py_str(model), request), 8)
    returns = "    " + _closing(model, Layout())
    return "\n".join([f"    def {name}(", "        self,", "        *,", *params, returns, body])


@pytest.mark.parametrize("n", LENGTHS)
def test_model_fields_are_laid_out_as_black_keeps_them(n: int) -> None:
    fields = "\n".join("    " + case for case in _field_cases(n) if case is not None)
    _assert_black_keeps(class_line("Model" + "C" * n, "BaseModel") + "\n" + fields + "\n")


@pytest.mark.parametrize("n", LENGTHS)
def test_statements_and_signatures_are_laid_out_as_black_keeps_them(n: int) -> None:
    target = "self." + _name(n, "attr")
    module = [
        import_line(".resources." + _name(n, "mod"), ["Async" + "R" * n, "R" * n]),
        "",
        statement(
            "ENVIRONMENTS", literal_node({"production": "https://" + "h" * n + ".example"}), 0
        ),
        statement(
            "Environment",
            Seq("Literal", tuple(py_str(f"e{i}" * (n // 8 + 1)) for i in range(3)), "[]"),
            0,
        ),
        "",
        "",
        "class Resource:",
        "    " + def_line(4, "__init__", ["self", "resource: " + "R" * n], "None"),
        "        "
        + statement(target, call("to_raw_response_wrapper", "resource." + _name(n, "m")), 8),
        "        " + statement(target, call("Wrapper" + "W" * n, "self"), 8),
        "        "
        + statement(
            "raw", Seq("await c.api.with_raw_response." + _name(n), (kw("a", py_str("s" * n)),)), 8
        ),
        "        " + statement("raw", Seq("await c.api." + _name(n), ()), 8),
        "",
        _method(n),
        "",
        "",
        def_line(0, "test_" + _name(n, "case"), [], "None"),
        "    "
        + statement(
            "result", Seq("client.res." + _name(n), (kw("x", literal_node(["y" * n] * 3)),)), 4
        ),
        "    " + statement("assert", call("isinstance", "result", "models." + "M" * n), 4),
    ]
    _assert_black_keeps("\n".join(module) + "\n")


def test_the_rules_cover_nearly_every_case() -> None:
    total = len(LENGTHS) * len(_field_cases(10))
    UNSURE.clear()
    for n in LENGTHS:
        _field_cases(n)
    assert len(UNSURE) < total // 10, UNSURE


def test_a_render_that_fits_stays_on_one_line() -> None:
    assert render(call("f", "a", kw("b", "1")), 0) == "f(a, b=1)"
    assert render(call("f", "a" * 90), 0) == "f(\n    " + "a" * 90 + ",\n)"


@pytest.mark.parametrize("document", ["gcore_iam_reseller_api.yaml", "twilio_api_v2010.json"])
def test_a_whole_sdk_from_a_bench_document_is_black_clean(document: str, tmp_path: Path) -> None:
    out = tmp_path / "sdk"
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "build",
            str(SHARED / "bench-specs" / document),
            "--name",
            "bench",
            "--out",
            str(out),
            "--no-validate",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr[-2000:]
    check = subprocess.run(
        [sys.executable, "-m", "black", "--check", "--quiet", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert check.returncode == 0, check.stderr[-2000:]
