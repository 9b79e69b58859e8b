"""The single Jinja environment: strict, and every value printed through a named filter."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from generator.emit.python.layout.formatting import Layout
from generator.emit.python.layout.rules import Seq, call, class_line, def_line, import_line, kw
from generator.emit.python.text import comment, docstring_body, literal_node, one_line_docstring, py_literal, py_str

if TYPE_CHECKING:
    from jinja2 import Environment

TEMPLATES = Path(__file__).resolve().parents[3] / "templates"


@cache
def environment() -> Environment:
    # Imported here: only commands that render templates pay for jinja2.
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(  # noqa: S701 - we emit Python, not HTML; escaping is by the filters below
        loader=FileSystemLoader(str(TEMPLATES)),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters.update(repr=py_literal, docstring=docstring_body, comment=comment, pystr=py_str,
                       one_line_docstring=one_line_docstring,
                       example_kw=lambda a: kw(a.name, a.example_node),
                       example_full_kw=lambda a: kw(a.name, a.example_full_node))
    env.globals.update(call=call, kw=kw, seq=Seq, literal=literal_node,
                       import_line=import_line, def_line=def_line,
                       class_line=class_line)
    return env


def render(template: str, **context: object) -> str:
    return environment().get_template(template).render(**context)


def render_python(template: str, unsure: bool = False, **context: object) -> str:
    """A Python module from a template, laid out as black would; black runs only where needed.

    `unsure`: the view laid out lines its rules could not vouch for, so black formats the module."""
    layout = Layout()
    layout.unsure = unsure
    text = environment().get_template(template).render(layout=layout, **context)
    return layout.finish(text)
