"""Python names for everything in the API, decided once, after merge and hoisting."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from generator.ir import Api, Kind, Model, Operation, Parameter, Property, Server, with_changes
from generator.naming import Namer, py_identifier, snake, unique_field_names, words

# Keyword arguments every generated method has; parameters and fields must not take them.
METHOD_OPTION_NAMES = ("extra_headers", "extra_query", "extra_body", "timeout", "max_retries", "self")
# Path segments that say where an API lives, not what a resource is.
_NOISE_SEGMENTS = {"api", "apis", "rest", "public", "v1", "v2", "v3", "v4"}
_VERSION = re.compile(r"^v\d+(\.\d+)*$")
_ENV_WORDS = ("production", "prod", "live", "sandbox", "staging", "stage", "test", "dev", "development", "demo")


def named_property(prop: Property, name: str) -> Property:
    return with_changes(prop, py_name=name)


def named_parameter(p: Parameter, name: str) -> Parameter:
    return with_changes(p, py_name=name)


def resource_of(op: Operation, use_tags: bool = True) -> str:
    if op.tags and use_tags:
        return py_identifier(op.tags[0], fallback="resource")
    for segment in op.path.strip("/").split("/"):
        if segment and "{" not in segment and segment.lower() not in _NOISE_SEGMENTS and not _VERSION.match(segment):
            return py_identifier(segment, fallback="resource")
    return "default"


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def _path_name(op: Operation) -> str:
    segments = [s for s in op.path.strip("/").split("/")
                if s and "{" not in s and s.lower() not in _NOISE_SEGMENTS and not _VERSION.match(s)]
    return snake(f"{op.method} {' '.join(segments)}")


def _summary_name(op: Operation) -> str:
    """An English summary of a few words ("Create user") names a method well."""
    summary = (op.summary or "").strip()
    if not summary or not summary.isascii() or len(summary.split()) > 6:
        return ""
    return snake(summary)


def method_candidates(op: Operation, resource: str) -> list[str]:
    resource_words = {_singular(w) for w in resource.split("_")}
    candidates = []
    for full in (snake(op.operation_id), _summary_name(op), _path_name(op)):
        if full:
            short = "_".join(w for w in full.split("_") if _singular(w) not in resource_words)
            candidates += [short, full]
    return [c for c in candidates if c]


def name_operations(api: Api) -> Api:
    return with_changes(api, operations=_named_operations(api))


def _named_operations(api: Api) -> tuple[Operation, ...]:
    namers: dict[str, Namer] = {}
    ids = Namer()
    # Tags group operations only when every page gave them; mixing tag and path groups scatters one API.
    use_tags = all(op.tags for op in api.operations)
    named = []
    for op in api.operations:
        # Duplicates were reported by validate; keep ids unique for the export.
        operation_id = ids.claim(op.operation_id) if op.operation_id else ""
        resource = resource_of(op, use_tags)
        namer = namers.setdefault(resource, Namer(METHOD_OPTION_NAMES + ("with_raw_response",)))
        candidates = [py_identifier(c, fallback="call") for c in method_candidates(op, resource)]
        free = next((c for c in candidates if c not in namer), None)
        method = namer.claim(free or candidates[-1])
        named.append(with_changes(op, operation_id=operation_id, resource=resource, py_name=method,
                             parameters=_name_params(op)))
    return tuple(named)


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
    return with_changes(api, operations=tuple(_with_param_names(op) for op in api.operations),
                     models=name_models(api), servers=name_servers(api))
