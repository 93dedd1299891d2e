"""ALTER TABLE: ADD / DROP / RENAME COLUMN, RENAME TO, OWNER TO, ALTER DISTSTYLE / SORTKEY, APPEND FROM."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlglot import exp
from sqlglot.tokens import TokenType

from .catalog import Column, DistStyle, RelKind, SortStyle, duck_ident
from .errors import (
    DatatypeMismatch,
    DuplicateObject,
    DuplicateTable,
    FeatureNotSupported,
    UndefinedColumn,
)
from .privileges import check_owner
from .result import Result
from .rlsrules import check_column_change
from .splitter import Statement
from .stmtutil import read_name
from .stmtutil import syntax_error as _syntax
from .stmtutil import table_named as _table_named
from .types import from_datatype

if TYPE_CHECKING:
    from .session import Session

__all__ = ["alter_table"]


def alter_table(session: Session, stmt: Statement) -> Result:
    schema, name, i = read_name(stmt, 2)
    rel = _table_named(session, schema, name)
    check_owner(session, rel)
    word = stmt.word(i)
    db = session.database
    if word == "APPEND" and stmt.word(i + 1) == "FROM":
        src_schema, src_name, j = read_name(stmt, i + 2)
        src = _table_named(session, src_schema, src_name)
        extra = stmt.words(len(stmt.tokens))[j:]
        if extra and extra[0] not in ("IGNOREEXTRA", "FILLTARGET"):
            raise _syntax(stmt, j)
        return _append(session, rel, src, extra[0] if extra else None)
    if word == "RENAME" and stmt.word(i + 1) == "TO":
        new = stmt.tokens[i + 2].text.lower()
        if session.lookup(rel.schema if not rel.temp else None, new) is not None:
            raise DuplicateTable(f'relation "{new}" already exists')
        from .rlsrules import check_drop, on_rename

        check_drop(db, rel)
        old_key = (rel.schema, rel.name)
        session.duck(f"ALTER TABLE {rel.duck_name()} RENAME TO {duck_ident(new)}")
        with db.lock:
            if rel.temp:
                session.temp.pop(rel.name)
                rel.name = new
                session.temp[new] = rel
            else:
                db.catalog.remove(rel.schema, rel.name)
                rel.name = new
                db.catalog.add(rel)
                on_rename(db, old_key, (rel.schema, new))
                db.grants_model.move(old_key, (rel.schema, new))
        session.temp_changed()
        return Result(command="ALTER TABLE")
    if word == "RENAME" and stmt.word(i + 1) == "COLUMN":
        old, new = stmt.tokens[i + 2].text.lower(), stmt.tokens[i + 4].text.lower()
        col = _column(rel, old)
        check_column_change(db, rel, col.name)
        if rel.column(new) is not None:
            raise DuplicateObject(f'column "{new}" of relation "{rel.name}" already exists')
        session.duck(f"ALTER TABLE {rel.duck_name()} RENAME COLUMN {duck_ident(old)} TO {duck_ident(new)}")
        col.name = new
        _bump(session)
        return Result(command="ALTER TABLE")
    if word == "ADD" and stmt.word(i + 1) != "CONSTRAINT" and stmt.word(i + 1) not in ("PRIMARY", "UNIQUE", "FOREIGN"):
        j = i + 2 if stmt.word(i + 1) == "COLUMN" else i + 1
        return _add_column(session, rel, stmt, j)
    if word == "ADD":
        return Result(command="ALTER TABLE")  # informational constraints
    if word == "DROP" and stmt.word(i + 1) == "COLUMN" or (word == "DROP" and stmt.word(i + 1) != "CONSTRAINT"):
        j = i + 2 if stmt.word(i + 1) == "COLUMN" else i + 1
        col = _column(rel, stmt.tokens[j].text.lower())
        check_column_change(db, rel, col.name)
        if len(rel.columns) == 1:
            raise FeatureNotSupported(f'cannot drop the only column of table "{rel.name}"')
        session.duck(f"ALTER TABLE {rel.duck_name()} DROP COLUMN {duck_ident(col.name)}")
        rel.columns.remove(col)
        if rel.distkey == col.name:
            rel.distkey, rel.diststyle = None, DistStyle.EVEN
        if col.name in rel.sortkey:
            rel.sortkey.remove(col.name)
        _bump(session)
        return Result(command="ALTER TABLE")
    if word == "DROP":
        return Result(command="ALTER TABLE")
    if word == "OWNER" and stmt.word(i + 1) == "TO":
        owner = stmt.tokens[i + 2].text.lower()
        if owner not in session.cluster.users:
            from .errors import UndefinedObject

            raise UndefinedObject(f'user "{owner}" does not exist')
        rel.owner = owner
        return Result(command="ALTER TABLE")
    if word == "ALTER":
        return _alter_keys(session, rel, stmt, i + 1)
    if word == "ROW":
        from .rls import rls_alter_table

        return rls_alter_table(session, rel, stmt, i + 1)
    if word == "SET":
        raise FeatureNotSupported(f"ALTER TABLE ... {word} is not supported by awscore")
    raise _syntax(stmt, i)


def _bump(session: Session) -> None:
    with session.database.lock:
        session.database.catalog.epoch += 1
    session.temp_changed()


def _column(rel, name: str) -> Column:
    col = rel.column(name)
    if col is None:
        raise UndefinedColumn(f'column "{name}" of relation "{rel.name}" does not exist')
    return col


def _add_column(session: Session, rel, stmt: Statement, j: int) -> Result:
    from .create import default_sql as _default_sql
    from .create import parse_create as _parse_create

    name = stmt.tokens[j].text.lower()
    if rel.column(name) is not None:
        raise DuplicateObject(f'column "{name}" of relation "{rel.name}" already exists')
    text = "CREATE TABLE __x (" + stmt.text_from(j) + ")"
    from .ddl import build_relation, strip_table_attributes
    from .splitter import split

    inner = split(text)[0]
    stripped, attrs, _ = strip_table_attributes(inner, 2)
    create = _parse_create(stripped)
    tmp, defaults = build_relation(create, attrs, schema=rel.schema, name="__x", temp=rel.temp,
                                   owner=rel.owner, created=0)
    col = tmp.columns[0]
    piece = f"{duck_ident(col.name)} {col.type.duckdb()}"
    dsql = _default_sql(session, rel, defaults)
    if col.name in dsql:
        piece += f" DEFAULT ({dsql[col.name]})"
    session.duck(f"ALTER TABLE {rel.duck_name()} ADD COLUMN {piece}")
    rel.columns.append(col)
    _bump(session)
    return Result(command="ALTER TABLE")


def _alter_keys(session: Session, rel, stmt: Statement, i: int) -> Result:
    word = stmt.word(i)
    if word == "DISTSTYLE":
        style = DistStyle(stmt.word(i + 1))
        if style is DistStyle.KEY:
            if stmt.word(i + 2) != "DISTKEY":
                raise _syntax(stmt, i + 2)
            rel.distkey = _column(rel, stmt.tokens[i + 3].text.lower()).name
        else:
            rel.distkey = None
        rel.diststyle = style
        return Result(command="ALTER TABLE")
    if word == "DISTKEY":
        rel.distkey = _column(rel, stmt.tokens[i + 1].text.lower()).name
        rel.diststyle = DistStyle.KEY
        return Result(command="ALTER TABLE")
    if word in ("SORTKEY", "COMPOUND", "INTERLEAVED"):
        j = i + 1 if word == "SORTKEY" else i + 2
        if stmt.word(j) in ("AUTO", "NONE"):
            rel.sortkey, rel.sortstyle = [], SortStyle.AUTO if stmt.word(j) == "AUTO" else None
            return Result(command="ALTER TABLE")
        names = []
        j += 1
        while j < len(stmt.tokens) and stmt.tokens[j].token_type is not TokenType.R_PAREN:
            if stmt.tokens[j].token_type is not TokenType.COMMA:
                names.append(_column(rel, stmt.tokens[j].text.lower()).name)
            j += 1
        rel.sortkey = names
        rel.sortstyle = SortStyle.INTERLEAVED if word == "INTERLEAVED" else SortStyle.COMPOUND
        return Result(command="ALTER TABLE")
    if word == "COLUMN":
        col = _column(rel, stmt.tokens[i + 1].text.lower())
        if stmt.word(i + 2) == "TYPE":
            check_column_change(session.database, rel, col.name)
            new = from_datatype(exp.DataType.build(stmt.text_from(i + 3), dialect="redshift"))
            if not (col.type.name is new.name and new.is_char and (new.length or 0) >= (col.type.length or 0)):
                raise DatatypeMismatch("ALTER COLUMN TYPE only increases the length of a VARCHAR column")
            _recreate_check(session, rel, col, new)
            return Result(command="ALTER TABLE")
        if stmt.word(i + 2) == "ENCODE":
            col.encoding = stmt.tokens[i + 3].text.lower()
            return Result(command="ALTER TABLE")
    if word == "ENCODE":
        rel.encode_auto = True
        return Result(command="ALTER TABLE")
    raise _syntax(stmt, i)


def _recreate_check(session: Session, rel, col: Column, new) -> None:
    """Widen a VARCHAR: DuckDB CHECKs can't be altered, so rebuild the storage table."""
    tmp = f"{rel.name}__widen"
    old_name = rel.duck_name()
    session.duck(f"ALTER TABLE {old_name} RENAME TO {duck_ident(tmp)}")
    col.type = new
    from .create import default_sql as _default_sql
    from .translate import parse

    exprs = {c.name: parse(f"SELECT {c.default}").expressions[0] for c in rel.columns if c.default}
    defaults = _default_sql(session, rel, exprs)
    ddl = rel.duckdb_ddl(defaults)
    create = [s for s in ddl if s.startswith(("CREATE TABLE", "CREATE TEMP TABLE"))][-1]
    session.duck(create)
    prefix = old_name.rsplit(".", 1)[0]
    session.duck(f"INSERT INTO {rel.duck_name()} SELECT * FROM {prefix}.{duck_ident(tmp)}")
    session.duck(f"DROP TABLE {prefix}.{duck_ident(tmp)}")
    _bump(session)


