"""Change records of an API diff: what changed, how serious it is for a client user, from where."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

Raw = dict[str, Any]


class Severity(str, Enum):
    BREAKING = "breaking"
    FEATURE = "feature"
    PATCH = "patch"


RANK = {Severity.BREAKING: 3, Severity.FEATURE: 2, Severity.PATCH: 1}
SECTIONS = ("breaking", "added", "changed", "docs")


@dataclass(frozen=True)
class Change:
    severity: Severity
    kind: str  # added | removed | changed
    aspect: str  # operation, parameter, field, type, required, nullable, enum, description, ...
    where: str  # "POST /user", or "API" for servers, auth, models and info
    message: str  # "response 200 field `status` removed"
    location: str = ""  # page:line of the new docs, or old-export#pointer for removed things
    old: Any = None
    new: Any = None

    @property
    def section(self) -> str:
        """The CHANGELOG section: breaking, added, changed or docs."""
        if self.severity is Severity.BREAKING:
            return "breaking"
        if self.aspect == "description":
            return "docs"
        return "added" if self.kind == "added" or self.severity is Severity.FEATURE else "changed"

    def text(self) -> str:
        return f"{self.where}: {self.message}"

    def to_json(self) -> dict[str, Any]:
        return {
            "severity": self.severity.value,
            "kind": self.kind,
            "aspect": self.aspect,
            "section": self.section,
            "where": self.where,
            "message": self.message,
            "location": self.location,
            "old": self.old,
            "new": self.new,
        }


class Recorder:
    """Collects changes and decides where each one comes from."""

    def __init__(self, old: Raw, new: Raw, locations: Mapping[str, str], old_label: str) -> None:
        self.old, self.new = old, new
        self.locations = locations
        self.old_label = old_label
        self.changes: list[Change] = []

    def locate(self, keys: list[str], old_pointer: str | None, kind: str) -> str:
        if kind == "removed" and old_pointer is not None:
            return f"{self.old_label}#{old_pointer}"
        return next((self.locations[k] for k in keys if k in self.locations), "")

    def add(
        self,
        severity: Severity,
        kind: str,
        aspect: str,
        where: str,
        message: str,
        *,
        keys: list[str],
        old_pointer: str | None = None,
        old: Any = None,
        new: Any = None,
    ) -> None:
        location = self.locate(keys, old_pointer, kind)
        self.changes.append(Change(severity, kind, aspect, where, message, location, old, new))
