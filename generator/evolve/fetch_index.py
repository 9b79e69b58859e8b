"""llms.txt-style indexes: which doc pages a vendor publishes, and where each one is stored.

An index is markdown: `## Section` headings over lists of `- [Title](https://host/path): text`
links. It is parsed with markdown-it-py (already used for fenced blocks) rather than a regex,
so escaped brackets, titles with links inside and odd spacing do not lose pages.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

from markdown_it import MarkdownIt

_SAFE_SEGMENT = re.compile(r"[a-z0-9]+(?:[-.][a-z0-9]+)*")
_UNSAFE_RUN = re.compile(r"[^a-z0-9]+")
MAX_NAME = 120  # keeps names well under every file system's limit, with room for a hash


@dataclass(frozen=True, order=True)
class IndexEntry:
    url: str
    title: str
    section: str


def parse_index(text: str, base_url: str) -> list[IndexEntry]:
    """Every http(s) link in the index, in order, once, with the section heading above it."""
    tokens = MarkdownIt("commonmark").parse(text)
    itself = _absolute(base_url, base_url)  # in-page anchors resolve to the index: not a page
    section = ""
    entries: dict[str, IndexEntry] = {}
    in_heading = False
    for token in tokens:
        if token.type == "heading_open":
            in_heading = True
        elif token.type == "heading_close":
            in_heading = False
        elif token.type == "inline" and in_heading:
            section = token.content.strip()
        elif token.type == "inline":
            for url, title in _links(token.children or [], base_url):
                if url != itself:
                    entries.setdefault(url, IndexEntry(url, title, section))
    return list(entries.values())


def _links(children: list, base_url: str) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    found: list[tuple[str, str]] = []
    href: str | None = None
    words: list[str] = []
    for child in children:
        if child.type == "link_open":
            href, words = str(child.attrGet("href") or ""), []
        elif child.type == "link_close" and href is not None:
            url = _absolute(href, base_url)
            if url is not None:
                found.append((url, "".join(words).strip()))
            href = None
        elif href is not None and child.type in ("text", "code_inline"):
            words.append(child.content)
    return found


def _absolute(href: str, base_url: str) -> str | None:
    url = urljoin(base_url, href.strip())
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None  # mailto:, javascript:, in-page anchors of odd shapes
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


def select(entries: list[IndexEntry], include: list[str], exclude: list[str]) -> list[IndexEntry]:
    """Entries whose URL or section matches an include regex (all when none) and no exclude one."""

    def matches(patterns: list[str], entry: IndexEntry) -> bool:
        return any(re.search(p, entry.url) or re.search(p, entry.section) for p in patterns)

    return [e for e in entries if (not include or matches(include, e)) and not matches(exclude, e)]


def page_url(url: str, suffix: str) -> str:
    """The URL of a page's markdown form: the suffix goes on the path, before any query."""
    if not suffix:
        return url
    parts = urlsplit(url)
    path = parts.path.rstrip("/") or "/index"
    if not path.endswith(suffix):
        path += suffix
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))


def file_for_url(url: str, default_ext: str = ".md") -> str:
    """A stable, safe file name under sources/ for a page URL, a function of the URL alone.

    `https://h/api-reference/users/create-user.md` ->
    `sources/api-reference--users--create-user.md`.
    A URL whose path is not already plain lower-case words (or that has a query) gets a short
    hash of the URL appended, so two URLs never share a name however they are spelled.
    """
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    ext = default_ext
    if segments and re.search(r"\.(md|txt|markdown|mdx|json|ya?ml)$", segments[-1], re.IGNORECASE):
        stem, _, found_ext = segments[-1].rpartition(".")
        segments[-1], ext = stem, "." + found_ext.lower()
    plain = bool(segments) and all(_SAFE_SEGMENT.fullmatch(s) for s in segments) and not parts.query
    slug = "--".join(_UNSAFE_RUN.sub("-", s.lower()).strip("-") or "x" for s in segments) or "index"
    if not plain or len(slug) > MAX_NAME:
        digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:10]
        slug = f"{slug[:MAX_NAME]}-{digest}"
    return f"sources/{slug}{ext}"
