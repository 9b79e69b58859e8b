"""Request bodies built from keyword arguments, so each generated method is one call."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from pydantic_core import to_jsonable_python

from ._types import NOT_GIVEN, NotGiven, strip_not_given

__all__ = ["jsonable_body", "model_body"]


def model_body(model: type[BaseModel], fields: dict[str, Any]) -> Any:
    """The given fields validated by the request model, as JSON under their wire names."""
    validated = model.model_validate(strip_not_given(fields))
    return validated.model_dump(mode="json", by_alias=True, exclude_unset=True)


def jsonable_body(value: Any) -> Any:
    """A whole-body argument as JSON, or NOT_GIVEN when the caller left it out."""
    if isinstance(value, NotGiven):
        return NOT_GIVEN
    return to_jsonable_python(value, by_alias=True)
