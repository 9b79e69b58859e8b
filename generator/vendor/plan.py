"""Per-vendor runs: specs/<vendor>/ in, a planned package for generated/<vendor>/ out.

`build` uses plan_package only; what reads specs/ (pydantic for vendor.yaml) is imported by
the functions that need it. The version a regeneration gets is decided in evolve/regenerate.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator import diagnostics as diag
from generator.diagnostics import Diagnostic, GeneratorError
from generator.emit.coverage import render_coverage
from generator.emit.openapi.export import api_to_openapi
from generator.emit.package import PackageSettings, emit_package
from generator.ir import count_models
from generator.writer import Planned, read_version
from generator.emit.openapi.check import check_export
from generator.ir import Api, SourceSpan, with_changes
from generator.pipeline import ReadApi, read_docs, require_usable, with_environments

if TYPE_CHECKING:
    from generator.vendor.config import VendorConfig

INITIAL_VERSION = "0.1.0"


@dataclass(frozen=True)
class VendorRun:
    name: str
    planned: Planned
    read: ReadApi
    diagnostics: tuple[Diagnostic, ...]
    release: Any = None  # evolve.versioning.Release, when the version was decided from a diff

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
    return with_changes(api, auth=(changed, *api.auth[1:]))


def plan_package(
    api: Api,
    settings: PackageSettings,
    target: Path,
    read: ReadApi,
    validate_export: bool = True,
    extra_files: Mapping[str, str] | None = None,
    export: dict[str, Any] | None = None,
) -> VendorRun:
    """Emit and check the package; `export` is the API's OpenAPI export when already built."""
    export = api_to_openapi(api) if export is None else export
    files = emit_package(api, settings, export)
    found = list(read.diagnostics)
    if validate_export:
        found += check_export(export, str(target / "openapi.json"))
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


def read_vendor(root: Path, name: str) -> VendorApi:
    from generator.vendor.config import load_config, source_files

    vendor_dir = root / "specs" / name
    if name.startswith(".") or not (vendor_dir / "vendor.yaml").is_file():
        where = SourceSpan(str(vendor_dir))
        problem = diag.error("vendor-unknown", f"no vendor {name!r} under specs/", where)
        raise GeneratorError([problem])
    config = load_config(vendor_dir)
    read = read_docs(source_files(vendor_dir, config), root, config.names, {str(k): v for k, v in config.verbs.items()})
    require_usable(read)
    api = apply_auth(with_environments(read.api, config.environments), config)
    return VendorApi(root, name, config, read, api)
