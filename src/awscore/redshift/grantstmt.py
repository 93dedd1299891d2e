"""GRANT / REVOKE statements: table, column, schema, role, datashare and system privileges.

Parsed from tokens here; the privilege model and the checks are in :mod:`.privileges`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlglot.tokens import TokenType

from .catalog import Relation
from .errors import (
    InsufficientPrivilege,
    InvalidGrantOperation,
    SyntaxError_,
    UndefinedColumn,
    UndefinedObject,
    UndefinedTable,
)
from .privileges import PUBLIC, SCHEMA_ALL, TABLE_ALL, Privilege, _may_grant
from .splitter import Statement

if TYPE_CHECKING:
    from .database import Database
    from .session import Session

__all__ = ["run_grant_statement", "role_reaches", "SYSTEM_PRIVILEGES"]



def _words_until(stmt: Statement, i: int, stop: set[str]) -> tuple[list[str], int]:
    out = []
    while i < len(stmt.tokens) and stmt.word(i) not in stop:
        if stmt.tokens[i].token_type is not TokenType.COMMA:
            out.append(stmt.word(i))
        i += 1
    return out, i


def _privilege(word: str) -> Privilege:
    if word == "TEMPORARY":
        word = "TEMP"
    try:
        return Privilege(word)
    except ValueError:
        raise SyntaxError_(f'unrecognized privilege type "{word.lower()}"') from None


def _privilege_list(stmt: Statement, i: int) -> tuple[list[tuple[Privilege | None, list[str] | None]], int]:
    """Privileges up to ON: ``[(priv, columns or None)]`` (priv None: ALL [PRIVILEGES]); the index of ON."""
    out: list[tuple[Privilege | None, list[str] | None]] = []
    while i < len(stmt.tokens) and stmt.word(i) != "ON":
        tok = stmt.tokens[i]
        if tok.token_type is TokenType.COMMA:
            i += 1
            continue
        word = stmt.word(i)
        i += 1
        if word == "PRIVILEGES" and out and out[-1][0] is None:
            continue
        priv = None if word == "ALL" else _privilege(word)
        cols = None
        if i < len(stmt.tokens) and stmt.tokens[i].token_type is TokenType.L_PAREN:
            cols = []
            i += 1
            while i < len(stmt.tokens) and stmt.tokens[i].token_type is not TokenType.R_PAREN:
                if stmt.tokens[i].token_type is not TokenType.COMMA:
                    cols.append(stmt.tokens[i].text.lower())
                i += 1
            i += 1
            if priv not in (Privilege.SELECT, Privilege.UPDATE, None):
                raise SyntaxError_(f"column privileges are only valid for SELECT and UPDATE, not {word}")
        out.append((priv, cols))
    return out, i


def _grantees(session: Session, stmt: Statement, i: int) -> tuple[list[str], int]:
    """Grantees from token ``i`` up to WITH / end; also the index where they stop."""
    out = []
    while i < len(stmt.tokens):
        word = stmt.word(i)
        if word in ("WITH", "CASCADE", "RESTRICT"):
            break
        if word == "GROUP":
            name = stmt.tokens[i + 1].text.lower()
            if name not in session.cluster.groups:
                raise UndefinedObject(f'group "{name}" does not exist')
            out.append(f"group:{name}")
            i += 2
        elif word == "ROLE":
            name = stmt.tokens[i + 1].text.lower()
            if name not in session.cluster.roles:
                raise UndefinedObject(f'role "{name}" does not exist')
            out.append(f"role:{name}")
            i += 2
        elif word == "PUBLIC":
            out.append(PUBLIC)
            i += 1
        elif stmt.tokens[i].token_type is TokenType.COMMA:
            i += 1
        else:
            name = stmt.tokens[i].text.lower()
            if name not in session.cluster.users:
                raise UndefinedObject(f'user "{name}" does not exist')
            out.append(name)
            i += 1
    if not out:
        raise SyntaxError_("syntax error at end of input")
    return out, i


def _role_name(stmt: Statement, i: int, stop: str) -> tuple[str, int]:
    words = []
    while i < len(stmt.tokens) and stmt.word(i) != stop:
        words.append(stmt.tokens[i].text)
        i += 1
    return "".join(words).lower(), i


def _grant_role(session: Session, stmt: Statement, grant: bool) -> str:
    """GRANT ROLE r TO {user | ROLE r2}, ... / REVOKE ROLE r FROM ...; roles nest, cycles are refused."""
    cluster = session.cluster
    role, i = _role_name(stmt, 2, "TO" if grant else "FROM")
    if role not in cluster.roles:
        raise UndefinedObject(f'role "{role}" does not exist')
    if role.startswith("sys:") and not cluster.is_superuser(session.user):
        raise InsufficientPrivilege(f"permission denied to grant role {role}")
    if not cluster.is_superuser(session.user) and role not in cluster.role_admins.get(session.user, set()):
        raise InsufficientPrivilege(f"permission denied to grant role {role}")
    grantees, j = _grantees(session, stmt, i + 1)
    admin = stmt.words(j + 3)[j:j + 3] == ("WITH", "ADMIN", "OPTION")
    with cluster._lock:
        members = cluster.roles[role]
        for grantee in grantees:
            if grant and grantee.startswith("role:"):
                inner = grantee[5:]
                if inner == role or role_reaches(cluster, role, inner):  # role already holds inner
                    raise InvalidGrantOperation(f'cannot grant role "{role}" to role "{inner}": '
                                                "it would create a cycle")
            if grantee.startswith("group:") or grantee == PUBLIC:
                raise SyntaxError_("roles can be granted to users and roles only")
            (members.add if grant else members.discard)(grantee)
            if admin and not grantee.startswith("role:"):
                cluster.role_admins.setdefault(grantee, set()).add(role)
    _bump(session)
    return stmt.word(0)


def role_reaches(cluster: object, holder: str, target: str) -> bool:
    """Whether role ``holder`` already holds role ``target`` (directly or through nested roles)."""
    roles: dict[str, set[str]] = cluster.roles  # type: ignore[attr-defined]
    seen: set[str] = set()
    frontier = [holder]
    while frontier:
        for r in _granted_to(roles, frontier.pop()):
            if r not in seen:
                seen.add(r)
                frontier.append(r)
    return target in seen


def _granted_to(roles: dict[str, set[str]], role: str) -> list[str]:
    """Roles granted to ``role`` (``GRANT ROLE x TO ROLE role``)."""
    return [name for name, members in roles.items() if f"role:{role}" in members]


def _bump(session: Session) -> None:
    for db in session.cluster.databases.values():
        with db.lock:
            db.catalog.epoch += 1


SYSTEM_PRIVILEGES = {("IGNORE", "RLS"), ("EXPLAIN", "RLS"), ("EXPLAIN", "MASKING"), ("ACCESS", "SYSTEM")}


def _grant_system(session: Session, stmt: Statement, grant: bool) -> str:
    """GRANT / REVOKE EXPLAIN RLS | EXPLAIN MASKING | ACCESS SYSTEM TABLE TO / FROM {user | ROLE r}."""
    if not session.cluster.is_superuser(session.user) and "sys:secadmin" not in _secadmin_roles(session):
        raise InsufficientPrivilege("permission denied")
    words = stmt.words(4)
    what = " ".join(words[1:3]) if words[1] != "ACCESS" else "ACCESS SYSTEM TABLE"
    i = 3 if words[1] != "ACCESS" else 4
    if stmt.word(i) != ("TO" if grant else "FROM"):
        raise SyntaxError_(f'syntax error at or near "{stmt.tokens[min(i, len(stmt.tokens) - 1)].text}"')
    grantees, _ = _grantees(session, stmt, i + 1)
    store = session.cluster.system_privileges
    for g in grantees:
        (store.setdefault(g, set()).add if grant else store.setdefault(g, set()).discard)(what)
    _bump(session)
    return stmt.word(0)


def _secadmin_roles(session: Session) -> set[str]:
    from .principals import user_roles

    return user_roles(session.cluster, session.user)


DATABASE_ALL = frozenset({Privilege.CREATE, Privilege.TEMP, Privilege.USAGE})


def _grant_database(session: Session, stmt: Statement, items: list, i: int, grant: bool) -> str:
    """GRANT / REVOKE {CREATE | TEMP | USAGE | ALL} ON DATABASE d TO / FROM grantees (superusers and the owner)."""
    names, j = _words_until(stmt, i, {"TO" if grant else "FROM"})
    privs: set[Privilege] = set()
    for priv, cols in items:
        if cols is not None or (priv is not None and priv not in DATABASE_ALL):
            raise SyntaxError_("invalid privilege type for a database")
        privs |= set(DATABASE_ALL) if priv is None else {priv}
    grantees, _ = _grantees(session, stmt, j + 1)
    for name in (n.lower() for n in names):
        db = session.cluster.database(name)
        if not (session.cluster.is_superuser(session.user) or db.owner == session.user):
            raise InsufficientPrivilege(f"permission denied for database {name}")
        for g in grantees:
            per = db.grants_model.database.setdefault(g, set())
            (per.update if grant else per.difference_update)(privs)
    return stmt.word(0)


def run_grant_statement(session: Session, stmt: Statement) -> str:
    """GRANT / REVOKE privileges [(cols)] ON [TABLE] t, ... | ALL TABLES IN SCHEMA s | SCHEMA s TO / FROM grantees.

    ``WITH GRANT OPTION`` lets the grantee grant the same privileges on; ``REVOKE GRANT OPTION FOR``
    removes only that option. Errors: UndefinedObject (unknown grantee), UndefinedTable, InsufficientPrivilege
    (granting what one does not own or hold with grant option).
    """
    from .stmtutil import read_name

    grant = stmt.word(0) == "GRANT"
    if stmt.words(3)[1:] == ("IGNORE", "RLS"):
        from .rls import grant_ignore_rls

        return grant_ignore_rls(session, stmt, grant).command
    if stmt.words(3)[1:3] in SYSTEM_PRIVILEGES:
        return _grant_system(session, stmt, grant)
    if stmt.word(1) == "ROLE":
        return _grant_role(session, stmt, grant)
    if stmt.words(4)[1:4] == ("USAGE", "ON", "DATASHARE"):
        from .datashare import grant_share_usage

        return grant_share_usage(session, stmt, grant)
    if stmt.words(4)[1:4] == ("USAGE", "ON", "DATABASE") and stmt.tokens[4].text.lower() in (
            session.cluster.shared_databases):
        from .datashare import grant_database_usage

        return grant_database_usage(session, stmt, grant)
    i = 1
    option_only = not grant and stmt.words(4)[1:4] == ("GRANT", "OPTION", "FOR")
    if option_only:
        i = 4
    items, i = _privilege_list(stmt, i)
    if i >= len(stmt.tokens):
        raise SyntaxError_(f"{stmt.word(0)} of roles or system privileges is not supported by awscore")
    i += 1
    db: Database = session.database
    model = db.grants_model
    direction = "TO" if grant else "FROM"
    if stmt.word(i) == "DATABASE":
        return _grant_database(session, stmt, items, i + 1, grant)
    if stmt.word(i) == "SCHEMA":
        schemas, j = _words_until(stmt, i + 1, {direction})
        privs: set[Privilege] = set()
        for priv, cols in items:
            if cols is not None:
                raise SyntaxError_("column privileges are only valid for tables")
            privs |= set(SCHEMA_ALL) if priv is None else {priv}
        grantees, _ = _grantees(session, stmt, j + 1)
        for schema in (s.lower() for s in schemas):
            db.catalog.require_schema(schema)
            if not (session.cluster.is_superuser(session.user) or db.catalog.schemas.get(schema) == session.user):
                raise InsufficientPrivilege(f"permission denied for schema {schema}")
        for grantee in grantees:
            for schema in (s.lower() for s in schemas):
                (model.grant_schema if grant else model.revoke_schema)(schema, grantee, privs)
        return stmt.word(0)
    rels: list[Relation] = []
    if stmt.words(i + 4)[i:i + 4] == ("ALL", "TABLES", "IN", "SCHEMA"):
        j = i + 4
        while True:
            schema = stmt.tokens[j].text.lower()
            db.catalog.require_schema(schema)
            rels.extend(db.catalog.in_schema(schema))
            j += 1
            if j < len(stmt.tokens) and stmt.tokens[j].token_type is TokenType.COMMA:
                j += 1
                continue
            break
    else:
        j = i + 1 if stmt.word(i) == "TABLE" else i
        while True:
            schema_name, name, j = read_name(stmt, j)
            rel = session.lookup(schema_name, name)
            if rel is None:
                raise UndefinedTable(f'relation "{name}" does not exist')
            rels.append(rel)
            if j < len(stmt.tokens) and stmt.tokens[j].token_type is TokenType.COMMA:
                j += 1
                continue
            break
    if stmt.word(j) != direction:
        raise SyntaxError_(f'syntax error at or near "{stmt.tokens[j].text if j < len(stmt.tokens) else ""}"')
    grantees, k = _grantees(session, stmt, j + 1)
    with_option = grant and stmt.words(k + 3)[k:k + 3] == ("WITH", "GRANT", "OPTION")
    if with_option and any(g == PUBLIC or g.startswith("group:") for g in grantees):
        raise InvalidGrantOperation("grant options can only be granted to users and roles")
    whole: set[Privilege] = set()
    by_column: list[tuple[Privilege, list[str]]] = []
    for priv, cols in items:
        if cols is None:
            whole |= set(TABLE_ALL) if priv is None else {priv}
        else:
            for p in ([Privilege.SELECT, Privilege.UPDATE] if priv is None else [priv]):
                by_column.append((p, cols))
    for rel in rels:
        _may_grant(session, rel, whole | {p for p, _ in by_column})
        for _p, cols in by_column:
            for col in cols:
                if rel.column(col) is None:
                    raise UndefinedColumn(f'column "{col}" of relation "{rel.name}" does not exist')
    for grantee in grantees:
        for rel in rels:
            if option_only:
                model.options.difference_update({(rel.schema, rel.name, grantee, p) for p in whole})
                continue
            if whole:
                (model.grant_table if grant else model.revoke_table)(rel, grantee, whole)
            for p, cols in by_column:
                (model.grant_columns if grant else model.revoke_columns)(rel, grantee, {p}, cols)
            if with_option:
                model.options.update((rel.schema, rel.name, grantee, p) for p in whole | {q for q, _ in by_column})
                model.grantors[(rel.schema, rel.name, grantee)] = session.user
    return stmt.word(0)
