"""Pagination from the docs to the package: list operations in a small OpenAPI document are
detected (offset, page, cursor; query or body), `inspect` names the style, and the built
package's methods iterate every item of a three-page listing served on 127.0.0.1, sync and
async."""

from __future__ import annotations

import asyncio
import os
import inspect
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any, Iterator
from urllib.parse import parse_qsl, urlsplit

import pytest

from .conftest import run_cli
from .support.small_packages import build, find_method, load

USERS = [{"id": n, "email": f"u{n}@example.com"} for n in range(1, 8)]  # pages of 3, 3, 1


def _list_op(summary: str, params: list[str], fields: dict[str, Any], method: str = "get") -> dict[str, Any]:
    op: dict[str, Any] = {
        "summary": summary,
        "tags": ["users"],
        "parameters": [
            {"name": p, "in": "query", "schema": {"type": "string" if p == "cursor" else "integer"}} for p in params
        ],
        "responses": {"200": {"description": "ok", "content": {"application/json": {
            "schema": {"type": "object", "properties": fields}}}}},
    }
    if method == "post":
        props = {"limit": {"type": "integer"}, "offset": {"type": "integer"}, "role": {"type": "string"}}
        op["requestBody"] = {"content": {"application/json": {"schema": {"type": "object", "properties": props}}}}
    return {method: op}


ITEMS = {"type": "array", "items": {"$ref": "#/components/schemas/User"}}
INT = {"type": "integer"}


def _union_op() -> dict[str, Any]:
    """A bare list, or a page of it when paging parameters are given (`oneOf`)."""
    op = _list_op("Union listing", ["limit", "offset"], {})
    content = op["get"]["responses"]["200"]["content"]["application/json"]
    content["schema"] = {"oneOf": [ITEMS, {"type": "object", "required": ["count", "results"],
                                           "properties": {"count": INT, "results": ITEMS}}]}
    return op
