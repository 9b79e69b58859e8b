"""The commands that keep an SDK in step with changing docs: `fetch`, `diff` and `add`.

Like those in cli.py, each imports what it needs when it runs: these modules are loaded by
every command, and pydantic, httpx and the emitters would slow all of them down.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator import diagnostics as diag
from generator.cli.common import (
    EXIT_PROBLEM,
    ROOT,
    VENDORS,
    UsageError,
    arg,
    chosen_vendors,
    command,
    in_range,
    invalid,
    print_diagnostics,
)
from generator.diagnostics import GeneratorError
from generator.ir import SourceSpan

if TYPE_CHECKING:
    from generator.evolve.fetch import PageResult

EXIT_CHANGED = 3  # `diff`: the API changed, nothing breaking
EXIT_BREAKING = 4  # `diff`: at least one breaking change

TIMEOUT = arg(
    "--timeout",
    type=in_range(float, 0.1),
    default=30.0,
    metavar="SECONDS",
    help="Seconds to wait for each HTTP request. (default: %(default)s; at least 0.1)",
)


class _Progress:
    """A counter on stderr while pages download: a live line on a terminal, sparse lines in logs."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.live = sys.stderr.isatty()

    def __call__(self, page: PageResult, done: int, total: int) -> None:
        if self.live:
            line = f"\r\033[K{self.name}: [{done}/{total}] {page.file}"
            print(line, end="", file=sys.stderr, flush=True)
            if done == total:
                print("\r\033[K", end="", file=sys.stderr, flush=True)
        elif total >= 20 and (done % max(10, total // 10) == 0 or done == total):
            print(f"{self.name}: fetched {done}/{total} pages", file=sys.stderr)


@command(
    "fetch",
    VENDORS,
    ROOT,
    TIMEOUT,
    arg(
        "--jobs",
        type=in_range(int, 1, 32),
        default=8,
        metavar="N",
        help="Pages downloaded at the same time. (default: %(default)s; 1 to 32)",
    ),
)
def fetch_command(vendors: list[str], root: Path, timeout: float, jobs: int) -> None:
    """Download the doc pages VENDORS list in vendor.yaml into specs/<vendor>/sources/.

    Pages come from `fetch:` (url, optional file) and from an `index:` (an llms.txt-style list
    of links, filtered by include/exclude regexes on URL or section, each page fetched as
    URL + suffix). Requests are conditional (ETag / Last-Modified kept in
    specs/<vendor>/.fetch-state.json); a page is written only when its bytes changed, and
    never when its download failed. Each page is reported new, changed, unchanged, failed,
    or removed (gone from the index). Exit 1 when any page failed.
    """
    from generator.vendor.config import load_config
    from generator.evolve.fetch import fetch_vendor, make_client
    from generator.vendor.plan import list_vendors

    started = time.perf_counter()
    known = list_vendors(root)
    names = list(vendors) or [n for n in known if _has_pages(root, n)]
    if not names:
        raise UsageError(
            f"no vendor under {root / 'specs'} lists pages to fetch (`fetch:` or `index:`)"
        )
    failed = False
    with make_client(timeout) as client:
        for name in names:
            if name not in known:
                raise GeneratorError(
                    [
                        diag.error(
                            "vendor-unknown",
                            f"no vendor {name!r} under specs/",
                            SourceSpan(str(root / "specs" / name)),
                        )
                    ]
                )
            config = load_config(root / "specs" / name)
            if not config.fetch and config.index is None:
                print(f"{name}: nothing to fetch (no `fetch:` or `index:` in vendor.yaml)")
                continue
            result = fetch_vendor(
                root / "specs" / name, config, client, workers=jobs, progress=_Progress(name)
            )
            for page in result.results:
                print(f"  {page.line()}")
            print(result.summary())
            failed = failed or result.failed
    print(f"done in {time.perf_counter() - started:.2f}s")
    if failed:
        print("some pages failed; their stored copies were kept", file=sys.stderr)
        sys.exit(EXIT_PROBLEM)


def _has_pages(root: Path, name: str) -> bool:
    from generator.vendor.config import load_config

    try:
        config = load_config(root / "specs" / name)
    except GeneratorError:
        return True  # let the run report the broken config
    return bool(config.fetch) or config.index is not None


@command(
    "diff",
    VENDORS,
    ROOT,
    arg("--json", dest="as_json", action="store_true", help="Print a JSON list of change records."),
)
def diff_command(vendors: list[str], root: Path, as_json: bool) -> None:
    """Compare the committed generated/<vendor>/openapi.json with the API the docs now describe.

    Lists added and removed operations, parameters, fields, servers and auth schemes, type,
    required, nullability and enum changes, each classified for a client user as breaking,
    feature or patch, with the doc page and line it comes from (removed things: their place in
    the old openapi.json).

    Exit codes:
      0  no changes
      3  changes, none of them breaking
      4  at least one breaking change
      1  the docs could not be read
      2  wrong command line
    """
    from generator.evolve.diff.changes import SECTIONS, Severity
    from generator.evolve.diff.compare import overall, render
    from generator.ir import count_models
    from generator.evolve.regenerate import vendor_changes
    from generator.vendor.plan import read_vendor

    records: list[dict[str, Any]] = []
    worst: list[Severity] = []
    for name in chosen_vendors(root, vendors):
        vendor = read_vendor(root, name)
        print_diagnostics(d for d in vendor.read.diagnostics if d.level is diag.Level.ERROR)
        changes, committed = vendor_changes(vendor)
        found = overall(changes)
        if found is not None:
            worst.append(found)
        if as_json:
            records += [{"vendor": name, **c.to_json()} for c in changes]
            continue
        api = vendor.api
        against = (
            f"generated/{name}/openapi.json" if committed else "nothing (no generated/ export yet)"
        )
        if not changes:
            print(f"{name}: no changes against {against}")
            continue
        counts = ", ".join(
            f"{n} {s}" for s in SECTIONS if (n := sum(1 for c in changes if c.section == s))
        )
        print(
            f"{name}: {len(changes)} changes ({counts}) against {against}; "
            f"docs now: {len(api.operations)} operations, {count_models(api)} models"
        )
        for line in render(changes):
            print(line)
    if as_json:
        print(json.dumps(records, indent=2, ensure_ascii=False))
    if Severity.BREAKING in worst:
        sys.exit(EXIT_BREAKING)
    if worst:
        sys.exit(EXIT_CHANGED)


def _vendor_name(value: str) -> str:
    from generator.evolve.add import name_problem

    problem = name_problem(value)
    if problem:
        raise invalid(problem)
    return value


@command(
    "add",
    arg("name", type=_vendor_name, metavar="NAME"),
    arg("sources", nargs="+", metavar="SOURCES"),
    ROOT,
    TIMEOUT,
)
def add_command(name: str, sources: list[str], root: Path, timeout: float) -> None:
    """Create specs/NAME/ from doc SOURCES (files or http(s) URLs) and a starter vendor.yaml.

    Files are copied and URLs downloaded into specs/NAME/sources/ (URLs are also listed under
    `fetch:` so `docs2sdk fetch NAME` refreshes them). The package name, title, environments
    and auth variable are filled in from what was read. Refuses to touch an existing vendor.
    """
    from generator.evolve.add import add_vendor
    from generator.ir import count_models
    from generator.evolve.fetch import make_client

    with make_client(timeout) as client:
        added = add_vendor(root, name, sources, client)
    api = added.read.api
    print_diagnostics(added.read.diagnostics)
    print(f"added specs/{name}/ from {len(added.pages)} page(s):")
    for file, source in added.pages:
        print(f"  {file}  <- {source}")
    print(f"read: {len(api.operations)} operations, {count_models(api)} models")
    for op in api.operations:
        print(f"  {op.method.upper()} {op.path}  ({op.operation_id or op.py_name})")
    print("servers:" if api.servers else "servers: none found")
    for server in api.servers:
        print(f"  {server.name}: {server.url}")
    print("auth:" if api.auth else "auth: none found")
    for scheme in api.auth:
        where = f"{scheme.location} {scheme.header or scheme.name}"
        prefix = f" prefix {scheme.prefix!r}" if scheme.prefix else ""
        print(f"  {scheme.name}: {scheme.kind.value} in {where}{prefix}")
    warnings = sum(1 for d in added.read.diagnostics if d.level is not diag.Level.INFO)
    print(f"check in specs/{name}/vendor.yaml:")
    for item in added.to_check:
        print(f"  - {item}")
    if warnings:
        print(
            f"  - {warnings} warnings above (`docs2sdk inspect specs/{name}/sources/*` shows more)"
        )
    print(f"then: docs2sdk generate {name}")
