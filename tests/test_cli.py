"""The CLI as users run it: subprocesses, real files, exit codes, summaries and diagnostics."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, SCORER, TRUTH, run_cli, seed


@pytest.mark.parametrize(
    "command", ["generate", "check", "build", "openapi", "inspect", "fetch", "diff", "add"]
)
def test_every_command_has_help(command: str) -> None:
    result = run_cli(command, "--help")
    assert result.returncode == 0
    assert "usage:" in result.stdout and command in result.stdout


def test_usage_error_exits_2() -> None:
    assert run_cli("openapi").returncode == 2
    assert run_cli("no-such-command").returncode == 2


@pytest.mark.parametrize(
    ("vendor", "pages"),
    [
        ("gcore", ["002"]),
        ("partoo", ["004"]),
        ("onchainpay", ["000", "001"]),
        ("aitronos", ["003"]),
    ],
)
def test_openapi_export_scores_against_the_hand_reading(
    vendor: str, pages: list[str], tmp_path: Path
) -> None:
    out = tmp_path / f"{vendor}.json"
    result = run_cli("openapi", *[seed(p) for p in pages], "-o", out)
    assert result.returncode == 0, result.stderr
    # The summary line: two pages of one operation merge into one.
    assert "1 operations" in result.stderr
    score = subprocess.run(
        [sys.executable, SCORER, TRUTH, vendor, out, "--min", "0.97"],
        capture_output=True,
        text=True,
    )
    assert score.returncode == 0, score.stdout
    fidelity = float(score.stdout.strip().splitlines()[-1].split()[-1])
    assert fidelity >= 0.97


def test_openapi_writes_to_stdout_by_default() -> None:
    result = run_cli("openapi", seed("004"))
    assert result.returncode == 0
    doc = json.loads(result.stdout)
    assert doc["openapi"] == "3.1.0" and "/user" in doc["paths"]
    assert doc["components"]["securitySchemes"]["ApiKeyAuth"]["name"] == "x-APIKey"


def test_several_files_merge_into_one_api(tmp_path: Path) -> None:
    result = run_cli("openapi", seed("002"), seed("004"))
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert set(doc["paths"]) == {"/iam/users", "/user"}
    assert len(doc["servers"]) == 3


def test_bad_input_gives_file_and_line_and_no_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "broken.yaml"
    bad.write_text("openapi: 3.1.0\ninfo:\n  title: [oops\npaths: {}\n")
    result = run_cli("openapi", bad)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "broken.yaml:" in result.stderr and "error[parse]" in result.stderr


def test_dangling_reference_is_reported_with_line_but_output_kept(tmp_path: Path) -> None:
    page = tmp_path / "cut.yaml"
    page.write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n"
        "      responses:\n        '200':\n          content:\n            application/json:\n"
        "              schema: {$ref: '#/components/schemas/Gone'}\n"
    )
    result = run_cli("openapi", page)
    assert result.returncode == 0
    assert "cut.yaml:10: error[ref-dangling]" in result.stderr
    assert "/a" in json.loads(result.stdout)["paths"]


def test_build_makes_an_installable_package_without_specs(tmp_path: Path) -> None:
    out = tmp_path / "pkg"
    result = run_cli("build", seed("004"), "--name", "acme", "--out", out)
    assert result.returncode == 0, result.stderr
    assert "acme: 1 operations" in result.stdout
    package = out / "src" / "acme_docs2sdk"
    assert (package / "py.typed").exists() and (out / "pyproject.toml").exists()
    assert (out / "openapi.json").exists() and (out / "README.md").exists()
    check = subprocess.run(
        [sys.executable, "-c", "import acme_docs2sdk as m; print(m.Client.__name__)"],
        cwd=out / "src",
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr
    assert check.stdout.strip() == "Client"


def test_generate_and_check_on_a_copy_of_the_project(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "specs", project / "specs")
    shutil.copytree(ROOT / "generated", project / "generated")
    assert run_cli("check", "--root", project).returncode == 0
    models = project / "generated" / "partoo" / "src" / "partoo_docs2sdk" / "models.py"
    models.write_text(models.read_text() + "\n# drift\n")
    result = run_cli("check", "--root", project)
    assert result.returncode == 1
    assert "models.py: differs" in result.stdout
    refused = run_cli("generate", "partoo", "--root", project)
    assert refused.returncode == 1 and "edited after it was generated" in refused.stderr
    assert models.read_text().endswith("# drift\n")  # nothing was written
    forced = run_cli("generate", "partoo", "--root", project, "--force")
    assert forced.returncode == 0, forced.stderr
    assert run_cli("check", "--root", project).returncode == 0
    again = run_cli("generate", "--root", project)
    assert "(unchanged)" in again.stdout and "(written)" not in again.stdout


def test_inspect_shows_shape_fields_with_lines_and_diagnostics(tmp_path: Path) -> None:
    result = run_cli("inspect", seed("002"))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "shape openapi-embedded" in out and "why: a fenced block" in out
    assert "POST /iam/users  (line 75)" in out
    assert "password: string, required  (line 114)" in out  # the line of `password:` in the page
    assert "auth apiKey: header Authorization prefix 'apikey'" in out
    unknown = tmp_path / "notes.txt"
    unknown.write_text("Just some words.\nNothing about any API here.\n")
    result = run_cli("inspect", unknown)
    assert result.returncode == 1
    assert "error[shape-unknown]" in result.stdout


def test_coverage_report_lists_each_page_and_what_was_read() -> None:
    text = (ROOT / "generated" / "gcore" / "COVERAGE.md").read_text()
    assert "## `specs/gcore/sources/002_17140bbe2b5a6397.txt`" in text
    assert "| `POST /iam/users` | email, password, company, user_type" in text
