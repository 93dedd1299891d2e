"""Translation of Redshift queries and DML into DuckDB SQL: parse, resolve, fix up, generate.

``Translator.translate(text, ns)`` returns a :class:`Plan` (the DuckDB SQL, the
Redshift output column names, the tables read and written, the system
relations to materialize). Parsing is cached by statement text; whole plans are
cached by (text, catalog epoch, search_path, temp tables) so a re-executed
statement costs a dict lookup.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from enum import StrEnum

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError

from .catalog import Relation, RelKind
from .dialect import DATE_PART, LABEL, RedshiftX, quiet_parse
from .errors import FeatureNotSupported, SQLError, SyntaxError_
from .fixups import FixContext, apply_fixups, check_functions
from .infer import TypeEnv
from .resolve import Namespace, resolve
from .types import RsType, TypeName, from_datatype
from .udf import expand_udfs

__all__ = ["PlanKind", "Plan", "Translator", "parse", "output_name", "lower_identifiers"]


class PlanKind(StrEnum):
    QUERY = "QUERY"
    DML = "DML"


@dataclass
class Plan:
    """A translated statement, ready to run on a session's DuckDB cursor."""

    kind: PlanKind
    sql: str
    columns: list[str] | None = None
    reads: list[Relation] = field(default_factory=list)
    writes: list[Relation] = field(default_factory=list)
    system: frozenset[str] = frozenset()
    uses_now: bool = False
    params: tuple[str, ...] = ()
    #: Redshift types of the output columns where they can be inferred (queries)
    types: list[RsType | None] | None = None
    #: relations the statement names directly (privilege checks) and its verb
    direct: list[Relation] = field(default_factory=list)
    verb: str = "SELECT"
    external: list[Relation] = field(default_factory=list)
    #: privilege checks (relation, columns read, is the DML target, user to check as) and UPDATE's columns
    access: list[tuple[Relation, frozenset[str], bool, str | None]] = field(default_factory=list)
    updated: frozenset[str] = frozenset()
    #: per output column, the table column it reads directly: (schema, table, NOT NULL), for ColumnMetadata
    origins: list[tuple[str, str, bool] | None] | None = None
    #: the one FROM item (its alias or name) of a single-SELECT statement, which Redshift names when a column
    #: is missing (``column "x" does not exist in t``)
    from_name: str | None = None


_PARSE_LOCK = threading.Lock()
_PARSED: OrderedDict[str, exp.Expression] = OrderedDict()
_PARSE_CACHE_SIZE = 2048


def parse(text: str) -> exp.Expression:
    """The Redshift AST of one statement (cached; callers must ``.copy()`` before mutating)."""
    with _PARSE_LOCK:
        tree = _PARSED.get(text)
        if tree is not None:
            _PARSED.move_to_end(text)
            return tree
    try:
        with quiet_parse():
            tree = sqlglot.parse_one(text, read=RedshiftX)
    except ParseError as exc:
        err = exc.errors[0] if exc.errors else {}
        near = (err.get("highlight") or "").strip() or "end of input"
        raise SyntaxError_(f'syntax error at or near "{near}"',
                           position=err.get("col")) from None
    except (ValueError, TypeError, KeyError) as exc:  # sqlglot internals on odd input
        raise SyntaxError_(f"syntax error: {exc}") from None
    if tree is None or isinstance(tree, exp.Command):
        word = text.split(None, 1)[0] if text.split() else ""
        raise SyntaxError_(f'syntax error at or near "{word}"')
    lower_identifiers(tree)
    with _PARSE_LOCK:
        _PARSED[text] = tree
        if len(_PARSED) > _PARSE_CACHE_SIZE:
            _PARSED.popitem(last=False)
    return tree


def lower_identifiers(tree: exp.Expression) -> exp.Expression:
    """Fold every identifier (quoted ones too) to lower case, as Redshift does by default."""
    for ident in tree.find_all(exp.Identifier):
        ident.set("this", ident.this.lower())
    return tree


def output_name(node: exp.Expression) -> str | None:
    """The column name Redshift gives an unaliased projection (None: keep DuckDB's)."""
    if isinstance(node, (exp.Alias, exp.Column, exp.Star)):
        return None
    if node.meta.get(LABEL):
        return node.meta[LABEL]
    if isinstance(node, exp.CurrentTimestamp) and node.args.get("sysdate"):
        return "timestamp"  # Redshift's documented label for SYSDATE
    if isinstance(node, exp.CurrentDate):
        return "date"
    if isinstance(node, exp.Cast):
        if isinstance(node.this, exp.Column):
            return node.this.name
        try:
            return from_datatype(node.to).typname
        except SQLError:
            return "?column?"
    if isinstance(node, exp.Case):
        return "case"
    if isinstance(node, exp.Extract):  # PostgreSQL 8 rewrites EXTRACT to date_part(); DATE_PART is pgdate_part
        return "pgdate_part" if node.meta.get(DATE_PART) else "date_part"
    if isinstance(node, (exp.Window, exp.WithinGroup)):
        return output_name(node.this)
    if isinstance(node, (exp.Paren,)):
        return output_name(node.this)
    if isinstance(node, exp.Anonymous):
        return node.name.lower()
    if isinstance(node, exp.Func):
        head = node.sql("redshift").split("(", 1)[0].strip().lower()
        return head if head.replace("_", "").isalnum() else "?column?"
    return "?column?"


