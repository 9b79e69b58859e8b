"""A prose API page cut into its parts, and those parts turned into IR.

Two readers fill a `ProsePage`: `flat_prose` (the whole page on one line, fields as
**`name`** runs) and `prose_lines` (the same docs rendered one item per line). What a page
means does not depend on how it was laid out, so the IR is built here, once.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from generator.ir import (
    ANY_SCHEMA,
    MISSING,
    AuthKind,
    AuthScheme,
    Example,
    Kind,
    Schema,
    SourceSpan,
    with_changes,
)
from generator.readers.typemap import type_from_phrase
from generator.readers.vocab import (
    AUTH_API_KEY_WORDS,
    AUTH_KIND_WORDS,
    AUTH_PUBLIC_KEY_WORDS,
    AUTH_SIGNATURE_WORDS,
    BODY_SECTIONS,
    DEFAULT_PHRASE,
    ERROR_SECTIONS,
    EXAMPLE_WORDS,
    HEADER_SECTIONS,
    PATH_SECTIONS,
    PLURALS,
    QUERY_SECTIONS,
    REQUEST_SECTIONS,
    REQUIRED_WORDS,
    RESPONSE_SECTIONS,
    SAMPLE_LANGUAGES,
    TRANSPORT_HEADERS,
    TYPE_WORDS,
    cell,
)

ROLE_BODY, ROLE_PARAMS, ROLE_PATH, ROLE_QUERY, ROLE_HEADER = (
    "body",
    "params",
    "path",
    "query",
    "header",
)
ROLE_RESPONSE, ROLE_ERRORS, ROLE_OTHER, ROLE_LABEL = "response", "errors", "other", "label"

# A field's wire name; dots and [] spell nesting (`address.city`, `items[].id`).
FIELD_NAME = r"[A-Za-z_$@][\w$@.\[\]-]*"
# Page chrome of captured pages: the capture's own "source: URL" line.
CAPTURE_SOURCE = re.compile(r"^\s*source:\s*https?://\S+\s*", re.IGNORECASE)

_SECTION_TABLES = (
    (ROLE_PATH, PATH_SECTIONS),
    (ROLE_QUERY, QUERY_SECTIONS),
    (ROLE_HEADER, HEADER_SECTIONS),
    (ROLE_BODY, BODY_SECTIONS),
    (ROLE_ERRORS, ERROR_SECTIONS),
    (ROLE_RESPONSE, RESPONSE_SECTIONS),
    (ROLE_PARAMS, REQUEST_SECTIONS),
)
_SECTIONS: dict[str, str] = {}
for _role, _names in _SECTION_TABLES:
    for _name in _names:
        _SECTIONS.setdefault(_name, _role)
_LABELS = {**{w: ROLE_LABEL for w in (*EXAMPLE_WORDS, *SAMPLE_LANGUAGES)}, **_SECTIONS}
_BY_LENGTH = sorted(_SECTIONS, key=len, reverse=True)

# Type phrases: "string", "string or null", "string | null", "array of strings", "integer[]".
_TYPE_NAMES = sorted(
    {w for w in (*TYPE_WORDS, *PLURALS) if w and " " not in w}, key=len, reverse=True
)
_ARRAY_NAMES = sorted((w for w, k in TYPE_WORDS.items() if k is Kind.ARRAY), key=len, reverse=True)
_W = "(?:" + "|".join(map(re.escape, _TYPE_NAMES)) + r")(?![\w-])"
_A = "(?:" + "|".join(map(re.escape, _ARRAY_NAMES)) + ")"
_ONE = rf"(?:{_A}\s+of\s+{_W}|{_A}\s*[\[<]\s*{_W}\s*[\]>]|{_W}(?:\[\])?)"
TYPE_PHRASE = _ONE  # one type name as a regex (match it case-insensitively)
# Required words as written in a run: lower case words, not yes/no answers.
_REQ = "|".join(
    sorted((w for w in REQUIRED_WORDS if w.isalpha() and len(w) > 3), key=len, reverse=True)
)
_TAIL = re.compile(
    rf"\s*(?P<type>{_ONE}(?:\s*(?:\bor\b|\|)\s*{_ONE})*)?(?:\s+(?P<req>(?-i:{_REQ}))(?![\w-]))?",
    re.IGNORECASE,
)
_UNION_SPLIT = re.compile(r"\s*(?:\bor\b|\|)\s*", re.IGNORECASE)
_DECODER = json.JSONDecoder()
# A sample cut short fails to parse near the end of the text (the page ends inside it).
_CUT_MARGIN = 2000


@dataclass
class FieldRun:
    name: str
    schema: Schema | None  # None: the run names no type
    required: bool | None  # None: the run says neither required nor optional
    default: str | None
    description: str
    line: int
    section: str | None  # the role of the section it stands in; None before any section


@dataclass
class JsonSample:
    value: Any
    line: int
    status: str | None = None
    reason: str | None = None
    section: str | None = None


@dataclass
class ProsePage:
    title: str = ""
    heading_seen: bool = False
    target: tuple[str, str, int] | None = None  # METHOD, URL, line of a "POSThttps://..." line
    fields: list[FieldRun] = field(default_factory=list)
    curls: list[tuple[int, str]] = field(default_factory=list)
    code: list[tuple[int, str]] = field(default_factory=list)  # other samples (Python, JS)
    samples: list[JsonSample] = field(default_factory=list)
    intro: list[tuple[int, str]] = field(default_factory=list)  # prose before fields and sections
    notes: list[tuple[str | None, int, str]] = field(default_factory=list)  # (section, line, prose)
    diagnostics: list[tuple[str, str, int]] = field(default_factory=list)  # (code, message, line)
    unread: list[tuple[int, str]] = field(default_factory=list)

    def warn(self, code: str, message: str, line: int) -> None:
        self.diagnostics.append((code, message, line))


def field_tail(text: str) -> tuple[Schema | None, bool | None, str | None, str]:
    """What follows a field name: (type, required, default, description)."""
    match = _TAIL.match(text)
    assert match is not None  # every group is optional
    schema = schema_of(match.group("type")) if match.group("type") else None
    required = REQUIRED_WORDS.get(match.group("req").lower()) if match.group("req") else None
    rest = text[match.end() :]
    default = DEFAULT_PHRASE.match(rest.lstrip())
    if default is not None:
        rest = rest.lstrip()[default.end() :]
    else:
        default = DEFAULT_PHRASE.search(rest)
    value = default.group(1).strip("`'\"").rstrip(".") if default else None
    return schema, required, value, rest.strip(" \t\n·:-–—")


def schema_of(type_text: str) -> Schema:
    parts = [p for p in _UNION_SPLIT.split(type_text.strip()) if p]
    nullable = any(p.lower() == "null" for p in parts)
    found = [type_from_phrase(p) for p in parts if p.lower() != "null"]
    kinds: list[Schema] = []
    for schema in found:
        if schema is not None and all(k.kind is not schema.kind for k in kinds):
            kinds.append(schema)
    if not kinds:
        return Schema(kind=Kind.NULL) if nullable else ANY_SCHEMA
    result = kinds[0] if len(kinds) == 1 else Schema(kind=Kind.UNION, variants=tuple(kinds))
    return with_changes(result, nullable=True) if nullable else result


def section_of(text: str) -> str | None:
    """The role of a heading that is exactly a section phrase ("Path Parameters", "Returns")."""
    return _SECTIONS.get(cell(text).rstrip(":").strip())


def section_prefix(words: str) -> tuple[str, str] | None:
    """A flat heading runs into its text: ("Returns Updated User object") -> (response, rest)."""
    key = cell(words)
    for phrase in _BY_LENGTH:
        if (
            key == phrase.rstrip(":")
            or key.startswith(phrase + " ")
            or key.startswith(phrase + ":")
        ):
            count = len(phrase.split())
            rest = words.split(None, count)
            return _SECTIONS[phrase], rest[count] if len(rest) > count else ""
    return None


def label_role(text: str, any_case: bool = False) -> str | None:
    """A label over a sample ("Example", "Errors", "Response:", "cURL"): its section role,
    ROLE_LABEL for one that names no section, None for ordinary words. Inside running text
    only a capitalised word or one with a colon is a label (`any_case` for a line of its own)."""
    text = text.strip()
    if not text or not (any_case or text[0].isupper() or text.endswith(":")):
        return None
    return _LABELS.get(cell(text).rstrip(":").strip())


def json_at(text: str, start: int) -> tuple[Any, str | None, int]:
    """The JSON value starting at `start` and where it ends: (value, None, end), its complete
    part (value, "cut", len(text)) when the text ends inside it, or (None, reason, start)."""
    try:
        value, end = _DECODER.raw_decode(text, start)
        return value, None, end
    except RecursionError:  # nested deeper than the decoder goes: not a sample we can read
        return None, "nested too deeply", start
    except json.JSONDecodeError as exc:
        reason = str(exc)
        if len(text) - exc.pos > _CUT_MARGIN:
            return None, reason, start  # broken well before the end: not a sample cut short
    open_at = _open_end(text, start)
    if open_at is None:
        return None, reason, start
    safe, closers = open_at
    try:
        return json.loads(text[start:safe] + closers), "cut", len(text)
    except (ValueError, RecursionError):
        return None, reason, start


def _open_end(text: str, start: int) -> tuple[int, str] | None:
    """When the text ends inside the value: the last point where every value so far is whole,
    and the brackets that close it there."""
    stack: list[str] = []
    in_string = escaped = False
    safe: tuple[int, str] | None = None
    for i in range(start, len(text)):
        ch = text[i]
        if in_string:
            escaped, in_string = (False, True) if escaped else (ch == "\\", ch != '"')
            continue
        if ch == '"':
            in_string = True
        elif ch in "{[":
            stack.append("}" if ch == "{" else "]")
        elif ch in "}]":
            if not stack or stack.pop() != ch or not stack:
                return None  # closed (so not cut short) or mismatched
            safe = (i + 1, "".join(reversed(stack)))
        elif ch == "," and stack:
            safe = (i, "".join(reversed(stack)))
    return safe if stack else None


def typed_default(raw: str | None, schema: Schema) -> Any:
    if raw is None:
        return MISSING
    try:
        if schema.kind is Kind.INTEGER:
            return int(raw)
        if schema.kind is Kind.NUMBER:
            return float(raw)
    except ValueError:
        return MISSING
    if schema.kind is Kind.BOOLEAN:
        return {"true": True, "false": False}.get(raw.lower(), MISSING)
    return raw if schema.kind is Kind.STRING else MISSING


def first_sentence(text: str) -> str:
    match = re.match(r"(.+?[.!?])(?:\s|$)", text.strip())
    return match.group(1) if match else text.strip()


# Samples: where the request goes and which headers carry credentials.

_ENV_VAR = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?")
# Text glued to a curl command's last quote by the rendering ("...KEY"Response:, ...}'{).
GLUED_TO_CURL = re.compile(r"(?<=['\"])[^\s'\"\\][^'\"]*$")
_PYTHON_CALL = re.compile(r"requests\.(get|post|put|patch|delete)\(\s*f?[\"'](https?://[^\"']+)")
_FETCH = re.compile(
    r"fetch\(\s*[`'\"](https?://[^`'\"]+)[`'\"](?:[^)]{0,400}?method:\s*['\"]([A-Za-z]+)['\"])?"
)
_CODE_HEADERS = re.compile(r"headers\s*[=:]\s*\{([^}]*)\}")
_CODE_ENV = re.compile(r"os\.(?:environ\[|getenv\()\s*[\"'](\w+)|process\.env\.(\w+)")
_KINDS = {"bearer": AuthKind.BEARER, "basic": AuthKind.BASIC}


def auth_from_headers(
    headers: list[tuple[str, str, SourceSpan]],
) -> tuple[list[AuthScheme], list[tuple[str, str]]]:
    """Credentials among (name, value, source) headers: a public-key + signature pair is one
    HMAC scheme; `Bearer $X` / `Basic $X` values and key-like names are schemes, with the `$VAR`
    the sample reads as env_var. Returns the schemes and the other non-transport headers."""
    headers = [h for h in headers if h[0].lower() not in TRANSPORT_HEADERS]
    schemes: list[AuthScheme] = []
    leftover: list[tuple[str, str]] = []
    public = next((h for h in headers if _has(h[0], AUTH_PUBLIC_KEY_WORDS)), None)
    signature = next((h for h in headers if _has(h[0], AUTH_SIGNATURE_WORDS)), None)
    taken: set[str] = set()
    if public and signature:
        env = _ENV_VAR.search(public[1])
        schemes.append(
            AuthScheme(
                name=public[0],
                kind=AuthKind.HMAC,
                header=public[0],
                extra_headers=(signature[0],),
                env_var=env.group(1) if env else None,
                source=public[2],
            )
        )
        taken = {public[0].lower(), signature[0].lower()}
    for name, value, span in headers:
        if name.lower() in taken:
            continue
        words = value.split()
        kind_word = AUTH_KIND_WORDS.get(words[0].lower()) if len(words) > 1 else None
        if kind_word is None and not _has(name, AUTH_API_KEY_WORDS):
            leftover.append((name, value))
            continue
        taken.add(name.lower())
        env = _ENV_VAR.search(value)
        kind = _KINDS.get(kind_word or "", AuthKind.API_KEY)
        prefix = words[0] if kind is AuthKind.API_KEY and len(words) > 1 else None
        schemes.append(
            AuthScheme(
                name=name,
                kind=kind,
                header=name,
                prefix=prefix,
                env_var=env.group(1) if env else None,
                source=span,
            )
        )
    return schemes, leftover


def _has(name: str, words: tuple[str, ...]) -> bool:
    return any(w in name.lower() for w in words)


def split_url(url: str) -> tuple[str, str, list[tuple[str, str]]]:
    """(scheme://host, path with {templates}, query pairs); `:id` and `<id>` become `{id}`."""
    parts = urlsplit(url.strip())
    path = unquote(parts.path) or "/"
    path = re.sub(r"(?<=/):([A-Za-z_]\w*)", r"{\1}", path)
    path = re.sub(r"<([A-Za-z_]\w*)>", r"{\1}", path)
    query = parse_qsl(parts.query, keep_blank_values=True)
    return f"{parts.scheme or 'https'}://{parts.netloc}", path, query


def target_from_examples(examples: list[Example]) -> tuple[str, str, int] | None:
    for example in examples:
        if example.url and example.method:
            return example.method, example.url, example.source.line
    return None


def headers_from_code(code: list[tuple[int, str]]) -> list[tuple[str, str, int]]:
    """No curl: the headers a Python / JS sample sends, `$VAR` where it reads an env var."""
    found = []
    for line, text in code:
        env = _CODE_ENV.search(text)
        for block in _CODE_HEADERS.finditer(text):
            for name in re.findall(r"[\"']([A-Za-z][\w-]*)[\"']\s*:", block.group(1)):
                found.append((name, f"${env.group(1) or env.group(2)}" if env else "", line))
    return found


def target_from_code(code: list[tuple[int, str]]) -> tuple[str, str, int] | None:
    """No curl: a Python `requests.post("https://...")` or a JS `fetch(url, {method})`."""
    for line, text in code:
        call = _PYTHON_CALL.search(text)
        if call:
            return call.group(1).upper(), call.group(2), line
        fetch = _FETCH.search(text)
        if fetch:
            return (fetch.group(2) or "GET").upper(), fetch.group(1), line
    return None


def scalar_schema(value: str) -> Schema:
    """A query value seen only in a sample URL."""
    if re.fullmatch(r"-?\d+", value):
        return Schema(kind=Kind.INTEGER, example=int(value))
    if value.lower() in ("true", "false"):
        return Schema(kind=Kind.BOOLEAN, example=value.lower() == "true")
    return Schema(kind=Kind.STRING, example=value)
