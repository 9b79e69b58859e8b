"""Schema against schema: the findings of one comparison, relative to the schema compared.

Real APIs share models everywhere (Stripe reaches most of its 1,000 models from every
operation), so walking every path through the model graph is exponential. Instead, the
children of each pair of (old, new) models are compared once, their findings kept relative
to the model, and replayed under every field that uses the model. Within one walk a model is
expanded once (the first path, in sorted order), and a model already being expanded further
up (a cycle) is not expanded again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

from generator.evolve.diff.changes import Severity
from generator.evolve.diff.schema_view import Raw, View, top_type, type_label, view

_Key = tuple[Any, ...]


@dataclass(frozen=True)
class Finding:
    breaking: bool  # breaking for a client user (unless in an error response)
    otherwise: Severity  # the severity when it is not breaking
    kind: str  # added | removed | changed
    aspect: str
    path: str  # field path relative to the compared schema: "", "tags", "items[].id"
    before: str  # message text before the field's label
    after: str  # message text after it
    old_pointer: str | None = None
    old: Any = None
    new: Any = None


def join(base: str, rel: str) -> str:
    if not rel:
        return base
    if rel.startswith("[]") or not base:
        return base + rel
    return f"{base}.{rel}"


def _values(values: list[Any]) -> str:
    return ", ".join(f"`{v}`" if isinstance(v, str) else json.dumps(v) for v in values)


def _shape_key(v: View) -> _Key:
    props = tuple(sorted((name, pointer) for name, (_raw, pointer) in v.props.items()))
    return props, v.items[1] if v.items else None, tuple(sorted(v.required))


class SchemaDiffer:
    def __init__(self, old_doc: Raw, new_doc: Raw) -> None:
        self.old_doc, self.new_doc = old_doc, new_doc
        self._memo: dict[_Key, tuple[list[Finding], frozenset[_Key]]] = {}
        self._active: set[_Key] = set()

    def compare(
        self, old: View, new: View, out: bool, seen: set[_Key] | None = None
    ) -> list[Finding]:
        """Findings from old to new; `out`: the client receives this data (else: sends it)."""
        seen = set() if seen is None else seen
        found = self._here(old, new, out)
        if any(f.aspect == "type" for f in found):
            return found  # a new type: its fields are not comparable one by one
        return found + self._children(old, new, out, seen)

    def _here(self, old: View, new: View, out: bool) -> list[Finding]:
        if top_type(old) != top_type(new):
            before, after = type_label(self.old_doc, old), type_label(self.new_doc, new)
            return [
                Finding(
                    True,
                    Severity.PATCH,
                    "changed",
                    "type",
                    "",
                    "",
                    f": type changed from {before} to {after}",
                    old=before,
                    new=after,
                )
            ]
        found = []
        if old.nullable != new.nullable:
            if out:
                text = " may now be null" if new.nullable else " is no longer null"
                found.append(
                    Finding(
                        new.nullable,
                        Severity.PATCH,
                        "changed",
                        "nullable",
                        "",
                        "",
                        text,
                        old=old.nullable,
                        new=new.nullable,
                    )
                )
            else:
                text = " now accepts null" if new.nullable else " no longer accepts null"
                found.append(
                    Finding(
                        not new.nullable,
                        Severity.PATCH,
                        "changed",
                        "nullable",
                        "",
                        "",
                        text,
                        old=old.nullable,
                        new=new.nullable,
                    )
                )
        found += self._enum(old, new, out)
        if old.description != new.description:
            found.append(
                Finding(
                    False,
                    Severity.PATCH,
                    "changed",
                    "description",
                    "",
                    "description of ",
                    " changed",
                )
            )
        details = sorted(
            k
            for k in old.details.keys() | new.details.keys()
            if old.details.get(k) != new.details.get(k)
        )
        if details:
            found.append(
                Finding(
                    False,
                    Severity.PATCH,
                    "changed",
                    "detail",
                    "",
                    "",
                    f": {', '.join(details)} changed",
                    old={k: old.details.get(k) for k in details},
                    new={k: new.details.get(k) for k in details},
                )
            )
        return found

    @staticmethod
    def _enum(old: View, new: View, out: bool) -> list[Finding]:
        if old.enum == new.enum:
            return []
        if old.enum is None or new.enum is None:
            limited = new.enum is not None
            text = (
                f": now limited to {_values(list(new.enum))}"
                if new.enum is not None
                else ": no longer limited to fixed values"
            )
            return [
                Finding(
                    limited and not out,
                    Severity.PATCH,
                    "changed",
                    "enum",
                    "",
                    "",
                    text,
                    old=old.enum and list(old.enum),
                    new=new.enum and list(new.enum),
                )
            ]
        found = []
        removed = [v for v in old.enum if v not in new.enum]
        added = [v for v in new.enum if v not in old.enum]
        if removed:
            text = (
                f": enum values no longer returned: {_values(removed)}"
                if out
                else f": enum values removed: {_values(removed)}"
            )
            found.append(
                Finding(not out, Severity.PATCH, "changed", "enum", "", "", text, old=removed)
            )
        if added:
            # Generated models accept unknown enum values, so a new value in a response is safe too.
            found.append(
                Finding(
                    False,
                    Severity.FEATURE,
                    "added",
                    "enum",
                    "",
                    "",
                    f": enum values added: {_values(added)}",
                    new=added,
                )
            )
        return found

    def _children(self, old: View, new: View, out: bool, seen: set[_Key]) -> list[Finding]:
        if not (old.props or new.props or (old.items and new.items)):
            return []
        key = (_shape_key(old), _shape_key(new), out)
        if key in seen or key in self._active:
            return []
        if key not in self._memo:
            self._active.add(key)
            inner: set[_Key] = {key}
            try:
                findings = self._expand(old, new, out, inner)
            finally:
                self._active.discard(key)
            self._memo[key] = (findings, frozenset(inner))
        findings, included = self._memo[key]
        seen |= included
        return findings

    def _expand(self, old: View, new: View, out: bool, seen: set[_Key]) -> list[Finding]:
        found: list[Finding] = []
        for name in sorted(old.props.keys() | new.props.keys()):
            if name not in new.props:
                found.append(
                    Finding(
                        True,
                        Severity.PATCH,
                        "removed",
                        "field",
                        name,
                        "",
                        " removed",
                        old_pointer=old.props[name][1],
                    )
                )
            elif name not in old.props:
                required = name in new.required and not out
                words = "" if out else ("required " if required else "optional ")
                found.append(
                    Finding(required, Severity.FEATURE, "added", "field", name, words, " added")
                )
            else:
                found += self._field(old, new, name, out, seen)
        if old.items is not None and new.items is not None:
            sub = self.compare(
                view(self.old_doc, *old.items), view(self.new_doc, *new.items), out, seen
            )
            found += [replace(f, path=join("[]", f.path)) for f in sub]
        return found

    def _field(self, old: View, new: View, name: str, out: bool, seen: set[_Key]) -> list[Finding]:
        found = []
        was, now = name in old.required, name in new.required
        if was != now:
            if out:
                text = (
                    " may now be missing (no longer required)" if was else " is now always present"
                )
                found.append(
                    Finding(
                        was, Severity.PATCH, "changed", "required", name, "", text, old=was, new=now
                    )
                )
            else:
                text = " is now required" if now else " is now optional"
                found.append(
                    Finding(
                        now, Severity.PATCH, "changed", "required", name, "", text, old=was, new=now
                    )
                )
        sub = self.compare(
            view(self.old_doc, *old.props[name]), view(self.new_doc, *new.props[name]), out, seen
        )
        return found + [replace(f, path=join(name, f.path)) for f in sub]
