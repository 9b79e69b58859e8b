"""The one escaping path from untrusted doc text into generated Python source."""

from __future__ import annotations

import re
from typing import Any

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029\x85]")


def py_literal(value: Any) -> str:
    """A Python literal for a JSON value; `repr` of str/int/float/bool/None is always inert."""
    if value is None or isinstance(value, bool | int | str):
        return repr(value)
    if isinstance(value, float):
        return repr(value) if value == value and value not in (float("inf"), float("-inf")) else "None"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(py_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{py_literal(str(k))}: {py_literal(v)}" for k, v in value.items()) + "}"
    return repr(str(value))


def docstring_body(text: str | None) -> str:
    """Text safe to place between triple quotes: no closing quotes, no escapes, no odd breaks.

    Backslashes are doubled (so `\\N{...}` or a trailing backslash cannot act), every `"` is
    escaped (so no run of them can close the string), and control and line-separator
    characters that Python treats as line ends are dropped.
    """
    if not text:
        return ""
    cleaned = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    cleaned = cleaned.replace("\\", "\\\\").replace('"', '\\"')
    lines = [line.rstrip() for line in cleaned.strip().split("\n")]
    return "\n".join(lines)


def comment(text: str | None) -> str:
    """One line of text for a `#` comment."""
    if not text:
        return ""
    return " ".join(_CONTROL.sub(" ", text).split())
