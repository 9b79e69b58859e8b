"""Packages built by the real CLI from small doc pages written in a test, and imported."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

from tests.conftest import run_cli


def build(tmp: Path, name: str, pages: dict[str, str]) -> Path:
    """Write the pages, build them into tmp/pkg as package NAME_docs2sdk; the package dir."""
    docs = []
    for file, text in pages.items():
        path = tmp / file
        path.write_text(text, encoding="utf-8")
        docs.append(path)
    out = tmp / "pkg"
    result = run_cli("build", *docs, "--name", name, "--out", out, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    return out


def load(out: Path, package: str) -> ModuleType:
    """Import a built package from its src/ (a name no other test uses)."""
    sys.path.insert(0, str(out / "src"))
    try:
        return importlib.import_module(package)
    finally:
        sys.path.remove(str(out / "src"))


def resources(client: object) -> list[object]:
    """Every resource group of a client, nested ones included (names are the naming pass's)."""
    found: list[object] = []
    todo = [v for v in vars(client).values() if hasattr(v, "with_raw_response")]
    while todo:
        resource = todo.pop(0)
        found.append(resource)
        todo.extend(v for k, v in vars(resource).items() if k != "_client" and hasattr(v, "with_raw_response"))
    return found


def find_method(client: object, doc_start: str) -> tuple[object, str]:
    """(resource, method name) of the one method whose docstring starts with `doc_start`."""
    for resource in resources(client):
        for name in dir(type(resource)):
            member = getattr(type(resource), name)
            if not name.startswith(("_", "with_")) and callable(member) and (member.__doc__ or "").startswith(doc_start):
                return resource, name
    raise AssertionError(f"no method documented as {doc_start!r}")
