"""All naming lives here: wire names in, safe, stable, unique Python names out.

Doc text is untrusted, so every identifier that reaches generated code comes from these
functions, which only ever return `[A-Za-z_][A-Za-z0-9_]*` names that are not keywords and
do not shadow what the generated modules use.
"""

from __future__ import annotations

import builtins
import keyword
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

# Cyrillic letters spelled in ASCII so a Russian-only name still gives a readable identifier.
_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        "a b v g d e e zh z i i k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya".split(),
        strict=True,
    )
)

# Builtin *types* are reserved because generated annotations use them (`list[str]` inside a
# class whose field is named `list` would resolve to the field). Builtin functions such as
# `id` or `filter` stay usable: generated code never calls them where a name could shadow them,
# and `user.id` reads better than `user.id_`.
_BUILTIN_TYPES = frozenset(
    name
    for name in dir(builtins)
    if isinstance(getattr(builtins, name), type) and not name.startswith("_")
)
# Attributes of pydantic's BaseModel and names that generated modules import or define.
_GENERATED_CODE_NAMES = frozenset(
    """
    model_config model_fields model_computed_fields model_extra model_fields_set
    model_construct model_copy model_dump model_dump_json model_json_schema
    model_parametrized_name model_post_init model_rebuild model_validate
    model_validate_json model_validate_strings copy dict json parse_obj parse_raw
    parse_file from_orm construct schema schema_json validate update_forward_refs
    fields self cls
    models cast isinstance strip_not_given request_options to_jsonable_python
    model_body jsonable_body
    """.split()
)
# The last two lines above: module-level names that generated method bodies use. A parameter
# named `models` would shadow the module inside the method (`models.User` -> AttributeError);
# tests/fuzz/static_checks.py flags any parameter that hides a name its body calls.
RESERVED_FIELD_NAMES = (
    frozenset(keyword.kwlist) | frozenset(keyword.softkwlist) | _BUILTIN_TYPES
) | _GENERATED_CODE_NAMES

RESERVED_CLASS_NAMES = frozenset(
    """
    Any AnyUrl AwareDatetime BaseModel ConfigDict Field Literal Optional RootModel Union
    annotations date datetime time timedelta UUID Decimal Enum Client AsyncClient
    NotGiven NOT_GIVEN Mapping Sequence
    """.split()
) | _BUILTIN_TYPES | frozenset(keyword.kwlist)

_WORD_BOUNDARY = re.compile(
    r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+[a-z]*",
)


# Capitals spell as their small letters: a table lets str.translate do the whole name at once.
_SPELLING = str.maketrans({**{k.upper(): v for k, v in _CYRILLIC.items()}, **_CYRILLIC})


def _ascii(text: str) -> str:
    if text.isascii():  # nearly every wire name: nothing to spell out or fold
        return text
    import unicodedata  # here: its tables load in ~1 ms, and ASCII names never need them

    folded = unicodedata.normalize("NFKD", text.translate(_SPELLING))
    return folded.encode("ascii", "ignore").decode("ascii")


def words(text: str) -> list[str]:
    """Split a wire name into words: camelCase, snake_case, kebab, spaces and symbols."""
    return _WORD_BOUNDARY.findall(_ascii(text))


# An API repeats its names (`id`, `created_at` in every model): each is worked out once.
_NAMES_KEPT = 1 << 14


@lru_cache(maxsize=_NAMES_KEPT)
def snake(text: str) -> str:
    return "_".join(w.lower() for w in words(text))


@lru_cache(maxsize=_NAMES_KEPT)
def pascal(text: str) -> str:
    return "".join(w[:1].upper() + w[1:] for w in words(text))


# Names become file names too (resources/<name>.py): a 300-character tag must not give a
# name the file system refuses (255 bytes). Uniqueness after clipping is the Namer's job.
MAX_NAME_LENGTH = 80


def _clipped(name: str) -> str:
    if len(name) <= MAX_NAME_LENGTH:
        return name
    cut = name[:MAX_NAME_LENGTH]
    return (cut[: cut.rindex("_")] if "_" in cut[1:] else cut).rstrip("_") or cut


def py_identifier(wire_name: str, *, fallback: str = "field") -> str:
    """A snake_case identifier for a field or parameter; never a keyword or reserved name."""
    name = _clipped(snake(wire_name)) or fallback
    if name[0].isdigit():
        name = f"{fallback}_{name}"
    if name in RESERVED_FIELD_NAMES:
        name += "_"
    return name


def class_name(wire_name: str, *, fallback: str = "Model") -> str:
    name = pascal(wire_name)[:MAX_NAME_LENGTH] or fallback
    if name[0].isdigit():
        name = fallback + name
    if name in RESERVED_CLASS_NAMES:
        name += "Model"
    return name


def constant_name(wire_name: str, *, fallback: str = "VALUE") -> str:
    name = py_identifier(wire_name, fallback=fallback.lower()).rstrip("_").upper()
    return name or fallback


class Namer:
    """Hands out unique names in one scope; the same requests in the same order give the same names."""

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self._taken = set(taken)

    def claim(self, base: str) -> str:
        name, n = base, 2
        while name in self._taken:
            # snake_case names read better as user_id_2, class names as User2.
            name = f"{base.rstrip('_')}_{n}" if base.islower() else f"{base}{n}"
            n += 1
        self._taken.add(name)
        return name

    def __contains__(self, name: str) -> bool:
        return name in self._taken


def unique_field_names(wire_names: Sequence[str], taken: Iterable[str] = ()) -> list[str]:
    """Python names for the fields of one scope, in the order given.

    A wire name that is already a valid identifier claims its own spelling first, so
    `user_id` keeps `user_id` and `userId` beside it becomes `user_id_2`, whatever the order.
    """
    namer = Namer(taken)
    bases = [py_identifier(w) for w in wire_names]
    result: list[str | None] = [None] * len(wire_names)
    for pass_exact in (True, False):
        for i, (wire, base) in enumerate(zip(wire_names, bases, strict=True)):
            if result[i] is None and (wire == base) == pass_exact:
                result[i] = namer.claim(base)
    return [r for r in result if r is not None]
