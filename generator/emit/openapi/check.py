"""Validation of the OpenAPI export with openapi-spec-validator, as diagnostics."""

from __future__ import annotations

from typing import Any

from generator import diagnostics as diag
from generator.diagnostics import Diagnostic
from generator.ir import SourceSpan

_MAX_REPORTED = 20


def check_export(doc: dict[str, Any], where: str) -> tuple[Diagnostic, ...]:
    from openapi_spec_validator import OpenAPIV31SpecValidator  # 0.2 s to import: only when asked

    validator = OpenAPIV31SpecValidator(doc)
    found = []
    for problem in validator.iter_errors():
        path = "/".join(str(p) for p in getattr(problem, "absolute_path", ()))
        found.append(diag.error("export-invalid", f"exported OpenAPI is invalid at /{path}: {problem.message}",
                                SourceSpan(where, 0)))
        if len(found) >= _MAX_REPORTED:
            break
    return tuple(found)
