"""`docs2sdk fetch` against a real local HTTP server: conditional requests, failures that keep
the stored page, byte-identical pages left alone, and llms.txt index discovery."""

from __future__ import annotations

import json
import re
from pathlib import Path

from generator.evolve.fetch_index import file_for_url, page_url, parse_index, select

from .conftest import run_cli
from .support.doc_server import DocServer, doc_server, refused_url  # noqa: F401 (fixture)

LAST_MODIFIED = "Wed, 21 Oct 2015 07:28:00 GMT"


def _vendor(project: Path, extra: str, name: str = "acme") -> Path:
    folder = project / "specs" / name
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    (folder / "vendor.yaml").write_text(
        f"package: {name}_docs2sdk\ndistribution: {name}-docs2sdk\ntitle: Acme\nenv_prefix: ACME\n"
        + extra
    )
    return folder


def _lines(stdout: str) -> dict[str, str]:
    """{file: status} from the per-page lines of a fetch report."""
    out = {}
    for line in stdout.splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[2] == "<-":
            out[parts[1]] = parts[0]
    return out


def test_conditional_requests_answered_304_are_unchanged(
    tmp_path: Path, doc_server: DocServer
) -> None:
    doc_server.set("/a.md", "# A\n")  # ETag
    doc_server.set("/b.md", "# B\n", etag=False, last_modified=LAST_MODIFIED)  # Last-Modified only
    folder = _vendor(
        tmp_path,
        f"fetch:\n  - url: {doc_server.url}/a.md\n    file: sources/a.md\n"
        f"  - url: {doc_server.url}/b.md\n",
    )
    first = run_cli("fetch", "--root", tmp_path)
    assert first.returncode == 0, first.stderr
    assert _lines(first.stdout) == {"sources/a.md": "new", "sources/b.md": "new"}
    assert (folder / "sources" / "a.md").read_text() == "# A\n"
    state_file = folder / ".fetch-state.json"
    state = json.loads(state_file.read_text())
    assert state["pages"]["sources/a.md"]["etag"].startswith('"')
    assert state["pages"]["sources/b.md"]["last_modified"] == LAST_MODIFIED
    assert (
        state_file.read_text() == json.dumps(state, indent=2, sort_keys=True) + "\n"
    )  # deterministic
    mtimes = {p: p.stat().st_mtime_ns for p in folder.rglob("*")}
    doc_server.clear_log()

    second = run_cli("fetch", "acme", "--root", tmp_path)
    assert second.returncode == 0, second.stderr
    assert _lines(second.stdout) == {"sources/a.md": "unchanged", "sources/b.md": "unchanged"}
    assert "not modified" in second.stdout
    assert (
        doc_server.seen("/a.md")[0].headers["if-none-match"]
        == state["pages"]["sources/a.md"]["etag"]
    )
    assert doc_server.seen("/b.md")[0].headers["if-modified-since"] == LAST_MODIFIED
    assert {p: p.stat().st_mtime_ns for p in folder.rglob("*")} == mtimes  # nothing rewritten


def test_identical_bytes_are_not_rewritten_and_changed_ones_are(
    tmp_path: Path, doc_server: DocServer
) -> None:
    doc_server.set("/p.md", "# P\nv1\n", etag=False)  # no validators: every fetch is a full GET
    folder = _vendor(tmp_path, f"fetch:\n  - url: {doc_server.url}/p.md\n    file: sources/p.md\n")
    assert run_cli("fetch", "--root", tmp_path).returncode == 0
    page = folder / "sources" / "p.md"
    before = page.stat().st_mtime_ns
    again = run_cli("fetch", "--root", tmp_path)
    assert _lines(again.stdout) == {"sources/p.md": "unchanged"}
    assert page.stat().st_mtime_ns == before
    doc_server.set("/p.md", "# P\nv2\n", etag=False)
    changed = run_cli("fetch", "--root", tmp_path)
    assert changed.returncode == 0
    assert _lines(changed.stdout) == {"sources/p.md": "changed"}
    assert "1 changed" in changed.stdout
    assert page.read_text() == "# P\nv2\n"


