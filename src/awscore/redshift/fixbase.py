"""Shared pieces of the fix-up layer: the context fix-ups consult and DuckDB expression templates."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import sqlglot
from sqlglot import exp

from .infer import TypeEnv

__all__ = ["FixContext", "duck", "now_expr"]


@dataclass
class FixContext:
    """What fix-ups may consult: column types and the session's identity."""

    env: TypeEnv
    database: str
    schema: str
    uses_now: bool = False


@lru_cache(maxsize=256)
def _template(sql: str) -> exp.Expression:
    return sqlglot.parse_one(sql, read="duckdb")


def duck(sql: str, **args: exp.Expression) -> exp.Expression:
    """A DuckDB expression from a template whose ``__name`` columns are replaced by ``args`` (by tree)."""
    tree = _template(sql).copy()

    def sub(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Column) and node.name.startswith("__") and not node.table:
            return args[node.name[2:]].copy()
        return node

    return tree.transform(sub, copy=False)


def now_expr(ctx: FixContext) -> exp.Expression:
    ctx.uses_now = True
    return duck("CAST(getvariable('rs_now') AS TIMESTAMP)")
