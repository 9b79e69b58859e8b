"""Flattened views of OpenAPI schemas, for comparing two exports field by field.

A view follows `$ref` into components.schemas, merges `allOf`, turns `anyOf [X, null]` into a
nullable X, and remembers the JSON pointer of every property so a removed one can be shown
where it used to be. Property schemas stay raw until the comparison descends into them, and
a reference already on the way down is compared by name only, so recursive models end.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

Raw = dict[str, Any]
_CONSTRAINTS = (
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minItems",
    "maxItems",
    "uniqueItems",
)
# What a change to counts as "changed" (patch) rather than docs or a type change.
DETAIL_KEYS = ("format", "default", "deprecated", "readOnly", "writeOnly", *_CONSTRAINTS)
_COMBINERS = ("$ref", "allOf", "anyOf", "oneOf")


def escape(token: str) -> str:
    """One JSON-pointer token (RFC 6901)."""
    return token.replace("~", "~0").replace("/", "~1")


@dataclass(frozen=True)
class View:
    types: tuple[str, ...] = ()  # JSON types without "null"; () when the schema says none
    nullable: bool = False
    enum: tuple[Any, ...] | None = None
    props: dict[str, tuple[Any, str]] = field(default_factory=dict)  # name -> (raw, pointer)
    required: frozenset[str] = frozenset()
    items: tuple[Any, str] | None = None
    description: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
    pointer: str = ""
    refs: frozenset[str] = frozenset()  # references followed on the way here


def _components(doc: Raw) -> Raw:
    schemas = (
        doc.get("components", {}).get("schemas", {})
        if isinstance(doc.get("components"), dict)
        else {}
    )
    return schemas if isinstance(schemas, dict) else {}


def _own(raw: Raw, pointer: str, refs: frozenset[str]) -> View:
    kind = raw.get("type")
    listed = (
        [kind]
        if isinstance(kind, str)
        else [t for t in kind if isinstance(t, str)] if isinstance(kind, list) else []
    )
    nullable = "null" in listed
    types = tuple(sorted(t for t in listed if t != "null"))
    enum: tuple[Any, ...] | None = None
    if isinstance(raw.get("enum"), list):
        nullable = nullable or None in raw["enum"]
        enum = tuple(v for v in raw["enum"] if v is not None)
    elif "const" in raw:
        enum = (raw["const"],)
    props_raw = raw.get("properties")
    props = {
        str(name): (sub, f"{pointer}/properties/{escape(str(name))}")
        for name, sub in (props_raw.items() if isinstance(props_raw, dict) else [])
    }
    items = (raw["items"], f"{pointer}/items") if isinstance(raw.get("items"), dict) else None
    if not types and props:
        types = ("object",)
    elif not types and items is not None:
        types = ("array",)
    required = raw.get("required")
    description = raw.get("description")
    return View(
        types=types,
        nullable=nullable,
        enum=enum,
        props=props,
        required=frozenset(str(r) for r in required) if isinstance(required, list) else frozenset(),
        items=items,
        description=description if isinstance(description, str) else None,
        details={k: raw[k] for k in DETAIL_KEYS if k in raw},
        pointer=pointer,
        refs=refs,
    )


def _combine(parts: list[View], pointer: str, refs: frozenset[str]) -> View:
    """Merge the views of $ref / allOf parts and the schema's own keys; own keys win."""
    if len(parts) == 1:
        return parts[0]
    props: dict[str, tuple[Any, str]] = {}
    details: dict[str, Any] = {}
    for part in parts:
        props.update(part.props)
        details.update(part.details)
    with_props = [p for p in parts if p.props]
    return View(
        types=next((p.types for p in reversed(parts) if p.types), ()),
        nullable=any(p.nullable for p in parts),
        enum=next((p.enum for p in reversed(parts) if p.enum is not None), None),
        props=props,
        required=frozenset().union(*(p.required for p in parts)),
        items=next((p.items for p in reversed(parts) if p.items is not None), None),
        description=next((p.description for p in reversed(parts) if p.description), None),
        details=details,
        pointer=with_props[-1].pointer if with_props else pointer,
        refs=refs.union(
            *(p.refs for p in parts)
        ),  # so properties know which models they are inside
    )


def view(doc: Raw, raw: Any, pointer: str, refs: frozenset[str] = frozenset()) -> View:
    if not isinstance(raw, dict):
        return View(pointer=pointer, refs=refs)
    parts: list[View] = []
    ref = raw.get("$ref")
    if isinstance(ref, str):
        name = ref.rsplit("/", 1)[-1]
        target = _components(doc).get(name)
        if name in refs or not isinstance(target, dict):
            parts.append(
                View(types=(f"ref:{name}",), pointer=pointer, refs=refs)
            )  # a cycle: stop here
        else:
            parts.append(view(doc, target, f"/components/schemas/{escape(name)}", refs | {name}))
    for i, sub in enumerate(raw.get("allOf") or []):
        parts.append(view(doc, sub, f"{pointer}/allOf/{i}", refs))
    for key in ("anyOf", "oneOf"):
        variants = raw.get(key)
        if isinstance(variants, list):
            parts.append(_union(doc, variants, f"{pointer}/{key}", refs))
    parts.append(_own({k: v for k, v in raw.items() if k not in _COMBINERS}, pointer, refs))
    return _combine(parts, pointer, refs)


def _union(doc: Raw, variants: list[Any], pointer: str, refs: frozenset[str]) -> View:
    real = [
        (i, v)
        for i, v in enumerate(variants)
        if not (isinstance(v, dict) and v.get("type") == "null")
    ]
    nullable = len(real) < len(variants)
    if len(real) == 1:
        index, only = real[0]
        inner = view(doc, only, f"{pointer}/{index}", refs)
        return replace(inner, nullable=inner.nullable or nullable)
    labels = sorted(type_label(doc, view(doc, v, f"{pointer}/{i}", refs)) for i, v in real)
    return View(
        types=("one of [" + ", ".join(labels) + "]",), nullable=nullable, pointer=pointer, refs=refs
    )


def type_label(doc: Raw, v: View, depth: int = 0) -> str:
    """A type as users read it: `string`, `array of integer`, `object`, `one of [...]`."""
    if not v.types:
        return "any"
    text = " | ".join(t.removeprefix("ref:") for t in v.types)
    if v.types == ("array",) and v.items is not None and depth < 4:
        text = "array of " + type_label(doc, view(doc, v.items[0], v.items[1], v.refs), depth + 1)
    return text


def top_type(v: View) -> str:
    """The type compared at one level: arrays compare their items one level further down."""
    return " | ".join(v.types) if v.types else "any"
