"""Use a generated package the way a user would, in its own process, and report what happened.

Run as a script (never imported by the test process, so generated code never runs there):

    python tests/fuzz/exercise.py SRC_DIR PACKAGE        # one package, one JSON report on stdout
    python tests/fuzz/exercise.py --serve                # JSON lines in ({"src", "package"}), out

It imports every module, builds every model from sample values (all fields, by wire name)
and checks the wire names survive a round trip, calls every client method, sync and async,
plain and raw, against a local HTTP server on 127.0.0.1 that answers with a sample of the
declared response model (and once with an error), str()s and repr()s what comes back, and
renders help() for every module, class and method. The report says what failed, what was
sent, and whether the environment variable payloads set (D2S_HIT) appeared.
"""

from __future__ import annotations

import asyncio
import collections.abc
import importlib
import inspect
import io
import json
import os
import pkgutil
import pydoc
import sys
import threading
import traceback
import typing
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import ModuleType, NoneType, UnionType
from typing import Any

HIT_ENV = "D2S_HIT"
# Values sent for str arguments: hostile, but still a valid HTTP header value.
HOSTILE_VALUE = "\"\"\"'''\\#{x}${HOME}"
MAX_DEPTH = 6


class Stub:
    """The local API: answers each request with the next queued (status, body), records it."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.reply: tuple[int, Any] = (200, {})
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else b""
                stub.requests.append(
                    {
                        "method": self.command,
                        "path": self.path,
                        "headers": [[k, v] for k, v in self.headers.items()],
                        "body": body.decode("utf-8", "replace"),
                    }
                )
                status, payload = stub.reply
                data = b"" if payload is None else json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _answer

            def log_message(self, *args: Any) -> None:  # keep stderr for payload tokens only
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"


def sample_from_schema(schema: Any, defs: dict[str, Any], depth: int = 0) -> Any:
    """A value that validates against a pydantic JSON schema; every property is filled."""
    if not isinstance(schema, dict) or depth > MAX_DEPTH:
        return None
    if "$ref" in schema:
        return sample_from_schema(defs.get(schema["$ref"].rsplit("/", 1)[-1]), defs, depth + 1)
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return schema["enum"][0]
    for key in ("anyOf", "oneOf", "allOf"):
        if schema.get(key):
            arms = [a for a in schema[key] if a.get("type") != "null"] or schema[key]
            return sample_from_schema(arms[0], defs, depth + 1)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    if kind == "object" or "properties" in schema:
        return {
            k: sample_from_schema(v, defs, depth + 1)
            for k, v in schema.get("properties", {}).items()
        }
    if kind == "array":
        item = sample_from_schema(schema.get("items", {}), defs, depth + 1)
        return [] if item is None else [item]
    return {"string": HOSTILE_VALUE, "integer": 7, "number": 1.5, "boolean": True}.get(
        kind, None if kind == "null" else HOSTILE_VALUE
    )


def model_sample(model: Any) -> Any:
    schema = model.model_json_schema(by_alias=True)
    return sample_from_schema(schema, schema.get("$defs", {}))


def value_for(hint: Any, depth: int = 0) -> Any:
    """An argument value of the annotated type (models built from their samples)."""
    origin = typing.get_origin(hint)
    if depth > MAX_DEPTH or hint is Any:
        return HOSTILE_VALUE
    if origin is typing.Literal:
        return typing.get_args(hint)[0]
    if origin in (typing.Union, UnionType):
        arms = [a for a in typing.get_args(hint) if a is not NoneType and "NotGiven" not in repr(a)]
        return value_for(arms[0], depth + 1) if arms else None
    if origin in (list, tuple, set, frozenset, collections.abc.Sequence):
        args = typing.get_args(hint)
        return [value_for(args[0], depth + 1)] if args else []
    if origin in (dict, collections.abc.Mapping) or hint is dict:
        return {}
    if isinstance(hint, type):
        if hasattr(hint, "model_validate"):
            return hint.model_validate(model_sample(hint))
        if issubclass(hint, bool):
            return True
        if issubclass(hint, int):
            return 7
        if issubclass(hint, float):
            return 1.5
        if issubclass(hint, str):
            return HOSTILE_VALUE
    return HOSTILE_VALUE


def reply_for(hint: Any, envelope: Any) -> Any:
    """A JSON body the client will parse as the method's return type."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, UnionType):
        arms = [a for a in typing.get_args(hint) if a is not NoneType]
        hint = arms[0] if arms else None
        origin = typing.get_origin(hint)
    if hint is None or hint is NoneType:
        body: Any = None
    elif origin is list:
        (item,) = typing.get_args(hint) or (Any,)
        body = [reply_for(item, None)]
    elif isinstance(hint, type) and hasattr(hint, "model_json_schema"):
        body = model_sample(hint)
    else:
        body = value_for(hint)
        body = body.model_dump(mode="json", by_alias=True) if hasattr(body, "model_dump") else body
    if envelope is not None:
        return {envelope.success_key: True, envelope.payload_key: body}
    return body


