"""The httpx clients the generated clients run on: httpx's own by default, aiohttp on request.

``AsyncClient(http_client=DefaultAioHttpClient())`` sends through aiohttp (the
``httpx-aiohttp`` transport, installed by the package's ``aiohttp`` extra), which spends
less CPU per call than httpx's own asyncio transport. Everything above the transport (auth,
retries, the deadline, the size limit, redaction) is the same code either way.
"""

from __future__ import annotations

import importlib
from typing import Any

import httpx

__all__ = ["CONNECTION_LIMITS", "DefaultAioHttpClient", "is_adopted"]

CONNECTION_LIMITS = httpx.Limits(max_connections=1000, max_keepalive_connections=100)
_EXTRA_HINT = (
    "DefaultAioHttpClient needs the httpx-aiohttp package: install this SDK with its "
    "aiohttp extra, e.g. pip install '{dist}[aiohttp]'"
)


class DefaultAioHttpClient(httpx.AsyncClient):
    """An ``httpx.AsyncClient`` whose transport is aiohttp.

    Pass it as ``http_client=`` to an ``AsyncClient``, which then closes it with itself.
    Keyword arguments are those of ``httpx.AsyncClient`` (``limits``, ``verify``, ``cert``,
    ``trust_env`` also configure the aiohttp connector); ``transport=`` is not accepted.
    """

    def __init__(self, **kwargs: Any) -> None:
        if "transport" in kwargs:
            raise TypeError("DefaultAioHttpClient makes its own transport")
        try:
            module = importlib.import_module("httpx_aiohttp")
        except ImportError as exc:
            dist = __name__.split(".")[0].replace("_", "-")
            raise RuntimeError(_EXTRA_HINT.format(dist=dist)) from exc
        kwargs.setdefault("limits", CONNECTION_LIMITS)
        transport: httpx.AsyncBaseTransport = module.AiohttpTransport(
            limits=kwargs["limits"],
            verify=kwargs.get("verify", True),
            cert=kwargs.get("cert"),
            trust_env=kwargs.get("trust_env", True),
        )
        super().__init__(transport=transport, **kwargs)


def is_adopted(http_client: object) -> bool:
    """Whether an SDK client given this httpx client closes it (it made it for the SDK)."""
    return isinstance(http_client, DefaultAioHttpClient)
