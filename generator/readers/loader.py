"""YAML and JSON that remember the line of every mapping, for diagnostics."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import yaml

# The C parser is several times faster; fall back where libyaml is missing.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LineDict(dict[str, Any]):
    """A mapping from a document, with the 1-based line it starts on (0 when unknown)."""

    __slots__ = ("line",)
    line: int


class _LineLoader(_SafeLoader):  # type: ignore[valid-type,misc]
    pass


def _construct_map(loader: _LineLoader, node: yaml.MappingNode) -> Iterator[LineDict]:
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    yield mapping
    mapping.update(loader.construct_mapping(node))
    # A nested mapping starts on the line after its key; diagnostics should point at the key,
    # except for a `$ref` mapping, whose own line names the reference.
    constructed = loader.constructed_objects
    for key_node, value_node in node.value:
        if value_node.__class__ is yaml.MappingNode and not any(k.value == "$ref" for k, _ in value_node.value):
            child = constructed.get(value_node)
            if child.__class__ is LineDict:
                child.line = key_node.start_mark.line + 1


def _construct_timestamp_as_text(loader: _LineLoader, node: yaml.ScalarNode) -> str:
    # OpenAPI examples and defaults are JSON values: keep dates as the text written.
    return str(loader.construct_scalar(node))


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp_as_text)


class LoadError(Exception):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


def _json_hook(pairs: list[tuple[str, Any]]) -> LineDict:
    mapping = LineDict(pairs)
    mapping.line = 0  # the json module does not tell lines
    return mapping


def load_json(text: str, line_offset: int = 0) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_json_hook)
    except json.JSONDecodeError as exc:
        raise LoadError(f"invalid JSON: {exc.msg}", exc.lineno + line_offset) from None
    except RecursionError:
        raise LoadError("invalid JSON: nested too deeply", 1 + line_offset) from None


def load_yaml(text: str, line_offset: int = 0) -> Any:
    """Parse YAML; mapping lines are shifted by `line_offset` (for blocks inside a page)."""
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a safe loader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        raise LoadError(f"invalid YAML: {exc.problem or exc}", line) from None
    except yaml.YAMLError as exc:
        raise LoadError(f"invalid YAML: {exc}", 1 + line_offset) from None
    except RecursionError:
        raise LoadError("invalid YAML: nested too deeply", 1 + line_offset) from None
    if line_offset:
        _shift(data, line_offset)
    return data


def _shift(node: Any, offset: int) -> None:
    stack = [node]
    while stack:
        cur = stack.pop()
        if isinstance(cur, LineDict):
            cur.line += offset
            stack.extend(cur.values())
        elif isinstance(cur, list):
            stack.extend(cur)


def load_any(text: str, line_offset: int = 0) -> Any:
    """JSON when it looks like JSON (faster, and PyYAML rejects some JSON escapes), else YAML."""
    if text.lstrip()[:1] in ("{", "["):
        try:
            return load_json(text, line_offset)
        except LoadError:
            pass
    return load_yaml(text, line_offset)


def line_of(node: Any, default: int = 0) -> int:
    return node.line if isinstance(node, LineDict) and node.line else default
