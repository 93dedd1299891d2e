"""Which columns of which base tables a statement touches (for column-level privileges).

Runs on the parsed tree before resolution replaces tables. Every column
reference is attributed to the base table it can come from: a qualified one
(``t.c``, ``t.*``) to the source with that alias in the nearest enclosing
scope that has one; an unqualified one to the base tables of the nearest
scope whose tables have such a column (several if ambiguous); ``SELECT *`` to
every source of its SELECT. The attribution over-approximates when unsure,
so a column grant can never be bypassed by an ambiguous name: the worst case
is a refusal Redshift would not give. O(columns x scope depth).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlglot import exp

from .catalog import Relation

__all__ = ["Usage", "column_usage"]

_SCOPES = (exp.Select, exp.Update, exp.Delete, exp.Merge)


@dataclass
class Usage:
    """Columns read per table node id; columns an UPDATE assigns (its target's)."""

    read: dict[int, set[str]] = field(default_factory=dict)
    updated: set[str] = field(default_factory=set)


def _sources(scope: exp.Expression) -> list[exp.Expression]:
    out: list[exp.Expression] = []
    if isinstance(scope, (exp.Update, exp.Delete, exp.Merge)):
        out.append(scope.this)
    from_ = scope.args.get("from_")
    if from_ is not None:
        out.append(from_.this)
    for join in scope.args.get("joins") or []:
        out.append(join.this)
    using = scope.args.get("using")
    if isinstance(using, exp.Expression):
        out.append(using)
    elif using:
        out.extend(using)
    return [s for s in out if isinstance(s, exp.Expression)]


def _enclosing(node: exp.Expression) -> list[exp.Expression]:
    out = []
    parent = node.parent
    while parent is not None:
        if isinstance(parent, _SCOPES):
            out.append(parent)
        parent = parent.parent
    return out


def _all(rel: Relation) -> set[str]:
    return {c.name for c in rel.columns}


def column_usage(tree: exp.Expression, rels: dict[int, Relation]) -> Usage:
    """Attribute every column reference of ``tree`` to the base-table nodes in ``rels`` (id -> relation)."""
    usage = Usage(read={tid: set() for tid in rels})
    assigned: set[int] = set()
    if isinstance(tree, exp.Update):
        for eq in tree.expressions:
            if isinstance(eq, exp.EQ) and isinstance(eq.this, exp.Column):
                usage.updated.add(eq.this.name)
                assigned.add(id(eq.this))
    for star in tree.find_all(exp.Star):
        parent = star.parent
        if isinstance(parent, exp.Select) and any(e is star for e in parent.expressions):
            for src in _sources(parent):
                if id(src) in rels:
                    usage.read[id(src)] |= _all(rels[id(src)])
    for col in tree.find_all(exp.Column):
        if id(col) in assigned:
            continue
        qualifier = col.table
        star = isinstance(col.this, exp.Star)
        name = col.name
        for scope in _enclosing(col):
            sources = _sources(scope)
            if qualifier:
                match = [s for s in sources if s.alias_or_name == qualifier]
                if not match:
                    continue
                for src in match:
                    if id(src) in rels:
                        usage.read[id(src)] |= _all(rels[id(src)]) if star else {name}
                break
            hits = [s for s in sources if id(s) in rels and rels[id(s)].column(name) is not None]
            if hits:
                for src in hits:
                    usage.read[id(src)].add(name)
                break
    return usage
