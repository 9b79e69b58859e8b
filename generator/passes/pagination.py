"""Which list operations paginate, and how: read from parameter names and the response shape.

A list operation paginates when it takes paging parameters (in the query, or in a JSON body
for APIs that post every call) and answers with an object holding one list of items beside a
marker that says whether more items exist (a total, a next cursor, a has-more flag, a page
count). The words are data (the tables below), never a vendor; an operation that takes
`limit` but answers with no marker is left alone, since its SDK could not know when to stop.
"""

from __future__ import annotations

from typing import NamedTuple

from generator.ir import Api, Kind, Operation, ParamLocation, Property, Schema
from generator.naming import snake

# Parameter names by role, compared in snake case (`pageSize` is `page_size`).
OFFSET_PARAMS = ("offset", "skip", "start_index")
LIMIT_PARAMS = ("limit", "per_page", "page_size", "size", "count", "take", "max_results")
PAGE_PARAMS = ("page", "page_number", "page_num", "page_index")
CURSOR_PARAMS = (
    "cursor", "next_cursor", "after", "starting_after", "page_token", "next_token",
    "continuation_token", "next_page_token", "marker",
)
# Response fields by role.
ITEMS_FIELDS = ("results", "items", "data", "records", "entries", "values", "list", "rows", "content")
TOTAL_FIELDS = ("count", "total", "total_count", "total_items", "total_results", "total_elements", "total_size")
PAGES_FIELDS = ("total_pages", "page_count", "pages", "last_page", "num_pages")
NEXT_FIELDS = (
    "next_cursor", "next_token", "next_page_token", "cursor", "next", "next_page", "continuation_token",
    "next_marker", "after", "end_cursor",
)
HAS_MORE_FIELDS = ("has_more", "has_next", "has_next_page", "more", "is_truncated")


class Paging(NamedTuple):
    """How one operation pages: the style, where its parameters go, and the response's fields.

    Parameter names are wire names; response fields are wire paths in the (unwrapped) response
    object (`meta.total` for a marker one object down), which the emitter maps to the model's
    attribute names.
    """

    style: str  # "offset", "page" or "cursor"
    location: str  # "query" or "body"
    items: str
    offset: str = ""
    limit: str = ""
    page: str = ""
    cursor: str = ""
    total: str = ""
    pages: str = ""
    next: str = ""
    has_more: str = ""
    items_schema: Schema | None = None  # the list's item type

    def describe(self) -> str:
        params = [p for p in (self.offset, self.page, self.cursor, self.limit) if p]
        markers = [f"{role} {name!r}" for role, name in (("total", self.total), ("pages", self.pages),
                                                         ("next", self.next), ("has-more", self.has_more)) if name]
        return (f"{self.style} pagination: {self.location} {', '.join(map(repr, params))}; "
                f"items {self.items!r}, {', '.join(markers)}")


def _resolve(schema: Schema | None, api: Api) -> Schema | None:
    seen: set[str] = set()
    while schema is not None and schema.kind is Kind.REF and schema.ref and schema.ref not in seen:
        seen.add(schema.ref)
        model = api.model(schema.ref)
        schema = model.schema if model is not None else None
    return schema


def _pick(names: dict[str, str], vocabulary: tuple[str, ...]) -> str:
    """The wire name whose snake-case form comes first in the vocabulary, else ""."""
    for word in vocabulary:
        if word in names:
            return names[word]
    return ""


def _request_names(op: Operation, api: Api) -> tuple[str, dict[str, str]]:
    """Where the paging parameters live and their names (snake case -> wire name)."""
    query = {snake(p.wire_name): p.wire_name for p in op.parameters if p.location is ParamLocation.QUERY}
    if any(_pick(query, vocab) for vocab in (OFFSET_PARAMS, PAGE_PARAMS, CURSOR_PARAMS)):
        return "query", query
    body = _resolve(op.request_body.schema, api) if op.request_body is not None else None
    if body is not None and body.kind is Kind.OBJECT:
        return "body", {snake(p.wire_name): p.wire_name for p in body.properties}
    return "query", query


def response_object(op: Operation, api: Api) -> Schema | None:
    """The success response's object, inside its envelope when there is one."""
    ok = op.success_response()
    if ok is None or ok.body is None:
        return None
    schema = _resolve(ok.body.schema, api)
    if schema is not None and ok.envelope is not None:
        payload = schema.find_property(ok.envelope.payload_key)
        schema = _resolve(payload.schema, api) if payload is not None else None
    if schema is not None and schema.kind is Kind.UNION:
        # `oneOf: [array, {count, results}]`: a bare list without paging parameters, pages with
        objects = (_resolve(v, api) for v in schema.variants)
        schema = next((v for v in objects if v is not None and v.kind is Kind.OBJECT and v.properties), None)
    return schema if schema is not None and schema.kind is Kind.OBJECT else None


def _marker_fields(body: Schema, items: Property, api: Api) -> dict[str, str]:
    """Candidate marker fields (snake case -> wire path): the response's own, then those one
    object down (`{"data": [...], "meta": {"total": 7}}` gives `meta.total`)."""
    fields = {snake(p.wire_name): p.wire_name for p in body.properties if p is not items}
    for prop in body.properties:
        nested = _resolve(prop.schema, api) if prop is not items else None
        if nested is not None and nested.kind is Kind.OBJECT:
            for inner in nested.properties:
                fields.setdefault(snake(inner.wire_name), f"{prop.wire_name}.{inner.wire_name}")
    return fields


def attribute_path(body: Schema, wire_path: str, api: Api) -> str:
    """A wire path (`meta.totalCount`) as the models' attribute path (`meta.total_count`)."""
    names: list[str] = []
    schema: Schema | None = body
    for part in wire_path.split("."):
        prop = schema.find_property(part) if schema is not None else None
        names.append(prop.py_name or part if prop is not None else part)
        schema = _resolve(prop.schema, api) if prop is not None else None
    return ".".join(names)


def detect(op: Operation, api: Api) -> Paging | None:
    """The paging of a list operation, or None when it does not page (or cannot say when to stop)."""
    location, params = _request_names(op, api)
    body = response_object(op, api)
    if body is None:
        return None
    arrays = {snake(p.wire_name): p for p in body.properties if (_resolve(p.schema, api) or p.schema).kind is Kind.ARRAY}
    if not arrays:
        return None
    items_key = _pick({k: k for k in arrays}, ITEMS_FIELDS) or (next(iter(arrays)) if len(arrays) == 1 else "")
    if not items_key:
        return None
    items = arrays[items_key]
    fields = _marker_fields(body, items, api)
    total, pages = _pick(fields, TOTAL_FIELDS), _pick(fields, PAGES_FIELDS)
    next_marker, has_more = _pick(fields, NEXT_FIELDS), _pick(fields, HAS_MORE_FIELDS)
    array = _resolve(items.schema, api) or items.schema
    found = Paging("", location, items.wire_name, limit=_pick(params, LIMIT_PARAMS), total=total, pages=pages,
                   next=next_marker, has_more=has_more, items_schema=array.items)
    cursor = _pick(params, CURSOR_PARAMS)
    if cursor and next_marker:
        return found._replace(style="cursor", cursor=cursor)
    offset, page = _pick(params, OFFSET_PARAMS), _pick(params, PAGE_PARAMS)
    if offset and (total or has_more or next_marker):
        return found._replace(style="offset", offset=offset)
    if page and (total or pages or has_more or next_marker):
        return found._replace(style="page", page=page)
    return None
