"""The intermediate model: what every reader produces and every emitter consumes.

All nodes are frozen and hold tuples, so a reader's output cannot be changed behind its
back and two runs over the same input compare equal. Each node keeps the place it was
read from. Wire names (as the API spells them) and Python names are separate fields;
Python names are filled in by `generator.naming`, never by a reader or a template.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any, TypeVar

JSONScalar = str | int | float | bool | None
Node = TypeVar("Node")


def with_changes(node: Node, **changes: Any) -> Node:
    """The node with some fields changed, or the node itself when none changes.

    Passes rebuild what they visit and mostly change nothing, so unchanged nodes stay shared.
    """
    if all(getattr(node, name) is value for name, value in changes.items()):
        return node
    return replace(node, **changes)  # type: ignore[type-var]


@dataclass(frozen=True, slots=True, order=True)
class SourceSpan:
    """Where a node was read: a file as shown to the user and a 1-based line (0: unknown)."""

    file: str
    line: int = 0

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


NOWHERE = SourceSpan("<generated>", 0)


class Kind(str, Enum):
    STRING = "string"
    INTEGER = "integer"
    NUMBER = "number"
    BOOLEAN = "boolean"
    ARRAY = "array"
    OBJECT = "object"
    REF = "ref"  # a named model, see Schema.ref
    UNION = "union"  # oneOf / anyOf
    NULL = "null"
    ANY = "any"


@dataclass(frozen=True, slots=True)
class Constraints:
    """JSON Schema validation keywords on a value; the shared EMPTY_CONSTRAINTS when none."""

    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    minimum: float | int | None = None
    maximum: float | int | None = None
    exclusive_minimum: float | int | None = None
    exclusive_maximum: float | int | None = None
    multiple_of: float | int | None = None
    min_items: int | None = None
    max_items: int | None = None
    unique_items: bool = False

    def is_empty(self) -> bool:
        return self is EMPTY_CONSTRAINTS or self == EMPTY_CONSTRAINTS  # mostly the shared one


EMPTY_CONSTRAINTS = Constraints()


class _Missing:
    """Marks "no default" apart from a default of None."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Any = _Missing()


@dataclass(frozen=True, slots=True)
class Property:
    """A field of an object schema, by its wire name."""

    wire_name: str
    schema: Schema
    required: bool = False
    py_name: str = ""
    # False when only a sample showed the field: the page said nothing on whether it is required.
    stated: bool = True


@dataclass(frozen=True, slots=True)
class Schema:
    """A type; its kind decides which of the other fields apply."""

    kind: Kind
    format: str | None = None
    nullable: bool = False
    enum: tuple[JSONScalar, ...] | None = None
    const: Any = MISSING
    items: Schema | None = None
    properties: tuple[Property, ...] = ()
    # None: not said; a Schema: typed extra keys; ANY_SCHEMA for `true`.
    additional: Schema | None = None
    closed: bool = False  # additionalProperties: false
    ref: str | None = None  # Model.name for Kind.REF
    variants: tuple[Schema, ...] = ()
    exclusive: bool = False  # oneOf rather than anyOf
    discriminator: str | None = None
    description: str | None = None
    title: str | None = None
    default: Any = MISSING
    example: Any = MISSING
    constraints: Constraints = EMPTY_CONSTRAINTS
    deprecated: bool = False
    read_only: bool = False
    write_only: bool = False
    source: SourceSpan = field(default=NOWHERE, compare=False)

    def find_property(self, wire_name: str) -> Property | None:
        return next((p for p in self.properties if p.wire_name == wire_name), None)


ANY_SCHEMA = Schema(kind=Kind.ANY)


@dataclass(frozen=True, slots=True)
class Model:
    """A named schema: objects become classes, anything else a type alias."""

    name: str  # the class name, unique in the API
    schema: Schema
    wire_name: str = ""  # the name the document gave it, if any
    source: SourceSpan = field(default=NOWHERE, compare=False)


class ParamLocation(str, Enum):
    PATH = "path"
    QUERY = "query"
    HEADER = "header"
    COOKIE = "cookie"


@dataclass(frozen=True, slots=True)
class Parameter:
    """A path, query, header or cookie parameter of an operation."""

    wire_name: str
    location: ParamLocation
    schema: Schema
    required: bool = False
    description: str | None = None
    deprecated: bool = False
    example: Any = MISSING
    py_name: str = ""
    source: SourceSpan = field(default=NOWHERE, compare=False)


