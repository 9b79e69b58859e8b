"""Every large real document reads into a valid OpenAPI 3.1 export with no operation lost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from .conftest import BENCH_SPECS, run_cli

METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}
DOCS = sorted(p for p in BENCH_SPECS.glob("*") if p.suffix in (".yaml", ".json"))


def _operations(doc: dict) -> set[tuple[str, str]]:  # type: ignore[type-arg]
    return {(path, m) for path, item in (doc.get("paths") or {}).items() for m in item if m in METHODS}


@pytest.mark.parametrize("spec", DOCS, ids=[p.name for p in DOCS])
def test_bench_document_keeps_every_operation(spec: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    result = run_cli("openapi", spec, "-o", out)  # validates the export (exit 1 if invalid)
    assert result.returncode == 0, result.stderr[-3000:]
    text = spec.read_text(encoding="utf-8")
    source = json.loads(text) if spec.suffix == ".json" else yaml.load(text, Loader=yaml.CSafeLoader)
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert _operations(exported) == _operations(source)
    assert f"{len(_operations(source))} operations" in result.stderr
