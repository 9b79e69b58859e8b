"""Header names a client can send: RFC 9110 tokens. Any other name is reported and left out.

A page may name a header a client cannot send (`X-API-[ey` from a damaged page, a name with
a space or a colon). Kept, it would make every call of the generated client fail before
leaving the machine (httpx refuses the header), so it is dropped here, with an error that
names the page and line, for every reader at once.
"""

from __future__ import annotations

import re

from generator import diagnostics as diag
from generator.diagnostics import Diagnostic
from generator.ir import Api, AuthScheme, ParamLocation, SourceSpan, with_changes
from generator.readers.base import SourceDoc

_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")


def is_header_name(name: str) -> bool:
    return bool(_TOKEN.fullmatch(name))


def _scheme_headers(scheme: AuthScheme) -> list[str]:
    own = [scheme.header] if scheme.header is not None and scheme.location == "header" else []
    return [*own, *scheme.extra_headers]


def drop_unsendable_headers(api: Api, doc: SourceDoc) -> tuple[Api, tuple[Diagnostic, ...]]:
    def where(span: SourceSpan) -> SourceSpan:
        return span if span.file == doc.path and span.line > 0 else doc.span(1)

    found: list[Diagnostic] = []
    dropped: set[str] = set()
    for scheme in api.auth:
        bad = [h for h in _scheme_headers(scheme) if not is_header_name(h)]
        if bad:
            dropped.add(scheme.name)
            found.append(
                diag.error(
                    "header-name",
                    f"{bad[0]!r} cannot be an HTTP header name; the "
                    f"auth scheme {scheme.name!r} is left out",
                    where(scheme.source),
                )
            )
    operations = []
    for op in api.operations:
        kept = []
        for p in op.parameters:
            if p.location is ParamLocation.HEADER and not is_header_name(p.wire_name):
                found.append(
                    diag.error(
                        "header-name",
                        f"{p.wire_name!r} cannot be an HTTP header "
                        "name; the parameter is left out",
                        where(p.source),
                    )
                )
            else:
                kept.append(p)
        security = op.security and tuple(s for s in op.security if s not in dropped)
        operations.append(with_changes(op, parameters=tuple(kept), security=security))
    if not found:
        return api, ()
    return with_changes(api,
        auth=tuple(s for s in api.auth if s.name not in dropped),
        security=tuple(s for s in api.security if s not in dropped),
        operations=tuple(operations),
    ), tuple(found)
