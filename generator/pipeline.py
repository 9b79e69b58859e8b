"""The pipeline: doc files -> fragments -> merged API -> validated, named IR -> package files."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from . import diagnostics as diag
from . import readers
from .diagnostics import Diagnostic, GeneratorError
from .hoist import hoist
from .ir import Api, Server, SourceSpan, with_changes
from .records import Record
from .merge import merge
from .name_pass import name_api, name_operations
from .readers.base import ReadResult, SourceDoc, display_path
from .readers.encoding import decode
from .validate import validate, with_template_params

# Real API documents reach ~4 MB (Stripe, Telnyx); anything far larger is not a doc page.
MAX_SOURCE_BYTES = 32 * 1024 * 1024


class ReadApi(Record):
    """The API read from a set of doc files, with what was found on the way."""

    api: Api  # merged, validated, hoisted and named
    diagnostics: tuple[Diagnostic, ...]
    results: tuple[ReadResult, ...]


def load_source(path: Path, root: Path | None = None) -> SourceDoc | Diagnostic:
    shown = display_path(path, root)
    span = SourceSpan(shown, 1)  # a problem with the whole file: shown at its first line
    try:
        size = path.stat().st_size
        if size > MAX_SOURCE_BYTES:
            return diag.error("too-large", f"file is {size} bytes; the limit is {MAX_SOURCE_BYTES}", span)
        data = path.read_bytes()
    except OSError as exc:
        return diag.error("unreadable", f"cannot read: {exc.strerror or exc}", span)
    decoded = decode(data, shown)
    if isinstance(decoded, Diagnostic):
        return decoded
    text, notes = decoded
    # Universal newlines, as text-mode open() gives: a page saved with CR or CRLF line ends
    # reads like one with LF, and diagnostics count lines as editors do.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return diag.error("empty", "the file is empty", SourceSpan(shown, 1))
    return SourceDoc(shown, text, notes)


def read_docs(paths: Sequence[Path], root: Path | None = None) -> ReadApi:
    found: list[Diagnostic] = []
    results: list[ReadResult] = []
    for path in paths:
        loaded = load_source(path, root)
        if isinstance(loaded, Diagnostic):
            found.append(loaded)
            continue
        result = readers.read(loaded)
        results.append(result)
        found.extend(result.diagnostics)
    api, merge_found = merge([r.fragment for r in results])
    if not api.sources:  # no page was read: diagnostics about the API name the files given
        api = api.with_(sources=tuple(display_path(p, root) for p in paths))
    found.extend(merge_found)
    found.extend(validate(api))
    api = name_api(hoist(name_operations(with_template_params(api))))
    return ReadApi(api, diag.sort_unique(found), tuple(results))


def require_usable(read: ReadApi) -> None:
    """Stop when nothing usable was read: a package or export without operations is no SDK."""
    if not read.api.operations:
        raise GeneratorError(
            d if d.code != "no-operations" else with_changes(d, level=diag.Level.ERROR)
            for d in read.diagnostics
        )


def with_environments(api: Api, environments: dict[str, str]) -> Api:
    if not environments:
        return api
    by_name = {s.name: s for s in api.servers}
    for name, url in environments.items():
        by_name[name] = with_changes(by_name.get(name, Server(url)), url=url, name=name)
    return api.with_(servers=tuple(by_name.values()))
