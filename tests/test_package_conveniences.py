"""The conveniences of a generated package, over a real socket on 127.0.0.1: to_dict() and
to_json() under wire names, with_streaming_response (sync and async), default_query and
copy(), client.get/post for an endpoint the docs miss, the <PREFIX>_LOG switch, and the
package metadata a vendor.yaml gives."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import threading
import tomllib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any, Iterator
from urllib.parse import parse_qsl, urlsplit

import pytest

from .conftest import run_cli
from .support.small_packages import build, find_method, load

KEY = "sk-conveniences-0123456789"
DOC = json.dumps({
    "openapi": "3.1.0",
    "info": {"title": "Shelf", "version": "1"},
    "servers": [{"url": "https://api.shelf.example"}],
    "components": {"securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "X-Shelf-Key"}}},
    "security": [{"key": []}],
    "paths": {"/books/{bookId}": {"get": {
        "summary": "Get a book",
        "parameters": [{"name": "bookId", "in": "path", "required": True, "schema": {"type": "string"}}],
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
            "type": "object",
            "properties": {"bookId": {"type": "string"}, "displayTitle": {"type": "string"},
                           "pageCount": {"type": "integer"}, "seenQuery": {"type": "object"}}}}}}},
    }}},
})


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        payload = {
            "bookId": parts.path.rsplit("/", 1)[-1], "displayTitle": "Dune",
            "seenQuery": dict(parse_qsl(parts.query)),
            "seenHeaders": {k.lower(): v for k, v in self.headers.items()},
            "seenBody": body.decode(),
        }
        data = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_POST = do_GET


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("shelf"), "shelf", {"shelf.json": DOC})


@pytest.fixture(scope="module")
def shelf(out: Path) -> ModuleType:
    return load(out, "shelf_docs2sdk")


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


def _get(resource: Any) -> str:
    return find_method(resource._client, "Get a book")[1]


def _resource(client: Any) -> Any:
    return find_method(client, "Get a book")[0]


def test_to_dict_and_to_json_use_wire_names_and_set_fields(shelf: ModuleType, base_url: str) -> None:
    with shelf.Client(api_key=KEY, base_url=base_url) as client:
        resource = _resource(client)
        book = getattr(resource, _get(resource))(book_id="b1")
    data = book.to_dict()
    assert data["bookId"] == "b1" and data["displayTitle"] == "Dune"
    assert "pageCount" not in data  # not received, so not set
    assert book.to_dict(use_api_names=False)["display_title"] == "Dune"
    assert "book_id" in book.to_dict(use_api_names=False)
    assert json.loads(book.to_json()) == data
    assert "\n" not in book.to_json(indent=None) and "\n" in book.to_json()
    assert book.to_dict(exclude_unset=False)["pageCount"] is None


def test_with_streaming_response_sync_and_async(shelf: ModuleType, base_url: str) -> None:
    with shelf.Client(api_key=KEY, base_url=base_url) as client:
        resource = _resource(client)
        name = _get(resource)
        with getattr(resource.with_streaming_response, name)(book_id="b2") as response:
            assert response.status_code == 200 and not response.is_closed
            body = b"".join(response.iter_bytes())
        assert response.is_closed and json.loads(body)["bookId"] == "b2"
        with getattr(resource.with_streaming_response, name)(book_id="b3") as response:
            assert response.parse().book_id == "b3"

    async def go() -> tuple[str, bool]:
        async with shelf.AsyncClient(api_key=KEY, base_url=base_url) as aclient:
            aresource = _resource(aclient)
            async with getattr(aresource.with_streaming_response, name)(book_id="b4") as aresponse:
                text = "".join([line async for line in aresponse.iter_lines()])
            return text, aresponse.is_closed

    text, closed = asyncio.run(go())
    assert json.loads(text)["bookId"] == "b4" and closed


def test_default_query_copy_and_undocumented_endpoints(shelf: ModuleType, base_url: str) -> None:
    with shelf.Client(api_key=KEY, base_url=base_url, default_query={"lang": "en"}) as client:
        copied = client.copy(default_headers={"X-Trace": "t-1"}, default_query={"v": "2"})
        resource = _resource(copied)
        book = getattr(resource, _get(resource))(book_id="b5")
        assert book.seen_query == {"lang": "en", "v": "2"}
        assert book.model_extra["seenHeaders"]["x-trace"] == "t-1"
        assert book.model_extra["seenHeaders"]["x-shelf-key"] == KEY
        # the original keeps its own defaults
        plain = getattr(_resource(client), _get(resource))(book_id="b6")
        assert plain.seen_query == {"lang": "en"} and "x-trace" not in plain.model_extra["seenHeaders"]
        raw = client.post("/not/in/the/docs", cast_to=object, body={"a": 1}, query={"q": "1"})
        assert isinstance(raw, dict)
        assert raw["seenBody"] == '{"a":1}' and raw["seenQuery"] == {"lang": "en", "q": "1"}
        assert raw["seenHeaders"]["x-shelf-key"] == KEY


def test_log_switch_prints_calls_with_the_key_redacted(out: Path, base_url: str) -> None:
    script = ("import shelf_docs2sdk as s\n"
              f"c = s.Client(api_key={KEY!r}, base_url={base_url!r})\n"
              "c.get('/books/b7', cast_to=object)\n")
    env = {"PYTHONPATH": str(out / "src"), "SHELF_LOG": "debug", "PATH": ""}
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "shelf_docs2sdk DEBUG] GET " in result.stderr and "/books/b7 -> 200 OK" in result.stderr
    assert KEY not in result.stderr and "<redacted>" in result.stderr
    quiet = subprocess.run([sys.executable, "-c", script], env={**env, "SHELF_LOG": ""},
                           capture_output=True, text=True, timeout=60)
    assert quiet.returncode == 0 and quiet.stderr == ""


def test_package_metadata_from_vendor_yaml(tmp_path: Path) -> None:
    vendor = tmp_path / "specs" / "shelf"
    (vendor / "sources").mkdir(parents=True)
    (vendor / "sources" / "shelf.json").write_text(DOC, encoding="utf-8")
    (vendor / "vendor.yaml").write_text(
        "package: shelf_docs2sdk\ndistribution: shelf-docs2sdk\ntitle: Shelf\nenv_prefix: SHELF\n"
        "license: Apache-2.0\n"
        "urls:\n  Homepage: https://shelf.example\n  Documentation: https://docs.shelf.example/api\n"
        "install: git+https://git.example/shelf-sdk.git\n",
        encoding="utf-8",
    )
    result = run_cli("generate", "--root", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    package = tmp_path / "generated" / "shelf"
    meta = tomllib.loads((package / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert meta["license"] == {"text": "Apache-2.0"}
    assert meta["urls"] == {"Homepage": "https://shelf.example", "Documentation": "https://docs.shelf.example/api"}
    assert "Typing :: Typed" in meta["classifiers"]
    readme = (package / "README.md").read_text(encoding="utf-8")
    assert "```sh\npip install git+https://git.example/shelf-sdk.git\n```" in readme
    assert "pip install 'shelf-docs2sdk[aiohttp] @ git+https://git.example/shelf-sdk.git'" in readme
    assert "on no package index" not in readme


def test_vendor_yaml_urls_must_be_http(tmp_path: Path) -> None:
    vendor = tmp_path / "specs" / "shelf"
    (vendor / "sources").mkdir(parents=True)
    (vendor / "sources" / "shelf.json").write_text(DOC, encoding="utf-8")
    (vendor / "vendor.yaml").write_text(
        "package: shelf_docs2sdk\ndistribution: shelf-docs2sdk\ntitle: Shelf\nenv_prefix: SHELF\n"
        "urls:\n  Homepage: javascript:alert(1)\n", encoding="utf-8")
    result = run_cli("generate", "--root", tmp_path)
    assert result.returncode == 1 and "urls: Value error, Homepage: not an http(s) URL" in result.stderr
