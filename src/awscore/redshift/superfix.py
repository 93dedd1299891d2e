"""SUPER (PartiQL) fix-ups: dot navigation, 0-based subscripts and unnesting, over DuckDB JSON."""

from __future__ import annotations

from sqlglot import exp

from .errors import FeatureNotSupported
from .fixbase import FixContext
from .types import TypeName

__all__ = ["fix_column", "fix_bracket", "fix_unnest"]


def _source_names(node: exp.Expression) -> dict[str, exp.Expression]:
    names: dict[str, exp.Expression] = {}
    scope = node.parent
    while scope is not None:
        if isinstance(scope, (exp.Select, exp.Update, exp.Delete)):
            for key in ("from_", "joins", "this", "using"):
                value = scope.args.get(key)
                items = value if isinstance(value, list) else [value]
                for item in items:
                    if isinstance(item, (exp.From, exp.Join)):
                        item = item.this
                    if isinstance(item, (exp.Table, exp.Subquery)):
                        names.setdefault(item.alias_or_name, item)
        scope = scope.parent
    return names


def _super_base(node: exp.Column, ctx: FixContext) -> tuple[exp.Column, list[str]] | None:
    parts = [p.name for p in node.parts]
    if len(parts) < 2:
        return None
    sources = _source_names(node)
    if parts[0] in sources and sources[parts[0]].meta.get("rs_unnest"):
        base = exp.column(parts[0], table=parts[0])  # PartiQL: the unnested element itself
        path = parts[1:]
    elif parts[0] in sources:
        if len(parts) == 2:
            return None
        base = exp.column(parts[1], table=parts[0])
        path = parts[2:]
    else:
        base = exp.column(parts[0])
        path = parts[1:]
    base.parent = node.parent  # so the type lookup sees the enclosing query
    t = ctx.env.type_of(base)
    base.parent = None
    if t is None or t.name is not TypeName.SUPER:
        return None
    return base, path


def fix_column(node: exp.Column, ctx: FixContext) -> exp.Expression:
    """PartiQL navigation on SUPER (``t.j.a.b``) becomes a JSON path lookup."""
    found = _super_base(node, ctx)
    if found is None:
        return node
    base, path = found
    return exp.Anonymous(this="json_extract", expressions=[base, exp.Literal.string("$." + ".".join(path))])


def fix_bracket(node: exp.Bracket, ctx: FixContext) -> exp.Expression:
    """SUPER array subscripts are 0-based (``j.a[0]`` is the first element)."""
    if len(node.expressions) != 1 or not isinstance(node.expressions[0], exp.Literal):
        return node
    index = node.expressions[0]
    step = f"[{index.this}]" if not index.is_string else f".{index.this}"
    inner = node.this
    if isinstance(inner, exp.Anonymous) and inner.name == "json_extract":
        path = inner.expressions[1]
        return exp.Anonymous(this="json_extract",
                             expressions=[inner.expressions[0], exp.Literal.string(path.this + step)])
    t = ctx.env.type_of(inner)
    if t is not None and t.name is TypeName.SUPER:
        return exp.Anonymous(this="json_extract", expressions=[inner, exp.Literal.string("$" + step)])
    return node


def fix_unnest(node: exp.Unnest, ctx: FixContext) -> exp.Expression:
    """PartiQL ``FROM t, t.arr AS x``: iterate a SUPER array (each element is SUPER)."""
    if len(node.expressions) != 1:
        raise FeatureNotSupported("UNNEST of several arrays is not supported by awscore")
    arr = node.expressions[0]
    t = ctx.env.type_of(arr)
    if t is None or t.name is not TypeName.SUPER:
        raise FeatureNotSupported("only SUPER arrays can be unnested (FROM t, t.array AS x)")
    alias = node.args.get("alias")
    cols = alias.columns if alias is not None else []
    name = cols[0].name if cols else (alias.name if alias is not None and alias.name else "unnest")
    if node.args.get("offset") is not None:
        raise FeatureNotSupported("PartiQL AT index is not supported by awscore")
    elements = exp.Anonymous(this="unnest", expressions=[
        exp.Cast(this=arr, to=exp.DataType.build("JSON[]", dialect="duckdb"))])
    sub = exp.Subquery(this=exp.select(exp.alias_(elements, name, quoted=True)),
                       alias=exp.TableAlias(this=exp.to_identifier(name)))
    sub.meta["rs_unnest"] = True
    return sub