@dataclass(frozen=True, slots=True)
class Envelope:
    """A response wrapper such as {"success": true, "response": {...}}."""

    success_key: str = "success"
    payload_key: str = "response"
    error_key: str | None = "error"


@dataclass(frozen=True, slots=True)
class Body:
    """A request or response body of one content type."""

    content_type: str
    schema: Schema
    required: bool = False
    description: str | None = None
    example: Any = MISSING
    source: SourceSpan = field(default=NOWHERE, compare=False)


@dataclass(frozen=True, slots=True)
class Response:
    """What an operation answers with one status code."""

    status: str  # "200", "4XX", "default"
    description: str | None = None
    body: Body | None = None
    envelope: Envelope | None = None
    source: SourceSpan = field(default=NOWHERE, compare=False)

    @property
    def is_success(self) -> bool:
        return self.status.startswith("2")


@dataclass(frozen=True, slots=True)
class Example:
    """A request sample the docs give (curl, raw HTTP), kept as evidence and for tests."""

    method: str | None = None
    url: str | None = None
    headers: tuple[tuple[str, str], ...] = ()
    body: Any = MISSING
    source: SourceSpan = field(default=NOWHERE, compare=False)


@dataclass(frozen=True, slots=True)
class Operation:
    """One HTTP method on one path."""

    method: str  # lower case
    path: str
    operation_id: str = ""
    summary: str | None = None
    description: str | None = None
    tags: tuple[str, ...] = ()
    parameters: tuple[Parameter, ...] = ()
    request_body: Body | None = None
    responses: tuple[Response, ...] = ()
    security: tuple[str, ...] | None = None  # None: the API default
    deprecated: bool = False
    examples: tuple[Example, ...] = ()
    py_name: str = ""  # method name within its resource
    resource: str = ""  # resource chain, dotted snake case (`iam.users`), set by naming
    source: SourceSpan = field(default=NOWHERE, compare=False)
    own_id: str = ""  # wire name of the path parameter that names the item itself (positional)
    # The method's keyword arguments, (location, wire name, Python name); "body" for the fields
    # of an object body, "whole-body" for any other body. Set by naming.
    arguments: tuple[tuple[str, str, str], ...] = ()

    @property
    def key(self) -> tuple[str, str]:
        return (self.path, self.method)

    def success_response(self) -> Response | None:
        ok = sorted((r for r in self.responses if r.is_success), key=lambda r: r.status)
        return ok[0] if ok else None


@dataclass(frozen=True, slots=True)
class Server:
    """A base URL the API is served from, named as an environment."""

    url: str
    description: str | None = None
    name: str = ""  # environment name, filled by naming
    source: SourceSpan = field(default=NOWHERE, compare=False)


class AuthKind(str, Enum):
    API_KEY = "apiKey"
    BEARER = "bearer"
    BASIC = "basic"
    HMAC = "hmac"  # a body signature, done by a hand-written hook


@dataclass(frozen=True, slots=True)
class AuthScheme:
    """How requests authenticate: a key in a header, a bearer token, basic, or a signature."""

    name: str
    kind: AuthKind
    header: str | None = None  # the header carrying the key
    prefix: str | None = None  # e.g. "apikey" in "Authorization: apikey <key>"
    location: str = "header"
    description: str | None = None
    env_var: str | None = None
    extra_headers: tuple[str, ...] = ()  # e.g. the signature header of an HMAC scheme
    source: SourceSpan = field(default=NOWHERE, compare=False)


@dataclass(frozen=True, slots=True)
class Api:
    """Everything read from one vendor's docs, merged."""

    title: str = ""
    version: str = ""
    description: str | None = None
    servers: tuple[Server, ...] = ()
    auth: tuple[AuthScheme, ...] = ()
    security: tuple[str, ...] = ()  # default: names of schemes in `auth`
    operations: tuple[Operation, ...] = ()
    models: tuple[Model, ...] = ()
    sources: tuple[str, ...] = ()

    def model(self, name: str) -> Model | None:
        return next((m for m in self.models if m.name == name), None)


def count_models(api: Api) -> int:
    """The models a package defines as classes (the objects), for summaries."""
    return sum(1 for m in api.models if m.schema.kind is Kind.OBJECT)
