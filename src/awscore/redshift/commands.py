"""Statement dispatch: a table from leading keyword to handler, plus the hand-parsed statements.

Queries and DML go to the translator; CREATE / DROP / ALTER / TRUNCATE build
DuckDB DDL from the catalog; transaction control, SET / RESET / SHOW, VACUUM,
ANALYZE and REFRESH are parsed here from tokens. DuckDB-only statements
(ATTACH, PRAGMA, INSTALL, LOAD, EXPORT, ...) have no entry and fail as a
Redshift syntax error.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import sqlglot
from sqlglot import exp
from sqlglot.tokens import TokenType

from .catalog import Column, Relation, RelKind, duck_ident, duck_schema
from .ddl import apply_attributes, build_relation, create_head, strip_table_attributes
from .errors import (
    ActiveSqlTransaction,
    DuplicateTable,
    FeatureNotSupported,
    InvalidSchemaName,
    SyntaxError_,
    UndefinedObject,
    UndefinedTable,
)
from .result import Result, ResultColumn
from .splitter import Statement
from .translate import PlanKind, parse
from .types import RsType, TypeName, from_duckdb

if TYPE_CHECKING:
    from .session import Session

__all__ = ["dispatch", "HANDLERS", "read_name"]

Handler = Callable[["Session", Statement, Any], Result]


def _syntax(stmt: Statement, i: int) -> SyntaxError_:
    text = stmt.tokens[i].text if i < len(stmt.tokens) else "end of input"
    return SyntaxError_(f'syntax error at or near "{text}"')


def read_name(stmt: Statement, i: int) -> tuple[str | None, str, int]:
    """``[schema.]name`` at token ``i``: (schema, name, index after)."""
    toks = stmt.tokens
    if i >= len(toks):
        raise _syntax(stmt, i)
    parts = [toks[i].text.lower()]
    i += 1
    while i + 1 < len(toks) and toks[i].token_type is TokenType.DOT:
        parts.append(toks[i + 1].text.lower())
        i += 2
    if len(parts) == 3:
        parts = parts[1:]
    if len(parts) > 2:
        raise _syntax(stmt, i)
    return (parts[0] if len(parts) == 2 else None), parts[-1], i


def _expect_end(stmt: Statement, i: int) -> None:
    if i < len(stmt.tokens):
        raise _syntax(stmt, i)


# ---- queries and DML ------------------------------------------------------------------


def run_query(session: Session, stmt: Statement, params: Any) -> Result:
    tree = parse(stmt.text)
    if isinstance(tree, exp.Select) and tree.args.get("into") is not None:
        return _select_into(session, stmt, tree)
    return session.run_plan(session.translate(stmt.text), params)


def run_dml(session: Session, stmt: Statement, params: Any) -> Result:
    plan = session.translate(stmt.text)
    if plan.kind is not PlanKind.DML:
        raise _syntax(stmt, 0)
    return session.run_plan(plan, params)


def _select_into(session: Session, stmt: Statement, tree: exp.Select) -> Result:
    into = tree.args["into"]
    table = into.this
    query = tree.copy()
    query.set("into", None)
    temp = bool(into.args.get("temporary")) or table.name.startswith("#")
    schema = table.db or None
    return create_table_as(session, schema, table.name, query.sql("redshift"), temp=temp)


# ---- CREATE -----------------------------------------------------------------------------


def run_create(session: Session, stmt: Statement, params: Any) -> Result:
    word = stmt.word(1)
    if word == "SCHEMA":
        return _create_schema(session, stmt)
    if word == "DATABASE":
        if len(stmt.tokens) < 3:
            raise _syntax(stmt, 2)
        if session.in_transaction:
            raise ActiveSqlTransaction("CREATE DATABASE cannot run inside a transaction block")
        session.cluster.create_database(stmt.tokens[2].text.lower())
        return Result(command="CREATE DATABASE")
    if word in ("USER", "GROUP", "ROLE"):
        return _create_principal(session, stmt)
    if word == "EXTERNAL":
        raise FeatureNotSupported("CREATE EXTERNAL SCHEMA/TABLE (Spectrum) is not supported by awscore")
    head = create_head(stmt)
    if head.kind == "TABLE":
        return _create_table(session, stmt, head)
    if head.kind == "VIEW":
        return _create_view(session, stmt, head)
    return _create_mv(session, stmt, head)


def _create_schema(session: Session, stmt: Statement) -> Result:
    i = 2
    if_not_exists = stmt.words(5)[2:5] == ("IF", "NOT", "EXISTS")
    if if_not_exists:
        i = 5
    name = stmt.tokens[i].text.lower() if i < len(stmt.tokens) else None
    if name is None:
        raise _syntax(stmt, i)
    if name.startswith("pg_"):
        raise FeatureNotSupported(f'unacceptable schema name "{name}"')
    db = session.database
    with db.lock:
        created = db.catalog.create_schema(name, session.user, if_not_exists=if_not_exists)
        if created:
            session.duck(f"CREATE SCHEMA IF NOT EXISTS {duck_ident(duck_schema(name))}")
            session.record_undo(lambda: db.catalog.schemas.pop(name, None))
    return Result(command="CREATE SCHEMA")


def _create_principal(session: Session, stmt: Statement) -> Result:
    kind = stmt.word(1)
    name = stmt.tokens[2].text.lower() if len(stmt.tokens) > 2 else None
    if name is None:
        raise _syntax(stmt, 2)
    session.cluster.add_principal(kind, name, superuser=any(t.text.upper() == "CREATEUSER" for t in stmt.tokens))
    return Result(command=f"CREATE {kind}")


def _owner_schema(session: Session, schema: str | None, temp: bool) -> str:
    if temp:
        return "pg_temp"
    if schema is None:
        schema = session.current_schema()
    session.database.catalog.require_schema(schema)
    return schema


def _install(session: Session, rel: Relation, defaults: dict[str, str]) -> None:
    """Create a relation's DuckDB storage and register it (temp tables on the session)."""
    db = session.database
    for sql in rel.duckdb_ddl(defaults):
        session.duck(sql)
    if rel.temp:
        if rel.name in session.temp:
            raise DuplicateTable(f'relation "{rel.name}" already exists')
        rel.table_id = db.catalog.next_table_id()
        session.temp[rel.name] = rel
        session.temp_changed()
        session.record_undo(lambda: session.temp.pop(rel.name, None))
        return
    with db.lock:
        db.catalog.add(rel)
    session.record_undo(lambda: db.catalog.relations.pop((rel.schema, rel.name), None))


