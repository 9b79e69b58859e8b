"""The two accelerators each have a switch to the plain path, and the plain path gives the
same bytes: DOCS2SDK_YAML=pyyaml reads YAML with PyYAML alone, DOCS2SDK_LAYOUT=black runs black
on every generated module."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.emit.python.layout import formatting
from generator.load import loader

from .conftest import BENCH_SPECS, run_cli


def test_the_yaml_switch_leaves_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\n"
    assert loader._fast_load(text, 0) is not None
    monkeypatch.setenv("DOCS2SDK_YAML", "pyyaml")
    assert loader._fast_load(text, 0) is None
    assert loader.load_yaml(text) == {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}}


def test_pyyaml_alone_exports_the_same_bytes_and_diagnostics(tmp_path: Path) -> None:
    spec = BENCH_SPECS / "gcore_iam_reseller_api.yaml"
    fast, slow = tmp_path / "fast.json", tmp_path / "slow.json"
    fast_run = run_cli("openapi", spec, "-o", fast)
    slow_run = run_cli("openapi", spec, "-o", slow, env={"DOCS2SDK_YAML": "pyyaml"})
    assert fast_run.returncode == slow_run.returncode == 0, slow_run.stderr
    assert fast.read_bytes() == slow.read_bytes()
    assert fast_run.stderr == slow_run.stderr  # the diagnostics name the same lines


def test_the_layout_switch_runs_black(monkeypatch: pytest.MonkeyPatch) -> None:
    source = "x = ( 1 )\n"  # short lines: the layout leaves it to the emitter as it is
    assert formatting.format_python(source) == source
    monkeypatch.setenv("DOCS2SDK_LAYOUT", "black")
    assert formatting.format_python(source) == "x = 1\n"


def test_black_on_every_module_generates_the_committed_package() -> None:
    result = run_cli("check", "gcore", env={"DOCS2SDK_LAYOUT": "black"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "up to date" in result.stdout
