"""What the package README's examples call: picked from the operations, so each block runs.

The README's code blocks are run against a mock of the package's own `openapi.json` in the
project's tests, so every call here uses the docs' own example values for required arguments,
and the raw-HTTP example goes to a documented path.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.emit.python.layout.rules import flat
from generator.emit.python.text import py_str
from generator.emit.python.views import MethodView, PackageView, ResourceView


@dataclass(frozen=True)
class Call:
    target: str  # client.users.create
    args: str  # email="a@b.co", name="A"

    @property
    def text(self) -> str:
        return f"{self.target}({self.args})"

    def via(self, wrapper: str) -> str:
        """The same call through `with_raw_response` or `with_streaming_response`."""
        resource, _, method = self.target.rpartition(".")
        return f"{resource}.{wrapper}.{method}({self.args})"


@dataclass(frozen=True)
class ReadmeView:
    first: Call
    model_call: Call | None  # a call that returns a model (for to_dict / to_json)
    paged: Call | None  # a list operation that pages
    paged_style: str
    verb: str | None  # client.post("/path", cast_to=object, body={...}): a documented endpoint by hand
    error_models: tuple[tuple[str, str, str], ...]  # (method, status, model) of documented error bodies
    auth_kind: str


def _call(r: ResourceView, m: MethodView) -> Call:
    args = ", ".join(f"{a.name}={a.example_full}" for a in m.args if a.required)
    return Call(f"client.{r.chain}.{m.name}", args)


def _verb(m: MethodView) -> str | None:
    """A call of `client.<verb>()` doing what the method does, or None when it takes path or
    header arguments (a hand-written path would have to fill them)."""
    required = [a for a in m.args if a.required]
    if m.by("path") or any(a.location == "header" for a in required):
        return None
    parts = [py_str(m.path), "cast_to=object"]
    query = {a.wire_name: a for a in required if a.location == "query"}
    if query:
        parts.append("query={" + ", ".join(f"{py_str(k)}: {a.example}" for k, a in query.items()) + "}")
    body = [a for a in required if a.location == "body"]
    whole = next((a for a in required if a.location == "whole-body"), None)
    if body:
        parts.append("body={" + ", ".join(f"{py_str(a.wire_name)}: {a.example_full}" for a in body) + "}")
    elif whole is not None:
        parts.append(f"body={whole.example}")
    elif m.http_method in ("post", "put", "patch") and m.body_model:
        parts.append("body={}")
    return f"client.{m.http_method}({', '.join(parts)})"


def readme_view(view: PackageView) -> ReadmeView:
    pairs = [(r, m) for r in view.resources for m in r.methods]
    first = _call(*pairs[0])
    model = next(((r, m) for r, m in pairs if m.return_annotation.startswith("models.")
                  and " " not in m.return_annotation and m.paging is None), None)
    paged = next(((r, m) for r, m in pairs if m.paging is not None), None)
    verb = next((v for v in (_verb(m) for _r, m in pairs) if v is not None), None)
    errors = tuple(
        (f"client.{r.chain}.{m.name}", status, flat(node))
        for r, m in pairs for status, node in m.error_types
    )
    return ReadmeView(
        first=first,
        model_call=_call(*model) if model else None,
        paged=_call(*paged) if paged else None,
        paged_style=paged[1].paging.style if paged and paged[1].paging else "",
        verb=verb,
        error_models=errors,
        auth_kind=view.auth.kind,
    )