class Report:
    def __init__(self) -> None:
        self.problems: list[str] = []
        self.models: dict[str, list[list[str]]] = {}
        self.calls = 0
        self.helped = 0

    def failed(self, what: str) -> None:
        exc = traceback.format_exc(limit=6)
        self.problems.append(f"{what}: {exc[-3000:]}")


def import_all(package: str, report: Report) -> list[ModuleType]:
    root = importlib.import_module(package)
    modules = [root]
    for info in pkgutil.walk_packages(root.__path__, prefix=package + "."):
        try:
            modules.append(importlib.import_module(info.name))
        except Exception:  # noqa: BLE001 - reported, the run goes on
            report.failed(f"import {info.name}")
    return modules


def check_models(models_module: ModuleType, report: Report) -> None:
    for name, cls in sorted(vars(models_module).items()):
        if not (isinstance(cls, type) and hasattr(cls, "model_fields")):
            continue
        if cls.__module__ != models_module.__name__:
            continue
        # An empty wire name is a real alias (`Field(alias="")`), not a missing one.
        fields = [[fname, fname if info.alias is None else info.alias] for fname, info in cls.model_fields.items()]
        report.models[name] = fields
        try:
            data = model_sample(cls)
            obj = cls.model_validate(data)
            str(obj), repr(obj), obj.model_dump_json(by_alias=True)
            dumped = obj.model_dump(mode="json", by_alias=True)
            if isinstance(data, dict):
                for _fname, wire in fields:
                    if wire not in dumped or dumped[wire] != data.get(wire):
                        report.problems.append(f"round trip of {name}: {wire[:80]!r} lost")
        except Exception:  # noqa: BLE001
            report.failed(f"model {name}")


def _credentials(client_cls: type) -> dict[str, str]:
    known = {
        "environment", "base_url", "timeout", "max_retries", "max_response_size",
        "default_headers", "default_query", "http_client",
    }
    params = inspect.signature(client_cls.__init__).parameters.values()
    return {
        p.name: "test-credential"
        for p in params
        if p.kind is p.KEYWORD_ONLY and p.name not in known
    }


def _methods(resource: Any) -> list[tuple[str, Any]]:
    return [
        (n, getattr(resource, n))
        for n in dir(type(resource))
        if not n.startswith("_")
        and n != "with_raw_response"
        and inspect.isfunction(getattr(type(resource), n))
    ]


def _resources(client: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """Every resource, nested ones too (`iam.users`), by its dotted name."""
    found = []
    for n, v in sorted(vars(client).items()):
        if not n.startswith("_") and hasattr(v, "with_raw_response"):
            found.append((prefix + n, v))
            found.extend(_resources(v, prefix + n + "."))
    return found


def _arguments(method: Any, all_args: bool) -> dict[str, Any]:
    hints = typing.get_type_hints(method)
    args = {}
    for p in inspect.signature(method).parameters.values():
        # the item's own id is positional-or-keyword; everything else keyword-only
        if p.kind not in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD) or p.name in (
            "extra_headers",
            "extra_query",
            "extra_body",
            "timeout",
            "max_retries",
        ):
            continue
        if p.default is p.empty or all_args:
            args[p.name] = value_for(hints.get(p.name, str))
    return args


