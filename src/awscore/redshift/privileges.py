"""Object privileges: owners, GRANT / REVOKE on tables and schemas, groups, and their checks.

Redshift's defaults: the creator owns an object; superusers and owners may do
anything with it; PUBLIC has USAGE and CREATE on schema ``public`` and no
privileges on tables. Views are checked as the view (the view owner's rights
reach its base tables). Errors: ``permission denied for relation t`` /
``permission denied for schema s`` (42501).
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from sqlglot.tokens import TokenType

from .catalog import Relation
from .errors import InsufficientPrivilege, SyntaxError_, UndefinedObject, UndefinedTable
from .splitter import Statement

if TYPE_CHECKING:
    from .database import Database
    from .session import Session

__all__ = ["Privilege", "Grants", "run_grant_statement", "PUBLIC"]

PUBLIC = "public"


class Privilege(StrEnum):
    """Privileges Redshift grants on tables and schemas."""

    SELECT = "SELECT"
    INSERT = "INSERT"
    UPDATE = "UPDATE"
    DELETE = "DELETE"
    REFERENCES = "REFERENCES"
    DROP = "DROP"
    ALTER = "ALTER"
    TRUNCATE = "TRUNCATE"
    USAGE = "USAGE"
    CREATE = "CREATE"
    TEMP = "TEMP"


TABLE_ALL = frozenset({Privilege.SELECT, Privilege.INSERT, Privilege.UPDATE, Privilege.DELETE,
                       Privilege.REFERENCES, Privilege.DROP, Privilege.ALTER, Privilege.TRUNCATE})
SCHEMA_ALL = frozenset({Privilege.USAGE, Privilege.CREATE})


class Grants:
    """Granted privileges of one database: per table and per schema, grantee -> privileges.

    Grantees are user names, ``group:<name>`` or ``public``.
    """

    def __init__(self) -> None:
        self.tables: dict[tuple[str, str], dict[str, set[Privilege]]] = {}
        self.schemas: dict[str, dict[str, set[Privilege]]] = {"public": {PUBLIC: set(SCHEMA_ALL)}}

    def grant_table(self, rel: Relation, grantee: str, privs: set[Privilege]) -> None:
        self.tables.setdefault((rel.schema, rel.name), {}).setdefault(grantee, set()).update(privs)

    def revoke_table(self, rel: Relation, grantee: str, privs: set[Privilege]) -> None:
        self.tables.get((rel.schema, rel.name), {}).get(grantee, set()).difference_update(privs)

    def grant_schema(self, schema: str, grantee: str, privs: set[Privilege]) -> None:
        self.schemas.setdefault(schema, {}).setdefault(grantee, set()).update(privs)

    def revoke_schema(self, schema: str, grantee: str, privs: set[Privilege]) -> None:
        self.schemas.get(schema, {}).get(grantee, set()).difference_update(privs)

    def forget(self, rel: Relation) -> None:
        self.tables.pop((rel.schema, rel.name), None)


def _principals(session: Session) -> set[str]:
    user = session.user
    groups = {f"group:{g}" for g, members in session.cluster.groups.items() if user in members}
    roles = {f"role:{r}" for r, members in session.cluster.roles.items() if user in members}
    return {user, PUBLIC} | groups | roles


def has_table_privilege(session: Session, rel: Relation, priv: Privilege) -> bool:
    if rel.temp or session.cluster.is_superuser(session.user) or rel.owner == session.user:
        return True
    granted = session.database.grants_model.tables.get((rel.schema, rel.name), {})
    return any(priv in granted.get(p, ()) for p in _principals(session))


def has_schema_privilege(session: Session, schema: str, priv: Privilege) -> bool:
    db = session.database
    if schema.startswith("pg_temp") or session.cluster.is_superuser(session.user):
        return True
    if db.catalog.schemas.get(schema) == session.user:
        return True
    granted = db.grants_model.schemas.get(schema, {})
    return any(priv in granted.get(p, ()) for p in _principals(session))


def check_table(session: Session, rel: Relation, priv: Privilege) -> None:
    """InsufficientPrivilege unless the session's user holds ``priv`` on the relation (and USAGE on its schema)."""
    if not rel.temp and not has_schema_privilege(session, rel.schema, Privilege.USAGE):
        raise InsufficientPrivilege(f"permission denied for schema {rel.schema}")
    if not has_table_privilege(session, rel, priv):
        raise InsufficientPrivilege(f"permission denied for relation {rel.name}")


