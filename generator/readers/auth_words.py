"""How docs say that an API key goes after a word, e.g. `Authorization: apikey <key>`."""

from __future__ import annotations

import re

# A code span that shows a header value: a word, one space, then a token ("apikey 1234$abc").
_VALUE_SAMPLE = re.compile(r"`(?:Authorization:\s*)?([A-Za-z][A-Za-z-]{1,30}) [^`\s]+`")
# "include the word `apikey`", "prefixed with `Token`", "the prefix `Bearer`".
_PREFIX_PHRASE = re.compile(
    r"(?:the word|prefix(?:ed)?(?: with| by)?|starts? with|followed by)\s+`([A-Za-z][A-Za-z-]{1,30})`",
    re.IGNORECASE,
)


def api_key_prefix(header: str, description: str | None) -> str | None:
    """The word the docs put before the key, if they say one; only for Authorization."""
    if header.lower() != "authorization" or not description:
        return None
    for pattern in (_PREFIX_PHRASE, _VALUE_SAMPLE):
        match = pattern.search(description)
        if match:
            return match.group(1)
    return None
