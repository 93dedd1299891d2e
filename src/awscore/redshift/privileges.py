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
from .errors import (
    FeatureNotSupported,
    InsufficientPrivilege,
    InvalidGrantOperation,
    SyntaxError_,
    UndefinedColumn,
    UndefinedObject,
    UndefinedTable,
)
from .splitter import Statement

if TYPE_CHECKING:
    from .database import Database
    from .session import Session

__all__ = ["Privilege", "Grants", "run_grant_statement", "PUBLIC", "check_table", "has_system_privilege"]

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
    """Granted privileges of one database.

    ``tables``: (schema, table) -> grantee -> privileges; ``columns``: (schema, table) -> grantee ->
    privilege -> column names (SELECT / UPDATE only, as Redshift); ``schemas``: schema -> grantee ->
    privileges; ``options``: grants held WITH GRANT OPTION as (schema, table, grantee, privilege).
    Grantees are user names, ``group:<name>``, ``role:<name>`` or ``public``.
    """

    def __init__(self) -> None:
        self.tables: dict[tuple[str, str], dict[str, set[Privilege]]] = {}
        self.columns: dict[tuple[str, str], dict[str, dict[Privilege, set[str]]]] = {}
        self.schemas: dict[str, dict[str, set[Privilege]]] = {"public": {PUBLIC: set(SCHEMA_ALL)}}
        self.options: set[tuple[str, str, str, Privilege]] = set()
        self.grantors: dict[tuple[str, str, str], str] = {}

    def grant_table(self, rel: Relation, grantee: str, privs: set[Privilege]) -> None:
        self.tables.setdefault((rel.schema, rel.name), {}).setdefault(grantee, set()).update(privs)

    def revoke_table(self, rel: Relation, grantee: str, privs: set[Privilege]) -> None:
        self.tables.get((rel.schema, rel.name), {}).get(grantee, set()).difference_update(privs)
        per = self.columns.get((rel.schema, rel.name), {}).get(grantee, {})
        for p in privs:
            per.pop(p, None)
        self.options.difference_update({(rel.schema, rel.name, grantee, p) for p in privs})

    def grant_columns(self, rel: Relation, grantee: str, privs: set[Privilege], cols: list[str]) -> None:
        per = self.columns.setdefault((rel.schema, rel.name), {}).setdefault(grantee, {})
        for p in privs:
            per.setdefault(p, set()).update(cols)

    def revoke_columns(self, rel: Relation, grantee: str, privs: set[Privilege], cols: list[str]) -> None:
        per = self.columns.get((rel.schema, rel.name), {}).get(grantee, {})
        for p in privs:
            per.get(p, set()).difference_update(cols)

    def grant_schema(self, schema: str, grantee: str, privs: set[Privilege]) -> None:
        self.schemas.setdefault(schema, {}).setdefault(grantee, set()).update(privs)

    def revoke_schema(self, schema: str, grantee: str, privs: set[Privilege]) -> None:
        self.schemas.get(schema, {}).get(grantee, set()).difference_update(privs)

    def forget(self, rel: Relation) -> None:
        """A dropped relation takes its grants with it."""
        key = (rel.schema, rel.name)
        self.tables.pop(key, None)
        self.columns.pop(key, None)
        self.options = {o for o in self.options if o[:2] != key}

    def move(self, old: tuple[str, str], new: tuple[str, str]) -> None:
        """ALTER TABLE ... RENAME TO: grants follow the table."""
        for store in (self.tables, self.columns):
            if old in store:
                store[new] = store.pop(old)  # type: ignore[index]
        self.options = {(*new, g, p) if (s, t) == old else (s, t, g, p) for s, t, g, p in self.options}

    def forget_grantee(self, grantee: str) -> None:
        """A dropped user / group / role loses every grant."""
        for per in list(self.tables.values()) + list(self.schemas.values()):
            per.pop(grantee, None)
        for cols in self.columns.values():
            cols.pop(grantee, None)
        self.options = {o for o in self.options if o[2] != grantee}

    def rename(self, old: str, new: str) -> None:
        for per in list(self.tables.values()) + list(self.schemas.values()) + list(self.columns.values()):
            if old in per:
                per[new] = per.pop(old)  # type: ignore[assignment]
        self.options = {(s, t, new if g == old else g, p) for s, t, g, p in self.options}

    def rows(self) -> list[tuple[str, str, str, Privilege, bool]]:
        """(schema, table, grantee, privilege, grantable) for every table-level grant (SVV_RELATION_PRIVILEGES)."""
        out = []
        for (schema, table), per in sorted(self.tables.items()):
            for grantee, privs in sorted(per.items()):
                for p in sorted(privs):
                    out.append((schema, table, grantee, p, (schema, table, grantee, p) in self.options))
        return out


