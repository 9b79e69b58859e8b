"""Reader for flat prose API pages: a whole reference page written on one line.

    title: Create User keywords: ... # Create User Create a new user. #### Request Body
    **`email`** string required The email parameter. ## Returns **`id`** string User ID
    ```bash cURL curl -X POST "https://host/v1/user/" \\ -H "X-API-Key: $KEY" ... ```
    **Response:** ```json 201 OK {...} ``` Errors ```json 401 Unauthorized {...} ```

The page is cut into a neutral `ProsePage` (prose_page.py); `prose_lines` fills the same
structure from the same docs rendered one item per line, and `prose_build.build` turns
either into IR, so both renderings of a page read alike.
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
    ROLE_LABEL,
    ROLE_OTHER,
    TYPE_PHRASE,
    FieldRun,
    JsonSample,
    ProsePage,
    field_tail,
    json_at,
    label_role,
    section_prefix,
    target_from_code,
)
from generator.readers.vocab import cell

SHAPE = "flat-prose"
# A field run: **`name`** then type, required word and text up to the next marker.
_FIELD_MARK = rf"\*\*`(?P<field>{FIELD_NAME})`\*\*"
_TYPED_RUN = re.compile(rf"{_FIELD_MARK}\s+{TYPE_PHRASE}", re.IGNORECASE)
_MARKS = re.compile(
    rf"{_FIELD_MARK}|(?:(?<=\s)|^)(?P<hashes>#{{1,6}})\s+|\*\*(?P<label>[^*`\n]{{1,40}}?)\*\*",
    re.MULTILINE,
)
_FENCE = re.compile(r"```[ \t]*(?P<lang>[\w+#.-]*)(?P<body>.*?)(?P<close>```|\Z)", re.DOTALL)
_FRONT_TITLE = re.compile(r"^\s*title:\s*(?P<title>.+?)\s+(?=\w+:\s|#|$)", re.MULTILINE)
# The status line at the top of a JSON sample: "201 OK", "401 Unauthorized".
_STATUS_HEAD = re.compile(
    r"^\s*(?P<code>[1-5]\d\d)\b\s*(?P<reason>[A-Za-z][A-Za-z' -]*?)?\s*(?=[{\[]|$)"
)
_METHOD_URL = re.compile(
    r"(?<![-\w])(?P<method>GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s*(?P<url>https?://[^\s\"'`]+)"
)


def detect(doc: SourceDoc) -> str | None:
    """Bold code-span field runs (**`name`** type ...) plus a request sample on the page."""
    if "Powered by GitBook" in doc.text or "{% openapi" in doc.text:
        return None
    typed = list(_TYPED_RUN.finditer(doc.text))
    if not typed:
        return None
    sample = (
        find_curl(doc.text) or _METHOD_URL.search(doc.text) or target_from_code([(0, doc.text)])
    )
    if not sample:
        return None
    return (
        f"{len(typed)} bold code-span field runs (`**`{typed[0].group('field')}`** ...`) "
        "and a request sample (curl, METHOD URL or a requests / fetch call)"
    )


def read(doc: SourceDoc) -> ReadResult:
    page = _FlatCutter(doc).cut()
    return build(doc, page, SHAPE, detect(doc) or "read as flat prose")


class _FlatCutter:
    """Walks the page once: fences first (they hold samples), markers in the prose between."""

    def __init__(self, doc: SourceDoc) -> None:
        self.doc = doc
        self.page = ProsePage()
        self.section: str | None = None
        self._newlines = [i for i, ch in enumerate(doc.text) if ch == "\n"]

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self._newlines, offset - 1) + 1

    def cut(self) -> ProsePage:
        text = self.doc.text
        front = _FRONT_TITLE.search(text[: text.find("#") if "#" in text else len(text)])
        if front:
            self.page.title = front.group("title").strip()
        pos = 0
        for fence in _FENCE.finditer(text):
            self._prose(pos, fence.start(), before_fence=True)
            self._fence(fence)
            pos = fence.end()
        self._prose(pos, len(text), before_fence=False)
        if not self.page.curls:  # a curl written in the prose, outside any fence
            fenced = [(f.start(), f.end()) for f in _FENCE.finditer(text)]
            self.page.curls = [
                (self.line(at), command)
                for at, command in find_curl(text)
                if not any(a <= at < b for a, b in fenced)
            ]
        return self.page

    def _prose(self, start: int, end: int, before_fence: bool) -> None:
        text = self.doc.text
        marks = list(_MARKS.finditer(text, start, end))
        self._chunk(
            None,
            text[start : marks[0].start() if marks else end],
            start,
            before_fence and not marks,
        )
        for i, mark in enumerate(marks):
            stop = marks[i + 1].start() if i + 1 < len(marks) else end
            last = i + 1 == len(marks) and before_fence
            self._chunk(mark, text[mark.end() : stop], mark.start(), last)

    def _chunk(
        self, mark: re.Match[str] | None, body: str, offset: int, before_fence: bool
    ) -> None:
        line = self.line(offset)
        if before_fence:
            body, role = _strip_label(body)
        else:
            role = None
        if mark is not None and mark.group("field"):
            schema, required, default, rest = field_tail(body)
            run = FieldRun(mark.group("field"), schema, required, default, rest, line, self.section)
            self.page.fields.append(run)
        elif mark is not None and mark.group("hashes"):
            self._heading(len(mark.group("hashes")), body.strip(), line)
        elif mark is not None and mark.group("label"):
            label_section = label_role(mark.group("label"))
            if label_section not in (None, ROLE_LABEL):
                self.section = label_section
            self._note(body, line)
        else:
            self._note(body, line)
        if role is not None:
            self.section = role

    def _heading(self, level: int, words: str, line: int) -> None:
        found = section_prefix(words)
        if found is not None:
            self.section, rest = found
            self._note(rest, line)
            return
        if level == 1 and not self.page.heading_seen:
            self.page.heading_seen = True
            title = self.page.title
            if title and cell(words).startswith(cell(title)):
                rest = words[len(title) :]
            else:
                title, rest = _split_title(words)
                self.page.title = self.page.title or title
            self._note(rest, line)
            return
        self.section = ROLE_OTHER  # "Validation Rules", "Notes": prose we keep out of the schema
        self._note(words, line)

    def _note(self, text: str, line: int) -> None:
        text = CAPTURE_SOURCE.sub("", text).strip()
        if not text or _FRONT_TITLE.match(text):
            return
        if self.section is None and not self.page.fields:
            self.page.intro.append((line, text))
        else:
            self.page.notes.append((self.section, line, text))

    def _fence(self, fence: re.Match[str]) -> None:
        line = self.line(fence.start())
        body, lang = fence.group("body"), fence.group("lang").lower()
        cut_short = not fence.group("close")
        if cut_short:
            self.page.warn(
                "cut-short", "a code sample is not closed: the page ends inside it", line
            )
        curls = find_curl(body)
        if curls:
            self.page.curls.extend((line, command) for _offset, command in curls)
            return
        head = _STATUS_HEAD.match(body)
        opens = [p for p in (body.find("{", head.end() if head else 0), body.find("[")) if p >= 0]
        start = min(opens) if opens else -1
        is_json = lang == "json" or (head is not None and start >= 0) or body.lstrip()[:1] in "{["
        if is_json and start >= 0:
            status = head.group("code") if head else None
            reason = (head.group("reason") or "").strip() or None if head else None
            value, problem, _end = json_at(body, start)
            if value is None:
                self.page.unread.append((line, body.strip()[:200]))
                self.page.warn("bad-json", f"a JSON sample cannot be parsed ({problem})", line)
                return
            if problem == "cut":
                self.page.warn(
                    "cut-short", "a JSON sample is cut off; its complete part is read", line
                )
            self.page.samples.append(JsonSample(value, line, status, reason, self.section))
        else:
            self.page.code.append((line, body))


def _strip_label(text: str) -> tuple[str, str | None]:
    """Drop the label a sample carries ("Example", "Errors", "cURL") from the prose before it;
    a label that names a section (Errors, Response) also opens that section."""
    words = text.split()
    for n in (3, 2, 1):
        if len(words) >= n:
            tail = " ".join(words[-n:])
            role = label_role(tail)
            if role is not None:
                return text[: text.rstrip().rfind(words[-n])], role if role != ROLE_LABEL else None
    return text, None


def _split_title(words: str) -> tuple[str, str]:
    """'Update User Profile Modify authenticated ...': the capitalised run minus the word that
    starts the first sentence (the word right before the first lower-case word)."""
    tokens = words.split()
    run = 0
    while run < len(tokens) and tokens[run][:1].isupper():
        run += 1
    if run < len(tokens) and run > 1:
        run -= 1
    title = " ".join(tokens[:run]) if run else " ".join(tokens[:1])
    return title, words[len(title) :] if words.startswith(title) else ""
