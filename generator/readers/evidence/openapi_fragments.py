"""OpenAPI documents inside a page, fenced or bare, whole or cut short by the page's end.

A complete fragment is read by the OpenAPI reader as it is. A fragment the page cuts short
is read up to its last complete entry (trailing lines dropped until it parses), with a
`cut-short` warning naming the line where the page ends.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from generator import diagnostics as diag
from generator.diagnostics import Diagnostic
from generator.ir import Api, with_changes
from generator.load.loader import load_any
from generator.load.lines import LoadError
from generator.readers import openapi
from generator.readers.base import SourceDoc
from generator.readers.evidence.json_samples import before_cut
from generator.readers.openapi_detect import OPENAPI_KEY, fenced_blocks

_BARE_JSON = re.compile(r'^\s*\{\s*"(?:openapi|swagger)"\s*:', re.MULTILINE)
_MAX_TRIES = 400


@dataclass(frozen=True, slots=True)
class Fragment:
    api: Api
    diagnostics: tuple[Diagnostic, ...]


def find_openapi(doc: SourceDoc) -> Fragment | None:
    """The operations of the OpenAPI fragments on the page, or None when there is none."""
    candidates = [(first, body) for info, first, body in fenced_blocks(doc) if OPENAPI_KEY.search(body[:4096])]
    bare = _BARE_JSON.search(doc.text)
    if not candidates and bare:
        start = doc.text.index("{", bare.start())
        first = doc.text.count("\n", 0, start) + 1
        candidates.append((first, doc.text[start:]))
    if not candidates:
        return None
    apis, found = [], []
    for first, body in candidates:
        text, cut_line = _complete_part(body, first)
        if text is None:
            continue
        if cut_line is not None:
            found.append(diag.warning("cut-short", f"the OpenAPI document ends with the page (line {cut_line}); "
                                      "its complete entries before the cut are read", doc.span(first)))
        result = openapi.read(SourceDoc(path=doc.path, text="\n" * (first - 1) + text))
        if result.fragment.operations:
            apis.append(result.fragment)
            found += result.diagnostics
    if not apis:
        return None
    api = apis[0]
    for more in apis[1:]:
        api = with_changes(api, operations=api.operations + more.operations,
                        models=api.models + tuple(m for m in more.models if api.model(m.name) is None))
    return Fragment(api, tuple(found))


def _without_lost_refs(node: Any, root: dict[str, Any]) -> Any:
    """A `$ref` into the part the page cut off reads as any schema: what it named is lost."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/") and _resolve(root, ref) is None:
            return {}
        return {k: _without_lost_refs(v, root) for k, v in node.items()}
    if isinstance(node, list):
        return [_without_lost_refs(v, root) for v in node]
    return node


def _resolve(root: dict[str, Any], ref: str) -> Any:
    node: Any = root
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _complete_part(body: str, first: int) -> tuple[str | None, int | None]:
    try:
        load_any(body, first - 1)
        return body, None
    except LoadError:
        pass
    lines = body.rstrip("\n").split("\n")
    cut_line = first + len(lines) - 1
    if body.lstrip().startswith("{"):
        value = before_cut(body)
        if not isinstance(value, dict):
            return None, None
        # one line, as the page's JSON may be: every node then names the line it starts on
        return json.dumps(_without_lost_refs(value, value)), cut_line
    for keep in range(len(lines) - 1, max(0, len(lines) - _MAX_TRIES), -1):
        text = "\n".join(lines[:keep])
        try:
            if isinstance(load_any(text, first - 1), dict):
                return text, cut_line
        except LoadError:
            continue
    return None, None
