"""Regenerating a vendor: the change since the committed export decides the new version."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from generator.emit.openapi.export import api_to_openapi
from generator.emit.package import PackageSettings
from generator.evolve.diff.changes import Change
from generator.evolve.diff.compare import diff_openapi
from generator.evolve.diff.locations import ir_locations
from generator.evolve.versioning import CHANGELOG, changelog_text, decide, load_export
from generator.vendor.plan import INITIAL_VERSION, VendorApi, VendorRun, plan_package, read_vendor
from generator.writer import read_version


def old_export(vendor: VendorApi) -> tuple[dict[str, Any] | None, str]:
    """The committed generated/<vendor>/openapi.json (None if there is none) and its label."""
    shown = f"generated/{vendor.name}/openapi.json"
    return load_export(vendor.target / "openapi.json", shown), shown


def vendor_changes(vendor: VendorApi) -> tuple[list[Change], bool]:
    """The changes from the committed export to the docs' API; False when nothing is committed."""
    old, shown = old_export(vendor)
    new = api_to_openapi(vendor.api)
    changes = diff_openapi(old or {}, new, locations=ir_locations(vendor.api), old_label=shown)
    return changes, old is not None


def plan_vendor(root: Path, name: str) -> VendorRun:
    vendor = read_vendor(root, name)
    config, api, target = vendor.config, vendor.api, vendor.target
    old, shown = old_export(vendor)
    new = api_to_openapi(api)  # independent of the package version, so it can decide it
    release = decide(
        old, new, read_version(target), initial=INITIAL_VERSION, locations=ir_locations(api),
        old_label=shown, shown=shown,
    )
    settings = PackageSettings(
        name=name,
        package=config.package,
        distribution=config.distribution,
        title=config.title,
        version=release.version,
        env_prefix=config.env_prefix,
        sources_label=f"specs/{name}/",
        idempotent_ids=frozenset(config.idempotent),
        default_environment=config.default_environment,
        license=config.license,
        urls=tuple(config.urls.items()),
        install=config.install or "",
        folder=f"generated/{name}",
    )
    # The changelog is carried from the package on disk, so the writer (which drops whatever
    # is not in the plan) keeps it, and an unchanged API leaves it byte for byte.
    existing = target / CHANGELOG
    changelog = changelog_text(
        existing.read_text(encoding="utf-8") if existing.is_file() else None,
        release, new, distribution=config.distribution, sources_label=settings.sources_label,
    )
    extra = {CHANGELOG: changelog} if changelog is not None else {}
    run = plan_package(api, settings, target, vendor.read, extra_files=extra, export=new)
    return replace(run, release=release)
