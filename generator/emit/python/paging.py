"""The page types and `Paging(...)` spec a paginated method is emitted with."""

from __future__ import annotations

from dataclasses import dataclass

from generator.ir import Api, Operation
from generator.passes.pagination import Paging, attribute_path, detect, response_object
from generator.emit.python.annotations import type_node
from generator.emit.python.layout.rules import Node, Seq, call, flat, kw
from generator.emit.python.text import py_str


@dataclass(frozen=True)
class PagingView:
    style: str
    sync_page: Node  # SyncPage[models.Item]: the sync method's return type
    async_page: Node  # AsyncPage[models.Item]: what awaiting the async method gives
    async_pager: Node  # AsyncPager[models.Item]: the async method's return type
    spec: Node  # the runtime's Paging(...) for this operation

    @property
    def sync_annotation(self) -> str:
        return flat(self.sync_page)


def paging_view(op: Operation, api: Api) -> PagingView | None:
    paging = detect(op, api)
    body = response_object(op, api)
    if paging is None or body is None:
        return None
    # Response fields are read as model attributes: their Python names, not the wire names.
    attr = {wire: attribute_path(body, wire, api) for wire in (paging.items, paging.total, paging.pages,
                                                              paging.next, paging.has_more) if wire}
    item = type_node(paging.items_schema) if paging.items_schema is not None else "Any"
    return PagingView(
        style=paging.style,
        sync_page=Seq("SyncPage", (item,), "[]"),
        async_page=Seq("AsyncPage", (item,), "[]"),
        async_pager=Seq("AsyncPager", (item,), "[]"),
        spec=_spec(paging, attr),
    )


def _spec(paging: Paging, attr: dict[str, str]) -> Node:
    items: list[Node] = [py_str(paging.style), py_str(paging.location), py_str(attr[paging.items])]
    for name in ("offset", "limit", "page", "cursor"):  # request parameters: wire names
        if getattr(paging, name):
            items.append(kw(name, py_str(getattr(paging, name))))
    for name in ("total", "pages", "next", "has_more"):  # response fields: attributes
        if getattr(paging, name):
            items.append(kw(name, py_str(attr[getattr(paging, name)])))
    return call("Paging", *items)
