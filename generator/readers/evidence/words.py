"""The words the evidence finders look up, in every language the docs we met use, as data.

Builds on the shared tables in `readers/vocab.py`; a new language or rendering is new rows
here, never a new branch in a finder. Keys are lower case (see `vocab.cell`).
"""

from __future__ import annotations

import re

from generator.ir import Kind
from generator.readers import vocab

METHODS = ("get", "post", "put", "patch", "delete", "head", "options")

TYPE_WORDS: dict[str, Kind] = {
    **vocab.TYPE_WORDS,
    "enum": Kind.STRING, "enums": Kind.STRING, "uri": Kind.STRING, "url": Kind.STRING,
    "datetime string": Kind.STRING, "timestamp": Kind.STRING, "char": Kind.STRING,
    "varchar": Kind.STRING, "uint": Kind.INTEGER, "bigint": Kind.INTEGER, "int8": Kind.INTEGER,
    "int16": Kind.INTEGER, "float64": Kind.NUMBER, "float32": Kind.NUMBER, "real": Kind.NUMBER,
    "hash": Kind.OBJECT, "record": Kind.OBJECT, "numeric": Kind.NUMBER,
    # es / pt / de / zh / ja
    "cadena": Kind.STRING, "texto": Kind.STRING, "número": Kind.NUMBER, "numero": Kind.NUMBER,
    "entero": Kind.INTEGER, "inteiro": Kind.INTEGER, "booleano": Kind.BOOLEAN,
    "objeto": Kind.OBJECT, "fecha": Kind.STRING, "fecha y hora": Kind.STRING, "cadena de texto": Kind.STRING, "arreglo": Kind.ARRAY, "lista": Kind.ARRAY, "zeichenkette": Kind.STRING,
    "zahl": Kind.NUMBER, "ganzzahl": Kind.INTEGER, "objekt": Kind.OBJECT,
    "字符串": Kind.STRING, "整数": Kind.INTEGER, "整型": Kind.INTEGER, "数字": Kind.NUMBER,
    "布尔": Kind.BOOLEAN, "对象": Kind.OBJECT, "数组": Kind.ARRAY, "文字列": Kind.STRING,
    "数値": Kind.NUMBER, "真偽値": Kind.BOOLEAN, "配列": Kind.ARRAY, "オブジェクト": Kind.OBJECT,
}

# A cell or word saying whether a field must be sent. Absent here: not stated.
REQUIRED_WORDS: dict[str, bool] = {
    **{k: v for k, v in vocab.REQUIRED_WORDS.items() if k not in ("", "-")},
    "always required": True, "required field": True, "y": True, "n": False,
    "sí": True, "si": True, "sim": True, "não": False, "nao": False, "obligatorio": True,
    "opcional": False, "obrigatório": True, "obrigatorio": True, "requerido": True,
    "erforderlich": True, "pflicht": True, "ja": True, "nein": False, "optional.": False,
    "obligatoire": True, "facultatif": False, "oui": True, "non": False,
    "必須": True, "必填": True, "是": True, "否": False, "任意": False, "可选": False,
    "非必填": False, "选填": False, "必选": True, "required*": True,
}
# Header cells by the role of their column: the shared table plus other languages.
HEADER_ROLES: dict[str, str] = {
    **vocab.HEADER_ROLES,
    "key": "name", "campo": "name", "nombre": "name", "nome": "name", "parámetro": "name",
    "parâmetro": "name", "parametro": "name", "feld": "name", "参数": "name", "参数名": "name",
    "字段": "name", "名称": "name", "パラメータ": "name", "名前": "name", "項目": "name",
    "datatype": "type", "tipo": "type", "typ": "type", "类型": "type", "型": "type",
    "タイプ": "type", "obligatorio": "required", "obrigatório": "required",
    "requerido": "required", "erforderlich": "required", "pflicht": "required",
    "是否必填": "required", "必填": "required", "是否必须": "required", "必須": "required",
    "必选": "required", "descripción": "description", "descrição": "description",
    "beschreibung": "description", "说明": "description", "描述": "description",
    "説明": "description", "备注": "description", "value": "description",
    "in": "in", "location": "in", "デフォルト値": "default", "默认值": "default",
    "valor por defecto": "default", "padrão": "default", "atributos": "name", "atributo": "name",
    "attributes": "name", "atributos del cuerpo": "name",
}
# A heading over a table saying all its rows are required (or optional).
REQUIRED_HEADINGS: dict[str, bool] = {
    "required": True, "optional": False, "required fields": True, "optional fields": False,
    "required parameters": True, "optional parameters": False, "obrigatórios": True,
    "opcionais": False, "obligatorios": True, "opcionales": False, "обязательные": True,
    "необязательные": False, "обязательные параметры": True, "необязательные параметры": False,
    "erforderlich": True, "optionale": False, "必須": True, "任意": False, "必填": True, "选填": False,
}

