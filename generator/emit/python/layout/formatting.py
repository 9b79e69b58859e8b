"""When black runs: only on code our own layout could not vouch for.

Emitted code is laid out by `layout` in the form black keeps; black is the fallback for a
block the layout rules do not cover (`Unsure`) and for any module with a line longer than
the limit that is not a lone string black could not split either. DOCS2SDK_LAYOUT=black runs
black on every module, to tell a layout bug from a change in black.
"""

from __future__ import annotations

import os
import re

from generator.emit.python.layout.rules import LINE_LENGTH, Node, Unsure, annotated, flat, flat_annotated, flat_statement, render, statement
# A line black leaves long: one atom (a string, a dotted name), maybe keyed (`key=`,
# `"key": `), followed by commas or closing brackets.
_ATOM = r"""(?:[rbfuRBFU]{0,2}"(?:[^"\\]|\\.)*"|[rbfuRBFU]{0,2}'(?:[^'\\]|\\.)*'|(?:await )?[A-Za-z_][A-Za-z0-9_.]*(?:\(\))?)"""
_LONE_STRING = re.compile(
    rf"""^\s*(?:[A-Za-z_][A-Za-z0-9_]*=|"(?:[^"\\]|\\.)*":\s){{0,1}}{_ATOM}[,)\]}}]*$"""
)
_OPENING = re.compile(r"[(\[{]$")


def run_black(source: str) -> str:
    import black  # imported here: most builds never need it

    return black.format_str(source, mode=black.Mode())


def black_block(text: str) -> str:
    """One top-level block (a class, say) as black formats it, without the final newline."""
    return run_black(text).rstrip("\n")


def format_python(source: str) -> str:
    """The source, black-formatted: unchanged when our layout already is what black writes."""
    if os.environ.get("DOCS2SDK_LAYOUT") == "black" or needs_black(source):
        return run_black(source)
    return source


def needs_black(source: str) -> bool:
    in_docstring = False
    for line in source.split("\n"):
        quotes = line.count('"""')
        if in_docstring or quotes:
            if quotes % 2:
                in_docstring = not in_docstring
            continue
        if len(line) > LINE_LENGTH and not _unsplittable(line):
            return True
    return False


def _unsplittable(line: str) -> bool:
    """A long line black would leave long: a comment, a lone atom, or the head of a split."""
    if line.lstrip().startswith("#") or _LONE_STRING.match(line):
        return True
    # the head of a split placed where black places it: every bracket before the last closed
    return bool(_OPENING.search(line)) and "'" not in line and '"' not in line and _balanced(line[:-1])


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


class Layout:
    """Layout helpers for templates; a template that hit `Unsure` is handed to black whole."""

    def __init__(self) -> None:
        self.unsure = False

    def ann(self, name: str, annotation: Node, default: Node | None, indent: int, suffix: str = "") -> str:
        try:
            return annotated(name, annotation, default, indent, suffix)
        except Unsure:
            self.unsure = True
            return flat_annotated(name, annotation, default, suffix)

    def expr(self, node: Node, indent: int, prefix: str = "", suffix: str = "") -> str:
        try:
            return render(node, indent, prefix, suffix)
        except Unsure:
            self.unsure = True
            return prefix + flat(node) + suffix

    def stmt(self, target: str, value: Node, indent: int) -> str:
        try:
            return statement(target, value, indent)
        except Unsure:
            self.unsure = True
            return flat_statement(target, value)

    def finish(self, source: str) -> str:
        if self.unsure:
            return run_black(source)
        return format_python(source)
