"""Where a page names an operation: a method word with a URL or path, or a code sample.

Found on any page, in any of the layouts docs use: `POST /users`, `POST/users`,
`put https://host/x`, `Endpoint: GET /x`, a method alone on a line with the path on one of
the next lines (`DELETE` / `/v2/llms/:llm_id`, `Method: POST` / `URL: {{base}}/x`), a path
glued to the text after it (`/v1/chargesThis endpoint ...`), and curl, httpie, Python,
JavaScript, PHP and Go samples that show a method and a URL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from generator.ir import SourceSpan
from generator.readers.curl import find_curl, parse_curl
from generator.readers.evidence.blocks import Line, Page
from generator.readers.evidence.words import METHODS

_M = "|".join(METHODS)
# A URL, a {{variable}} URL or an absolute path; stops at whitespace, quotes and brackets.
_TARGET = r"(?:https?://[^\s'\"`<>)]+|\{\{[^}\s]+\}\}[^\s'\"`<>)]*|/[^\s'\"`<>)]*)"
_SAME_LINE = re.compile(
    rf"^\W{{0,4}}(?:(?:endpoint|method|request|url|http)\s*:?\s*)?(?i:({_M}))\b\s*:?\s*({_TARGET})",
    re.IGNORECASE,
)
_IN_LINE = re.compile(rf"(?<![\w/])((?-i:GET|POST|PUT|PATCH|DELETE))\s*:?\s*({_TARGET})")
_METHOD_ONLY = re.compile(rf"^\W{{0,4}}(?:(?:method|http method|метод|método)\s*:\s*)?({_M})\W{{0,3}}$",
                          re.IGNORECASE)
_TARGET_LINE = re.compile(rf"^\W{{0,4}}(?:(?:url|endpoint|path|адрес|ruta|caminho)\s*:?\s*)?({_TARGET})",
                          re.IGNORECASE)
# A capitalised word glued to a path: `/v1/chargesThis endpoint`, `/x200Success`.
_GLUED = re.compile(r"(?<=[a-z0-9}])(?=[A-Z][a-z]+$)")
_GLUED_STATUS = re.compile(r"(?<=[a-z/-])(?=[1-5]\d\d[A-Z][a-z]+$)")
_CODE_CALLS = (
    # Python requests / httpx: requests.post("https://...")
    re.compile(rf"\b(?:requests|httpx|client|session)\.({_M})\(\s*[fr]?['\"]({_TARGET})['\"]"),
    # JS fetch / axios: fetch("url", {{ method: "POST" }}), axios.post("url")
    re.compile(rf"\baxios\.({_M})\(\s*['\"`]({_TARGET})['\"`]"),
    # httpie: http POST https://...
    re.compile(rf"^\s*https?\s+(?i:({_M}))\s+({_TARGET})", re.MULTILINE),
    # Go: http.NewRequest("POST", "https://...")
    re.compile(rf"NewRequest(?:WithContext)?\([^,]*?['\"]((?i:{_M}))['\"]\s*,\s*['\"]({_TARGET})['\"]"),
    # PHP curl: CURLOPT_CUSTOMREQUEST => "POST" ... CURLOPT_URL => "https://..."
)
_FETCH = re.compile(rf"\bfetch\(\s*['\"`]({_TARGET})['\"`]\s*(?:,\s*\{{[^}}]*?method\s*:\s*['\"]({_M})['\"])?",
                    re.IGNORECASE | re.DOTALL)


_INLINE_MARKUP = re.compile(r"</?(?:mark|span|code|strong|b|em|i|a|kbd|badge)\b[^>]*>|[`*]")
# Attributes of a component or a JSON object: `method="POST"`, `url="/x"`, "path": "/x".
_METHOD_ATTR = re.compile(rf"\bmethod[\"']?\s*[=:]\s*\{{?[\"']({_M})[\"']", re.IGNORECASE)
_TARGET_ATTR = re.compile(rf"\b(?:url|path|endpoint|href)[\"']?\s*[=:]\s*\{{?[\"']({_TARGET})[\"']")


@dataclass(frozen=True, slots=True)
class Anchor:
    method: str  # lower case
    url: str  # as written, possibly a bare path
    line: int
    how: str  # what it was read from, for diagnostics
    headers: tuple[tuple[str, str], ...] = ()
    body: object = None  # a sample body, when a code sample carried one


def clean_target(raw: str, after: str = "") -> str:
    """A URL or path with what is glued after it and trailing punctuation cut off: a status
    (`/x200Success`), or a capitalised word when more words follow (`/v1/chargesThis endpoint`);
    a camel-case end with nothing after it (`/order/CreateOrder`) is the path's own."""
    cut = _GLUED_STATUS.search(raw) or (_GLUED.search(raw) if re.match(r"\s+\S", after) else None)
    if cut:
        raw = raw[: cut.start()]
    return raw.rstrip(".,;:)]}*`'\"") if not raw.endswith("}}") and not raw.endswith("}") else raw


