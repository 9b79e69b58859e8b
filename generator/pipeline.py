"""The pipeline: doc files -> fragments -> merged, repaired API -> validated, named IR."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from generator import diagnostics as diag
from generator import readers
from generator.diagnostics import Diagnostic, GeneratorError
from generator.passes.hoist import hoist
from generator.ir import Api, Server, SourceSpan, with_changes
from dataclasses import dataclass
from generator.passes.merge import merge
from generator.passes.evidence import merged, page_evidence
from generator.passes.name import name_api, name_operations
from generator.passes.repair import repair
from generator.load.source import display_path, load_source
from generator.readers.base import ReadResult
from generator.passes.validate import validate, with_template_params

@dataclass(frozen=True, slots=True)
class ReadApi:
    """The API read from a set of doc files, with what was found on the way."""

    api: Api  # merged, validated, hoisted and named
    diagnostics: tuple[Diagnostic, ...]
    results: tuple[ReadResult, ...]


def read_docs(paths: Sequence[Path], root: Path | None = None,
              names: Mapping[str, str] | None = None, verbs: Mapping[str, str] | None = None) -> ReadApi:
    """`names`: vendor.yaml's overrides, "METHOD /path" -> "resource.chain.method"; `verbs`: its
    spelling of the CRUD verbs (`retrieve: get`)."""
    found: list[Diagnostic] = []
    results: list[ReadResult] = []
    evidence = []
    for path in paths:
        loaded = load_source(path, root)
        if isinstance(loaded, Diagnostic):
            found.append(loaded)
            continue
        result = readers.read(loaded)
        results.append(result)
        evidence.append(page_evidence(loaded.text, loaded.path, result.fragment))
        found.extend(result.diagnostics)
    api, merge_found = merge([r.fragment for r in results])
    if not api.sources:  # no page was read: diagnostics about the API name the files given
        api = with_changes(api, sources=tuple(display_path(p, root) for p in paths))
    found.extend(merge_found)
    api, repaired = repair(api)
    found.extend(repaired)
    found.extend(validate(api))
    api = name_api(hoist(name_operations(with_template_params(api), merged(evidence), names, verbs)))
    return ReadApi(api=api, diagnostics=diag.sort_unique(found), results=tuple(results))


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
        by_name[name] = with_changes(by_name.get(name, Server(url=url)), url=url, name=name)
    return with_changes(api, servers=tuple(by_name.values()))
