"""How often our names equal the names of a hand-configured SDK built from the same document.

The truth is the vendor SDK's own calls in the document's Python `x-codeSamples`
(`client.cloud.projects.list(`). We build names twice: from the document as published, and
from the document with every code sample removed (names from paths, methods, titles and tags
alone). Run: `python -m tests.naming_ratios [DOCUMENT]`.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.pipeline import read_docs

GCORE_CLOUD = Path(__file__).resolve().parents[2] / "shared" / "bench-specs" / "gcore_cloud_api.yaml"
_CALL = re.compile(r"client((?:\.[a-z_][a-z0-9_]*)+)\(")
_METHODS = ("get", "put", "post", "delete", "patch", "options", "head", "trace")


@dataclass(frozen=True)
class Ratios:
    operations: int  # operations whose Python sample names them
    whole: float  # resource chain and method equal
    methods: float
    chains: float


def sdk_names(document: dict[str, Any]) -> dict[tuple[str, str], str]:
    """(path, method) -> "cloud.projects.list", from each operation's Python code sample."""
    names = {}
    for path, item in (document.get("paths") or {}).items():
        for method, op in item.items():
            if method not in _METHODS or not isinstance(op, dict):
                continue
            for sample in op.get("x-codeSamples") or ():
                found = _CALL.search(str(sample.get("source", ""))) if str(sample.get("lang", "")).lower() == "python" else None
                if found:
                    names[(path, method)] = found.group(1).lstrip(".")
                    break
    return names


def without_samples(document: dict[str, Any]) -> dict[str, Any]:
    stripped = json.loads(json.dumps(document))
    for item in stripped.get("paths", {}).values():
        for op in item.values():
            if isinstance(op, dict):
                op.pop("x-codeSamples", None)
    return stripped


# Gcore's SDK says `get` where our default says `retrieve`: a convention, given as vendor.yaml would.
GCORE_VERBS = {"retrieve": "get"}


def ratios(path: Path, truth: dict[tuple[str, str], str], verbs: dict[str, str] | None = None) -> Ratios:
    api = read_docs([path], verbs=verbs).api
    ours = {op.key: (op.resource, op.py_name) for op in api.operations}
    whole = methods = chains = 0
    for key, name in truth.items():
        chain, _, method = name.rpartition(".")
        resource, py_name = ours.get(key, ("", ""))
        whole += (resource, py_name) == (chain, method)
        methods += py_name == method
        chains += resource == chain
    n = len(truth) or 1
    return Ratios(len(truth), whole / n, methods / n, chains / n)


def measure(source: Path = GCORE_CLOUD, verbs: dict[str, str] | None = None) -> tuple[Ratios, Ratios]:
    document = yaml.load(source.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    truth = sdk_names(document)
    with tempfile.TemporaryDirectory() as tmp:
        stripped = Path(tmp) / "openapi.json"
        # indented: each operation on lines of its own, as in the published document
        stripped.write_text(json.dumps(without_samples(document), indent=1), encoding="utf-8")
        return ratios(source, truth, verbs), ratios(stripped, truth, verbs)


def _line(label: str, r: Ratios) -> str:
    return f"{label:36} whole {r.whole:.3f}  methods {r.methods:.3f}  chains {r.chains:.3f}"


if __name__ == "__main__":
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else GCORE_CLOUD
    published, stripped = measure(source)
    print(f"{published.operations} operations named by the vendor SDK's samples")
    print(_line("as published", published))
    print(_line("code samples removed", stripped))
    print(_line("code samples removed, retrieve: get", measure(source, GCORE_VERBS)[1]))