def _default_sql(session: Session, rel: Relation, defaults: dict[str, exp.Expression]) -> dict[str, str]:
    out = {}
    for name, expr in defaults.items():
        plan = session.database.translator.build(exp.select(expr.copy()), session)
        projection = sqlglot.parse_one(plan.sql, read="duckdb").expressions[0]
        if isinstance(projection, exp.Alias):
            projection = projection.this
        out[name] = projection.sql("duckdb")
    return out


def _exists(session: Session, schema: str | None, name: str, temp: bool) -> bool:
    if temp:
        return name in session.temp
    return session.database.catalog.get(_owner_schema(session, schema, False), name) is not None


def _create_table(session: Session, stmt: Statement, head: Any) -> Result:
    schema, name, after = read_name(stmt, head.name_start)
    temp = head.temp or name.startswith("#")
    text, attrs, query_at = strip_table_attributes(stmt, head.name_start)
    if _exists(session, schema, name, temp):
        if head.if_not_exists:
            return Result(command="CREATE TABLE")
        raise DuplicateTable(f'relation "{name}" already exists')
    owner_schema = _owner_schema(session, schema, temp)
    if query_at is not None:
        return create_table_as(session, schema, name, stmt.text_from(query_at), temp=temp, attrs=attrs)
    now = session.cluster.clock.now()
    if attrs.like is not None:
        like_schema, like_name, including = attrs.like
        src = session.lookup(like_schema, like_name)
        if src is None:
            raise UndefinedTable(f'relation "{like_name}" does not exist')
        cols = [Column(c.name, c.type, not_null=c.not_null, default=c.default if including else None,
                       encoding=c.encoding) for c in src.columns]
        rel = Relation(owner_schema, name, RelKind.TABLE, cols, owner=session.user, temp=temp, created=now,
                       diststyle=src.diststyle, distkey=src.distkey, sortkey=list(src.sortkey),
                       sortstyle=src.sortstyle)
        defaults = {c.name: parse(f"SELECT {c.default}").expressions[0] for c in cols if c.default}
        apply_attributes(rel, attrs) if (attrs.distkey or attrs.sortkey) else None
    else:
        create = _parse_create(text)
        rel, defaults = build_relation(create, attrs, schema=owner_schema, name=name, temp=temp,
                                       owner=session.user, created=now)
    _install(session, rel, _default_sql(session, rel, defaults))
    return Result(command="CREATE TABLE")


