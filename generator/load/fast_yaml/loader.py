"""Block-style YAML read fast: yaml-rs builds the values, a scan of the lines finds each mapping's line.

PyYAML's C loader still builds every node in Python; on a large OpenAPI document that is most of
the time `docs2sdk openapi` takes. yaml-rs (Rust) builds the same values about ten times faster but
reports no positions, and it reads YAML 1.2 where PyYAML reads YAML 1.1 (`on`, `017`, `1e3`, `1:20`
differ). `load` returns None, and the caller reads the text with PyYAML, unless it can vouch that
its result equals PyYAML's, lines included: anchors, aliases, tags, directives, several documents,
complex or merge keys, duplicate keys, flow collections over several lines, plain scalars the two
YAML versions type differently, or anything the scan does not recognise send it back.
`tests/readers/test_fast_yaml.py` holds it to PyYAML on every YAML document in the repository and on
generated ones.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml_rs

from generator.load.fast_yaml.flow import read_flow
from generator.load.fast_yaml.scalars import (
    NO_ALIASES,
    Bail,
    check_plain,
    check_plain_read_as_text,
    plain_agrees,
    plain_text,
)
from generator.load.lines import MAX_NESTING, LineDict

# yaml-rs recurses once per level and crashes the process far beyond any real document, so a line
# whose indentation and indicators reach this column is left to PyYAML (which measures depth first).
_MAX_COLUMN = 2000
_DEEP_LINE = re.compile(r"^[ \t?:-]{%d}" % _MAX_COLUMN, re.M)
# PyYAML refuses a surrogate written as an escape; yaml-rs pairs them into one character.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]|\\U0000[dD][89a-fA-F]")
_DOCUMENT_MARKS = re.compile(r"^(?:%|---|\.\.\.)", re.M)
# PyYAML refuses the first characters outright; it also counts CR, NEL, LS and PS as line breaks.
_NOT_PRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")

_KEY_END = re.compile(r":(?:[ \t]|$)")
_QUOTED = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|\'[^\']*(?:\'\'[^\']*)*\'')


def load(text: str, line_offset: int = 0) -> Any:
    """The document with PyYAML's values and LineDict lines, or None when PyYAML must read it."""
    if (
        _NOT_PRINTABLE.search(text)
        or _DOCUMENT_MARKS.search(text)
        or _DEEP_LINE.search(text)
        or _SURROGATE_ESCAPE.search(text)
    ):
        return None
    try:
        data = yaml_rs.loads(
            text,
            parse_datetime=False,
            alias_limits=NO_ALIASES,
            duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.LastWins,
        )
    except Exception:  # noqa: BLE001 - any refusal: PyYAML reads it and reports the error
        return None
    try:
        return _Scan(text, line_offset).document(data)
    except (Bail, RecursionError):
        return None


def _scalar_key(line: str, start: int, key: Any, explicit: bool) -> int:
    """Checks that `line` holds `key` as a scalar at `start`; returns the index after it.

    An implicit key must be followed by `:`; the index returned is then the one after the colon.
    """
    first = line[start : start + 1]
    if first in ('"', "'"):
        match = _QUOTED.match(line, start)
        if match is None:
            raise Bail
        raw, end = match.group(), match.end()
        if first == "'":
            text = raw[1:-1].replace("''", "'")
        elif "\\" in raw:
            if "\\u" in raw or "\\U" in raw:
                raise Bail  # surrogates and escapes the versions treat differently
            try:
                text = json.loads(raw)
            except ValueError:
                raise Bail from None
        else:
            text = raw[1:-1]
        if type(key) is not str or key != text:
            raise Bail
        if explicit:
            return end
        colon = _KEY_END.match(line, len(line) - len(line[end:].lstrip(" \t")))
        if colon is None:
            raise Bail
        return colon.end()
    if not first or first in "?&*!|>%@`[]{},#-:":
        raise Bail
    if explicit:
        text = plain_text(line[start:])
        end = start + len(text)
        if _KEY_END.search(text):
            raise Bail
    else:
        colon = _KEY_END.search(line, start)
        if colon is None:
            raise Bail
        text = line[start : colon.start()].rstrip(" \t")
        end = colon.end()
    if type(key) is str and key == text:
        check_plain_read_as_text(text)
    else:
        check_plain(text)
        if type(key) is not int or str(key) != text:
            raise Bail
    if " #" in text:
        raise Bail
    return end


