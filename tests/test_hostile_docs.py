"""Hostile and broken documents: each gives its diagnostic with file and line, the right exit
code, no traceback, and no output when it fails; cut pages keep what came before the cut.

The corpus is tests/hostile/ (cases/ and make_cases.py), the expectations
tests/hostile/expected.yaml. Every case runs through the real CLI in its own process: `build`
(a package into a fresh --out, whose openapi.json is the export checked for what was read),
and `openapi` too where expected.yaml says so: pages cut off and a few failures (a process
spends most of its time importing, so not every case runs twice). The runs go in parallel
once per session; the tests then check what each printed and wrote.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.hostile.make_cases import CASES, MAKERS

HOSTILE = Path(__file__).parent / "hostile"
EXPECTED: dict[str, dict[str, Any]] = yaml.safe_load(
    (HOSTILE / "expected.yaml").read_text(encoding="utf-8")
)["cases"]

# Generous: every case ends in about a second; this catches a hang, not slowness.
MAX_SECONDS = 90  # six runs share two cores: this catches a hang, not a busy machine
PWNED = Path("/tmp/docs2sdk-pwned")  # what yaml-python-tag.yaml would create if its tag ran

# The cases the issue names, each with the corpus entries that cover it.
ISSUE_CASES = {
    "invalid YAML or JSON": ["invalid-yaml", "invalid-json", "json-trailing-comma"],
    "an empty file": ["empty"],
    "a binary file": ["binary", "nul-bytes", "utf16-no-bom"],
    "a file over the size limit": ["too-large"],
    "a page of unknown shape": ["unknown-shape", "top-level-array", "huge-line"],
    "a cyclic $ref": ["cyclic-ref"],
    "a $ref to nowhere": ["dangling-ref"],
    "deep nesting (1,000 levels)": [
        "deep-yaml-objects",
        "deep-json-objects",
        "deep-yaml-arrays",
        "deep-json-arrays",
        "deep-ref-chain",
        "deep-pointer-chain",
    ],
    "duplicate operation ids": ["duplicate-operation-ids"],
    "a path parameter missing from the parameters": ["path-param-missing"],
    "two pages that contradict each other": ["contradiction"],
    "mojibake and mixed languages": ["mojibake-latin1", "mojibake-cp1251", "mixed-languages"],
    "a page cut off in a table or a JSON sample": [
        "cut-table",
        "cut-json-sample-flat",
        "cut-json-sample-rendered",
        "cut-openapi-block",
    ],
}


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    out: Path  # build's --out (unused by openapi)

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


@dataclass(frozen=True)
class Case:
    name: str
    folder: Path
    files: list[str]
    spec: dict[str, Any]


def _materialize(name: str, spec: dict[str, Any], made: Path) -> Case:
    if "make" in spec:
        folder = made / name
        folder.mkdir(parents=True)
        return Case(name, folder, MAKERS[spec["make"]](folder), spec)
    return Case(name, CASES, list(spec["files"]), spec)


def _run(case: Case, command: str, outs: Path) -> Run:
    out = outs / f"{case.name}-{command}"
    args = (
        ["build", *case.files, "--name", "hostile", "--out", str(out)]
        if command == "build"
        else ["openapi", *case.files]
    )
    # Every run checks its export, as users run it: no document may make it invalid.
    started = time.perf_counter()
    # Run where the files are, so diagnostics name them as given: `cases/x.yaml` -> `x.yaml`.
    done = subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=case.folder,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "DOCS2SDK_DEBUG": ""},
    )
    return Run(done.returncode, done.stdout, done.stderr, time.perf_counter() - started, out)


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Case, dict[str, Run]]]:
    made, outs = tmp_path_factory.mktemp("hostile-cases"), tmp_path_factory.mktemp("hostile-out")
    PWNED.unlink(missing_ok=True)
    cases = [_materialize(name, spec, made) for name, spec in EXPECTED.items()]
    jobs = [(case, command) for case in cases for command in case.spec.get("commands", ["build"])]
    with ThreadPoolExecutor(max_workers=max(2, min(6, 2 * (os.cpu_count() or 1)))) as pool:
        runs = list(pool.map(lambda job: _run(job[0], job[1], outs), jobs))
    results: dict[str, tuple[Case, dict[str, Run]]] = {c.name: (c, {}) for c in cases}
    for (case, command), run in zip(jobs, runs):
        results[case.name][1][command] = run
    return results


def _line_of(folder: Path, file: str, at: str) -> int:
    lines = (folder / file).read_text(encoding="utf-8").splitlines()
    wanted = at.strip()
    return next(n for n, text in enumerate(lines, 1) if text.strip().startswith(wanted))


def _place(case: Case, spec: dict[str, Any]) -> str:
    file = spec.get("file", case.files[0])
    line = spec["line"] if "line" in spec else _line_of(case.folder, file, spec["at"])
    return f"{file}:{line}"


def _diagnostic_lines(output: str, level: str, code: str) -> list[str]:
    return [line for line in output.splitlines() if f": {level}[{code}]: " in line]


def _tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(path.relative_to(folder).as_posix().encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


# -- reading the export ---------------------------------------------------------------------


def _resolve(export: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    seen: set[str] = set()
    while isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"] not in seen:
        seen.add(node["$ref"])
        target: Any = export
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target.get(part, {}) if isinstance(target, dict) else {}
        node = target
    return node if isinstance(node, dict) else {}


def _field_names(export: dict[str, Any], schema: dict[str, Any]) -> set[str]:
    """Every property name reachable from a schema, at any depth."""
    names: set[str] = set()
    stack, seen = [schema], set()
    while stack:
        node = _resolve(export, stack.pop())
        if id(node) in seen:
            continue
        seen.add(id(node))
        for name, sub in (node.get("properties") or {}).items():
            names.add(name)
            stack.append(sub)
        for key in ("items", "additionalProperties"):
            if isinstance(node.get(key), dict):
                stack.append(node[key])
        for key in ("allOf", "anyOf", "oneOf"):
            stack.extend(s for s in node.get(key) or [] if isinstance(s, dict))
    return names


def _body_schema(export: dict[str, Any], holder: dict[str, Any] | None) -> dict[str, Any]:
    content = (holder or {}).get("content") or {}
    media = next(iter(content.values()), {})
    return _resolve(export, media.get("schema") or {})


def _check_reads(export: dict[str, Any], key: str, wanted: dict[str, Any]) -> None:
    method, path = key.split(" ", 1)
    assert path in export["paths"], f"{key}: not read; paths: {sorted(export['paths'])}"
    op = export["paths"][path].get(method.lower())
    assert op is not None, f"{key}: not read"
    params = {p.get("name") for p in op.get("parameters") or []}
    assert set(wanted.get("params", [])) <= params, f"{key}: parameters {params}"
    bodies = {"request": op.get("requestBody")}
    bodies.update({str(status): r for status, r in (op.get("responses") or {}).items()})
    everything: set[str] = set()
    for where, holder in bodies.items():
        schema = _body_schema(export, holder)
        found = _field_names(export, schema)
        everything |= found
        required = set(schema.get("required") or [])
        for field in wanted.get(where, []):
            name = field.rstrip("*")
            assert name in found, f"{key} {where}: {name!r} not read; read: {sorted(found)}"
            if field.endswith("*"):
                assert name in required, f"{key} {where}: {name!r} not required"
    for name in wanted.get("not_read", []):
        assert name not in everything, f"{key}: {name!r} was read from a cut-off part"


# -- the tests --------------------------------------------------------------------------------


def test_the_corpus_covers_every_case_the_issue_names() -> None:
    for item, names in ISSUE_CASES.items():
        missing = [n for n in names if n not in EXPECTED]
        assert not missing, f"{item}: no case {missing}"
    for name, spec in EXPECTED.items():
        assert ("files" in spec) != ("make" in spec), name
        assert set(spec.get("commands", ["build"])) <= {"build", "openapi"}, name
        assert "build" in spec.get("commands", ["build"]), name
        assert spec["exit"] in (0, 1), name
        assert spec["exit"] == 0 or spec["expect"], f"{name}: a failure must say why"


@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.timeout(600)
def test_case(name: str, corpus: dict[str, tuple[Case, dict[str, Run]]]) -> None:
    case, runs = corpus[name]
    spec = case.spec
    for command, run in runs.items():
        where = f"{name} ({command})"
        assert "Traceback" not in run.output, f"{where}:\n{run.output[-3000:]}"
        assert "error[internal]" not in run.output, f"{where}:\n{run.stderr[-3000:]}"
        assert "[export-invalid]" not in run.output, f"{where}: our export is invalid\n{run.stderr}"
        assert run.returncode == spec["exit"], f"{where}: exit {run.returncode}\n{run.stderr}"
        assert run.seconds < MAX_SECONDS, f"{where}: took {run.seconds:.1f}s"
        for expected in spec["expect"]:
            place = _place(case, expected)
            related = _place(case, expected["related"]) if "related" in expected else None
            found = _diagnostic_lines(run.stderr, expected["level"], expected["code"])
            matching = [
                line
                for line in found
                if place in line
                and (related is None or related in line)
                and expected.get("says", "") in line
            ]
            assert matching, (
                f"{where}: no {expected['level']}[{expected['code']}] at {place}"
                + (f" and {related}" if related else "")
                + f"; printed:\n{run.stderr}"
            )
        for code in spec.get("absent", []):
            assert f"[{code}]" not in run.output, f"{where}: {code} printed:\n{run.stderr}"
    build, export_run = runs["build"], runs.get("openapi")
    if spec["exit"]:
        assert not build.out.exists(), f"{name}: a failed build wrote {build.out}"
        assert "nothing was written" in build.stderr
        assert export_run is None or not export_run.stdout.strip(), name
        return
    assert (build.out / "pyproject.toml").is_file() and (build.out / "openapi.json").is_file()
    export = json.loads((build.out / "openapi.json").read_text(encoding="utf-8"))
    if export_run is not None:  # the export printed is the one the package carries
        assert json.loads(export_run.stdout) == export, name
    for key, wanted in (spec.get("reads") or {}).items():
        _check_reads(export, key, wanted or {})
    if spec.get("distinct_operation_ids"):
        ids = [
            op.get("operationId")
            for item in export["paths"].values()
            for op in item.values()
            if isinstance(op, dict) and "responses" in op
        ]
        assert len(ids) == len(set(ids)), f"{name}: operationIds {ids}"


def test_no_tag_in_a_document_runs_code(corpus: dict[str, tuple[Case, dict[str, Run]]]) -> None:
    case, runs = corpus["yaml-python-tag"]
    assert f'os.system ["touch {PWNED}"]' in (case.folder / case.files[0]).read_text()
    assert all(run.returncode == 1 for run in runs.values())
    assert not PWNED.exists()


def _build(page: str, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "build",
            page,
            "--name",
            "acme",
            "--out",
            str(out),
            "--no-validate",
        ],
        cwd=CASES,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_failed_build_leaves_the_previous_package_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "pkg"
    first = _build("ragged-table.md", out)
    assert first.returncode == 0, first.stderr
    before = _tree_digest(out)
    for bad in ("yaml-bomb.yaml", "swagger2.yaml", "empty.md"):
        failed = _build(bad, out)
        assert failed.returncode == 1 and "Traceback" not in failed.stderr, failed.stderr
        assert _tree_digest(out) == before, f"{bad}: the package changed"
    assert [p.name for p in tmp_path.iterdir()] == ["pkg"]  # no temporary folders left
    # The digest does see a change: a build from other pages rewrites the package.
    changed = _build("cut-table.md", out)
    assert changed.returncode == 0, changed.stderr
    assert _tree_digest(out) != before


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_an_unreadable_file_is_named(tmp_path: Path) -> None:
    page = tmp_path / "secret.yaml"
    page.write_text((CASES / "dangling-ref.yaml").read_text())
    page.chmod(0)
    done = subprocess.run(
        [sys.executable, "-m", "generator", "openapi", page.name, "--no-validate"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "secret.yaml:1: error[unreadable]" in done.stderr


def test_inspect_names_every_case_file_without_a_traceback() -> None:
    files = sorted({f for spec in EXPECTED.values() for f in spec.get("files", [])})
    done = subprocess.run(
        [sys.executable, "-m", "generator", "inspect", *files],
        cwd=CASES,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    assert done.returncode == 1  # some cases have nothing usable
    for file in files:
        assert f"{file}:" in done.stdout, f"{file} not shown"
    unusable = sum(1 for spec in EXPECTED.values() if "files" in spec and spec["exit"] == 1)
    assert f"{len(files)} files inspected, {unusable} with nothing usable" in done.stderr
