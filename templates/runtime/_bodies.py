"""Request bodies built from keyword arguments, so each generated method is one call."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import to_jsonable_python

from ._exceptions import APIError
from ._types import NOT_GIVEN, NotGiven, strip_not_given

__all__ = ["RequestValidationError", "jsonable_body", "model_body"]


class RequestValidationError(APIError, ValueError):
    """An argument does not fit the documented request; nothing was sent.

    `field` is the dotted path of the first argument that failed (`user_role.id`), `errors`
    pydantic's list of every failure.
    """

    field: str
    errors: list[dict[str, Any]]

    def __init__(self, field: str, message: str, errors: list[dict[str, Any]]) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.errors = errors


def model_body(model: type[BaseModel], fields: dict[str, Any]) -> Any:
    """The given fields validated by the request model, as JSON under their wire names."""
    try:
        validated = model.model_validate(strip_not_given(fields))
    except ValidationError as exc:
        # the input is left out: a rejected value may be a secret
        details = exc.errors(include_url=False, include_input=False)
        errors = [dict(e) for e in details]
        first = details[0] if details else None
        field = ".".join(str(part) for part in first["loc"]) if first else ""
        raise RequestValidationError(
            field, first["msg"] if first else "invalid", errors
        ) from None
    return validated.model_dump(mode="json", by_alias=True, exclude_unset=True)


def jsonable_body(value: Any) -> Any:
    """A whole-body argument as JSON, or NOT_GIVEN when the caller left it out."""
    if isinstance(value, NotGiven):
        return NOT_GIVEN
    return to_jsonable_python(value, by_alias=True)
