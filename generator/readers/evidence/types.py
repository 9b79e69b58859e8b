"""Type phrases as docs write them into IR schemas, never narrower than the words say.

`string`, `integer or null`, `string · enum`, `string¦null`, `array of objects`,
`list of enums`, `integer[]`, `Array<string>`, `string (date-time)`, `int64`, `文字列`.
"""

from __future__ import annotations

import re

from generator.ir import ANY_SCHEMA, Kind, Schema, with_changes
from generator.readers.evidence.words import REQUIRED_WORDS, TYPE_WORDS
from generator.readers.vocab import FORMAT_WORDS, PLURALS, cell

_NULL = re.compile(r"\s*(?:\bor\b|\bou\b|\bo\b|\bили\b|\||¦|,)\s*null\b|\bnullable\b|^null\s*(?:\bor\b|\||¦)\s*",
                   re.IGNORECASE)
_ARRAY = re.compile(r"^(?:array|list|массив|lista|arreglo)\s*(?:of\s+|de\s+|\[|<|\s)\s*(?P<item>[^\]>]+?)\s*[\]>]?$")
_PAREN = re.compile(r"\s*[(（][^)）]*[)）]")
# Latin type words as a regex, longest first, for words glued to a name or a required word.
TYPE_ALTERNATION = "|".join(
    re.escape(w) for w in sorted((w for w in TYPE_WORDS if w.isascii() and " " not in w and len(w) > 2),
                                 key=len, reverse=True)
)
TYPE_PHRASE = (
    rf"(?:(?:array|list)\s+of\s+(?:{TYPE_ALTERNATION})s?|(?:array|list)\s*[\[<](?:{TYPE_ALTERNATION})[\]>]|"
    rf"(?:{TYPE_ALTERNATION})(?:\[\])?)(?:\s*(?:¦|\||\bor\b)\s*null)?"
)


_QUALIFIERS = {"unique", "iso", "iso8601", "unix", "positive", "non-negative", "signed", "unsigned", "optional",
               "required", "nullable", "short", "long", "plain", "base64", "json", "encoded", "utc"}


def schema_for(phrase: str) -> Schema | None:
    """The schema a type phrase names; None when the words are not a type."""
    text = cell(phrase)
    text = re.split(r"\s*·\s*|\s*;\s*", text)[0]
    nullable = bool(_NULL.search(text))
    text = _NULL.sub(" ", text).strip(" ,")
    text = _PAREN.sub("", text).strip()
    if not text:
        return None
    schema = _phrase(text)
    if schema is None and len(text.split()) <= 3:
        words = text.split()
        schema = _phrase(words[0]) if words[0] not in REQUIRED_WORDS else None
        if schema is None and len(words) == 2 and words[-1] in TYPE_WORDS and words[0] in _QUALIFIERS:
            schema = _phrase(words[-1])  # "unique string", "ISO date"
    if schema is None:
        return None
    return with_changes(schema, nullable=True) if nullable else schema


def _phrase(text: str) -> Schema | None:
    kind = TYPE_WORDS.get(text)
    if kind is Kind.ARRAY:
        return Schema(kind=Kind.ARRAY, items=ANY_SCHEMA)
    if kind is Kind.NULL:
        return None
    if kind is not None:
        return Schema(kind=kind, format=FORMAT_WORDS.get(text))
    if text in PLURALS:
        return _phrase(PLURALS[text])
    if text.endswith("s") and TYPE_WORDS.get(text[:-1]) is not None:  # "list of enums"
        return _phrase(text[:-1])
    generic = re.fullmatch(r"(\w+)\s*<\s*([^<>]+?)\s*>", text)  # string<email>, enum<string>
    if generic and TYPE_WORDS.get(generic.group(1)) is not Kind.ARRAY:
        outer = _phrase(generic.group(1))
        inner = _phrase(generic.group(2))
        if generic.group(1) in ("enum", "enums") and inner is not None:
            return inner
        if outer is not None:
            return with_changes(outer, format=FORMAT_WORDS.get(generic.group(2), outer.format))
    match = _ARRAY.match(text)
    if match:
        item = _phrase(match.group("item").strip())
        return Schema(kind=Kind.ARRAY, items=item or ANY_SCHEMA)
    if text.endswith("[]"):
        item = _phrase(text[:-2].strip())
        return Schema(kind=Kind.ARRAY, items=item) if item is not None else None
    return None