def _name_outputs(tree: exp.Expression) -> None:
    select = tree
    while isinstance(select, (exp.SetOperation, exp.Subquery)):
        select = select.this
    if not isinstance(select, exp.Select):
        return
    projections = []
    for proj in select.expressions:
        name = output_name(proj)
        projections.append(exp.alias_(proj, name, quoted=True) if name is not None else proj)
    select.set("expressions", projections)


class Translator:
    """Turns query / DML text into DuckDB plans, with a plan cache (LRU)."""

    def __init__(self, size: int = 512) -> None:
        self._plans: OrderedDict[tuple, Plan] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def translate(self, text: str, ns: Namespace, key: tuple) -> Plan:
        """The plan of statement ``text`` in namespace ``ns``; ``key`` identifies the name-resolution context."""
        cache_key = (text, *key)
        with self._lock:
            plan = self._plans.get(cache_key)
            if plan is not None:
                self._plans.move_to_end(cache_key)
                self.hits += 1
                return plan
        plan = self.build(parse(text).copy(), ns)
        with self._lock:
            self.misses += 1
            self._plans[cache_key] = plan
            if len(self._plans) > self._size:
                self._plans.popitem(last=False)
        return plan

    def build(self, tree: exp.Expression, ns: Namespace) -> Plan:
        """Translate a (copied, case-folded) Redshift tree."""
        if isinstance(tree, exp.Merge):
            _unwrap_merge_values(tree)
        is_query = isinstance(tree, (exp.Select, exp.SetOperation, exp.Subquery))
        if is_query:
            _name_outputs(tree)  # before UDF expansion: f(x) is named "f"
        tree = expand_udfs(tree, ns.functions)
        check_functions(tree)
        if is_query:
            kind = PlanKind.QUERY
        elif isinstance(tree, (exp.Insert, exp.Update, exp.Delete, exp.Merge)):
            kind = PlanKind.DML
        else:
            raise FeatureNotSupported(f"{type(tree).__name__.upper()} is not a query or DML statement")
        _current_namespace(tree, ns)
        resolution = resolve(tree, ns)
        writes = _dml_targets(tree, resolution.tables)
        for rel in writes:
            if rel.kind is not RelKind.TABLE:
                raise FeatureNotSupported(f'cannot modify relation "{rel.name}": it is a {rel.kind.lower()}')
        for target, masks in resolution.target_masks:  # before RLS: its predicate sees raw values
            _mask_target(tree, target, masks)
        if not isinstance(tree, exp.Insert):  # INSERT is not filtered by RLS
            for target, predicate, policy_alias in resolution.target_filters:
                _filter_target(tree, target, predicate, policy_alias)
        if isinstance(tree, exp.Insert):
            _fill_insert_columns(tree, writes[0])
            _trim_char_inserts(tree, writes[0])
        if isinstance(tree, exp.Update):
            _trim_char_updates(tree, writes[0])
        if isinstance(tree, exp.Merge):
            _fix_merge(tree, writes[0])
        env = TypeEnv(resolution.tables)
        types = _output_types(tree, env) if kind is PlanKind.QUERY else None
        origins = _output_origins(tree, env) if kind is PlanKind.QUERY else None
        from_name = _single_from_name(tree)
        ctx = FixContext(env, ns.database_name, ns.current_schema())
        tree = apply_fixups(tree, ctx)
        params = tuple(p.name for p in tree.find_all(exp.Placeholder) if p.name)
        sql = tree.sql("duckdb", copy=False)
        columns = None
        verb = {exp.Insert: "INSERT", exp.Update: "UPDATE", exp.Delete: "DELETE", exp.Merge: "MERGE"}.get(
            type(tree), "SELECT")
        return Plan(kind, sql, columns, reads=resolution.relations, writes=writes,
                    system=frozenset(resolution.system), uses_now=ctx.uses_now, params=params, types=types,
                    direct=resolution.direct, verb=verb, external=resolution.external,
                    access=resolution.access, updated=resolution.updated, origins=origins,
                    from_name=from_name)


