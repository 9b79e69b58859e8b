"""YAML through PyYAML's C parser, with the line of every mapping; what the fast path leaves."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml

from generator.load.lines import ALIAS_GROWTH_FLOOR, MAX_ALIAS_GROWTH, MAX_NESTING, LineDict, LoadError

# The C parser is several times faster; fall back where libyaml is missing.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
            if expanded > max(ALIAS_GROWTH_FLOOR, written * MAX_ALIAS_GROWTH):
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


def load(text: str, line_offset: int) -> Any:
    """The document, with lines counted from its own start; errors name the page's line."""
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
    return data
