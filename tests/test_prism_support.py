"""End-to-end check of the Prism mock-server helpers over real sockets."""

from __future__ import annotations

import copy
import json
import os
import socket
import subprocess
import time
from pathlib import Path
from typing import Any
from unittest import mock

import httpx
import pytest

from tests.support.prism import PrismError, prism_mock, require_prism, violations

REPO_ROOT = Path(__file__).resolve().parents[1]

SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Items", "version": "1.0.0"},
    "servers": [{"url": "https://api.example.com/v1"}],
    "paths": {
        "/items": {
            "post": {
                "operationId": "createItem",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["name"],
                                "properties": {"name": {"type": "string"}},
                            }
                        }
                    },
                },
                "responses": {
                    "201": {
                        "description": "Created",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["id"],
                                    "properties": {"id": {"type": "integer"}},
                                },
                                "example": {"id": 42},
                            }
                        },
                    }
                },
            }
        }
    },
}


@pytest.fixture
def spec_path(tmp_path: Path) -> Path:
    path = tmp_path / "items.json"
    path.write_text(json.dumps(SPEC), encoding="utf-8")
    return path


def _port_of(base_url: str) -> int:
    return int(base_url.rsplit(":", 1)[1])


def _port_is_closed(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1.0)
        return sock.connect_ex(("127.0.0.1", port)) != 0


def test_prism_mock_validates_and_cleans_up(spec_path: Path) -> None:
    require_prism(REPO_ROOT)
    popen_calls: list[subprocess.Popen[bytes]] = []
    real_popen = subprocess.Popen

    def recording_popen(*args: Any, **kwargs: Any) -> subprocess.Popen[bytes]:
        process: subprocess.Popen[bytes] = real_popen(*args, **kwargs)
        popen_calls.append(process)
        return process

    with mock.patch("subprocess.Popen", recording_popen):
        with prism_mock(spec_path, repo_root=REPO_ROOT) as base_url:
            assert base_url.startswith("http://127.0.0.1:")
            with httpx.Client(base_url=base_url, timeout=10.0, trust_env=False) as client:
                ok = client.post("/items", json={"name": "widget"})
                assert ok.status_code == 201, ok.text
                assert ok.json() == {"id": 42}
                assert violations(ok) is None

                # No 400 in the spec: Prism generates a 422 problem document and
                # reports the violation in its body, not in sl-violations.
                bad = client.post("/items", json={"title": "no name"})
                assert bad.status_code == 422 or violations(bad) is not None, (
                    bad.status_code,
                    bad.headers,
                    bad.text,
                )
                if bad.status_code == 422:
                    messages = [v["message"] for v in bad.json()["validation"]]
                    assert any("name" in message for message in messages), messages

    assert len(popen_calls) == 1
    process = popen_calls[0]
    args = process.args
    assert isinstance(args, list)  # argument list, no shell
    assert args[0] == str(REPO_ROOT / "node_modules" / ".bin" / "prism")
    assert "--multiprocess=false" in args

    assert process.poll() is not None, "Prism process still running"
    assert _port_is_closed(_port_of(base_url)), "Prism port still accepting connections"
    # No straggler (e.g. a forked child) may still own the pid.
    with pytest.raises(ProcessLookupError):
        os.kill(process.pid, 0)


def test_violations_header_when_spec_defines_400(tmp_path: Path) -> None:
    """With a documented 400, Prism answers it and only the header tells why."""
    spec = copy.deepcopy(SPEC)
    spec["paths"]["/items"]["post"]["responses"]["400"] = {
        "description": "Bad request",
        "content": {
            "application/json": {
                "schema": {"type": "object", "properties": {"error": {"type": "string"}}},
                "example": {"error": "bad"},
            }
        },
    }
    path = tmp_path / "items-400.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    with prism_mock(path, repo_root=REPO_ROOT) as base_url:
        with httpx.Client(base_url=base_url, timeout=10.0, trust_env=False) as client:
            bad = client.post("/items", json={"title": "no name"})
            assert bad.status_code == 400
            assert bad.json() == {"error": "bad"}
            found = violations(bad)
            assert found is not None
            assert "name" in found

            ok = client.post("/items", json={"name": "widget"})
            assert ok.status_code == 201
            assert violations(ok) is None


def test_prism_mock_reports_startup_failure(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("openapi: 3.1.0\npaths: [not, a, mapping\n", encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(PrismError, match="Prism log tail"):
        with prism_mock(broken, repo_root=REPO_ROOT, startup_timeout=20.0):
            pass  # pragma: no cover
    assert time.monotonic() - started < 25.0


def test_require_prism_explains_npm_ci(tmp_path: Path) -> None:
    with pytest.raises(PrismError, match="npm ci"):
        require_prism(tmp_path)
