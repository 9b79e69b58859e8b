"""Pagination: every item of a three-page listing served on 127.0.0.1, sync and async, for
offset, page and cursor styles, with the paging parameters in the query or in a JSON body."""

from __future__ import annotations

import asyncio
import importlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace
from typing import Any, Iterator
from urllib.parse import parse_qsl, urlsplit

import pydantic
import pytest

ITEMS = [{"id": n, "name": f"item-{n}"} for n in range(1, 8)]  # 7 items: pages of 3, 3 and 1
SIZE = 3


class Item(pydantic.BaseModel):
    id: int
    name: str


class OffsetList(pydantic.BaseModel):
    count: int
    results: list[Item]


class PageList(pydantic.BaseModel):
    items: list[Item]
    total_pages: int


class CursorList(pydantic.BaseModel):
    data: list[Item]
    next_cursor: str | None = None


class MetaList(pydantic.BaseModel):
    data: list[Item]
    meta: dict[str, Any]  # left untyped by the docs: the total is read from the dict


class HasMoreList(pydantic.BaseModel):
    data: list[Item]
    has_more: bool


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Any

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        params: dict[str, Any] = dict(parse_qsl(parts.query))
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            params.update(json.loads(self.rfile.read(length)))
        self.server.requests.append((parts.path, dict(params)))
        self._send(self._answer(parts.path, params))

    do_POST = do_GET

    def _answer(self, path: str, params: dict[str, Any]) -> object:
        limit = int(params.get("limit", SIZE))
        if path in ("/offset", "/body-offset"):
            start = int(params.get("offset", 0))
            return {"count": len(ITEMS), "results": ITEMS[start : start + limit]}
        if path == "/page":
            page = int(params.get("page", 1))
            pages = -(-len(ITEMS) // limit)
            return {"items": ITEMS[(page - 1) * limit : page * limit], "total_pages": pages}
        if path == "/meta":
            start = int(params.get("offset", 0))
            return {"data": ITEMS[start : start + limit], "meta": {"total": len(ITEMS)}}
        if path == "/has-more":
            start = int(params.get("offset", 0))
            return {"data": ITEMS[start : start + limit], "has_more": start + limit < len(ITEMS)}
        start = int(params.get("cursor", "0").removeprefix("c"))
        chunk = ITEMS[start : start + limit]
        after = start + len(chunk)
        if path == "/cursor-url":  # the next marker is a URL carrying the cursor
            nxt = f"https://api.example/cursor-url?cursor=c{after}" if after < len(ITEMS) else None
            return {"data": chunk, "next_cursor": nxt}
        return {"data": chunk, "next_cursor": f"c{after}" if after < len(ITEMS) else None}

    def _send(self, payload: object) -> None:
        data = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture(scope="module")
def list_server() -> Iterator[Any]:
    srv: Any = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    srv.daemon_threads = True
    srv.requests = []
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    srv.url = f"http://127.0.0.1:{srv.server_address[1]}"
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.fixture(scope="module")
def pages(rt: SimpleNamespace) -> Any:
    return importlib.import_module("rtpkg._pagination")


def _styles(pages: Any) -> dict[str, tuple[str, str, Any, Any, dict[str, Any]]]:
    P = pages.Paging
    return {
        "offset": ("get", "/offset", OffsetList,
                   P("offset", "query", "results", offset="offset", limit="limit", total="count"),
                   {"query": {"limit": SIZE}}),
        "page": ("get", "/page", PageList,
                 P("page", "query", "items", page="page", limit="limit", pages="total_pages"),
                 {"query": {"limit": SIZE}}),
        "cursor": ("get", "/cursor", CursorList,
                   P("cursor", "query", "data", cursor="cursor", limit="limit", next="next_cursor"),
                   {}),
        "cursor-url": ("get", "/cursor-url", CursorList,
                       P("cursor", "query", "data", cursor="cursor", next="next_cursor"), {}),
        "body-offset": ("post", "/body-offset", OffsetList,
                        P("offset", "body", "results", offset="offset", limit="limit", total="count"),
                        {"json_body": {"limit": SIZE, "filter": "all"}}),
        "meta": ("get", "/meta", MetaList,
                 P("offset", "query", "data", offset="offset", limit="limit", total="meta.total"), {}),
        "has-more": ("get", "/has-more", HasMoreList,
                     P("offset", "query", "data", offset="offset", limit="limit", has_more="has_more"), {}),
    }


STYLES = ["offset", "page", "cursor", "cursor-url", "body-offset", "has-more", "meta"]


@pytest.mark.parametrize("style", STYLES)
def test_sync_iterates_every_item_of_three_pages(
    rt: SimpleNamespace, pages: Any, list_server: Any, style: str
) -> None:
    method, path, model, paging, request = _styles(pages)[style]
    with rt.base.SyncAPIClient(base_url=list_server.url, auth=None, user_agent="t/1") as client:
        list_server.requests.clear()
        first = client.request_page(pages.SyncPage[Item], method, path, paging=paging,
                                    cast_to=model, **request)
        assert [i.id for i in first.items] == [1, 2, 3]
        assert first.has_next_page()
        assert [item.id for item in first] == list(range(1, 8))
        assert all(isinstance(item, Item) for item in first)
        listed = list(first.iter_pages())
        assert [len(p.items) for p in listed] == [3, 3, 1]
        assert not listed[-1].has_next_page()
        with pytest.raises(LookupError):
            listed[-1].next_page()
        second = first.next_page()
        assert [i.id for i in second.items] == [4, 5, 6]
    # the filter and page size go with every request, only the paging parameter moves
    if style == "body-offset":
        assert list_server.requests[1] == ("/body-offset", {"limit": 3, "filter": "all", "offset": 3})


@pytest.mark.parametrize("style", STYLES)
def test_async_iterates_every_item_of_three_pages(
    rt: SimpleNamespace, pages: Any, list_server: Any, style: str
) -> None:
    method, path, model, paging, request = _styles(pages)[style]

    async def go() -> tuple[list[int], list[int], bool, list[int]]:
        async with rt.base.AsyncAPIClient(base_url=list_server.url, auth=None, user_agent="t/1") as client:
            every = [item.id async for item in client.request_page(
                pages.AsyncPage[Item], method, path, paging=paging, cast_to=model, **request)]
            first = await client.request_page(pages.AsyncPage[Item], method, path, paging=paging,
                                              cast_to=model, **request)
            sizes = [len(p.items) async for p in first.iter_pages()]
            third = await (await first.next_page()).next_page()
            again = [item.id async for item in first]
            return every, sizes, third.has_next_page(), again

    every, sizes, more, again = asyncio.run(go())
    assert every == list(range(1, 8)) == again
    assert sizes == [3, 3, 1]
    assert more is False


def test_has_more_flag_and_total_from_the_response(rt: SimpleNamespace, pages: Any, list_server: Any) -> None:
    method, path, model, paging, request = _styles(pages)["has-more"]
    with rt.base.SyncAPIClient(base_url=list_server.url, auth=None, user_agent="t/1") as client:
        first = client.request_page(pages.SyncPage[Item], method, path, paging=paging, cast_to=model)
        assert first.has_next_page() and first.total is None
        assert not first.next_page().next_page().has_next_page()
        offset = _styles(pages)["offset"]
        page = client.request_page(pages.SyncPage[Item], offset[0], offset[1], paging=offset[3],
                                   cast_to=offset[2], query={"limit": 5, "offset": 5})
        assert page.total == 7 and [i.id for i in page.items] == [6, 7]
        assert not page.has_next_page()


def test_an_empty_page_ends_the_listing_even_if_the_total_says_more(
    rt: SimpleNamespace, pages: Any, list_server: Any
) -> None:
    _method, _path, model, paging, _request = _styles(pages)["offset"]
    with rt.base.SyncAPIClient(base_url=list_server.url, auth=None, user_agent="t/1") as client:
        page = client.request_page(pages.SyncPage[Item], "get", "/offset", paging=paging, cast_to=model,
                                   query={"offset": 50})
        assert page.items == [] and page.total == 7
        assert not page.has_next_page() and list(page) == []


def test_raw_response_of_a_page(rt: SimpleNamespace, pages: Any, list_server: Any) -> None:
    _method, _path, model, paging, _request = _styles(pages)["offset"]
    with rt.base.SyncAPIClient(base_url=list_server.url, auth=None, user_agent="t/1") as client:
        call = rt.response.to_raw_response_wrapper(client.request_page)
        raw = call(pages.SyncPage[Item], "get", "/offset", paging=paging, cast_to=model, query={"limit": 3})
        assert raw.status_code == 200
        page = raw.parse()
        assert isinstance(page, pages.SyncPage) and [i.id for i in page] == list(range(1, 8))
