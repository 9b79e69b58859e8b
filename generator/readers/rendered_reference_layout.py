"""Layout of a rendered API-reference page: the split path, headings, samples, server.

The method sits alone on a line and the path follows one segment per line; sections open
with a heading word alone on a capitalised line; samples (curl, SDK snippets after a language
tab label, JSON response samples) may sit before the sections or, in some captures, after them.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

from generator.ir import MISSING, Example, Server
from generator.readers.curl import find_curl, parse_curl
from generator.readers.rendered_reference_fields import Line, clean, is_field_start
from generator.readers.rendered_reference_parts import Parts
from generator.readers.vocab import (
    AUTH_SECTIONS,
    COOKIE_SECTIONS,
    HEADER_SECTIONS,
    PAGE_CHROME,
    PATH_SECTIONS,
    QUERY_SECTIONS,
    REQUEST_SECTIONS,
    RESPONSE_SECTIONS,
    SAMPLE_LANGUAGES,
    cell,
)

_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE")
_SEGMENT = re.compile(r"[\w.~:@{}$-]+")
_URL = re.compile(r"https?://[^\s'\"`<>)]+")
# Marks of shapes this reader leaves alone: GitBook's glued cells, OpenAPI text.
GITBOOK_GLUE = re.compile(
    r"[a-z0-9](?:string|integer|number|boolean|object|array)(?:Required|Optional)\b"
)
OPENAPI_KEY = re.compile(r"^\s*[\"']?(?:openapi|swagger)[\"']?\s*:", re.MULTILINE)
_STATUS_TAB = re.compile(r"[1-5]\d\d")
_EXAMPLE_NOTE = re.compile(r"\bexamples?:\s*$", re.IGNORECASE)
# A JSON value opening at the start of a line (not prose such as "{code} is the store code").
_JSON_START = re.compile(r"[\[{]\s*(?:$|[\"{\[\]}\d-]|true|false|null)")

_ROLES: tuple[tuple[tuple[str, ...], str], ...] = (
    (AUTH_SECTIONS, "auth"),
    (PATH_SECTIONS, "path"),
    (QUERY_SECTIONS, "query"),
    (HEADER_SECTIONS, "header"),
    (COOKIE_SECTIONS, "cookie"),
    (RESPONSE_SECTIONS, "response"),
    (REQUEST_SECTIONS, "body"),
)


@dataclass
class Route:
    method: str
    line: int  # 1-based line of the method word
    path: str | None
    end: int  # index of the first line after the path


@dataclass
class Samples:
    """Request samples and JSON response samples, wherever the capture put them."""

    covered: set[int] = field(default_factory=set)  # line indexes that belong to samples
    examples: list[Example] = field(default_factory=list)  # from curl samples
    urls: list[tuple[int, str]] = field(default_factory=list)
    responses: list[tuple[str | None, Any, int]] = field(default_factory=list)  # status, JSON, line


@dataclass
class Head:
    title: str | None = None
    description: list[str] = field(default_factory=list)


def numbered(text: str) -> list[Line]:
    return [(i + 1, line) for i, line in enumerate(text.splitlines())]


def route_of(lines: Sequence[Line]) -> Route | None:
    """The method word alone on a line; the path follows as `/` and segment lines."""
    method_only: Route | None = None
    for i, (number, text) in enumerate(lines):
        word = clean(text)
        if word not in _METHODS:
            continue
        segments, j = [], i + 1
        while (
            j + 1 < len(lines)
            and clean(lines[j][1]) == "/"
            and _SEGMENT.fullmatch(clean(lines[j + 1][1]))
        ):
            segments.append(clean(lines[j + 1][1]))
            j += 2
        if segments:
            return Route(word, number, "/" + "/".join(segments), j)
        one = clean(lines[i + 1][1]) if i + 1 < len(lines) else ""
        if one.startswith("/") and " " not in one and len(one) > 1:  # the path on one line
            return Route(word, number, one.split("?")[0], i + 2)
        method_only = method_only or Route(word, number, None, i + 1)
    return method_only


def headings(lines: Sequence[Line], start: int) -> list[tuple[int, str, str]]:
    """(line, role, text) of section headings: a heading word alone on a capitalised line."""
    found = []
    for i in range(start, len(lines)):
        number, raw = lines[i]
        text = clean(raw)
        if not text[:1].isupper() or is_field_start(lines, i):
            continue
        key = cell(text)
        role = next((role for words, role in _ROLES if key in words), None)
        if role:
            found.append((number, role, text))
    return found


def samples_of(lines: Sequence[Line], start: int, parts: Parts) -> Samples:
    """curl commands, SDK snippets (after a language tab label) and JSON response samples.

    A JSON block right under an "Example:" note is a field's example, not a response sample.
    """
    found = Samples()
    text = "\n".join(t for _, t in lines)
    offsets = [0]
    for _, t in lines:
        offsets.append(offsets[-1] + len(t) + 1)
    for offset, command in find_curl(text[offsets[start] :] if start < len(lines) else ""):
        first = _index_at(offsets, offsets[start] + offset)
        last = _index_at(offsets, offsets[start] + offset + len(command.rstrip()) - 1)
        found.covered.update(range(first, last + 1))
        example = parse_curl(command, parts.doc.span(lines[first][0]))
        if example is not None and (example.method, example.url) not in {
            (e.method, e.url) for e in found.examples
        }:
            found.examples.append(example)
            if example.url:
                found.urls.append((lines[first][0], example.url))
    label: int | None = None  # the index of an SDK snippet's language label
    reported: set[int] = set()
    status: str | None = None
    previous = ""
    i = start
    while i < len(lines):
        number, raw = lines[i]
        line = clean(raw)
        if i in found.covered or not line:
            i += 1
            continue
        if _JSON_START.match(raw) and not _EXAMPLE_NOTE.search(previous):
            try:
                value, end = json.JSONDecoder().raw_decode(text, offsets[i])
            except (ValueError, RecursionError):
                value, end = MISSING, 0
            if value is not MISSING:
                last = _index_at(offsets, end - 1)
                found.covered.update(range(i, last + 1))
                found.responses.append((status, value, number))
                status, label, previous, i = None, None, "", last + 1
                continue
            if label is None and (found.examples or found.responses):
                parts.warn("cut-short", "a JSON sample here does not parse (cut short?)", number)
        if cell(line) in SAMPLE_LANGUAGES:
            label = i
            found.covered.add(i)
        elif _STATUS_TAB.fullmatch(line) and (found.examples or label is not None):
            status = status or line
            found.covered.add(i)
        elif label is not None:
            if label not in reported:  # the snippet's code is not read, only its URLs
                reported.add(label)
                name = clean(lines[label][1])
                parts.info(
                    "sample-not-read",
                    f"a {name} sample is kept out of the reading",
                    lines[label][0],
                )
                parts.unread.append((lines[label][0], name))
            found.urls += [(number, url) for url in _URL.findall(line)]
            found.covered.add(i)
        previous = line
        i += 1
    return found


def read_head(lines: Sequence[Line], start: int, end: int, samples: Samples, parts: Parts) -> Head:
    """The title and description between the path and the first section (samples aside)."""
    head = Head()
    seen_sample = False
    for i in range(start, end):
        number, raw = lines[i]
        line = clean(raw)
        if i in samples.covered:
            seen_sample = True
            continue
        if not line or cell(line) in PAGE_CHROME:
            continue
        if not seen_sample and head.title is None:
            head.title = line
        elif not seen_sample:
            head.description.append(line)
        else:
            parts.unread.append((number, line))
    return head


def _index_at(offsets: Sequence[int], offset: int) -> int:
    """The index of the line holding a character offset (offsets: each line's start)."""
    return max(min(bisect.bisect_right(offsets, offset) - 1, len(offsets) - 2), 0)


def method_path_server(
    route: Route | None, head: Samples, parts: Parts
) -> tuple[str | None, str | None, tuple[Server, ...]]:
    method = route.method if route else None
    path = route.path if route else None
    line = route.line if route else 1
    for example in head.examples:
        if method and example.method and example.method != method:
            parts.warn(
                "sample-disagrees",
                f"the sample sends {example.method}, the page documents {method}",
                example.source.line,
            )
    if not head.urls:
        if method and path:
            parts.warn("no-server", "no sample URL on the page: the server is unknown", line)
        else:
            parts.warn("no-method-path", _missing_route(route), line)
        return method, path, ()
    number, url = head.urls[0]
    split = urlsplit(url)
    if not split.scheme or not split.netloc:
        parts.warn("no-server", f"the sample URL {url!r} has no host", number)
        return method, path, ()
    base = f"{split.scheme}://{split.netloc}"
    sample_path = unquote(split.path).rstrip("/") or "/"
    if path is None:
        # The split path lines are missing, but a sample shows the whole URL.
        method = method or (head.examples[0].method if head.examples else None)
        if method is None:
            parts.warn("no-method-path", _missing_route(route), line)
            return None, None, (Server(url=base, source=parts.doc.span(number)),)
        parts.warn("path-from-sample", f"the path is taken from the sample URL {url!r}", number)
        return method, sample_path, (Server(url=base, source=parts.doc.span(number)),)
    prefix = _prefix(sample_path, path)
    if prefix is None:
        parts.warn(
            "sample-disagrees",
            f"the sample URL path {sample_path!r} does not end with {path!r}",
            number,
        )
        prefix = ""
    return method, path, (Server(url=base + prefix, source=parts.doc.span(number)),)


def _missing_route(route: Route | None) -> str:
    if route:
        return f"{route.method} is not followed by a path, and no sample URL shows one"
    return "no method and path on this page, and no sample URL shows them"


def _prefix(sample_path: str, path: str) -> str | None:
    """What the sample URL has before the documented path (`/v2`), matching `{x}` to anything."""
    documented = [s for s in path.split("/") if s]
    sample = [s for s in sample_path.split("/") if s]
    if len(sample) < len(documented):
        return None
    tail = sample[len(sample) - len(documented) :]
    for want, got in zip(documented, tail):
        if want != got and not (want.startswith("{") and want.endswith("}")):
            return None
    rest = sample[: len(sample) - len(documented)]
    return "/" + "/".join(rest) if rest else ""
