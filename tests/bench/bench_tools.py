"""The tools the bench runs on each document, and how each one's output is counted.

A tool has one or more variants (command lines). The first variant that finishes is the one
measured; the ones that failed before it are reported (OPC's default mode crashes on documents
whose enums have values that differ only in case; `literal_enums: true` gets it through).
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


@dataclass(frozen=True)
class DocumentFacts:
    """What the document itself holds, read once in the bench process (not timed)."""

    path: Path
    operations: int
    schemas: int


def read_facts(path: Path) -> DocumentFacts:
    text = path.read_text(encoding="utf-8")
    doc = json.loads(text) if path.suffix == ".json" else yaml.load(text, Loader=yaml.CSafeLoader)
    return DocumentFacts(
        path=path,
        operations=count_operations(doc),
        schemas=len((doc.get("components") or {}).get("schemas") or {}),
    )


def count_operations(doc: dict) -> int:  # type: ignore[type-arg]
    """Operations in = every (path, method) pair under `paths`."""
    return sum(
        1
        for item in (doc.get("paths") or {}).values()
        if isinstance(item, dict)
        for method in item
        if method in METHODS
    )


@dataclass(frozen=True)
class OutputCount:
    operations: int | None  # None: the tool does not emit operations (DCG: models only)
    models: int | None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Variant:
    label: str
    argv: Callable[[Path, Path], list[str]]  # (document, empty output dir) -> command line


@dataclass(frozen=True)
class Tool:
    key: str
    title: str
    variants: tuple[Variant, ...]
    count: Callable[[Path, str], OutputCount]  # (output dir, child's stdout+stderr) -> counts


@dataclass(frozen=True)
class Interpreters:
    main_python: Path  # .venv: our generator, PyYAML for the bare parse
    bench_bin: Path  # .bench-venv/bin: openapi-python-client, datamodel-codegen, ruff


# The floor for any reader: the same parse our reader cannot avoid, and nothing else.
BARE_PARSE = """
import json, sys, yaml
path = sys.argv[1]
with open(path, encoding="utf-8") as f:
    text = f.read()
