"""Doc pages in three shapes (OpenAPI YAML, GitBook markdown, flat prose) full of payloads."""

from __future__ import annotations

from itertools import cycle
from pathlib import Path
from typing import Any

import yaml

from .payloads import header_names, name_payloads, statement, text_payloads

SAFE_SERVER = "https://api.example.com/v1"


def _texts(marker_dir: Path) -> Any:
    # Empty payloads are skipped here: a description that is "" tests nothing.
    return cycle([t for t in text_payloads(marker_dir) if t.strip()])


def hostile_openapi(marker_dir: Path) -> dict[str, Any]:
    """An OpenAPI 3.1 document with a payload in every place doc text can reach code."""
    text = _texts(marker_dir)
    names = name_payloads(marker_dir)
    evil = statement(marker_dir, 35)
    record_name = f'Record"""; {evil} #'
    enum_values = [t for t in text_payloads(marker_dir) if t][:12] + ["class", "2fa", ""]

    def field(i: int, wire: str) -> dict[str, Any]:
        kind = i % 4
        if kind == 0:
            return {"type": "string", "description": next(text), "example": next(text)}
        if kind == 1:
            return {"type": "string", "enum": enum_values, "description": next(text)}
        if kind == 2:
            return {"type": "string", "default": next(text), "description": next(text)}
        return {"type": ["string", "null"], "examples": [next(text)], "title": next(text)}

    record = {
        "type": "object",
        "description": next(text),
        "required": ["class", "userId", "user_id"],
        "properties": {wire: field(i, wire) for i, wire in enumerate(names)},
    }
    problem = {
        "type": "object",
        "description": next(text),
        "properties": {
            "message": {"type": "string", "description": next(text)},
            '"""': {"type": "string", "example": next(text)},
        },
    }
    query = [
        {
            "name": wire,
            "in": "query",
            "description": next(text),
            "schema": {"type": "string", "example": next(text), "default": next(text)},
        }
        for wire in names
    ]
    headers = [
        {"name": wire, "in": "header", "description": next(text), "schema": {"type": "string"}}
        for wire in header_names()
    ]
    path_params = [
        {
            "name": wire,
            "in": "path",
            "required": True,
            "description": next(text),
            "schema": {"type": "string", "example": next(text)},
        }
        for wire in ("class", "2fa")
    ]
    ref = {"$ref": f"#/components/schemas/{_pointer(record_name)}"}
    ok = {"description": next(text), "content": {"application/json": {"schema": ref}}}
    bad = {
        "description": next(text),
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }
    tag = f"things'''; {statement(marker_dir, 36)} #"
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f'Hostile """ API {next(text)}',
            "description": next(text),
            "version": "1.0.0",
        },
        "servers": [
            {"url": SAFE_SERVER, "description": next(text)},
            {
                "url": f"https://sandbox.example.com/'''\"\"\"{{{{x}}}}#{evil}",
                "description": next(text),
            },
        ],
        "tags": [{"name": tag, "description": next(text)}],
        "security": [{f'key"""; {evil}': []}],
        "components": {
            "securitySchemes": {
                f'key"""; {evil}': {
                    "type": "apiKey",
                    "in": "header",
                    "name": "X-Key'''#",
                    "description": next(text),
                },
            },
            "schemas": {record_name: record, "Problem": problem},
        },
        "paths": {
            "/things/{class}/x'''\"\"\"#/{2fa}": {
                "post": {
                    "operationId": f'create"""; {evil} #',
                    "tags": [tag],
                    "summary": next(text),
                    "description": next(text),
                    "parameters": path_params + headers,
                    "requestBody": {
                        "required": True,
                        "description": next(text),
                        "content": {"application/json": {"schema": ref}},
                    },
                    "responses": {"200": ok, "400": bad},
                },
            },
            "/things": {
                "get": {
                    "operationId": "class",
                    "tags": ["self"],
                    "summary": next(text),
                    "parameters": query,
                    "responses": {"200": ok},
                },
                "delete": {
                    "operationId": "__init__",
                    "tags": ["self"],
                    "description": next(text),
                    "responses": {"204": {"description": next(text)}},
                },
            },
        },
    }


