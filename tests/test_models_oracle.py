"""Our model emitter against datamodel-code-generator on the same export.

The generator writes models straight from the IR (it is faster and needs no black pass);
datamodel-code-generator, a well-kept reading of the same OpenAPI, is the oracle: every
class it derives from a package's `openapi.json` must exist in ours with the same wire
fields, the same required fields, and accept the same documented example.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import types
from pathlib import Path

import pytest
from datamodel_code_generator import InputFileType, LiteralType, PythonVersion, generate
from datamodel_code_generator.enums import DataModelType
from pydantic import BaseModel

from tests.conftest import ROOT, VENDORS


def _without_formats(node: object) -> object:
    """Formats would make the oracle import extra packages (email-validator); fields are what we compare."""
    if isinstance(node, dict):
        return {
            k: _without_formats(v)
            for k, v in node.items()
            if k not in ("format", "pattern") or not isinstance(v, str)
        }
    if isinstance(node, list):
        return [_without_formats(v) for v in node]
    return node


def _dcg_models(export: dict[str, object], tmp_path: Path) -> types.ModuleType:
    source = generate(
        json.dumps(_without_formats(export)),
        input_file_type=InputFileType.OpenAPI,
        output_model_type=DataModelType.PydanticV2BaseModel,
        target_python_version=PythonVersion.PY_310,
        disable_timestamp=True,
        formatters=[],
        enum_field_as_literal=LiteralType.All,
        use_union_operator=True,
        use_standard_collections=True,
    )
    assert isinstance(source, str)
    path = tmp_path / "dcg_models.py"
    path.write_text(source, encoding="utf-8")
    return _load(path, "dcg_models")


def _load(path: Path, name: str) -> types.ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _classes(module: types.ModuleType) -> dict[str, type[BaseModel]]:
    return {
        name: value
        for name, value in vars(module).items()
        if isinstance(value, type)
        and issubclass(value, BaseModel)
        and value.__module__ == module.__name__
    }


def _wire_fields(model: type[BaseModel]) -> dict[str, bool]:
    return {(info.alias or name): info.is_required() for name, info in model.model_fields.items()}


@pytest.mark.parametrize("vendor", VENDORS)
def test_every_class_the_oracle_derives_matches_ours(vendor: str, tmp_path: Path) -> None:
    package = f"{vendor}_docs2sdk"
    export = json.loads((ROOT / "generated" / vendor / "openapi.json").read_text(encoding="utf-8"))
    sys.path.insert(0, str(ROOT / "generated" / vendor / "src"))
    try:
        ours = _classes(importlib.import_module(f"{package}.models"))
    finally:
        sys.path.pop(0)
    theirs = _classes(_dcg_models({**export, "paths": {}}, tmp_path))
    assert theirs, "the oracle derived no classes"
    schemas = export.get("components", {}).get("schemas", {})
    compared = 0
    for name, model in theirs.items():
        if not model.model_fields or name not in ours:
            continue  # DCG's own wrappers (root models, enum holders) have no counterpart
        # A read-only field is required in responses only; one model serves requests too.
        props = schemas.get(name, {}).get("properties", {})
        read_only = {wire for wire, prop in props.items() if prop.get("readOnly")}
        expected = {wire: req and wire not in read_only for wire, req in _wire_fields(model).items()}
        assert _wire_fields(ours[name]) == expected, name
        compared += 1
    assert compared == len(schemas), f"compared {compared} of {len(schemas)} schemas"
