"""The whole loop when docs change: fetch -> generate -> (docs change) -> fetch -> diff -> generate.

A vendor whose pages are OpenAPI-in-a-page docs (built from seed 004, so only the OpenAPI
reader is involved) is served by a real HTTP server on 127.0.0.1 through an llms.txt index;
the CLI runs in subprocesses against a temporary project (--root), never the real repo.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from .conftest import run_cli, seed
from .support.doc_server import DocServer, doc_server  # noqa: F401 (fixture)

CREATE = "sources/api-reference--users--create-user.md"
GET = "sources/api-reference--users--get-user.md"


def _old_page() -> str:
    return seed("004").read_text(encoding="utf-8")


def _new_page() -> str:
    """Seed 004 with a response field removed, a request field added, an enum value removed."""
    text = _old_page()
    status = (
        "                  status:\n"
        "                    $ref: '#/components/schemas/RequestStatus'\n"
    )
    sso = "                sso_only:\n                  $ref: '#/components/schemas/SsoOnly'\n"
    phone = (
        "                phone:\n"
        "                  description: Phone number, E.164\n"
        "                  type: string\n"
    )
    publisher = "        - PUBLISHER\n"
    for piece in (status, sso, publisher):
        assert text.count(piece) == 1, piece
    return text.replace(status, "").replace(sso, sso + phone).replace(publisher, "")


GET_USER = """\
paths:
  /user/{user_id}:
    get:
      tags:
        - Users
      summary: Get user
      operationId: getUser
      parameters:
        - name: user_id
          in: path
          required: true
          schema:
            type: string
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                type: object
                properties:
                  id:
                    type: string
                  email:
                    type: string
components:
  securitySchemes:
    ApiKeyAuth:
      type: apiKey
      in: header
      name: x-APIKey