DOC = json.dumps({
    "openapi": "3.1.0",
    "info": {"title": "Paging", "version": "1"},
    "servers": [{"url": "https://api.example.com"}],
    "paths": {
        "/offset-users": _list_op("Offset listing", ["limit", "offset"], {"count": INT, "results": ITEMS}),
        "/page-users": _list_op("Page listing", ["page", "per_page"], {"items": ITEMS, "total_pages": INT}),
        "/cursor-users": _list_op("Cursor listing", ["cursor", "limit"],
                                  {"data": ITEMS, "next_cursor": {"type": "string"}}),
        "/search-users": _list_op("Body listing", [], {"users": ITEMS, "total": INT}, "post"),
        "/plain-users": _list_op("Unpaged listing", ["limit"], {"users": ITEMS}),
        "/union-users": _union_op(),
        # the total one object down, camel-cased: read as the models' `meta.total_count`
        "/meta-users": _list_op("Meta listing", ["page", "per_page"], {"data": ITEMS, "meta": {
            "type": "object", "properties": {"totalCount": INT, "perPage": INT}}}),
    },
    "components": {"schemas": {"User": {
        "type": "object", "required": ["id"], "properties": {"id": INT, "email": {"type": "string"}}}}},
}, indent=2)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        q: dict[str, Any] = dict(parse_qsl(parts.query))
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            q.update(json.loads(self.rfile.read(length)))
        size = int(q.get("limit") or q.get("per_page") or 3)
        if parts.path == "/union-users" and "limit" not in q:
            payload: object = USERS
        elif parts.path in ("/offset-users", "/union-users"):
            start = int(q.get("offset", 0))
            payload = {"count": len(USERS), "results": USERS[start : start + size]}
        elif parts.path == "/search-users":
            start = int(q.get("offset", 0))
            payload = {"total": len(USERS), "users": USERS[start : start + size]}
        elif parts.path == "/meta-users":
            page = int(q.get("page", 1))
            payload = {"data": USERS[(page - 1) * size : page * size], "meta": {"totalCount": len(USERS)}}
        elif parts.path == "/page-users":
            page = int(q.get("page", 1))
            payload = {"items": USERS[(page - 1) * size : page * size], "total_pages": -(-len(USERS) // size)}
        else:
            start = int(q.get("cursor") or 0)
            nxt = str(start + size) if start + size < len(USERS) else None
            payload = {"data": USERS[start : start + size], "next_cursor": nxt}
        data = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_POST = do_GET


@pytest.fixture(scope="module")
def doc(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("paging-doc") / "paging.json"
    path.write_text(DOC, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    out = build(tmp_path_factory.mktemp("paging"), "pagingtest", {"paging.json": DOC})
    return load(out, "pagingtest_docs2sdk")


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


def _method(client: Any, summary: str) -> Any:
    """The client method whose docstring starts with the summary (names are the naming pass's)."""
    resource, name = find_method(client, summary)
    return getattr(resource, name)


def test_inspect_names_the_style_of_each_listing(doc: Path) -> None:
    result = run_cli("inspect", doc)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "offset pagination: query 'offset', 'limit'; items 'results', total 'count'" in out
    assert "page pagination: query 'page', 'per_page'; items 'items', pages 'total_pages'" in out
    assert "cursor pagination: query 'cursor', 'limit'; items 'data', next 'next_cursor'" in out
    assert "offset pagination: body 'offset', 'limit'; items 'users', total 'total'" in out
    assert "page pagination: query 'page', 'per_page'; items 'data', total 'meta.totalCount'" in out
    assert out.count(" pagination: ") == 6  # the listing with no total or next marker does not page


@pytest.mark.parametrize("summary", ["Offset listing", "Page listing", "Cursor listing", "Body listing", "Meta listing"])
def test_sync_method_iterates_every_item(package: ModuleType, base_url: str, summary: str) -> None:
    with package.Client(base_url=base_url) as client:
        method = _method(client, summary)
        page = method()
        assert type(page).__name__ == "SyncPage"
        assert [u.id for u in page.items] == [1, 2, 3]
        users = list(page)
        assert [u.id for u in users] == list(range(1, 8))
        assert all(isinstance(u, package.models.User) for u in users)
        assert page.has_next_page() and not page.next_page().next_page().has_next_page()


@pytest.mark.parametrize("summary", ["Offset listing", "Page listing", "Cursor listing", "Body listing", "Meta listing"])
def test_async_method_iterates_every_item(package: ModuleType, base_url: str, summary: str) -> None:
    async def go() -> tuple[list[int], list[int]]:
        async with package.AsyncClient(base_url=base_url) as client:
            method = _method(client, summary)
            every = [u.id async for u in method()]
            first = await method()
            return every, [len(p.items) async for p in first.iter_pages()]

    every, sizes = asyncio.run(go())
    assert every == list(range(1, 8))
    assert sizes == [3, 3, 1]


def test_a_listing_that_may_answer_a_bare_list(package: ModuleType, base_url: str) -> None:
    with package.Client(base_url=base_url) as client:
        method = _method(client, "Union listing")
        paged = method(limit=3)
        assert [u.id for u in paged.items] == [1, 2, 3] and paged.has_next_page()
        assert [u.id for u in paged] == list(range(1, 8))
        whole = method()  # no paging parameters: the server sends the bare list, one page
        assert len(whole.items) == 7 and not whole.has_next_page() and len(list(whole)) == 7


def test_an_unpaged_listing_returns_its_model(package: ModuleType) -> None:
    method = _method(package.Client(base_url="http://127.0.0.1:9"), "Unpaged listing")
    assert "SyncPage" not in str(inspect.signature(method).return_annotation)


USER_SCRIPT = '''
import asyncio
import os

import httpx

from pagingtest_docs2sdk import AsyncClient, Client, models


def main() -> None:
    with Client(base_url="http://127.0.0.1:9") as client:
        for user in client.{resource}.{method}():
            ident: {item_type} = user.id
            print(ident)
        page = client.{resource}.{method}()
        users: list[models.User] = page.items
        if page.has_next_page():
            print(page.next_page().items, users)
        raw = client.get("/anything", cast_to=httpx.Response)
        data: object = client.post("/anything", cast_to=object, body={{"a": 1}})
        print(raw.status_code, data)
        with client.{resource}.with_streaming_response.{method}() as response:
            print(response.status_code, list(response.iter_bytes()))


async def amain() -> None:
    async with AsyncClient(base_url="http://127.0.0.1:9") as client:
        async for user in client.{resource}.{method}():
            ident: {item_type} = user.id
            print(ident)
        page = await client.{resource}.{method}()
        print(page.items, page.has_next_page())


asyncio.run(amain())
'''


def _chain(client: Any, resource: object) -> str:
    """`users` or `iam.users`: the attribute path from the client to a resource."""
    todo: list[tuple[str, object]] = [(k, v) for k, v in vars(client).items() if hasattr(v, "with_raw_response")]
    while todo:
        path, value = todo.pop(0)
        if value is resource:
            return path
        todo.extend((f"{path}.{k}", v) for k, v in vars(value).items()
                    if k != "_client" and hasattr(v, "with_raw_response"))
    raise AssertionError("resource not reachable from the client")


def test_pages_are_typed_for_mypy_strict(package: ModuleType, tmp_path: Path) -> None:
    import subprocess
    import sys

    src = Path(package.__file__).parents[1]
    with package.Client(base_url="http://127.0.0.1:9") as client:
        found, method = find_method(client, "Offset listing")
        resource = _chain(client, found)
    results = {}
    for item_type in ("int", "str"):  # User.id is an int: the second must fail
        script = tmp_path / f"use_{item_type}.py"
        script.write_text(USER_SCRIPT.format(resource=resource, method=method, item_type=item_type), encoding="utf-8")
        results[item_type] = subprocess.run(
            [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(tmp_path / "cache"),
             str(script)], env={**os.environ, "MYPYPATH": str(src)}, capture_output=True, text=True, timeout=300)
    assert results["int"].returncode == 0, results["int"].stdout
    assert results["str"].returncode == 1
    assert results["str"].stdout.count('Incompatible types in assignment (expression has type "int"') == 2
