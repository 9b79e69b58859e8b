"""What the pages say about names beyond the API itself: the vendor's own SDK calls and the
doc site's groups.

Readers keep code samples out of the API they read (a sample is not a contract), but a
vendor SDK sample (`client.iam.users.invite(` on a page, Python `x-codeSamples` in an
OpenAPI document) is the best evidence there is of the name a person chose, and a page URL
(`/api-reference/api-tokens/get-all-api-tokens`) says which group the docs file it under.
This pass reads both from the page text and hands them, per operation, to the naming pass.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from generator.ir import Api
from generator.naming import py_identifier

# `client.iam.users.invite(`: at least a resource and a method, lower-case dotted words, so Go
# (`client.Cloud.Users.List(`) and camelCase JavaScript calls do not count.
# In a JSON string a sample's lines are joined by a written `\n`, whose `n` ends the line before.
_SDK_CALL = re.compile(r"(?:(?<![\w.])|(?<=\\n))client((?:\.[a-z_][a-z0-9_]*){2,})\(")
_RAW_WRAPPERS = {"with_raw_response", "with_streaming_response"}
_REFERENCE_URL = re.compile(r"https?://[^\s)\"'<>]+?/(?:api-reference|reference|api-docs)/([^\s)\"'<>?#]+)")
_ORDINAL = re.compile(r"^\d+[-_]?")
_LANG = re.compile(r"""lang["']?\s*:\s*["']?([A-Za-z0-9#+_-]+)""")


@dataclass(frozen=True)
class Evidence:
    sdk_call: str = ""  # "iam.users.invite": resource chain and method, as the vendor's SDK spells them
    groups: tuple[str, ...] = ()  # the page's groups on the doc site, outermost first: ("iam", "users")


def _line_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in re.finditer("\n", text))]


def _calls(text: str) -> Iterable[tuple[int, str]]:
    starts = _line_starts(text)
    for match in _SDK_CALL.finditer(text):
        parts = [p for p in match.group(1).split(".")[1:] if p not in _RAW_WRAPPERS]
        if len(parts) >= 2 and _python(text, match.start()):
            yield bisect.bisect_right(starts, match.start()), ".".join(parts)


def _python(text: str, at: int) -> bool:
    """Not inside a sample that an OpenAPI `lang` names as another language (JavaScript's
    `client.cloud.projects.list(` reads the same)."""
    lang = text.rfind("lang", max(0, at - 4000), at)
    if lang < 0:
        return True
    said = _LANG.match(text, lang)
    return said is None or said.group(1).lower() in ("python", "py")


def _groups(text: str) -> tuple[str, ...]:
    for match in _REFERENCE_URL.finditer(text):
        parts = [p for p in match.group(1).removesuffix(".md").split("/") if p]
        if len(parts) >= 2:  # the last part is the page itself
            words = [_ORDINAL.sub("", p) for p in parts[:-1]]
            return tuple(py_identifier(w) for w in words if re.search(r"[A-Za-z]", w))
    return ()


def page_evidence(text: str, path: str, fragment: Api) -> dict[tuple[str, str], Evidence]:
    """Evidence for the operations one page gave: a call belongs to the operation above it."""
    ops = sorted((op.source.line, op.key) for op in fragment.operations if op.source.file == path)
    if not ops:
        return {}
    calls: dict[tuple[str, str], str] = {}
    lines = [line for line, _ in ops]
    seen_on_line: dict[int, int] = {}
    for line, call in _calls(text):
        at = bisect.bisect_right(lines, line) - 1
        if at < 0 and len(ops) > 1:
            continue
        # A page about one operation may show its sample above the line the reader gave it.
        at = max(at, 0)
        # Operations written on one line (`{"get": {...}, "delete": {...}}`) take its calls in order.
        first = bisect.bisect_left(lines, lines[at])
        nth = seen_on_line.get(lines[at], 0)
        seen_on_line[lines[at]] = nth + 1
        key = ops[min(first + nth, at)][1]
        calls.setdefault(key, call)
    groups = _groups(text) if len(ops) == 1 else ()
    keys = {key for _, key in ops}
    return {key: Evidence(calls.get(key, ""), groups) for key in sorted(keys)}


def merged(pages: Iterable[Mapping[tuple[str, str], Evidence]]) -> dict[tuple[str, str], Evidence]:
    """One record per operation across pages; the first page that says something wins."""
    out: dict[tuple[str, str], Evidence] = {}
    for page in pages:
        for key, found in page.items():
            old = out.get(key, Evidence())
            out[key] = Evidence(old.sdk_call or found.sdk_call, old.groups or found.groups)
    return out
