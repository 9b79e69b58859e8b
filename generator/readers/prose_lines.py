"""Reader for prose API pages rendered one item per line (the flat-prose docs as a browser
shows them):

    GEThttps://api.example.com/v1/user/{user_id}
    Path Parameters
    user_id string required
    The user id parameter.
    Returns
    id string
    User ID with usr_ prefix
    curl -X GET "https://api.example.com/v1/user/{user_id}" \\
      -H "X-API-Key: $API_KEY"Response:
    200 OK
    { ... }

The field-run grammar is the flat one (name, type phrase, required word, then the text), with
line breaks where the flat form has spaces; section headings may be missing altogether
("compact" renderings), and samples are not fenced. The cut page is built into IR by
`prose_build`, like a flat page.
"""

from __future__ import annotations

import bisect
import re

from generator.readers.base import ReadResult, SourceDoc
from generator.readers.curl import find_curl
from generator.readers.prose_build import build
from generator.readers.prose_page import (
    CAPTURE_SOURCE,
    FIELD_NAME,
    GLUED_TO_CURL,
    ROLE_LABEL,
    FieldRun,
    JsonSample,
    ProsePage,
    field_tail,
    json_at,
    label_role,
    section_of,
)
from generator.readers.vocab import PAGE_CHROME, cell

SHAPE = "prose-lines"
_METHOD_URL = re.compile(
    r"^\s*(?P<method>GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)(?P<gap>\s*)(?P<url>https?://\S+)\s*$"
)
_FIELD = re.compile(rf"^\s*(?P<name>{FIELD_NAME})\s+(?P<tail>\S.*?)\s*$")
_STATUS = re.compile(r"^\s*(?P<code>[1-5]\d\d)\s*(?P<reason>[A-Za-z][A-Za-z' -]*)?\s*$")
_FRONT_TITLE = re.compile(r"^\s*title:\s*(?P<title>.+?)(?:\s+keywords:.*)?$")
_BULLET = re.compile(r"^\s*[-•*]\s+")
# Lines of a Python / JavaScript sample: kept as code (a fallback for the URL), not as prose.
_CODE = re.compile(
    r"^\s*(?:import\s|from\s+\S+\s+import\s|const\s|let\s|var\s|await\s|print\(|console\.|"
    r"[\w.\[\]\"']+\s*=[^=]|[})\]]+[;,)]*\s*$|[\w.]+\(.*[(,{]\s*$|\w+:\s*[{\[]\s*$)"
)
# Other shapes' marks: GitBook glued runs and footer, Mintlify auth block, markdown tables.
_NOT_OURS = re.compile(
    # [ \t] not \s, and no two runs of spaces side by side: on deeply indented lines those
    # backtrack over every split of the indentation (a nested list of 1,000 items: minutes).
    r"Powered by GitBook|\{% openapi|^[ \t]*(?:\|[ \t]*)?:?-{3,}:?[ \t]*\||^Authorizations\s*$|"
    r"[a-z](?:string|integer|boolean|number|object|array)(?:Required|Optional)\b|\*\*`",
    re.MULTILINE,
)


def detect(doc: SourceDoc) -> str | None:
    """A METHOD+URL line or a curl sample, with `name type required` field lines."""
    if _NOT_OURS.search(doc.text):
        return None
    lines = doc.text.split("\n")
    targets = [m for m in map(_METHOD_URL.match, lines) if m]
    fields = [ln.strip() for ln in lines if _field(ln) is not None]
    if targets and (fields or not targets[0].group("gap")):
        shown = targets[0].group(0).strip()[:60]
        return f"a METHOD+URL line (`{shown}`) and {len(fields)} `name type required` field lines"
    if fields and find_curl(doc.text):
        return (
            f"{len(fields)} `name type required` field lines (`{fields[0][:40]}`) and a curl sample"
        )
    return None


def _field(line: str) -> FieldRun | None:
    """A line that is exactly a field run head: `user_id string required · Defaults to x`."""
    match = _FIELD.match(line)
    if match is None:
        return None
    schema, required, default, rest = field_tail(match.group("tail"))
    if schema is None or rest:
        return None
    return FieldRun(match.group("name"), schema, required, default, "", 0, None)


def read(doc: SourceDoc) -> ReadResult:
    page = _LineCutter(doc).cut()
    return build(doc, page, SHAPE, detect(doc) or "read as prose lines")


