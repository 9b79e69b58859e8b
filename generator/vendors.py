"""Per-vendor runs: specs/<vendor>/ in, a planned package for generated/<vendor>/ out."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from . import diagnostics as diag
from .config import VendorConfig, load_config, source_files
from .diagnostics import Diagnostic, GeneratorError
from .emit.coverage import render_coverage
from .emit.openapi import api_to_openapi
from .emit.package import PackageSettings, count_models, emit_package
from .emit.writer import Planned, read_version
from .export_check import check_export
from .ir import Api, SourceSpan
from .pipeline import ReadApi, read_docs, require_usable, with_environments

INITIAL_VERSION = "0.1.0"


@dataclass(frozen=True)
class VendorRun:
    name: str
    planned: Planned
    read: ReadApi
    diagnostics: tuple[Diagnostic, ...]

    def summary(self) -> str:
        api = self.read.api
        warnings = sum(1 for d in self.diagnostics if d.level is not diag.Level.INFO)
        return f"{self.name}: {len(api.operations)} operations, {count_models(api)} models, {warnings} warnings"


def list_vendors(root: Path) -> list[str]:
    specs = root / "specs"
    return sorted(p.name for p in specs.iterdir() if (p / "vendor.yaml").is_file()) if specs.is_dir() else []


def apply_auth(api: Api, config: VendorConfig) -> Api:
    settings = config.auth
    if not api.auth or not (settings.env_var or settings.prefix or settings.header):
        return api
    first = api.auth[0]
    changed = replace(
        first,
        env_var=settings.env_var or first.env_var,
        prefix=settings.prefix or first.prefix,
        header=settings.header or first.header,
    )
    return api.with_(auth=(changed, *api.auth[1:]))


def plan_package(api: Api, settings: PackageSettings, target: Path, read: ReadApi,
                 validate_export: bool = True) -> VendorRun:
    files = emit_package(api, settings)
    found = list(read.diagnostics)
    if validate_export:
        found += check_export(api_to_openapi(api), str(target / "openapi.json"))
    files["COVERAGE.md"] = render_coverage(settings.title, read.results, diag.sort_unique(found))
    if diag.has_errors(d for d in found if d.code == "export-invalid"):
        raise GeneratorError(found)
    return VendorRun(settings.name, Planned(target, files, settings.version), read, diag.sort_unique(found))


def plan_vendor(root: Path, name: str) -> VendorRun:
    vendor_dir = root / "specs" / name
    if not (vendor_dir / "vendor.yaml").is_file():
        raise GeneratorError([diag.error("vendor-unknown", f"no vendor {name!r} under specs/", SourceSpan(str(vendor_dir)))])
    config = load_config(vendor_dir)
    paths = source_files(vendor_dir, config)
    read = read_docs(paths, root)
    require_usable(read)
    api = apply_auth(with_environments(read.api, config.environments), config)
    target = root / "generated" / name
    settings = PackageSettings(
        name=name,
        package=config.package,
        distribution=config.distribution,
        title=config.title,
        version=read_version(target) or INITIAL_VERSION,
        env_prefix=config.env_prefix,
        sources_label=f"specs/{name}/",
        idempotent_ids=frozenset(config.idempotent),
        default_environment=config.default_environment,
    )
    return plan_package(api, settings, target, read)
