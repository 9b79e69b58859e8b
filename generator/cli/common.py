"""What every `docs2sdk` command shares: printing diagnostics, errors as exit codes, argument
types, and `command`, which declares a command for cli.py to build the parser from.
"""

from __future__ import annotations

import argparse
import inspect
import os
import sys
from collections.abc import Callable, Iterable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

from generator import diagnostics as diag
from generator.diagnostics import Diagnostic, GeneratorError
from dataclasses import dataclass

F = TypeVar("F", bound=Callable[..., Any])
N = TypeVar("N", int, float)
EXIT_PROBLEM = 1


class UsageError(Exception):
    """The command line asks for something impossible: argparse's message and exit 2."""


def print_diagnostics(found: Iterable[Diagnostic], *, verbose: bool = False) -> None:
    for d in found:
        if d.level is not diag.Level.INFO or verbose:
            print(d, file=sys.stderr)


def reports_errors(func: F) -> F:
    """Turn a GeneratorError into its diagnostics and exit 1, never a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except GeneratorError as exc:
            print_diagnostics(exc.diagnostics, verbose=True)
            errors = sum(1 for d in exc.diagnostics if d.level is diag.Level.ERROR)
            print(f"failed: {errors} errors; nothing was written", file=sys.stderr)
            sys.exit(EXIT_PROBLEM)
        except UsageError:
            raise
        except OSError as exc:
            # The system, not the docs: a full disk, a read-only folder. Packages are swapped
            # in whole or not at all, so none is left half-written.
            print(f"error[os]: {exc}", file=sys.stderr)
            print(
                "failed: stopped by the operating system; nothing was half-written", file=sys.stderr
            )
            sys.exit(EXIT_PROBLEM)
        except Exception as exc:  # noqa: BLE001 - includes RecursionError and MemoryError
            # A bug in docs2sdk, or input beyond what it guards against: a message, not a
            # traceback (DOCS2SDK_DEBUG=1 shows it).
            if os.environ.get("DOCS2SDK_DEBUG"):
                raise
            print(f"error[internal]: {type(exc).__name__}: {str(exc)[:300]}", file=sys.stderr)
            print(
                "failed: a bug in docs2sdk stopped the run; nothing was half-written. Please "
                "report it with the input (DOCS2SDK_DEBUG=1 shows the traceback)",
                file=sys.stderr,
            )
            sys.exit(EXIT_PROBLEM)

    return wrapper  # type: ignore[return-value]


# -- declaring commands --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Arg:
    """The arguments of one `add_argument` call."""

    flags: tuple[str, ...]
    options: dict[str, Any]


def arg(*flags: str, **options: Any) -> Arg:
    return Arg(flags=flags, options=options)


@dataclass(frozen=True, slots=True)
class Command:
    name: str
    run: Callable[..., None]  # called with the parsed arguments as keywords
    args: tuple[Arg, ...]
    description: str

    @property
    def summary(self) -> str:
        return self.description.splitlines()[0]


def command(name: str, *args: Arg) -> Callable[[Callable[..., None]], Command]:
    """Declares a subcommand; its docstring is the help, its first line the summary."""

    def declare(func: Callable[..., None]) -> Command:
        return Command(
            name=name,
            run=reports_errors(func),
            args=args,
            description=inspect.cleandoc(func.__doc__ or name),
        )

    return declare


# -- argument types: a wrong value is a usage error (exit 2) naming it ---------------------------


def invalid(why: str) -> argparse.ArgumentTypeError:
    # "Invalid value": the words usage errors have always used, which scripts and tests look for.
    return argparse.ArgumentTypeError(f"Invalid value: {why}")


def _path(
    *, exists: bool = False, file_okay: bool = True, dir_okay: bool = True
) -> Callable[[str], Path]:
    def convert(text: str) -> Path:
        path = Path(text)
        if not path.exists():
            if exists:
                raise invalid(f"file {text!r} does not exist")
        elif path.is_dir() and not dir_okay:
            raise invalid(f"{text!r} is a directory")
        elif not path.is_dir() and not file_okay:
            raise invalid(f"{text!r} is a file")
        return path

    return convert


existing_file = _path(exists=True, dir_okay=False)
output_file = _path(dir_okay=False)
folder = _path(file_okay=False)


def in_range(kind: Callable[[str], N], low: N, high: N | None = None) -> Callable[[str], N]:
    bounds = f"{low}<=x<={high}" if high is not None else f"x>={low}"

    def convert(text: str) -> N:
        try:
            value = kind(text)
        except ValueError:
            raise invalid(f"{text!r} is not a number") from None
        if value < low or (high is not None and value > high):
            raise invalid(f"{value} is not in the range {bounds}")
        return value

    return convert


VENDORS = arg("vendors", nargs="*", metavar="VENDORS")
FILES = arg("files", nargs="+", type=existing_file, metavar="FILES")
ROOT = arg(
    "--root",
    type=folder,
    default=Path("."),
    metavar="DIRECTORY",
    help="Project folder holding specs/ and generated/. (default: %(default)s)",
)


def chosen_vendors(root: Path, names: Iterable[str]) -> list[str]:
    from generator.vendor.plan import list_vendors  # here: vendors loads the emitters, which few commands need

    chosen = list(names) or list_vendors(root)
    if not chosen:
        raise UsageError(f"no vendors under {root / 'specs'}")
    return chosen