def _current_namespace(tree: exp.Expression, ns: Namespace) -> None:
    """``SELECT current_namespace``: the cluster's namespace GUID (datashares address clusters by it)."""
    guid = getattr(ns, "namespace_id", None)
    if guid is None:
        return
    for col in list(tree.find_all(exp.Column)):
        if col.name == "current_namespace" and not col.table:
            scope = col.find_ancestor(exp.Select)
            if scope is not None and scope.args.get("from_") is None:
                node = exp.alias_(exp.Literal.string(guid), "current_namespace") if col.parent is scope else (
                    exp.Literal.string(guid))
                col.replace(node)


def _output_types(tree: exp.Expression, env: TypeEnv) -> list[RsType | None] | None:
    select = tree
    while isinstance(select, (exp.SetOperation, exp.Subquery)):
        select = select.this
    if not isinstance(select, exp.Select):
        return None
    out: list[RsType | None] = []
    for proj in select.expressions:
        if isinstance(proj, exp.Star) or (isinstance(proj, exp.Column) and isinstance(proj.this, exp.Star)):
            qualifier = proj.table if isinstance(proj, exp.Column) else ""
            sources = [s for s in _select_sources(select) if not qualifier or s.alias_or_name == qualifier]
            for source in sources:
                rel = env.tables.get(id(source))
                if rel is None:
                    return None
                out.extend(c.type for c in rel.columns)
            continue
        out.append(env.type_of(proj.this if isinstance(proj, exp.Alias) else proj))
    return out


def _single_from_name(tree: exp.Expression) -> str | None:
    """The FROM item of a statement with exactly one SELECT reading exactly one relation (else None)."""
    selects = list(tree.find_all(exp.Select))
    if len(selects) != 1:
        return None
    sources = _select_sources(selects[0])
    if len(sources) != 1 or not isinstance(sources[0], exp.Table):
        return None
    return sources[0].alias_or_name or None


def _output_origins(tree: exp.Expression, env: TypeEnv) -> list[tuple[str, str, bool] | None] | None:
    """For each output column that is a plain column of a catalog table: (schema, table, NOT NULL)."""
    select = tree
    while isinstance(select, (exp.SetOperation, exp.Subquery)):
        if isinstance(select, exp.SetOperation):
            return None  # a UNION's columns come from no single table
        select = select.this
    if not isinstance(select, exp.Select):
        return None
    sources = [s for s in _select_sources(select) if isinstance(s, exp.Table)]
    out: list[tuple[str, str, bool] | None] = []
    for proj in select.expressions:
        if isinstance(proj, exp.Star) or (isinstance(proj, exp.Column) and isinstance(proj.this, exp.Star)):
            qualifier = proj.table if isinstance(proj, exp.Column) else ""
            for source in _select_sources(select):
                if qualifier and source.alias_or_name != qualifier:
                    continue
                rel = env.tables.get(id(source))
                if rel is None:
                    return None
                out.extend((rel.schema, rel.name, bool(c.not_null)) for c in rel.columns)
            continue
        inner = proj.this if isinstance(proj, exp.Alias) else proj
        origin = None
        if isinstance(inner, exp.Column) and not isinstance(inner.this, exp.Star):
            for source in sources:
                if inner.table and source.alias_or_name != inner.table:
                    continue
                rel = env.tables.get(id(source))
                col = rel.column(inner.name) if rel is not None else None
                if col is not None:
                    origin = (rel.schema, rel.name, bool(col.not_null))
                    break
        out.append(origin)
    return out


def _select_sources(select: exp.Select) -> list[exp.Expression]:
    from_ = select.args.get("from_")
    items = [from_.this] if from_ is not None else []
    items.extend(j.this for j in select.args.get("joins") or [])
    return items


def _dml_targets(tree: exp.Expression, tables: dict[int, Relation]) -> list[Relation]:
    if not isinstance(tree, (exp.Insert, exp.Update, exp.Delete, exp.Merge)):
        return []
    target = tree.this
    if isinstance(target, exp.Schema):
        target = target.this
    rel = tables.get(id(target))
    if rel is None:
        raise FeatureNotSupported("the target of an INSERT / UPDATE / DELETE / MERGE must be a table")
    return [rel]


def _fill_insert_columns(tree: exp.Insert, rel: Relation) -> None:
    """``INSERT INTO t VALUES (a)`` into a wider table fills the trailing columns with defaults."""
    if isinstance(tree.this, exp.Schema):
        return
    values = tree.expression
    if not isinstance(values, exp.Values) or not values.expressions:
        return
    width = len(values.expressions[0].expressions)
    if width < len(rel.columns):
        cols = [exp.to_identifier(c.name, quoted=True) for c in rel.columns[:width]]
        tree.set("this", exp.Schema(this=tree.this, expressions=cols))


