"""A resource chain and a method name inferred from one operation's path, method and text.

`GET /iam/clients/{clientId}/tokens` -> (("iam", "tokens"), "list"); the rules (plurals,
verbs in the docs' languages, namespace segments) are in generator/naming.py.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from generator.ir import Operation
from generator.naming import (
    ARTICLES, is_namespace_segment, is_version, method_identifier, plural, py_identifier, singular, snake, verb_in_phrase,
    verb_of, words,
)
from generator.passes.evidence import Evidence

_PARAM = re.compile(r"^\{([^{}]+)\}$")
_CRUD = ("list", "create", "retrieve", "update", "delete")
# A parameter in at least this share of an API's paths scopes the API (`{project_id}`), once
# the API is large enough for a share to mean something.
_SCOPE_SHARE, _SCOPE_MIN_OPERATIONS = 0.4, 8


@dataclass(frozen=True)
class Segment:
    name: str  # snake_case words of a static segment
    item: str = ""  # the parameter that names one of it (`users/{user_id}`), if any


def _segment_name(text: str) -> str:
    # A lower-case token stays one word (`l7policies`, `floatingips`): splitting at digits or
    # guessing word breaks would only invent names.
    tokens = [t for t in re.split(r"[^A-Za-z0-9]+", text) if t]
    return "_".join(snake(t) if any(c.isupper() for c in t) else t.lower() for t in tokens)


def _letters(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def tag_name(tag: str) -> str:
    """`Floating IPs` -> `floating_ips`: a tag is words separated by spaces, each kept whole."""
    joined = "_".join(t.lower() for t in re.findall(r"[A-Za-z0-9]+", tag))
    return py_identifier(joined) if joined else ""


def _names_item(segment: str, param: str) -> bool:
    """`projects/{project_id}`: the parameter is named after the segment before it."""
    stem = _letters(singular(segment))
    return bool(stem) and _letters(param).startswith(stem)


class PathShape:
    """What the whole API says about paths: scope parameters, product namespaces, RPC style."""

    def __init__(self, scope: frozenset[str], products: frozenset[str], rpc: bool,
                 collections: frozenset[str], with_ops: frozenset[tuple[str, ...]],
                 parents: frozenset[tuple[str]] = frozenset(), patched: frozenset[str] = frozenset()) -> None:
        self.scope, self.products, self.rpc = scope, products, rpc
        self.parents = parents  # static segments some path continues past with another static one
        self.patched = patched  # paths with a PATCH: a PUT beside it replaces
        self.collections = collections  # segments some path follows with an item
        self.with_ops = with_ops  # resource chains that have operations of their own

    @classmethod
    def of(cls, operations: Sequence[Operation]) -> PathShape:
        paths = sorted({op.path for op in operations})
        counts = Counter(p for path in paths for p in set(_params(path)))
        scope = frozenset(
            name for name, n in counts.items()
            if len(operations) >= _SCOPE_MIN_OPERATIONS and n >= _SCOPE_SHARE * len(paths)
        )
        firsts: dict[str, set[str]] = {}
        versioned, itemed = set(), set()
        for path in paths:
            raw = [s for s in path.strip("/").split("/") if s]
            if not raw or _PARAM.match(raw[0]) or is_namespace_segment(raw[0]):
                continue
            first = _segment_name(raw[0])
            rest = [s for s in raw[1:] if not is_namespace_segment(s)]
            if len(raw) > 1 and is_version(raw[1]):
                versioned.add(first)
            if rest and _PARAM.match(rest[0]):
                itemed.add(first)
            elif rest and verb_of(words(rest[0])[0] if words(rest[0]) else "") is None:
                firsts.setdefault(first, set()).add(_segment_name(rest[0]))
        # A product (`cloud/v1/...`, `iam/users`, `iam/clients`) groups several resources and
        # never names an item itself; `partner/api/create-user` groups actions, so it is a resource.
        products = frozenset(versioned | {f for f, kids in firsts.items() if len(kids) >= 2}) - itemed
        rpc = all(op.method == "post" for op in operations) and len(operations) > 1
        patched = frozenset(op.path for op in operations if op.method == "patch")
        shape = cls(scope, products, rpc, frozenset(), frozenset())
        segmented = [shape.segments(op.path) for op in operations]
        collections = frozenset(s.name for segs in segmented for s in segs if s.item)
        parents = frozenset((a.name,) for segs in segmented for a, b in zip(segs, segs[1:]) if not a.item)
        shape = cls(scope, products, rpc, collections, frozenset(), parents, patched)
        with_ops = frozenset(shape._chain(op)[0] for op in operations)
        return cls(scope, products, rpc, collections, with_ops, parents, patched)

    def segments(self, path: str) -> list[Segment]:
        out: list[Segment] = []
        for raw in (s for s in path.strip("/").split("/") if s):
            param = _PARAM.match(raw)
            if param is None:
                if not is_namespace_segment(raw):
                    out.append(Segment(_segment_name(raw)))
                continue
            name = param.group(1)
            last = out[-1] if out else None
            if last is not None and not last.item and (name not in self.scope or _names_item(last.name, name)):
                out[-1] = Segment(last.name, name)
        return [s for s in out if s.name]

    def own_id(self, op: Operation) -> str:
        """The last path parameter that is not a scope: `users.retrieve(user_id)`."""
        params = [p for p in _params(op.path) if p not in self.scope]
        return params[-1] if params else ""

    def _chain(self, op: Operation) -> tuple[tuple[str, ...], str, Segment | None]:
        """(resource chain, method if an action segment gives it, last resource segment)."""
        segs = self.segments(op.path)
        prefix: tuple[str, ...] = ()
        if segs and segs[0].name in self.products and not segs[0].item:
            prefix, segs = (segs[0].name,), segs[1:]
        action = ""
        if segs and not segs[-1].item and not _ends_with_param(op.path):
            first = segs[-1].name.split("_")[0]
            if verb_of(first) is not None and (op.method != "get" or verb_of(first) in _CRUD):
                action, segs = segs[-1].name, segs[:-1]
            elif op.method == "post" and len(segs) > 1 and segs[-2].item and self._is_leaf(segs[-1].name):
                # `POST /volumes/{id}/extend`: a word after an item that is never a collection
                # is something done to the item.
                return prefix + tuple(self._resource_name(s) for s in segs[:-1]), segs[-1].name, segs[-2]
        last = segs[-1] if segs else None
        chain = prefix + tuple(self._resource_name(s, parent=i < len(segs) - 1 or bool(action))
                               for i, s in enumerate(segs))
        if not action:
            return chain, "", last
        verb, *rest = action.split("_")
        noun = "_".join(w for w in rest if w not in ARTICLES)
        kind = verb_of(verb) or verb
        if not noun or (last is not None and last.item):
            # `/users/{id}/invite`, `/instances/{id}/add_security_group`: the item's own action.
            return chain, (kind if noun == "" else action), last
        # `create-user`, `invite_user`: the noun is the resource the verb acts on.
        if not chain or singular(chain[-1]) != singular(noun):
            chain = (*chain, plural(noun))
        return chain, ("list" if kind == "retrieve" and _is_plural(noun) else kind), last

    def _is_leaf(self, name: str) -> bool:
        return name not in self.collections and not _is_plural(name) and (name,) not in self.parents

    def _resource_name(self, seg: Segment, parent: bool = False) -> str:
        """Plural when it holds items or other resources; a singleton (`profile`) stays as is."""
        return plural(seg.name) if parent or seg.item or seg.name in self.collections else seg.name


def _params(path: str) -> list[str]:
    return re.findall(r"\{([^{}]+)\}", path)


def _ends_with_param(path: str) -> bool:
    return bool(_PARAM.match(path.rstrip("/").rsplit("/", 1)[-1]))


def _is_plural(name: str) -> bool:
    return singular(name) != name


def infer_name(op: Operation, shape: PathShape, found: Evidence,
               verbs: Mapping[str, str] | None = None) -> tuple[tuple[str, ...], str]:
    """`verbs` renames the CRUD verbs to a vendor's convention (`retrieve: get`)."""
    chain, method, last = shape._chain(op)
    chain = _regrouped(chain, op, shape, found)
    if not method:
        method = _from_operation_id(op, chain) or _crud(op, shape, last, chain)
        if method == "retrieve" and op.method == "get" and _lists(op, shape, last, chain):
            method = "list"  # `getRequests` on a collection whose items have their own path
    method = (verbs or {}).get(method, method)
    return chain or ("default",), method_identifier(method)


