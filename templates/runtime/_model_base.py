"""The base of every generated model: pydantic's, plus ``to_dict()`` and ``to_json()``.

Both give the API's own field names by default (``lastLoginAt``, not ``last_login_at``) and
only the fields that were set or received, so a model round-trips to what the wire held.
"""

from __future__ import annotations

from typing import Any, Literal

import pydantic

__all__ = ["BaseModel"]


class BaseModel(pydantic.BaseModel):
    def to_dict(
        self,
        *,
        mode: Literal["json", "python"] = "python",
        use_api_names: bool = True,
        exclude_unset: bool = True,
        exclude_none: bool = False,
    ) -> dict[str, Any]:
        """The model as a dict; ``mode="json"`` gives only JSON types (strings for dates)."""
        return self.model_dump(
            mode=mode,
            by_alias=use_api_names,
            exclude_unset=exclude_unset,
            exclude_none=exclude_none,
        )

    def to_json(
        self,
        *,
        indent: int | None = 2,
        use_api_names: bool = True,
        exclude_unset: bool = True,
        exclude_none: bool = False,
    ) -> str:
        """The model as JSON text, indented by ``indent`` spaces (``None``: one line)."""
        return self.model_dump_json(
            indent=indent,
            by_alias=use_api_names,
            exclude_unset=exclude_unset,
            exclude_none=exclude_none,
        )
