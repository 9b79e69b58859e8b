"""Pydantic v2 models written straight from the IR, laid out as black would lay them out.

The IR already holds every class name, field name and wire alias the naming pass chose,
so a model is a direct rendering; datamodel-code-generator (which the tests use as an
oracle for the same export) would re-derive all of it and then need a full black pass.
"""

from __future__ import annotations

import ast
import keyword
import re
from dataclasses import dataclass

from generator.diagnostics import GeneratorError, error
from generator.ir import MISSING, Api, Kind, Model, Property, Schema, SourceSpan
from generator.emit.python.layout.formatting import black_block
from generator.emit.python.layout.rules import (
    Node, Pair, Seq, Unsure, annotated, call, class_line, flat, flat_annotated, kw, union_with,
)
from generator.emit.python.text import docstring_body, literal_node
from generator.emit.python.annotations import type_node
from generator.emit.python.params import ParamClass, RequestParams

# Formats and patterns stay in the docs and the export, not in validation: doc regexes are
# often in a dialect Python rejects, and format types would reject what servers send.
_CONFIG = 'model_config = ConfigDict(extra="allow", populate_by_name=True)'


def response_models(api: Api) -> set[str]:
    """Models reachable from any response: they must tolerate what newer servers send."""
    seen: set[str] = set()
    stack = [r.body.schema for op in api.operations for r in op.responses if r.body is not None]
    while stack:
        schema = stack.pop()
        if schema.kind is Kind.REF and schema.ref and schema.ref not in seen:
            seen.add(schema.ref)
            model = api.model(schema.ref)
            if model is not None:
                stack.append(model.schema)
        stack.extend(p.schema for p in schema.properties)
        stack.extend(schema.variants)
        stack.extend(s for s in (schema.items, schema.additional) if s is not None)
    return seen


@dataclass(frozen=True)
class ModelsView:
    """The models module in finished blocks; templates/models.py.jinja lays out the module."""

    classes: tuple[str, ...]  # each pydantic class, laid out
    params: tuple[str, ...]  # each TypedDict
    late: tuple[str, ...]  # classes in a reference cycle, rebuilt at the end
    typing_names: tuple[str, ...]
    pydantic_names: tuple[str, ...]


def models_view(api: Api, params: RequestParams | None = None) -> ModelsView:
    models = [m for m in api.models if m.schema.kind is Kind.OBJECT]
    if not models:
        return ModelsView((), (), (), (), ())
    params = RequestParams(api) if params is None else params
    open_models = response_models(api)
    ordered, late = _dependency_order(models)
    types: list[str] = []
    classes = tuple(_class_block(m, m.name in open_models, types) for m in ordered)
    typed_dicts = tuple(param_block(p, types) for p in params.classes.values())
    used = " ".join(types)
    return ModelsView(
        classes, typed_dicts, tuple(late),
        typing_names=tuple(n for n in ("Any", "Literal") if re.search(rf"\b{n}\b", used)),
        # BaseModel is the runtime's (_model_base: pydantic's, with to_dict() and to_json())
        pydantic_names=("ConfigDict", "Field") if "Field(" in used else ("ConfigDict",),
    )


def check_models(text: str) -> str:
    check_models_shape(text)
    return text


def _dependency_order(models: list[Model]) -> tuple[list[Model], list[str]]:
    """Classes after the classes they use; a class in a cycle is rebuilt at the end."""
    by_name = {m.name: m for m in models}
    done: set[str] = set()
    active: set[str] = set()
    out: list[Model] = []
    late: list[str] = []

    def visit(model: Model) -> None:
        done.add(model.name)
        active.add(model.name)
        for ref in _refs(model.schema):
            target = by_name.get(ref)
            if target is None:
                continue
            if ref in active and model.name not in late:
                late.append(model.name)
            elif ref not in done:
                visit(target)
        active.discard(model.name)
        out.append(model)

    for model in models:
        if model.name not in done:
            visit(model)
    return out, late


def _refs(schema: Schema) -> list[str]:
    found: list[str] = []
    stack = [schema]
    while stack:
        node = stack.pop()
        if node.kind is Kind.REF and node.ref:
            found.append(node.ref)
        stack.extend(p.schema for p in reversed(node.properties))
        stack.extend(reversed(node.variants))
        stack.extend(s for s in (node.additional, node.items) if s is not None)
    return found


def _class_block(model: Model, open_enums: bool, types: list[str]) -> str:
    try:
        return _class_text(model, open_enums, types, exact=True)
    except Unsure:
        return black_block(_class_text(model, open_enums, [], exact=False))


def _class_text(model: Model, open_enums: bool, types: list[str], *, exact: bool) -> str:
    lines = [class_line(model.name, "BaseModel")]
    doc = docstring_body(model.schema.description or model.schema.title)
    if doc:
        lines.append(_attribute_doc(doc))
        lines.append("")
    lines.append("    " + _CONFIG)
    for prop in model.schema.properties:
        name, annotation, default = _field(prop, open_enums)
        types.append(flat(annotation) + (" " + flat(default) if default is not None else ""))
        lay_out = annotated if exact else (lambda n, a, d, _indent: flat_annotated(n, a, d))
        lines.append("    " + lay_out(name, annotation, default, 4))
        field_doc = docstring_body(prop.schema.description)
        if field_doc:
            lines.append(_attribute_doc(field_doc))
    return "\n".join(lines)


