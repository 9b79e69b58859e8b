"""Hostile doc text: payloads whose effect is observable if generated code ever runs them.

Every payload carries a statement that, when executed, leaves three traces: a file
`hit<N>` in the marker directory, the token `D2S:PWN<N>` on stderr, and the environment
variable `D2S_HIT`. The tokens are built at run time around a `:` made by `chr(58)`, so
they never appear literally in the docs, and no identifier the naming module derives from
the docs can contain them: finding one means the code ran.
"""

from __future__ import annotations

from pathlib import Path

TOKEN_PREFIX = "D2S:PWN"  # what a payload prints when it runs
HIT_ENV = "D2S_HIT"  # what a payload sets when it runs
JINJA_HIT = "D2S:JINJA"  # what the Jinja payload renders to if a template evaluates doc text
SHELL_HIT = "D2S:SHELL"  # what `$(echo D2S:''SHELL)` prints if a shell ever expands doc text
SECRET_ENV = "D2S_BUILD_SECRET"  # set for the build; its value must never reach the output
SECRET_VALUE = "s3cr3t-" + "value-7f1c"


def statement(marker_dir: Path, n: int) -> str:
    """One line of Python that leaves all three traces of payload number n."""
    return (
        f"__import__('pathlib').Path(r'{marker_dir}').joinpath('hit'+'{n}').touch();"
        f"__import__('sys').stderr.write('D2S'+chr(58)+'PWN{n}');"
        f"__import__('os').environ.__setitem__('D2S_'+'HIT','{n}')"
    )


def text_payloads(marker_dir: Path) -> list[str]:
    """Descriptions, titles, examples: each tries a different way out of a string or comment."""
    s = [statement(marker_dir, n) for n in range(40)]
    return [
        f'"""; {s[0]}; """',
        f"'''; {s[1]}; '''",
        f'\\"\\"\\"; {s[2]}; \\"\\"\\"',
        "ends with a backslash \\",
        f'x"""\n{s[3]}\n"""',
        f"\n{s[4]}\n",
        f"\r{s[5]}\r",
        f"\u2028{s[6]}\u2028",
        f"\x85{s[7]}\x85",
        f"\x0b{s[8]}\x0c{s[8]}",
        f"# comment\n{s[9]}\n#",
        f"{{{{ {s[10]} }}}}",
        f"{{% raw %}}{{{{ 'D2S' ~ ':' ~ 'JINJA' }}}}{{% endraw %}} {{{{ 'D2S' ~ ':' ~ 'JINJA' }}}}",
        f"${{{SECRET_ENV}}} ${SECRET_ENV} %{SECRET_ENV}% $(echo D2S:''SHELL) `echo D2S:''SHELL`",
        f"{{{s[11]}}} {{0}} %s %(x)s",
        f"__import__('os').system('touch {marker_dir}/hit12')",
        f'"); exec("{s[13]}")#',
        f"'); exec('{s[14]}')#",
        f"); exec({s[15]!r})#",
        f"NUL\x00here\x01\x02\x07\x08\x1b[2J\x7f end",
        f"\u202e{s[16]}\u202c \u2066{s[17]}\u2069 \u2067rtl\u2069",
        "\\N{BULLET} \\u0022\\u0022\\u0022 \\x22\\x22\\x22 \\",
        f'\\"""; {s[18]}; #',
        f"'''\"\"\"'''\"\"\"; {s[19]}",
        f'"""\r\n{s[20]}\r\n"""',
        "emoji \U0001f600 имя naïve \u0301 \ufeff zero\u200bwidth",
        "",
        " " * 3,
    ]


def name_payloads(marker_dir: Path) -> list[str]:
    """Field, parameter and schema names that Python or the generated code could trip on."""
    return [
        "class",
        "from",
        "__init__",
        "self",
        "model_config",
        "Field",
        "BaseModel",
        "int",
        "2fa",
        "$filter",
        "@type",
        "x-api-key",
        "userId",
        "user_id",
        "имя",
        "naïve",
        "\U0001f600",
        "None",
        "True",
        "__class__",
        "__dict__",
        "model_fields",
        "print",
        "exec",
        "_",
        "__",
        "await",
        "async",
        "match",
        "type",
        "Literal",
        "Any",
        "cast",
        "models",
        "httpx",
        "annotations",
        "NOT_GIVEN",
        "timeout",
        "extra_headers",
        "model_body",
        "jsonable_body",
        "strip_not_given",
        "request_options",
        "isinstance",
        "a-b",
        "a_b",
        "a b",
        "A_B",
        f'"""; {statement(marker_dir, 30)} #',
        f"'); {statement(marker_dir, 31)} #",
        "back\\slash\\",
        "line\nbreak",
        "nul\x00char",
        "{{ 'D2S' ~ ':' ~ 'JINJA' }}",
        "{x}",
        "n" * 10_000,
    ]


def header_names() -> list[str]:
    """Header parameter names: hostile, yet valid HTTP tokens (quotes and `#` are tchars)."""
    return ["X-Evil'''#", "x-api-key", "X-$filter", "X-Request-Id", "X-A|B~C`"]


def flatten_strings(value: object) -> list[str]:
    """Every string (keys and values) inside a JSON-like value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*flatten_strings(k), *flatten_strings(v))]
    if isinstance(value, list | tuple):
        return [s for v in value for s in flatten_strings(v)]
    return []
