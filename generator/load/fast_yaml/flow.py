"""Flow collections (`{...}`, `[...]`) for the fast YAML path: lines of their mappings, and checks.

A collection on one line gives all its mappings that line. Over several lines (wrapped JSON-like
documents), the tokens are walked with yaml-rs's values to find the line of each key and `{`.
Quoted scalars are blanked out first, so brackets inside them never count.
"""

from __future__ import annotations

import re
from typing import Any

from generator.load.fast_yaml.scalars import Bail, check_plain, plain_text
from generator.load.lines import MAX_NESTING, LineDict

# A quoted scalar, possibly over several lines; escapes never end it.
_QUOTED_ANYWHERE = re.compile(r'"[^"\\]*(?:\\[\s\S][^"\\]*)*"|\'[^\']*(?:\'\'[^\']*)*\'')
_GLUED_QUOTE = re.compile(r"[^\s\[\]{},:\x00]\x00|\x00[^\s\[\]{},:\x00]")
_FLOW_PLAIN = re.compile(r"[^\x00\[\]{},:\s][^\x00\[\]{},:\n]*(?::(?!\s)[^\x00\[\]{},:\n]*)*")
# A plain scalar in a flow collection may go on over lines.
_FLOW_TOKEN = re.compile(
    r"[][{},\n]|:(?=\s)|\x00"
    r"|[^\x00\[\]{},:\s](?:[^\x00\[\]{},:\n]|:(?!\s)|\n[ \t]*(?=[^\x00\[\]{},:\s]))*"
)
_FLOW_CHUNKS = (4, 32, 512, 8192)  # lines


def _without_quoted(text: str) -> str:
    """`text` with each quoted scalar replaced by NUL (absent from accepted input), lines kept."""
    residue = _QUOTED_ANYWHERE.sub("\x00", text)
    if residue.count("\n") != text.count("\n"):  # a quoted scalar over lines: keep its lines
        residue = _QUOTED_ANYWHERE.sub(lambda m: "\x00" + "\n" * m.group().count("\n"), text)
    if "#" in residue or "'" in residue or '"' in residue or _GLUED_QUOTE.search(residue):
        raise Bail  # comments, unterminated quotes, or a quote inside plain text
    return residue


def _balanced(residue: str) -> bool:
    return residue.count("[") == residue.count("]") and residue.count("{") == residue.count("}")


def _check_flow_plain(residue: str) -> None:
    for match in _FLOW_PLAIN.finditer(residue):
        _check_flow_scalar(match.group())


def _check_flow_scalar(text: str) -> None:
    """A plain token in a flow collection: no anchor, alias, tag or dash, and typed alike."""
    if text[0] in "&*!%@`?|>" or text[:2] in ("- ", "-"):
        raise Bail
    check_plain(text.rstrip(" \t"))


class _FlowTokens:
    """Walks a flow collection's tokens and yaml-rs's values together, counting lines."""

    def __init__(self, residue: str, first_line: int, depth_left: int) -> None:
        self.tokens = _FLOW_TOKEN.finditer(residue)
        self.line = first_line
        self.depth_left = depth_left
        self.end = 0  # where the current token ends
        self.consumed = 0  # where the last token consumed ends
        self.advance()

    def advance(self) -> None:
        self.consumed = self.end
        for match in self.tokens:
            text = match.group()
            if text == "\n":
                self.line += 1
                continue
            self.kind, self.end = text, match.end()
            if text not in "[]{},:\x00":
                self.line += text.count("\n")
                _check_flow_scalar(text)
                self.kind = "s"
            return
        raise Bail  # the chunk ended first

    def node(self, value: Any) -> Any:
        kind = self.kind
        if kind in ("s", "\x00"):
            if type(value) in (dict, list) or (kind == "\x00" and type(value) is not str):
                raise Bail
            self.advance()
            return value
        self.depth_left -= 1
        if self.depth_left < 0:
            raise Bail
        if kind == "{" and type(value) is dict:
            out: Any = self.pairs(value, "}")
        elif kind == "[" and type(value) is list:
            self.advance()
            out = []
            for item in value:
                if (
                    self.kind in ("s", "\x00") and type(item) is dict
                ):  # `[a: b]`: a one-pair mapping
                    out.append(self.pairs(item, None, line=self.line))
                else:
                    out.append(self.node(item))
                self.separator("]")
            self.close("]")
        else:
            raise Bail
        self.depth_left += 1
        return out

    def pairs(self, value: dict[Any, Any], closer: str | None, line: int = 0) -> LineDict:
        out = LineDict()
        out.line = line if closer is None else self.line
        if closer is not None:
            self.advance()
        for key, item in value.items():
            key_line = self.line
            if self.kind not in ("s", "\x00"):
                raise Bail
            self.advance()
            if self.kind != ":":
                raise Bail
            self.advance()
            if self.kind in (",", closer):
                if item is not None:
                    raise Bail
                out[key] = None
            else:
                child = self.node(item)
                if type(child) is LineDict and "$ref" not in child:
                    child.line = key_line
                out[key] = child
            if closer is None:
                return out
            self.separator(closer)
        self.close(closer or "")
        return out

    def separator(self, closer: str) -> None:
        if self.kind == ",":
            self.advance()
        elif self.kind != closer:
            raise Bail

    def close(self, closer: str) -> None:
        if self.kind != closer:
            raise Bail
        try:
            self.advance()
        except Bail:
            self.consumed = self.end  # nothing after the outermost collection in this chunk


def _lines_everywhere(value: Any, line: int, depth_left: int) -> Any:
    """A flow collection on one line: PyYAML gives each of its mappings that line."""
    if depth_left <= 0:
        raise Bail
    if type(value) is dict:
        out = LineDict()
        out.line = line
        for key, item in value.items():
            if type(item) in (dict, list):
                item = _lines_everywhere(item, line, depth_left - 1)
            out[key] = item
        return out
    return [
        _lines_everywhere(item, line, depth_left - 1) if type(item) in (dict, list) else item
        for item in value
    ]


def read_flow(
    lines: list[str], j: int, start: int, value: Any, first_line: int, depth: int
) -> tuple[Any, int]:
    """The flow collection opening at line `j`, index `start`, with PyYAML's lines.

    Returns it and the index of the line after it.
    """
    try:
        residue = _without_quoted(lines[j][start:])
    except Bail:
        residue = ""  # a quoted scalar goes on to the next line
    if residue.rstrip(" \t")[-1:] in ("]", "}") and _balanced(residue):
        _check_flow_plain(residue)
        return _lines_everywhere(value, j + first_line, MAX_NESTING - depth), j + 1
    # Over several lines, each mapping has the line of its key or, in a sequence, its `{`.
    # The text it spans is not known before it is read: try growing pieces of the document.
    for size in _FLOW_CHUNKS:
        try:
            return _over_lines(lines, j, start, size, value, first_line, depth)
        except Bail:
            if j + size >= len(lines):
                break
    raise Bail


def _over_lines(
    lines: list[str], j: int, start: int, size: int, value: Any, first_line: int, depth: int
) -> tuple[Any, int]:
    residue = _without_quoted("\n".join(lines[j : j + size])[start:])
    tokens = _FlowTokens(residue, j + first_line, MAX_NESTING - depth)
    converted = tokens.node(value)
    end = tokens.consumed
    tail = residue[end : residue.find("\n", end) % (len(residue) + 1)]
    if plain_text(tail.lstrip(" \t")):
        raise Bail
    return converted, j + residue.count("\n", 0, end) + 1
