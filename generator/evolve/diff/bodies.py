"""Parameters, request bodies and responses of one operation, compared.

The rules (see generator.evolve.diff.compare) read "in" (what the client sends) and "out" (what it
receives) differently: a new required field breaks a caller only when the caller must send it;
a field that may now be null breaks a caller only when the caller reads it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.evolve.diff.changes import Recorder, Severity
from generator.evolve.diff.schemas import Finding, SchemaDiffer
from generator.evolve.diff.schema_view import Raw, escape, view

ENVELOPE_KEY = "x-docs2sdk-envelope"
Param = tuple[Raw, str]  # a parameter (or any part of an operation) and its JSON pointer


@dataclass(frozen=True)
class _Ctx:
    where: str  # "POST /user"
    scope: str  # location-map key part: "request", "response 200", "parameter query.limit"
    noun: str  # "request", "response 200", "parameter `limit` (query)"
    out: bool  # the client receives this data
    demote: bool = False  # an error response: nothing in it is breaking

    def label(self, path: str) -> str:
        if path:
            return f"{self.noun} field `{path}`"
        return self.noun if self.scope.startswith("parameter") else f"{self.noun} body"

    def keys(self, path: str) -> list[str]:
        parts = path.split(".") if path else []
        deeper = [
            f"{self.where} {self.scope} {'.'.join(parts[:n])}" for n in range(len(parts), 0, -1)
        ]
        return [*deeper, f"{self.where} {self.scope}", self.where]

    def sev(self, breaking: bool, otherwise: Severity = Severity.PATCH) -> Severity:
        if breaking:
            return Severity.PATCH if self.demote else Severity.BREAKING
        return otherwise


def _emit(rec: Recorder, ctx: _Ctx, findings: list[Finding]) -> None:
    """Findings relative to a body or parameter schema, as changes of this operation."""
    for f in findings:
        label = ctx.label(f.path)
        rec.add(
            ctx.sev(f.breaking, f.otherwise),
            f.kind,
            f.aspect,
            ctx.where,
            f"{f.before}{label}{f.after}",
            keys=ctx.keys(f.path),
            old_pointer=f.old_pointer,
            old=f.old,
            new=f.new,
        )


def mapping(value: Any) -> Raw:
    return value if isinstance(value, dict) else {}


def resolve(doc: Raw, raw: Any, section: str) -> Raw:
    """Follow one `$ref` into components.<section> (parameters, responses, requestBodies)."""
    found = mapping(raw)
    ref = found.get("$ref")
    prefix = f"#/components/{section}/"
    if isinstance(ref, str) and ref.startswith(prefix):
        return mapping(mapping(mapping(doc.get("components")).get(section)).get(ref[len(prefix) :]))
    return found


def _media(container: Raw) -> tuple[str, Raw] | None:
    content = mapping(container.get("content"))
    if not content:
        return None
    chosen = (
        "application/json"
        if "application/json" in content
        else next((t for t in sorted(content) if t.endswith("+json")), sorted(content)[0])
    )
    return chosen, mapping(content[chosen])


def parameters(
    rec: Recorder,
    sd: SchemaDiffer,
    where: str,
    old: dict[tuple[str, str], Param],
    new: dict[tuple[str, str], Param],
) -> None:
    for key in sorted(old.keys() | new.keys()):
        loc, name = key
        ctx = _Ctx(where, f"parameter {loc}.{name}", f"parameter `{name}` ({loc})", out=False)
        label, keys = ctx.label(""), ctx.keys("")
        if key not in new:
            rec.add(
                Severity.BREAKING,
                "removed",
                "parameter",
                where,
                f"{label} removed",
                keys=keys,
                old_pointer=old[key][1],
            )
            continue
        (o, o_ptr), (n, n_ptr) = old.get(key, ({}, "")), new[key]
        required = bool(n.get("required"))
        if key not in old:
            rec.add(
                Severity.BREAKING if required else Severity.FEATURE,
                "added",
                "parameter",
                where,
                f"{'required' if required else 'optional'} {label} added",
                keys=keys,
            )
            continue
        if bool(o.get("required")) != required:
            rec.add(
                ctx.sev(required),
                "changed",
                "required",
                where,
                f"{label} is now {'required' if required else 'optional'}",
                keys=keys,
            )
        if o.get("description") != n.get("description"):
            rec.add(
                Severity.PATCH,
                "changed",
                "description",
                where,
                f"description of {label} changed",
                keys=keys,
            )
        if bool(o.get("deprecated")) != bool(n.get("deprecated")):
            rec.add(
                Severity.PATCH,
                "changed",
                "deprecated",
                where,
                f"{label}: deprecated changed",
                keys=keys,
            )
        _emit(
            rec,
            ctx,
            sd.compare(
                view(rec.old, o.get("schema"), f"{o_ptr}/schema"),
                view(rec.new, n.get("schema"), f"{n_ptr}/schema"),
                out=False,
            ),
        )


def request(
    rec: Recorder, sd: SchemaDiffer, where: str, o: Raw, o_ptr: str, n: Raw, n_ptr: str
) -> None:
    ctx = _Ctx(where, "request", "request", out=False)
    keys = ctx.keys("")
    old, new = resolve(rec.old, o.get("requestBody"), "requestBodies"), resolve(
        rec.new, n.get("requestBody"), "requestBodies"
    )
    old_media, new_media = _media(old), _media(new)
    required = bool(new.get("required"))
    if old_media is None and new_media is None:
        return
    if old_media is None:
        rec.add(
            ctx.sev(required, Severity.FEATURE),
            "added",
            "request",
            where,
            f"{'required' if required else 'optional'} request body added",
            keys=keys,
        )
        return
    if new_media is None:
        rec.add(
            Severity.BREAKING,
            "removed",
            "request",
            where,
            "request body removed",
            keys=keys,
            old_pointer=f"{o_ptr}/requestBody",
        )
        return
    if old_media[0] != new_media[0]:
        rec.add(
            Severity.BREAKING,
            "changed",
            "request",
            where,
            f"request content type changed from {old_media[0]} to {new_media[0]}",
            keys=keys,
        )
        return
    if bool(old.get("required")) != required:
        rec.add(
            ctx.sev(required),
            "changed",
            "required",
            where,
            f"request body is now {'required' if required else 'optional'}",
            keys=keys,
        )
    if old.get("description") != new.get("description"):
        rec.add(
            Severity.PATCH,
            "changed",
            "description",
            where,
            "description of request body changed",
            keys=keys,
        )
    media_ptr = f"/requestBody/content/{escape(new_media[0])}/schema"
    _emit(
        rec,
        ctx,
        sd.compare(
            view(rec.old, old_media[1].get("schema"), o_ptr + media_ptr),
            view(rec.new, new_media[1].get("schema"), n_ptr + media_ptr),
            out=False,
        ),
    )


def responses(
    rec: Recorder, sd: SchemaDiffer, where: str, o: Raw, o_ptr: str, n: Raw, n_ptr: str
) -> None:
    old_all, new_all = mapping(o.get("responses")), mapping(n.get("responses"))
    for status in sorted(old_all.keys() | new_all.keys()):
        ctx = _Ctx(
            where,
            f"response {status}",
            f"response {status}",
            out=True,
            demote=not str(status).startswith("2"),
        )
        keys, pointer = ctx.keys(""), f"/responses/{escape(str(status))}"
        if status not in new_all:
            rec.add(
                ctx.sev(True),
                "removed",
                "response",
                where,
                f"response {status} removed",
                keys=keys,
                old_pointer=o_ptr + pointer,
            )
            continue
        if status not in old_all:
            rec.add(
                Severity.FEATURE, "added", "response", where, f"response {status} added", keys=keys
            )
            continue
        old, new = resolve(rec.old, old_all[status], "responses"), resolve(
            rec.new, new_all[status], "responses"
        )
        if old.get("description") != new.get("description"):
            rec.add(
                Severity.PATCH,
                "changed",
                "description",
                where,
                f"description of response {status} changed",
                keys=keys,
            )
        if old.get(ENVELOPE_KEY) != new.get(ENVELOPE_KEY):
            rec.add(
                ctx.sev(True),
                "changed",
                "envelope",
                where,
                f"response {status}: envelope changed",
                keys=keys,
                old=old.get(ENVELOPE_KEY),
                new=new.get(ENVELOPE_KEY),
            )
        old_media, new_media = _media(old), _media(new)
        if old_media is None and new_media is not None:
            rec.add(
                Severity.FEATURE,
                "added",
                "response",
                where,
                f"response {status} body added",
                keys=keys,
            )
        elif old_media is not None and new_media is None:
            rec.add(
                ctx.sev(True),
                "removed",
                "response",
                where,
                f"response {status} body removed",
                keys=keys,
                old_pointer=f"{o_ptr}{pointer}/content",
            )
        elif old_media is not None and new_media is not None:
            if old_media[0] != new_media[0]:
                rec.add(
                    ctx.sev(True),
                    "changed",
                    "response",
                    where,
                    f"response {status} content type changed "
                    f"from {old_media[0]} to {new_media[0]}",
                    keys=keys,
                )
                continue
            media_ptr = f"{pointer}/content/{escape(new_media[0])}/schema"
            _emit(
                rec,
                ctx,
                sd.compare(
                    view(rec.old, old_media[1].get("schema"), o_ptr + media_ptr),
                    view(rec.new, new_media[1].get("schema"), n_ptr + media_ptr),
                    out=True,
                ),
            )