def _principals(session: Session, user: str | None = None) -> set[str]:
    from .principals import principals

    return principals(session, user)


def has_table_privilege(session: Session, rel: Relation, priv: Privilege, columns: set[str] | None = None,
                        user: str | None = None) -> bool:
    """Whether the user (default: the session's) holds ``priv`` on ``rel``.

    With ``columns`` (SELECT / UPDATE), column-level grants also count: every named column must be
    granted, and an empty set (``count(*)``) needs at least one granted column.
    """
    name = user or session.user
    if rel.temp or session.cluster.is_superuser(name) or rel.owner == name:
        return True
    mine = _principals(session, name)
    granted = session.database.grants_model.tables.get((rel.schema, rel.name), {})
    if any(priv in granted.get(p, ()) for p in mine):
        return True
    if columns is None or priv not in (Privilege.SELECT, Privilege.UPDATE):
        return False
    per = session.database.grants_model.columns.get((rel.schema, rel.name), {})
    allowed: set[str] = set()
    for p in mine:
        allowed |= per.get(p, {}).get(priv, set())
    return columns <= allowed if columns else bool(allowed)


def has_schema_privilege(session: Session, schema: str, priv: Privilege, user: str | None = None) -> bool:
    db = session.database
    name = user or session.user
    if schema.startswith("pg_temp") or session.cluster.is_superuser(name):
        return True
    if db.catalog.schemas.get(schema) == name:
        return True
    granted = db.grants_model.schemas.get(schema, {})
    return any(priv in granted.get(p, ()) for p in _principals(session, name))


def check_table(session: Session, rel: Relation, priv: Privilege, columns: set[str] | None = None,
                user: str | None = None) -> None:
    """InsufficientPrivilege unless the user holds ``priv`` on the relation (and USAGE on its schema).

    ``user`` defaults to the session's user; a view's base tables are checked as the view's owner.
    """
    from .datashare import SharedSpec, check_shared_usage

    if isinstance(rel.external, SharedSpec):
        if priv is not Privilege.SELECT:
            raise FeatureNotSupported(f'relation "{rel.name}" of a datashare is read-only')
        check_shared_usage(session, rel)
        return
    if not rel.temp and not has_schema_privilege(session, rel.schema, Privilege.USAGE, user):
        raise InsufficientPrivilege(f"permission denied for schema {rel.schema}")
    if not has_table_privilege(session, rel, priv, columns, user):
        raise InsufficientPrivilege(f"permission denied for relation {rel.name}")


def check_owner(session: Session, rel: Relation) -> None:
    """Only the owner (or a superuser) may DROP / ALTER / TRUNCATE a relation."""
    if rel.temp or session.cluster.is_superuser(session.user) or rel.owner == session.user:
        return
    raise InsufficientPrivilege(f"must be owner of relation {rel.name}")


def check_create_in(session: Session, schema: str) -> None:
    if not has_schema_privilege(session, schema, Privilege.CREATE):
        raise InsufficientPrivilege(f"permission denied for schema {schema}")


def _may_grant(session: Session, rel: Relation, privs: set[Privilege]) -> None:
    """Owners and superusers grant anything; others only what they hold WITH GRANT OPTION."""
    if rel.temp or session.cluster.is_superuser(session.user) or rel.owner == session.user:
        return
    options = session.database.grants_model.options
    mine = _principals(session)
    for p in privs:
        if not any((rel.schema, rel.name, g, p) in options for g in mine):
            raise InsufficientPrivilege(f"permission denied for relation {rel.name}")


# ---- GRANT / REVOKE statements -----------------------------------------------------------


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


def has_system_privilege(session: Session, what: str) -> bool:
    """Superusers hold every system privilege; others through a grant to them, a role of theirs or PUBLIC."""
    if session.cluster.is_superuser(session.user):
        return True
    store = session.cluster.system_privileges
    return any(what in store.get(p, ()) for p in _principals(session))


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
    if stmt.words(4)[1:4] == ("USAGE", "ON", "DATABASE"):
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
