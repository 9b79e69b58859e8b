"""Components that only point at other components: cycles and over-long chains.

A component that is not an object with properties (an alias, an array of something, a
union) is inlined at each use, so a chain of them is followed one reference at a time. A
chain that returns to where it started has no finite type; a chain of a thousand
references is hostile input. Both are reported with the component's line, and components
at the head of an over-long chain are read as `any`, so later passes stay shallow.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator import diagnostics as diag
from generator.diagnostics import Diagnostic
from generator.ir import ANY_SCHEMA, Kind, Model, Schema, with_changes

_ON_PATH, _DONE = 1, 2


def _is_class(schema: Schema) -> bool:
    return schema.kind is Kind.OBJECT and bool(schema.properties)


def _refs(schema: Schema) -> Iterator[str]:
    stack = [schema]
    while stack:
        cur = stack.pop()
        if cur.kind is Kind.REF and cur.ref:
            yield cur.ref
        stack.extend(cur.variants)
        stack.extend(p.schema for p in cur.properties)
        stack.extend(s for s in (cur.items, cur.additional) if s is not None)


def check_aliases(models: list[Model], max_depth: int) -> tuple[list[Model], list[Diagnostic]]:
    """The models with over-long alias chains cut, and diagnostics for chains and cycles."""
    inlined = {m.name: m for m in models if not _is_class(m.schema)}
    refs = {name: sorted(set(_refs(m.schema)) & inlined.keys()) for name, m in inlined.items()}
    depth: dict[str, int] = {}
    cycles: list[list[str]] = []
    state: dict[str, int] = {}
    for start in inlined:
        if start in state:
            continue
        # Depth-first without recursion: chains may be thousands of references long.
        state[start] = _ON_PATH
        path, pending = [start], [iter(refs[start])]
        while pending:
            name = next(pending[-1], None)
            if name is None:
                done = path.pop()
                pending.pop()
                state[done] = _DONE
                depth[done] = 1 + max((depth.get(r, 0) for r in refs[done]), default=0)
            elif state.get(name) == _ON_PATH:
                cycles.append(path[path.index(name) :] + [name])
            elif name not in state:
                state[name] = _ON_PATH
                path.append(name)
                pending.append(iter(refs[name]))
    found = [
        diag.error(
            "ref-cycle",
            f"schema {cycle[0]!r} refers to itself ({' -> '.join(cycle)}); "
            "it has no finite type and is read as any",
            inlined[cycle[0]].source,
        )
        for cycle in cycles
    ]
    too_deep = {name for name, d in depth.items() if d > max_depth}
    targets = {r for name in too_deep for r in refs[name]}
    for name in inlined:
        if name in too_deep and name not in targets:  # report each chain once, at its head
            found.append(
                diag.error(
                    "schema-too-deep",
                    f"schema {name!r} is a chain of {depth[name]} references to other schemas, "
                    f"deeper than {max_depth}; the schemas of the chain deeper than that are "
                    "read as any",
                    inlined[name].source,
                )
            )
    cut = [
        with_changes(m, schema=with_changes(ANY_SCHEMA, source=m.schema.source)) if m.name in too_deep else m
        for m in models
    ]
    return cut, found
