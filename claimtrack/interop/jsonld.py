"""Walking JSON-LD as fact-checkers publish it: graphs, lists, typed nodes and loosely typed values.

schema.org data comes as one object, a list, an ``@graph``, several script
blocks or a DataFeed (DataCommons' bulk format: ``dataFeedElement`` holds
DataFeedItems, each ``item`` a ClaimReview or a list of them); types may carry
a ``schema:`` prefix or come as lists; a property may hold one value or a
list, a name or a Person. These helpers give the readers one way to walk all
of that.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from claimtrack.interop.files import JsonValues, Unreadable
from claimtrack.interop.text import clean_text

__all__ = ["MAX_DEPTH", "context_ok", "first", "names", "nodes", "types"]

_SCHEMA_PREFIXES = ("http://schema.org/", "https://schema.org/", "schema:")
_CLAIM_REVIEW = ("ClaimReview",)

MAX_DEPTH = 32
"""How deep lists and ``@graph``s are walked for nodes (real data nests two or three levels)."""


def nodes(
    obj: object, pointer: str = "", context: object = None, depth: int = 0
) -> Iterator[tuple[str, object, object]]:
    """Every candidate node with its position (``[3]``, ``@graph[2]``) and the ``@context`` in force there.

    ``obj`` is a parsed JSON value or the :class:`~claimtrack.interop.files.JsonValues` of a file. Lists
    and graphs nested deeper than :data:`MAX_DEPTH` are not walked: an
    :class:`~claimtrack.interop.files.Unreadable` node stands for each, to be reported.
    """
    if depth > MAX_DEPTH:
        yield pointer or "[0]", Unreadable(pointer or "[0]", f"nested more than {MAX_DEPTH} levels deep; skipped",
                                           "too_deep"), context  # fmt: skip
        return
    if isinstance(obj, list):
        for i, item in enumerate(obj):
            if type(item) is dict and not _holds_nodes(item):  # the common case: a plain node, no recursion
                yield f"{pointer}[{i}]", item, item.get("@context", context)
            else:
                yield from nodes(item, f"{pointer}[{i}]", context, depth + 1)
        return
    if isinstance(obj, JsonValues):  # a file's values, parsed one at a time, each with its own position
        context = obj.context if obj.context is not None else context
        for position, item in obj:
            if type(item) is dict and not _holds_nodes(item):
                yield position, item, item.get("@context", context)
            else:
                yield from nodes(item, position, context, depth + 1)
        return
    if isinstance(obj, dict):
        context = obj.get("@context", context)
        base = pointer or ""
        for member in _MEMBERS:
            inner = obj.get(member)
            if member == "item" and (inner is None or "DataFeedItem" not in types(obj)):
                continue
            if member == "claims" and ("@type" in obj or not isinstance(inner, list)):
                continue
            if isinstance(inner, list):
                for i, item in enumerate(inner):
                    here = f"{base}.{member}[{i}]" if base else f"{member}[{i}]"
                    yield from nodes(item, here, context, depth + 1)
            elif isinstance(inner, dict):
                yield from nodes(inner, f"{base}.{member}" if base else member, context, depth + 1)
            else:
                continue
            if ("@type" not in obj and "claimReviewed" not in obj) or member in ("item", "claims"):
                return
            if member == "dataFeedElement" and "DataFeed" in types(obj):
                return
    yield pointer or "[0]", obj, context


_MEMBERS = ("@graph", "dataFeedElement", "item", "claims")
"""Members that hold nodes rather than describe this one: a graph, a DataFeed's items, a DataFeedItem's
ClaimReview(s), a Fact Check API response's claims."""


def _holds_nodes(node: dict[str, Any]) -> bool:
    """True when a node is a container to walk (a graph, a DataFeed or DataFeedItem, an API response)."""
    return "@graph" in node or "dataFeedElement" in node or "item" in node or "claims" in node


def types(node: Mapping[str, Any]) -> tuple[str, ...]:
    """The node's ``@type`` values (or ``type``, when there is no ``@type``) without a schema.org prefix."""
    raw = node.get("@type")
    if raw == "ClaimReview":  # the common case
        return _CLAIM_REVIEW
    if raw is None and "@type" not in node:
        raw = node.get("type")
    values = raw if isinstance(raw, list) else [raw]
    out = []
    for value in values:
        if isinstance(value, str):
            for prefix in _SCHEMA_PREFIXES:
                if value.startswith(prefix):
                    value = value[len(prefix) :]
                    break
            out.append(value)
    return tuple(out)


def context_ok(context: object, depth: int = 0) -> bool:
    """True when an ``@context`` (a string, a list or an object) names schema.org (looked for 8 levels deep)."""
    if isinstance(context, str):
        return "schema.org" in context
    if depth >= 8:
        return False
    if isinstance(context, list):
        return any(context_ok(c, depth + 1) for c in context)
    if isinstance(context, dict):
        return any(context_ok(v, depth + 1) for v in context.values())
    return False


def first(value: object) -> object:
    """The first non-null item of a list, or the value itself when it is not a list."""
    if isinstance(value, list):
        return next((v for v in value if v is not None), None)
    return value


def names(value: object) -> str | None:
    """The names of a Person, Organization, bare name or list of them, joined by ", " (None when none)."""
    values = value if isinstance(value, list) else [value]
    found = []
    for v in values:
        name, _ = clean_text(v.get("name") if isinstance(v, dict) else v)
        if name and name not in found:
            found.append(name)
    return ", ".join(found) or None