def _parse_create(text: str) -> exp.Create:
    from sqlglot.errors import ParseError

    from .dialect import RedshiftX
    from .translate import lower_identifiers

    try:
        tree = sqlglot.parse_one(text, read=RedshiftX)
    except ParseError as exc:
        err = exc.errors[0] if exc.errors else {}
        raise SyntaxError_(f'syntax error at or near "{(err.get("highlight") or "").strip()}"') from None
    if not isinstance(tree, exp.Create):
        raise SyntaxError_("syntax error in CREATE TABLE")
    return lower_identifiers(tree)


def _query_columns(session: Session, plan_sql: str, names: list[str] | None,
                   types: list[RsType | None] | None = None) -> list[Column]:
    rel = session.cursor.sql(plan_sql) if not plan_sql.startswith("__") else None
    assert rel is not None
    cols = []
    for idx, (cname, ctype) in enumerate(zip(rel.columns, rel.types)):
        rs = from_duckdb(str(ctype))
        if types and idx < len(types) and types[idx] is not None:
            rs = types[idx]  # type: ignore[assignment]
        cols.append(Column((names[idx] if names and idx < len(names) else cname).lower(), rs))
    return cols


def create_table_as(session: Session, schema: str | None, name: str, query_text: str, *, temp: bool,
                    attrs: Any = None) -> Result:
    """CTAS / SELECT INTO: the new table's columns come from the query's result."""
    plan = session.translate(query_text)
    if plan.kind is not PlanKind.QUERY:
        raise SyntaxError_("CREATE TABLE AS needs a query")
    session._prepare(plan)
    try:
        cols = _query_columns(session, plan.sql, None, plan.types)
    except Exception as exc:  # duckdb errors while binding
        import duckdb

        from .duckerrors import translate_error

        if isinstance(exc, duckdb.Error):
            raise translate_error(exc, plan.reads) from None
        raise
    owner_schema = _owner_schema(session, schema, temp)
    rel = Relation(owner_schema, name, RelKind.TABLE, cols, owner=session.user, temp=temp,
                   created=session.cluster.clock.now())
    if attrs is not None:
        apply_attributes(rel, attrs)
    _install(session, rel, {})
    session.duck(f"INSERT INTO {rel.duck_name()} {plan.sql}", relations=[rel])
    count = session.cursor.fetchone()
    session.mark_written(rel)
    return Result(command="SELECT", rowcount=int(count[0]) if count else 0)


def _view_parts(stmt: Statement, head: Any) -> tuple[str | None, str, list[str] | None, str, bool]:
    schema, name, i = read_name(stmt, head.name_start)
    columns = None
    if i < len(stmt.tokens) and stmt.tokens[i].token_type is TokenType.L_PAREN:
        columns = []
        i += 1
        while i < len(stmt.tokens) and stmt.tokens[i].token_type is not TokenType.R_PAREN:
            if stmt.tokens[i].token_type is not TokenType.COMMA:
                columns.append(stmt.tokens[i].text.lower())
            i += 1
        i += 1
    while i < len(stmt.tokens) and stmt.tokens[i].token_type is not TokenType.ALIAS:
        i += 1  # MV attributes: BACKUP, DISTKEY, SORTKEY, AUTO REFRESH (read by strip_table_attributes)
    if i >= len(stmt.tokens):
        raise _syntax(stmt, i)
    end = len(stmt.tokens)
    late = False
    tail = [t.text.upper() for t in stmt.tokens[-4:]]
    if tail == ["WITH", "NO", "SCHEMA", "BINDING"]:
        late, end = True, end - 4
    body_tokens = stmt.tokens[i + 1:end]
    if not body_tokens:
        raise _syntax(stmt, i + 1)
    base = stmt.base
    body = stmt.text[body_tokens[0].start - base: body_tokens[-1].end - base + 1]
    return schema, name, columns, body, late