````
"""


def _get_page() -> str:
    """A second page, same shape (info, servers and security of seed 004): one more operation."""
    old = _old_page()
    head = old[old.index("openapi: 3.1.0") : old.index("paths:")]
    fence = "````yaml /assets/openapi/openapi-bundled.yaml get /user/{user_id}\n"
    return "# Get user\n\n> Returns one user.\n\n## OpenAPI\n\n" + fence + head + GET_USER


def _index(base: str, *, with_get: bool) -> str:
    extra = f"- [Get user]({base}/api-reference/users/get-user): Get a user\n" if with_get else ""
    return (
        f"# Acme\n\n## API Reference\n\n- [Create user]({base}/api-reference/users/create-user): "
        f"Create a user\n{extra}\n## Guides\n\n- [Start]({base}/guides/start): Read first\n"
    )


def _tree(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _ok(
    result: subprocess.CompletedProcess[str], code: int = 0
) -> subprocess.CompletedProcess[str]:
    assert result.returncode == code, f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result


def test_docs_change_loop(tmp_path: Path, doc_server: DocServer) -> None:
    base = doc_server.url
    doc_server.set("/llms.txt", _index(base, with_get=False))
    doc_server.set("/api-reference/users/create-user.md", _old_page())
    vendor = tmp_path / "specs" / "acme"
    vendor.mkdir(parents=True)
    (vendor / "vendor.yaml").write_text(
        "package: acme_docs2sdk\ndistribution: acme-docs2sdk\ntitle: Acme\nenv_prefix: ACME\n"
        "auth:\n  env_var: ACME_API_KEY\n"
        f"index:\n  url: {base}/llms.txt\n  include: ['API Reference']\n  suffix: .md\n"
    )
    package = tmp_path / "generated" / "acme"

    # 1. First fetch and generation: version 0.1.0, a CHANGELOG with its first entry.
    assert f"new       {CREATE}" in _ok(run_cli("fetch", "--root", tmp_path)).stdout
    first = _ok(run_cli("generate", "--root", tmp_path))
    assert "acme: version 0.1.0 (first)" in first.stdout
    changelog = (package / "CHANGELOG.md").read_text()
    assert (
        "## 0.1.0\n\nFirst generated version: 1 operation.\n\n- `POST /user` (createUser)\n"
        in changelog
    )
    assert "no changes" in _ok(run_cli("diff", "--root", tmp_path)).stdout
    hooks = package / "src" / "acme_docs2sdk" / "lib" / "hooks.py"
    hooks.parent.mkdir()
    hooks.write_bytes(b"# hand-written hook\r\nSIGN = 'keep me'\n\x00")  # odd bytes on purpose

    # 2. The docs change: a response field and an enum value go, a request field and a page come.
    doc_server.set("/llms.txt", _index(base, with_get=True))
    doc_server.set("/api-reference/users/create-user.md", _new_page())
    doc_server.set("/api-reference/users/get-user.md", _get_page())
    fetched = _ok(run_cli("fetch", "--root", tmp_path)).stdout
    assert f"changed   {CREATE}" in fetched and f"new       {GET}" in fetched

    # 3. diff: breaking (removed response field, narrowed request enum), additions listed, exit 4.
    text = _ok(run_cli("diff", "--root", tmp_path), 4).stdout
    assert re.search(r"BREAKING\s+POST /user: response 200 field `status` removed", text)
    assert re.search(
        r"BREAKING\s+POST /user: request field `role`: enum values removed: `PUBLISHER`", text
    )
    assert re.search(r"FEATURE\s+GET /user/\{user_id\}: operation added \(getUser\)", text)
    assert re.search(r"FEATURE\s+POST /user: optional request field `phone` added", text)
    records = json.loads(_ok(run_cli("diff", "acme", "--json", "--root", tmp_path), 4).stdout)
    by_message = {r["message"]: r for r in records}
    removed = by_message["response 200 field `status` removed"]
    assert removed["severity"] == "breaking" and removed["kind"] == "removed"
    assert removed["location"].startswith("generated/acme/openapi.json#/components/schemas/")
    assert removed["location"].endswith("/properties/status")
    phone = by_message["optional request field `phone` added"]
    phone_line = _new_page().splitlines().index("                phone:") + 1
    assert phone["severity"] == "feature" and phone["section"] == "added"
    assert phone["location"] == f"specs/acme/{CREATE}:{phone_line}"
    enum = next(r for r in records if "PUBLISHER" in r["message"])
    assert enum["severity"] == "breaking" and enum["location"].startswith(f"specs/acme/{CREATE}:")
    added_op = by_message["operation added (getUser)"]
    assert added_op["where"] == "GET /user/{user_id}" and added_op["location"].startswith(
        f"specs/acme/{GET}:"
    )
    assert all(r["vendor"] == "acme" for r in records)

    # 4. generate: major bump, CHANGELOG entry on top, the removed field gone from the model.
    second = _ok(run_cli("generate", "acme", "--root", tmp_path)).stdout
    assert "(written)" in second and "acme: version 0.1.0 -> 1.0.0 (" in second
    assert 'version = "1.0.0"' in (package / "pyproject.toml").read_text()
    assert json.loads((package / ".docs2sdk-manifest.json").read_text())["version"] == "1.0.0"
    changelog = (package / "CHANGELOG.md").read_text()
    assert changelog.startswith("# Changelog\n")
    assert (
        changelog.index("## 1.0.0")
        < changelog.index("### Breaking changes")
        < changelog.index("### Added")
        < changelog.index("## 0.1.0")
    )
    entry = changelog[changelog.index("## 1.0.0") : changelog.index("## 0.1.0")]
    assert (
        "- `POST /user`: response 200 field `status` removed (was `generated/acme/openapi.json#/"
        in entry
    )
    assert "/properties/status` in 0.1.0)" in entry
    assert "- `POST /user`: request field `role`: enum values removed: `PUBLISHER`" in entry
    assert "- `GET /user/{user_id}`: operation added (getUser)" in entry
    assert "- `POST /user`: optional request field `phone` added" in entry
    assert not re.search(r"\d{4}-\d{2}-\d{2}", changelog)  # no dates: output stays deterministic
    export = json.loads((package / "openapi.json").read_text())
    response_model = export["paths"]["/user"]["post"]["responses"]["200"]["content"][
        "application/json"
    ]["schema"]["$ref"].rsplit("/", 1)[-1]
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import acme_docs2sdk as p; from acme_docs2sdk import models; "
            f"print(p.__version__, sorted(models.{response_model}.model_fields))",
        ],
        cwd=package / "src",
        capture_output=True,
        text=True,
    )
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.strip() == "1.0.0 ['id']"
    assert hooks.read_bytes() == b"# hand-written hook\r\nSIGN = 'keep me'\n\x00"  # lib/ survived

    # 5. Nothing changed since: generate writes nothing, check and diff agree.
    before = _tree(tmp_path)
    third = _ok(run_cli("generate", "--root", tmp_path)).stdout
    assert "(unchanged)" in third and "(written)" not in third and "version" not in third
    assert _tree(tmp_path) == before
    _ok(run_cli("check", "--root", tmp_path))
    _ok(run_cli("diff", "--root", tmp_path))


def test_diff_exits_3_for_additions_only_and_patch_bumps_docs(tmp_path: Path) -> None:
    vendor = tmp_path / "specs" / "acme"
    (vendor / "sources").mkdir(parents=True)
    (vendor / "vendor.yaml").write_text(
        "package: acme_docs2sdk\ndistribution: acme-docs2sdk\ntitle: Acme\n" "env_prefix: ACME\n"
    )
    page = vendor / "sources" / "create-user.md"
    page.write_text(_old_page())
    _ok(run_cli("generate", "--root", tmp_path))
    page.write_text(_old_page().replace("summary: Create user", "summary: Create a user"))
    docs = _ok(run_cli("diff", "--root", tmp_path), 3).stdout
    assert "PATCH" in docs and "summary changed" in docs and "BREAKING" not in docs
    assert (
        "acme: version 0.1.0 -> 0.1.1 (1 docs)"
        in _ok(run_cli("generate", "--root", tmp_path)).stdout
    )
    assert (
        "### Documentation\n\n- `POST /user`: summary changed"
        in (tmp_path / "generated" / "acme" / "CHANGELOG.md").read_text()
    )
    (vendor / "sources" / "get-user.md").write_text(_get_page())
    added = _ok(run_cli("diff", "--root", tmp_path), 3).stdout
    assert "FEATURE" in added and "BREAKING" not in added
    assert "version 0.1.1 -> 0.2.0" in _ok(run_cli("generate", "--root", tmp_path)).stdout


def test_add_creates_a_vendor_from_a_url_and_a_file(tmp_path: Path, doc_server: DocServer) -> None:
    doc_server.set("/docs/create-user.md", _old_page())
    url = f"{doc_server.url}/docs/create-user.md"
    page = tmp_path / "get user.md"
    page.write_text(_get_page())
    result = _ok(run_cli("add", "acme-pay", url, page, "--root", tmp_path))
    folder = tmp_path / "specs" / "acme-pay"
    out = result.stdout
    assert "read: 2 operations" in out and "POST /user  (createUser)" in out
    assert "production: https://api.partoo.co/v2" in out and "x-APIKey" in out
    assert "check in specs/acme-pay/vendor.yaml:" in out and "auth.env_var ACME_PAY_API_KEY" in out
    config = (folder / "vendor.yaml").read_text()
    for line in (
        "package: acme_pay_docs2sdk",
        "distribution: acme-pay-docs2sdk",
        'title: "Partoo Rest API"',
        "env_prefix: ACME_PAY",
        '  production: "https://api.partoo.co/v2"',
        "default_environment: production",
        "  env_var: ACME_PAY_API_KEY",
        f'  - url: "{url}"',
        "    file: sources/docs--create-user.md",
    ):
        assert line in config.splitlines(), line
    assert sorted(p.name for p in (folder / "sources").iterdir()) == [
        "docs--create-user.md",
        "get-user.md",
    ]
    assert (
        json.loads((folder / ".fetch-state.json").read_text())["pages"][
            "sources/docs--create-user.md"
        ]["url"]
        == url
    )
    # The starter config is one the rest of the loop accepts.
    assert "unchanged" in _ok(run_cli("fetch", "acme-pay", "--root", tmp_path)).stdout
    _ok(run_cli("generate", "acme-pay", "--root", tmp_path))
    assert (tmp_path / "generated" / "acme-pay" / "src" / "acme_pay_docs2sdk" / "py.typed").exists()

    before = _tree(folder)
    again = run_cli("add", "acme-pay", page, "--root", tmp_path)
    assert again.returncode == 1 and "already exists" in again.stderr
    assert _tree(folder) == before
    for bad in ("../evil", "Acme", "a b", "x" * 41, "x_", "9lives"):
        refused = run_cli("add", bad, page, "--root", tmp_path)
        assert refused.returncode == 2 and "Invalid value" in refused.stderr, bad
    nothing = tmp_path / "notes.txt"
    nothing.write_text("Just words, no API here.\n")
    empty = run_cli("add", "words", nothing, "--root", tmp_path)
    assert empty.returncode == 1 and "no operation was read" in empty.stderr
    assert sorted(p.name for p in (tmp_path / "specs").iterdir()) == ["acme-pay"]  # no leftovers


def test_hand_written_lib_code_survives_regeneration(tmp_path: Path) -> None:
    vendor = tmp_path / "specs" / "acme"
    (vendor / "sources").mkdir(parents=True)
    (vendor / "vendor.yaml").write_text(
        "package: acme_docs2sdk\ndistribution: acme-docs2sdk\ntitle: Acme\nenv_prefix: ACME\n"
    )
    page = vendor / "sources" / "create-user.md"
    page.write_text(_old_page())
    _ok(run_cli("generate", "--root", tmp_path))
    package = tmp_path / "generated" / "acme"
    hooks = {
        package / "lib" / "notes.md": b"# kept\n",
        package / "src" / "acme_docs2sdk" / "lib" / "__init__.py": b"",
        package / "src" / "acme_docs2sdk" / "lib" / "signing.py": b"KEY = 'x'\r\n# no newline",
        package / "src" / "acme_docs2sdk" / "lib" / "data" / "blob.bin": bytes(range(256)),
    }
    for path, data in hooks.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    page.write_text(_new_page())  # a real change: the package is rebuilt and swapped in
    assert "(written)" in _ok(run_cli("generate", "--root", tmp_path)).stdout
    assert {path: path.read_bytes() for path in hooks} == hooks
    _ok(run_cli("check", "--root", tmp_path))  # lib/ is the user's: never drift


def test_add_titles_the_package_after_the_api_not_a_page_heading(tmp_path: Path) -> None:
    # A prose page whose heading is the one operation it documents ("Create User").
    page = tmp_path / "create-user.txt"
    page.write_text(seed("003").read_text())
    _ok(run_cli("add", "lnurl-pay", page, "--root", tmp_path))
    config = (tmp_path / "specs" / "lnurl-pay" / "vendor.yaml").read_text().splitlines()
    assert 'title: "Lnurl Pay"' in config
    # An OpenAPI document's own name is the API's name.
    doc = tmp_path / "api.yaml"
    doc.write_text(
        "openapi: 3.1.0\ninfo: {title: Acme Payments API, version: '1'}\n"
        "paths:\n  /users:\n    post:\n      summary: Create user\n"
        "      responses: {'201': {description: created}}\n"
    )
    _ok(run_cli("add", "acme", doc, "--root", tmp_path))
    config = (tmp_path / "specs" / "acme" / "vendor.yaml").read_text().splitlines()
    assert 'title: "Acme Payments API"' in config