class _Scan:
    """Walks yaml-rs's values and the lines together, in document order."""

    def __init__(self, text: str, line_offset: int) -> None:
        self.lines = text.split("\n")
        self.first_line = line_offset + 1  # LineDict lines are 1-based
        self.depth = 0

    def document(self, data: Any) -> Any:
        j, indent = self.next_content(0, -1)
        if j == len(self.lines) or not isinstance(data, (dict, list)):
            raise Bail  # empty and scalar documents are cheap for PyYAML
        line = self.lines[j]
        if line.startswith(("[", "{"), indent):
            value, after = self.value(data, j, indent, -1, in_mapping=False)
        elif isinstance(data, list):
            value, after = self.sequence(data, j, indent)
        else:
            value, after = self.mapping(data, j, indent)
        if self.next_content(after, indent)[0] != len(self.lines):
            raise Bail  # text the values do not account for
        return value

    def next_content(self, j: int, column: int) -> tuple[int, int]:
        """The first line from `j` that is not blank or a comment, and its indentation.

        Lines indented beyond `column` are skipped: they continue the value before them.
        """
        lines = self.lines
        for k in range(j, len(lines)):
            line = lines[k]
            stripped = line.lstrip(" ")
            if stripped and stripped[0] != "#":
                indent = len(line) - len(stripped)
                if indent <= column or column < 0:
                    return k, indent
        return len(lines), -1

    def nested(self, j: int, column: int) -> tuple[int, int]:
        """The first content line after `j`, which must be indented beyond `column`."""
        k, indent = self.next_content(j + 1, -1)
        if indent <= column:
            raise Bail
        return k, indent

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise Bail  # PyYAML's path reports it

    def mapping(self, data: dict[Any, Any], j: int, column: int) -> tuple[LineDict, int]:
        """A block mapping whose first key is at line `j`, `column`; returns it and the next line."""
        self.enter()
        out = LineDict()
        out.line = j + self.first_line
        after = j
        for index, (key, value) in enumerate(data.items()):
            if index:
                j, indent = self.next_content(after, column)
                if indent != column:
                    raise Bail
            at, start = self.key(j, column, key)
            item, after = self.value(value, at, start, column, in_mapping=True)
            if type(item) is LineDict and "$ref" not in item:
                item.line = j + self.first_line  # PyYAML's loader points at the key
            out[key] = item
        if self.next_content(after, column)[1] == column:
            raise Bail  # a key the values do not have: a duplicate
        self.depth -= 1
        return out, after

    def key(self, j: int, column: int, key: Any) -> tuple[int, int]:
        """Checks that line `j` holds `key` at `column`; returns where its value starts.

        Also reads an explicit key (`? key` and `: value` on the line below it), which PyYAML
        writes for keys longer than 128 characters.
        """
        line = self.lines[j]
        if line[column : column + 1] == "?" and line[column + 1 : column + 2] in ("", " ", "\t"):
            start = len(line) - len(line[column + 1 :].lstrip(" \t"))
            rest = _scalar_key(line, start, key, explicit=True)
            if plain_text(line[rest:].lstrip(" \t")):
                raise Bail
            j, indent = self.next_content(j + 1, column)
            line = self.lines[j] if indent == column else ""
            if line[column : column + 1] != ":" or line[column + 1 : column + 2] not in ("", " "):
                raise Bail
            return j, len(line) - len(line[column + 1 :].lstrip(" \t"))
        start = _scalar_key(line, column, key, explicit=False)
        return j, len(line) - len(line[start:].lstrip(" \t"))

    def value(
        self, value: Any, j: int, start: int, column: int, in_mapping: bool
    ) -> tuple[Any, int]:
        """The value starting at line `j`, index `start`; returns it and the line after it."""
        line = self.lines[j]
        first = line[start : start + 1]
        kind = type(value)
        if not first or first == "#":  # on the lines below
            if kind is dict:
                k, indent = self.nested(j, column)
                return self.mapping(value, k, indent)
            if kind is list:
                k, indent = self.next_content(j + 1, -1)
                if indent < column or (indent == column and not in_mapping):
                    raise Bail
                return self.sequence(value, k, indent)
            if value is None or kind is str and plain_agrees(value):
                return value, j + 1
            raise Bail
        if first in "[{":
            if kind not in (dict, list):
                raise Bail
            return read_flow(self.lines, j, start, value, self.first_line, self.depth)
        if kind is dict and first not in "&*!%@`|>":  # `: key: value` after an explicit key
            return self.mapping(value, j, start)
        if first in "|>\"'":  # block or quoted scalars: text to both versions
            if kind is not str:
                raise Bail
            return value, j + 1
        if first in "&*!%@`?" or kind is list:
            raise Bail
        text = plain_text(line[start:])
        if kind is not str:
            check_plain(text)
        elif value == text:
            check_plain_read_as_text(text)
        return value, j + 1

    def sequence(self, data: list[Any], j: int, column: int) -> tuple[list[Any], int]:
        """A block sequence whose first `-` is at line `j`, `column`."""
        self.enter()
        out: list[Any] = []
        after = j
        for index, item in enumerate(data):
            if index:
                j, indent = self.next_content(after, column)
                if indent != column:
                    raise Bail
            line = self.lines[j]
            start = column + 1
            if line[column:start] != "-" or line[start : start + 1] not in ("", " ", "\t"):
                raise Bail
            start = len(line) - len(line[start:].lstrip(" \t"))
            rest = line[start:]
            kind = type(item)
            value: Any
            if kind is dict and rest and rest[0] not in "#[{":
                value, after = self.mapping(item, j, start)
            elif kind is list and rest[:1] == "-" and rest[1:2] in ("", " ", "\t"):
                value, after = self.sequence(item, j, start)
            else:
                value, after = self.value(item, j, start, column, in_mapping=False)
            out.append(value)
        k, indent = self.next_content(after, column)
        if indent == column and self.lines[k][column : column + 2].rstrip() == "-":
            raise Bail  # an item the values do not have
        self.depth -= 1
        return out, after