def _create_view(session: Session, stmt: Statement, head: Any) -> Result:
    schema, name, columns, body, late = _view_parts(stmt, head)
    temp = head.temp
    owner_schema = _owner_schema(session, schema, temp)
    db = session.database
    existing = session.temp.get(name) if temp else db.catalog.get(owner_schema, name)
    if existing is not None and not (head.or_replace and existing.kind is RelKind.VIEW):
        raise DuplicateTable(f'relation "{name}" already exists')
    cols: list[Column] = []
    if not late:
        plan = session.translate(body)
        session._prepare(plan)
        cols = _query_columns(session, plan.sql, columns, plan.types)
    elif columns:
        cols = [Column(c, RsType(TypeName.VARCHAR, 256)) for c in columns]
    sql = body
    if columns:
        sql = exp.select("*").from_(exp.Subquery(this=parse(body).copy(), alias=exp.TableAlias(
            this=exp.to_identifier("__v"), columns=[exp.to_identifier(c) for c in columns]))).sql("redshift")
    rel = Relation(owner_schema, name, RelKind.VIEW, cols, owner=session.user, temp=temp, sql=sql,
                   late_binding=late, created=session.cluster.clock.now())
    with db.lock:
        if existing is not None:
            if temp:
                session.temp.pop(name)
            else:
                db.catalog.remove(owner_schema, name)
        if temp:
            session.temp[name] = rel
            session.temp_changed()
        else:
            db.catalog.add(rel)
    session.record_undo(lambda: db.catalog.relations.pop((rel.schema, rel.name), None))
    return Result(command="CREATE VIEW")


def _create_mv(session: Session, stmt: Statement, head: Any) -> Result:
    schema, name, columns, body, _ = _view_parts(stmt, head)
    _, attrs, _ = strip_table_attributes(stmt, head.name_start)
    db = session.database
    owner_schema = _owner_schema(session, schema, False)
    if db.catalog.get(owner_schema, name) is not None:
        if head.if_not_exists:
            return Result(command="CREATE MATERIALIZED VIEW")
        raise DuplicateTable(f'relation "{name}" already exists')
    plan = session.translate(body)
    session._prepare(plan)
    cols = _query_columns(session, plan.sql, columns, plan.types)
    rel = Relation(owner_schema, name, RelKind.MATERIALIZED_VIEW, cols, owner=session.user, sql=body,
                   created=session.cluster.clock.now())
    apply_attributes(rel, attrs)
    _install(session, rel, {})
    refresh_mv(session, rel, plan)
    return Result(command="CREATE MATERIALIZED VIEW")


def refresh_mv(session: Session, rel: Relation, plan: Any = None) -> None:
    """Recompute a materialized view in full and record its base tables' versions."""
    plan = plan or session.translate(rel.sql or "")
    session._prepare(plan)
    session.duck(f"DELETE FROM {rel.duck_name()}")
    session.duck(f"INSERT INTO {rel.duck_name()} {plan.sql}", relations=[rel])
    rel.refreshed_versions = {(r.schema, r.name): r.data_version for r in plan.reads}
    rel.data_version += 1


# ---- DROP / TRUNCATE / ALTER ---------------------------------------------------------------