def test_a_failed_download_keeps_the_stored_page(tmp_path: Path, doc_server: DocServer) -> None:
    doc_server.set("/ok.md", "# OK\n")
    doc_server.set("/flaky.md", "# Flaky v1\n")
    dead = refused_url()
    folder = _vendor(
        tmp_path,
        f"fetch:\n  - url: {doc_server.url}/ok.md\n    file: sources/ok.md\n"
        f"  - url: {doc_server.url}/flaky.md\n    file: sources/flaky.md\n",
    )
    assert run_cli("fetch", "--root", tmp_path).returncode == 0
    state_before = (folder / ".fetch-state.json").read_text()
    doc_server.set("/flaky.md", "# Flaky v2\n")
    doc_server.fail("/flaky.md", 500)
    result = run_cli("fetch", "--root", tmp_path)
    assert result.returncode == 1
    assert _lines(result.stdout) == {"sources/ok.md": "unchanged", "sources/flaky.md": "failed"}
    assert "HTTP 500" in result.stdout and "stored copies were kept" in result.stderr
    assert (folder / "sources" / "flaky.md").read_text() == "# Flaky v1\n"
    assert (
        folder / ".fetch-state.json"
    ).read_text() == state_before  # still describes the kept page
    # Connection refused: the same, and no temporary file is left next to the page.
    (folder / "vendor.yaml").write_text(
        (folder / "vendor.yaml")
        .read_text()
        .replace(f"{doc_server.url}/flaky.md", f"{dead}/flaky.md")
    )
    refused = run_cli("fetch", "--root", tmp_path, "--timeout", "5")
    assert refused.returncode == 1
    assert _lines(refused.stdout)["sources/flaky.md"] == "failed"
    assert "ConnectError" in refused.stdout
    assert (folder / "sources" / "flaky.md").read_text() == "# Flaky v1\n"
    assert sorted(p.name for p in (folder / "sources").iterdir()) == ["flaky.md", "ok.md"]


INDEX = """# Acme

> Acme's docs for LLMs.

## API Reference

- [Create user](/api-reference/users/create-user): Create a user
- [Delete user]({base}/api-reference/users/delete-user): Delete one
- [Old endpoint]({base}/api-reference/deprecated/old): Do not use
{extra}
## Guides

- [Getting started]({base}/guides/start): Read first
- [Webhooks](https://elsewhere.example/webhooks): elsewhere
"""


def test_index_discovers_filters_and_removes_pages(tmp_path: Path, doc_server: DocServer) -> None:
    base = doc_server.url
    doc_server.set("/llms.txt", INDEX.format(base=base, extra=""))
    for slug in ("users/create-user", "users/delete-user", "users/get-user", "deprecated/old"):
        doc_server.set(f"/api-reference/{slug}.md", f"# {slug}\n")
    doc_server.set("/guides/start.md", "# start\n")
    folder = _vendor(
        tmp_path,
        f"index:\n  url: {base}/llms.txt\n  include: ['API Reference']\n"
        "  exclude: ['/deprecated/']\n  suffix: .md\n",
    )
    first = run_cli("fetch", "--root", tmp_path)
    assert first.returncode == 0, first.stderr
    assert _lines(first.stdout) == {
        "sources/api-reference--users--create-user.md": "new",
        "sources/api-reference--users--delete-user.md": "new",
    }
    assert doc_server.seen(
        "/api-reference/users/create-user.md"
    )  # the markdown form (URL + suffix)
    assert not doc_server.seen("/guides/start.md") and not doc_server.seen(
        "/api-reference/deprecated/old.md"
    )
    assert (
        folder / "sources" / "api-reference--users--create-user.md"
    ).read_text() == "# users/create-user\n"

    # The index changes: one page gone, one new. The gone page is removed, the new one fetched.
    doc_server.set(
        "/llms.txt",
        INDEX.format(base=base, extra="- [Get user](/api-reference/users/get-user): Get")
        .replace("- [Delete user]", "- [Delete]")
        .replace("/users/delete-user", "/users/remove"),
    )
    doc_server.set("/api-reference/users/remove.md", "# remove\n")
    second = run_cli("fetch", "--root", tmp_path)
    assert second.returncode == 0, second.stderr
    assert _lines(second.stdout) == {
        "sources/api-reference--users--create-user.md": "unchanged",
        "sources/api-reference--users--delete-user.md": "removed",
        "sources/api-reference--users--get-user.md": "new",
        "sources/api-reference--users--remove.md": "new",
    }
    assert not (folder / "sources" / "api-reference--users--delete-user.md").exists()

    # A broken index fails, but the pages it listed last time are still refreshed, none removed.
    doc_server.fail("/llms.txt", 503)
    doc_server.set("/api-reference/users/get-user.md", "# get v2\n")
    broken = run_cli("fetch", "--root", tmp_path)
    assert broken.returncode == 1
    lines = _lines(broken.stdout)
    assert (
        lines["<index>"] == "failed"
        and lines["sources/api-reference--users--get-user.md"] == "changed"
    )
    assert len(list((folder / "sources").iterdir())) == 3
    # An index answered with something else (a login page, 200 OK): no page is removed either.
    doc_server.set("/llms.txt", "<html><body>Please sign in</body></html>\n")
    walled = run_cli("fetch", "--root", tmp_path)
    assert walled.returncode == 1 and "no link of the index matches" in walled.stdout
    assert "removed" not in _lines(walled.stdout).values()
    assert len(list((folder / "sources").iterdir())) == 3


