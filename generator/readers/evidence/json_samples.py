"""JSON samples on a page, parsed as leniently as docs need, and what each one is a sample of.

A sample starts on a line that opens with `{` or `[` and ends where its brackets close. It is
parsed by the standard JSON parser, then by json5 (comments, trailing commas, unquoted keys),
then with the repairs docs need: `=>` of Ruby hashes, `...` placeholders, and a page that
ends inside the sample (the complete entries before the cut are kept, with a warning).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import json5

from generator.readers.evidence.blocks import Line, Page, heading_role
from generator.readers.evidence.words import SAMPLE_ROLES, STATUS_LINE
from generator.readers.vocab import cell

_ELLIPSIS = re.compile(r"^\s*(?:\.\.\.|…)\s*,?\s*$|,\s*(?:\.\.\.|…)\s*(?=[\]}])|(?<=[\[{])\s*(?:\.\.\.|…)\s*(?=[\]}])")
_RUBY_ARROW = re.compile(r'("|\w)\s*=>\s*')
_MAX_LINES = 4000
_MAX_CUTS = 400
_DATA_FLAG = re.compile(r"(?:^|\s)(?:-d|--data[\w-]*|--json|-F|--form)(?:\s|$|\s*')")


@dataclass(frozen=True, slots=True)
class Sample:
    value: Any
    line: int
    end: int  # last line
    cut: bool  # the page ended inside it
    role: str  # body, response, error, or "" when nothing says
    status: str | None  # the status a label names ("200", "201")
    problem: str | None = None  # why it could not be parsed


def find_samples(page: Page, roles: dict[int, str]) -> list[Sample]:
    found: list[Sample] = []
    lines = page.lines
    k = 0
    while k < len(lines):
        stripped = lines[k].text.strip()
        skip = 0
        nxt = lines[k + 1].text.strip() if k + 1 < len(lines) else ""
        if stripped.endswith("{") and not stripped.startswith("{") and nxt.startswith('"'):
            skip = lines[k].text.rindex("{")  # a sample opening after a label: `Request {`
        elif not stripped.startswith(("{", "[")) or stripped.startswith(("[TOC", "[!")) or _is_link(stripped):
            k += 1
            continue
        end, text, closed = _extent(lines, k, skip)
        value, problem, cut = _parse(text, closed)
        if value is not None and isinstance(value, (dict, list)):
            role, status = _label(lines, k, roles)
            if _DATA_FLAG.search(lines[k].text[:skip]):
                role, status = "body", None  # curl's `-d '{`: the request body
            found.append(Sample(value, lines[k].no, lines[end].no, cut, role, status))
        elif problem and (end > k or ":" in text):  # a lone `{id}` is not a broken sample
            found.append(Sample(None, lines[k].no, lines[end].no, not closed, "", None, problem))
        k = end + 1
    return found


def _is_link(text: str) -> bool:
    return bool(re.match(r"^\[[^\]]*\]\(", text))


def _extent(lines: tuple[Line, ...], start: int, skip: int = 0) -> tuple[int, str, bool]:
    depth, quote, escaped = 0, False, False
    parts: list[str] = []
    for k in range(start, min(len(lines), start + _MAX_LINES)):
        text = lines[k].text[skip:] if k == start else lines[k].text
        for pos, ch in enumerate(text):
            if quote:
                if escaped:
                    escaped = False
                elif ch == "\\":
                    escaped = True
                elif ch == '"':
                    quote = False
            elif ch == '"':
                quote = True
            elif ch in "{[":
                depth += 1
            elif ch in "}]":
                depth -= 1
                if depth == 0:
                    parts.append(text[: pos + 1])
                    return k, "\n".join(parts), True
        quote = False if not text.rstrip().endswith("\\") else quote  # strings do not span lines
        parts.append(text)
    return min(len(lines), start + _MAX_LINES) - 1, "\n".join(parts), False


def _parse(text: str, closed: bool) -> tuple[Any, str | None, bool]:
    for attempt in (text, _repaired(text)):
        for loads in (json.loads, json5.loads):
            try:
                return loads(attempt), None, False
            except (ValueError, RecursionError, TypeError, IndexError) as exc:
                problem = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
    if not closed:
        value = before_cut(_repaired(text))
        if value is not None:
            return value, None, True
    return None, problem, False


_BARE_VALUE = re.compile(r"(:\s*)(?!true\b|false\b|null\b|Infinity\b|NaN\b)([A-Za-z_][\w.]*)(\s*[,}\]\n])")


def _repaired(text: str) -> str:
    text = _ELLIPSIS.sub("", text)
    text = _RUBY_ARROW.sub(r"\1: ", text)
    return _BARE_VALUE.sub(r'\1"\2"\3', text)  # "logo": base64, names a value's kind


def before_cut(text: str) -> Any:
    """The complete entries of a sample the page cut short: cut after the last comma or line
    end that leaves something parseable, and close what is open."""
    cuts = [m.start() for m in re.finditer(r",|\n", text)][::-1][:_MAX_CUTS]
    for tries, cut in enumerate([len(text), *cuts]):
        head = text[:cut].rstrip().rstrip(",")
        closing = _closers(head)
        if closing is None:
            continue
        # json5 is pure Python: only the first few cuts are worth its leniency
        for loads in (json.loads, json5.loads) if tries < 20 else (json.loads,):
            try:
                return loads(head + closing)
            except (ValueError, RecursionError, TypeError, IndexError):
                continue
    return None


def _closers(text: str) -> str | None:
    stack: list[str] = []
    quote = escaped = False
    for ch in text:
        if quote:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                quote = False
        elif ch == '"':
            quote = True
        elif ch in "{[":
            stack.append("}" if ch == "{" else "]")
        elif ch in "}]":
            if not stack:
                return None
            stack.pop()
    if quote or text.endswith(":"):
        return None
    return "".join(reversed(stack))


def _label(lines: tuple[Line, ...], k: int, roles: dict[int, str]) -> tuple[str, str | None]:
    """What the lines just above a sample say it is: a status, a label, or its section."""
    section = roles.get(lines[k].no, "")
    in_response = section in ("response", "error")
    above: list[str] = []
    for back in range(k - 1, -1, -1):
        text = lines[back].text.strip()
        if not text or text.startswith(("```", "~~~")):
            continue
        if re.match(r"^\s*[A-Z]+\s+\S+\s+HTTP/", text) and all(":" in a for a in above):
            return "body", None  # the body of a raw HTTP request sample, after its headers
        above.append(text)
        if len(above) > 4 or text.endswith(("}", "]")):
            break
    if any(_DATA_FLAG.search(t) for t in above[:2]):
        return "body", None  # the data of a curl command
    for text in above:  # a status names the sample even over a "Body" label nearer to it
        if len(text) < 60:
            status = STATUS_LINE.match(text) or re.search(r"(?<![\d.,])([1-5]\d\d)(?![\d.,])", text)
            if status:
                code = status.group(1)
                return ("response" if code.startswith("2") else "error"), code
    for text in above:
        key = cell(text).strip(" :")
        if key in SAMPLE_ROLES:
            role = SAMPLE_ROLES[key]
            return (section if in_response and role == "body" else role), None
        heading = heading_role(text)
        if heading:
            return ("response" if heading == "response" else "error" if heading == "error" else "body"), None
    if in_response:
        return section, None
    if section in ("body", "params"):
        return "body", None
    return "", None
