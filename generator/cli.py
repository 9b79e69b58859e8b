"""`docs2sdk`: argument parsing, printing diagnostics, exit codes. No pipeline logic here.

Exit codes: 0 success; 1 the docs or the output have a problem (diagnostics printed,
or `check` found drift, or `fetch` could not download a page); 2 the command line is wrong;
`diff` only: 3 the API changed without breaking changes, 4 it has breaking changes.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import diagnostics as diag
from .cli_common import (
    EXIT_PROBLEM,
    chosen_vendors,
    print_diagnostics,
    reports_errors,
    root_option,
    without_cycle_collector,
)
from .cli_regen import add_command, diff_command, fetch_command

# Each command imports what it needs when it runs: start-up is most of the time `openapi`
# takes on a small document, and only some commands need pydantic (vendor.yaml), jinja2 and
# the emitters, or the markdown readers.
if TYPE_CHECKING:
    from .vendors import VendorRun


@click.group()
@click.version_option(package_name="docs2sdk")
def main() -> None:
    """Turn API documentation pages into typed Python SDKs."""


@main.command()
@click.argument("vendors", nargs=-1)
@root_option
@click.option("--force", is_flag=True, help="Overwrite generated files even if they were edited by hand.")
@reports_errors
def generate(vendors: tuple[str, ...], root: Path, force: bool) -> None:
    """Regenerate the packages of VENDORS (default: every vendor under specs/).

    All vendors are built before anything is written; if one fails, generated/ is left as it was.
    When the API differs from the committed generated/<vendor>/openapi.json, the package version
    is bumped (major for breaking changes, minor for additions, patch for the rest) and an entry
    is prepended to generated/<vendor>/CHANGELOG.md. Unchanged docs write nothing.
    """
    from .emit.writer import write_all
    from .vendors import plan_vendor
    from .versioning import CHANGELOG

    started = time.perf_counter()
    runs = [plan_vendor(root, name) for name in chosen_vendors(root, vendors)]
    changed = set(write_all([r.planned for r in runs], force=force))
    for run in runs:
        print_diagnostics(run.diagnostics)
        state = "written" if run.planned.target in changed else "unchanged"
        click.echo(f"{run.summary()} -> {run.planned.target} ({state})")
        if run.release is not None and (run.release.bumped or run.release.previous is None):
            click.echo(f"  {run.name}: {run.release.note()}; see {run.planned.target / CHANGELOG}")
    click.echo(f"done in {time.perf_counter() - started:.2f}s")


@main.command()
@click.argument("vendors", nargs=-1)
@root_option
@reports_errors
def check(vendors: tuple[str, ...], root: Path) -> None:
    """Exit 1 when generated/ is not exactly what the specs produce, naming the files."""
    from .emit.writer import differences
    from .vendors import plan_vendor

    drift = 0
    runs: list[VendorRun] = [plan_vendor(root, name) for name in chosen_vendors(root, vendors)]
    for run in runs:
        changed = differences(run.planned.target, run.planned.files)
        for path in changed:
            click.echo(f"{run.planned.target / path}: differs from what the specs produce")
        drift += len(changed)
        click.echo(f"{run.summary()}: {'up to date' if not changed else f'{len(changed)} files differ'}")
    if drift:
        click.echo("run `make generate` (docs2sdk generate) and commit the result", err=True)
        sys.exit(EXIT_PROBLEM)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--name", required=True, help="Vendor name; the package is NAME_docs2sdk.")
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path), help="Output folder.")
@click.option("--validate/--no-validate", default=True, show_default=True, help="Validate the OpenAPI export.")
@reports_errors
def build(files: tuple[Path, ...], name: str, out: Path, validate: bool) -> None:
    """Build a package from doc FILES without a specs/ folder."""
    from .emit.package import PackageSettings, package_name_for
    from .emit.writer import Planned, write_all
    from .naming import constant_name
    from .pipeline import read_docs, require_usable
    from .vendors import INITIAL_VERSION, plan_package

    started = time.perf_counter()
    without_cycle_collector()
    read = read_docs(files)
    require_usable(read)
    package = package_name_for(name)
    settings = PackageSettings(
        name=name,
        package=package,
        distribution=package.replace("_", "-"),
        title=read.api.title or name,
        version=INITIAL_VERSION,
        env_prefix=constant_name(name),
        sources_label=", ".join(f.name for f in files),
    )
    run = plan_package(read.api, settings, out, read, validate_export=validate)
    write_all([Planned(out, run.planned.files, settings.version)])
    print_diagnostics(run.diagnostics)
    click.echo(f"{run.summary()} -> {out} in {time.perf_counter() - started:.2f}s")


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here, not stdout.")
@click.option("--validate/--no-validate", default=True, show_default=True,
              help="Check the result with openapi-spec-validator (slow on very large documents).")
@reports_errors
def openapi(files: tuple[Path, ...], output: Path | None, validate: bool) -> None:
    """Read doc FILES of any shape, merge them into one API, print its OpenAPI 3.1 JSON."""
    from .emit.openapi import api_to_openapi, dumps
    from .ir import count_models
    from .export_check import check_export
    from .pipeline import read_docs, require_usable

    without_cycle_collector()
    read = read_docs(files)
    require_usable(read)
    doc = api_to_openapi(read.api)
    found = list(read.diagnostics)
    if validate:
        found += check_export(doc, str(output or "<stdout>"))
    text = dumps(doc)
    if output is None:
        sys.stdout.write(text)
    else:
        tmp = output.with_name(f".{output.name}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(output)
    print_diagnostics(found)
    warnings = sum(1 for d in found if d.level is not diag.Level.INFO)
    click.echo(
        f"{len(read.api.operations)} operations, {count_models(read.api)} models, {warnings} warnings", err=True
    )
    if diag.has_errors(d for d in found if d.code == "export-invalid"):
        sys.exit(EXIT_PROBLEM)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@reports_errors
def inspect(files: tuple[Path, ...]) -> None:
    """Show, per doc FILE, the shape detected and why, what was read (with lines) and the diagnostics."""
    from . import readers
    from .inspect_view import render as render_inspection
    from .pipeline import load_source

    problems = 0
    for path in files:
        loaded = load_source(path)
        if isinstance(loaded, diag.Diagnostic):
            click.echo(f"{path}: not read\n  {loaded}")
            problems += 1
            continue
        result = readers.read(loaded)
        for line in render_inspection(loaded.path, result):
            click.echo(line)
        problems += diag.has_errors(result.diagnostics) and not result.fragment.operations
    click.echo(f"{len(files)} files inspected, {problems} with nothing usable", err=True)
    if problems:
        sys.exit(EXIT_PROBLEM)


main.add_command(fetch_command)
main.add_command(diff_command)
main.add_command(add_command)


if __name__ == "__main__":  # pragma: no cover
    main()
