"""Injection-proof emission: hostile doc text never runs, and hostile names stay wire names.

Three hostile pages (an OpenAPI YAML file, a GitBook markdown page, a one-line prose page)
carry payloads in every place doc text can reach code: titles, summaries, descriptions,
operationIds, tags, paths, parameter and header names, field names, enum values, defaults,
examples, server URLs, security scheme names and descriptions. Each payload, if it ever ran,
would leave a marker file, a token on stderr and an environment variable (see
tests/fuzz/payloads.py). The package is built by the real CLI, then imported and used in its
own process (tests/fuzz/exercise.py): every module imported, every model built, every client
method called, sync and async, against a local HTTP server, help() rendered for everything.
"""

from __future__ import annotations

import json
import keyword
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from pydantic import BaseModel

from .conftest import ROOT, run_cli, seed
from .fuzz.hostile_docs import (
    SAFE_SERVER,
    hostile_gitbook,
    hostile_openapi,
    hostile_prose,
    openapi_yaml,
)
from .fuzz.payloads import (
    HIT_ENV,
    JINJA_HIT,
    SECRET_ENV,
    SECRET_VALUE,
    SHELL_HIT,
    TOKEN_PREFIX,
    header_names,
    name_payloads,
    statement,
    text_payloads,
)
from .fuzz.static_checks import bidi_problems, check_files, read_tree

EXERCISE = ROOT / "tests" / "fuzz" / "exercise.py"
PACKAGE = "hostile_docs2sdk"
# The GitBook page names no server, so it comes with this page: a package without a server
# does not compile (see test_a_page_without_servers_builds_a_package_that_compiles below).
SERVERS_ONLY = f"""openapi: 3.1.0
info: {{title: servers, version: '1'}}
servers:
  - url: {SAFE_SERVER}
paths: {{}}
"""


@dataclass
class Built:
    case: str
    out: Path
    markers: Path
    build: subprocess.CompletedProcess[str]
    files: dict[str, str]
    docs: list[Path]


def _write_docs(case: str, docs: Path, markers: Path) -> list[Path]:
    docs.mkdir(parents=True)
    pages: dict[str, str] = {
        "openapi": {"api.yaml": openapi_yaml(hostile_openapi(markers))},
        "gitbook": {"page.md": hostile_gitbook(markers), "servers.yaml": SERVERS_ONLY},
        "prose": {"page.txt": hostile_prose(markers)},
    }[case]
    for name, text in pages.items():
        (docs / name).write_text(text, encoding="utf-8")
    return [docs / name for name in pages]


def build(case: str, base: Path, hash_seed: str = "0", docs: list[Path] | None = None) -> Built:
    """Write the case's pages (unless given) and build them with the CLI into base/pkg."""
    markers = base / "markers"
    markers.mkdir(parents=True, exist_ok=True)
    docs = docs or _write_docs(case, base / "docs", markers)
    out = base / "pkg"
    env = {SECRET_ENV: SECRET_VALUE, "PYTHONHASHSEED": hash_seed}
    result = run_cli(
        "build", *docs, "--name", "hostile", "--out", out, "--no-validate", env=env, timeout=300
    )
    files = read_tree(out) if out.is_dir() else {}
    return Built(case, out, markers, result, files, docs)


def use(built: Built) -> tuple[dict[str, Any], subprocess.CompletedProcess[str]]:
    """Import and use the package in a fresh process, from a scratch working directory."""
    scratch = built.out.parent / "scratch"
    scratch.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != HIT_ENV and not k.startswith("HOSTILE_")}
    done = subprocess.run(
        [sys.executable, str(EXERCISE), str(built.out / "src"), PACKAGE],
        cwd=scratch,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.splitlines()[-1]), done


