"""Object privileges: the grants model (table, column, schema, grant options) and the checks.

Redshift's defaults: the creator owns an object; superusers and owners may do
anything with it; PUBLIC has USAGE and CREATE on schema ``public`` and no
privileges on tables. Column-level SELECT / UPDATE grants count for the columns
a statement touches. A view is checked for the invoker; its base tables for the
view's owner. Errors: ``permission denied for relation t`` / ``permission
denied for schema s`` (42501). The GRANT / REVOKE statements are parsed in
:mod:`.grantstmt`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from .catalog import Relation
from .errors import (
    FeatureNotSupported,
    InsufficientPrivilege,
)

if TYPE_CHECKING:
    from .session import Session

__all__ = ["Privilege", "Grants", "PUBLIC", "check_table", "check_owner", "has_system_privilege"]

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
        #: privileges on the database itself (CREATE: create schemas; TEMP; USAGE)
        self.database: dict[str, set[Privilege]] = {PUBLIC: {Privilege.TEMP}}
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

    def holds_any(self, grantee: str) -> bool:
        """Whether ``grantee`` holds any table, column or schema privilege here (DROP USER refuses then)."""
        return (any(per.get(grantee) for per in self.tables.values())
                or any(any(per.get(grantee, {}).values()) for per in self.columns.values())
                or any(per.get(grantee) for per in self.schemas.values())
                or bool(self.database.get(grantee)))

    def forget_grantee(self, grantee: str) -> None:
        """A dropped user / group / role loses every grant."""
        for per in list(self.tables.values()) + list(self.schemas.values()):
            per.pop(grantee, None)
        for cols in self.columns.values():
            cols.pop(grantee, None)
        self.database.pop(grantee, None)
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


def check_create_schema(session: Session) -> None:
    """CREATE SCHEMA needs a superuser, the database owner or CREATE on the database."""
    db = session.database
    if session.cluster.is_superuser(session.user) or db.owner == session.user:
        return
    if any(Privilege.CREATE in db.grants_model.database.get(p, ()) for p in _principals(session)):
        return
    raise InsufficientPrivilege(f"permission denied for database {db.name}")


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


def has_system_privilege(session: Session, what: str) -> bool:
    """Superusers hold every system privilege; others through a grant to them, a role of theirs or PUBLIC."""
    if session.cluster.is_superuser(session.user):
        return True
    store = session.cluster.system_privileges
    return any(what in store.get(p, ()) for p in _principals(session))
