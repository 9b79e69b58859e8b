"""JSON Schema keywords beside a schema's shape: constraints and annotations.

Constraints (lengths, bounds, counts, patterns) become IR constraints. Values no schema can
have are dropped, so the OpenAPI export stays valid; the schema reader reports each with its
line. Annotations (description, default, examples, flags) describe one use of a schema, so
they also apply beside a `$ref` or a combinator.
"""

from __future__ import annotations

import math
import re
from typing import Any

from generator.ir import EMPTY_CONSTRAINTS, Constraints, Kind, Schema, with_changes

CONSTRAINT_KEYS = {
    "minLength": "min_length",
    "maxLength": "max_length",
    "pattern": "pattern",
    "minimum": "minimum",
    "maximum": "maximum",
    "multipleOf": "multiple_of",
    "minItems": "min_items",
    "maxItems": "max_items",
}


def _num(value: Any) -> float | int | None:
    """A finite number: YAML's `.inf` and `.nan` (JSON's `Infinity`) bound nothing and have no
    JSON spelling in the export."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value if isinstance(value, int) or math.isfinite(value) else None


# Counts cannot be negative, a multiple must be positive and a pattern must compile: such a
# value would make the export invalid, so it is dropped (and reported by SchemaReader._plain).
COUNTS = ("minLength", "maxLength", "minItems", "maxItems")
BOUNDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
CHECKED = (*COUNTS, "multipleOf", "pattern", *BOUNDS)  # the keys constraint_problem knows


def constraint_problem(key: str, value: Any) -> str | None:
    """What makes a constraint's value impossible, for its warning; None when it is usable."""
    if key == "pattern":  # the export's validator checks patterns as Python regexes
        try:
            re.compile(value) if isinstance(value, str) else None
        except (re.error, RecursionError, OverflowError):
            return "is not a regular expression"
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return "is not a finite number"
    number = _num(value)
    if number is not None and (
        (key in COUNTS and number < 0) or (key == "multipleOf" and number <= 0)
    ):
        return "is impossible"
    return None


# Every key read_constraints reads: most schemas have none of them.
_KEYS_READ = frozenset((*CONSTRAINT_KEYS, "exclusiveMinimum", "exclusiveMaximum", "uniqueItems"))


def read_constraints(node: dict[str, Any], base: Constraints) -> Constraints:
    if node.keys().isdisjoint(_KEYS_READ):
        return base
    values: dict[str, Any] = {}
    for key, attr in CONSTRAINT_KEYS.items():
        if key in node:
            value = node[key] if attr == "pattern" else _num(node[key])
            if attr == "pattern" and not isinstance(value, str):
                continue
            if value is not None and constraint_problem(key, value) is None:
                values[attr] = int(value) if attr.endswith(("length", "items")) else value
    # 3.0 spells exclusive bounds as booleans beside minimum/maximum; 3.1 as numbers.
    for key, attr, bound in (
        ("exclusiveMinimum", "exclusive_minimum", "minimum"),
        ("exclusiveMaximum", "exclusive_maximum", "maximum"),
    ):
        flag = node.get(key)
        if flag is True and bound in values:
            values[attr] = values.pop(bound)
        elif _num(flag) is not None:
            values[attr] = flag
    if node.get("uniqueItems") is True:
        values["unique_items"] = True
    if not values:
        return base
    if base is EMPTY_CONSTRAINTS:  # the usual case: nothing to keep from it
        return Constraints(**values)
    return with_changes(base, **values)


def str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def use_keywords(node: dict[str, Any]) -> dict[str, Any]:
    """The keywords that describe a use of a schema rather than its shape, as Schema fields
    (format, nullable and constraints aside: a shape may carry them too)."""
    found: dict[str, Any] = {}
    for key in ("description", "title"):
        value = str_or_none(node.get(key))
        if value is not None:
            found[key] = value
    if "default" in node:
        found["default"] = node["default"]
    if "example" in node:
        found["example"] = node["example"]
    elif isinstance(node.get("examples"), list) and node["examples"]:
        found["example"] = node["examples"][0]
    flags = (("deprecated", "deprecated"), ("readOnly", "read_only"), ("writeOnly", "write_only"))
    for key, attr in flags:
        if node.get(key) is True:
            found[attr] = True
    return found


def annotate(schema: Schema, node: dict[str, Any], source: Any) -> Schema:
    """The schema as used at `source`, where `node` may describe it further."""
    changes = use_keywords(node)
    format_ = str_or_none(node.get("format"))
    if format_ is not None:
        changes["format"] = format_
    if node.get("nullable") is True:
        changes["nullable"] = True
    if schema.kind is not Kind.REF:
        changes["constraints"] = read_constraints(node, schema.constraints)
    elif any(k in node for k in CONSTRAINT_KEYS):
        changes["constraints"] = read_constraints(node, EMPTY_CONSTRAINTS)
    return with_changes(schema, source=source, **changes)
