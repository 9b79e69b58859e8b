"""What loaded documents carry for diagnostics: mappings with their line, and load errors."""

from __future__ import annotations

from typing import Any


class LineDict(dict[str, Any]):
    """A mapping from a document, with the 1-based line it starts on (0 when unknown)."""

    __slots__ = ("line",)
    line: int


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
ALIAS_GROWTH_FLOOR = 100_000  # nodes; below this, any amount of repetition is harmless


def line_of(node: Any, default: int = 0) -> int:
    return node.line if isinstance(node, LineDict) and node.line else default


def pointer_target(root: Any, pointer: str) -> tuple[bool, Any]:
    """What a JSON pointer (`/components/schemas/a~1b`) names in `root`: (True, it), or (False, None)."""
    node = root
    for raw in pointer.split("/")[1:]:
        part = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return False, None
    return True, node
