"""What changed between two OpenAPI exports, and what each change means for a client user.

Breaking (a user's working code or types may stop working): a removed operation, response,
parameter, request or response field or server; a newly required request field or
parameter; a narrowed request enum; a changed type; a response field that may now be null or
missing; any change to auth; a renamed operationId or first tag (method or resource names).
Features: additions. Patch: everything else, descriptions ("docs") included. Error responses
(not 2xx) reach users as parsed JSON, not typed models, so their changes are never breaking.

Each change names where it comes from: the doc page and line of the new API (through a
location map built from the IR), or, for a removed thing, its JSON pointer in the old export.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from generator.evolve.diff.changes import RANK, Change, Recorder, Severity
from generator.evolve.diff.operations import diff_operations
from generator.evolve.diff.schema_view import Raw, escape

__all__ = ["Change", "Severity", "diff_openapi", "overall", "render"]


def _mapping(value: Any) -> Raw:
    return value if isinstance(value, dict) else {}


def _servers(rec: Recorder) -> None:
    def by_url(doc: Raw) -> dict[str, tuple[int, Raw]]:
        listed = doc.get("servers")
        listed = listed if isinstance(listed, list) else []
        return {str(s.get("url")): (i, s) for i, s in enumerate(listed) if isinstance(s, dict)}

    old, new = by_url(rec.old), by_url(rec.new)
    for url in sorted(old.keys() | new.keys()):
        keys = [f"server {url}"]
        if url not in new:
            rec.add(
                Severity.BREAKING,
                "removed",
                "server",
                "API",
                f"server {url} removed",
                keys=keys,
                old_pointer=f"/servers/{old[url][0]}",
                old=url,
            )
        elif url not in old:
            rec.add(
                Severity.FEATURE,
                "added",
                "server",
                "API",
                f"server {url} added",
                keys=keys,
                new=url,
            )
        elif old[url][1].get("description") != new[url][1].get("description"):
            rec.add(
                Severity.PATCH,
                "changed",
                "description",
                "API",
                f"description of server {url} changed",
                keys=keys,
            )


def _auth(rec: Recorder) -> None:
    def schemes(doc: Raw) -> Raw:
        return _mapping(_mapping(doc.get("components")).get("securitySchemes"))

    old, new = schemes(rec.old), schemes(rec.new)
    for name in sorted(old.keys() | new.keys()):
        keys, pointer = [f"auth {name}"], f"/components/securitySchemes/{escape(name)}"
        if name not in new:
            rec.add(
                Severity.BREAKING,
                "removed",
                "auth",
                "API",
                f"auth scheme `{name}` removed",
                keys=keys,
                old_pointer=pointer,
            )
        elif name not in old:
            rec.add(
                Severity.BREAKING, "added", "auth", "API", f"auth scheme `{name}` added", keys=keys
            )
        else:
            before = {k: v for k, v in _mapping(old[name]).items() if k != "description"}
            after = {k: v for k, v in _mapping(new[name]).items() if k != "description"}
            if before != after:
                rec.add(
                    Severity.BREAKING,
                    "changed",
                    "auth",
                    "API",
                    f"auth scheme `{name}` changed",
                    keys=keys,
                    old=before,
                    new=after,
                )
            elif _mapping(old[name]).get("description") != _mapping(new[name]).get("description"):
                rec.add(
                    Severity.PATCH,
                    "changed",
                    "description",
                    "API",
                    f"description of auth scheme `{name}` changed",
                    keys=keys,
                )
    if rec.old.get("security") != rec.new.get("security"):
        rec.add(
            Severity.BREAKING,
            "changed",
            "auth",
            "API",
            "default security requirement changed",
            keys=["API"],
            old=rec.old.get("security"),
            new=rec.new.get("security"),
        )


def _models(rec: Recorder) -> None:
    def names(doc: Raw) -> set[str]:
        return set(_mapping(_mapping(doc.get("components")).get("schemas")))

    old, new = names(rec.old), names(rec.new)
    for name in sorted(old - new):
        rec.add(
            Severity.BREAKING,
            "removed",
            "model",
            "API",
            f"model `{name}` removed (code importing it breaks)",
            keys=[f"model {name}"],
            old_pointer=f"/components/schemas/{escape(name)}",
        )
    for name in sorted(new - old):
        rec.add(
            Severity.FEATURE,
            "added",
            "model",
            "API",
            f"model `{name}` added",
            keys=[f"model {name}"],
        )


def _info(rec: Recorder) -> None:
    old, new = _mapping(rec.old.get("info")), _mapping(rec.new.get("info"))
    for key in ("title", "version"):
        if old.get(key) != new.get(key) and old:
            rec.add(
                Severity.PATCH,
                "changed",
                "info",
                "API",
                f"API {key} changed from {old.get(key)!r} " f"to {new.get(key)!r}",
                keys=["API"],
                old=old.get(key),
                new=new.get(key),
            )
    if old.get("description") != new.get("description") and old:
        rec.add(
            Severity.PATCH, "changed", "description", "API", "API description changed", keys=["API"]
        )


def diff_openapi(
    old: Raw,
    new: Raw,
    *,
    locations: Mapping[str, str] | None = None,
    old_label: str = "openapi.json",
) -> list[Change]:
    """Every change from `old` to `new`, breaking first, in a stable order."""
    rec = Recorder(old, new, locations or {}, old_label)
    diff_operations(rec)
    _servers(rec)
    _auth(rec)
    _models(rec)
    _info(rec)
    if not rec.changes and _canonical(old) != _canonical(new):
        # Examples, titles, extensions: not listed one by one, but never a silent change.
        rec.add(
            Severity.PATCH,
            "changed",
            "other",
            "API",
            "other details of the export changed " "(examples, titles or extensions)",
            keys=["API"],
        )
    return sorted(rec.changes, key=lambda c: (-RANK[c.severity], c.where, c.message, c.location))


def _canonical(doc: Raw) -> str:
    return json.dumps(doc, sort_keys=True, ensure_ascii=False)


def overall(changes: list[Change]) -> Severity | None:
    """The most serious severity among the changes, None when there are none."""
    return max((c.severity for c in changes), key=lambda s: RANK[s], default=None)


def render(changes: list[Change]) -> list[str]:
    lines = []
    for c in changes:
        where = f"  [{c.location}]" if c.location else ""
        lines.append(f"  {c.severity.value.upper():<9} {c.text()}{where}")
    return lines
