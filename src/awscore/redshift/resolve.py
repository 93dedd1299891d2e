"""Name resolution: every table reference becomes a catalog relation, a system relation or an error.

Runs on the parsed (case-folded) Redshift tree before any fix-up:

* CTE names shadow tables; unqualified names search the session's temp tables,
  then ``search_path``; ``pg_catalog`` system relations are found first, as in
  Redshift.
* Views (and late-binding views) are stored as Redshift SQL and inlined as
  subqueries, recursively, with a cycle guard, so DuckDB only ever sees base
  tables and the rewrite layers see every table.
* Base tables are rewritten to their quoted DuckDB storage names (keeping the
  name the query used as alias); schema-qualified column references lose their
  schema part.
* Table functions (``read_csv(...)``) and other databases' catalogs are refused.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from sqlglot import exp

from .catalog import Relation, RelKind
from .errors import FeatureNotSupported, SQLError, UndefinedFunction, UndefinedTable

__all__ = ["Namespace", "Resolution", "resolve", "SYS_PREFIX"]

SYS_PREFIX = "rs_sys__"
EXT_PREFIX = "rs_ext__"
_MAX_VIEW_DEPTH = 32


class Namespace(Protocol):
    """What the resolver asks the session."""

    database_name: str
    functions: dict


    def current_schema(self) -> str: ...

    def lookup(self, schema: str | None, name: str) -> Relation | None: ...

    def system(self, schema: str | None, name: str) -> str | None: ...

    def parse_view(self, rel: Relation) -> exp.Expression: ...

    def row_filter(self, rel: Relation) -> tuple[exp.Expression, str | None] | None: ...

    def column_masks(self, rel: Relation) -> dict[str, exp.Expression]: ...


@dataclass
class Resolution:
    """What resolution found: relations per table node, targets of DML, system relations used."""

    tables: dict[int, Relation] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    system: set[str] = field(default_factory=set)
    views: list[Relation] = field(default_factory=list)
    #: relations named by the statement itself (not reached through a view): privilege checks
    direct: list[Relation] = field(default_factory=list)
    #: external (Spectrum) tables to read when the statement runs
    external: list[Relation] = field(default_factory=list)
    #: UPDATE / DELETE / MERGE targets with masks: (table node, column -> mask over raw columns)
    target_masks: list[tuple[exp.Table, dict[str, exp.Expression]]] = field(default_factory=list)
    #: UPDATE / DELETE targets under RLS: (table node, predicate, policy alias)
    target_filters: list[tuple[exp.Table, exp.Expression, str | None]] = field(default_factory=list)
    #: privilege checks: (relation, columns read, is the DML target, user to check as: None = the session's)
    access: list[tuple[Relation, frozenset[str], bool, str | None]] = field(default_factory=list)
    #: columns an UPDATE assigns
    updated: frozenset[str] = frozenset()


def _target_tables(tree: exp.Expression) -> set[int]:
    """Ids of table nodes that are DML targets (no alias may be added to INSERT targets)."""
    out: set[int] = set()
    if isinstance(tree, exp.Insert):
        target = tree.this
        if isinstance(target, exp.Schema):
            target = target.this
        out.add(id(target))
    return out


def _modified_tables(tree: exp.Expression) -> set[int]:
    """Ids of the tables an INSERT / UPDATE / DELETE / MERGE writes (never replaced by an RLS subquery)."""
    if not isinstance(tree, (exp.Insert, exp.Update, exp.Delete, exp.Merge)):
        return set()
    target = tree.this
    if isinstance(target, exp.Schema):
        target = target.this
    return {id(target)}


def _missing(table: exp.Table) -> SQLError:
    shown = ".".join(p for p in (table.db, table.name) if p)
    return UndefinedTable(f'relation "{shown}" does not exist')


def _cte_shadows(table: exp.Table) -> bool:
    """Whether an unqualified name is a CTE in scope: defined by an enclosing WITH, not from inside its own body.

    In a non-recursive WITH a CTE is visible to the main query and to later CTEs, not to itself or
    earlier ones, so ``WITH t AS (SELECT * FROM t)`` reads the table t.
    """
    name = table.name
    node: exp.Expression = table
    parent = node.parent
    cte: exp.Expression | None = None
    while parent is not None:
        if isinstance(parent, exp.CTE):
            cte = parent
        with_ = parent.args.get("with_") if isinstance(parent, exp.Expression) else None
        if isinstance(with_, exp.With):
            ctes = list(with_.expressions)
            recursive = bool(with_.args.get("recursive"))
            inside = next((k for k, c in enumerate(ctes) if c is cte), None)
            for k, c in enumerate(ctes):
                if c.alias != name:
                    continue
                if inside is None or k < inside or (recursive and k <= inside):
                    return True
        node, parent = parent, parent.parent
    return False


def _rels_before(tree: exp.Expression, ns: Namespace) -> dict[int, Relation]:
    """Table node id -> catalog relation for every base table / view of ``tree`` (errors left to resolve)."""
    out: dict[int, Relation] = {}
    for table in tree.find_all(exp.Table):
        if not isinstance(table.this, exp.Identifier) or table.find_ancestor(exp.Into) is not None:
            continue
        schema = table.db or None
        if (schema is None and _cte_shadows(table)) or table.catalog:
            continue
        try:
            if ns.system(schema, table.name) is not None:
                continue
            rel = ns.lookup(schema, table.name)
        except SQLError:
            continue
        if rel is not None:
            out[id(table)] = rel
    return out


def resolve(tree: exp.Expression, ns: Namespace, result: Resolution | None = None,
            depth: int = 0, on_view: Callable[[Relation], None] | None = None, *,
            check_as: str | None = None, checked: bool = True) -> Resolution:
    """Resolve every table of ``tree`` in place; raises UndefinedTable / UndefinedFunction.

    Records the privilege checks in ``result.access``: the statement's own tables for the session's
    user, a view's base tables for the view owner (``check_as``); policy lookup tables are not checked.
    """
    if depth > _MAX_VIEW_DEPTH:
        raise FeatureNotSupported("view definitions are nested too deeply (or recursive)")
    result = result if result is not None else Resolution()
    no_alias = _target_tables(tree)
    modified = _modified_tables(tree)
    usage = None
    if checked:
        from .colusage import column_usage

        usage = column_usage(tree, _rels_before(tree, ns))
        if depth == 0:
            result.updated = frozenset(usage.updated)

    def record(table: exp.Table, rel: Relation) -> None:
        if usage is not None:
            cols = frozenset(usage.read.get(id(table), ()))
            result.access.append((rel, cols, id(table) in modified, check_as))

    for table in list(tree.find_all(exp.Table)):
        if table.find_ancestor(exp.Into) is not None:
            continue
        if not isinstance(table.this, exp.Identifier):
            fn = table.this
            name = fn.name if isinstance(fn, exp.Func) and fn.name else fn.sql("redshift").split("(")[0]
            raise UndefinedFunction(f"function {name.lower()} does not exist")
        name, schema, catalog = table.name, table.db or None, table.catalog or None
        if catalog and catalog != ns.database_name:
            shared = getattr(ns, "shared_relation", None)
            rel = shared(catalog, schema, name) if shared is not None else None
            if rel is None:
                raise FeatureNotSupported(
                    f'cross-database reference to database "{catalog}" is not supported')
            if id(table) in modified:
                raise FeatureNotSupported(f'relation "{catalog}.{schema or "public"}.{name}" is read-only: '
                                          "it belongs to a database created from a datashare")
            alias = table.alias or name
            table.replace(exp.Table(this=exp.to_identifier(EXT_PREFIX + rel.schema + "__" + rel.name, quoted=True),
                                    alias=exp.TableAlias(this=exp.to_identifier(alias))))
            result.external.append(rel)
            result.relations.append(rel)
            record(table, rel)
            if depth == 0:
                result.direct.append(rel)
            continue
        if schema is None and _cte_shadows(table):
            continue
        sysname = ns.system(schema, name)
        if sysname is not None:
            alias = table.alias or name
            new = exp.Table(this=exp.to_identifier(SYS_PREFIX + sysname, quoted=True),
                            alias=exp.TableAlias(this=exp.to_identifier(alias)))
            table.replace(new)
            result.system.add(sysname)
            continue
        rel = ns.lookup(schema, name)
        if rel is None:
            raise _missing(table)
        if rel.kind is RelKind.EXTERNAL:
            alias = table.alias or name
            table.replace(exp.Table(this=exp.to_identifier(EXT_PREFIX + rel.schema + "__" + rel.name, quoted=True),
                                    alias=exp.TableAlias(this=exp.to_identifier(alias))))
            result.external.append(rel)
            result.relations.append(rel)
            record(table, rel)
            if depth == 0:
                result.direct.append(rel)
            continue
        if rel.kind is RelKind.VIEW:
            body = ns.parse_view(rel).copy()
            record(table, rel)
            resolve(body, ns, result, depth + 1, check_as=rel.owner, checked=checked)
            alias = table.args.get("alias") or exp.TableAlias(this=exp.to_identifier(name))
            table.replace(exp.Subquery(this=body, alias=alias))
            result.views.append(rel)
            if depth == 0:
                result.direct.append(rel)
            continue
        record(table, rel)
        filt = ns.row_filter(rel)
        masks = ns.column_masks(rel)
        if masks and id(table) in modified:
            result.target_masks.append((table, masks))
            masks = {}
        if filt is not None and id(table) in modified:
            holder = exp.select(exp.Literal.number(1)).where(filt[0].copy())
            resolve(holder, ns, result, depth + 1, checked=False)  # lookup tables of the policies
            result.target_filters.append((table, holder.args["where"].this, filt[1]))
        elif filt is not None or masks:
            _protect(table, rel, filt, masks, ns, result, depth)
            continue
        storage = rel.duck_table()
        for key in ("this", "db", "catalog"):
            table.set(key, storage.args.get(key))
        if not table.alias and id(table) not in no_alias:
            table.set("alias", exp.TableAlias(this=exp.to_identifier(name)))
        result.tables[id(table)] = rel
        result.relations.append(rel)
        if depth == 0:
            result.direct.append(rel)
    aliases = {t.alias_or_name for t in tree.find_all(exp.Table)} | {t.name for t in tree.find_all(exp.Table)}
    for column in tree.find_all(exp.Column):
        # schema.table.column: drop the schema (the table keeps its name as alias); longer paths are SUPER
        if column.args.get("db") is not None and column.args.get("catalog") is None and column.table in aliases \
                and _is_schema(ns, column.db):
            column.set("db", None)
    return result


def _protect(table: exp.Table, rel: Relation, filt: tuple[exp.Expression, str | None] | None,
             masks: dict[str, exp.Expression], ns: Namespace, result: Resolution, depth: int) -> None:
    """Replace a protected table by ``(SELECT cols | masks FROM t [AS alias] WHERE policies) AS <name>``.

    Masks and the RLS predicate are computed from the same scan row, so the predicate sees raw values
    and everything outside the derived table sees masked ones.
    """
    predicate, policy_alias = filt if filt is not None else (None, None)
    inner = rel.duck_table()
    inner.set("alias", exp.TableAlias(this=exp.to_identifier(policy_alias or rel.name)))
    projections = [exp.alias_(masks[c.name], c.name, quoted=True) if c.name in masks
                   else exp.column(c.name, quoted=True) for c in rel.columns]
    body = exp.select(*projections).from_(inner)
    if predicate is not None:
        holder = exp.select(exp.Literal.number(1)).where(predicate.copy())
        resolve(holder, ns, result, depth + 1, checked=False)  # lookup tables: implicit SELECT for the policy
        body.set("where", holder.args["where"])
    alias = table.args.get("alias") or exp.TableAlias(this=exp.to_identifier(table.name))
    table.replace(exp.Subquery(this=body, alias=alias))
    result.tables[id(inner)] = rel
    result.relations.append(rel)
    if depth == 0:
        result.direct.append(rel)


def _is_schema(ns: Namespace, name: str) -> bool:
    try:
        ns.lookup(name, "__none__")
    except SQLError:
        return False
    return True
