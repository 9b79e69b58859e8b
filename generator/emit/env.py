"""The single Jinja environment: strict, and every value printed through a named filter."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .pytext import comment, docstring_body, py_literal

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


@cache
def environment() -> Environment:
    env = Environment(  # noqa: S701 - we emit Python, not HTML; escaping is by the filters below
        loader=FileSystemLoader(str(TEMPLATES)),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters.update(repr=py_literal, docstring=docstring_body, comment=comment)
    return env


def render(template: str, **context: object) -> str:
    return environment().get_template(template).render(**context)