def run_drop(session: Session, stmt: Statement, params: Any) -> Result:
    i = 1
    word = stmt.word(i)
    if word == "MATERIALIZED" and stmt.word(2) == "VIEW":
        kind, i = RelKind.MATERIALIZED_VIEW, 3
    elif word == "TABLE":
        kind, i = RelKind.TABLE, 2
    elif word == "VIEW":
        kind, i = RelKind.VIEW, 2
    elif word == "SCHEMA":
        return _drop_schema(session, stmt)
    elif word == "DATABASE":
        if session.in_transaction:
            raise ActiveSqlTransaction("DROP DATABASE cannot run inside a transaction block")
        session.cluster.drop_database(stmt.tokens[2].text.lower(), current=session.database.name)
        return Result(command="DROP DATABASE")
    elif word in ("USER", "GROUP", "ROLE"):
        session.cluster.drop_principal(word, stmt.tokens[2].text.lower())
        return Result(command=f"DROP {word}")
    else:
        raise _syntax(stmt, 1)
    if_exists = stmt.word(i) == "IF" and stmt.word(i + 1) == "EXISTS"
    if if_exists:
        i += 2
    names = []
    while True:
        schema, name, i = read_name(stmt, i)
        names.append((schema, name))
        if i < len(stmt.tokens) and stmt.tokens[i].token_type is TokenType.COMMA:
            i += 1
            continue
        break
    if stmt.word(i) in ("CASCADE", "RESTRICT"):
        i += 1
    _expect_end(stmt, i)
    for schema, name in names:
        try:
            rel = session.lookup(schema, name)
        except InvalidSchemaName:
            if if_exists:
                continue
            raise
        if rel is None or rel.kind is not kind:
            if if_exists:
                continue
            if rel is not None:
                raise FeatureNotSupported(f'"{name}" is not a {kind.lower()}')
            raise UndefinedTable(f'{"view" if kind is RelKind.VIEW else "table"} "{name}" does not exist'
                                 if kind is not RelKind.TABLE else f'table "{name}" does not exist')
        _drop_relation(session, rel)
    return Result(command=f"DROP {kind.replace('BASE ', '')}")


def _drop_relation(session: Session, rel: Relation) -> None:
    db = session.database
    if rel.kind is not RelKind.VIEW:
        session.duck(f"DROP TABLE {rel.duck_name()}")
        for col in rel.columns:
            if col.identity is not None:
                session.duck(f"DROP SEQUENCE IF EXISTS {rel.identity_sequence(col)}")
    if rel.temp:
        session.temp.pop(rel.name, None)
        session.temp_changed()
        session.record_undo(lambda: session.temp.__setitem__(rel.name, rel))
        return
    with db.lock:
        db.catalog.remove(rel.schema, rel.name)

    def undo() -> None:
        db.catalog.relations[(rel.schema, rel.name)] = rel

    session.record_undo(undo)


def _drop_schema(session: Session, stmt: Statement) -> Result:
    i = 2
    if_exists = stmt.word(2) == "IF" and stmt.word(3) == "EXISTS"
    if if_exists:
        i = 4
    name = stmt.tokens[i].text.lower()
    cascade = stmt.word(i + 1) == "CASCADE"
    db = session.database
    if name not in db.catalog.schemas:
        if if_exists:
            return Result(command="DROP SCHEMA")
        raise InvalidSchemaName(f'Schema "{name}" does not exist')
    members = db.catalog.in_schema(name)
    if members and not cascade:
        from .errors import DependentObjectsStillExist

        raise DependentObjectsStillExist(
            f'cannot drop schema {name} because other objects depend on it')
    for rel in members:
        _drop_relation(session, rel)
    with db.lock:
        db.catalog.schemas.pop(name)
        db.catalog.epoch += 1
    session.duck(f"DROP SCHEMA IF EXISTS {duck_ident(duck_schema(name))} CASCADE")
    return Result(command="DROP SCHEMA")


def _table_named(session: Session, schema: str | None, name: str) -> Relation:
    rel = session.lookup(schema, name)
    if rel is None:
        raise UndefinedTable(f'relation "{name}" does not exist')
    if rel.kind is not RelKind.TABLE:
        raise FeatureNotSupported(f'"{name}" is not a table')
    return rel


def run_truncate(session: Session, stmt: Statement, params: Any) -> Result:
    i = 2 if stmt.word(1) == "TABLE" else 1
    schema, name, i = read_name(stmt, i)
    _expect_end(stmt, i)
    rel = _table_named(session, schema, name)
    session.duck(f"DELETE FROM {rel.duck_name()}")
    session.mark_written(rel)
    if session.in_transaction and not session.autocommit:
        session.commit()  # TRUNCATE commits the transaction it runs in (Redshift)
    return Result(command="TRUNCATE TABLE")