def check_owner(session: Session, rel: Relation) -> None:
    """Only the owner (or a superuser) may DROP / ALTER / TRUNCATE a relation."""
    if rel.temp or session.cluster.is_superuser(session.user) or rel.owner == session.user:
        return
    raise InsufficientPrivilege(f"must be owner of relation {rel.name}")


def check_create_in(session: Session, schema: str) -> None:
    if not has_schema_privilege(session, schema, Privilege.CREATE):
        raise InsufficientPrivilege(f"permission denied for schema {schema}")


# ---- GRANT / REVOKE statements -----------------------------------------------------------


def _words_until(stmt: Statement, i: int, stop: set[str]) -> tuple[list[str], int]:
    out = []
    while i < len(stmt.tokens) and stmt.word(i) not in stop:
        if stmt.tokens[i].token_type is not TokenType.COMMA:
            out.append(stmt.word(i))
        i += 1
    return out, i


def _privs(words: list[str], allowed: frozenset[Privilege]) -> set[Privilege]:
    if words and words[0] == "ALL":
        return set(allowed)
    out = set()
    for w in words:
        if w == "TEMPORARY":
            w = "TEMP"
        try:
            out.add(Privilege(w))
        except ValueError:
            raise SyntaxError_(f'unrecognized privilege type "{w.lower()}"') from None
    return out


def _grantees(session: Session, stmt: Statement, i: int) -> list[str]:
    out = []
    while i < len(stmt.tokens):
        word = stmt.word(i)
        if word == "WITH":
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
        raise SyntaxError_("GRANT / REVOKE needs a grantee")
    return out


def _grant_role(session: Session, stmt: Statement, grant: bool) -> str:
    """GRANT ROLE r TO user, ... / REVOKE ROLE r FROM user, ... (roles may be spelled sys:secadmin)."""
    direction = "TO" if grant else "FROM"
    words, i = [], 2
    while i < len(stmt.tokens) and stmt.word(i) != direction:
        words.append(stmt.tokens[i].text)
        i += 1
    role = "".join(words).lower()
    if role not in session.cluster.roles:
        raise UndefinedObject(f'role "{role}" does not exist')
    if role.startswith("sys:") and not session.cluster.is_superuser(session.user):
        raise InsufficientPrivilege(f"permission denied to grant role {role}")
    for grantee in _grantees(session, stmt, i + 1):
        members = session.cluster.roles[role]
        (members.add if grant else members.discard)(grantee)
    with session.database.lock:
        session.database.catalog.epoch += 1
    return stmt.word(0)


def run_grant_statement(session: Session, stmt: Statement) -> str:
    """GRANT / REVOKE privileges ON [TABLE] t, ... | ALL TABLES IN SCHEMA s | SCHEMA s TO / FROM grantees."""
    from .stmtutil import read_name

    grant = stmt.word(0) == "GRANT"
    if stmt.words(3)[1:] == ("IGNORE", "RLS"):
        from .rls import grant_ignore_rls

        return grant_ignore_rls(session, stmt, grant).command
    if stmt.word(1) == "ROLE":
        return _grant_role(session, stmt, grant)
    i = 1
    if not grant and stmt.word(1) == "GRANT" and stmt.word(2) == "OPTION":
        i = 4  # REVOKE GRANT OPTION FOR ...
    words, i = _words_until(stmt, i, {"ON"})
    if words[-1:] == ["PRIVILEGES"]:
        words = words[:-1]
    if i >= len(stmt.tokens):
        raise SyntaxError_(f"{stmt.word(0)} of roles or system privileges is not supported by awscore")
    i += 1
    db: Database = session.database
    model = db.grants_model
    direction = "TO" if grant else "FROM"
    if stmt.word(i) == "SCHEMA":
        schemas, j = _words_until(stmt, i + 1, {direction})
        privs = _privs(words, SCHEMA_ALL)
        for grantee in _grantees(session, stmt, j + 1):
            for schema in (s.lower() for s in schemas):
                db.catalog.require_schema(schema)
                (model.grant_schema if grant else model.revoke_schema)(schema, grantee, privs)
        return stmt.word(0)
    rels: list[Relation] = []
    if stmt.words(i + 4)[i:i + 4] == ("ALL", "TABLES", "IN", "SCHEMA"):
        schema = stmt.tokens[i + 4].text.lower()
        db.catalog.require_schema(schema)
        rels = db.catalog.in_schema(schema)
        j = i + 5
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
    privs = _privs(words, TABLE_ALL)
    for rel in rels:
        check_owner(session, rel)
    for grantee in _grantees(session, stmt, j + 1):
        for rel in rels:
            (model.grant_table if grant else model.revoke_table)(rel, grantee, privs)
    return stmt.word(0)
