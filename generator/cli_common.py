"""What every `docs2sdk` command shares: printing diagnostics, --root, errors as exit codes."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Iterable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from . import diagnostics as diag
from .diagnostics import Diagnostic, GeneratorError

F = TypeVar("F", bound=Callable[..., Any])
EXIT_PROBLEM = 1


def print_diagnostics(found: Iterable[Diagnostic], *, verbose: bool = False) -> None:
    for d in found:
        if d.level is not diag.Level.INFO or verbose:
            click.echo(str(d), err=True)


def reports_errors(func: F) -> F:
    """Turn a GeneratorError into its diagnostics and exit 1, never a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except GeneratorError as exc:
            print_diagnostics(exc.diagnostics, verbose=True)
            errors = sum(1 for d in exc.diagnostics if d.level is diag.Level.ERROR)
            click.echo(f"failed: {errors} errors; nothing was written", err=True)
            sys.exit(EXIT_PROBLEM)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except OSError as exc:
            # The system, not the docs: a full disk, a read-only folder. Packages are swapped
            # in whole or not at all, so none is left half-written.
            click.echo(f"error[os]: {exc}", err=True)
            click.echo(
                "failed: stopped by the operating system; nothing was half-written", err=True
            )
            sys.exit(EXIT_PROBLEM)
        except Exception as exc:  # noqa: BLE001 - includes RecursionError and MemoryError
            # A bug in docs2sdk, or input beyond what it guards against: a message, not a
            # traceback (DOCS2SDK_DEBUG=1 shows it).
            if os.environ.get("DOCS2SDK_DEBUG"):
                raise
            click.echo(f"error[internal]: {type(exc).__name__}: {str(exc)[:300]}", err=True)
            click.echo(
                "failed: a bug in docs2sdk stopped the run; nothing was half-written. Please "
                "report it with the input (DOCS2SDK_DEBUG=1 shows the traceback)",
                err=True,
            )
            sys.exit(EXIT_PROBLEM)

    return wrapper  # type: ignore[return-value]


def root_option(func: F) -> F:
    return click.option(
        "--root",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("."),
        show_default=True,
        help="Project folder holding specs/ and generated/.",
    )(func)


def chosen_vendors(root: Path, names: tuple[str, ...]) -> list[str]:
    from .vendors import list_vendors  # here: vendors loads the emitters, which few commands need

    chosen = list(names) or list_vendors(root)
    if not chosen:
        raise click.UsageError(f"no vendors under {root / 'specs'}")
    return chosen


def without_cycle_collector() -> None:
    """Turns off Python's cycle collector for the rest of a one-document command.

    The documents, IR and emitted text are trees, so its passes over them free nothing; on a
    large document they cost a tenth of the run (Telnyx: 0.14 s) and peak memory does not change.
    """
    gc.disable()