def test_progress_is_shown_on_long_runs(tmp_path: Path, doc_server: DocServer) -> None:
    entries = ""
    for i in range(20):
        doc_server.set(f"/p{i}.md", f"# page {i}\n")
        entries += f"  - url: {doc_server.url}/p{i}.md\n"
    _vendor(tmp_path, "fetch:\n" + entries)
    result = run_cli("fetch", "--root", tmp_path, "--jobs", "4")
    assert result.returncode == 0, result.stderr
    assert "acme: fetched 20/20 pages" in result.stderr  # stderr is not a terminal here
    assert "acme: 20 pages: 20 new, 0 failed" in result.stdout


def test_config_cannot_make_fetch_write_outside_sources(tmp_path: Path) -> None:
    _vendor(tmp_path, "fetch:\n  - url: http://127.0.0.1:9/x\n    file: ../../escape.md\n")
    result = run_cli("fetch", "--root", tmp_path)
    assert result.returncode == 1
    assert "error[config-invalid]" in result.stderr and "sources/<file name>" in result.stderr
    assert not (tmp_path / "escape.md").exists()


def test_fetch_help_and_nothing_to_fetch(tmp_path: Path) -> None:
    assert "conditional" in run_cli("fetch", "--help").stdout.lower()
    _vendor(tmp_path, "")
    assert run_cli("fetch", "--root", tmp_path).returncode == 2  # no vendor lists pages
    listed = run_cli("fetch", "acme", "--root", tmp_path)
    assert listed.returncode == 0 and "nothing to fetch" in listed.stdout
    assert run_cli("fetch", "nobody", "--root", tmp_path).returncode == 1


def test_index_parsing_and_file_names() -> None:
    text = INDEX.format(
        base="https://docs.acme.io",
        extra="- [Weird \\] name](<../api-reference/a b?x=1>)\n"
        "- [Mail](mailto:a@b.c) and [anchor](#top)",
    )
    entries = parse_index(text, "https://docs.acme.io/llms.txt")
    assert [(e.section, e.title) for e in entries][:3] == [
        ("API Reference", "Create user"),
        ("API Reference", "Delete user"),
        ("API Reference", "Old endpoint"),
    ]
    assert (
        entries[0].url == "https://docs.acme.io/api-reference/users/create-user"
    )  # relative link resolved
    weird = next(e for e in entries if e.title == "Weird ] name")
    assert weird.url == "https://docs.acme.io/api-reference/a%20b?x=1"
    assert not any(e.title in ("Mail", "anchor") for e in entries)
    assert [e.title for e in select(entries, ["^https://docs"], ["Guides", "deprecated"])] == [
        "Create user",
        "Delete user",
        "Weird ] name",
    ]
    assert page_url("https://h/x/y", ".md") == "https://h/x/y.md"
    assert page_url("https://h/x/y.md", ".md") == "https://h/x/y.md"
    assert page_url("https://h/x/?q=1", ".md") == "https://h/x.md?q=1"
    assert (
        file_for_url("https://h/api-reference/users/create-user.md")
        == "sources/api-reference--users--create-user.md"
    )
    odd = file_for_url("https://h/API/Users/../x?y=1")
    assert re.fullmatch(r"sources/api--users--x--x-[0-9a-f]{10}\.md", odd)  # lower-cased, hashed
    assert file_for_url("https://h/API/Users/../x?y=1") == odd  # stable
    assert file_for_url("https://h/a/b") != file_for_url("https://h/a--b")  # never share a name
    assert not file_for_url("https://h/.hidden").removeprefix("sources/").startswith(".")
