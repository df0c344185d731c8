"""The ``other_fields`` cell: what a claim holds beyond its columns, so that it reads back exactly.

The columns carry what people read and edit in a spreadsheet; a claim can hold
more (criteria, the sources after the first, the wording a date was read from,
a field added to the schema later). The writer reads its own cells back the
way :func:`~claimtrack.interop.tabular.read_csv` will, compares the claim that
gives with the real one, and writes every difference into ``other_fields`` as
a JSON object from dotted paths to JSON values::

    {"criteria.0": {"type": "text", "text": "..."}, "sources.1": {...}, "said_on.text": "March 2024"}

The reader builds the claim from the columns, then sets each path. So an edit
to a column is kept (the path of an edited column is in ``other_fields`` only
when that column could not hold its value), and a claim exported and imported
unchanged equals the stored one, which is what lets a merge find nothing new.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

__all__ = ["apply", "cell", "differences"]

_MISSING = object()


def _plain(key: object) -> bool:
    """True for a dict key a dotted path can name (not empty, no dot, not a list index)."""
    return isinstance(key, str) and bool(key) and "." not in key and not key.isdigit()


def differences(base: Any, full: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """The ``(path, value)`` pairs that turn JSON ``base`` into ``full`` when set in order (see :func:`apply`).

    Objects with the same keys are compared key by key and lists item by item
    (extra items of ``full`` are appended); anything else that differs is set
    whole. Values are compared with their types, so ``1`` and ``1.0`` differ.
    """
    if type(base) is type(full) and base == full:
        return
    if isinstance(base, dict) and isinstance(full, dict) and all(_plain(k) for k in full):
        if not path:  # the claim itself: every field is named, even when ``base`` lacks it
            for key, value in full.items():
                yield from differences(base.get(key, _MISSING), value, key)
            return
        if base.keys() == full.keys():
            for key, value in full.items():
                yield from differences(base[key], value, f"{path}.{key}")
            return
    if path and isinstance(base, list) and isinstance(full, list) and len(base) <= len(full):
        for i, value in enumerate(full):
            if i < len(base):
                yield from differences(base[i], value, f"{path}.{i}")
            else:
                yield f"{path}.{i}", value
        return
    yield path, full


def cell(read_back: dict[str, Any] | None, full: dict[str, Any]) -> str:
    """The ``other_fields`` cell of a claim dumped as ``full``, whose columns read back as ``read_back``.

    ``read_back`` is None when the columns alone make no valid claim; the cell
    then names every field. Empty when the columns carry everything.
    """
    found = dict(differences(read_back or {}, full))
    return json.dumps(found, ensure_ascii=False, separators=(",", ":")) if found else ""


def apply(claim: dict[str, Any], text: str) -> tuple[str, ...]:
    """Set in ``claim`` (a JSON dump, changed in place) each path of the ``other_fields`` cell ``text``.

    Returns why parts were not used: the cell is not a JSON object (nothing is
    set), or a path names a part the claim lacks, such as ``horizon.rule``
    after the horizon columns were emptied (that path is skipped).
    """
    try:
        found = json.loads(text)
    except (ValueError, RecursionError) as exc:
        return (f"other_fields is not JSON ({type(exc).__name__}); ignored",)
    if not isinstance(found, dict):
        return (f"other_fields is a JSON {type(found).__name__}, not an object; ignored",)
    problems = []
    for path, value in found.items():
        why = _set(claim, path, value)
        if why:
            problems.append(f"other_fields sets {path[:80]!r}, but {why}; that part is ignored")
    return tuple(problems)


def _set(target: dict[str, Any], path: str, value: Any) -> str | None:
    """Set ``path`` in ``target`` to ``value``; None when done, else why not."""
    parts = path.split(".")
    if not all(parts):
        return "that is not a path"
    node: Any = target
    for depth, part in enumerate(parts):
        last = depth == len(parts) - 1
        if isinstance(node, dict):
            if last:
                node[part] = value
                return None
            child = node.get(part)
        elif isinstance(node, list) and part.isdigit() and len(part) < 10:
            index = int(part)
            if last and index <= len(node):
                node[index : index + 1] = [value]
                return None
            child = node[index] if index < len(node) else None
        else:
            child = None
        if not isinstance(child, dict | list):
            return f"the claim has no {'.'.join(parts[: depth + 1])[:80]!r}"
        node = child
    return None  # pragma: no cover - the loop returns on the last part