def run_alter(session: Session, stmt: Statement, params: Any) -> Result:
    if stmt.word(1) == "TABLE":
        from .alter import alter_table

        return alter_table(session, stmt)
    if stmt.word(1) == "MATERIALIZED" and stmt.word(2) == "VIEW":
        schema, name, i = read_name(stmt, 3)
        rel = session.lookup(schema, name)
        if rel is None or rel.kind is not RelKind.MATERIALIZED_VIEW:
            raise UndefinedTable(f'materialized view "{name}" does not exist')
        if stmt.word(i) == "AUTO" and stmt.word(i + 1) == "REFRESH":
            rel.auto_refresh = stmt.word(i + 2) == "YES"
            return Result(command="ALTER MATERIALIZED VIEW")
        raise _syntax(stmt, i)
    if stmt.word(1) in ("USER", "GROUP", "ROLE"):
        return Result(command=f"ALTER {stmt.word(1)}")
    raise FeatureNotSupported(f"ALTER {stmt.word(1)} is not supported by awscore")


def run_refresh(session: Session, stmt: Statement, params: Any) -> Result:
    if stmt.words(3)[1:] != ("MATERIALIZED", "VIEW"):
        raise _syntax(stmt, 1)
    schema, name, i = read_name(stmt, 3)
    _expect_end(stmt, i)
    rel = session.lookup(schema, name)
    if rel is None or rel.kind is not RelKind.MATERIALIZED_VIEW:
        raise UndefinedTable(f'materialized view "{name}" does not exist')
    refresh_mv(session, rel)
    return Result(command="REFRESH")


# ---- transactions ------------------------------------------------------------------------


def run_begin(session: Session, stmt: Statement, params: Any) -> Result:
    session.begin()
    return Result(command="BEGIN")


def run_commit(session: Session, stmt: Statement, params: Any) -> Result:
    session.commit()
    return Result(command="COMMIT")


def run_rollback(session: Session, stmt: Statement, params: Any) -> Result:
    session.rollback()
    return Result(command="ROLLBACK")


# ---- SET / RESET / SHOW --------------------------------------------------------------------


def _value_list(stmt: Statement, i: int) -> list[str]:
    values = []
    for tok in stmt.tokens[i:]:
        if tok.token_type is TokenType.COMMA:
            continue
        values.append(tok.text if tok.token_type is TokenType.STRING else tok.text.lower())
    return values


def run_set(session: Session, stmt: Statement, params: Any) -> Result:
    i = 1
    if stmt.word(i) in ("SESSION", "LOCAL"):
        if stmt.word(i + 1) == "AUTHORIZATION":
            values = _value_list(stmt, i + 2)
            user = values[0] if values and values[0].upper() != "DEFAULT" else session.session_user
            session.user = user.lower()
            session.cursor.execute("SET VARIABLE rs_user = $u", {"u": session.user})
            session.temp_changed()
            return Result(command="SET")
        if stmt.word(i + 1) == "CHARACTERISTICS":
            return Result(command="SET")
        i += 1
    if i >= len(stmt.tokens):
        raise _syntax(stmt, i)
    name = stmt.tokens[i].text.lower()
    if stmt.word(i + 1) not in ("TO", "="):
        raise _syntax(stmt, i + 1)
    values = _value_list(stmt, i + 2)
    if not values:
        raise _syntax(stmt, i + 2)
    if name == "search_path":
        session.search_path = tuple(values) if values != ["default"] else ("$user", "public")
    elif name == "query_group":
        session.query_group = None if values[0].lower() == "default" else values[0]
    elif name in ("timezone", "time"):
        zone = values[0]
        if zone.upper() not in ("UTC", "GMT", "DEFAULT"):
            raise FeatureNotSupported("awscore sessions run in UTC only")
        session.timezone = "UTC"
    else:
        session.settings[name] = " ".join(values)
    return Result(command="SET")


def run_reset(session: Session, stmt: Statement, params: Any) -> Result:
    what = stmt.tokens[1].text.lower() if len(stmt.tokens) > 1 else ""
    if what == "query_group":
        session.query_group = None
    elif what == "search_path":
        session.search_path = ("$user", "public")
    elif what == "all":
        session.query_group = None
        session.search_path = ("$user", "public")
        session.settings.clear()
    elif what == "session" and stmt.word(2) == "AUTHORIZATION":
        session.user = session.session_user
        session.cursor.execute("SET VARIABLE rs_user = $u", {"u": session.user})
    else:
        session.settings.pop(what, None)
    return Result(command="RESET")


