"""Several pages of one API become one API; disagreements are reported, not hidden."""

from __future__ import annotations

from collections.abc import Sequence

from generator import diagnostics as diag
from generator.diagnostics import Diagnostic
from generator.ir import Api, Model, Operation
from generator.passes.merge_operations import OperationMerger


def _merge_models(models: list[Model], more: Sequence[Model], found: list[Diagnostic]) -> None:
    index = {m.name: i for i, m in enumerate(models)}
    for model in more:
        if model.name not in index:
            index[model.name] = len(models)
            models.append(model)
        elif models[index[model.name]].schema != model.schema:
            # Pages that bundle their own copy of a shared schema may differ in detail; keep the first.
            found.append(
                diag.Diagnostic(
                    source=model.source,
                    level=diag.Level.INFO,
                    code="model-differs",
                    message=f"schema {model.name!r} differs from the copy read first; the first is kept",
                    related=models[index[model.name]].source,
                )
            )


def merge(fragments: Sequence[Api]) -> tuple[Api, tuple[Diagnostic, ...]]:
    if not fragments:
        return Api(), ()
    found: list[Diagnostic] = []
    first = fragments[0]
    operations: dict[tuple[str, str], Operation] = {}
    merger = OperationMerger()
    models: list[Model] = []
    servers = list(first.servers)
    auth = list(first.auth)
    security = list(first.security)
    for fragment in fragments:
        for op in fragment.operations:
            prior = operations.get(op.key)
            if prior is None:
                operations[op.key] = op
            elif prior != op:
                operations[op.key] = merger.operation(prior, op)
        _merge_models(models, fragment.models, found)
        servers += [s for s in fragment.servers if s.url not in {x.url for x in servers}]
        auth += [a for a in fragment.auth if a.name not in {x.name for x in auth}]
        security += [s for s in fragment.security if s not in security]
    found.extend(merger.found)
    api = Api(
        title=next((f.title for f in fragments if f.title), ""),
        version=next((f.version for f in fragments if f.version), ""),
        description=next((f.description for f in fragments if f.description), None),
        servers=tuple(servers),
        auth=tuple(auth),
        security=tuple(security),
        operations=tuple(operations.values()),
        models=tuple(models),
        sources=tuple(s for f in fragments for s in f.sources),
    )
    return api, tuple(found)
