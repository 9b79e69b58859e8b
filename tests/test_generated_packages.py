"""The committed packages: the golden record, typing, formatting, determinism."""

from __future__ import annotations

import filecmp
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, VENDORS, run_cli


@pytest.mark.parametrize("vendor", VENDORS)
def test_generated_is_exactly_what_the_specs_produce(vendor: str) -> None:
    result = run_cli("check", vendor)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "up to date" in result.stdout


def test_mypy_strict_passes_on_every_generated_package() -> None:
    sources = [str(ROOT / "generated" / v / "src") for v in VENDORS]
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--python-version", "3.10",
         *[str(Path(s) / f"{v}_docs2sdk") for s, v in zip(sources, VENDORS, strict=True)]],
        capture_output=True, text=True, env={**os.environ, "MYPYPATH": os.pathsep.join(sources)},
    )
    assert result.returncode == 0, result.stdout + result.stderr


_PYTHON_BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)


@pytest.mark.parametrize("vendor", VENDORS)
def test_mypy_strict_passes_on_the_shipped_tests_and_every_readme_example(vendor: str, tmp_path: Path) -> None:
    """What a user copies must type-check too: nested request objects are passed as dicts."""
    package = ROOT / "generated" / vendor
    blocks = _PYTHON_BLOCK.findall((package / "README.md").read_text(encoding="utf-8"))
    assert blocks
    for i, block in enumerate(blocks):
        (tmp_path / f"readme_example_{i}.py").write_text(block, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--python-version", "3.10",
         str(package / "tests"), *sorted(map(str, tmp_path.glob("readme_example_*.py")))],
        capture_output=True, text=True, env={**os.environ, "MYPYPATH": str(package / "src")},
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_black_check_passes_on_every_generated_package() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "black", "--check", *[str(ROOT / "generated" / v) for v in VENDORS]],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr


# What a package's next version is decided from (the last export, the manifest's version, the
# changelog): release history, not output. Everything else is regenerated from specs/ alone.
RELEASE_STATE = ("openapi.json", ".docs2sdk-manifest.json", "CHANGELOG.md")


def _generate_into(tmp: Path, seed: str) -> Path:
    project = tmp / f"run-{seed}"
    shutil.copytree(ROOT / "specs", project / "specs")
    for package in sorted((ROOT / "generated").iterdir()):
        for name in RELEASE_STATE:
            if (package / name).is_file():
                (project / "generated" / package.name).mkdir(parents=True, exist_ok=True)
                shutil.copyfile(package / name, project / "generated" / package.name / name)
    result = run_cli("generate", "--root", project, env={"PYTHONHASHSEED": seed})
    assert result.returncode == 0, result.stderr
    return project / "generated"


def _same_tree(a: Path, b: Path) -> list[str]:
    diffs = []
    for path in sorted(a.rglob("*")):
        other = b / path.relative_to(a)
        if path.is_file() and (not other.is_file() or not filecmp.cmp(path, other, shallow=False)):
            diffs.append(str(path.relative_to(a)))
    return diffs + [str(p.relative_to(b)) for p in b.rglob("*") if not (a / p.relative_to(b)).exists()]


def test_generation_is_deterministic_across_hash_seeds(tmp_path: Path) -> None:
    first = _generate_into(tmp_path, "1")
    second = _generate_into(tmp_path, "4242")
    assert _same_tree(first, second) == []
    assert _same_tree(first, ROOT / "generated") == []


def test_generated_package_installs_with_pip(tmp_path: Path) -> None:
    wheel_dir = tmp_path / "wheels"
    package = tmp_path / "partoo"  # a copy: building in place would leave egg-info in generated/
    shutil.copytree(ROOT / "generated" / "partoo", package)
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheel_dir),
         str(package)],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    (wheel,) = wheel_dir.glob("partoo_docs2sdk-*.whl")
    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    assert "partoo_docs2sdk/py.typed" in names and "partoo_docs2sdk/models.py" in names
