"""Just enough static typing of Redshift expressions for the fix-ups that depend on types.

Integer division, AVG of integers and TRUNC of timestamps only differ from
DuckDB when the operand types are known. ``infer(node, env)`` answers the
Redshift type of an expression (or ``None`` when it cannot tell), resolving
columns through the enclosing SELECT's sources: base tables (recorded by the
resolver), derived tables, CTEs and outer queries (correlation). Cost: a walk
up the tree per column.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlglot import exp

from .catalog import Relation
from .dialect import DATE_PART
from .errors import SQLError
from .types import RsType, TypeName, from_datatype

__all__ = ["TypeEnv", "infer"]

_INT = RsType(TypeName.INTEGER)
_BIGINT = RsType(TypeName.BIGINT)
_DOUBLE = RsType(TypeName.DOUBLE)
_BOOL = RsType(TypeName.BOOLEAN)
_VARCHAR = RsType(TypeName.VARCHAR, 256)
_DATE = RsType(TypeName.DATE)
_TS = RsType(TypeName.TIMESTAMP)

_INT_RANK = {TypeName.SMALLINT: 0, TypeName.INTEGER: 1, TypeName.BIGINT: 2}


class TypeEnv:
    """The resolver's knowledge: which catalog relation each (rewritten) table node stands for."""

    def __init__(self, tables: dict[int, Relation]) -> None:
        self.tables = tables

    def type_of(self, node: exp.Expression) -> RsType | None:
        """The type of ``node`` (not cached: fix-ups replace nodes, so ids are not stable)."""
        return _infer(node, self)


def infer(node: exp.Expression, env: TypeEnv) -> RsType | None:
    """The Redshift type of ``node``, or None when unknown."""
    return env.type_of(node)


def _wider_int(a: RsType | None, b: RsType | None) -> RsType | None:
    if a is None or b is None or not a.is_integer or not b.is_integer:
        return None
    return a if _INT_RANK[a.name] >= _INT_RANK[b.name] else b


def _arith(node: exp.Binary, env: TypeEnv) -> RsType | None:
    left, right = env.type_of(node.this), env.type_of(node.expression)
    wide = _wider_int(left, right)
    if wide is not None:
        return wide
    if isinstance(node, exp.Div):
        from .fixups import numeric_division_type

        result = numeric_division_type(left, right)
        if result is not None:
            return result
    if left is None or right is None:
        return None
    if TypeName.DOUBLE in (left.name, right.name) or TypeName.REAL in (left.name, right.name):
        return _DOUBLE
    if left.name is TypeName.NUMERIC or right.name is TypeName.NUMERIC:
        return RsType(TypeName.NUMERIC, precision=38, scale=max(left.scale or 0, right.scale or 0))
    if left.name in (TypeName.DATE, TypeName.TIMESTAMP):
        return left
    return None


def _literal(node: exp.Literal, env: TypeEnv) -> RsType | None:
    if node.is_string:
        return RsType(TypeName.VARCHAR, len(node.this.encode()))
    text = node.this
    if text.isdigit():
        return _INT if int(text) <= 2**31 - 1 else _BIGINT
    if "e" in text.lower():
        return _DOUBLE
    scale = len(text.split(".")[1]) if "." in text else 0
    return RsType(TypeName.NUMERIC, precision=max(len(text) - 1, 1), scale=scale)


def _cast(node: exp.Cast, env: TypeEnv) -> RsType | None:
    try:
        return from_datatype(node.to)
    except SQLError:
        return None


def _same_as_arg(node: exp.Expression, env: TypeEnv) -> RsType | None:
    return env.type_of(node.this)


def _sum(node: exp.Sum, env: TypeEnv) -> RsType | None:
    arg = env.type_of(node.this)
    if arg is not None and arg.is_integer:
        return _BIGINT
    return arg


def _case(node: exp.Case, env: TypeEnv) -> RsType | None:
    for branch in node.args.get("ifs") or []:
        t = env.type_of(branch.args["true"])
        if t is not None:
            return t
    default = node.args.get("default")
    return env.type_of(default) if default is not None else None


def _coalesce(node: exp.Coalesce, env: TypeEnv) -> RsType | None:
    return env.type_of(node.this)


def _column(node: exp.Column, env: TypeEnv) -> RsType | None:
    name = node.name
    qualifier = node.table
    select = node.find_ancestor(exp.Select)
    while select is not None:
        for source in _sources(select):
            alias = source.alias_or_name
            if qualifier and alias != qualifier:
                continue
            found = _source_column(source, name, env)
            if found is not _MISSING:
                return found  # type: ignore[return-value]
        select = select.parent.find_ancestor(exp.Select) if select.parent is not None else None
    return None