class _LineCutter:
    def __init__(self, doc: SourceDoc) -> None:
        self.doc = doc
        self.page = ProsePage()
        self.lines = doc.text.split("\n")
        self._line_starts = [0] + [i + 1 for i, ch in enumerate(doc.text) if ch == "\n"]
        # Where each line's text starts (after its indentation): JSON samples start there.
        self._starts = [
            start + len(line) - len(line.lstrip())
            for start, line in zip(self._line_starts, self.lines)
        ]
        self.section: str | None = None
        # (first line, offset, last line, ("curl", command) | ("json", value))
        self.events: list[tuple[int, int, int, tuple[str, object]]] = []

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self._line_starts, offset)

    def cut(self) -> ProsePage:
        self._find_samples()
        pending: FieldRun | None = None
        in_front = False
        events = sorted(self.events, key=lambda e: e[1])
        i, k = 1, 0
        while i <= len(self.lines):
            text = self.lines[i - 1].strip()
            if k < len(events) and events[k][0] <= i:
                # A sample covers lines; one glued to the last line of another is read with it.
                last = i
                while k < len(events) and events[k][0] <= last:
                    self._sample(events[k][0], events[k][3])
                    last, k = max(last, events[k][2]), k + 1
                i, pending = last + 1, None
                continue
            i += 1
            if not text or CAPTURE_SOURCE.match(text) or cell(text) in PAGE_CHROME:
                continue
            if in_front and _BULLET.match(text):
                continue  # the keyword list of a front matter
            front = _FRONT_TITLE.match(text)
            in_front = bool(front)
            if front:
                self.page.title = self.page.title or front.group("title").strip()
                continue
            pending = self._line(i - 1, text, pending)
        return self.page

    def _line(self, line: int, text: str, pending: FieldRun | None) -> FieldRun | None:
        """One line of prose, heading or field; returns the field still waiting for its text."""
        target = _METHOD_URL.match(text)
        if target:
            self.page.target = self.page.target or (
                target.group("method"),
                target.group("url"),
                line,
            )
            return None
        role = section_of(text)
        label = label_role(_BULLET.sub("", text), any_case=True)
        if role is not None or label is not None:
            if role is not None:
                self.section = role
            return None if label == ROLE_LABEL else pending
        if _STATUS.match(text):
            return pending
        run = _field(text)
        if run is not None:
            run.line, run.section = line, self.section
            self.page.fields.append(run)
            return run
        if _CODE.match(text):
            self.page.code.append((line, text))
            return pending
        if pending is not None and not pending.description:
            pending.description = text
            return None
        if self.section is None and not self.page.fields:
            self.page.intro.append((line, text))
        else:
            self.page.notes.append((self.section, line, text))
        return None

    def _find_samples(self) -> None:
        """curl commands and JSON values, as line ranges, before the line walk."""
        text = self.doc.text
        curls: list[tuple[int, int]] = []
        for offset, command in find_curl(text):
            glued = GLUED_TO_CURL.search(command.rstrip())
            end = offset + (glued.start() if glued else len(command.rstrip()))
            self._event(offset, end, ("curl", text[offset:end]))
            curls.append((offset, end))
            rest = glued.group(0) if glued else ""
            if rest.lstrip()[:1] in ("{", "["):  # `}'{`: the response sample glued to the command
                json_end = self._json(end + len(rest) - len(rest.lstrip()))
                curls.append((end, json_end or end))
        curls.sort()
        starts = [a for a, _b in curls]
        skip_until = 0
        for at in self._starts:
            if at < skip_until or text[at : at + 1] not in ("{", "["):
                continue
            k = bisect.bisect_right(starts, at) - 1
            if k >= 0 and at < curls[k][1]:
                continue  # a body inside a curl command
            skip_until = self._json(at) or skip_until

    def _event(self, start: int, end: int, what: tuple[str, object]) -> None:
        first, last = self.line_of(start), self.line_of(max(start, end - 1))
        self.events.append((first, start, last, what))

    def _json(self, offset: int) -> int | None:
        """Read the JSON value at `offset` as a sample; where it ends, None if it is not JSON."""
        value, problem, end = json_at(self.doc.text, offset)
        line = self.line_of(offset)
        if value is None:
            if self.doc.text[offset] == "{":
                self.page.unread.append((line, self.lines[line - 1].strip()[:200]))
                self.page.warn("bad-json", f"a JSON sample cannot be parsed ({problem})", line)
            return None
        if problem == "cut":
            self.page.warn("cut-short", "a JSON sample is cut off; its complete part is read", line)
        self._event(offset, end, ("json", value))
        return end

    def _sample(self, line: int, what: tuple[str, object]) -> None:
        kind, data = what
        if kind == "curl":
            self.page.curls.append((line, str(data)))
            return
        status, reason = self._status_before(line)
        self.page.samples.append(JsonSample(data, line, status, reason, self.section))

    def _status_before(self, line: int) -> tuple[str | None, str | None]:
        for back in range(line - 1, 0, -1):
            text = self.lines[back - 1].strip()
            if text:
                match = _STATUS.match(text)
                if match is None:
                    return None, None
                return match.group("code"), (match.group("reason") or "").strip() or None
        return None, None