def _from_operation_id(op: Operation, chain: tuple[str, ...]) -> str:
    """`iamCreateUser` under iam.users -> create; ids that are not a verb phrase are ignored."""
    known = {w for part in chain for w in (*part.split("_"), *singular(part).split("_"))}
    rest = [w.lower() for w in words(op.operation_id) if w.lower() not in known]
    if not rest or len(rest) > 3 or verb_of(rest[0]) is None:
        return ""
    verb = verb_of(rest[0]) or rest[0]
    return verb if verb in _CRUD else "_".join(rest)


def _lists(op: Operation, shape: PathShape, last: Segment | None, chain: tuple[str, ...]) -> bool:
    """The path names a collection, not one of its items."""
    item = _ends_with_param(op.path) and last is not None and bool(last.item)
    collection = bool(chain) and (_is_plural(chain[-1]) or (last is not None and last.name in shape.collections))
    return collection and not item


def _crud(op: Operation, shape: PathShape, last: Segment | None, chain: tuple[str, ...]) -> str:
    said = verb_in_phrase(op.summary or "") if shape.rpc or op.method == "post" else None
    item = _ends_with_param(op.path) and last is not None and bool(last.item)
    lists = _lists(op, shape, last, chain)
    if said is not None:
        return "list" if said == "retrieve" and lists else said
    if op.method == "get":
        return "list" if lists else "retrieve"
    if op.method == "post":
        return "update" if item else "create"
    if op.method == "put" and op.path in shape.patched:
        return "replace"
    return {"put": "update", "patch": "update", "delete": "delete"}.get(op.method, op.method)


