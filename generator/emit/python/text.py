"""The one escaping path from untrusted doc text into generated Python source."""

from __future__ import annotations

import re
from typing import Any

from generator.emit.python.layout.rules import Node, Pair, Seq, flat

# Control characters, line separators Python honours, and bidirectional overrides, which
# could make a docstring or comment read differently from what runs (Trojan Source).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029\x85\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def py_literal(value: Any) -> str:
    """A Python literal for a JSON value, on one line."""
    return flat(literal_node(value))


def literal_node(value: Any) -> Node:
    """A Python literal for a JSON value that `layout` may split; every scalar is inert."""
    if isinstance(value, str):
        return py_str(value)
    if isinstance(value, bytes):
        return "b" + py_str(value.decode("ascii"))  # only our own ASCII samples are bytes
    if value is None or isinstance(value, bool | int):
        return repr(value)
    if isinstance(value, float):
        return repr(value) if value == value and value not in (float("inf"), float("-inf")) else "None"
    if isinstance(value, list | tuple):
        return Seq("", tuple(literal_node(v) for v in value), "[]")
    if isinstance(value, dict):
        return Seq("", tuple(Pair(py_str(str(k)) + ": ", literal_node(v)) for k, v in value.items()), "{}")
    return py_str(str(value))


def py_str(text: str) -> str:
    """`repr(text)` in the quotes black prefers: double, unless that needs more escapes."""
    single = repr(text)
    if single.startswith('"'):  # repr chose double quotes: the text has ' and no "
        return single
    body = single[1:-1]
    if '"' not in text:
        return '"' + body.replace("\\'", "'") + '"'
    escaped_now = body.count("\\'")
    double = body.replace("\\'", "'").replace('"', '\\"')
    return '"' + double + '"' if double.count('\\"') <= escaped_now else single


def docstring_body(text: str | None) -> str:
    """Text safe to place between triple quotes: no closing quotes, no escapes, no odd breaks.

    Backslashes are doubled (so `\\N{...}` or a trailing backslash cannot act), every `"` is
    escaped (so no run of them can close the string), and control and line-separator
    characters that Python treats as line ends are dropped.
    """
    if not text:
        return ""
    cleaned = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    cleaned = cleaned.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "    ")
    lines = [line.rstrip() for line in cleaned.strip().split("\n")]
    # black re-indents docstrings by their common indent: give it none to remove
    rest = [line for line in lines[1:] if line]
    common = min((len(line) - len(line.lstrip()) for line in rest), default=0)
    return "\n".join([lines[0].strip()] + [line[common:] for line in lines[1:]])


def one_line_docstring(body: str) -> str:
    """A one-line docstring body as black leaves it: a space keeps a final quote off the closing ones."""
    return body + " " if body.endswith('"') else body


def comment(text: str | None) -> str:
    """One line of text for a `#` comment."""
    if not text:
        return ""
    return " ".join(_CONTROL.sub(" ", text).split())
