"""Operation by operation: which were added or removed, and what changed in the others."""

from __future__ import annotations

from generator.emit.openapi.export import SDK_NAME_KEY
from generator.evolve.diff.changes import Recorder, Severity
from generator.evolve.diff.bodies import Param, mapping, parameters, request, resolve, responses
from generator.evolve.diff.schemas import SchemaDiffer
from generator.evolve.diff.schema_view import Raw, escape

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


def _operations(doc: Raw) -> dict[tuple[str, str], tuple[Raw, str, list[Param]]]:
    found = {}
    for path, item in mapping(doc.get("paths")).items():
        item = mapping(item)
        shared = [
            (p, f"/paths/{escape(path)}/parameters/{i}")
            for i, p in enumerate(item.get("parameters") or [])
        ]
        for method in HTTP_METHODS:
            if isinstance(item.get(method), dict):
                found[(path, method)] = (item[method], f"/paths/{escape(path)}/{method}", shared)
    return found


def _params(doc: Raw, op: Raw, pointer: str, shared: list[Param]) -> dict[tuple[str, str], Param]:
    listed = [
        *shared,
        *((p, f"{pointer}/parameters/{i}") for i, p in enumerate(op.get("parameters") or [])),
    ]
    out = {}
    for raw, where in listed:
        param = resolve(doc, raw, "parameters")
        out[(str(param.get("in")), str(param.get("name")))] = (param, where)
    return out


def diff_operations(rec: Recorder) -> None:
    sd = SchemaDiffer(rec.old, rec.new)  # one for the whole diff: shared models are compared once
    old_ops, new_ops = _operations(rec.old), _operations(rec.new)
    for key in sorted(old_ops.keys() | new_ops.keys()):
        path, method = key
        where = f"{method.upper()} {path}"
        if key not in new_ops:
            rec.add(
                Severity.BREAKING,
                "removed",
                "operation",
                where,
                "operation removed",
                keys=[where],
                old_pointer=old_ops[key][1],
            )
        elif key not in old_ops:
            op_id = new_ops[key][0].get("operationId")
            rec.add(
                Severity.FEATURE,
                "added",
                "operation",
                where,
                f"operation added ({op_id})" if op_id else "operation added",
                keys=[where],
            )
        else:
            _operation(rec, sd, where, old_ops[key], new_ops[key])


def _operation(
    rec: Recorder,
    sd: SchemaDiffer,
    where: str,
    old: tuple[Raw, str, list[Param]],
    new: tuple[Raw, str, list[Param]],
) -> None:
    (o, o_ptr, o_shared), (n, n_ptr, n_shared) = old, new
    keys = [where]
    if o.get("operationId") != n.get("operationId"):
        rec.add(
            Severity.BREAKING,
            "changed",
            "operation",
            where,
            f"operationId changed from "
            f"`{o.get('operationId')}` to `{n.get('operationId')}` "
            "(the client method may be renamed)",
            keys=keys,
            old=o.get("operationId"),
            new=n.get("operationId"),
        )
    names = o.get(SDK_NAME_KEY), n.get(SDK_NAME_KEY)
    if names[1] and not names[0]:
        # An export written before names were recorded cannot say; a user must check the call.
        rec.add(
            Severity.BREAKING,
            "changed",
            "operation",
            where,
            f"now `client.{names[1]}()` (the previous export did not record SDK names: it may be renamed)",
            keys=keys,
            new=names[1],
        )
    elif names[0] and names[1] and names[0] != names[1]:
        rec.add(
            Severity.BREAKING,
            "changed",
            "operation",
            where,
            f"renamed from `client.{names[0]}()` to `client.{names[1]}()`",
            keys=keys,
            old=names[0],
            new=names[1],
        )
    first_tag = [(t or [None])[0] for t in (o.get("tags"), n.get("tags"))]
    if first_tag[0] != first_tag[1]:
        rec.add(
            Severity.BREAKING,
            "changed",
            "operation",
            where,
            f"first tag changed from `{first_tag[0]}` to "
            f"`{first_tag[1]}` (the method may move to another resource)",
            keys=keys,
        )
    for key in ("summary", "description"):
        if o.get(key) != n.get(key):
            rec.add(Severity.PATCH, "changed", "description", where, f"{key} changed", keys=keys)
    if bool(o.get("deprecated")) != bool(n.get("deprecated")):
        rec.add(
            Severity.PATCH,
            "changed",
            "deprecated",
            where,
            (
                "operation is now deprecated"
                if n.get("deprecated")
                else "operation is no longer deprecated"
            ),
            keys=keys,
        )
    if o.get("security") != n.get("security"):
        rec.add(
            Severity.BREAKING,
            "changed",
            "auth",
            where,
            "security requirement changed",
            keys=keys,
            old=o.get("security"),
            new=n.get("security"),
        )
    parameters(
        rec, sd, where, _params(rec.old, o, o_ptr, o_shared), _params(rec.new, n, n_ptr, n_shared)
    )
    request(rec, sd, where, o, o_ptr, n, n_ptr)
    responses(rec, sd, where, o, o_ptr, n, n_ptr)
