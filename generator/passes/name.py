"""Python names for everything in the API, decided once, after merge and hoisting."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

from generator.ir import Api, Kind, Model, Operation, ParamLocation, Parameter, Property, Server, with_changes
from generator.naming import Namer, method_identifier, unique_field_names, words
from generator.passes.evidence import Evidence
from generator.passes.resources import PathShape, infer_name

# Keyword arguments every generated method has; parameters and fields must not take them.
METHOD_OPTION_NAMES = ("extra_headers", "extra_query", "extra_body", "timeout", "max_retries", "self")
# Headers the runtime sets itself; a page listing them as parameters is not asking the user.
TRANSPORT_HEADERS = frozenset({"content-type", "accept", "content-length", "user-agent", "host"})
_ENV_WORDS = ("production", "prod", "live", "sandbox", "staging", "stage", "test", "dev", "development", "demo")


def named_property(prop: Property, name: str) -> Property:
    return with_changes(prop, py_name=name)


def named_parameter(p: Parameter, name: str) -> Parameter:
    return with_changes(p, py_name=name)


def name_operations(api: Api, evidence: Mapping[tuple[str, str], Evidence] | None = None,
                    overrides: Mapping[str, str] | None = None, verbs: Mapping[str, str] | None = None) -> Api:
    """Resource chains and method names for every operation (rules in generator/naming.py).

    Strongest first: a `names:` override from vendor.yaml ("POST /orders": "orders.list"),
    the vendor's own SDK call found in the docs, then what the path, method, title, tags,
    operationId and the doc site's groups say.
    """
    evidence = evidence or {}
    overrides = {_override_key(k): v for k, v in (overrides or {}).items()}
    shape = PathShape.of(api.operations)
    proposals = []
    stated = []
    for op in api.operations:
        found = evidence.get(op.key, Evidence())
        chosen = overrides.get(f"{op.method.upper()} {op.path}") or found.sdk_call
        stated.append(bool(chosen))
        chain: tuple[str, ...]
        if chosen:
            *parts, method = chosen.split(".")
            chain = tuple(parts)
        else:
            chain, method = infer_name(op, shape, found, verbs)
        # Every part becomes an attribute and a module name: `2010-04-01` must not reach code as is.
        proposals.append((tuple(method_identifier(c, fallback="resource") for c in chain), method_identifier(method)))
    ids = Namer()
    children: dict[tuple[str, ...], set[str]] = {}
    for chain, _ in proposals:
        for depth in range(1, len(chain)):
            children.setdefault(chain[:depth], set()).add(chain[depth])
    namers: dict[tuple[str, ...], Namer] = {}
    methods: dict[int, str] = {}
    # Names the docs or the config state are claimed before inferred ones, which yield on a clash.
    for i in sorted(range(len(proposals)), key=lambda i: not stated[i]):
        chain, method = proposals[i]
        namer = namers.get(chain)
        if namer is None:
            namer = namers[chain] = Namer((*METHOD_OPTION_NAMES, "with_raw_response", *children.get(chain, ())))
        methods[i] = namer.claim(method)
    named = []
    for i, op in enumerate(api.operations):
        # Duplicates were reported by validate; keep ids unique for the export.
        operation_id = ids.claim(op.operation_id) if op.operation_id else ""
        named.append(with_changes(op, operation_id=operation_id, resource=".".join(proposals[i][0]),
                                  py_name=methods[i], own_id=shape.own_id(op), parameters=_name_params(op)))
    return with_changes(api, operations=tuple(named))


def _override_key(key: str) -> str:
    method, _, path = key.strip().partition(" ")
    return f"{method.upper()} {path.strip()}"


def _name_params(op: Operation) -> tuple:  # type: ignore[type-arg]
    params = op.parameters
    names = unique_field_names([p.wire_name for p in params], METHOD_OPTION_NAMES)
    if all(p.py_name == n for p, n in zip(params, names, strict=True)):
        return params  # named before hoisting: kept, not copied
    return tuple(map(named_parameter, params, names))


def _with_param_names(op: Operation) -> Operation:
    params = _name_params(op)
    return op if params is op.parameters else with_changes(op, parameters=params)


def name_models(api: Api) -> tuple[Model, ...]:
    result = []
    for model in api.models:
        schema = model.schema
        if schema.kind is Kind.OBJECT:
            names = unique_field_names([p.wire_name for p in schema.properties])
            props = tuple(map(named_property, schema.properties, names))
            schema = with_changes(schema, properties=props)
        result.append(with_changes(model, schema=schema))
    return tuple(result)


def environment_name(server: Server, index: int) -> str:
    text = " ".join(filter(None, [server.description or "", urlsplit(server.url).hostname or ""]))
    for word in words(text):
        if word.lower() in _ENV_WORDS:
            return {"prod": "production", "live": "production", "stage": "staging"}.get(word.lower(), word.lower())
    return "production" if index == 0 else f"server_{index + 1}"


def name_servers(api: Api) -> tuple[Server, ...]:
    namer = Namer()
    return tuple(
        with_changes(s, name=namer.claim(s.name or environment_name(s, i))) for i, s in enumerate(api.servers)
    )


def name_api(api: Api) -> Api:
    """Names after hoisting: operations keep the names given before it, so hints and methods agree."""
    named = with_changes(api, operations=tuple(_with_param_names(op) for op in api.operations),
                         models=name_models(api), servers=name_servers(api))
    return with_changes(named, operations=tuple(_with_arguments(op, named) for op in named.operations))


def is_argument(p: Parameter, auth_headers: set[str]) -> bool:
    """A parameter the caller passes: not a cookie, not a header the runtime or auth sets."""
    if p.location is ParamLocation.COOKIE:
        return False
    return not (p.location is ParamLocation.HEADER and p.wire_name.lower() in auth_headers | TRANSPORT_HEADERS)


def auth_header_names(api: Api) -> set[str]:
    return {h.lower() for a in api.auth for h in (a.header or "", *a.extra_headers) if h}


def _with_arguments(op: Operation, api: Api) -> Operation:
    """Parameters and body fields become keyword arguments of one method: unique names there."""
    # Auth headers are named too: vendor.yaml may change which header carries the key later.
    found = [(p.location.value, p.wire_name, p.py_name) for p in op.parameters if is_argument(p, set())]
    body = op.request_body
    if body is not None:
        model = api.model(body.schema.ref) if body.schema.kind is Kind.REF and body.schema.ref else None
        if model is not None and model.schema.kind is Kind.OBJECT:
            found += [("body", p.wire_name, p.py_name) for p in model.schema.properties if not p.schema.read_only]
        else:
            found.append(("whole-body", "", "body"))
    names = unique_field_names([name for _, _, name in found], METHOD_OPTION_NAMES)
    return with_changes(op, arguments=tuple((loc, wire, name) for (loc, wire, _), name in zip(found, names, strict=True)))
