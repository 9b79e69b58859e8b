"""Lay out generated expressions the way black would, so black need not run on them.

Black is the slowest step of a build (a 36,000-line models module takes it close to a
minute), yet its decisions on the few shapes we emit are simple to state:

- a bracketed sequence that fits on its line stays on one line;
- one that does not fit is split one item per line with a trailing comma, and black keeps
  that layout because a trailing comma is "magic";
- a subscript holding a single item is split without the comma (the comma would change
  the type: `list[int,]` is a tuple subscript);
- an annotated name whose line is too long gets its annotation, not its value, split,
  in the parenthesized form black uses for long type hints.

Where a layout falls outside these rules `Unsure` is raised and the caller hands that block
to black (`formatting.Layout`, `formatting.black_block`); `tests/test_layout.py` checks the
rules against black itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

LINE_LENGTH = 88


class Unsure(Exception):
    """This layout is not one black is known to keep; let black decide."""


@dataclass(frozen=True)
class Seq:
    """`head(items)`, `head[items]`, `{items}`, `[items]`: a bracketed comma-separated list."""

    head: str
    items: tuple[Node, ...]
    brackets: str = "()"

    @property
    def single_subscript(self) -> bool:
        return self.brackets == "[]" and bool(self.head) and len(self.items) == 1


@dataclass(frozen=True)
class Pair:
    """`key: value` in a dict display or `name=value` in a call: the value may split."""

    prefix: str
    value: Node


@dataclass(frozen=True)
class Union_:
    """`a | b | c` in a type annotation."""

    operands: tuple[Node, ...]


Node = Union[str, Seq, Pair, Union_]


def call(head: str, *items: Node) -> Seq:
    return Seq(head, tuple(items))


def kw(name: str, value: Node) -> Pair:
    return Pair(f"{name}=", value)


def flat(node: Node) -> str:
    if isinstance(node, str):
        return node
    if isinstance(node, Pair):
        return node.prefix + flat(node.value)
    if isinstance(node, Union_):
        return " | ".join(flat(o) for o in node.operands)
    inner = ", ".join(flat(i) for i in node.items)
    return f"{node.head}{node.brackets[0]}{inner}{node.brackets[1]}"


def fits(indent: int, text: str) -> bool:
    return indent + len(text) <= LINE_LENGTH and "\n" not in text


def render(node: Node, indent: int, prefix: str = "", suffix: str = "") -> str:
    """`prefix + node + suffix` starting at column `indent`; continuation lines carry their indent."""
    one = prefix + flat(node) + suffix
    if fits(indent, one):
        return one
    if isinstance(node, Pair):
        return render(node.value, indent, prefix + node.prefix, suffix)
    if isinstance(node, str):
        return one  # an atom black cannot split either (a long string)
    if isinstance(node, Union_):
        # split before each `|`, every operand at the same indent
        pad = " " * indent
        parts = [render(o, indent, (prefix if i == 0 else "| "), suffix if i == len(node.operands) - 1 else "")
                 for i, o in enumerate(node.operands)]
        return ("\n" + pad).join(parts)
    return _split(node, indent, prefix, suffix)


def _split(seq: Seq, indent: int, prefix: str, suffix: str) -> str:
    opening, closing = seq.brackets[0], seq.brackets[1]
    first = prefix + seq.head + opening
    if not seq.items:
        raise Unsure("empty brackets cannot be split")
    if not fits(indent, first) and any(c in first[:-1] for c in "([{"):
        raise Unsure("black may split a bracket before this one")
    pad = " " * (indent + 4)
    comma = "" if seq.single_subscript else ","
    body = [pad + render(item, indent + 4, "", comma) for item in seq.items]
    last = closing + suffix
    if not fits(indent, last):
        raise Unsure("the line after the bracket is too long")
    return "\n".join([first, *body, " " * indent + last])


def union_with(annotation: Node, operand: str) -> Union_:
    """`annotation | operand`, flattening a union so black sees one run of `|`."""
    operands = annotation.operands if isinstance(annotation, Union_) else (annotation,)
    return Union_((*operands, operand))


def flat_annotated(name: str, annotation: Node, default: Node | None, suffix: str = "") -> str:
    """`name: annotation = default` on one line, for black to lay out."""
    value = "" if default is None else f" = {flat(default)}"
    return f"{name}: {flat(annotation)}{value}{suffix}"


def flat_statement(target: str, value: Node) -> str:
    return _statement_head(target) + flat(value)


def _statement_head(target: str) -> str:
    return target + (" " if target in ("return", "assert") else " = ")


def annotated(name: str, annotation: Node, default: Node | None, indent: int, suffix: str = "") -> str:
    """`name: annotation = default` + suffix as black lays out a field or a parameter."""
    one = flat_annotated(name, annotation, default, suffix)
    if fits(indent, one):
        return one
    value = "" if default is None else f" = {flat(default)}"
    head = f"{name}: {flat(annotation)} = "
    if isinstance(default, Seq) and fits(indent, head + default.head + default.brackets[0]):
        return render(default, indent, head, suffix)
    if default is not None and fits(indent, head + "(") and suffix == "":
        # in an assignment (not a parameter) black parenthesizes the value when that fits
        if isinstance(default, str) or fits(indent + 4, flat(default)):
            return f"{head}(\n{' ' * (indent + 4)}{flat(default)}\n{' ' * indent})"
    tail = value + suffix
    if isinstance(annotation, str) and default is None:
        if not fits(indent + 4, annotation):
            return one  # wrapping would not make it fit: black leaves the line long
        return f"{name}: (\n{' ' * (indent + 4)}{annotation}\n{' ' * indent}){suffix}"
    if _is_union(annotation):
        return _wrapped_union(name, annotation, tail, indent)
    if isinstance(annotation, Seq):
        split = render(annotation, indent, f"{name}: ", tail)
        if fits(indent, f"{name}: {annotation.head}["):
            return split
        wrapped = f"{name}: (\n{' ' * (indent + 4)}{render(annotation, indent + 4)}\n{' ' * indent}){tail}"
        return wrapped if _all_fit(indent, wrapped) else split
    raise Unsure("a long annotation black may lay out another way")


def _is_union(node: Node) -> bool:
    return isinstance(node, Union_) and len(node.operands) > 1


def _wrapped_union(name: str, annotation: Node, tail: str, indent: int) -> str:
    assert isinstance(annotation, Union_)
    pad = " " * (indent + 4)
    if not fits(indent, f"){tail}"):
        raise Unsure("the value after a wrapped annotation is too long")
    return f"{name}: (\n{pad}{render(annotation, indent + 4)}\n{' ' * indent}){tail}"


def statement(target: str, value: Node, indent: int) -> str:
    """`target = value` (or `return value` with target "return") at statement level."""
    head = _statement_head(target)
    one = head + flat(value)
    if fits(indent, one):
        return one
    if isinstance(value, Seq):
        pad = " " * (indent + 4)
        if not value.items and _atom(value.head.removeprefix("await ").replace(".", "_")):
            return f"{head}(\n{pad}{flat(value)}\n{' ' * indent})"
        only = value.items[0] if len(value.items) == 1 else None
        if isinstance(only, str) and _atom(only) and value.brackets == "()":
            split = f"{head}{value.head}(\n{pad}{only}\n{' ' * indent})"
        else:
            split = render(value, indent, head)
        if fits(indent, split.split("\n", 1)[0]):
            return split
        # black's second opinion: the value in parentheses, taken when every line then fits
        wrapped = f"{head}(\n{pad}{render(value, indent + 4)}\n{' ' * indent})"
        if _all_fit(indent, wrapped):
            return wrapped
        return split
    if isinstance(value, str):
        return f"{head}(\n{' ' * (indent + 4)}{value}\n{' ' * indent})"
    raise Unsure("a long statement value")


def _atom(text: str) -> bool:
    """One token: black will not split a call around it, it wraps the call instead."""
    return text.isidentifier() or (text[:1] in "\"'" and text[-1:] == text[:1]) or text.isdigit()


def class_line(name: str, base: str) -> str:
    one = f"class {name}({base}):"
    return one if fits(0, one) else f"class {name}(\n    {base}\n):"


def _all_fit(indent: int, text: str) -> bool:
    """Every line fits; the first line of `text` starts at `indent`, the others carry theirs."""
    first, _, rest = text.partition("\n")
    return fits(indent, first) and all(len(line) <= LINE_LENGTH for line in rest.split("\n"))


def import_line(module: str, names: list[str]) -> str:
    """`from module import names`, exploded in parentheses when too long, as black does."""
    one = f"from {module} import {', '.join(names)}"
    if len(one) <= LINE_LENGTH:
        return one
    return f"from {module} import (\n" + "".join(f"    {n},\n" for n in names) + ")"


def def_line(indent: int, name: str, params: list[str], returns: str) -> str:
    """A `def` line; too long, its parameters go one per line with the comma black adds."""
    one = f"def {name}({', '.join(params)}) -> {returns}:"
    if indent + len(one) <= LINE_LENGTH:
        return one
    if not params:  # nothing to split: black parenthesizes the return annotation
        return f"def {name}() -> (\n{' ' * (indent + 4)}{returns}\n{' ' * indent}):"
    pad = " " * (indent + 4)
    return f"def {name}(\n" + "".join(f"{pad}{p},\n" for p in params) + f"{' ' * indent}) -> {returns}:"
