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
from sqlglot import exp
from sqlglot.tokens import TokenType

from .catalog import RelKind
from .create import create_table_as, refresh_mv, run_create, run_drop
from .errors import (
    ActiveSqlTransaction,
    FeatureNotSupported,
    SQLError,
    SyntaxError_,
    UndefinedObject,
    UndefinedTable,
)
from .prepared import run_deallocate, run_execute, run_prepare
from .privileges import check_owner
from .result import Result, ResultColumn
from .splitter import Statement
from .stmtutil import expect_end as _expect_end
from .stmtutil import read_name
from .stmtutil import syntax_error as _syntax
from .stmtutil import table_named as _table_named
from .translate import PlanKind, parse
from .types import RsType, TypeName

if TYPE_CHECKING:
    from .session import Session

__all__ = ["dispatch", "HANDLERS", "read_name", "refresh_mv"]

Handler = Callable[["Session", Statement, Any], Result]

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

def run_truncate(session: Session, stmt: Statement, params: Any) -> Result:
    i = 2 if stmt.word(1) == "TABLE" else 1
    schema, name, i = read_name(stmt, i)
    _expect_end(stmt, i)
    rel = _table_named(session, schema, name)
    check_owner(session, rel)
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
        from .principals import run_alter_principal

        return run_alter_principal(session, stmt)
    if stmt.words(3)[1:] == ("MASKING", "POLICY"):
        from .masking import run_masking_statement

        return run_masking_statement(session, stmt)
    if stmt.words(3)[1:] == ("RLS", "POLICY"):
        from .rls import run_rls_statement

        return run_rls_statement(session, stmt)
    if stmt.word(1) == "DATASHARE":
        from .datashare import run_datashare_statement

        return run_datashare_statement(session, stmt)
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
            if not session.cluster.is_superuser(session.login_user):
                from .errors import InsufficientPrivilege

                raise InsufficientPrivilege("permission denied to set session authorization")
            user = values[0] if values and values[0].upper() != "DEFAULT" else session.login_user
            if user.lower() not in session.cluster.users:
                raise UndefinedObject(f'user "{user.lower()}" does not exist')
            session.set_authorization(user.lower())
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
        session.set_authorization(session.login_user)
    else:
        session.settings.pop(what, None)
    return Result(command="RESET")


def _show_table(columns: list[tuple[str, RsType]], rows: list[tuple]) -> Result:
    cols = [ResultColumn(n, t) for n, t in columns]
    data = {n: [r[i] for r in rows] for i, (n, _) in enumerate(columns)}
    return Result(columns=cols, table=pa.table(data, schema=pa.schema([(n, pa.string()) if t.is_char else
                                                                        (n, pa.int32()) for n, t in columns])),
                  rowcount=len(rows), command="SHOW")


_V = RsType(TypeName.VARCHAR, 128)


def _show_objects(session: Session, stmt: Statement) -> Result | None:
    """SHOW DATABASES | SCHEMAS FROM DATABASE d | TABLES FROM SCHEMA d.s | COLUMNS FROM TABLE d.s.t."""
    what = stmt.word(1)
    db = session.database
    if what == "DATABASES":
        rows = [(name, session.cluster.master_username, "local") for name in sorted(session.cluster.databases)]
        return _show_table([("database_name", _V), ("database_owner", _V), ("database_type", _V)], rows)
    parts = [t.text.lower() for t in stmt.tokens[4:] if t.token_type is not TokenType.DOT]
    if what == "SCHEMAS" and stmt.word(2) == "FROM" and stmt.word(3) == "DATABASE":
        rows = [(db.name, s, owner) for s, owner in sorted(db.catalog.schemas.items())]
        return _show_table([("database_name", _V), ("schema_name", _V), ("schema_owner", _V)], rows)
    if what == "TABLES" and stmt.word(2) == "FROM" and stmt.word(3) == "SCHEMA":
        schema = parts[-1] if parts else "public"
        db.catalog.require_schema(schema)
        kinds = {RelKind.TABLE: "TABLE", RelKind.VIEW: "VIEW", RelKind.MATERIALIZED_VIEW: "VIEW",
                 RelKind.EXTERNAL: "EXTERNAL TABLE"}
        rows = [(db.name, schema, r.name, kinds[r.kind]) for r in db.catalog.in_schema(schema)]
        return _show_table([("database_name", _V), ("schema_name", _V), ("table_name", _V), ("table_type", _V)],
                           rows)
    if what == "COLUMNS" and stmt.word(2) == "FROM" and stmt.word(3) == "TABLE":
        if len(parts) < 2:
            raise _syntax(stmt, 4)
        rel = session.lookup(parts[-2], parts[-1])
        if rel is None:
            raise UndefinedTable(f'relation "{parts[-1]}" does not exist')
        rows = [(db.name, rel.schema, rel.name, c.name, pos, c.default, "NO" if c.not_null else "YES",
                 c.type.format_type()) for pos, c in enumerate(rel.columns, 1)]
        return _show_table([("database_name", _V), ("schema_name", _V), ("table_name", _V), ("column_name", _V),
                            ("ordinal_position", RsType(TypeName.INTEGER)), ("column_default", _V),
                            ("is_nullable", _V), ("data_type", _V)], rows)
    return None


