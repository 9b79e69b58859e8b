"""Words the docs use, in every language we have met, as data: readers look words up here.

Keys are lower-case and stripped; add a language by adding rows, never by adding `if`s.
"""

from __future__ import annotations

import re

from generator.ir import Kind

TYPE_WORDS: dict[str, Kind] = {
    # English
    "string": Kind.STRING, "str": Kind.STRING, "text": Kind.STRING, "uuid": Kind.STRING,
    "date": Kind.STRING, "datetime": Kind.STRING, "date-time": Kind.STRING, "email": Kind.STRING,
    "integer": Kind.INTEGER, "int": Kind.INTEGER, "int32": Kind.INTEGER, "int64": Kind.INTEGER,
    "long": Kind.INTEGER, "number": Kind.NUMBER, "float": Kind.NUMBER, "double": Kind.NUMBER,
    "decimal": Kind.NUMBER, "boolean": Kind.BOOLEAN, "bool": Kind.BOOLEAN, "array": Kind.ARRAY,
    "list": Kind.ARRAY, "object": Kind.OBJECT, "dict": Kind.OBJECT, "map": Kind.OBJECT,
    "json": Kind.OBJECT, "null": Kind.NULL, "any": Kind.ANY, "file": Kind.STRING,
    "binary": Kind.STRING,
    # Russian
    "строка": Kind.STRING, "строковый": Kind.STRING, "число": Kind.NUMBER, "целое": Kind.INTEGER,
    "целое число": Kind.INTEGER, "дробное число": Kind.NUMBER, "булево": Kind.BOOLEAN,
    "логический": Kind.BOOLEAN, "булевый": Kind.BOOLEAN, "массив": Kind.ARRAY,
    "объект": Kind.OBJECT, "дата": Kind.STRING, "дата и время": Kind.STRING,
}
# Formats some docs write where a type goes ("Date", "UUID").
FORMAT_WORDS: dict[str, str] = {
    "uuid": "uuid", "date": "date", "datetime": "date-time", "date-time": "date-time",
    "email": "email", "int32": "int32", "int64": "int64", "float": "float", "double": "double",
    "file": "binary", "binary": "binary",
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
    "yes": True, "required": True, "true": True, "mandatory": True, "да": True, "обязателен": True,
    "обязательный": True, "обязательно": True, "no": False, "optional": False, "false": False,
    "нет": False, "необязательный": False, "опционально": False, "-": False, "": False, "✅": True,
    "✔": True, "❌": False, "не обязателен": False, "необязателен": False,
}

# Table header cells, by the role of their column.
HEADER_ROLES: dict[str, str] = {
    "parameter": "name", "param": "name", "name": "name", "field": "name", "key": "name",
    "attribute": "name", "property": "name", "параметр": "name", "поле": "name", "имя": "name",
    "название": "name", "required": "required", "mandatory": "required", "обязателен": "required",
    "обязательный": "required", "обязательность": "required", "type": "type", "тип": "type",
    "data type": "type", "тип данных": "type", "description": "description",
    "описание": "description", "details": "description", "comment": "description",
    "комментарий": "description", "example": "example", "пример": "example", "default": "default",
    "по умолчанию": "default", "значение по умолчанию": "default",
}

# Section headings that open the request or the response part of a page.
REQUEST_SECTIONS = (
    "request body", "body", "request", "parameters", "body parameters", "запрос",
    "параметры запроса", "тело запроса", "параметры", "request parameters", "request example",
    "example request", "пример запроса", "входные параметры",
)
PATH_SECTIONS = ("path parameters", "path params", "параметры пути")
QUERY_SECTIONS = ("query parameters", "query params", "query string", "параметры строки запроса")
HEADER_SECTIONS = (
    "header parameters", "headers", "заголовки", "параметры заголовка", "параметры заголовков",
)
RESPONSE_SECTIONS = (
    "response", "responses", "returns", "response body", "ответ", "ответы", "результат",
    "пример ответа", "response parameters", "параметры ответа", "example response",
    "response example", "successful response", "успешный ответ", "тело ответа", "ответ сервера",
    "выходные параметры",
)

# Envelope keys: a boolean flag and the key that carries the payload.
ENVELOPE_FLAGS = ("success", "ok", "status_ok", "successful")
ENVELOPE_PAYLOADS = ("response", "data", "result", "payload")
ENVELOPE_ERRORS = ("error", "errors", "message")

# Words a label over a nested-object table adds around the field it describes
# ("**User object:**", "Объект пользователя", "Items of `orders`"); what is left names the field.
OBJECT_LABEL_WORDS = frozenset(
    {
        "object", "objects", "item", "items", "element", "elements", "entry", "structure", "schema",
        "model", "field", "fields", "of", "the", "a", "an", "each", "in", "array", "list", "type",
        "объект", "объекта", "объекты", "объектов", "элемент", "элемента", "элементы", "структура",
        "поля", "поле", "описание", "массива", "массиве", "списка", "каждого", "в", "из",
    }
)
# Header names that carry credentials: a public key + signature pair is a body-signing scheme.
AUTH_PUBLIC_KEY_WORDS = ("public-key", "public_key", "publickey")
AUTH_SIGNATURE_WORDS = ("signature",)
AUTH_API_KEY_WORDS = ("api-key", "api_key", "apikey", "authorization", "access-token", "auth-token")