def _mask_target(tree: exp.Expression, target: exp.Table, masks: dict[str, exp.Expression]) -> None:
    """UPDATE / DELETE / MERGE read a masked target column as its mask (WHERE, SET values, joins), so
    neither a row count nor a copied value can reveal the raw data. Assigned columns stay raw targets."""
    if isinstance(tree, exp.Insert):  # INSERT ... SELECT reads through its (masked) sources already
        return
    name = target.alias_or_name
    assigned = {id(eq.this) for eq in tree.expressions if isinstance(eq, exp.EQ)} if isinstance(
        tree, exp.Update) else set()
    for col in list(tree.find_all(exp.Column)):
        if id(col) in assigned or col.name not in masks or isinstance(col.this, exp.Star):
            continue
        scope = col.find_ancestor(exp.Select, exp.Update, exp.Delete, exp.Merge)
        if col.table != name and not (not col.table and scope is tree):
            continue
        mask = masks[col.name].copy()
        for inner in mask.find_all(exp.Column):
            if not inner.table:
                inner.set("table", exp.to_identifier(name))
        col.replace(exp.Paren(this=mask))


def _filter_target(tree: exp.Expression, target: exp.Table, predicate: exp.Expression,
                   policy_alias: str | None) -> None:
    """UPDATE / DELETE of an RLS table touch only the rows its policies let the user see."""
    if not isinstance(tree, (exp.Update, exp.Delete)):
        raise FeatureNotSupported("MERGE into a table with row-level security is not supported by awscore")
    pred = predicate.copy()
    name = target.alias_or_name
    for col in pred.find_all(exp.Column):
        if col.table and col.table == policy_alias:
            col.set("table", exp.to_identifier(name))
    where = tree.args.get("where")
    condition = exp.Paren(this=pred) if where is None else exp.And(this=where.this, expression=exp.Paren(this=pred))
    tree.set("where", exp.Where(this=condition))


def _is_char(rel: Relation, name: str) -> bool:
    col = rel.column(name)
    return col is not None and col.type.name is TypeName.CHAR


def _rtrim(node: exp.Expression) -> exp.Expression:
    return exp.Anonymous(this="rtrim", expressions=[exp.Cast(this=node, to=exp.DataType.build("VARCHAR"))])


def _trim_char_inserts(tree: exp.Insert, rel: Relation) -> None:
    """CHAR(n) values are stored without trailing blanks (comparisons and LEN ignore them)."""
    target = tree.this
    names = [i.name for i in target.expressions] if isinstance(target, exp.Schema) else rel.column_names()
    if not any(_is_char(rel, n) for n in names):
        return
    source = tree.expression
    if isinstance(source, exp.Values):
        for row in source.expressions:
            items = row.expressions
            for i, item in enumerate(items):
                if i < len(names) and _is_char(rel, names[i]) and not isinstance(item, exp.Var):
                    items[i] = _rtrim(item)
                    items[i].parent = row
        return
    if isinstance(source, (exp.Select, exp.SetOperation, exp.Subquery)):
        width = len(names)
        alias = exp.TableAlias(this=exp.to_identifier("__src"),
                               columns=[exp.to_identifier(f"c{i}") for i in range(width)])
        projections = [(_rtrim(exp.column(f"c{i}")) if _is_char(rel, n) else exp.column(f"c{i}"))
                       for i, n in enumerate(names)]
        wrapped = exp.select(*projections).from_(exp.Subquery(this=source.copy(), alias=alias))
        with_ = source.args.get("with_")
        if with_ is not None:
            wrapped.args["from_"].this.this.set("with_", None)
            wrapped.set("with_", with_)
        tree.set("expression", wrapped)


def _trim_char_updates(tree: exp.Update, rel: Relation) -> None:
    for eq in tree.expressions:
        if isinstance(eq, exp.EQ) and isinstance(eq.this, exp.Column) and _is_char(rel, eq.this.name):
            eq.set("expression", _rtrim(eq.expression))


def _unwrap_merge_values(tree: exp.Merge) -> None:
    """sqlglot reads ``WHEN NOT MATCHED THEN INSERT VALUES (...)`` as a call to ``values``."""
    for when in tree.find_all(exp.When):
        then = when.args.get("then")
        if isinstance(then, exp.Insert) and isinstance(then.this, exp.Tuple):
            items = then.this.expressions
            if len(items) == 1 and isinstance(items[0], exp.Anonymous) and items[0].name.lower() == "values":
                then.set("this", None)
                then.set("expression", exp.Tuple(expressions=items[0].expressions))


def _fix_merge(tree: exp.Merge, rel: Relation) -> None:
    """An INSERT action without a column list names the target's leading columns."""
    for when in tree.find_all(exp.When):
        then = when.args.get("then")
        if isinstance(then, exp.Insert) and then.this is None and isinstance(then.expression, exp.Tuple):
            width = len(then.expression.expressions)
            cols = [exp.column(c.name, quoted=True) for c in rel.columns[:width]]
            then.set("this", exp.Tuple(expressions=cols))
