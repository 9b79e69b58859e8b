"""Pydantic v2 models through datamodel-code-generator, fed from our own export.

The export already has our class names as component keys, and `aliases` hands DCG the
Python name our naming module chose for every field, so DCG never invents a name.
"""

from __future__ import annotations

import ast
from typing import Any

from datamodel_code_generator import InputFileType, LiteralType, PythonVersion, generate
from datamodel_code_generator.enums import DataModelType

from ..diagnostics import GeneratorError, error
from ..ir import Api, Kind, SourceSpan
from .openapi import dumps

# Formats left out of the models: they would pull in extra packages (EmailStr), change
# values (AnyUrl adds a slash), hide them (SecretStr serializes as stars), or reject what a
# server sends in practice (naive date-times). They stay in the docs and the export.
_KEEP_FORMATS = frozenset({"int32", "int64", "float", "double"})
_SCHEMA_CONTAINERS = ("properties", "items", "additionalProperties", "anyOf", "oneOf", "allOf")


def _for_models(node: Any) -> Any:
    """A copy of a schema with what the generated validation should not enforce removed."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "format" and value not in _KEEP_FORMATS:
                continue
            if key in ("pattern", "examples", "example", "readOnly", "writeOnly"):
                # Doc regexes are often in a dialect Python rejects at import time.
                continue
            if key == "properties" and isinstance(value, dict):
                out[key] = {k: _for_models(v) for k, v in value.items()}
            else:
                out[key] = _for_models(value) if key in _SCHEMA_CONTAINERS or isinstance(value, list) else value
        return out
    if isinstance(node, list):
        return [_for_models(v) for v in node]
    return node


def _open_enums(node: Any) -> Any:
    """Enums in what the server sends accept values added after this SDK was generated."""
    if isinstance(node, list):
        return [_open_enums(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {k: (_open_enums(v) if k in _SCHEMA_CONTAINERS and k != "properties" else v) for k, v in node.items()}
    if isinstance(out.get("properties"), dict):  # a map of field names, each a schema
        out["properties"] = {k: _open_enums(v) for k, v in out["properties"].items()}
    if "enum" in out and isinstance(out.get("type"), str | list):
        kinds = [t for t in (out["type"] if isinstance(out["type"], list) else [out["type"]]) if t != "null"]
        if len(kinds) == 1 and kinds[0] in ("string", "integer"):
            closed = {"type": kinds[0], "enum": [v for v in out.pop("enum") if v is not None]}
            variants: list[Any] = [closed, {"type": kinds[0]}]
            if out.pop("type") != kinds[0]:
                variants.append({"type": "null"})
            out["anyOf"] = variants
    return out


def response_models(api: Api) -> set[str]:
    """Models reachable from any response: they must tolerate what newer servers send."""
    seen: set[str] = set()
    stack = [r.body.schema for op in api.operations for r in op.responses if r.body is not None]
    while stack:
        schema = stack.pop()
        if schema.kind is Kind.REF and schema.ref and schema.ref not in seen:
            seen.add(schema.ref)
            model = api.model(schema.ref)
            if model is not None:
                stack.append(model.schema)
        stack.extend(p.schema for p in schema.properties)
        stack.extend(schema.variants)
        stack.extend(s for s in (schema.items, schema.additional) if s is not None)
    return seen


def field_aliases(api: Api) -> dict[str, str]:
    aliases: dict[str, str] = {}
    for model in api.models:
        if model.schema.kind is Kind.OBJECT:
            for prop in model.schema.properties:
                if prop.py_name != prop.wire_name:
                    aliases[f"{model.name}.{prop.wire_name}"] = prop.py_name
    return aliases


def render_models(api: Api, export: dict[str, Any]) -> str:
    schemas = (export.get("components") or {}).get("schemas") or {}
    if not schemas:
        return "from __future__ import annotations\n"
    open_models = response_models(api)
    doc = {
        "openapi": "3.1.0",
        "info": {"title": "models", "version": "0"},
        "paths": {},
        "components": {"schemas": {
            name: _open_enums(_for_models(schema)) if name in open_models else _for_models(schema)
            for name, schema in schemas.items()
        }},
    }
    source = generate(
        dumps(doc),
        input_file_type=InputFileType.OpenAPI,
        output_model_type=DataModelType.PydanticV2BaseModel,
        target_python_version=PythonVersion.PY_310,
        disable_timestamp=True,
        formatters=[],
        use_schema_description=True,
        use_field_description=True,
        field_constraints=True,
        allow_population_by_field_name=True,
        extra_fields="allow",
        enum_field_as_literal=LiteralType.All,
        use_standard_collections=True,
        use_union_operator=True,
        aliases=field_aliases(api),
    )
    if not isinstance(source, str):
        raise GeneratorError([error("models", "datamodel-code-generator gave several modules", SourceSpan("<models>"))])
    # Drop DCG's own header: ours names the sources.
    lines = source.splitlines()
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    text = "\n".join(lines).lstrip("\n") + "\n"
    check_models_shape(text)
    return text


_ALLOWED_TOP = (ast.ImportFrom, ast.Import, ast.ClassDef, ast.Assign, ast.AnnAssign, ast.Expr)


def check_models_shape(text: str) -> None:
    """Refuse models source that does anything but declare classes.

    This is a second line of defence behind escaping: whatever a description holds, the
    module may only import, define classes with annotated fields, and hold docstrings.
    """
    tree = ast.parse(text)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name not in {"Field", "ConfigDict", "constr", "conint", "confloat", "conlist", "RootModel"}:
                raise GeneratorError(
                    [error("models-shape", f"generated models call {name!r}", SourceSpan("<models>", node.lineno))]
                )
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.Await):
            raise GeneratorError(
                [error("models-shape", "generated models define code", SourceSpan("<models>", node.lineno))]
            )
    for node in tree.body:
        if not isinstance(node, _ALLOWED_TOP):
            raise GeneratorError(
                [error("models-shape", f"unexpected {type(node).__name__}", SourceSpan("<models>", node.lineno))]
            )
        if isinstance(node, ast.Expr) and not (isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)):
            raise GeneratorError(
                [error("models-shape", "unexpected expression", SourceSpan("<models>", node.lineno))]
            )