# Rendered API-reference pages (one field attribute per line: name / type / required / text).
AUTH_SECTIONS = ("authorizations", "authentication methods", "security schemes")
COOKIE_SECTIONS = ("cookie parameters", "cookies")
# A badge under a field name saying where a credential or parameter goes.
PARAM_LOCATION_WORDS: dict[str, str] = {
    "header": "header", "query": "query", "path": "path", "cookie": "cookie",
}
FIELD_BADGES: dict[str, str] = {
    "deprecated": "deprecated", "read-only": "read_only", "readonly": "read_only",
    "write-only": "write_only",
}
# Code-sample tab labels: a line holding only one of these opens a sample in that language.
SAMPLE_LANGUAGES = frozenset(
    {
        "curl", "bash", "shell", "sh", "python", "javascript", "js", "node", "node.js",
        "typescript", "go", "golang", "java", "php", "ruby", "c#", "csharp", ".net", "kotlin",
        "swift", "rust", "dart", "http", "powershell",
    }
)
# Notes printed under a field, by role: "Available options: a, b", "default:0", "Required range: x <= 9".
FIELD_NOTES: dict[str, str] = {
    "available options": "enum", "allowed values": "enum", "allowed value": "enum",
    "example": "example", "examples": "example", "default": "default", "required range": "range",
    "range": "range", "required string length": "length", "minimum length": "min_length",
    "maximum length": "max_length", "required array length": "items",
    "minimum array length": "min_items", "maximum array length": "max_items", "pattern": "pattern",
}
# Toggles in front of nested fields.
CHILD_TOGGLES = (
    "show child attributes", "hide child attributes", "show properties", "hide properties",
)
# Where docs name a header in prose: "(the name of the header is x-APIKey)".
HEADER_NAME_PHRASE = re.compile(
    r"(?:name of the header is|header (?:named|called))\s+[`'\"]?([A-Za-z][\w-]{1,60})",
    re.IGNORECASE,
)
# The key prefix in plain text, without code spans: "include the word apikey, followed by".
PREFIX_WORD_PHRASE = re.compile(
    r"(?:the word|prefix(?:ed)? (?:with|by)|the prefix)\s+[`'\"]?([A-Za-z][A-Za-z-]{1,30})\b",
    re.IGNORECASE,
)
# Auth kinds a credential's description names ("Bearer authentication header of the form ...").
AUTH_KIND_WORDS: dict[str, str] = {"bearer": "bearer", "basic": "basic"}
# "The response is of type object[].", "The body is of type string."
TYPE_SENTENCE = re.compile(r"\bis of type\s+(.+?)\.?\s*$", re.IGNORECASE)

# Prose API pages (flat or one item per line): error sections, labels over samples, page chrome.
BODY_SECTIONS = ("request body", "body", "body parameters", "тело запроса")
ERROR_SECTIONS = (
    "errors", "error responses", "error codes", "error response", "ошибки", "коды ошибок",
)
EXAMPLE_WORDS = ("example", "examples", "sample", "samples", "пример", "примеры")
PAGE_CHROME = (
    "skip to content", "skip to main content", "last updated", "was this helpful?", "on this page",
    "copy page", "copy", "try it", "ask ai", "was this page helpful?",
)
# Rendered GitBook pages: the mark that names the site, chrome lines known by their start
# ("Last updated 9 months ago"), pager lines ("PreviousPartners APINextGet user"), icon names.
GITBOOK_MARKS = ("powered by gitbook",)
CHROME_PREFIXES = ("last updated", "последнее обновление", "обновлено")
PAGER_WORDS = ("previous", "next", "назад", "далее", "предыдущая", "следующая")
ICON_WORDS = ("chevron-right", "chevron-left", "chevron-down", "chevron-up")
# Headers that only describe the transport, never a credential or an API parameter.
TRANSPORT_HEADERS = (
    "content-type", "accept", "user-agent", "content-length", "accept-encoding", "accept-language",
    "cache-control", "connection", "host",
)
# "· Defaults to true", "Default: 20", "по умолчанию 10" after a field's type and required word.
DEFAULT_PHRASE = re.compile(
    r"(?:·\s*)?(?:defaults?\s+to|default:|по умолчанию:?)\s*"
    r"(\"[^\"]*\"|'[^']*'|`[^`]*`|[^\s,;]+)",
    re.IGNORECASE,
)
# "Returns 204 No Content on success", "responds with HTTP 201".
RETURNS_STATUS = re.compile(
    r"\b(?:returns?|responds?\s+with|возвращает)\s+(?:an?\s+|http\s+|status\s+)*"
    r"([1-5]\d\d)\b\s*((?-i:[A-Z][a-z]*(?:\s+[A-Z][a-z]*)*))?", re.IGNORECASE,
)


def cell(text: str) -> str:
    """A table cell or phrase as a lookup key: markup stripped, lower case, single spaces."""
    return " ".join(text.replace("*", " ").replace("`", " ").strip().lower().split())
