"""Pages of a list operation, and iteration over every item across them.

A paginated method returns its first page; iterating the page (``for user in
client.users.list()``, or ``async for`` on the async client) fetches the following pages as
it goes, each request the first one with the paging parameter moved on: the offset by the
items seen, the page number by one, the cursor to the one the last page named. A page says
whether another follows from what the response holds (a total, a page count, a has-more flag,
a next marker), and an empty page always ends the listing, so a server that keeps answering
"more" with nothing in it cannot loop forever.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import (
    Any,
    AsyncIterator,
    Awaitable,
    Callable,
    Generator,
    Generic,
    Iterator,
    Mapping,
    TypeVar,
)

import httpx

from ._types import NOT_GIVEN, NotGiven, RequestOptions

__all__ = ["AsyncPage", "AsyncPager", "PageRequest", "Paging", "SyncPage"]

T = TypeVar("T")


@dataclass(frozen=True)
class Paging:
    """How an operation pages, as the docs describe it.

    ``location`` is where the paging parameters go (``query``, or ``body`` for APIs that post
    every call); ``offset``, ``limit``, ``page`` and ``cursor`` are their wire names.
    ``items``, ``total``, ``pages``, ``next`` and ``has_more`` are attribute names on the
    response model, or paths (``meta.total``) for a marker one object down.
    """

    style: str
    location: str
    items: str
    offset: str = ""
    limit: str = ""
    page: str = ""
    cursor: str = ""
    total: str = ""
    pages: str = ""
    next: str = ""
    has_more: str = ""


@dataclass(frozen=True)
class PageRequest:
    """One request of a listing: what the client's ``request`` is called with."""

    method: str
    path: str
    cast_to: Any
    paging: Paging
    path_params: Mapping[str, object] | None = None
    query: Mapping[str, object] | None = None
    headers: Mapping[str, str] | None = None
    json_body: object = NOT_GIVEN
    options: RequestOptions | None = None
    idempotent: bool | None = None
    error_types: Mapping[str, Any] | None = None
    seen: int = field(default=0, compare=False)  # items on the pages before this one

    def kwargs(self) -> dict[str, Any]:
        return {
            "cast_to": self.cast_to,
            "path_params": self.path_params,
            "query": self.query,
            "headers": self.headers,
            "json_body": self.json_body,
            "options": self.options,
            "idempotent": self.idempotent,
            "error_types": self.error_types,
        }

    def param(self, name: str) -> object:
        source = self.query if self.paging.location == "query" else self.json_body
        if not isinstance(source, Mapping):
            return None
        value = source.get(name)
        return None if isinstance(value, NotGiven) else value

    def moved(self, name: str, value: object, seen: int) -> PageRequest:
        """This request with one paging parameter set, for the next page."""
        if self.paging.location == "query":
            return replace(self, query={**(self.query or {}), name: value}, seen=seen)
        body = self.json_body if isinstance(self.json_body, Mapping) else {}
        return replace(self, json_body={**body, name: value}, seen=seen)