def _append(session: Session, target, source, option: str | None) -> Result:
    """ALTER TABLE target APPEND FROM source: move every row (columns matched by name)."""
    if source is target:
        raise FeatureNotSupported("cannot append a table to itself")
    check_owner(session, source)  # the source is emptied: its owner's (or a superuser's) call
    db = session.database
    if (db.rls.protected(source) or db.masking.attached_to(source)) and not session.cluster.is_superuser(session.user):
        from .errors import InsufficientPrivilege

        raise InsufficientPrivilege(f'cannot append from relation "{source.name}": it is protected by row-level '
                                    "security or dynamic data masking")
    if target.kind is not RelKind.TABLE or source.kind is not RelKind.TABLE:
        raise FeatureNotSupported("ALTER TABLE APPEND works on tables only")
    src_cols = {c.name: c for c in source.columns}
    tgt_cols = {c.name: c for c in target.columns}
    extra = [c for c in src_cols if c not in tgt_cols]
    missing = [c for c in tgt_cols if c not in src_cols]
    if extra and option != "IGNOREEXTRA":
        raise DatatypeMismatch(f'Column "{extra[0]}" is in the source table but not the target table')
    if missing and option != "FILLTARGET":
        raise DatatypeMismatch(f'Column "{missing[0]}" is in the target table but not the source table')
    for name in tgt_cols.keys() & src_cols.keys():
        a, b = tgt_cols[name].type, src_cols[name].type
        if a.name is not b.name or a.length != b.length or a.precision != b.precision or a.scale != b.scale:
            raise DatatypeMismatch(f'Columns "{name}" do not have the same type in the source and target tables')
    shared = [c for c in tgt_cols if c in src_cols]
    cols = ", ".join(duck_ident(c) for c in shared)
    session.duck(f"INSERT INTO {target.duck_name()} ({cols}) SELECT {cols} FROM {source.duck_name()}",
                 relations=[target])
    count = session.cursor.fetchone()
    session.duck(f"DELETE FROM {source.duck_name()}")
    session.mark_written(target)
    session.mark_written(source)
    return Result(command="ALTER TABLE", rowcount=int(count[0]) if count else 0)
