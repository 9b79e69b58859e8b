"""Where YAML 1.1 (PyYAML) and YAML 1.2 (yaml-rs) read a plain scalar alike, for the fast path."""

from __future__ import annotations

import math
import re
from typing import Any

import yaml
import yaml_rs

from .loader import LineLoader

NO_ALIASES = yaml_rs.AliasLimits(max_total_replayed_events=0)  # any alias: PyYAML reads it


class Bail(Exception):
    """The scan met something it cannot vouch for."""


# Plain scalars both YAML versions type the same way: decimal integers, simple decimals, booleans
# and nulls written the common way.
_AGREE = re.compile(
    r"[-+]?(?:0|[1-9][0-9]*)|[-+]?[0-9]+\.[0-9]*"
    r"|true|True|TRUE|false|False|FALSE|null|Null|NULL|~|"
)
# Plain scalars that one of the versions might read as something other than text.
_SUSPECT = re.compile(r"[-+.0-9~=<].*|[yYnNoOtTfF][a-zA-Z]{0,4}")
_agreement: dict[str, bool] = {}


def plain_agrees(text: str) -> bool:
    """Whether PyYAML and yaml-rs read `text`, written as a plain scalar, as the same value."""
    if _AGREE.fullmatch(text) or not _SUSPECT.fullmatch(text):
        return True
    known = _agreement.get(text)
    if known is None:
        try:
            ours = yaml.load("- " + text, Loader=LineLoader)  # noqa: S506 - a safe loader
            theirs = yaml_rs.loads("- " + text, parse_datetime=False, alias_limits=NO_ALIASES)
            known = _same(ours, theirs)
        except Exception:  # noqa: BLE001 - either refusing it is a disagreement
            known = False
        _agreement[text] = known
    return known


def _same(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    return bool(a == b or (isinstance(a, float) and math.isnan(a) and math.isnan(b)))


def check_plain(text: str) -> None:
    if not plain_agrees(text):
        raise Bail


def plain_text(rest: str) -> str:
    """A plain scalar's text on its line: up to a comment, without trailing blanks."""
    cut = rest.find(" #")
    return (rest if cut < 0 else rest[:cut]).rstrip(" \t")