# A link to a documentation page (`GET https://docs.x/page.md?ask=`), not an API endpoint.
_DOC_PAGE = re.compile(r"\.(?:md|mdx|html?|txt)(?:[?#]|$)", re.IGNORECASE)


def find_anchors(page: Page, path: str) -> list[Anchor]:
    return [a for a in _find_anchors(page, path) if not _DOC_PAGE.search(a.url)]


def _find_anchors(page: Page, path: str) -> list[Anchor]:
    found: list[Anchor] = []
    lines = [ln for ln in page.lines if ln.text.strip()]
    for i, line in enumerate(lines):
        text = _INLINE_MARKUP.sub("", line.text)
        attr = _METHOD_ATTR.search(text)
        if attr:
            for near in lines[max(0, i - 5) : i + 6]:
                target = _TARGET_ATTR.search(near.text)
                if target:
                    found.append(Anchor(attr.group(1).lower(), clean_target(target.group(1)), line.no,
                                        f"a method attribute (line {line.no}) and a path (line {near.no})"))
                    break
            continue
        same = _SAME_LINE.match(text) or _IN_LINE.search(text)
        if same and _HTTP_REQUEST.match(text):
            continue  # a request sample: read with its headers below
        if same:
            found.append(Anchor(same.group(1).lower(), clean_target(same.group(2), text[same.end() :]), line.no,
                                "a method and a path"))
            continue
        only = _METHOD_ONLY.match(text)
        if only:
            split = _split_path(lines, i + 1)
            if split:
                found.append(Anchor(only.group(1).lower(), split[0], line.no,
                                    f"a method (line {line.no}) and a path one segment per line "
                                    f"(lines {lines[i + 1].no}-{split[1]})"))
                continue
            for nxt in lines[i + 1 : i + 4]:
                plain = _INLINE_MARKUP.sub("", nxt.text)
                target = _TARGET_LINE.match(plain)
                if target and len(clean_target(target.group(1), plain[target.end() :])) > 1:
                    found.append(Anchor(only.group(1).lower(), clean_target(target.group(1), plain[target.end() :]),
                                        line.no,
                                        f"a method (line {line.no}) and a path (line {nxt.no})"))
                    break
            else:  # "Request URL" above "Method": a full URL on one of the lines before
                for prev in reversed(lines[max(0, i - 4) : i]):
                    target = _TARGET_LINE.match(_INLINE_MARKUP.sub("", prev.text))
                    if target and target.group(1).startswith("http"):
                        found.append(Anchor(only.group(1).lower(), clean_target(target.group(1)), line.no,
                                            f"a URL (line {prev.no}) and a method (line {line.no})"))
                        break
    found += _code_anchors(page, path)
    return found


