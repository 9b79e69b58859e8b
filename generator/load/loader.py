"""YAML and JSON that remember the line of every mapping, for diagnostics.

YAML goes to the fast path (fast_yaml: yaml-rs and a line scan) and, where that steps aside, to
PyYAML (pyyaml_loader), which is imported only then. DOCS2SDK_YAML=pyyaml sends everything to
PyYAML, to tell a fast-path bug from a problem in the document.
"""

from __future__ import annotations

import json
import os
import re
from typing import Any

from generator.load.lines import MAX_NESTING, LineDict, LoadError


# Everything up to the next bracket outside a string, then that bracket (or the end). The
# engine steps over strings itself, so Python sees one match per bracket instead of one per
# string (Twilio: 23,000 against 74,000). Possessive and unrolled, it never backtracks: an
# unterminated string runs to the end, and every position matches, so the scan stays linear.
_TO_BRACKET = re.compile(
    r'[^"\[\]{}]*+(?:"[^"\\]*+(?:\\.[^"\\]*+)*+"?[^"\[\]{}]*+)*+([\[\]{}]|\Z)', re.S
)


def _json_object_lines(text: str, line_offset: int) -> list[int]:
    """The line each JSON object starts on, in the order the decoder finishes them.

    The decoder calls the pairs hook when an object closes, so the n-th hook call is the
    n-th `}` in the text; its line is that of the matching `{`. Refuses deep nesting.
    """
    opened: list[int] = []  # per open bracket: the line of a `{`, 0 for a `[`
    lines: list[int] = []
    line, counted = 1 + line_offset, 0
    for match in _TO_BRACKET.finditer(text):
        bracket = match[1]
        if bracket == "{" or bracket == "[":
            at = match.start(1)
            line += text.count("\n", counted, at)
            counted = at
            opened.append(line if bracket == "{" else 0)
            if len(opened) > MAX_NESTING:
                raise LoadError(
                    f"nested deeper than {MAX_NESTING} levels; not read", line, code="too-deep"
                )
        elif bracket and opened:
            start = opened.pop()
            if start:
                lines.append(start)
    return lines


def load_json(text: str, line_offset: int = 0) -> Any:
    lines = iter(_json_object_lines(text, line_offset))  # raises when nested too deeply

    def hook(pairs: list[tuple[str, Any]]) -> LineDict:
        mapping = LineDict(pairs)
        mapping.line = next(lines, 0)
        return mapping

    try:
        return json.loads(text, object_pairs_hook=hook)
    except json.JSONDecodeError as exc:
        raise LoadError(f"invalid JSON: {exc.msg}", exc.lineno + line_offset) from None
    except RecursionError:
        raise LoadError(
            "invalid JSON: nested too deeply", 1 + line_offset, code="too-deep"
        ) from None


def load_yaml(text: str, line_offset: int = 0) -> Any:
    """Parse YAML; mapping lines are shifted by `line_offset` (for blocks inside a page)."""
    fast = _fast_load(text, line_offset)
    if fast is not None:
        return fast
    from generator.load import pyyaml_loader  # PyYAML is imported only for what the fast path leaves

    data = pyyaml_loader.load(text, line_offset)
    if line_offset:
        _shift(data, line_offset)
    return data


def _fast_load(text: str, line_offset: int) -> Any:
    """yaml-rs with a line scan where it can vouch for the result (see fast_yaml), else None."""
    if os.environ.get("DOCS2SDK_YAML") == "pyyaml":
        return None
    try:
        from generator.load.fast_yaml import loader as fast_yaml  # imports yaml-rs
    except ImportError:  # without yaml-rs, PyYAML reads everything
        return None
    return fast_yaml.load(text, line_offset)


def _shift(node: Any, offset: int) -> None:
    seen: set[int] = set()  # aliases share nodes: shift each once
    stack = [node]
    while stack:
        cur = stack.pop()
        if id(cur) in seen:
            continue
        if isinstance(cur, LineDict):
            seen.add(id(cur))
            cur.line += offset
            stack.extend(cur.values())
        elif isinstance(cur, list):
            seen.add(id(cur))
            stack.extend(cur)


def load_any(text: str, line_offset: int = 0, lenient: list[LoadError] | None = None) -> Any:
    """JSON when it looks like JSON (faster, and PyYAML rejects some JSON escapes), else YAML.

    When text that looks like JSON is neither, the JSON error is the one reported. When it is
    not JSON but YAML accepts it (a trailing comma), the JSON error is added to `lenient`.
    """
    start = text.lstrip()[:1]
    if start in ("{", "["):
        try:
            return load_json(text, line_offset)
        except LoadError as json_error:
            try:
                data = load_yaml(text, line_offset)
            except LoadError:
                raise json_error from None
            quoted_keys = start == "[" or text.lstrip()[1:].lstrip()[:1] == '"'
            if lenient is not None and quoted_keys:  # JSON, not YAML flow style
                lenient.append(json_error)
            return data
    return load_yaml(text, line_offset)
