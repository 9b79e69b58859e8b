"""JSON Schema constraints (lengths, bounds, counts, patterns) into IR constraints.

Values no schema can have are dropped, so the OpenAPI export stays valid; the schema reader
reports each with its line.
"""

from __future__ import annotations

import re
from typing import Any

from ..ir import Constraints

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
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


# Counts cannot be negative, a multiple must be positive and a pattern must compile: such a
# value would make the export invalid, so it is dropped (and reported by SchemaReader._plain).
COUNTS = ("minLength", "maxLength", "minItems", "maxItems")
CHECKED = (*COUNTS, "multipleOf", "pattern")  # the keys `impossible` knows about


def impossible(key: str, value: Any) -> bool:
    if key == "pattern":  # the export's validator checks patterns as Python regexes
        try:
            re.compile(value) if isinstance(value, str) else None
        except (re.error, RecursionError, OverflowError):
            return True
        return False
    number = _num(value)
    if number is None:
        return False
    return (key in COUNTS and number < 0) or (key == "multipleOf" and number <= 0)


def read_constraints(node: dict[str, Any], base: Constraints) -> Constraints:
    values: dict[str, Any] = {}
    for key, attr in CONSTRAINT_KEYS.items():
        if key in node:
            value = node[key] if attr == "pattern" else _num(node[key])
            if attr == "pattern" and not isinstance(value, str):
                continue
            if value is not None and not impossible(key, value):
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
    merged = {f: getattr(base, f) for f in base.__dataclass_fields__}
    merged.update(values)
    return Constraints(**merged)
