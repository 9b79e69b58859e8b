"""Bytes of a doc file into text, saying what looked wrong with them (with the line).

UTF-8 is expected (a byte-order mark is dropped); UTF-16 and UTF-32 files are read when
their byte-order mark says so. Stray bytes that are not UTF-8 are replaced and reported.
Text that was once UTF-8 read with a one-byte code page and saved again (mojibake such as
`CafÃ©` or `РЎРѕР·РґР°РЅРёРµ`) is still read, with a warning at its first line.
"""

from __future__ import annotations

import codecs
import re

from generator import diagnostics as diag
from generator.diagnostics import Diagnostic
from generator.ir import SourceSpan

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16: its mark starts with UTF-16 LE's
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# UTF-8 lead byte then continuation bytes, as cp1252 / latin-1 show them (`Ã©`, `â€™`,
# `Ð¡`), and Cyrillic as cp1251 shows it (`Р` or `С` then a letter from 0x80-0xBF: `РЎ`).
_MOJIBAKE = re.compile(
    "[\u00c2-\u00df][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
    "|\u00e2\u20ac[\u0080-\u00bf\u2018-\u201e\u2122\u00a6\u02dc]"
    "|[\u0420\u0421][\u0402\u0403\u201a\u0453\u201e\u2026\u2020\u2021\u20ac\u2030\u0409\u2039"
    "\u040a\u040c\u040b\u040f\u0452\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u2122\u0459\u203a"
    "\u045a\u045c\u045b\u045f\u00a0\u040e\u045e\u0408\u00a4\u0490\u00a6\u00a7\u00a9\u0404"
    "\u00ab\u00ac\u00ad\u00ae\u0407\u00b0\u00b1\u0406\u0456\u0491\u00b5\u00b6\u00b7\u2116"
    "\u0454\u00bb\u0458\u0405\u0455\u0457]"
)
# The letters such a sequence starts with: most documents have none, and finding that is quick.
_MOJIBAKE_START = re.compile("[\u00c2-\u00df\u00e2\u0420\u0421]")
# A few such pairs happen in honest text (`Â©` in a footer); a mis-encoded page has many.
MOJIBAKE_MIN = 3
# More replaced characters than this share of the text: not a text file at all.
_MAX_REPLACED_SHARE = 100


def decode(data: bytes, shown: str) -> tuple[str, tuple[Diagnostic, ...]] | Diagnostic:
    """The text of a file and warnings about it, or the error that stops it being read."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), ()
            except UnicodeDecodeError as exc:
                return diag.error(
                    "encoding",
                    f"starts like {codec.upper()} but is not (byte {exc.start})",
                    SourceSpan(shown, 1),
                )
    if b"\x00" in data[:8192]:
        return diag.error("binary", "the file is binary, not a doc page", SourceSpan(shown, 1))
    notes: list[Diagnostic] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        text = data.decode("utf-8-sig", errors="replace")
        if text.count("\ufffd") >= max(8, len(text) // _MAX_REPLACED_SHARE):
            return diag.error("encoding", f"not UTF-8 (byte {exc.start})", SourceSpan(shown, line))
        notes.append(
            diag.warning(
                "encoding",
                f"not UTF-8 (byte {exc.start}); {text.count(chr(0xFFFD))} undecodable characters "
                "are read as \ufffd",
                SourceSpan(shown, line),
            )
        )
    found = mojibake(text)
    if found is not None:
        line, sample, count = found
        notes.append(
            diag.warning(
                "mojibake",
                f"the text looks mis-encoded ({count} sequences such as {sample!r}: UTF-8 read as "
                "cp1252/latin-1 or cp1251 and saved again); names and words may not be understood",
                SourceSpan(shown, line),
            )
        )
    return text, tuple(notes)


def mojibake(text: str) -> tuple[int, str, int] | None:
    """The line and text of the first mojibake sequence and how many there are, if enough."""
    start = None if text.isascii() else _MOJIBAKE_START.search(text)
    if start is None:
        return None
    matches = list(_MOJIBAKE.finditer(text, start.start()))
    if len(matches) < MOJIBAKE_MIN:
        return None
    first = matches[0]
    return text.count("\n", 0, first.start()) + 1, first.group(), len(matches)