def _as_int(value: object) -> int | None:
    """A count as an int; some APIs send totals as strings or floats."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return int(value)
    if isinstance(value, str):
        try:
            return int(float(value))
        except ValueError:
            return None
    return None


def _cursor_of(marker: object, param: str) -> object:
    """The next cursor: the marker itself, or the parameter inside a next-page URL."""
    if isinstance(marker, str) and (marker.startswith(("http://", "https://", "/"))):
        found = httpx.URL(marker).params.get(param)
        return found if found is not None else marker
    return marker


class BasePage(Generic[T]):
    """One page of a listing: its ``items``, the parsed ``response``, and what comes next."""

    items: list[T]
    response: Any

    def __init__(self, response: Any, request: PageRequest) -> None:
        self.response = response
        self._request = request
        # A response the docs type as "a list, or a page of it" may be the bare list.
        items = (
            response
            if isinstance(response, list)
            else self._field(request.paging.items)
        )
        self.items = list(items) if isinstance(items, list) else []

    def _field(self, name: str) -> Any:
        """A field of the response by attribute path (``meta.total``); None if absent."""
        if not name:
            return None
        value: Any = self.response
        for part in name.split("."):
            if isinstance(value, dict):  # a nested object the docs left untyped
                value = value.get(part)
            else:
                value = getattr(value, part, None)
        return value

    @property
    def total(self) -> int | None:
        """The number of items in the whole listing, when the response says it."""
        return _as_int(self._field(self._request.paging.total))

    def next_request(self) -> PageRequest | None:
        """The request for the next page, or None when this is the last one."""
        paging, request = self._request.paging, self._request
        if not self.items or isinstance(self.response, list):
            return None
        seen = request.seen + len(self.items)
        has_more = self._field(paging.has_more)
        if paging.has_more and has_more is not None and not has_more:
            return None
        if paging.style == "cursor":
            marker = self._field(paging.next)
            if not marker:
                return None
            return request.moved(paging.cursor, _cursor_of(marker, paging.cursor), seen)
        given_page = _as_int(request.param(paging.page))
        page = 1 if given_page is None else given_page
        start = _as_int(request.param(paging.offset)) or 0
        if not self._more_known(self._position(seen, page, start), page, has_more):
            return None
        if paging.style == "page":
            return request.moved(paging.page, page + 1, seen)
        return request.moved(paging.offset, start + len(self.items), seen)

    def _position(self, seen: int, page: int, start: int) -> int:
        """How many items of the listing come up to the end of this page."""
        paging = self._request.paging
        if paging.style == "offset":
            return start + len(self.items)
        limit = _as_int(self._request.param(paging.limit))
        if paging.style == "page" and limit:
            return (page - 1) * limit + len(self.items)
        return seen

    def _more_known(self, position: int, page: int, has_more: object) -> bool:
        paging = self._request.paging
        total = self.total
        if total is not None:
            return position < total
        pages = _as_int(self._field(paging.pages))
        if pages is not None:
            return page < pages
        if paging.has_more and has_more is not None:
            return bool(has_more)
        return bool(self._field(paging.next))

    def has_next_page(self) -> bool:
        return self.next_request() is not None

    def __repr__(self) -> str:
        more = "more" if self.has_next_page() else "last"
        return f"<{type(self).__name__} {len(self.items)} items, {more}>"


class SyncPage(BasePage[T]):
    """A page of a sync listing; iterating it yields every item of this and later pages."""

    def __init__(
        self,
        response: Any,
        request: PageRequest,
        fetch: Callable[[PageRequest], SyncPage[T]],
    ) -> None:
        super().__init__(response, request)
        self._fetch = fetch

    def next_page(self) -> SyncPage[T]:
        """Fetch the next page; on the last page, raises ``LookupError``."""
        request = self.next_request()
        if request is None:
            raise LookupError("no next page: check has_next_page() first")
        return self._fetch(request)

    def iter_pages(self) -> Iterator[SyncPage[T]]:
        page: SyncPage[T] = self
        while True:
            yield page
            if not page.has_next_page():
                return
            page = page.next_page()

    def __iter__(self) -> Iterator[T]:
        for page in self.iter_pages():
            yield from page.items


class AsyncPage(BasePage[T]):
    """A page of an async listing; ``async for`` yields every item of this and later pages."""

    def __init__(
        self,
        response: Any,
        request: PageRequest,
        fetch: Callable[[PageRequest], Awaitable[AsyncPage[T]]],
    ) -> None:
        super().__init__(response, request)
        self._fetch = fetch

    async def next_page(self) -> AsyncPage[T]:
        request = self.next_request()
        if request is None:
            raise LookupError("no next page: check has_next_page() first")
        return await self._fetch(request)

    async def iter_pages(self) -> AsyncIterator[AsyncPage[T]]:
        page: AsyncPage[T] = self
        while True:
            yield page
            if not page.has_next_page():
                return
            page = await page.next_page()

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.iter_pages():
            for item in page.items:
                yield item


class AsyncPager(Generic[T]):
    """What an async list method returns: ``await`` it for the first page, or ``async for``
    over it for every item, without the extra ``await``."""

    def __init__(self, first: Callable[[], Awaitable[AsyncPage[T]]]) -> None:
        self._first = first

    def __await__(self) -> Generator[Any, None, AsyncPage[T]]:
        return self._first().__await__()

    async def __aiter__(self) -> AsyncIterator[T]:
        page = await self._first()
        async for item in page:
            yield item


def page_parser(
    make: Callable[[Any], Any], result: Any, wrappers: tuple[type[Any], ...]
) -> Any:
    """The page for a parsed result; for a raw or streamed response (``wrappers``), that
    response, whose ``parse()`` gives the page."""
    if isinstance(result, wrappers):
        parse = result._parser
        result._parser = lambda: make(parse())
        return result
    return make(result)
