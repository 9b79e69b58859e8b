"""Flat prose pages (seed 003 and its corpus kin) and the same docs rendered one item per line.

Expected values come from reading the pages: field names, types, required words, statuses and
the lines they stand on.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator.diagnostics import Level
from generator.ir import MISSING, Api, AuthKind, Kind, Operation, ParamLocation, Schema
from generator.readers import detect as registry_detect
from generator.readers import flat_prose
from generator.readers import read as registry_read
from generator.readers.base import ReadResult, SourceDoc
from tests.conftest import CORPUS, SCORER, SEEDS, TRUTH, run_cli, seed

AITRONOS = CORPUS / "aitronos"
FLAT_PAGES = ("user-update-profile_flat-prose.txt", "users-get-user-by-id_flat-prose.txt")
LINE_PAGES = (
    "users-get-user-by-id_rendered.txt",
    "user-update-profile_rendered-compact.txt",
    "threads-delete_rendered.txt",
    "threads-delete_rendered-oldversion.txt",
)


def _doc(path: Path) -> SourceDoc:
    return SourceDoc(path.name, path.read_text(encoding="utf-8"))


def _flat(path: Path) -> ReadResult:
    return flat_prose.read(_doc(path))


def _lines(path: Path) -> ReadResult:
    return registry_read(_doc(path))


def _op(api: Api) -> Operation:
    assert len(api.operations) == 1
    return api.operations[0]


def _props(schema: Schema) -> dict[str, tuple[Kind, bool, bool]]:
    """name -> (kind, nullable, required)"""
    return {p.wire_name: (p.schema.kind, p.schema.nullable, p.required) for p in schema.properties}


def _codes(result: ReadResult) -> list[tuple[str, int]]:
    return sorted((d.code, d.source.line) for d in result.diagnostics)


# --- seed 003: Create User -------------------------------------------------------------------


def test_seed_003_is_flat_prose_by_content() -> None:
    doc = _doc(seed("003"))
    assert "bold code-span field runs" in (flat_prose.detect(doc) or "")
    found = registry_detect(doc)
    assert found is not None and found[0] == "flat-prose"


def test_seed_003_target_server_and_auth() -> None:
    result = _flat(seed("003"))
    api, op = result.fragment, _op(result.fragment)
    assert (op.method, op.path) == ("post", "/v1/user/")
    assert [s.url for s in api.servers] == ["https://api.aitronos.com"]
    assert api.title == "Create User" and op.summary == "Create User"
    assert op.description == "Create a new user."
    [scheme] = api.auth
    assert (scheme.kind, scheme.header, scheme.env_var) == (
        AuthKind.API_KEY,
        "X-API-Key",
        "FREDDY_API_KEY",
    )
    assert api.security == (scheme.name,)
    # The key header and Content-Type are not API parameters.
    assert op.parameters == ()
    assert op.source.line == 1 and result.diagnostics == () and result.unread == ()


def test_seed_003_request_fields() -> None:
    op = _op(_flat(seed("003")).fragment)
    body = op.request_body
    assert body is not None and body.content_type == "application/json" and body.required
    assert _props(body.schema) == {
        "email": (Kind.STRING, False, True),
        "first_name": (Kind.STRING, False, False),
        "last_name": (Kind.STRING, False, False),
        "password": (Kind.STRING, False, True),
    }
    password = body.schema.find_property("password")
    assert password is not None and password.schema.description == "Password (min 8 characters)"
    assert body.example == {"email": "your_email", "password": "your_password"}
    assert op.examples[0].method == "POST"
    assert op.examples[0].url == "https://api.aitronos.com/v1/user/"


def test_seed_003_response_and_errors() -> None:
    op = _op(_flat(seed("003")).fragment)
    assert [r.status for r in op.responses] == ["201", "401", "403"]
    created = op.responses[0]
    assert created.body is not None and created.envelope is None
    assert _props(created.body.schema) == {
        "email": (Kind.STRING, False, False),
        "first_name": (Kind.STRING, True, False),
        "last_name": (Kind.STRING, True, False),
        "id": (Kind.STRING, False, False),
        "is_active": (Kind.BOOLEAN, False, False),
        "last_verified": (Kind.STRING, True, False),
        "global_role_id": (Kind.STRING, True, False),
        "created_at": (Kind.STRING, False, False),
        "updated_at": (Kind.STRING, False, False),
    }
    # The label "Example" before the samples is not part of the last field's text.
    updated = created.body.schema.find_property("updated_at")
    assert updated is not None and updated.schema.description == "Updated At"
    for response, code in zip(
        op.responses[1:], ("AUTHENTICATION_REQUIRED", "INSUFFICIENT_PERMISSIONS")
    ):
        assert response.body is not None
        schema = response.body.schema
        assert _props(schema)["success"][0] is Kind.BOOLEAN
        error = schema.find_property("error")
        assert error is not None and error.schema.kind is Kind.OBJECT
        assert {"code", "message", "status"} <= {p.wire_name for p in error.schema.properties}
        assert response.body.example["error"]["code"] == code
    assert op.responses[1].description == "Unauthorized"


def test_seed_003_scores_through_the_cli(tmp_path: Path) -> None:
    out = tmp_path / "aitronos.json"
    done = run_cli("openapi", seed("003"), "-o", out)
    assert done.returncode == 0, done.stderr
    spec = json.loads(out.read_text(encoding="utf-8"))
    assert spec["components"]["securitySchemes"]["X-API-Key"]["in"] == "header"
    scored = subprocess.run(
        [sys.executable, str(SCORER), str(TRUTH), "aitronos", str(out)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert scored.returncode == 0, scored.stdout + scored.stderr
    assert float(scored.stdout.strip().splitlines()[-1].split()[-1]) >= 0.97


# --- flat corpus pages ------------------------------------------------------------------------


def test_flat_get_user_by_id() -> None:
    result = _flat(AITRONOS / "users-get-user-by-id_flat-prose.txt")
    api, op = result.fragment, _op(result.fragment)
    assert (op.method, op.path, api.title) == ("get", "/v1/user/{user_id}", "Get User By Id")
    [param] = op.parameters
    assert (param.wire_name, param.location, param.required) == (
        "user_id",
        ParamLocation.PATH,
        True,
    )
    assert param.schema.kind is Kind.STRING and param.description == "The user id parameter."
    assert op.request_body is None
    [ok] = op.responses
    assert ok.status == "200" and ok.body is not None
    props = _props(ok.body.schema)
    assert len(props) == 18
    assert props["current_organization_id"] == (Kind.STRING, True, False)
    assert props["is_active"] == (Kind.BOOLEAN, False, False)
    assert props["id"] == (Kind.STRING, False, False)
    # The page ends inside the 200 sample: what was complete is kept, and both cuts are said.
    assert ok.body.example["is_active"] is True and "last_login" not in ok.body.example
    assert _codes(result) == [("cut-short", 3), ("cut-short", 3)]
    assert all(d.level is Level.WARNING for d in result.diagnostics)
    assert [a.header for a in api.auth] == ["X-API-Key"]


def test_flat_update_profile() -> None:
    result = _flat(AITRONOS / "user-update-profile_flat-prose.txt")
    api, op = result.fragment, _op(result.fragment)
    assert (op.method, op.path, api.title) == ("patch", "/v1/user/profile", "Update User Profile")
    assert op.description is not None and op.description.startswith("Modify authenticated user's")
    body = op.request_body
    assert body is not None and not body.required
    names = [p.wire_name for p in body.schema.properties]
    assert names == [
        "username", "first_name", "last_name", "full_name", "birthday", "gender",
        "profile_image", "timezone", "country_id", "post_code",
    ]  # fmt: skip
    assert not any(p.required for p in body.schema.properties)
    birthday = body.schema.find_property("birthday")
    assert birthday is not None and (birthday.schema.kind, birthday.schema.format) == (
        Kind.STRING,
        "date",
    )
    assert body.example == {"first_name": "John"}
    # "Returns" says what comes back in words only; "Validation Rules" has no field runs.
    [ok] = op.responses
    assert ok.status == "200" and ok.body is None
    assert ok.description == "Updated User object with complete profile information."
    # The curl sample sends X-API-Key (the Python sample's Bearer header is not read).
    [scheme] = api.auth
    assert (scheme.header, scheme.env_var) == ("X-API-Key", "FREDDY_API_KEY")
    assert _codes(result) == [("cut-short", 3)]


# --- the same docs, one item per line --------------------------------------------------------


@pytest.mark.parametrize("name", LINE_PAGES)
def test_line_pages_are_read_from_their_evidence(name: str) -> None:
    doc = _doc(AITRONOS / name)
    assert flat_prose.detect(doc) is None
    result = registry_read(doc)
    assert result.shape == "evidence" and "method and a path" in result.why


def test_lines_get_user_by_id_matches_its_flat_twin() -> None:
    result = _lines(AITRONOS / "users-get-user-by-id_rendered.txt")
    api, op = result.fragment, _op(result.fragment)
    assert (op.method, op.path, op.source.line) == ("get", "/v1/user/{user_id}", 14)
    assert api.title == "Get User By Id"
    [param] = op.parameters
    assert (param.wire_name, param.location, param.source.line) == (
        "user_id",
        ParamLocation.PATH,
        18,
    )
    assert param.description == "The user id parameter."
    [ok] = op.responses
    assert ok.status == "200" and ok.body is not None
    flat_ok = _op(_flat(AITRONOS / "users-get-user-by-id_flat-prose.txt").fragment).responses[0]
    assert flat_ok.body is not None
    assert _props(ok.body.schema) == _props(flat_ok.body.schema)
    first = ok.body.schema.find_property("id")
    assert first is not None and first.schema.description == "User ID with usr_ prefix"
    assert ok.body.example["current_organization_id"] == "abc123def456"  # the 200 OK sample, whole
    assert [(a.header, a.env_var) for a in api.auth] == [("X-API-Key", "FREDDY_API_KEY")]
    assert result.diagnostics == () and result.unread == ()


def test_lines_update_profile_compact_has_no_headings() -> None:
    result = _lines(AITRONOS / "user-update-profile_rendered-compact.txt")
    api, op = result.fragment, _op(result.fragment)
    assert (op.method, op.path, op.source.line) == ("patch", "/v1/user/profile", 4)
    body = op.request_body
    assert body is not None
    # No "Request Body" heading: runs with a required word on a PATCH page are the body.
    assert [p.wire_name for p in body.schema.properties][:2] == ["username", "first_name"]
    assert len(body.schema.properties) == 10 and not any(p.required for p in body.schema.properties)
    post_code = body.schema.find_property("post_code")
    assert post_code is not None and post_code.schema.description == "Postal/ZIP code."
    assert body.example == {"first_name": "John"}  # `}'Response:` glued to the body is cut off
    [ok] = op.responses
    assert ok.status == "200" and ok.body is not None and ok.body.source.line == 49
    profile = ok.body.schema.find_property("profile")
    assert profile is not None and profile.schema.kind is Kind.OBJECT
    assert profile.schema.find_property("last_login") is not None
    assert [(a.header, a.env_var) for a in api.auth] == [("X-API-Key", "FREDDY_API_KEY")]


def test_lines_threads_delete_returns_204() -> None:
    result = _lines(AITRONOS / "threads-delete_rendered.txt")
    op = _op(result.fragment)
    assert (op.method, op.path) == ("delete", "/v1/threads/{thread_id}")
    [param] = op.parameters
    assert (param.wire_name, param.location, param.required, param.source.line) == (
        "thread_id",
        ParamLocation.PATH,
        True,
        14,
    )
    assert op.request_body is None
    [gone] = op.responses
    assert gone.status == "204" and gone.body is None and gone.source.line == 20
    assert op.examples[0].url == "https://api.aitronos.com/v1/threads/thrd_abc123"
    assert op.summary == "Permanently delete a thread and all associated messages."
    assert result.diagnostics == ()


def test_lines_threads_delete_old_version_with_glued_response() -> None:
    result = _lines(AITRONOS / "threads-delete_rendered-oldversion.txt")
    api, op = result.fragment, _op(result.fragment)
    assert (op.method, op.path) == ("delete", "/v1/threads/{thread_id}")
    assert [(p.wire_name, p.location, p.source.line) for p in op.parameters] == [
        ("thread_id", ParamLocation.PATH, 6)
    ]
    # `-H "X-API-Key: $FREDDY_API_KEY"Response:` then the sample on the next lines.
    assert [(a.header, a.env_var) for a in api.auth] == [("X-API-Key", "FREDDY_API_KEY")]
    [ok] = op.responses
    assert ok.status == "200" and ok.body is not None and ok.body.source.line == 14
    assert _props(ok.body.schema) == {
        "id": (Kind.STRING, False, False),
        "deleted": (Kind.BOOLEAN, False, False),
        "object": (Kind.STRING, False, False),
    }
    assert ok.body.example == {"id": "thread_abc123", "deleted": True, "object": "thread.deleted"}


# --- what is not ours, and pages that lack parts -----------------------------------------------


def _other_pages() -> list[Path]:
    pages = [p for p in sorted(CORPUS.rglob("*.txt")) if p.parent.name != "aitronos"]
    return pages + [p for p in sorted(SEEDS.glob("*.txt")) if not p.name.startswith("003_")]


@pytest.mark.parametrize("path", _other_pages(), ids=lambda p: p.name)
def test_other_shapes_are_not_claimed(path: Path) -> None:
    doc = _doc(path)
    assert flat_prose.detect(doc) is None


def test_no_sample_means_no_method_path() -> None:
    text = seed("003").read_text(encoding="utf-8")
    cut = text[: text.index("Example ```")]  # the page without its samples
    result = flat_prose.read(SourceDoc("cut.txt", cut))
    assert result.fragment.operations == ()
    assert [(d.code, d.level) for d in result.diagnostics] == [("no-method-path", Level.ERROR)]
    assert {line for line, _text in result.unread} == {1}
    assert any(text.startswith("email") for _line, text in result.unread)


@pytest.mark.parametrize("name", [*FLAT_PAGES, *LINE_PAGES, "seed"])
def test_truncated_pages_never_raise(name: str) -> None:
    path = seed("003") if name == "seed" else AITRONOS / name
    text = path.read_text(encoding="utf-8")
    for end in range(0, len(text), max(1, len(text) // 60)):
        for read in (flat_prose.read, registry_read):
            result = read(SourceDoc("t.txt", text[:end]))
            for op in result.fragment.operations:
                assert op.method in ("get", "post", "put", "patch", "delete")
                assert op.path.startswith("/")


def test_path_value_in_sample_url_becomes_the_template() -> None:
    """The old delete page's curl URL has a value where the path parameter goes; read without
    its METHOD+URL line, the parameter is put back where the value was."""
    text = (AITRONOS / "threads-delete_rendered-oldversion.txt").read_text(encoding="utf-8")
    lines = [ln for ln in text.split("\n") if not ln.startswith("DELETEhttps")]
    op = _op(registry_read(SourceDoc("t.txt", "\n".join(lines))).fragment)
    assert (op.method, op.path) == ("delete", "/v1/threads/{thread_id}")
    assert op.examples[0].body is MISSING