def _regrouped(chain: tuple[str, ...], op: Operation, shape: PathShape, found: Evidence) -> tuple[str, ...]:
    """Parents with no operations of their own step aside; tags and doc groups respell names."""
    kept = tuple(c for i, c in enumerate(chain)
                 if i == len(chain) - 1 or c in shape.products or chain[: i + 1] in shape.with_ops
                 or not _had_item(c, op, shape))
    names = list(kept)
    start = 1 if names and names[0] in shape.products else 0
    tags = [tag_name(t) for t in op.tags[:1]]
    for i in range(start, len(names)):
        for spelled in [*tags, *found.groups]:
            if spelled and _same_noun(names[i], spelled, spelled not in tags):
                names[i] = plural(spelled) if _is_plural(names[i]) or _is_plural(spelled) else spelled
                break
    return tuple(names)


def _had_item(name: str, op: Operation, shape: PathShape) -> bool:
    return any(s.item and plural(s.name) == name for s in shape.segments(op.path))


def _same_noun(name: str, spelled: str, qualified: bool) -> bool:
    """`floatingips` and `floating_ips`, `partner` and `partners`; a doc group may qualify the
    noun (`tokens` filed under `api_tokens`)."""
    a, b = _letters(singular(name)), _letters(singular(spelled))
    if not a or not b:
        return False
    return a == b or (qualified and singular(spelled).endswith("_" + singular(name).rsplit("_", 1)[-1]))
