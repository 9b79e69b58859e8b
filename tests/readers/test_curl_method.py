"""A curl sample's `-X` value becomes the method only when it is an HTTP method token."""

from __future__ import annotations

from generator.ir import SourceSpan
from generator.readers.curl import parse_curl

SOURCE = SourceSpan("page.txt", 3)


def test_a_method_flag_sets_the_method() -> None:
    example = parse_curl("curl -X patch https://api.example.com/v1/user", SOURCE)
    assert example is not None and example.method == "PATCH"


def test_a_damaged_method_flag_is_ignored_not_sent() -> None:
    # Found by fuzzing: non-ASCII text glued to -X reached httpx, which refuses such methods.
    example = parse_curl("curl -XGETæœ https://api.example.com/v1/user -d '{\"a\": 1}'", SOURCE)
    assert example is not None and example.method == "POST"
