"""A command imports only the heavy libraries it uses.

pydantic (vendor.yaml), jinja2 and black (emitting), markdown_it (markdown pages) and httpx
(fetching) stay out of the commands that do not need them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOT, seed

# Runs the real CLI in this process, as `python -m generator` does, then reports which
# modules were loaded. Written to a file: the command itself may print to stdout.
WRAPPER = """
import json, runpy, sys

report, *args = sys.argv[1:]
sys.argv = ["docs2sdk", *args]
try:
    runpy.run_module("generator", run_name="__main__", alter_sys=True)
    code = 0
except SystemExit as exc:
    code = exc.code
with open(report, "w", encoding="utf-8") as f:
    json.dump({"exit": code, "modules": sorted(sys.modules)}, f)
"""

SMALL_OPENAPI = """\
openapi: 3.1.0
info: {title: Pets, version: '1'}
servers: [{url: 'https://api.example.com'}]
paths:
  /pets/{pet_id}:
    get:
      operationId: getPet
      parameters:
        - {name: pet_id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: the pet
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
components:
  schemas:
    Pet:
      type: object
      required: [id]
      properties:
        id: {type: string}
        name: {type: string}
"""

HEAVY = ("pydantic", "jinja2", "markdown_it", "black", "httpx")


def _run(tmp_path: Path, *args: str | Path) -> tuple[set[str], dict[str, Any]]:
    report = tmp_path / "modules.json"
    result = subprocess.run(
        [sys.executable, "-c", WRAPPER, str(report), *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    found = json.loads(report.read_text(encoding="utf-8"))
    assert found["exit"] == 0, result.stderr
    return {name.partition(".")[0] for name in found["modules"]}, found


@pytest.fixture()
def small_doc(tmp_path: Path) -> Path:
    doc = tmp_path / "pets.yaml"
    doc.write_text(SMALL_OPENAPI, encoding="utf-8")
    return doc


def test_openapi_imports_no_heavy_library(tmp_path: Path, small_doc: Path) -> None:
    out = tmp_path / "pets.json"
    loaded, _ = _run(tmp_path, "openapi", small_doc, "-o", out)
    assert "/pets/{pet_id}" in json.loads(out.read_text(encoding="utf-8"))["paths"]
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_inspect_of_an_openapi_file_imports_no_heavy_library(
    tmp_path: Path, small_doc: Path
) -> None:
    loaded, _ = _run(tmp_path, "inspect", small_doc)
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_build_reads_no_vendor_config(tmp_path: Path, small_doc: Path) -> None:
    out = tmp_path / "pkg"
    loaded, _ = _run(tmp_path, "build", small_doc, "--name", "pets", "--out", out, "--no-validate")
    assert (out / "src" / "pets_docs2sdk" / "models.py").is_file()
    assert "jinja2" in loaded  # it renders templates
    assert not loaded & {"pydantic", "httpx", "markdown_it"}


def test_a_markdown_page_loads_markdown_it_and_nothing_else_heavy(tmp_path: Path) -> None:
    # The other side of the lazy registry (and proof the wrapper sees imports at all).
    out = tmp_path / "out.json"
    loaded, _ = _run(tmp_path, "openapi", seed("000"), "-o", out)
    assert json.loads(out.read_text(encoding="utf-8"))["paths"]
    assert "markdown_it" in loaded
    assert not loaded & {"pydantic", "jinja2", "httpx", "black"}
