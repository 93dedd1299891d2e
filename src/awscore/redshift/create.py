"""CREATE / DROP of tables, views, materialized views, schemas and principals.

DuckDB storage DDL is generated from the catalog model (:meth:`Relation.duckdb_ddl`);
every catalog change registers an undo step so a ROLLBACK removes it again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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
    UndefinedTable,
)
from .privileges import check_create_in, check_owner
from .result import Result
from .splitter import Statement
from .stmtutil import expect_end as _expect_end
from .stmtutil import read_name
from .stmtutil import syntax_error as _syntax
from .translate import PlanKind, parse
from .types import RsType, TypeName, from_duckdb

if TYPE_CHECKING:
    from .session import Session

__all__ = ["run_create", "run_drop", "create_table_as", "refresh_mv", "default_sql", "parse_create"]


def run_create(session: Session, stmt: Statement, params: Any) -> Result:
    word = stmt.word(1)
    if word == "SCHEMA":
        return _create_schema(session, stmt)
    if word == "DATASHARE":
        from .datashare import run_datashare_statement

        return run_datashare_statement(session, stmt)
    if word == "DATABASE" and stmt.word(3) == "FROM" and stmt.word(4) == "DATASHARE":
        from .datashare import create_database_from_share

        return create_database_from_share(session, stmt)
    if word == "DATABASE":
        if len(stmt.tokens) < 3:
            raise _syntax(stmt, 2)
        if session.in_transaction:
            raise ActiveSqlTransaction("CREATE DATABASE cannot run inside a transaction block")
        session.cluster.create_database(stmt.tokens[2].text.lower())
        return Result(command="CREATE DATABASE")
    if word in ("USER", "GROUP", "ROLE"):
        return _create_principal(session, stmt)
    if word == "RLS" and stmt.word(2) == "POLICY":
        from .rls import run_rls_statement

        return run_rls_statement(session, stmt)
    if word == "MASKING" and stmt.word(2) == "POLICY":
        from .masking import run_masking_statement

        return run_masking_statement(session, stmt)
    if word == "FUNCTION" or (word == "OR" and stmt.word(3) == "FUNCTION"):
        from .udf import create_function

        return create_function(session, stmt)
    if word in ("PROCEDURE",) or (word == "OR" and stmt.word(3) == "PROCEDURE"):
        raise FeatureNotSupported("stored procedures are not supported by awscore")
    if word == "EXTERNAL":
        from .external import create_external

        return create_external(session, stmt)
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
    from .privileges import check_create_schema

    check_create_schema(session)
    db = session.database
    with db.lock:
        created = db.catalog.create_schema(name, session.user, if_not_exists=if_not_exists)
        if created:
            session.duck(f"CREATE SCHEMA IF NOT EXISTS {duck_ident(duck_schema(name))}")
            session.record_undo(lambda: db.catalog.schemas.pop(name, None))
    return Result(command="CREATE SCHEMA")


def _create_principal(session: Session, stmt: Statement) -> Result:
    kind = stmt.word(1)
    if kind == "USER":
        from .principals import run_create_user

        return run_create_user(session, stmt)
    if not session.cluster.is_superuser(session.user):
        from .errors import InsufficientPrivilege

        raise InsufficientPrivilege(f"permission denied to create {kind.lower()}")
    name = stmt.tokens[2].text.lower() if len(stmt.tokens) > 2 else None
    if name is None:
        raise _syntax(stmt, 2)
    words = [t.text.upper() for t in stmt.tokens]
    members: list[str] = []
    if kind == "GROUP" and "USER" in words[3:]:
        start = words.index("USER", 3) + 1
        members = [t.text.lower() for t in stmt.tokens[start:] if t.token_type is not TokenType.COMMA]
    session.cluster.add_principal(kind, name, superuser="CREATEUSER" in words, members=members)
    return Result(command=f"CREATE {kind}")


def _owner_schema(session: Session, schema: str | None, temp: bool) -> str:
    if temp:
        return "pg_temp"
    if schema is None:
        schema = session.current_schema()
    session.database.catalog.require_schema(schema)
    check_create_in(session, schema)
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


def default_sql(session: Session, rel: Relation, defaults: dict[str, exp.Expression]) -> dict[str, str]:
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
        names = None
        if after < len(stmt.tokens) and stmt.tokens[after].token_type is TokenType.L_PAREN:
            names = []
            for tok in stmt.tokens[after + 1:query_at]:
                if tok.token_type is TokenType.R_PAREN:
                    break
                if tok.token_type is not TokenType.COMMA:
                    names.append(tok.text.lower())
        return create_table_as(session, schema, name, stmt.text_from(query_at), temp=temp, attrs=attrs,
                               names=names)
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
        create = parse_create(text)
        rel, defaults = build_relation(create, attrs, schema=owner_schema, name=name, temp=temp,
                                       owner=session.user, created=now)
    _install(session, rel, default_sql(session, rel, defaults))
    return Result(command="CREATE TABLE")


def parse_create(text: str) -> exp.Create:
    from sqlglot.errors import ParseError

    from .dialect import RedshiftX, quiet_parse
    from .translate import lower_identifiers

    try:
        with quiet_parse():
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
                    attrs: Any = None, names: list[str] | None = None) -> Result:
    """CTAS / SELECT INTO: the new table's columns come from the query's result (or ``names``)."""
    plan = session.translate(query_text)
    if plan.kind is not PlanKind.QUERY:
        raise SyntaxError_("CREATE TABLE AS needs a query")
    session.check_privileges(plan)  # the query reads as the creator, like any SELECT
    session._prepare(plan)
    try:
        cols = _query_columns(session, plan.sql, names, plan.types)
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
    from .rlsrules import check_mv_sources

    check_mv_sources(session, plan.reads)
    session.check_privileges(plan)
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
    elif word == "DATASHARE":
        from .datashare import run_datashare_statement

        return run_datashare_statement(session, stmt)
    elif word == "DATABASE" and stmt.tokens[2].text.lower() in session.cluster.shared_databases:
        session.cluster.shared_databases.pop(stmt.tokens[2].text.lower())
        return Result(command="DROP DATABASE")
    elif word == "DATABASE":
        if session.in_transaction:
            raise ActiveSqlTransaction("DROP DATABASE cannot run inside a transaction block")
        session.cluster.drop_database(stmt.tokens[2].text.lower(), current=session.database.name)
        return Result(command="DROP DATABASE")
    elif word == "RLS" and stmt.word(2) == "POLICY":
        from .rls import run_rls_statement

        return run_rls_statement(session, stmt)
    elif word == "FUNCTION":
        from .udf import drop_function

        return drop_function(session, stmt)
    elif word == "MASKING" and stmt.word(2) == "POLICY":
        from .masking import run_masking_statement

        return run_masking_statement(session, stmt)
    elif word in ("USER", "GROUP", "ROLE"):
        from .principals import run_drop_principal

        return run_drop_principal(session, stmt)
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
        if rel is not None and rel.kind is RelKind.EXTERNAL and kind is RelKind.TABLE:
            kind_ok = True
        else:
            kind_ok = rel is not None and rel.kind is kind
        if not kind_ok:
            if if_exists:
                continue
            if rel is not None:
                raise FeatureNotSupported(f'"{name}" is not a {kind.lower()}')
            raise UndefinedTable(f'{"view" if kind is RelKind.VIEW else "table"} "{name}" does not exist'
                                 if kind is not RelKind.TABLE else f'table "{name}" does not exist')
        _drop_relation(session, rel)
    return Result(command=f"DROP {kind.replace('BASE ', '')}")


def _drop_relation(session: Session, rel: Relation) -> None:
    from .rlsrules import check_drop, on_drop

    check_owner(session, rel)
    db = session.database
    check_drop(db, rel)
    db.grants_model.forget(rel)
    on_drop(db, rel)
    if rel.kind not in (RelKind.VIEW, RelKind.EXTERNAL):
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