# Section headings, by role. A heading is a short line whose words (markup and a trailing
# colon dropped) are one of these, possibly after a label like "Request:".
SECTIONS: dict[str, str] = {}
for _role, _names in (
    ("path", (*vocab.PATH_SECTIONS, "path parameter", "pfadparameter", "parâmetros de caminho",
              "parámetros de ruta", "路径参数", "パスパラメータ", "parâmetros da url",
              "url parameters", "параметры пути")),
    ("query", (*vocab.QUERY_SECTIONS, "query parameter", "query", "request params",
               "parâmetros de consulta", "parámetros de consulta", "查询参数",
               "クエリパラメータ", "abfrageparameter", "params", "query string parameters")),
    ("header", (*vocab.HEADER_SECTIONS, "header", "request headers", "заголовки запроса",
                "cabeçalhos", "encabezados", "请求头", "ヘッダー", "リクエスト:ヘッダー",
                "header params", "kopfzeilen")),
    ("auth", (*vocab.AUTH_SECTIONS, "authorization", "autenticação", "autenticación",
              "authentication")),
    ("body", (*vocab.BODY_SECTIONS, "body params", "body param", "body parameter", "request body",
              "corpo", "corpo (json)", "corpo da requisição", "cuerpo", "cuerpo de la solicitud",
              "anfragekörper", "请求体", "请求参数", "リクエスト:ボディ", "リクエストボディ",
              "формат тела запроса", "тело запроса", "parâmetros da requisição",
              "parámetros del cuerpo", "form data", "payload", "request parameter",
              "body schema", "request body schema", "request payload")),
    ("params", (*vocab.REQUEST_SECTIONS, "parameter", "参数", "parámetros", "parâmetros",
                "パラメータ", "параметры", "request", "formato de requisição",
                "формат запроса")),
    ("response", (*vocab.RESPONSE_SECTIONS, "sample response", "responses", "resposta",
                  "respuesta", "respuestas", "respostas", "antwort", "antworten",
                  "response body", "返回", "返回参数", "返回示例", "返回结果", "响应",
                  "响应参数", "レスポンス", "応答", "response schema", "response fields",
                  "response parameters", "response codes", "returns", "exemplo de resposta",
                  "ejemplo de respuesta", "beispielantwort")),
    ("error", (*vocab.ERROR_SECTIONS, "erros", "errores", "fehler", "错误码", "エラー")),
):
    for _name in _names:
        SECTIONS.setdefault(_name, _role)

# Labels over a JSON sample, by what the sample shows.
SAMPLE_ROLES: dict[str, str] = {
    "request": "body", "request body": "body", "body": "body", "body parameter": "body",
    "example request": "body", "request example": "body", "payload": "body", "data": "body",
    "exemplo de json": "body", "exemplo de requisição": "body", "ejemplo de solicitud": "body",
    "请求示例": "body", "пример запроса": "body", "формат тела запроса": "body",
}
# Status words after a code: "200 OK", "201: Created". A 2xx line opens a success response.
STATUS_LINE = re.compile(
    r"^\W{0,3}(?:(?:http\s+)?(?:status|code|resposta|respuesta|response|ответ|antwort)?\s*:?\s*)"
    r"([1-5]\d\d)(?![\d.,])(?:\s*[:\-–—]?\s*(?:http code|[A-Za-z][\w ]{0,40}|\S{0,20}))?$",
    re.IGNORECASE,
)
# A host that is a placeholder, never a real default environment.
PLACEHOLDER_HOST = re.compile(
    r"[<>{}]|your[-_]?(?:domain|host|server|instance|company|subdomain|site|tenant)|"
    r"^(?:host|domain|server|hostname|example)$|\$\w|\.\.\.",
    re.IGNORECASE,
)
