"""Responses read tolerantly: a body that departs from the docs still gives a model.

Our response types are often inferred from a single doc sample, and servers add fields,
send ``null`` where a sample showed a string, or leave a "required" field out. Strict
validation would turn each of those into an exception on a call that succeeded, so by
default (as the best generated SDKs do) a body that does not validate is *built* instead:
every field that fits is validated into its type (nested models included), a value that
does not fit is kept as sent, an unknown field is kept as an extra, and a missing field is
``None`` and left out of ``model_fields_set`` (``model_dump(exclude_unset=True)`` omits it).
``Client(strict_response_validation=True)`` restores the strict check.
"""

from __future__ import annotations

import logging
import types
import typing
from typing import Any, Union

import pydantic

__all__ = ["build_tolerantly"]

log = logging.getLogger(__name__.rpartition(".")[0] or __name__)

_ADAPTERS: dict[Any, pydantic.TypeAdapter[Any]] = {}


def _adapter(tp: Any) -> pydantic.TypeAdapter[Any]:
    try:
        return _ADAPTERS[tp]
    except KeyError:
        adapter = _ADAPTERS[tp] = pydantic.TypeAdapter(tp)
        return adapter
    except TypeError:  # an unhashable annotation: built every time
        return pydantic.TypeAdapter(tp)


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, pydantic.BaseModel)


def build_tolerantly(tp: Any, value: Any) -> Any:
    """``value`` as ``tp`` where it fits, as given where it does not; never raises."""
    try:
        return _adapter(tp).validate_python(value)
    except (pydantic.ValidationError, TypeError, ValueError):
        pass
    if _is_model(tp):
        return _model(tp, value) if isinstance(value, dict) else value
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (Union, types.UnionType):
        # The first model among the variants takes a dict; anything else stays as sent.
        for arg in args:
            if _is_model(arg) and isinstance(value, dict):
                return _model(arg, value)
        return value
    if origin is list and args and isinstance(value, list):
        return [build_tolerantly(args[0], item) for item in value]
    if origin is dict and len(args) == 2 and isinstance(value, dict):
        return {k: build_tolerantly(args[1], v) for k, v in value.items()}
    return value


def _model(cls: type[pydantic.BaseModel], data: dict[str, Any]) -> pydantic.BaseModel:
    values: dict[str, Any] = {}
    given: set[str] = set()
    used: set[str] = set()
    for name, info in cls.model_fields.items():
        key = info.alias if info.alias is not None and info.alias in data else name
        if key not in data:
            values[name] = None
            continue
        used.add(key)
        given.add(name)
        values[name] = build_tolerantly(info.annotation, data[key])
    extra = {k: v for k, v in data.items() if k not in used}
    return cls.model_construct(_fields_set=given, **values, **extra)


def tolerant_result(tp: Any, data: Any, error: pydantic.ValidationError) -> Any:
    """The tolerant build of a body that failed validation, said at debug level."""
    name = getattr(tp, "__name__", None) or repr(tp)
    log.debug(
        "response did not fit %s (%d problems: %s); returned as sent where it did not fit",
        name,
        error.error_count(),
        ", ".join(
            sorted({".".join(map(str, e["loc"])) or "(body)" for e in error.errors()})
        ),
    )
    return build_tolerantly(tp, data)
