"""Cases too big, binary or oddly encoded to commit: each function writes its file(s) into a
folder at test time and returns their names. Expectations live in expected.yaml beside the
committed cases; the line each one names follows from how the file is built (see comments).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from generator.load.source import MAX_SOURCE_BYTES

CASES = Path(__file__).parent / "cases"
SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
DEPTH = 1000  # "deep nesting (1,000 levels)" from the issue

_HEAD = "openapi: 3.1.0\ninfo: {title: Deep, version: '1'}\n"
_SERVERS = "servers: [{url: 'https://api.example.com'}]\n"
# Lines 4-12; the response schema is on line 12.
_ONE_GET = (
    "paths:\n  /deep:\n    get:\n      responses:\n        '200':\n          description: ok\n"
    "          content:\n            application/json:\n              schema: {SCHEMA}\n"
)


def _write(folder: Path, name: str, data: str | bytes) -> list[str]:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8", newline="")
    return [name]


def binary(folder: Path) -> list[str]:
    return _write(folder, "binary.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)


def nul_bytes(folder: Path) -> list[str]:
    page = (CASES / "ragged-table.md").read_text(encoding="utf-8")
    return _write(folder, "nul-bytes.md", page.replace("Creates a user.", "Creates\x00 a user."))


def too_large(folder: Path) -> list[str]:
    # Sparse: one byte over the limit costs no disk and no time to write.
    path = folder / "too-large.yaml"
    with path.open("wb") as out:
        out.write(b"openapi: 3.1.0\n")
        out.truncate(MAX_SOURCE_BYTES + 1)
    return [path.name]


def huge_line(folder: Path) -> list[str]:
    return _write(folder, "huge-line.txt", "lorem ipsum dolor sit amet " * 80_000)


def latin1(folder: Path) -> list[str]:
    text = (
        "openapi: 3.1.0\ninfo: {title: Latin-1, version: '1'}\n"
        + _SERVERS
        + "paths:\n  /cafes:\n    get:\n      operationId: listCafes\n"
        + "      summary: Liste des cafés\n"  # line 8: é is one byte, 0xE9, in latin-1
        + "      responses: {'200': {description: ok}}\n"
    )
    return _write(folder, "latin1.yaml", text.encode("latin-1"))


def _dangling() -> str:
    return (CASES / "dangling-ref.yaml").read_text(encoding="utf-8")


def utf16_bom(folder: Path) -> list[str]:
    return _write(folder, "utf16-bom.yaml", _dangling().encode("utf-16"))  # with its BOM


def utf16_no_bom(folder: Path) -> list[str]:
    return _write(folder, "utf16-no-bom.yaml", _dangling().encode("utf-16-le"))


def utf8_bom(folder: Path) -> list[str]:
    return _write(folder, "utf8-bom.yaml", "\ufeff" + _dangling())


def crlf(folder: Path) -> list[str]:
    return _write(folder, "crlf.yaml", _dangling().replace("\n", "\r\n"))


def deep_yaml_objects(folder: Path) -> list[str]:
    # Line 3 is `x-deep:`; line 3+i opens the mapping at depth i+1, so depth 257 is line 259.
    levels = "".join("  " * i + "a:\n" for i in range(1, DEPTH)) + "  " * DEPTH + "a: 1\n"
    return _write(folder, "deep-yaml-objects.yaml", _HEAD + "x-deep:\n" + levels + "paths: {}\n")


def deep_json_objects(folder: Path) -> list[str]:
    # The root object opens on line 1; line 1+i opens depth 1+i, so depth 257 is line 257.
    head = '{"openapi": "3.1.0", "info": {"title": "Deep", "version": "1"}, "paths": {}, "x":\n'
    return _write(
        folder, "deep-json-objects.json", head + '{"a":\n' * DEPTH + "1" + "}" * (DEPTH + 1) + "\n"
    )


def deep_yaml_arrays(folder: Path) -> list[str]:
    return _write(
        folder, "deep-yaml-arrays.yaml", _HEAD + "x-deep: " + "[" * DEPTH + "]" * DEPTH + "\n"
    )


def deep_json_arrays(folder: Path) -> list[str]:
    # A hundred times the depth, on one line: parsed unchecked, libyaml would crash.
    head = '{"openapi": "3.1.0", "info": {"title": "Deep", "version": "1"}, "paths": {}, "x": '
    depth = 100 * DEPTH
    return _write(folder, "deep-json-arrays.json", head + "[" * depth + "]" * depth + "}\n")


def deep_block_sequence(folder: Path) -> list[str]:
    # `- - - 1` nests block sequences on one line (line 4).
    text = _HEAD + "x-deep:\n  " + "- " * (100 * DEPTH) + "1\npaths: {}\n"
    return _write(folder, "deep-block-sequence.yaml", text)


def deep_schema(folder: Path) -> list[str]:
    # 100 levels of `properties: {f: ...}`, 3 lines each from line 13; level k's schema is
    # on the line of its key `f:`, 12 + 3k. The reader's limit is 64: level 65 is line 207.
    levels = []
    for k in range(100):
        pad = "                " + "    " * k
        levels.append(f"{pad}type: object\n{pad}properties:\n{pad}  f:\n")
    levels.append("                " + "    " * 100 + "type: string\n")
    text = _HEAD + _SERVERS + _ONE_GET.replace(" {SCHEMA}", "") + "".join(levels)
    return _write(folder, "deep-schema.yaml", text)


def deep_pointer_chain(folder: Path) -> list[str]:
    # Line 12 refers to p0; p_i is on line 14+i. Each reference is one level down: the
    # node read at level 65 is p64, line 78.
    chain = "".join(f"  p{i}: {{$ref: '#/x-defs/p{i + 1}'}}\n" for i in range(DEPTH))
    text = (
        _HEAD
        + _SERVERS
        + _ONE_GET.replace("{SCHEMA}", "{$ref: '#/x-defs/p0'}")
        + "x-defs:\n"
        + chain
        + f"  p{DEPTH}: {{type: string}}\n"
    )
    return _write(folder, "deep-pointer-chain.yaml", text)


def deep_ref_chain(folder: Path) -> list[str]:
    # Components S0 -> S1 -> ... -> S1000, S_i on line 15+i: the chain's head S0 is line 15.
    chain = "".join(f"    S{i}: {{$ref: '#/components/schemas/S{i + 1}'}}\n" for i in range(DEPTH))
    text = (
        _HEAD
        + _SERVERS
        + _ONE_GET.replace("{SCHEMA}", "{$ref: '#/components/schemas/S0'}")
        + "components:\n  schemas:\n"
        + chain
        + f"    S{DEPTH}: {{type: string}}\n"
    )
    return _write(folder, "deep-ref-chain.yaml", text)


def deep_json_sample(folder: Path) -> list[str]:
    # Aitronos' flat-prose "create user" page with a field nested 1,000 deep in its response
    # sample: schemas are read to 64 levels, and the page is not lost.
    page = next(SEEDS.glob("003_*.txt")).read_text(encoding="utf-8")
    deep = '"deep": ' + '{"a": ' * DEPTH + "1" + "}" * DEPTH + ", "
    at = page.index('"global_role_id"')
    return _write(folder, "deep-json-sample.txt", page[:at] + deep + page[at:])


def _nested_list(levels: int) -> str:
    items = "".join("  " * i + "- item\n" for i in range(levels))
    return (
        "# Create user\n\n"
        + items
        + '\n{% openapi src="/f" path="/users" method="post" %}\n{% endopenapi %}\n'
    )


def nested_list_40(folder: Path) -> list[str]:
    # Past markdown-it's default of 20 levels, which silently dropped the rest of the page.
    return _write(folder, "nested-list-40.md", _nested_list(40))


def nested_list_1000(folder: Path) -> list[str]:
    # Once took minutes (a regex backtracking over indentation); must end quickly.
    return _write(folder, "nested-list-1000.md", _nested_list(DEPTH))


MAKERS: dict[str, Callable[[Path], list[str]]] = {
    f.__name__: f
    for f in (
        binary,
        nul_bytes,
        too_large,
        huge_line,
        latin1,
        utf16_bom,
        utf16_no_bom,
        utf8_bom,
        crlf,
        deep_yaml_objects,
        deep_json_objects,
        deep_yaml_arrays,
        deep_json_arrays,
        deep_block_sequence,
        deep_schema,
        deep_pointer_chain,
        deep_ref_chain,
        deep_json_sample,
        nested_list_40,
        nested_list_1000,
    )
}
