"""One resource method, sync or async, as source text in black's layout."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.emit.python.layout.formatting import Layout
from generator.emit.python.layout.rules import Node, Pair, Seq, call, fits, flat, kw, union_with
from generator.emit.python.text import docstring_body, one_line_docstring, py_str

if TYPE_CHECKING:  # the views call this module; at run time it needs only their attributes
    from generator.emit.python.views import ArgView, MethodView

_OPTIONS = (
    "extra_headers: Headers | None = None,",
    "extra_query: Query | None = None,",
    "extra_body: Body | None = None,",
    "timeout: TimeoutTypes | NotGiven = NOT_GIVEN,",
    "max_retries: int | NotGiven = NOT_GIVEN,",
)


@dataclass(frozen=True)
class MethodCode:
    """One method's finished lines, laid out as black lays them out; the template prints them."""

    params: tuple[str, ...]  # after `self,`: positional ones, `*,`, keyword ones, the options
    closing: str  # `) -> models.User:`
    docstring: str
    sync_return: str
    async_return: str
    async_closing: str = ""  # a listing's: it returns a pager, not a coroutine of a page
    async_def: bool = True  # False for a listing: its pager is awaited or async-iterated

    @property
    def async_head(self) -> str:
        return "async def" if self.async_def else "def"


def method_code(m: MethodView, layout: Layout) -> MethodCode:
    """The lines of one method, sync and async; the resource template prints them in order."""
    params = []
    for a in m.args:
        if a.name in m.positional:
            params.append(layout.ann(a.name, a.annotation_node, None, 8, ","))
    params.append("*,")
    for a in m.args:
        if a.name in m.positional:
            continue
        default = None if a.required else "NOT_GIVEN"
        annotation = a.annotation_node if a.required else union_with(a.annotation_node, "NotGiven")
        params.append(layout.ann(a.name, annotation, default, 8, ","))
    params.extend(_OPTIONS)
    paging = m.paging
    closing = _closing(paging.sync_page if paging else m.return_node, layout)
    return MethodCode(
        params=tuple(params),
        closing=closing,
        docstring=_docstring(m),
        sync_return=layout.stmt("return", _cast(m, False), 8),
        async_return=layout.stmt("return", _cast(m, True), 8),
        async_closing=_closing(paging.async_pager, layout) if paging else closing,
        async_def=paging is None,
    )


def _closing(returns: Node, layout: Layout) -> str:
    """`) -> returns:` after the parameters; black splits a long return annotation by itself."""
    one = f") -> {flat(returns)}:"
    if fits(4, one):
        return one
    if isinstance(returns, str):
        return f") -> (\n        {returns}\n    ):"
    if isinstance(returns, Seq):
        return layout.expr(returns, 4, ") -> ", ":")
    return ") -> (\n        " + layout.expr(returns, 8) + "\n    ):"


def _docstring(m: MethodView) -> str:
    summary = docstring_body(m.doc or f"{m.http_method.upper()} {m.path}")
    if not m.args and "\n" not in summary:
        return f'        """{one_line_docstring(summary)}"""'
    lines = ['        """' + _indent(summary, 8)]
    if m.args:
        lines.append("")
        lines.append("        Args:")
        for a in m.args:
            lines.append(f"          {a.name}: " + _indent(docstring_body(a.doc or a.wire_name or a.name), 12))
    lines.append('        """')
    return "\n".join(lines)


def _indent(text: str, width: int) -> str:
    pad = " " * width
    return "\n".join(line if i == 0 or not line else pad + line for i, line in enumerate(text.split("\n")))


def _url_path(path: str) -> str:
    """A documented path as a URL path: a literal `#` or `?` must not end it early."""
    return re.sub(r"[^{}]+(?=\{|$)", lambda m: m.group(0).replace("#", "%23").replace("?", "%3F"), path)


def _mapping(args: tuple[ArgView, ...], key: str = "wire_name") -> Seq:
    return Seq("", tuple(Pair(py_str(getattr(a, key)) + ": ", a.name) for a in args), "{}")


def _cast(m: MethodView, async_: bool) -> Seq:
    items: list[Node] = [py_str(m.http_method), py_str(_url_path(m.path)), kw("cast_to", m.return_node if m.cast_to != "type(None)" else m.cast_to)]
    if m.paging is not None:
        items.insert(0, m.paging.async_page if async_ else m.paging.sync_page)
        items.insert(3, kw("paging", m.paging.spec))
    if m.by("path"):
        items.append(kw("path_params", _mapping(m.by("path"))))
    if m.by("query"):
        items.append(kw("query", call("strip_not_given", _mapping(m.by("query")))))
    if m.by("header"):
        items.append(kw("headers", call("strip_not_given", _mapping(m.by("header")))))
    if m.body_model:
        helper = {"multipart": "multipart_body", "form": "form_body"}.get(m.body_encoding, "model_body")
        items.append(kw("json_body", call(helper, f"models.{m.body_model}", _mapping(m.by("body"), "model_field"))))
    elif m.body_arg:
        items.append(kw("json_body", call("jsonable_body", m.body_arg)))
    items.append(kw("options", call("request_options", "extra_headers", "extra_query", "extra_body", "timeout",
                                    "max_retries")))
    if m.idempotent:
        items.append(kw("idempotent", "True"))
    if m.error_types:
        errors = Seq("", tuple(Pair(py_str(status) + ": ", model) for status, model in m.error_types), "{}")
        items.append(kw("error_types", errors))
    if m.paging is not None:
        return Seq("self._client.request_page", tuple(items))
    request = Seq(("await " if async_ else "") + "self._client.request", tuple(items))
    return call("cast", py_str(m.return_annotation), request)