def run_show(session: Session, stmt: Statement, params: Any) -> Result:
    what = stmt.tokens[1].text.lower() if len(stmt.tokens) > 1 else ""
    if what == "search_path":
        value = ", ".join(session.search_path)
    elif what == "query_group":
        value = session.query_group or "default"
    elif what == "timezone":
        value = session.timezone
    elif what in session.settings:
        value = session.settings[what]
    else:
        raise UndefinedObject(f'unrecognized configuration parameter "{what}"')
    col = ResultColumn(what, RsType(TypeName.VARCHAR, 256))
    return Result(columns=[col], table=pa.table({what: [value]}), rowcount=1, command="SHOW")


# ---- maintenance ----------------------------------------------------------------------------


_VACUUM_MODES = ("FULL", "SORT", "DELETE", "REINDEX", "RECLUSTER")


def run_vacuum(session: Session, stmt: Statement, params: Any) -> Result:
    """VACUUM [FULL | SORT ONLY | DELETE ONLY | REINDEX | RECLUSTER] [t [TO n PERCENT]] [BOOST]."""
    if session.in_transaction:
        raise ActiveSqlTransaction("VACUUM cannot run inside a transaction block")
    i = 1
    mode = "FULL"
    if stmt.word(i) in _VACUUM_MODES:
        mode = stmt.word(i)
        i += 1
        if mode in ("SORT", "DELETE"):
            if stmt.word(i) != "ONLY":
                raise _syntax(stmt, i)
            mode += " ONLY"
            i += 1
    table = None
    if i < len(stmt.tokens) and stmt.word(i) not in ("TO", "BOOST"):
        schema, name, i = read_name(stmt, i)
        table = _table_named(session, schema, name)
    threshold = 95
    if stmt.word(i) == "TO":
        try:
            threshold = int(stmt.tokens[i + 1].text)
        except (IndexError, ValueError):
            raise _syntax(stmt, i + 1) from None
        if stmt.word(i + 2) != "PERCENT":
            raise _syntax(stmt, i + 2)
        i += 3
    boost = stmt.word(i) == "BOOST"
    if boost:
        i += 1
    _expect_end(stmt, i)
    session.database.record_maintenance(session, "vacuum", table, f"{mode}{' BOOST' if boost else ''}",
                                        threshold)
    return Result(command="VACUUM")


def run_analyze(session: Session, stmt: Statement, params: Any) -> Result:
    """ANALYZE [VERBOSE] [t [(cols)]] [PREDICATE COLUMNS | ALL COLUMNS]; ANALYZE COMPRESSION [t]."""
    i = 1
    mode = "ANALYZE"
    if stmt.word(i) == "COMPRESSION":
        mode, i = "ANALYZE COMPRESSION", i + 1
    if stmt.word(i) == "VERBOSE":
        i += 1
    table = None
    if i < len(stmt.tokens) and stmt.word(i) not in ("PREDICATE", "ALL"):
        schema, name, i = read_name(stmt, i)
        table = _table_named(session, schema, name)
        if i < len(stmt.tokens) and stmt.tokens[i].token_type is TokenType.L_PAREN:
            while i < len(stmt.tokens) and stmt.tokens[i].token_type is not TokenType.R_PAREN:
                i += 1
            i += 1
    if stmt.word(i) in ("PREDICATE", "ALL") and stmt.word(i + 1) == "COLUMNS":
        i += 2
    _expect_end(stmt, i)
    session.database.record_maintenance(session, "analyze", table, mode, 0)
    return Result(command="ANALYZE")


def run_grant(session: Session, stmt: Statement, params: Any) -> Result:
    """GRANT / REVOKE are recorded (privileges are not enforced by awscore)."""
    session.database.grants.append((session.user, stmt.text))
    return Result(command=stmt.word(0))


def run_copy(session: Session, stmt: Statement, params: Any) -> Result:
    from .copy import run_copy as copy_impl

    return copy_impl(session, stmt)


def run_unload(session: Session, stmt: Statement, params: Any) -> Result:
    from .unload import run_unload as unload_impl

    return unload_impl(session, stmt)


