"""Checks on generated Python that need no import: it compiles, and its code is only template code.

Doc text may reach generated modules only inside string literals and as identifiers made by
the naming module. So the code around them is fixed by the templates: every call in a
generated module is to a name the templates (or the emitter's own code) spell out, or to a
class or function the package itself defines; statements at module and class level are
imports, definitions, assignments and docstrings; runtime modules are the hand-written
runtime, unchanged. A payload that escaped a string would break one of these.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
RUNTIME = TEMPLATES / "runtime"
EMITTER = ROOT / "generator" / "emit"

# Never called by generated code written from doc text; a call to one means a payload escaped.
FORBIDDEN_CALLS = frozenset(
    "exec eval __import__ compile open globals locals vars breakpoint input getattr setattr "
    "delattr memoryview".split()
)
# Modules whose functions a payload would reach for; only `os.environ.get` (the shipped
# tests read the mock server's URL) is template code.
FORBIDDEN_MODULES = frozenset(
    "os sys subprocess builtins importlib pathlib shutil socket ctypes pickle marshal".split()
)
ALLOWED_DOTTED = frozenset({"os.environ.get"})
# The pydantic vocabulary of model modules (written today by datamodel-code-generator, which
# is not a template), so they are named here.
MODEL_CALLS = frozenset({"Field", "ConfigDict", "RootModel", "field_validator", "model_validator"})
_CALLEE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*\(")
# Emitter helpers that write a call from its callee's name: call("pytest.mark.skipif", ...).
_CALL_HELPER = re.compile(r"\bcall\(\s*[\"']([A-Za-z_][A-Za-z0-9_.]*)[\"']")
# Characters that reorder how source is displayed (CVE-2021-42574, "Trojan Source").
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


@cache
def template_callees() -> frozenset[str]:
    """Every name written as `name(` or `call("name"` in the templates, runtime and emitter."""
    sources = [*TEMPLATES.glob("*.jinja"), *RUNTIME.glob("*.py"), *EMITTER.rglob("*.py")]
    found: set[str] = set()
    for source in sources:
        text = source.read_text(encoding="utf-8")
        found.update(_CALLEE.findall(text))
        found.update(name.rsplit(".", 1)[-1] for name in _CALL_HELPER.findall(text))
    return frozenset(found) | MODEL_CALLS


def runtime_sources() -> Mapping[str, tuple[str, str]]:
    """{file name: (text without leading comments, AST dump)} of templates/runtime."""
    # Keyed by modification time: the runtime may be edited while a long session runs.
    return {p.name: _runtime_source(p, p.stat().st_mtime_ns) for p in RUNTIME.glob("*.py")}


@cache
def _runtime_source(path: Path, _mtime_ns: int) -> tuple[str, str]:
    text = path.read_text(encoding="utf-8")
    return _without_header(text), ast.dump(ast.parse(text))


def _without_header(text: str) -> str:
    lines = text.splitlines(keepends=True)
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    return "".join(lines)


def dotted(node: ast.expr) -> tuple[str, str]:
    """(dotted name of a callee, its root name); "" for a root that is not a plain name."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    root = node.id if isinstance(node, ast.Name) else ""
    return ".".join([root or "<expr>", *reversed(parts)]), root


def defined_names(trees: Iterable[ast.Module]) -> set[str]:
    """Classes and functions defined at module level, and their methods."""
    names: set[str] = set()
    for tree in trees:
        for node in tree.body:
            if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
                names.add(node.name)
            if isinstance(node, ast.ClassDef):
                names.update(
                    n.name
                    for n in node.body
                    if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
                )
    return names


def python_blocks(markdown: str) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", markdown, re.DOTALL | re.MULTILINE)


def check_files(files: Mapping[str, str]) -> list[str]:
    """Problems in a generated package given as {relative path: text}; [] when all is well."""
    problems: list[str] = []
    trees: dict[str, ast.Module] = {}
    sources = {p: t for p, t in files.items() if p.endswith(".py")}
    if "README.md" in files:
        for i, block in enumerate(python_blocks(files["README.md"])):
            sources[f"README.md#example{i}"] = block
    runtime = runtime_sources()
    for path, text in sources.items():
        name = Path(path).name
        is_runtime = name in runtime and "/src/" in f"/{path}"
        if is_runtime and _without_header(text) == runtime[name][0]:
            continue  # the hand-written runtime, verbatim: no doc text can be in it
        try:
            tree = ast.parse(text)
            compile(tree, path, "exec", dont_inherit=True)
        except (SyntaxError, ValueError) as exc:
            problems.append(f"{path}: does not compile: {exc}")
            continue
        if is_runtime:  # formatted differently, or not the runtime at all
            if ast.dump(tree) != runtime[name][1]:
                problems.append(f"{path}: differs from templates/runtime/{name}")
        else:
            trees[path] = tree
    defined = defined_names(trees.values())
    for path, tree in trees.items():
        # A README example is a script: statements at top level are what it is for.
        script = path.startswith("README.md#")
        problems += [f"{path}: {p}" for p in _tree_problems(tree, defined, script)]
    return problems


