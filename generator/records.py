"""Frozen value classes declared like dataclasses, defined without compiling code at import.

`dataclasses` writes each class's methods as source text and compiles it when the module is
imported: for the IR that is ~90 compiles, and with the `inspect` module it loads, ~16 ms of
the ~77 ms `docs2sdk openapi` takes on a small document, where start-up is most of the run.
A record's methods are ordinary functions shared by every record class, so they load from
the .pyc with the rest of this module. Construction costs ~0.5 µs more than a dataclass's
(measured on a 22-field Schema), a few percent of a large document's run.

A record is declared as `@dataclass(frozen=True, slots=True)` would be, and behaves the same:
fields from the annotations in order, defaults, `field(default=..., compare=False)`,
positional or keyword construction, `==` and `hash` over the compared fields, `repr`,
`__match_args__`, assignment refused, and with `order=True` the comparisons. As with
dataclasses, a list, dict or set default is refused: every record would share it.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from itertools import repeat
from operator import attrgetter
from typing import Any, ClassVar, TypeVar, dataclass_transform

set_field = _set = object.__setattr__  # a record's own __init__ sets its fields with it
_run: Callable[[Iterable[Any]], None] = deque(maxlen=0).extend  # runs an iterator out, in C
_REQUIRED: Any = type("_Required", (), {"__repr__": lambda self: "<required>"})()


class FrozenInstanceError(AttributeError):
    """Raised on assignment to a record's field, as dataclasses.FrozenInstanceError is."""


class _Field:
    __slots__ = ("default", "compare")

    def __init__(self, default: Any, compare: bool) -> None:
        self.default = default
        self.compare = compare


def field(*, default: Any = _REQUIRED, compare: bool = True) -> Any:
    """A field's options, as `dataclasses.field` takes them: a default, and whether == uses it."""
    return _Field(default, compare)


def _getter(names: list[str]) -> Any:
    """A function from a record to these fields' values, always as a tuple."""
    if len(names) >= 2:
        return attrgetter(*names)
    if names:
        get = attrgetter(names[0])
        return lambda record: (get(record),)
    return lambda record: ()


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
class _RecordType(type):
    def __new__(
        mcls, name: str, bases: tuple[type, ...], namespace: dict[str, Any], order: bool = False
    ) -> _RecordType:
        if not bases:  # Record itself
            return super().__new__(mcls, name, bases, namespace)
        annotations = namespace.get("__annotations__", {})
        names = tuple(n for n, a in annotations.items() if not str(a).startswith("ClassVar"))
        if any(getattr(b, "__match_args__", ()) for b in bases):
            raise TypeError(f"{name}: a record cannot extend another record's fields")
        defaults: list[Any] = []
        compared: list[str] = []
        for n in names:
            value = namespace.pop(n, _REQUIRED)
            compare = True
            if isinstance(value, _Field):
                value, compare = value.default, value.compare
            if isinstance(value, list | dict | set):  # one object shared by every record
                raise TypeError(f"{name}: mutable default for field {n!r}")
            if value is _REQUIRED and defaults and defaults[-1] is not _REQUIRED:
                raise TypeError(f"{name}: non-default field {n!r} follows a default field")
            defaults.append(value)
            if compare:
                compared.append(n)
        namespace["__slots__"] = names
        namespace["__match_args__"] = names
        namespace["_defaults"] = tuple(defaults)
        namespace["_required"] = sum(1 for d in defaults if d is _REQUIRED)
        namespace["_positions"] = {n: i for i, n in enumerate(names)}
        namespace["_key"] = staticmethod(_getter(compared))  # dataclasses compare tuples too
        namespace["_values"] = staticmethod(_getter(list(names)))
        cls = super().__new__(mcls, name, bases, namespace)
        if order:
            for method in ("__lt__", "__le__", "__gt__", "__ge__"):
                setattr(cls, method, _ORDERING[method])
        return cls


class Record(metaclass=_RecordType):
    """Base of record classes: see the module's docstring."""

    __slots__ = ()
    __match_args__: ClassVar[tuple[str, ...]] = ()
    _defaults: ClassVar[tuple[Any, ...]] = ()
    _required: ClassVar[int] = 0
    _positions: ClassVar[dict[str, int]] = {}
    _key: ClassVar[Any] = staticmethod(lambda record: ())
    _values: ClassVar[Any] = staticmethod(lambda record: ())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        names = self.__match_args__
        given = len(args)
        if given > len(names):
            raise TypeError(
                f"{type(self).__name__}() takes {len(names)} positional arguments "
                f"but {given} were given"
            )
        values = [*args, *self._defaults[given:]]
        if kwargs:
            positions = self._positions
            for key, value in kwargs.items():
                index = positions.get(key, -1)
                if index < given:
                    raise TypeError(
                        f"{type(self).__name__}() got an unexpected keyword argument {key!r}"
                        if index < 0
                        else f"{type(self).__name__}() got multiple values for {key!r}"
                    )
                values[index] = value
        if given < self._required:
            missing = [n for n, v in zip(names, values) if v is _REQUIRED]
            if missing:
                raise TypeError(f"{type(self).__name__}() missing arguments: {', '.join(missing)}")
        _run(map(_set, repeat(self), names, values))

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            key = self._key
            return bool(key(self) == key(other))
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._key(self))

    def __repr__(self) -> str:
        fields = ", ".join(f"{n}={getattr(self, n)!r}" for n in self.__match_args__)
        return f"{type(self).__qualname__}({fields})"

    def __reduce__(self) -> tuple[Any, ...]:  # copy and pickle: rebuilt through __init__
        return (type(self), self._values(self))


R = TypeVar("R", bound=Record)
_NO_FIELD = object()  # a misspelt field is then a change, refused below


def with_changes(record: R, **changes: Any) -> R:
    """A copy of a record with some fields changed, or the record itself when none changes.

    Passes rebuild what they visit and mostly change nothing, so a frozen node is shared,
    not copied (dataclasses.replace always copies).
    """
    if all(getattr(record, name, _NO_FIELD) is value for name, value in changes.items()):
        return record
    values = list(record._values(record))
    positions = record._positions
    for name, value in changes.items():
        index = positions.get(name)
        if index is None:
            raise TypeError(
                f"{type(record).__name__}() got an unexpected keyword argument {name!r}"
            )
        values[index] = value
    return type(record)(*values)


def _ordering(compare: Any) -> Any:
    def method(self: Record, other: object) -> Any:
        if other.__class__ is self.__class__:
            return compare(self._key(self), self._key(other))
        return NotImplemented

    return method


_ORDERING = {
    "__lt__": _ordering(lambda a, b: a < b),
    "__le__": _ordering(lambda a, b: a <= b),
    "__gt__": _ordering(lambda a, b: a > b),
    "__ge__": _ordering(lambda a, b: a >= b),
}


def fields(record: Record | type[Record]) -> tuple[str, ...]:
    """A record's field names, in order."""
    return record.__match_args__
