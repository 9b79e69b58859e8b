"""YAML and JSON that remember the line of every mapping, for diagnostics."""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterator
from typing import Any

import yaml

# The C parser is several times faster; fall back where libyaml is missing.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LineDict(dict[str, Any]):
    """A mapping from a document, with the 1-based line it starts on (0 when unknown)."""

    __slots__ = ("line",)
    line: int


class LineLoader(_SafeLoader):  # type: ignore[valid-type,misc]
    pass


def _construct_map(loader: LineLoader, node: yaml.MappingNode) -> Iterator[LineDict]:
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    yield mapping
    mapping.update(loader.construct_mapping(node))
    # A nested mapping starts on the line after its key; diagnostics should point at the key,
    # except for a `$ref` mapping, whose own line names the reference.
    constructed = loader.constructed_objects
    for key_node, value_node in node.value:
        if value_node.__class__ is yaml.MappingNode and not any(
            k.value == "$ref" for k, _ in value_node.value
        ):
            child = constructed.get(value_node)
            if child.__class__ is LineDict:
                child.line = key_node.start_mark.line + 1


def _construct_timestamp_as_text(loader: LineLoader, node: yaml.ScalarNode) -> str:
    # OpenAPI examples and defaults are JSON values: keep dates as the text written.
    return str(loader.construct_scalar(node))


LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)
LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp_as_text)


class LoadError(Exception):
    def __init__(self, message: str, line: int, code: str = "parse") -> None:
        super().__init__(message)
        self.line = line
        self.code = code


# Real documents nest ~20 levels (Telnyx, Stripe: 17). libyaml composes nodes recursively in
# C, where tens of thousands of levels crash the process, and deep values would later exhaust
# Python's stack, so nesting is measured first (YAML from the parser's events) and capped.
MAX_NESTING = 256
# Aliases let a few lines stand for billions of nodes ("billion laughs"); real documents
# repeat little. Refused when aliases make the document this many times its written size.
MAX_ALIAS_GROWTH = 10
_ALIAS_GROWTH_FLOOR = 100_000  # nodes; below this, any amount of repetition is harmless

# A JSON string (escapes included) or a bracket: the brackets outside strings, in order.
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[][{}]')


def _json_object_lines(text: str, line_offset: int) -> list[int]:
    """The line each JSON object starts on, in the order the decoder finishes them.

    The decoder calls the pairs hook when an object closes, so the n-th hook call is the
    n-th `}` in the text; its line is that of the matching `{`. Refuses deep nesting.
    """
    newlines = [m.start() for m in re.finditer("\n", text)]
    opened: list[tuple[str, int]] = []
    lines: list[int] = []
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        if token in "{[":
            opened.append((token, match.start()))
            if len(opened) > MAX_NESTING:
                line = bisect.bisect_left(newlines, match.start()) + 1 + line_offset
                raise LoadError(
                    f"nested deeper than {MAX_NESTING} levels; not read", line, code="too-deep"
                )
        elif token in "}]" and opened:
            bracket, start = opened.pop()
            if bracket == "{":
                lines.append(bisect.bisect_left(newlines, start) + 1 + line_offset)
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


def _check_shape(text: str, line_offset: int) -> None:
    """Refuse YAML nested deeper than MAX_NESTING or blown up by aliases, before composing it."""
    depth = written = expanded = 0  # `expanded`: nodes counted as if every alias were copied
    subtree: list[int] = []  # expanded size of each open collection
    anchors: list[str | None] = []  # the anchor of each open collection
    sizes: dict[str, int] = {}  # expanded size of each anchored node
    for event in yaml.parse(text, Loader=_SafeLoader):
        kind = event.__class__
        anchor = getattr(event, "anchor", None)
        if kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            depth += 1
            if depth > MAX_NESTING:
                raise LoadError(
                    f"nested deeper than {MAX_NESTING} levels; not read",
                    _line(event, line_offset),
                    code="too-deep",
                )
            written, expanded = written + 1, expanded + 1
            subtree.append(1)
            anchors.append(anchor)
            continue
        if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            depth -= 1
            size, anchor = subtree.pop(), anchors.pop()
        elif kind is yaml.ScalarEvent:
            size = 1
            written, expanded = written + 1, expanded + 1
        elif kind is yaml.AliasEvent:
            size = sizes.get(anchor or "", 1)
            expanded += size
            if expanded > max(_ALIAS_GROWTH_FLOOR, written * MAX_ALIAS_GROWTH):
                raise LoadError(
                    f"aliases expand the document to over {expanded} nodes from {written} "
                    "written (a YAML bomb?); not read",
                    _line(event, line_offset),
                    code="yaml-aliases",
                )
            anchor = None  # an alias refers to an anchor; it does not define one
        else:
            continue
        if anchor:
            sizes[anchor] = size
        if subtree:
            subtree[-1] += size


def _line(event: yaml.Event, line_offset: int) -> int:
    mark = event.start_mark
    return (mark.line + 1 if mark is not None else 1) + line_offset


def load_yaml(text: str, line_offset: int = 0) -> Any:
    """Parse YAML; mapping lines are shifted by `line_offset` (for blocks inside a page)."""
    fast = _fast_load(text, line_offset)
    if fast is not None:
        return fast
    try:
        if len(text) > MAX_NESTING or "*" in text:  # shorter text cannot nest that deep
            _check_shape(text, line_offset)
        data = yaml.load(text, Loader=LineLoader)  # noqa: S506 - a safe loader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        message = f"invalid YAML: {exc.problem or exc}"
        if exc.context and exc.context_mark and exc.context_mark.line + 1 + line_offset != line:
            # "did not find expected ']'" is noticed lines later than the `[` left open
            message += f" ({exc.context} at line {exc.context_mark.line + 1 + line_offset})"
        raise LoadError(message, line) from None
    except yaml.YAMLError as exc:
        raise LoadError(f"invalid YAML: {exc}", 1 + line_offset) from None
    except RecursionError:
        raise LoadError("invalid YAML: nested too deeply", 1 + line_offset) from None
    if line_offset:
        _shift(data, line_offset)
    return data


def _fast_load(text: str, line_offset: int) -> Any:
    """yaml-rs with a line scan where it can vouch for the result (see fast_yaml), else None."""
    try:
        from . import fast_yaml  # imports yaml-rs; its module imports this one
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


def line_of(node: Any, default: int = 0) -> int:
    return node.line if isinstance(node, LineDict) and node.line else default
