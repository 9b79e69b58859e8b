"""Words the docs use, in every language we have met, as data: readers look words up here.

Keys are lower-case and stripped; add a language by adding rows, never by adding `if`s.
"""

from __future__ import annotations

import re

from ..ir import Kind

TYPE_WORDS: dict[str, Kind] = {
    # English
    "string": Kind.STRING, "str": Kind.STRING, "text": Kind.STRING, "uuid": Kind.STRING,
    "date": Kind.STRING, "datetime": Kind.STRING, "date-time": Kind.STRING, "email": Kind.STRING,
    "integer": Kind.INTEGER, "int": Kind.INTEGER, "int32": Kind.INTEGER, "int64": Kind.INTEGER,
    "long": Kind.INTEGER, "number": Kind.NUMBER, "float": Kind.NUMBER, "double": Kind.NUMBER,
    "decimal": Kind.NUMBER, "boolean": Kind.BOOLEAN, "bool": Kind.BOOLEAN,
    "array": Kind.ARRAY, "list": Kind.ARRAY, "object": Kind.OBJECT, "dict": Kind.OBJECT,
    "map": Kind.OBJECT, "json": Kind.OBJECT, "null": Kind.NULL, "any": Kind.ANY,
    # Russian
    "строка": Kind.STRING, "строковый": Kind.STRING, "число": Kind.NUMBER, "целое": Kind.INTEGER,
    "целое число": Kind.INTEGER, "дробное число": Kind.NUMBER, "булево": Kind.BOOLEAN,
    "логический": Kind.BOOLEAN, "булевый": Kind.BOOLEAN, "массив": Kind.ARRAY,
    "объект": Kind.OBJECT,
}
# Formats some docs write where a type goes ("Date", "UUID").
FORMAT_WORDS: dict[str, str] = {
    "uuid": "uuid", "date": "date", "datetime": "date-time", "date-time": "date-time", "email": "email",
    "int32": "int32", "int64": "int64", "float": "float", "double": "double",
}
# "String or null", "Строка или null", "string | null", "nullable string".
NULL_PATTERN = re.compile(r"\s*(?:\bor\b|\bили\b|\|)\s*null\b|\bnullable\b|\bnull\s*(?:\bor\b|\bили\b|\|)\s*",
                          re.IGNORECASE)
# "Array of strings", "array[string]", "Массив строк", "list<int>".
ARRAY_OF = re.compile(r"^(?:array|list|массив)\s*(?:of\s+|\[|<|\s)\s*(?P<item>[^\]>]+?)\s*[\]>]?$",
                      re.IGNORECASE)
PLURALS: dict[str, str] = {"strings": "string", "integers": "integer", "numbers": "number",
                           "objects": "object", "booleans": "boolean", "строк": "строка",
                           "чисел": "число", "объектов": "объект"}

REQUIRED_WORDS: dict[str, bool] = {
    "yes": True, "required": True, "true": True, "mandatory": True, "да": True,
    "обязателен": True, "обязательный": True, "обязательно": True,
    "no": False, "optional": False, "false": False, "нет": False, "необязательный": False,
    "опционально": False, "-": False, "": False,
}

# Table header cells, by the role of their column.
HEADER_ROLES: dict[str, str] = {
    "parameter": "name", "param": "name", "name": "name", "field": "name", "key": "name",
    "attribute": "name", "property": "name", "параметр": "name", "поле": "name", "имя": "name",
    "название": "name",
    "required": "required", "mandatory": "required", "обязателен": "required",
    "обязательный": "required", "обязательность": "required",
    "type": "type", "тип": "type", "data type": "type", "тип данных": "type",
    "description": "description", "описание": "description", "details": "description",
    "comment": "description", "комментарий": "description",
}

# Section headings that open the request or the response part of a page.
REQUEST_SECTIONS = ("request body", "body", "request", "parameters", "body parameters", "запрос",
                    "параметры запроса", "тело запроса", "параметры")
PATH_SECTIONS = ("path parameters", "path params", "параметры пути")
QUERY_SECTIONS = ("query parameters", "query params", "query string", "параметры строки запроса")
HEADER_SECTIONS = ("header parameters", "headers", "заголовки")
RESPONSE_SECTIONS = ("response", "responses", "returns", "response body", "ответ", "ответы",
                     "результат", "пример ответа")

# Envelope keys: a boolean flag and the key that carries the payload.
ENVELOPE_FLAGS = ("success", "ok", "status_ok", "successful")
ENVELOPE_PAYLOADS = ("response", "data", "result", "payload")
ENVELOPE_ERRORS = ("error", "errors", "message")


def cell(text: str) -> str:
    """A table cell or phrase as a lookup key: markup stripped, lower case, single spaces."""
    return " ".join(text.replace("*", " ").replace("`", " ").strip().lower().split())
