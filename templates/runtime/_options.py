"""Turning a generated method's per-call keyword arguments into request options."""

from __future__ import annotations

import os
from collections.abc import Mapping

from ._exceptions import APIError
from ._types import Headers, NotGiven, Query, RequestOptions, TimeoutTypes

__all__ = ["credential", "request_options", "resolve_base_url"]


def request_options(
    extra_headers: Headers | None,
    extra_query: Query | None,
    extra_body: Mapping[str, object] | object | None,
    timeout: TimeoutTypes | NotGiven,
    max_retries: int | NotGiven,
) -> RequestOptions | None:
    """Only what the caller gave; `timeout=None` (no timeout) differs from not given."""
    options: RequestOptions = {}
    if extra_headers:
        options["extra_headers"] = extra_headers
    if extra_query:
        options["extra_query"] = extra_query
    if isinstance(extra_body, Mapping) and extra_body:
        options["extra_body"] = extra_body
    if not isinstance(timeout, NotGiven):
        options["timeout"] = timeout
    if not isinstance(max_retries, NotGiven):
        options["max_retries"] = max_retries
    return options or None


def credential(
    value: str | None, env_var: str, argument: str, required: bool = True
) -> str:
    """A credential from its argument, else from the environment; never echoed in errors.

    One that is not ``required`` (a basic-auth password the docs leave empty) may be ``""``.
    """
    found = value if value is not None else os.environ.get(env_var)
    if not found and not required:
        return ""
    if not found:
        raise APIError(
            f"No credential: pass {argument}= or set the {env_var} environment variable"
        )
    return found


def resolve_base_url(
    base_url: str | None,
    environment: str | None,
    environments: Mapping[str, str],
    default: str,
    env_var: str,
) -> str:
    """Argument, then environment variable, then the named (or default) environment."""
    if base_url:
        return base_url
    from_env = os.environ.get(env_var)
    if from_env:
        return from_env
    name = environment or default
    if name not in environments:
        raise APIError(
            f"Unknown environment {name!r}; choose one of {sorted(environments)}"
        )
    return environments[name]
