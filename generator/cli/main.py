"""`docs2sdk`: argument parsing, printing diagnostics, exit codes. No pipeline logic here.

Exit codes: 0 success; 1 the docs or the output have a problem (diagnostics printed,
or `check` found drift, or `fetch` could not download a page); 2 the command line is wrong;
`diff` only: 3 the API changed without breaking changes, 4 it has breaking changes.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator import diagnostics as diag
from generator.cli.common import (
    EXIT_PROBLEM,
    FILES,
    ROOT,
    VENDORS,
    Arg,
    Command,
    UsageError,
    arg,
    chosen_vendors,
    command,
    folder,
    output_file,
    print_diagnostics,
)
from generator.cli.evolve_commands import add_command, diff_command, fetch_command

# Each command imports what it needs when it runs: only some commands need pydantic
# (vendor.yaml), jinja2 and the emitters, or the markdown readers.
if TYPE_CHECKING:
    from generator.vendor.plan import VendorRun

EXIT_USAGE = 2


def _validate(what: str) -> Arg:
    return arg(
        "--validate",
        action=argparse.BooleanOptionalAction,
        default=True,
        help=f"{what} (default: --validate)",
    )


@command(
    "generate",
    VENDORS,
    ROOT,
    arg(
        "--force",
        action="store_true",
        help="Overwrite generated files even if they were edited by hand.",
    ),
)
def generate(vendors: list[str], root: Path, force: bool) -> None:
    """Regenerate the packages of VENDORS (default: every vendor under specs/).

    All vendors are built before anything is written; if one fails, generated/ is left as it was.
    When the API differs from the committed generated/<vendor>/openapi.json, the package version
    is bumped (major for breaking changes, minor for additions, patch for the rest) and an entry
    is prepended to generated/<vendor>/CHANGELOG.md. Unchanged docs write nothing.
    """
    from generator.writer import write_all
    from generator.evolve.regenerate import plan_vendor
    from generator.evolve.versioning import CHANGELOG

    started = time.perf_counter()
    runs = [plan_vendor(root, name) for name in chosen_vendors(root, vendors)]
    changed = set(write_all([r.planned for r in runs], force=force))
    for run in runs:
        print_diagnostics(run.diagnostics)
        state = "written" if run.planned.target in changed else "unchanged"
        print(f"{run.summary()} -> {run.planned.target} ({state})")
        if run.release is not None and (run.release.bumped or run.release.previous is None):
            print(f"  {run.name}: {run.release.note()}; see {run.planned.target / CHANGELOG}")
    print(f"done in {time.perf_counter() - started:.2f}s")


@command("check", VENDORS, ROOT)
def check(vendors: list[str], root: Path) -> None:
    """Exit 1 when generated/ is not exactly what the specs produce, naming the files."""
    from generator.writer import differences
    from generator.evolve.regenerate import plan_vendor

    drift = 0
    runs: list[VendorRun] = [plan_vendor(root, name) for name in chosen_vendors(root, vendors)]
    for run in runs:
        changed = differences(run.planned.target, run.planned.files)
        for path in changed:
            print(f"{run.planned.target / path}: differs from what the specs produce")
        drift += len(changed)
        print(f"{run.summary()}: {'up to date' if not changed else f'{len(changed)} files differ'}")
    if drift:
        print("run `make generate` (docs2sdk generate) and commit the result", file=sys.stderr)
        sys.exit(EXIT_PROBLEM)


@command(
    "build",
    FILES,
    arg("--name", required=True, help="Vendor name; the package is NAME_docs2sdk."),
    arg("--out", required=True, type=folder, metavar="DIRECTORY", help="Output folder."),
    _validate("Validate the OpenAPI export."),
)
def build(files: list[Path], name: str, out: Path, validate: bool) -> None:
    """Build a package from doc FILES without a specs/ folder."""
    from generator.emit.package import PackageSettings, package_name_for
    from generator.writer import Planned, write_all
    from generator.naming import constant_name
    from generator.pipeline import read_docs, require_usable
    from generator.vendor.plan import INITIAL_VERSION, plan_package

    started = time.perf_counter()
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
    print(f"{run.summary()} -> {out} in {time.perf_counter() - started:.2f}s")


@command(
    "openapi",
    FILES,
    arg("-o", "--output", type=output_file, metavar="FILE", help="Write here, not stdout."),
    _validate("Check the result against the OpenAPI 3.1 schema and rules."),
)
def openapi(files: list[Path], output: Path | None, validate: bool) -> None:
    """Read doc FILES of any shape, merge them into one API, print its OpenAPI 3.1 JSON."""
    from generator.emit.openapi.export import api_to_openapi, dumps
    from generator.emit.openapi.check import check_export
    from generator.ir import count_models
    from generator.pipeline import read_docs, require_usable

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
    print(
        f"{len(read.api.operations)} operations, {count_models(read.api)} models, "
        f"{warnings} warnings",
        file=sys.stderr,
    )
    if diag.has_errors(d for d in found if d.code == "export-invalid"):
        sys.exit(EXIT_PROBLEM)


@command("inspect", FILES)
def inspect(files: list[Path]) -> None:
    """Show, per doc FILE, the shape detected and why, what was read (with lines) and the diagnostics."""
    from generator import readers
    from generator.cli.inspect_view import render as render_inspection
    from generator.load.source import load_source

    problems = 0
    for path in files:
        loaded = load_source(path)
        if isinstance(loaded, diag.Diagnostic):
            print(f"{path}: not read\n  {loaded}")
            problems += 1
            continue
        result = readers.read(loaded)
        for line in render_inspection(loaded.path, result):
            print(line)
        problems += diag.has_errors(result.diagnostics) and not result.fragment.operations
    print(f"{len(files)} files inspected, {problems} with nothing usable", file=sys.stderr)
    if problems:
        sys.exit(EXIT_PROBLEM)


COMMANDS = {
    c.name: c
    for c in (generate, check, build, openapi, inspect, fetch_command, diff_command, add_command)
}


_FORMATTER = argparse.RawDescriptionHelpFormatter


class _Version(argparse.Action):
    """`--version`, which looks the version up only when it is asked for."""

    def __init__(self, option_strings: Sequence[str], dest: str) -> None:
        super().__init__(
            option_strings,
            dest,
            nargs=0,
            default=argparse.SUPPRESS,
            help="Show the version and exit.",
        )

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        from importlib.metadata import version

        print(f"{parser.prog}, version {version('docs2sdk')}")
        parser.exit()


def _overview() -> argparse.ArgumentParser:
    """`docs2sdk` without a command: --help lists the commands, --version."""
    parser = argparse.ArgumentParser(
        prog="docs2sdk",
        description=main.__doc__,
        formatter_class=_FORMATTER,
        allow_abbrev=False,
    )
    parser.add_argument("--version", action=_Version)
    commands = parser.add_subparsers(
        title="commands", dest="command", metavar="COMMAND", required=True
    )
    for c in COMMANDS.values():
        commands.add_parser(c.name, help=c.summary, add_help=False)
    return parser


def _parser(c: Command) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"docs2sdk {c.name}",
        # Docstrings are wrapped by hand, with paragraphs and the `diff` exit-code table.
        description=c.description,
        formatter_class=_FORMATTER,
        allow_abbrev=False,
    )
    for a in c.args:
        parser.add_argument(*a.flags, **a.options)
    return parser


def main(argv: list[str] | None = None) -> None:
    """Turn API documentation pages into typed Python SDKs."""
    if isinstance(sys.stdout, io.TextIOWrapper):
        # Line by line: a log of stdout and stderr keeps the order lines were printed in.
        sys.stdout.reconfigure(line_buffering=True)
    args = sys.argv[1:] if argv is None else argv
    if not args:
        _overview().print_help(sys.stderr)
        sys.exit(EXIT_USAGE)
    if args[0] not in COMMANDS:  # --help, --version, an unknown command, options before one
        known, rest = _overview().parse_known_args(args)
        args = [known.command, *rest]
    chosen = COMMANDS[args[0]]
    # Only this command's parser is built.
    parser = _parser(chosen)
    # Intermixed: options may also come after or among FILES and VENDORS.
    options = vars(parser.parse_intermixed_args(args[1:]))
    try:
        chosen.run(**options)
    except UsageError as exc:
        parser.error(str(exc))
    except KeyboardInterrupt:
        print("Aborted!", file=sys.stderr)
        sys.exit(EXIT_PROBLEM)


if __name__ == "__main__":  # pragma: no cover
    main()
