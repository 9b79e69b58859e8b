"""View models: the IR turned into render-ready records, so templates only loop and print."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from generator.ir import MISSING, Api, AuthKind, AuthScheme, Kind, Operation, Schema, with_changes
from generator.naming import constant_name, resource_class_name, resource_module
from generator.passes.name import auth_header_names, is_argument
from generator.emit.python.examples import example_value
from generator.emit.python.layout.rules import Node, call, flat, kw
from generator.emit.python.text import comment, literal_node, py_literal, py_str
from generator.emit.python.annotations import SHADOWING, qualified_builtins, type_node
from generator.emit.python.layout.formatting import Layout
from generator.emit.python.methods import MethodCode, method_code
from generator.emit.python.params import RequestParams
from generator.emit.python.paging import PagingView, paging_view



@dataclass(frozen=True)
class ArgView:
    name: str  # the keyword argument
    wire_name: str
    annotation: str
    required: bool
    doc: str
    location: str  # path, query, header, body
    model_field: str = ""  # the request model's field, for body arguments
    example: str = "None"  # a Python literal valid for the argument, from the docs' examples if any
    example_full: str = "None"  # the same with optional nested fields filled
    annotation_node: Node = "Any"  # `annotation` in pieces the layout can split
    example_node: Node = "None"
    example_full_node: Node = "None"


@dataclass(frozen=True)
class MethodView:
    name: str
    http_method: str
    path: str
    doc: str
    args: tuple[ArgView, ...]
    body_model: str | None  # class whose fields are the body arguments
    body_arg: str | None  # a whole-body argument when the body is not an object model
    return_annotation: str
    cast_to: str
    idempotent: bool
    deprecated: bool
    error_types: tuple[tuple[str, Node], ...] = ()  # status -> annotation of the documented error body
    return_node: Node = "None"  # `return_annotation` in pieces the layout can split
    paging: PagingView | None = None  # a list operation that pages: the method returns pages
    positional: tuple[str, ...] = ()  # arguments before `*` (the item's own id)
    code: MethodCode | None = None
    body_encoding: str = "json"  # "json", or "multipart" / "form" for the docs' form bodies

    def by(self, location: str) -> tuple[ArgView, ...]:
        return tuple(a for a in self.args if a.location == location)

    @property
    def returns_none(self) -> bool:
        return self.return_annotation == "None"

    @property
    def returns_model(self) -> str:
        """`models.User` when the method returns one model class (a test can isinstance it)."""
        ret = self.return_annotation
        return ret if ret.startswith("models.") and " " not in ret and "[" not in ret else ""


@dataclass(frozen=True)
class ChildView:
    attr: str
    class_name: str
    module: str


@dataclass(frozen=True)
class ResourceView:
    attr: str  # the attribute on its parent (`users` in `client.iam.users`)
    class_name: str
    methods: tuple[MethodView, ...]
    chain: str = ""  # `iam.users`
    module: str = ""  # resources/<module>.py
    children: tuple[ChildView, ...] = ()
    needs_builtins: bool = False  # a method shadows a builtin type the annotations use
    unsure: bool = False  # a line the layout rules could not vouch for: black formats the module

    @property
    def body_helpers(self) -> str:
        """The runtime's body builders this module's methods call, for its import line."""
        used = {"jsonable_body", "model_body"}
        used |= {f"{m.body_encoding}_body" for m in self.methods if m.body_model and m.body_encoding != "json"}
        return ", ".join(sorted(used))


@dataclass(frozen=True)
class CredentialView:
    arg: str
    env_var: str
    required: bool = True


@dataclass(frozen=True)
class AuthView:
    kind: str
    auth_class: str | None  # imported from the runtime's _auth module
    construct: Node  # Python expression building the httpx.Auth from the credential arguments
    credentials: tuple[CredentialView, ...]
    headers: tuple[str, ...]
    prefix: str | None = None

    @property
    def credential_env(self) -> dict[str, str]:
        return {c.arg: c.env_var for c in self.credentials}

    @property
    def test_credentials(self) -> dict[str, str]:
        return {c.arg: f"test-{c.arg}" for c in self.credentials}

    @property
    def test_arguments(self) -> list[Node]:
        """`api_key="test-api_key"`: each credential as a keyword argument, as mypy can check it."""
        return [kw(arg, py_str(value)) for arg, value in self.test_credentials.items()]


@dataclass(frozen=True)
class EnvelopeView:
    success_key: str
    payload_key: str
    error_key: str | None

    @property
    def description(self) -> str:
        return f'{{"{self.success_key}": true, "{self.payload_key}": ...}}'


@dataclass(frozen=True)
class PackageView:
    package: str
    distribution: str
    title: str
    version: str
    description: str
    header: str
    environments: tuple[tuple[str, str], ...]
    default_environment: str
    base_url_env: str
    auth: AuthView
    envelope: EnvelopeView | None
    resources: tuple[ResourceView, ...]
    sources: tuple[str, ...]
    extra: dict[str, Any] = field(default_factory=dict)
    log_env: str = ""  # the variable that switches logging on: info or debug

    @property
    def top_resources(self) -> tuple[ResourceView, ...]:
        return tuple(r for r in self.resources if "." not in r.chain)


def _doc(*parts: str | None) -> str:
    """Raw doc text; templates escape it with the `docstring` filter."""
    return "\n\n".join(p.strip() for p in parts if p and p.strip())


def _encoding(content_type: str) -> str:
    media = content_type.split(";")[0].strip().lower()
    if media == "multipart/form-data":
        return "multipart"
    return "form" if media == "application/x-www-form-urlencoded" else "json"


def _method(op: Operation, api: Api, idempotent_ids: frozenset[str], auth_headers: set[str],
            request_params: RequestParams) -> MethodView:
    params = [p for p in op.parameters if is_argument(p, auth_headers)]
    raw_args: list[tuple[str, str, Node, bool, str, str]] = [
        (p.py_name, p.wire_name, type_node(p.schema), p.required, _doc(p.description), p.location.value)
        for p in params
    ]
    schemas = [p.schema if p.example is MISSING else with_changes(p.schema, example=p.example) for p in params]
    body_model = body_arg = None
    body = op.request_body
    if body is not None:
        model = api.model(body.schema.ref) if body.schema.kind is Kind.REF and body.schema.ref else None
        if model is not None and model.schema.kind is Kind.OBJECT:
            body_model = model.name
            for prop in model.schema.properties:
                if prop.schema.read_only:
                    continue
                ann = request_params.arguments.get((op.key, prop.wire_name)) or type_node(prop.schema)
                raw_args.append((prop.py_name, prop.wire_name, ann, prop.required, _doc(prop.schema.description), "body"))
                schemas.append(prop.schema)
        else:
            body_arg = "body"
            raw_args.append(("body", "", type_node(body.schema), body.required, _doc(body.description), "whole-body"))
            schemas.append(body.schema if body.example is MISSING else with_changes(body.schema, example=body.example))
    # Decided by the naming pass, in order: a parameter the docs list twice has two names.
    names: dict[tuple[str, str], list[str]] = {}
    for loc, wire, name in op.arguments:
        names.setdefault((loc, wire), []).append(name)
    args = tuple(
        _arg(names[(loc, wire)].pop(0), wire, ann, req, doc, loc, py if loc == "body" else "", schema, api)
        for (py, wire, ann, req, doc, loc), schema in zip(raw_args, schemas, strict=True)
    )
    if body_arg is not None:
        body_arg = args[-1].name
    own = tuple(a.name for a in args if a.location == "path" and a.wire_name == op.own_id and a.required)
    args = tuple(sorted(args, key=lambda a: (a.name not in own, not a.required)))
    ok = op.success_response()
    ret_node: Node = "None"
    if ok is not None and ok.body is not None:
        schema = ok.body.schema
        if ok.envelope is not None:
            schema = _payload(schema, ok.envelope.payload_key, api)
        ret_node = type_node(schema)
    ret = flat(ret_node)
    paging = paging_view(op, api)
    return MethodView(
        name=op.py_name,
        http_method=op.method,
        path=op.path,
        doc=_doc(op.summary, op.description if op.description != op.summary else None),
        args=args,
        body_model=body_model,
        body_arg=body_arg,
        return_annotation=paging.sync_annotation if paging is not None else ret,
        cast_to=ret if ret != "None" else "type(None)",
        idempotent=op.operation_id in idempotent_ids,
        deprecated=op.deprecated,
        body_encoding=_encoding(body.content_type) if body is not None else "json",
        error_types=tuple(
            (r.status, type_node(r.body.schema))
            for r in op.responses
            if not r.is_success and r.body is not None and r.body.schema.kind is not Kind.ANY
        ),
        return_node=ret_node,
        paging=paging,
        positional=own,
    )


def _arg(name: str, wire: str, ann: Node, required: bool, doc: str, location: str, model_field: str,
         schema: Schema, api: Api) -> ArgView:
    example = literal_node(example_value(schema, api))
    example_full = literal_node(example_value(schema, api, full=True))
    return ArgView(name, wire, flat(ann), required, doc, location, model_field=model_field,
                   example=flat(example), example_full=flat(example_full), annotation_node=ann,
                   example_node=example, example_full_node=example_full)


def _auth(scheme: AuthScheme | None, env_prefix: str) -> AuthView:
    if scheme is None:
        return AuthView("none", None, "None", (), ())
    if scheme.kind is AuthKind.HMAC:
        public_header = scheme.header or "x-api-public-key"
        signature_header = scheme.extra_headers[0] if scheme.extra_headers else "x-api-signature"
        credentials = (CredentialView("public_key", f"{env_prefix}_PUBLIC_KEY"),
                       CredentialView("private_key", f"{env_prefix}_PRIVATE_KEY"))
        construct: Node = call("HmacBodySignatureAuth", "public_key", "private_key",
                               kw("public_key_header", py_str(public_header)),
                               kw("signature_header", py_str(signature_header)))
        return AuthView("hmac", "HmacBodySignatureAuth", construct, credentials, (public_header, signature_header))
    key = (CredentialView("api_key", scheme.env_var or f"{env_prefix}_API_KEY"),)
    if scheme.kind is AuthKind.BASIC:
        # `curl -u KEY:`: the key is the user name; a password only where the docs use one.
        both = (*key, CredentialView("password", f"{env_prefix}_PASSWORD", required=False))
        return AuthView("basic", "BasicAuth", "BasicAuth(api_key, password)", both, ("Authorization",))
    if scheme.kind is AuthKind.BEARER:
        return AuthView("bearer", "BearerAuth", "BearerAuth(api_key)", key, ("Authorization",), "Bearer")
    header = scheme.header or "Authorization"
    construct = call("APIKeyHeaderAuth", py_str(header), "api_key", kw("prefix", py_literal(scheme.prefix)))
    return AuthView("api_key", "APIKeyHeaderAuth", construct, key, (header,), scheme.prefix)


def _envelope(api: Api) -> EnvelopeView | None:
    """One envelope for the client when the docs show it on success responses."""
    seen = {r.envelope for op in api.operations for r in op.responses if r.envelope is not None}
    if len(seen) != 1:
        return None
    env = seen.pop()
    return EnvelopeView(env.success_key, env.payload_key, env.error_key)


def _payload(schema: Schema, payload_key: str, api: Api) -> Schema:
    """The schema inside an envelope: what the client returns to the user."""
    target = api.model(schema.ref) if schema.kind is Kind.REF and schema.ref else None
    body = target.schema if target is not None else schema
    prop = body.find_property(payload_key)
    return prop.schema if prop is not None else schema


def build_view(api: Api, *, package: str, distribution: str, title: str, version: str,
               header: str, env_prefix: str, idempotent_ids: frozenset[str],
               default_environment: str | None = None, params: RequestParams | None = None) -> PackageView:
    params = RequestParams(api) if params is None else params
    scheme = next((a for a in api.auth if a.name in api.security), api.auth[0] if api.auth else None)
    auth_headers = auth_header_names(api)
    groups: dict[str, list[MethodView]] = {}
    for op in api.operations:
        groups.setdefault(op.resource, []).append(_method(op, api, idempotent_ids, auth_headers, params))
    resources = _resources(groups)
    environments = tuple((s.name, s.url) for s in api.servers)
    return PackageView(
        package=package,
        distribution=distribution,
        title=title,
        version=version,
        description=comment(api.title or title),
        header=header,
        environments=environments,
        default_environment=default_environment or (environments[0][0] if environments else ""),
        base_url_env=f"{env_prefix}_BASE_URL",
        log_env=f"{env_prefix}_LOG",
        auth=_auth(scheme, env_prefix),
        envelope=_envelope(api),
        resources=resources,
        sources=api.sources,
    )


def _resources(groups: dict[str, list[MethodView]]) -> tuple[ResourceView, ...]:
    """Every resource of the tree, parents included (`iam` for `iam.users`), each with its
    methods' finished code and the children it holds."""
    chains = {c for chain in groups for c in _prefixes(chain)}
    out = []
    for chain in sorted(chains):
        kids = sorted(c for c in chains if c.rpartition(".")[0] == chain)
        methods = groups.get(chain, [])
        shadowed = {m.name for m in methods} & SHADOWING
        layout = Layout()
        finished = tuple(replace(m, code=method_code(qualified_builtins(m, shadowed), layout)) for m in methods)
        out.append(ResourceView(
            attr=chain.rpartition(".")[2], class_name=resource_class_name(chain), methods=finished, chain=chain,
            module=resource_module(chain),
            children=tuple(ChildView(k.rpartition(".")[2], resource_class_name(k), resource_module(k)) for k in kids),
            needs_builtins=bool(shadowed), unsure=layout.unsure,
        ))
    return tuple(out)


def _prefixes(chain: str) -> list[str]:
    parts = chain.split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


def env_prefix_for(name: str) -> str:
    return constant_name(name)



