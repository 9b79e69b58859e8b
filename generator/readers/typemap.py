"""Doc type phrases ("String or null", "Массив строк", "array[integer]") into IR schemas."""

from __future__ import annotations

from generator.ir import ANY_SCHEMA, Kind, Schema, SourceSpan, with_changes
from generator.readers.vocab import ARRAY_OF, FORMAT_WORDS, NULL_PATTERN, PLURALS, TYPE_WORDS, cell


def type_from_phrase(text: str, source: SourceSpan | None = None) -> Schema | None:
    """The schema a type phrase names, or None when the words are not type words."""
    phrase = cell(text)
    nullable = bool(NULL_PATTERN.search(phrase))
    phrase = NULL_PATTERN.sub(" ", phrase).strip(" ,;")
    schema = _phrase(phrase)
    if schema is None:
        return None
    if source is not None:
        schema = with_changes(schema, source=source)
    return with_changes(schema, nullable=True) if nullable else schema


def _phrase(phrase: str) -> Schema | None:
    if not phrase:
        return ANY_SCHEMA
    kind = TYPE_WORDS.get(phrase)
    if kind is Kind.ARRAY:
        return Schema(kind=Kind.ARRAY, items=ANY_SCHEMA)
    if kind is not None:
        return Schema(kind=kind, format=FORMAT_WORDS.get(phrase))
    match = ARRAY_OF.match(phrase)
    if match:
        item_words = match.group("item").strip()
        item = _phrase(PLURALS.get(item_words, item_words))
        return Schema(kind=Kind.ARRAY, items=item if item is not None else ANY_SCHEMA)
    if phrase.endswith("[]"):
        item = _phrase(phrase[:-2].strip())
        return Schema(kind=Kind.ARRAY, items=item) if item is not None else None
    first = phrase.split()[0]
    if first in TYPE_WORDS and len(phrase.split()) <= 3:  # "integer (int64)", "string, optional"
        return _phrase(first)
    return None
