"""Per-vendor runs: specs/<vendor>/ in, a planned package for generated/<vendor>/ out.

`build` uses plan_package only; what reads specs/ (pydantic for vendor.yaml) and compares
with generated/ (the API diff, versioning) is imported by the functions that need it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import diagnostics as diag
from .diagnostics import Diagnostic, GeneratorError
from .emit.coverage import render_coverage
from .emit.openapi import api_to_openapi
from .emit.package import PackageSettings, emit_package
from .ir import count_models
from .emit.writer import Planned, read_version
from .export_check import check_export
from .ir import Api, SourceSpan, with_changes
from .pipeline import ReadApi, read_docs, require_usable, with_environments

if TYPE_CHECKING:
    from .api_changes import Change
    from .config import VendorConfig
    from .versioning import Release

INITIAL_VERSION = "0.1.0"


@dataclass(frozen=True)
class VendorRun:
    name: str
    planned: Planned
    read: ReadApi
    diagnostics: tuple[Diagnostic, ...]
    release: Release | None = None

    def summary(self) -> str:
        api = self.read.api
        warnings = sum(1 for d in self.diagnostics if d.level is not diag.Level.INFO)
        return f"{self.name}: {len(api.operations)} operations, {count_models(api)} models, {warnings} warnings"


def list_vendors(root: Path) -> list[str]:
    specs = root / "specs"
    # Hidden folders are skipped: `docs2sdk add` builds a new vendor in one before renaming it.
    return sorted(
        p.name
        for p in specs.iterdir()
        if not p.name.startswith(".") and (p / "vendor.yaml").is_file()
    ) if specs.is_dir() else []


def apply_auth(api: Api, config: VendorConfig) -> Api:
    settings = config.auth
    if not api.auth or not (settings.env_var or settings.prefix or settings.header):
        return api
    first = api.auth[0]
    changed = with_changes(
        first,
        env_var=settings.env_var or first.env_var,
        prefix=settings.prefix or first.prefix,
        header=settings.header or first.header,
    )
    return api.with_(auth=(changed, *api.auth[1:]))


def plan_package(
    api: Api,
    settings: PackageSettings,
    target: Path,
    read: ReadApi,
    validate_export: bool = True,
    extra_files: Mapping[str, str] | None = None,
) -> VendorRun:
    files = emit_package(api, settings)
    found = list(read.diagnostics)
    if validate_export:
        found += check_export(api_to_openapi(api), str(target / "openapi.json"))
    files["COVERAGE.md"] = render_coverage(settings.title, read.results, diag.sort_unique(found))
    files.update(extra_files or {})
    if diag.has_errors(d for d in found if d.code == "export-invalid"):
        raise GeneratorError(found)
    return VendorRun(settings.name, Planned(target, files, settings.version), read, diag.sort_unique(found))


@dataclass(frozen=True)
class VendorApi:
    """A vendor's docs read into the API the package is generated from (no files emitted)."""

    root: Path
    name: str
    config: VendorConfig
    read: ReadApi
    api: Api  # with the config's environments and auth applied

    @property
    def target(self) -> Path:
        return self.root / "generated" / self.name

    def old_export(self) -> tuple[dict[str, Any] | None, str]:
        """The committed generated/<vendor>/openapi.json (None if there is none) and its label."""
        from .versioning import load_export

        shown = f"generated/{self.name}/openapi.json"
        return load_export(self.target / "openapi.json", shown), shown


def read_vendor(root: Path, name: str) -> VendorApi:
    from .config import load_config, source_files

    vendor_dir = root / "specs" / name
    if name.startswith(".") or not (vendor_dir / "vendor.yaml").is_file():
        where = SourceSpan(str(vendor_dir))
        problem = diag.error("vendor-unknown", f"no vendor {name!r} under specs/", where)
        raise GeneratorError([problem])
    config = load_config(vendor_dir)
    read = read_docs(source_files(vendor_dir, config), root)
    require_usable(read)
    api = apply_auth(with_environments(read.api, config.environments), config)
    return VendorApi(root, name, config, read, api)


def vendor_changes(vendor: VendorApi) -> tuple[list[Change], bool]:
    """The changes from the committed export to the docs' API; False when nothing is committed."""
    from .api_diff import diff_openapi
    from .api_locations import ir_locations

    old, shown = vendor.old_export()
    new = api_to_openapi(vendor.api)
    changes = diff_openapi(old or {}, new, locations=ir_locations(vendor.api), old_label=shown)
    return changes, old is not None


def plan_vendor(root: Path, name: str) -> VendorRun:
    from .api_locations import ir_locations
    from .versioning import CHANGELOG, changelog_text, decide

    vendor = read_vendor(root, name)
    config, api, target = vendor.config, vendor.api, vendor.target
    old, shown = vendor.old_export()
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
    )
    # The changelog is carried from the package on disk, so the writer (which drops whatever
    # is not in the plan) keeps it, and an unchanged API leaves it byte for byte.
    existing = target / CHANGELOG
    changelog = changelog_text(
        existing.read_text(encoding="utf-8") if existing.is_file() else None,
        release, new, distribution=config.distribution, sources_label=settings.sources_label,
    )
    extra = {CHANGELOG: changelog} if changelog is not None else {}
    run = plan_package(api, settings, target, vendor.read, extra_files=extra)
    return replace(run, release=release)