doc = json.loads(text) if path.endswith(".json") else yaml.load(text, Loader=yaml.CSafeLoader)
assert doc["paths"]
"""


def make_tools(bins: Interpreters, scratch: Path) -> list[Tool]:
    py = str(bins.main_python)
    opc = str(bins.bench_bin / "openapi-python-client")
    dcg = str(bins.bench_bin / "datamodel-codegen")
    literal_config = scratch / "opc-literal-enums.yaml"
    literal_config.write_text("literal_enums: true\n", encoding="utf-8")

    def opc_argv(*extra: str) -> Callable[[Path, Path], list[str]]:
        return lambda doc, out: [
            opc,
            "generate",
            "--path",
            str(doc),
            "--output-path",
            str(out),
            "--overwrite",
            *extra,
        ]

    def dcg_argv(target: Callable[[Path], Path]) -> Callable[[Path, Path], list[str]]:
        return lambda doc, out: [
            dcg,
            "--input",
            str(doc),
            "--input-file-type",
            "openapi",
            "--output",
            str(target(out)),
            "--output-model-type",
            "pydantic_v2.BaseModel",
        ]

    return [
        Tool(
            "parse",
            "bare parse (PyYAML C loader / json)",
            (Variant("", lambda doc, out: [py, "-c", BARE_PARSE, str(doc)]),),
            lambda out, log: OutputCount(None, None),
        ),
        Tool(
            "openapi",
            "docs2sdk openapi",
            (
                Variant(
                    "",
                    lambda doc, out: [
                        py,
                        "-m",
                        "generator",
                        "openapi",
                        str(doc),
                        "-o",
                        str(out / "openapi.json"),
                    ],
                ),
            ),
            count_export,
        ),
        Tool(
            "build",
            "docs2sdk build (full SDK)",
            (
                Variant(
                    "",
                    lambda doc, out: [
                        py,
                        "-m",
                        "generator",
                        "build",
                        str(doc),
                        "--name",
                        "bench",
                        "--out",
                        str(out),
                    ],
                ),
            ),
            count_our_package,
        ),
        Tool(
            "opc",
            "openapi-python-client",
            (
                Variant("default", opc_argv()),
                Variant("literal_enums: true", opc_argv("--config", str(literal_config))),
            ),
            count_opc_package,
        ),
        # Single-module output needs a file, modular output (dotted schema names, as in Twilio)
        # a folder; DCG says which only after reading the whole document, so try both in turn.
        Tool(
            "dcg",
            "datamodel-code-generator (models only)",
            (
                Variant("file output", dcg_argv(lambda out: out / "models.py")),
                Variant("directory output", dcg_argv(lambda out: out)),
            ),
            count_dcg_models,
        ),
    ]


def count_export(out: Path, log: str) -> OutputCount:
    doc = json.loads((out / "openapi.json").read_text(encoding="utf-8"))
    schemas = len((doc.get("components") or {}).get("schemas") or {})
    return OutputCount(
        count_operations(doc), schemas, _summary_mismatch(log, count_operations(doc))
    )


def count_our_package(out: Path, log: str) -> OutputCount:
    """Operations out = public methods of the sync resource classes (cross-checked with async)."""
    sync_methods = async_methods = 0
    for module in sorted(out.glob("src/*/resources/**/*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for cls in (node for node in tree.body if isinstance(node, ast.ClassDef)):
            bases = {_base_name(base) for base in cls.bases}
            if "SyncAPIResource" in bases:
                sync_methods += _public_methods(cls, ast.FunctionDef)
            elif "AsyncAPIResource" in bases:
                async_methods += _public_methods(cls, ast.AsyncFunctionDef)
    models_file = next(out.glob("src/*/models.py"), None)
    models = _count_classes(models_file.read_text(encoding="utf-8")) if models_file else 0
    notes = list(_summary_mismatch(log, sync_methods))
    if async_methods != sync_methods:
        notes.append(f"async client has {async_methods} methods, sync {sync_methods}")
    return OutputCount(sync_methods, models, tuple(notes))


def count_opc_package(out: Path, log: str) -> OutputCount:
    """Operations out = endpoint modules OPC wrote (one per operation, under <package>/api/)."""
    endpoints = [
        p
        for p in out.rglob("*.py")
        if p.name != "__init__.py" and "api" in p.relative_to(out).parts[:-1]
    ]
    models = sum(
        1
        for p in out.rglob("*.py")
        if p.name != "__init__.py" and "models" in p.relative_to(out).parts[:-1]
    )
    skipped = log.count("Endpoint will not be generated")
    notes = (f"{skipped} 'Endpoint will not be generated' warnings",) if skipped else ()
    return OutputCount(len(endpoints), models, notes)


def count_dcg_models(out: Path, log: str) -> OutputCount:
    classes = sum(_count_classes(p.read_text(encoding="utf-8")) for p in out.rglob("*.py"))
    return OutputCount(None, classes)


def _summary_mismatch(log: str, counted: int) -> tuple[str, ...]:
    """The CLI's own summary line must agree with what the bench counted in the files."""
    said = re.search(r"(\d+) operations", log)
    if said is None:
        return ("no operation count in the CLI summary",)
    if int(said.group(1)) != counted:
        return (f"CLI summary says {said.group(1)} operations, files hold {counted}",)
    return ()


def _base_name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _public_methods(
    cls: ast.ClassDef, kind: type[ast.FunctionDef] | type[ast.AsyncFunctionDef]
) -> int:
    """Operation methods: not private, not the `with_raw_response` property."""
    methods = [node for node in cls.body if isinstance(node, kind)]
    return sum(
        1
        for method in methods
        if not method.name.startswith("_")
        and not any(_base_name(d) == "property" for d in method.decorator_list)
    )


def _count_classes(source: str) -> int:
    return len(re.findall(r"^class \w+", source, flags=re.MULTILINE))
