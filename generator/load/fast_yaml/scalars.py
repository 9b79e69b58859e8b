"""Where YAML 1.1 (PyYAML) and YAML 1.2 (yaml-rs) read a plain scalar alike, for the fast path."""

from __future__ import annotations

import re
from typing import Any

import yaml_rs

NO_ALIASES = yaml_rs.AliasLimits(max_total_replayed_events=0)  # any alias: PyYAML reads it


class Bail(Exception):
    """The scan met something it cannot vouch for."""


# Plain scalars both YAML versions type the same way: decimal integers, simple decimals, booleans
# and nulls written the common way.
_AGREE = re.compile(
    r"[-+]?(?:0|[1-9][0-9]*)|[-+]?[0-9]+\.[0-9]*"
    r"|true|True|TRUE|false|False|FALSE|null|Null|NULL|~|"
)
# What YAML 1.1 (PyYAML's implicit types) reads as other than text: booleans, integers (binary,
# octal, hexadecimal, base 60, with `_`), floats, null, merge and value keys. Wider than PyYAML's
# own patterns on purpose: a false alarm only sends the document to PyYAML.
_YAML11_NOT_TEXT = re.compile(
    r"yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"
    r"|[-+]?0[bBoOxX][0-9a-fA-F_]+"
    r"|[-+]?(?:[0-9][0-9_]*(?::[0-9_]+)*(?:\.[0-9_]*)?|\.[0-9_]+)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|~|null|Null|NULL|<<|=|"
)
_agreement: dict[str, bool] = {}


def plain_agrees(text: str) -> bool:
    """Whether PyYAML and yaml-rs read `text`, written as a plain scalar, as the same value."""
    known = _agreement.get(text)
    if known is None:
        if _AGREE.fullmatch(text) or "\n" in text:  # a plain scalar over lines is text to both
            known = True
        elif _YAML11_NOT_TEXT.fullmatch(text):
            known = False
        else:  # text to PyYAML: yaml-rs must read it as the same text (it reads `_0` as 0)
            value: Any = None
            try:
                value = yaml_rs.loads("- " + text, parse_datetime=False, alias_limits=NO_ALIASES)
            except Exception:  # noqa: BLE001 - refusing it is a disagreement
                pass
            known = value == [text] and type(value[0]) is str
        if len(text) < 64:  # keys and short values repeat; long text rarely does
            _agreement[text] = known
    return known


def check_plain(text: str) -> None:
    if not plain_agrees(text):
        raise Bail


def check_plain_read_as_text(text: str) -> None:
    """check_plain for a scalar yaml-rs already read as this very text: only PyYAML is asked.

    Nearly every plain scalar of a real document is such text, and asking yaml-rs again for
    each was the fast path's largest cost after the parse (Telnyx: 17,749 calls).
    """
    if "\n" not in text and _YAML11_NOT_TEXT.fullmatch(text):
        raise Bail


def plain_text(rest: str) -> str:
    """A plain scalar's text on its line: up to a comment, without trailing blanks."""
    cut = rest.find(" #")
    return (rest if cut < 0 else rest[:cut]).rstrip(" \t")
