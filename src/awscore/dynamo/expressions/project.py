"""Projections: keep only the requested document paths, in their hierarchy.

``a.b[0]`` returns ``{"a": {"b": [elem]}}``; missing paths (absent names,
out-of-range indexes, type-mismatched steps) are silently dropped. The same
machinery gives UPDATED_OLD / UPDATED_NEW.

>>> from awscore.dynamo.expressions.ast import Path
>>> project([Path(("a", "b", 1)), Path(("c",))], {"a": {"b": ["x", "y"], "z": 1}, "d": 2})
{'a': {'b': ['y']}}
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..types import copy_value
from .ast import Path, Projection
from .evaluate import MISSING, lookup

__all__ = ["project", "updated_values"]


class _ListParts(dict):
    """Selected list elements by original index, turned into a list in index order."""


def _insert(tree: dict[str, Any], path: Path, value: Any) -> None:
    node: Any = tree
    elements = path.elements
    for i, e in enumerate(elements):
        last = i == len(elements) - 1
        if last:
            node[e] = copy_value(value)
            return
        nxt = elements[i + 1]
        child = node.get(e)
        if child is None:
            child = _ListParts() if isinstance(nxt, int) else {}
            node[e] = child
        node = child


def _finish(node: Any) -> Any:
    if isinstance(node, _ListParts):
        return [_finish(node[i]) for i in sorted(node)]
    if isinstance(node, dict):
        return {k: _finish(v) for k, v in node.items()}
    return node


def project(paths: Iterable[Path] | Projection, item: Mapping[str, Any] | None) -> dict[str, Any]:
    """A fresh item holding only ``paths`` (resolved paths, or a Projection) of ``item``. O(size of result)."""
    if isinstance(paths, Projection):
        paths = paths.paths
    tree: dict[str, Any] = {}
    for path in paths:
        value = lookup(path, item)
        if value is not MISSING:
            _insert(tree, path, value)
    return _finish(tree)


def updated_values(paths: Iterable[Path], item: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """UPDATED_OLD / UPDATED_NEW: the written paths as found in the old / new item, or None if empty."""
    result = project(paths, item)
    return result or None