def call_everything(pkg: ModuleType, stub: Stub, report: Report) -> None:
    envelope = getattr(importlib.import_module(pkg.__name__ + "._client"), "ENVELOPE", None)
    creds = _credentials(pkg.Client)
    with pkg.Client(**creds, base_url=stub.url, max_retries=0) as client:
        for rname, resource in _resources(client):
            for mname, method in _methods(resource):
                returns = typing.get_type_hints(method).get("return")
                for all_args in (False, True):
                    stub.reply = (200, reply_for(returns, envelope))
                    try:
                        result = method(**_arguments(method, all_args))
                        str(result), repr(result)
                        raw = getattr(resource.with_raw_response, mname)(
                            **_arguments(method, all_args)
                        )
                        repr(raw.parse())
                        report.calls += 2
                    except Exception:  # noqa: BLE001
                        report.failed(f"call {rname}.{mname}")
                stub.reply = (400, {"message": HOSTILE_VALUE, '"""': "'''"})
                try:
                    method(**_arguments(method, False))
                    report.problems.append(f"{rname}.{mname}: a 400 did not raise")
                except pkg.APIStatusError as exc:
                    str(exc), repr(exc), repr(getattr(exc, "body", None))
                except Exception:  # noqa: BLE001
                    report.failed(f"error of {rname}.{mname}")
    asyncio.run(_call_async(pkg, stub, report, creds, envelope))


async def _call_async(
    pkg: ModuleType, stub: Stub, report: Report, creds: dict[str, str], envelope: Any
) -> None:
    async with pkg.AsyncClient(**creds, base_url=stub.url, max_retries=0) as client:
        for rname, resource in _resources(client):
            for mname, method in _methods(resource):
                returns = typing.get_type_hints(method).get("return")
                stub.reply = (200, reply_for(returns, envelope))
                try:
                    result = await method(**_arguments(method, True))
                    str(result), repr(result)
                    raw = await getattr(resource.with_raw_response, mname)(
                        **_arguments(method, False)
                    )
                    repr(await raw.parse())
                    report.calls += 2
                except Exception:  # noqa: BLE001
                    report.failed(f"async call {rname}.{mname}")


def render_help(modules: list[ModuleType], report: Report) -> None:
    for module in modules:
        things: list[Any] = [module]
        for value in vars(module).values():
            if isinstance(value, type) and value.__module__ == module.__name__:
                things.append(value)
                things.extend(v for v in vars(value).values() if inspect.isfunction(v))
        for thing in things:
            try:
                pydoc.render_doc(thing, renderer=pydoc.plaintext)
                report.helped += 1
            except Exception:  # noqa: BLE001
                report.failed(f"help({getattr(thing, '__name__', thing)})")


def exercise(src: str, package: str, stub: Stub) -> dict[str, Any]:
    if src not in sys.path:
        sys.path.insert(0, src)
    report = Report()
    stub.requests.clear()
    try:
        modules = import_all(package, report)
        pkg = modules[0]
        check_models(importlib.import_module(package + ".models"), report)
        call_everything(pkg, stub, report)
        render_help(modules, report)
    except Exception:  # noqa: BLE001
        report.failed("exercise")
    return {
        "problems": report.problems,
        "models": report.models,
        "calls": report.calls,
        "helped": report.helped,
        "requests": stub.requests,
        "hit_env": os.environ.get(HIT_ENV),
    }


def main(argv: list[str]) -> int:
    stub = Stub()
    # Generated code must not print; whatever it writes to stdout would corrupt the report.
    real_stdout, sys.stdout = sys.stdout, io.StringIO()
    if argv[:1] == ["--serve"]:
        for line in sys.stdin:
            job = json.loads(line)
            result = exercise(job["src"], job["package"], stub)
            result["stdout"] = sys.stdout.getvalue()
            sys.stdout = io.StringIO()
            real_stdout.write(json.dumps(result) + "\n")
            real_stdout.flush()
        return 0
    result = exercise(argv[0], argv[1], stub)
    result["stdout"] = sys.stdout.getvalue()
    real_stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