def _split_path(lines: list[Line], start: int) -> tuple[str, int] | None:
    """A path rendered one segment per line: `/`, `users`, `/`, `{id}` on lines of their own."""
    parts: list[str] = []
    end = start
    for line in lines[start : start + 40]:
        text = line.text.strip()
        if text == "/" or (parts and parts[-1].endswith("/") and re.fullmatch(r"[\w{}:.\-~]+", text)):
            parts.append(text)
            end = line.no
        else:
            break
    if len(parts) < 2 or parts[0] != "/":
        return None
    return clean_target("".join(parts)), end


_HTTP_REQUEST = re.compile(rf"^\s*({_M})\s+(\S+)\s+HTTP/\d(?:\.\d)?\s*$", re.IGNORECASE)
_HEADER_LINE = re.compile(r"^\s*([A-Za-z][\w-]*)\s*:\s*(.+?)\s*$")


def _http_requests(page: Page) -> list[Anchor]:
    """A raw HTTP request sample: `POST /x HTTP/1.1`, its headers (Host is the server)."""
    found = []
    lines = page.lines
    for k, line in enumerate(lines):
        match = _HTTP_REQUEST.match(line.text)
        if not match:
            continue
        headers, host = [], None
        for nxt in lines[k + 1 : k + 30]:
            header = _HEADER_LINE.match(nxt.text)
            if not header:
                break
            if header.group(1).lower() == "host":
                host = header.group(2)
            else:
                headers.append((header.group(1), header.group(2)))
        url = match.group(2)
        if host and url.startswith("/"):
            url = f"https://{host}{url}"
        found.append(Anchor(match.group(1).lower(), clean_target(url), line.no, "an HTTP request sample",
                            tuple(headers)))
    return found


def _code_anchors(page: Page, path: str) -> list[Anchor]:
    text = "\n".join(ln.text for ln in page.lines)
    starts = [0]
    for ln in page.lines:
        starts.append(starts[-1] + len(ln.text) + 1)

    def line_of(offset: int) -> int:
        lo = 0
        while lo + 1 < len(starts) and starts[lo + 1] <= offset:
            lo += 1
        return page.lines[lo].no if page.lines else 1

    found = _http_requests(page)
    for offset, command in find_curl(text):
        no = line_of(offset)
        command = re.sub(r"([\"'])[A-Z][a-z]+:?\s*$", r"\1", command)  # a heading glued after the last quote
        example = parse_curl(command, SourceSpan(path, no))
        if example is None or not example.url:
            continue
        url = clean_target(example.url)
        if not url.startswith(("http", "/", "{{", "$")):
            continue
        found.append(Anchor((example.method or "get").lower(), url, no, "a curl sample",
                            example.headers, example.body))
    for pattern in _CODE_CALLS:
        for match in pattern.finditer(text):
            found.append(Anchor(match.group(1).lower(), clean_target(match.group(2)),
                                line_of(match.start()), "a code sample"))
    for match in _FETCH.finditer(text):
        found.append(Anchor((match.group(2) or "get").lower(), clean_target(match.group(1)),
                            line_of(match.start()), "a fetch sample"))
    return found


def split_target(url: str) -> tuple[str | None, str, list[tuple[str, str]]]:
    """(server or None, path template, query pairs) of a URL or path as written in docs."""
    url = re.sub(r"\{\{\s*\$?(\w+)\s*\}\}", r"{\1}", url)  # Postman {{var}}
    server = None
    if url.startswith(("http://", "https://")):
        parts = urlsplit(url)
        server = f"{parts.scheme}://{parts.netloc}"
        path, query = parts.path, parts.query
    else:
        if url.startswith("{") and "}" in url:  # {baseUrl}/x: the variable is the server
            server, url = url[: url.index("}") + 1], url[url.index("}") + 1 :]
        path, _, query = url.partition("?")
    path = re.sub(r"(?<=/):(\w+)", r"{\1}", path)  # /users/:id
    path = re.sub(r"<(\w+)>", r"{\1}", path)  # /users/<id>
    path = "/" + path.strip("/") if path.strip("/") else "/"
    pairs = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True)]
    return server, path, pairs
