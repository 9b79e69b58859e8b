"""Turning a generated method's per-call keyword arguments into request options."""

from __future__ import annotations

from collections.abc import Mapping

from ._types import Headers, NotGiven, Query, RequestOptions, TimeoutTypes

__all__ = ["request_options"]


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