def param_block(param: ParamClass, types: list[str]) -> str:
    """A TypedDict: class syntax when every key is an identifier, the call form otherwise."""
    fields = [(f.key, Seq("Required", (f.annotation,), "[]") if f.required else f.annotation) for f in param.fields]
    types.extend(flat(a) for _, a in fields)
    if all(k.isidentifier() and not keyword.iskeyword(k) for k, _ in fields):
        lines = [class_line(param.name, "TypedDict, total=False"),
                 f'    """What `models.{param.model}` takes, as a dict."""', ""]
        try:
            lines += ["    " + annotated(k, a, None, 4) for k, a in fields]
        except Unsure:
            lines = lines[:3] + ["    " + flat_annotated(k, a, None) for k, a in fields]
            return black_block("\n".join(lines))
        return "\n".join(lines)
    mapping = Seq("", tuple(Pair(flat(literal_node(k)) + ": ", a) for k, a in fields), "{}")
    text = f"{param.name} = " + flat(call("TypedDict", literal_node(param.name), mapping, kw("total", "False")))
    return black_block(text)


def _attribute_doc(doc: str) -> str:
    indented = "\n".join(("    " + line) if line else "" for line in doc.split("\n"))
    return f'    """\n{indented}\n    """'


def _field(prop: Property, open_enums: bool) -> tuple[str, Node, Node | None]:
    schema = prop.schema
    annotation = type_node(schema, prefix="", open_enums=open_enums)
    options = _constraints(schema)
    if prop.py_name != prop.wire_name:
        options.insert(0, kw("alias", literal_node(prop.wire_name)))
    # A read-only field is the server's to fill (OpenAPI: `required` binds it in responses
    # only), and one model serves both directions, so a request need not carry it.
    if prop.required and not schema.read_only:
        default: Node | None = None if not options else "..."
    else:
        default = literal_node(schema.default) if schema.default is not MISSING else "None"
        if flat(annotation) != "Any" and not flat(annotation).endswith("| None") and flat(annotation) != "None":
            annotation = union_with(annotation, "None")
    if options:
        return prop.py_name, annotation, call("Field", default or "...", *options)
    return prop.py_name, annotation, default


def _constraints(schema: Schema) -> list[Node]:
    c = schema.constraints
    is_array = schema.kind is Kind.ARRAY
    pairs = [
        ("min_length", c.min_items if is_array else c.min_length),
        ("max_length", c.max_items if is_array else c.max_length),
        ("ge", c.minimum),
        ("le", c.maximum),
        ("gt", c.exclusive_minimum),
        ("lt", c.exclusive_maximum),
        ("multiple_of", c.multiple_of),
    ]
    if schema.kind not in (Kind.STRING, Kind.ARRAY):
        pairs = [p for p in pairs if p[0] not in ("min_length", "max_length")]
    if schema.kind not in (Kind.INTEGER, Kind.NUMBER):
        pairs = [p for p in pairs if p[0] in ("min_length", "max_length")]
    return [kw(name, literal_node(value)) for name, value in pairs if value is not None]


_ALLOWED_TOP = (ast.ImportFrom, ast.Import, ast.ClassDef, ast.Assign, ast.AnnAssign, ast.Expr)


def check_models_shape(text: str) -> None:
    """Refuse models source that does anything but declare classes.

    This is a second line of defence behind escaping: whatever a description holds, the
    module may only import, define classes with annotated fields, and hold docstrings.
    """
    tree = ast.parse(text)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name not in {"Field", "ConfigDict", "model_rebuild", "TypedDict"}:
                raise GeneratorError(
                    [error("models-shape", f"generated models call {name!r}", SourceSpan("<models>", node.lineno))]
                )
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.Await):
            raise GeneratorError(
                [error("models-shape", "generated models define code", SourceSpan("<models>", node.lineno))]
            )
    for node in tree.body:
        if not isinstance(node, _ALLOWED_TOP):
            raise GeneratorError(
                [error("models-shape", f"unexpected {type(node).__name__}", SourceSpan("<models>", node.lineno))]
            )
        if isinstance(node, ast.Expr) and not _docstring_or_rebuild(node.value):
            raise GeneratorError(
                [error("models-shape", "unexpected expression", SourceSpan("<models>", node.lineno))]
            )


def _docstring_or_rebuild(value: ast.expr) -> bool:
    if isinstance(value, ast.Constant):
        return isinstance(value.value, str)
    return (isinstance(value, ast.Call) and not value.args and not value.keywords
            and isinstance(value.func, ast.Attribute) and value.func.attr == "model_rebuild"
            and isinstance(value.func.value, ast.Name))