def _pointer(name: str) -> str:
    return name.replace("~", "~0").replace("/", "~1")


def openapi_yaml(doc: dict[str, Any]) -> str:
    """YAML that means `doc`: raw UTF-8 where PyYAML writes it faithfully, escapes elsewhere.

    PyYAML may put a NEL (U+0085) raw into a single-quoted scalar, where YAML folds it into
    a space; written with escapes ("\\N"), every character survives.
    """
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=10_000)
    if yaml.safe_load(text) == doc:
        return text
    return yaml.safe_dump(doc, allow_unicode=False, sort_keys=False, width=10_000)


def _cell(text: str) -> str:
    """Text for one markdown table cell: a line break would end the row, a pipe the cell."""
    # NUL makes the loader call the page binary, which is right for a page but tests nothing here.
    return " ".join(text.replace("\x00", "").replace("|", "\\|").split()) or "-"


def hostile_gitbook(marker_dir: Path) -> str:
    """A GitBook page (like seed 000) whose table cells and prose carry payloads."""
    text = _texts(marker_dir)
    names = [
        n for n in name_payloads(marker_dir) if "\n" not in n and "\x00" not in n and len(n) < 200
    ]
    evil = statement(marker_dir, 37)
    request_rows = "\n".join(
        f"| {_cell(n)} | {'Yes' if i % 2 else 'No'} | String | {_cell(next(text))} |"
        for i, n in enumerate(names)
    )
    response_rows = "\n".join(
        f"| {_cell(n)} | String or null | {_cell(next(text))} |" for n in names
    )
    return f"""# Create a thing \"\"\"; {evil} #

{next(text)}

### Request:

| **Parameter** | **Required** | **Type** | **Description** |
| ------------- | ------------ | -------- | --------------- |
{request_rows}

### Response:

| **Parameter** | **Type** | **Description** |
| ------------- | -------- | --------------- |
{response_rows}

{{% openapi src="/files/x" path="/things/create'''\\"\\"\\"" method="post" %}}
[openapi.json](https://example.com/openapi.json)
{{% endopenapi %}}
"""


def hostile_prose(marker_dir: Path) -> str:
    """A flat-prose page (like seed 003): one line, fields in `**\\`name\\`** type required`."""
    # `#`, `*` and backquotes are the structure of a one-line prose page (headings, names):
    # a description with them ends the field list early, which tests the reader, not escaping.
    text = (t.replace("\x00", "") for t in _texts(marker_dir) if not any(c in t for c in "#*`"))
    names = [
        n
        for n in name_payloads(marker_dir)
        if "`" not in n and "\x00" not in n and "\n" not in n and len(n) < 200
    ]
    evil = statement(marker_dir, 38)
    params = " ".join(
        f"**`{n}`** string {'required' if i % 2 else 'optional'} {' '.join(next(text).split())}"
        for i, n in enumerate(names)
    )
    returns = " ".join(f"**`{n}`** string or null {' '.join(next(text).split())}" for n in names)
    sample = ", ".join(f'"{_json_escape(n)}": "{_json_escape(next(text))}"' for n in names[:12])
    return (
        f'title: Create Thing """; {evil} # keywords: - create # Create Thing {next(text)} '
        f"#### Request Body {params} ## Returns {returns} Example ```bash cURL curl -X POST "
        f'"https://api.example.com/v1/thing/\'\'\'" -H "X-API-Key: $HOSTILE_API_KEY" '
        f'-H "Content-Type: application/json" -d \'{{ "class": "x" }}\' ``` '
        f"**Response:** ```json 201 OK {{ {sample} }} ```"
    )


def _json_escape(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)[1:-1]