def run_desc(session: Session, stmt: Statement, params: Any) -> Result:
    """DESC DATASHARE d [OF [ACCOUNT 'id'] NAMESPACE 'guid']."""
    from .datashare import desc_datashare

    return desc_datashare(session, stmt)


def run_show(session: Session, stmt: Statement, params: Any) -> Result:
    if stmt.word(1) == "DATASHARES":
        from .datashare import show_datashares

        return show_datashares(session, stmt)
    listing = _show_objects(session, stmt)
    if listing is not None:
        return listing
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
    """GRANT / REVOKE object privileges (see :mod:`.privileges`)."""
    from .grantstmt import run_grant_statement

    with session.database.lock, session.cluster._lock:  # grants, roles and shares change atomically
        session.database.grants.append((session.user, stmt.text))
        return Result(command=run_grant_statement(session, stmt))


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


def run_attach(session: Session, stmt: Statement, params: Any) -> Result:
    """ATTACH / DETACH RLS POLICY (DuckDB's ATTACH of database files is not a Redshift statement)."""
    if stmt.words(3)[1:] == ("MASKING", "POLICY"):
        from .masking import run_masking_statement

        return run_masking_statement(session, stmt)
    if stmt.words(3)[1:] != ("RLS", "POLICY"):
        raise _syntax(stmt, 0)
    from .rls import run_rls_statement

    return run_rls_statement(session, stmt)


def _explain_hidden(session: Session, plan: Any) -> list[tuple[Any, str, str]]:
    """Protected relations whose policy details this user may not see in EXPLAIN (EXPLAIN RLS / MASKING)."""
    from .privileges import has_system_privilege
    from .rls import applied_policies

    out = []
    for rel in {id(r): r for r in plan.reads}.values():
        if applied_policies(session, rel) and not has_system_privilege(session, "EXPLAIN RLS"):
            out.append((rel, "row-level security", "EXPLAIN RLS"))
        elif session.column_masks(rel) and not has_system_privilege(session, "EXPLAIN MASKING"):
            out.append((rel, "masking", "EXPLAIN MASKING"))
    return out


def run_explain(session: Session, stmt: Statement, params: Any) -> Result:
    """EXPLAIN [VERBOSE] query: DuckDB's plan of the translated query, one line per row (QUERY PLAN)."""
    i = 2 if stmt.word(1) == "VERBOSE" else 1
    if i >= len(stmt.tokens):
        raise _syntax(stmt, i)
    plan = session.translate(stmt.text_from(i))
    session.check_privileges(plan)
    hidden = _explain_hidden(session, plan)
    if hidden:
        lines = [f"XN Seq Scan on {rel.name} ({what} details hidden: needs GRANT {grant})"
                 for rel, what, grant in hidden]
    else:
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
    "EXPLAIN": run_explain, "DESC": run_desc, "COMMENT": run_comment, "LOCK": run_lock,
    "ATTACH": run_attach, "DETACH": run_attach,
    "PREPARE": run_prepare, "EXECUTE": run_execute, "DEALLOCATE": run_deallocate,
}


def dispatch(session: Session, stmt: Statement, params: Any) -> Result:
    """Run one statement through the handler its leading keyword selects."""
    handler = HANDLERS.get(stmt.word(0))
    if handler is None:
        raise _syntax(stmt, 0)
    try:
        return handler(session, stmt, params)
    except IndexError:  # a hand-parsed statement that stops early
        raise SyntaxError_("syntax error at end of input") from None
    except (ValueError, KeyError, TypeError) as exc:  # a hand parser meeting a token it did not expect
        if isinstance(exc, SQLError):
            raise
        raise SyntaxError_(f"syntax error: {exc}") from None