def module_names(tree: ast.Module) -> set[str]:
    """Names bound at module level: imports, definitions (not fixtures), assignments."""
    names: set[str] = set()
    for stmt in tree.body:
        if isinstance(stmt, ast.Import | ast.ImportFrom):
            names.update((a.asname or a.name).split(".")[0] for a in stmt.names)
        elif isinstance(stmt, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            decorators = [d.func if isinstance(d, ast.Call) else d for d in stmt.decorator_list]
            if not any(dotted(d)[0].endswith("fixture") for d in decorators):
                names.add(stmt.name)  # a pytest fixture is meant to be received as a parameter
        elif isinstance(stmt, ast.Assign | ast.AnnAssign):
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            names.update(t.id for t in targets if isinstance(t, ast.Name))
    return names


def _shadowing(node: ast.FunctionDef | ast.AsyncFunctionDef, module: set[str]) -> list[str]:
    """A parameter named like a module-level name the body calls or reads from hides it.

    Generated code passes parameters on as values; a name that is called (`cast(...)`) or
    has an attribute read (`models.User`) means the module's.
    """
    args = node.args
    params = {a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs]}
    used = {
        n.id for stmt in node.body for parent in ast.walk(stmt) for n in _called_or_dotted(parent)
    }
    return [
        f"line {node.lineno}: parameter {name[:80]} hides the module's {name[:80]}"
        for name in sorted(params & used & module)
    ]


def _called_or_dotted(node: ast.AST) -> list[ast.Name]:
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        return [node.func]
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return [node.value]
    return []


def _tree_problems(tree: ast.Module, defined: set[str], script: bool) -> list[str]:
    problems: list[str] = []
    allowed = template_callees() | defined
    module = module_names(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            problems += _shadowing(node, module)
        if isinstance(node, ast.Call):
            name, root = dotted(node.func)
            last = name.rsplit(".", 1)[-1]
            if isinstance(node.func, ast.Name) and last in FORBIDDEN_CALLS:
                problems.append(f"line {node.lineno}: calls {last}()")
            elif root in FORBIDDEN_MODULES and name not in ALLOWED_DOTTED:
                problems.append(f"line {node.lineno}: calls {name[:120]}()")
            elif last not in allowed:
                problems.append(f"line {node.lineno}: calls {name[:120]}(), not template code")
        for child in _identifiers(node):
            if not child.isidentifier() or not child.isascii():
                problems.append(f"line {getattr(node, 'lineno', 0)}: identifier {child[:80]!r}")
        if isinstance(node, ast.ClassDef) or (isinstance(node, ast.Module) and not script):
            problems += _body_problems(node)
    return problems


def _identifiers(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Name):
        return [node.id]
    if isinstance(node, ast.Attribute):
        return [node.attr]
    if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
        return [node.name]
    if isinstance(node, ast.arg):
        return [node.arg]
    if isinstance(node, ast.keyword) and node.arg:
        return [node.arg]
    return []


def _body_problems(node: ast.Module | ast.ClassDef) -> list[str]:
    """Module and class bodies hold definitions and docstrings, never a bare expression."""
    problems: list[str] = []
    defined: set[str] = set()
    for stmt in node.body:
        if isinstance(stmt, ast.Expr):
            if not (isinstance(stmt.value, ast.Constant) and isinstance(stmt.value.value, str)):
                problems.append(f"line {stmt.lineno}: a bare expression at {_where(node)} level")
        elif not isinstance(
            stmt,
            ast.Import
            | ast.ImportFrom
            | ast.ClassDef
            | ast.FunctionDef
            | ast.AsyncFunctionDef
            | ast.Assign
            | ast.AnnAssign
            | ast.If,
        ):
            problems.append(f"line {stmt.lineno}: a {type(stmt).__name__} at {_where(node)} level")
        # A second field, class or method of one name would silently replace the first.
        target = ""
        if isinstance(node, ast.ClassDef) and isinstance(stmt, ast.AnnAssign):
            target = stmt.target.id if isinstance(stmt.target, ast.Name) else ""
        elif isinstance(stmt, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            target = stmt.name
        if target and target in defined:
            problems.append(f"line {stmt.lineno}: {target[:80]} defined twice")
        defined.add(target)
    return problems


def _where(node: ast.AST) -> str:
    return "class" if isinstance(node, ast.ClassDef) else "module"


def bidi_problems(files: Mapping[str, str]) -> list[str]:
    return [
        f"{path}: line {text[: m.start()].count(chr(10)) + 1}: U+{ord(m.group()):04X}"
        for path, text in files.items()
        if path.endswith(".py")
        for m in BIDI_CONTROLS.finditer(text)
    ]


def read_tree(out: Path) -> dict[str, str]:
    """Every text file of a built package, by path relative to it."""
    return {
        p.relative_to(out).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.suffix in (".py", ".md", ".json", ".toml", ".typed")
    }