_MISSING = object()


def _sources(select: exp.Select) -> list[exp.Expression]:
    out: list[exp.Expression] = []
    from_ = select.args.get("from_") or select.args.get("from")
    if from_ is not None:
        out.append(from_.this)
    for join in select.args.get("joins") or []:
        out.append(join.this)
    return out


def _source_column(source: exp.Expression, name: str, env: TypeEnv) -> object:
    if isinstance(source, exp.Table):
        rel = env.tables.get(id(source))
        if rel is not None:
            col = rel.column(name)
            return col.type if col is not None else _MISSING
        cte = _find_cte(source)
        if cte is not None:
            return _projection_type(cte.this, name, env)
        return _MISSING
    if isinstance(source, exp.Subquery):
        return _projection_type(source.this, name, env)
    return _MISSING


def _find_cte(table: exp.Table) -> exp.CTE | None:
    if table.db:
        return None
    node = table.parent
    while node is not None:
        with_ = node.args.get("with_") or node.args.get("with") if isinstance(node, exp.Expression) else None
        if isinstance(with_, exp.With):
            for cte in with_.expressions:
                if cte.alias == table.name:
                    return cte
        node = node.parent
    return None


def _projection_type(query: exp.Expression, name: str, env: TypeEnv) -> object:
    while isinstance(query, exp.Subquery):
        query = query.this
    if isinstance(query, exp.SetOperation):
        query = query.this
    if not isinstance(query, exp.Select):
        return _MISSING
    for proj in query.expressions:
        if isinstance(proj, exp.Star):
            for source in _sources(query):
                found = _source_column(source, name, env)
                if found is not _MISSING:
                    return found
        elif proj.alias_or_name == name:
            inner = proj.this if isinstance(proj, exp.Alias) else proj
            return env.type_of(inner)
    return _MISSING


def _extract(node: exp.Extract, env: TypeEnv) -> RsType:
    """EXTRACT is INTEGER (DOUBLE PRECISION from a TIMESTAMPTZ); DATE_PART is always DOUBLE PRECISION."""
    if node.meta.get(DATE_PART):
        return _DOUBLE
    source = env.type_of(node.expression)
    return _DOUBLE if source is not None and source.name is TypeName.TIMESTAMPTZ else _INT


_RULES: dict[type[exp.Expression], Callable[..., RsType | None]] = {
    exp.Literal: _literal,
    exp.Cast: _cast,
    exp.TryCast: _cast,
    exp.Column: _column,
    exp.Paren: _same_as_arg,
    exp.Neg: _same_as_arg,
    exp.Alias: _same_as_arg,
    exp.Abs: _same_as_arg,
    exp.Min: _same_as_arg,
    exp.Max: _same_as_arg,
    exp.Add: _arith,
    exp.Sub: _arith,
    exp.Mul: _arith,
    exp.Div: _arith,
    exp.Mod: _arith,
    exp.IntDiv: _arith,
    exp.Sum: _sum,
    exp.Case: _case,
    exp.If: lambda n, env: env.type_of(n.args["true"]),
    exp.Coalesce: _coalesce,
    exp.Count: lambda n, env: _BIGINT,
    exp.Length: lambda n, env: _INT,
    exp.StrPosition: lambda n, env: _INT,
    exp.Boolean: lambda n, env: _BOOL,
    exp.CurrentDate: lambda n, env: _DATE,
    exp.CurrentTimestamp: lambda n, env: _TS,
    exp.Extract: lambda n, env: _extract(n, env),
    exp.TsOrDsDiff: lambda n, env: _BIGINT,
    exp.DateDiff: lambda n, env: _BIGINT,
    exp.Lower: lambda n, env: _VARCHAR,
    exp.Upper: lambda n, env: _VARCHAR,
    exp.DPipe: lambda n, env: _VARCHAR,
    exp.Concat: lambda n, env: _VARCHAR,
    exp.Substring: lambda n, env: _VARCHAR,
    exp.TsOrDsAdd: lambda n, env: _TS,
    exp.TimestampTrunc: lambda n, env: _TS,
    exp.StrToDate: lambda n, env: _DATE,
    exp.TsOrDsToDate: lambda n, env: _DATE,
}


_SUPER = RsType(TypeName.SUPER)
_RULES[exp.Anonymous] = lambda n, env: _SUPER if n.name.lower() in ("unnest", "json_extract") else None
_RULES[exp.ParseJSON] = lambda n, env: _SUPER


def _infer(node: exp.Expression, env: TypeEnv) -> RsType | None:
    rule = _RULES.get(type(node))
    if rule is None:
        return None
    return rule(node, env)
