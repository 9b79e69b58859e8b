"""The version of a generated package, and its CHANGELOG.md, decided from the API diff.

The version is semver over what a user of the client sees: a breaking change bumps the major
version (also below 1.0: 0.3.1 -> 1.0.0, because pip's `~=0.3` pins would otherwise let a
breaking release in), an addition the minor, anything else the patch. It is decided from the
exports alone (old generated/<vendor>/openapi.json vs the new API's export), before any file
is emitted, because it is printed into pyproject.toml, `__version__` and the user agent.
Entries carry no dates, so regenerating the same docs always gives the same bytes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import diagnostics as diag
from generator.evolve.diff.changes import SECTIONS, Change, Severity
from generator.evolve.diff.compare import diff_openapi, overall
from generator.diagnostics import GeneratorError
from generator.ir import SourceSpan

CHANGELOG = "CHANGELOG.md"
_SEMVER = re.compile(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)")
_TITLES = {
    "breaking": "Breaking changes",
    "added": "Added",
    "changed": "Changed",
    "docs": "Documentation",
}
_HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


def bump(version: str, severity: Severity | None) -> str:
    match = _SEMVER.fullmatch(version)
    if match is None:
        raise ValueError(f"not a MAJOR.MINOR.PATCH version: {version!r}")
    major, minor, patch = (int(g) for g in match.groups())
    if severity is Severity.BREAKING:
        return f"{major + 1}.0.0"
    if severity is Severity.FEATURE:
        return f"{major}.{minor + 1}.0"
    if severity is Severity.PATCH:
        return f"{major}.{minor}.{patch + 1}"
    return version


@dataclass(frozen=True)
class Release:
    version: str
    previous: str | None  # None: the package is generated for the first time
    changes: tuple[Change, ...] = ()

    @property
    def bumped(self) -> bool:
        return self.previous is not None and self.version != self.previous

    def note(self) -> str:
        if self.previous is None:
            return f"version {self.version} (first)"
        if not self.bumped:
            return f"version {self.version}"
        counts = {s: sum(1 for c in self.changes if c.section == s) for s in SECTIONS}
        shown = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
        return f"version {self.previous} -> {self.version} ({shown})"


def load_export(path: Path, shown: str) -> dict[str, Any] | None:
    """The committed export, None when there is none; a damaged one stops the run."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    try:
        doc = json.loads(text)
    except ValueError as exc:
        doc = exc
    if not isinstance(doc, dict):
        raise GeneratorError(
            [
                diag.error(
                    "export-unreadable",
                    "cannot read the committed export to decide the next version; "
                    "restore it from version control (or delete it to start the changelog over)",
                    SourceSpan(shown, 1),
                )
            ]
        )
    return doc


def decide(
    old: dict[str, Any] | None,
    new: dict[str, Any],
    current: str | None,
    *,
    initial: str,
    locations: dict[str, str],
    old_label: str,
    shown: str,
) -> Release:
    if old is None:
        return Release(current or initial, None)
    changes = diff_openapi(old, new, locations=locations, old_label=old_label)
    base = current or initial
    try:
        return Release(bump(base, overall(changes)), base, tuple(changes))
    except ValueError as exc:
        raise GeneratorError(
            [diag.error("version-invalid", str(exc), SourceSpan(shown, 1))]
        ) from None


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _entry(release: Release) -> str:
    lines = [f"## {release.version}", ""]
    for section in SECTIONS:
        chosen = [c for c in release.changes if c.section == section]
        if not chosen:
            continue
        lines += [f"### {_TITLES[section]}", ""]
        for c in chosen:
            location = c.location.replace("`", "")
            # A removed thing's pointer is into the export this release overwrites: say which one.
            if location and c.kind == "removed":
                location = f" (was `{location}` in {release.previous})"
            elif location:
                location = f" (`{location}`)"
            where = "" if c.where == "API" else f"`{_one_line(c.where)}`: "
            lines.append(f"- {where}{_one_line(c.message)}{location}")
        lines.append("")
    return "\n".join(lines)


def _first_entry(version: str, new: dict[str, Any]) -> str:
    paths = new.get("paths")
    paths = paths if isinstance(paths, dict) else {}
    ops = []
    for path, item in sorted(paths.items()):
        for method in _HTTP_METHODS:
            if isinstance(item, dict) and isinstance(item.get(method), dict):
                op_id = item[method].get("operationId")
                ops.append(
                    f"- `{method.upper()} {_one_line(path)}`"
                    + (f" ({_one_line(op_id)})" if op_id else "")
                )
    count = f"{len(ops)} operation" + ("" if len(ops) == 1 else "s")
    return "\n".join([f"## {version}", "", f"First generated version: {count}.", "", *ops, ""])


def header(distribution: str, sources_label: str) -> str:
    return (
        "# Changelog\n\n"
        f"Changes to the API of `{distribution}`, newest first, as read from the docs in "
        f"`{sources_label}`.\nWritten by `docs2sdk generate`: a breaking change bumps the major "
        "version, an addition the\nminor version, any other change (descriptions included) the "
        "patch version.\n\n"
    )


def changelog_text(
    existing: str | None,
    release: Release,
    new: dict[str, Any],
    *,
    distribution: str,
    sources_label: str,
) -> str | None:
    """The CHANGELOG.md to write; the existing one, untouched, when the version did not move.

    A package generated before changelogs existed (an export but no CHANGELOG.md) gets one at
    its next version change, so regenerating it unchanged still gives identical bytes.
    """
    if release.previous is None:
        return (
            existing
            if existing is not None
            else header(distribution, sources_label) + _first_entry(release.version, new)
        )
    if not release.bumped:
        return existing
    entry = _entry(release)
    if existing is None:
        return header(distribution, sources_label) + entry
    lines = existing.splitlines(keepends=True)
    at = next((i for i, line in enumerate(lines) if line.startswith("## ")), len(lines))
    before = "".join(lines[:at])
    if before and not before.endswith("\n\n"):
        before = before.rstrip("\n") + "\n\n"
    return before + entry + ("\n" if at < len(lines) else "") + "".join(lines[at:])
