"""COVERAGE.md: per source page, what was read, what was not understood, and the diagnostics."""

from __future__ import annotations

from collections.abc import Sequence

from generator.diagnostics import Diagnostic
from generator.ir import Api, Kind, Schema
from generator.readers.base import ReadResult


def _field_names(api: Api, schema: Schema, prefix: str = "", depth: int = 0) -> list[str]:
    if schema.kind is Kind.REF and schema.ref and depth < 4:
        model = api.model(schema.ref)
        return _field_names(api, model.schema, prefix, depth + 1) if model is not None else []
    if schema.kind is Kind.ARRAY and schema.items is not None and depth < 4:
        return _field_names(api, schema.items, prefix, depth + 1)
    names = []
    for prop in schema.properties:
        names.append(prefix + prop.wire_name)
        if depth < 3:
            names += _field_names(api, prop.schema, f"{prefix}{prop.wire_name}.", depth + 1)
    return names


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_coverage(title: str, results: Sequence[ReadResult], diagnostics: Sequence[Diagnostic]) -> str:
    lines = [f"# What docs2sdk read from the {_cell(title)} docs", "",
             "Generated; one section per source page. Fields are wire names; nested fields are dotted.", ""]
    for result in results:
        api = result.fragment
        source = api.sources[0] if api.sources else "?"
        lines += [f"## `{source}`", "", f"Shape: {result.shape} ({_cell(result.why)})", ""]
        if api.operations:
            lines += ["| operation | request fields | response fields |", "|---|---|---|"]
            for op in api.operations:
                request = [f"{p.location.value}:{p.wire_name}" for p in op.parameters]
                if op.request_body is not None:
                    request += _field_names(api, op.request_body.schema)
                response = []
                for r in op.responses:
                    if r.body is not None:
                        response.append(f"{r.status}: " + ", ".join(_field_names(api, r.body.schema)[:40]))
                    else:
                        response.append(r.status)
                lines.append(f"| `{op.method.upper()} {_cell(op.path)}` | {_cell(', '.join(request)) or '-'} | "
                             f"{_cell('; '.join(response)) or '-'} |")
            lines.append("")
        else:
            lines += ["No operation was read from this page.", ""]
        if result.unread:
            lines += ["Not understood:", ""]
            lines += [f"- line {line}: {_cell(text[:160])}" for line, text in result.unread]
            lines.append("")
        own = [d for d in diagnostics if d.source.file == source]
        if own:
            lines += ["Diagnostics:", ""]
            lines += [f"- line {d.source.line}: {d.level.value}[{d.code}] {_cell(d.message)}" for d in own]
            lines.append("")
    other = [d for d in diagnostics if d.source.file not in {r.fragment.sources[0] for r in results if r.fragment.sources}]
    if other:
        lines += ["## Across pages", ""]
        lines += [f"- {_cell(str(d))}" for d in other]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
