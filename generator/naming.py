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
from typing import Any
from dataclasses import dataclass
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


def method_identifier(text: str, *, fallback: str = "call") -> str:
    """A method name: builtin type names are fine (`users.list`), keywords are not; a name
    that is already snake_case (`l7_policies`, `k8s`) is kept as written."""
    name = _clipped(text if re.fullmatch(r"[a-z_][a-z0-9_]*", text) else snake(text)) or fallback
    if name[0].isdigit():
        name = f"{fallback}_{name}"
    if keyword.iskeyword(name) or keyword.issoftkeyword(name) or name in ("self", "cls"):
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


# --- Resource and method names -------------------------------------------------------------

# Words that say where an API lives, not what it serves: `api`, `api-gateway`, `rest/v2`.
NAMESPACE_WORDS = frozenset("api apis rest public gateway".split())
_VERSION = re.compile(r"^(?:v\d+(?:\.\d+)*|\d{4}-\d{2}-\d{2})$")  # v2, v1.1, 2010-04-01

# Title and path phrases, in the docs' languages, for the five CRUD verbs. Longer phrases are
# tried first, so "get all users" is a list before "get" makes it a retrieve.
VERB_PHRASES: tuple[tuple[str, str], ...] = tuple(sorted(
    [
        ("get all", "list"), ("getting a list of", "list"), ("get a list of", "list"),
        ("get list of", "list"), ("list", "list"), ("list all", "list"), ("search", "list"),
        ("список", "list"), ("получение списка", "list"), ("получить список", "list"),
        ("get", "retrieve"), ("getting", "retrieve"), ("retrieve", "retrieve"), ("fetch", "retrieve"),
        ("show", "retrieve"), ("read", "retrieve"), ("получение", "retrieve"), ("получить", "retrieve"),
        ("create", "create"), ("add", "create"), ("new", "create"), ("register", "create"),
        ("создание", "create"), ("создать", "create"), ("добавление", "create"),
        ("update", "update"), ("modify", "update"), ("edit", "update"), ("change", "update"),
        ("patch", "update"), ("изменение", "update"), ("изменить", "update"),
        ("редактирование", "update"), ("обновление", "update"),
        ("delete", "delete"), ("remove", "delete"), ("destroy", "delete"), ("удаление", "delete"),
        ("удалить", "delete"),
    ],
    key=lambda pair: -len(pair[0].split()),
))
# Verbs kept as they are when a path segment or title starts with them (`/users/{id}/invite`).
ACTION_VERBS = frozenset(
    """
    invite cancel test check verify confirm approve reject send resend reset start stop
    restart reboot resize attach detach assign unassign enable disable activate deactivate
    acknowledge validate upload download export import move copy rename restore suspend
    resume refresh revoke rotate retry run execute apply sync subscribe unsubscribe poll
    rebuild rescue login logout sign submit publish unpublish archive unarchive lock unlock
    block unblock accept decline mark replace calculate estimate preview generate transfer
    withdraw deposit charge refund capture void close open join leave pause upgrade downgrade
    """.split()
)
ARTICLES = frozenset("a an the of for to by with from in on my your its their this that all".split())

_CRUD_WORDS = {phrase: verb for phrase, verb in VERB_PHRASES if " " not in phrase}


def is_namespace_segment(segment: str) -> bool:
    """`api`, `v2`, `api-gateway`: a segment that places the API rather than naming a resource."""
    found = [w.lower() for w in words(segment)]
    return bool(_VERSION.match(segment.lower())) or (bool(found) and all(w in NAMESPACE_WORDS for w in found))


def is_version(segment: str) -> bool:
    return bool(_VERSION.match(segment.lower()))


def verb_of(word: str) -> str | None:
    """The method a leading word asks for: a CRUD verb, a kept action verb, or None for a noun."""
    lowered = word.lower()
    return _CRUD_WORDS.get(lowered) or (lowered if lowered in ACTION_VERBS else None)


def verb_in_phrase(text: str) -> str | None:
    """The CRUD verb a title starts with ("Getting a list of orders" -> list), or None."""
    said = " ".join(w for w in re.findall(r"[^\W\d_]+", text.lower()))
    for phrase, verb in VERB_PHRASES:
        if said == phrase or said.startswith(phrase + " "):
            return verb
    first = said.split(" ", 1)[0] if said else ""
    return first if first in ACTION_VERBS else None


@lru_cache(maxsize=1)
def _inflect() -> Any:
    # inflect checks its own arguments' types with typeguard, which rewrites every decorated
    # function when the module loads (~1.5 s of CPU, and typeguard itself ~50 ms). We pass only
    # strings, so inflect is loaded against a stand-in whose decorator changes nothing, and
    # whatever `typeguard` the process had is put back.
    import sys
    import types

    stand_in = types.ModuleType("typeguard")
    stand_in.typechecked = lambda target=None, **_: target if target is not None else (lambda t: t)  # type: ignore[attr-defined]
    real = sys.modules.get("typeguard")
    sys.modules["typeguard"] = stand_in
    try:
        import inflect
    finally:
        if real is None:
            del sys.modules["typeguard"]
        else:
            sys.modules["typeguard"] = real
    return inflect.engine()


@lru_cache(maxsize=_NAMES_KEPT)
def singular(name: str) -> str:
    """`api_keys` -> `api_key`: the last word of a snake_case name made singular."""
    head, _, last = name.rpartition("_")
    if len(last) < 3 or not last.isalpha():
        return name
    one = _inflect().singular_noun(last)
    return f"{head}_{one}" if head and one else (one or name)


@lru_cache(maxsize=_NAMES_KEPT)
def plural(name: str) -> str:
    """`api_key` -> `api_keys`; a name already plural is kept."""
    head, _, last = name.rpartition("_")
    if len(last) < 2 or not last.isalpha() or singular(last) != last:
        return name
    many = _inflect().plural_noun(last)
    return f"{head}_{many}" if head else many


def resource_class_name(chain: str) -> str:
    """`iam.api_tokens` -> `IamApiTokensResource`: the whole chain, so nested names never clash."""
    return class_name(chain.replace(".", "_"), fallback="Default") + "Resource"


def resource_module(chain: str) -> str:
    """`iam.users` -> `iam_users`, the module under resources/ (the name pass keeps it unique)."""
    return chain.replace(".", "_")


def param_class_name(owner: str, prop: str) -> str:
    """`User` + `user_role` -> `UserRoleParam`: the owner's name is not said twice."""
    name = pascal(prop) or "Value"
    if not name.startswith(owner):
        name = owner + name
    return class_name(name + "Param")


@dataclass(frozen=True)
class ModelNames:
    """Class names for one operation's models, after its resource and their role."""

    base: str  # `UserInvite`: prefix of the request, error and nested names
    response: str  # `User` for retrieve/create/update, `UserList` for list
    response_fallback: str  # `UserInviteResponse`, when `response` names another shape
    item: str = ""  # `User`: the items of a list returned as a bare array

    @property
    def request(self) -> str:
        return self.base + "Request"


_RETURNS_THE_ITEM = frozenset({"retrieve", "get", "create", "update", "replace"})


def model_names(resource: str, method: str) -> ModelNames:
    noun = pascal(singular(resource.rpartition(".")[2])) or "Default"
    base = noun + pascal(method)
    fallback = base + "Response"
    if method in _RETURNS_THE_ITEM:
        return ModelNames(base, noun, fallback)
    if method == "list":
        return ModelNames(base, noun + "List", fallback, noun)
    return ModelNames(base, fallback, fallback)