@pytest.fixture(scope="module", params=["openapi", "gitbook", "prose"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    case = request.param
    result = build(case, tmp_path_factory.mktemp(f"hostile-{case}"))
    assert result.build.returncode == 0, result.build.stdout + result.build.stderr[-3000:]
    return result


@pytest.fixture(scope="module")
def used(built: Built) -> tuple[dict[str, Any], subprocess.CompletedProcess[str]]:
    return use(built)


def _marker_hits(markers: Path) -> list[str]:
    return sorted(p.name for p in markers.iterdir())


# --- the payloads and the checks can fail: shown on code that is not escaped ---------------


def test_payloads_run_when_pasted_into_code_unescaped(tmp_path: Path) -> None:
    """Naive emission (doc text between triple quotes, or after a `#`) runs the payloads."""
    texts = text_payloads(tmp_path)
    naive = "\n".join([f'"""{texts[0]}"""\n', f"x = 1  # {texts[10]}\n", f"y = '''{texts[1]}'''\n"])
    done = subprocess.run(
        [sys.executable, "-c", naive], capture_output=True, text=True, cwd=tmp_path, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert {"hit0", "hit1", "hit9"} <= set(_marker_hits(tmp_path))
    assert f"{TOKEN_PREFIX}0" in done.stderr and f"{TOKEN_PREFIX}9" in done.stderr


def test_static_checks_flag_an_escaped_payload(tmp_path: Path) -> None:
    escaped = {
        "src/pkg/models.py": f'class A:\n    """doc"""\n    {statement(tmp_path, 1)}\n',
        "src/pkg/_client.py": "import os\nos.system('true')\n",
        "src/pkg/broken.py": 'x = """never closed\n',
        "src/pkg/twice.py": "class A:\n    x: int\n    x: str\n\n\nclass A:\n    pass\n",
        "README.md": "```python\nexec('1')\n```\n",
    }
    problems = "\n".join(check_files(escaped))
    assert "models.py: line 3: calls __import__()" in problems
    assert "_client.py: line 2: calls os.system()" in problems
    assert "_client.py: line 2: a bare expression at module level" in problems
    assert "broken.py: does not compile" in problems
    assert "twice.py: line 3: x defined twice" in problems
    assert "twice.py: line 6: A defined twice" in problems
    assert "README.md#example0: line 1: calls exec()" in problems


# --- the hostile builds --------------------------------------------------------------------


def test_the_hostile_page_is_read_into_a_package(built: Built) -> None:
    summary = built.build.stdout.strip().splitlines()[-1]
    assert summary.startswith("hostile: ") and " 0 operations" not in summary, summary
    assert f"src/{PACKAGE}/models.py" in built.files and f"src/{PACKAGE}/_client.py" in built.files


def test_generated_python_compiles_and_calls_only_template_code(built: Built) -> None:
    assert check_files(built.files) == []


def test_doc_text_is_never_evaluated_as_a_template_shell_or_variable(built: Built) -> None:
    outputs = [*built.files.values(), built.build.stdout, built.build.stderr]
    for hit in (JINJA_HIT, SHELL_HIT, SECRET_VALUE, TOKEN_PREFIX):
        assert not [o for o in outputs if hit in o], hit
    assert _marker_hits(built.markers) == []


def test_no_payload_runs_when_the_package_is_imported_and_used(
    built: Built, used: tuple[dict[str, Any], subprocess.CompletedProcess[str]]
) -> None:
    report, process = used
    assert report["problems"] == []
    assert report["calls"] >= 4 and report["helped"] > 20 and report["models"]
    assert report["hit_env"] is None
    assert _marker_hits(built.markers) == []
    for stream in (process.stdout, process.stderr, report["stdout"]):
        assert TOKEN_PREFIX not in stream
    assert process.stderr == ""


def _plain_names(case: str, markers: Path) -> list[str]:
    """The names every reader keeps as they are: no dots (nesting in tables), breaks or NUL.

    Prose pages mark a field as **`name`** with a name that starts with an ASCII letter,
    `_`, `$` or `@` (generator/readers/prose_page.py FIELD_NAME); others stay prose.
    """
    names = [
        n
        for n in name_payloads(markers)
        if not any(c in n for c in ".\\\n\x00{}'\"") and n.strip() and len(n) < 200
    ]
    if case == "prose":
        names = [n for n in names if " " not in n and (n[0].isascii() and not n[0].isdigit())]
    return names


def test_hostile_names_are_kept_as_wire_aliases(
    built: Built, used: tuple[dict[str, Any], subprocess.CompletedProcess[str]]
) -> None:
    models: dict[str, list[list[str]]] = used[0]["models"]
    aliases = {wire for fields in models.values() for _name, wire in fields}
    if built.case == "openapi":
        # Every property of the record schema, 10k-character name included, is one field.
        record = [f for f in models.values() if any(w == "userId" for _n, w in f)]
        assert len(record) == 1
        assert sorted(w for _n, w in record[0]) == sorted(name_payloads(built.markers))
    else:
        assert set(_plain_names(built.case, built.markers)) <= aliases
    for fields in models.values():
        for name, _wire in fields:  # fields named twice: see the static checks
            assert name.isidentifier() and name.isascii() and not keyword.iskeyword(name), name
            assert name not in dir(BaseModel), name  # would shadow a pydantic attribute


def test_collisions_get_distinct_stable_names(
    built: Built, used: tuple[dict[str, Any], subprocess.CompletedProcess[str]]
) -> None:
    by_wire = {w: n for fields in used[0]["models"].values() for n, w in fields}
    assert by_wire["user_id"] == "user_id" and by_wire["userId"] != "user_id"
    assert by_wire["class"] != "class" and by_wire["from"] != "from"
    assert by_wire["2fa"][0].isalpha()
    if built.case != "prose":
        assert by_wire["имя"].isascii() and by_wire["naïve"].isascii()


def test_parameters_reach_the_server_by_their_wire_names(
    built: Built, used: tuple[dict[str, Any], subprocess.CompletedProcess[str]]
) -> None:
    if built.case != "openapi":
        pytest.skip("only the OpenAPI page has query and header parameters")
    requests = used[0]["requests"]
    queries = [
        dict(parse_qsl(urlsplit(r["path"]).query, keep_blank_values=True))
        for r in requests
        if r["method"] == "GET"
    ]
    assert any(set(q) == set(name_payloads(built.markers)) for q in queries)
    posted = [{k.lower() for k, _v in r["headers"]} for r in requests if r["method"] == "POST"]
    expected = {h.lower() for h in header_names()} | {"x-key'''#"}
    assert any(expected <= headers for headers in posted)


def test_generating_twice_gives_identical_bytes(built: Built, tmp_path: Path) -> None:
    # The same pages (diagnostics and COVERAGE.md name them), another hash seed.
    again = build(built.case, tmp_path, hash_seed="12345", docs=built.docs)
    assert again.build.returncode == 0
    first = {p.relative_to(built.out): p.read_bytes() for p in built.out.rglob("*") if p.is_file()}
    second = {p.relative_to(again.out): p.read_bytes() for p in again.out.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [p for p in first if first[p] != second[p]] == []


# --- found by the fuzz tests, fixed in the readers and the naming module ------------------


UNSENDABLE = """openapi: 3.1.0
info: {title: Headers, version: "1"}
servers: [{url: "https://api.example.com"}]
security: [{key: []}]
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: "X-API-[ey"}
paths:
  /things:
    get:
      operationId: list_things
      tags: [TAG]
      parameters:
        - {name: "X Trace: id", in: header, schema: {type: string}}
        - {name: "X-Fine'#", in: header, schema: {type: string}}
      responses:
        "204": {description: done}
"""


def test_unsendable_header_names_are_reported_and_left_out(tmp_path: Path) -> None:
    """A header name httpx refuses to send would make every call fail; a 300-char tag, the write."""
    # a 300-character path segment names a resource, and so a module file
    (tmp_path / "api.yaml").write_text(
        UNSENDABLE.replace("TAG", "very long " * 30).replace("/things:", "/" + "very-long-" * 30 + "things:"),
        "utf-8",
    )
    out = tmp_path / "pkg"
    result = run_cli(
        "build", tmp_path / "api.yaml", "--name", "hostile", "--out", out, "--no-validate"
    )
    assert result.returncode == 0, result.stderr
    assert "api.yaml:7: error[header-name]: 'X-API-[ey'" in result.stderr
    assert "api.yaml:14: error[header-name]: 'X Trace: id'" in result.stderr
    (module,) = (out / "src" / PACKAGE / "resources").glob("very_long*.py")
    assert len(module.name) <= 100
    report, _ = use(Built("openapi", out, tmp_path, result, {}, []))
    assert report["problems"] == [] and report["calls"] >= 4
    sent = {k.lower() for r in report["requests"] for k, _v in r["headers"]}
    assert "x-fine'#" in sent and not any("trace" in h or "[" in h for h in sent)


# --- found by these tests and fixed in the emitter ---------------------------------------


def test_no_bidi_control_reaches_generated_python(tmp_path: Path) -> None:
    result = build("openapi", tmp_path)
    assert result.build.returncode == 0
    assert bidi_problems(result.files) == []


def test_a_page_without_servers_builds_a_package_that_compiles(tmp_path: Path) -> None:
    out = tmp_path / "pkg"
    result = run_cli("build", seed("000"), "--name", "noservers", "--out", out, "--no-validate")
    assert result.returncode == 0, result.stderr[-2000:]
    assert check_files(read_tree(out)) == []


def test_a_literal_hash_in_a_documented_path_reaches_the_server(tmp_path: Path) -> None:
    doc = {
        "openapi": "3.1.0",
        "info": {"title": "Hash", "version": "1"},
        "servers": [{"url": SAFE_SERVER}],
        "paths": {
            "/a#b/{id}": {
                "get": {
                    "operationId": "get_thing",
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                    ],
                    "responses": {"204": {"description": "done"}},
                }
            }
        },
    }
    (tmp_path / "api.yaml").write_text(openapi_yaml(doc), encoding="utf-8")
    out = tmp_path / "pkg"
    assert (
        run_cli(
            "build", tmp_path / "api.yaml", "--name", "hostile", "--out", out, "--no-validate"
        ).returncode
        == 0
    )
    report, _ = use(Built("openapi", out, tmp_path, subprocess.CompletedProcess([], 0), {}, []))
    paths = [r["path"] for r in report["requests"]]
    assert paths and all(p.startswith("/a%23b/") for p in paths), paths