def run_comment(session: Session, stmt: Statement, params: Any) -> Result:
    """COMMENT ON TABLE | VIEW | COLUMN name IS 'text' | NULL (shown as remarks in SVV_TABLES / SVV_COLUMNS)."""
    if stmt.word(1) != "ON":
        raise _syntax(stmt, 1)
    kind = stmt.word(2)
    if kind not in ("TABLE", "VIEW", "COLUMN", "SCHEMA", "DATABASE"):
        raise _syntax(stmt, 2)
    i = 3
    parts = [stmt.tokens[i].text.lower()]
    i += 1
    while i + 1 < len(stmt.tokens) and stmt.tokens[i].token_type is TokenType.DOT:
        parts.append(stmt.tokens[i + 1].text.lower())
        i += 2
    if stmt.word(i) != "IS" or i + 1 >= len(stmt.tokens):
        raise _syntax(stmt, i)
    value = stmt.tokens[i + 1]
    text = None if value.token_type is TokenType.NULL else value.text
    if kind in ("TABLE", "VIEW", "COLUMN"):
        col = parts.pop() if kind == "COLUMN" else None
        schema = parts[-2] if len(parts) >= 2 else None
        rel = session.lookup(schema, parts[-1])
        if rel is None:
            raise UndefinedTable(f'relation "{parts[-1]}" does not exist')
        if col is not None and rel.column(col) is None:
            from .errors import UndefinedColumn

            raise UndefinedColumn(f'column "{col}" of relation "{rel.name}" does not exist')
        session.database.comments[(rel.schema, rel.name, col)] = text
    return Result(command="COMMENT")


def run_lock(session: Session, stmt: Statement, params: Any) -> Result:
    """LOCK [TABLE] t [, ...]: checked and accepted (DuckDB's MVCC serializes conflicting writers)."""
    i = 2 if stmt.word(1) == "TABLE" else 1
    while i < len(stmt.tokens):
        schema, name, i = read_name(stmt, i)
        _table_named(session, schema, name)
        if i < len(stmt.tokens) and stmt.tokens[i].token_type is TokenType.COMMA:
            i += 1
    return Result(command="LOCK TABLE")


def run_explain(session: Session, stmt: Statement, params: Any) -> Result:
    """EXPLAIN [VERBOSE] query: DuckDB's plan of the translated query, one line per row (QUERY PLAN)."""
    i = 2 if stmt.word(1) == "VERBOSE" else 1
    if i >= len(stmt.tokens):
        raise _syntax(stmt, i)
    plan = session.translate(stmt.text_from(i))
    session._prepare(plan)
    rows = session.duck(f"EXPLAIN {plan.sql}").fetchall()
    lines = [line for row in rows for line in str(row[-1]).splitlines() if line.strip()]
    col = ResultColumn("QUERY PLAN", RsType(TypeName.VARCHAR, 65535))
    return Result(columns=[col], table=pa.table({"QUERY PLAN": lines}), rowcount=len(lines), command="EXPLAIN")


HANDLERS: dict[str, Handler] = {
    "SELECT": run_query, "WITH": run_query, "VALUES": run_query, "(": run_query,
    "INSERT": run_dml, "UPDATE": run_dml, "DELETE": run_dml, "MERGE": run_dml,
    "CREATE": run_create, "DROP": run_drop, "ALTER": run_alter, "TRUNCATE": run_truncate,
    "REFRESH": run_refresh,
    "BEGIN": run_begin, "START": run_begin,
    "COMMIT": run_commit, "END": run_commit,
    "ROLLBACK": run_rollback, "ABORT": run_rollback,
    "SET": run_set, "RESET": run_reset, "SHOW": run_show,
    "VACUUM": run_vacuum, "ANALYZE": run_analyze,
    "GRANT": run_grant, "REVOKE": run_grant,
    "COPY": run_copy, "UNLOAD": run_unload,
    "EXPLAIN": run_explain, "COMMENT": run_comment, "LOCK": run_lock,
}


def dispatch(session: Session, stmt: Statement, params: Any) -> Result:
    """Run one statement through the handler its leading keyword selects."""
    handler = HANDLERS.get(stmt.word(0))
    if handler is None:
        raise _syntax(stmt, 0)
    return handler(session, stmt, params)
