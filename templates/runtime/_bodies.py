"""Request bodies built from keyword arguments, so each generated method is one call."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import to_jsonable_python

from ._exceptions import APIError
from ._types import NOT_GIVEN, NotGiven, strip_not_given

__all__ = [
    "FormFields",
    "RequestValidationError",
    "form_body",
    "jsonable_body",
    "model_body",
    "multipart_body",
]


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


def _validated(model: type[BaseModel], fields: dict[str, Any]) -> BaseModel:
    try:
        return model.model_validate(strip_not_given(fields))
    except ValidationError as exc:
        # the input is left out: a rejected value may be a secret
        details = exc.errors(include_url=False, include_input=False)
        errors = [dict(e) for e in details]
        first = details[0] if details else None
        field = ".".join(str(part) for part in first["loc"]) if first else ""
        raise RequestValidationError(
            field, first["msg"] if first else "invalid", errors
        ) from None


def model_body(model: type[BaseModel], fields: dict[str, Any]) -> Any:
    """The given fields validated by the request model, as JSON under their wire names."""
    validated = _validated(model, fields)
    return validated.model_dump(mode="json", by_alias=True, exclude_unset=True)


class FormFields:
    """A form body: sent as multipart/form-data parts, or URL-encoded, not as JSON."""

    __slots__ = ("fields", "multipart")

    def __init__(self, fields: dict[str, Any], multipart: bool) -> None:
        self.fields = fields
        self.multipart = multipart

    def merged(self, extra: dict[str, Any]) -> FormFields:
        return FormFields({**self.fields, **extra}, self.multipart)

    def encode(self) -> dict[str, Any]:
        """httpx's `files=` for multipart (every field a part, files with a name), `data=`
        otherwise; values that are not text or bytes go as JSON, as form APIs expect."""
        out: dict[str, Any] = {}
        for name, value in self.fields.items():
            if isinstance(value, bytes | bytearray):
                out[name] = (name, bytes(value), "application/octet-stream")
                continue
            text = value if isinstance(value, str) else json.dumps(value)
            out[name] = (None, text) if self.multipart else text
        return out


def multipart_body(model: type[BaseModel], fields: dict[str, Any]) -> FormFields:
    """The given fields validated by the request model, as multipart/form-data parts."""
    validated = _validated(model, fields)
    dumped = validated.model_dump(mode="python", by_alias=True, exclude_unset=True)
    # file contents stay bytes; everything else as JSON values, like a JSON body's fields
    parts = {
        name: value if isinstance(value, bytes) else to_jsonable_python(value)
        for name, value in dumped.items()
    }
    return FormFields(parts, True)


def form_body(model: type[BaseModel], fields: dict[str, Any]) -> FormFields:
    """The given fields validated by the request model, URL-encoded."""
    validated = _validated(model, fields)
    return FormFields(
        validated.model_dump(mode="json", by_alias=True, exclude_unset=True), False
    )


def jsonable_body(value: Any) -> Any:
    """A whole-body argument as JSON, or NOT_GIVEN when the caller left it out."""
    if isinstance(value, NotGiven):
        return NOT_GIVEN
    return to_jsonable_python(value, by_alias=True)
