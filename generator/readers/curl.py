"""curl command lines from doc samples into an Example: method, URL, headers, JSON body.

Uses shell-aware splitting (shlex), so quoting and line continuations work as in a shell.
"""

from __future__ import annotations

import json
import re
import shlex
from typing import Any

from generator.ir import MISSING, Example, SourceSpan

_CONTINUATION = re.compile(r"\\\s+")  # also a continuation flattened onto one line ("\\ -H")
_DATA_FLAGS = {"-d", "--data", "--data-raw", "--data-binary", "--data-ascii", "--json"}
_METHOD_FLAGS = {"-X", "--request"}
_HEADER_FLAGS = {"-H", "--header"}
_URL_FLAGS = {"--url"}
_USER_FLAGS = {"-u", "--user"}  # basic auth: read as the Authorization header curl sends
_VALUE_FLAGS = {"-o", "--output", "-F", "--form", "-A", "--user-agent", "-e", "--referer",
                "--connect-timeout", "-m", "--max-time", "-b", "--cookie"}


def find_curl(text: str) -> list[tuple[int, str]]:
    """(offset, command) for every `curl ...` in a text; a command ends where its quoting closes
    and the line does not continue with a backslash."""
    found = []
    # a line-number gutter may be glued on ("11curl"), a word may not ("libcurl")
    for match in re.finditer(r"(?<![A-Za-z_-])curl\s", text):
        start = match.start()
        end = _command_end(text, start)
        found.append((start, text[start:end]))
    return found


def _command_end(text: str, start: int) -> int:
    quote: str | None = None
    i = start
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\" and quote == '"':
                i += 2
                continue
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch == "\\" and i + 1 < len(text) and text[i + 1] == "\n":
            i += 2
            continue
        elif ch == "\n" or text.startswith("```", i):
            return i
        i += 1
    return i


def parse_curl(command: str, source: SourceSpan) -> Example | None:
    """The request a curl command makes; None when it cannot be split like a shell would."""
    try:
        words = shlex.split(_CONTINUATION.sub(" ", command))
    except ValueError:  # unbalanced quotes: a sample cut short
        words = _split_leniently(command)
    if not words or words[0] != "curl":
        return None
    method: str | None = None
    url: str | None = None
    headers: list[tuple[str, str]] = []
    data: str | None = None
    i = 1
    while i < len(words):
        word = words[i]
        value = words[i + 1] if i + 1 < len(words) else ""
        flag, _, inline = word.partition("=") if word.startswith("--") else (word, "", "")
        if inline:
            value, step = inline, 1
        else:
            step = 2
        if flag in _METHOD_FLAGS or (word.startswith("-X") and len(word) > 2):
            candidate = (value if flag in _METHOD_FLAGS else word[2:]).upper()
            if candidate.isascii() and candidate.isalpha():  # else a damaged sample, not a method
                method = candidate
            i += step if flag in _METHOD_FLAGS else 1
        elif flag in _HEADER_FLAGS:
            name, _, header_value = value.partition(":")
            headers.append((name.strip(), header_value.strip()))
            i += step
        elif flag in _DATA_FLAGS:
            data = value
            if flag == "--json":
                headers.append(("Content-Type", "application/json"))
            i += step
        elif flag in _URL_FLAGS:
            url = value
            i += step
        elif flag in _USER_FLAGS:
            # Kept as written (`Basic $KEY:`), not encoded: the auth finders read the scheme
            # word and the variable the sample takes the key from.
            headers.append(("Authorization", f"Basic {value}"))
            i += step
        elif flag in _VALUE_FLAGS:
            i += step
        elif word.startswith("-"):
            i += 1
        else:
            url = url or word
            i += 1
    if method is None:
        method = "POST" if data is not None else "GET"
    return Example(method=method, url=url, headers=tuple(headers), body=_json_or_missing(data), source=source)


def _split_leniently(command: str) -> list[str]:
    try:
        return shlex.split(_CONTINUATION.sub(" ", command) + "'")
    except ValueError:
        try:
            return shlex.split(_CONTINUATION.sub(" ", command) + '"')
        except ValueError:
            return command.split()


def _json_or_missing(data: str | None) -> Any:
    if data is None:
        return MISSING
    try:
        return json.loads(data)
    except (ValueError, RecursionError):
        return data
