"""Redshift's restrictions around RLS and masking policies, and how policies follow their tables.

* A policy's lookup tables (tables its predicate reads) can't be dropped or renamed, can't have RLS
  attached themselves, and a table with RLS can't be a lookup table of a new policy.
* Correlated subqueries are not allowed in a policy predicate.
* RLS can't be attached to materialized views or to base tables of materialized views, and a
  materialized view can't read an RLS-protected or masked table (its stored rows would escape the
  policies of whoever reads it).
* Dropping a target table detaches its policies; renaming it keeps them attached.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from sqlglot import exp

from .catalog import Relation, RelKind
from .errors import DependentObjectsStillExist, FeatureNotSupported, InsufficientPrivilege

if TYPE_CHECKING:
    from .database import Database
    from .rls import Policy
    from .session import Session

__all__ = ["policy_lookups", "check_correlation", "check_attach_target", "check_mv_sources",
           "check_drop", "on_drop", "on_rename"]


def policy_lookups(session: Session, tree: exp.Expression) -> list[tuple[str, str]]:
    """(schema, table) of every table the predicate reads; refuses views, external and RLS tables."""
    out = []
    for table in tree.find_all(exp.Table):
        rel = session.lookup(table.db or None, table.name)
        if rel is None:
            from .errors import UndefinedTable

            raise UndefinedTable(f'relation "{table.name}" does not exist')
        if rel.kind in (RelKind.VIEW, RelKind.EXTERNAL) or rel.temp:
            raise FeatureNotSupported(f'relation "{rel.name}" cannot be used as a lookup table in an RLS policy')
        if session.database.rls.protected(rel):
            raise FeatureNotSupported(f'RLS-protected relation "{rel.name}" cannot be used as a lookup table')
        out.append((rel.schema, rel.name))
    return out


def check_correlation(session: Session, tree: exp.Expression, columns: list[str], alias: str | None) -> None:
    """A subquery in the predicate that reads the policy's own columns is correlated: refused."""
    for sub in list(tree.find_all(exp.Subquery)) + list(tree.find_all(exp.Exists)):
        inner = sub.this
        if not isinstance(inner, exp.Select):
            continue
        local = [session.lookup(t.db or None, t.name) for t in inner.find_all(exp.Table)]
        for col in inner.find_all(exp.Column):
            if alias and col.table == alias:
                raise FeatureNotSupported("RLS policy could not be rewritten: correlated subqueries are not "
                                          "supported in RLS policies")
            if not col.table and col.name in columns and not any(
                    r is not None and r.column(col.name) is not None for r in local):
                raise FeatureNotSupported("RLS policy could not be rewritten: correlated subqueries are not "
                                          "supported in RLS policies")


def _mv_bases(db: Database) -> set[tuple[str, str]]:
    return {key for r in db.catalog.relations.values() if r.kind is RelKind.MATERIALIZED_VIEW
            for key in r.refreshed_versions}


def _lookup_users(db: Database, rel: Relation) -> list[str]:
    return sorted(p.name for p in db.rls.policies.values() if (rel.schema, rel.name) in p.lookups)


def check_attach_target(session: Session, rel: Relation, grantee: str) -> None:
    """ATTACH RLS POLICY / RLS ON: not on MVs, MV base tables, lookup tables, superusers or secadmin."""
    db = session.database
    if rel.kind is RelKind.MATERIALIZED_VIEW:
        raise FeatureNotSupported("RLS policies cannot be attached to materialized views")
    if rel.kind is RelKind.EXTERNAL:
        raise FeatureNotSupported("RLS policies cannot be attached to external tables")
    if (rel.schema, rel.name) in _mv_bases(db):
        raise FeatureNotSupported(f'relation "{rel.name}" is used by a materialized view: RLS cannot be attached')
    users = _lookup_users(db, rel)
    if users:
        raise FeatureNotSupported(f'relation "{rel.name}" is a lookup table of RLS policy "{users[0]}"')
    if grantee and not grantee.startswith("role:") and grantee != "public":
        if session.cluster.is_superuser(grantee):
            raise InsufficientPrivilege(f'RLS policies cannot be attached to superuser "{grantee}"')
        if grantee in session.cluster.roles.get("sys:secadmin", set()):
            raise InsufficientPrivilege(f'RLS policies cannot be attached to "{grantee}": it holds sys:secadmin')


def check_mv_sources(session: Session, reads: list[Relation]) -> None:
    """A materialized view can't read RLS-protected or masked tables."""
    db = session.database
    for rel in reads:
        if db.rls.protected(rel) or db.masking.attached_to(rel):
            raise FeatureNotSupported(f'materialized view cannot read relation "{rel.name}": it is protected by '
                                      "row-level security or dynamic data masking")


def check_drop(db: Database, rel: Relation) -> None:
    """Lookup tables of a policy can't be dropped or renamed."""
    users = _lookup_users(db, rel)
    if users:
        raise DependentObjectsStillExist(
            f'cannot drop or rename relation "{rel.name}" because RLS policy "{users[0]}" depends on it')


def check_column_change(db: Database, rel: Relation, column: str) -> None:
    """Columns a policy reads can't be dropped, renamed or retyped (target tables and lookup tables)."""
    key = (rel.schema, rel.name)
    for a in db.rls.attachments:
        policy = db.rls.policies.get(a.policy)
        if (a.schema, a.table) == key and policy is not None and column in {c for c, _ in policy.columns}:
            raise DependentObjectsStillExist(
                f'cannot drop or alter column "{column}" of relation "{rel.name}" because RLS policy '
                f'"{policy.name}" depends on it')
    for policy in db.rls.policies.values():
        if key in policy.lookups:
            from .translate import parse

            names = {c.name for c in parse(f"SELECT 1 WHERE {policy.predicate}").find_all(exp.Column)}
            if column in names:
                raise DependentObjectsStillExist(
                    f'cannot drop or alter column "{column}" of relation "{rel.name}" because RLS policy '
                    f'"{policy.name}" depends on it')
    for m in db.masking.attachments:
        if (m.schema, m.table) == key and column in m.in_cols + m.out_cols:
            raise DependentObjectsStillExist(
                f'cannot drop or alter column "{column}" of relation "{rel.name}" because masking policy '
                f'"{m.policy}" is attached to it')


def on_drop(db: Database, rel: Relation) -> None:
    """A dropped table loses its RLS switch and its RLS / masking attachments."""
    key = (rel.schema, rel.name)
    db.rls.enabled.pop(key, None)
    db.rls.attachments = {a for a in db.rls.attachments if (a.schema, a.table) != key}
    db.masking.attachments = [a for a in db.masking.attachments if (a.schema, a.table) != key]
    db.catalog.epoch += 1


def on_rename(db: Database, old: tuple[str, str], new: tuple[str, str]) -> None:
    """Renaming a target table keeps its policies attached (and RLS on)."""
    if old in db.rls.enabled:
        db.rls.enabled[new] = db.rls.enabled.pop(old)
    db.rls.attachments = {replace(a, schema=new[0], table=new[1]) if (a.schema, a.table) == old else a
                          for a in db.rls.attachments}
    db.masking.attachments = [replace(a, schema=new[0], table=new[1]) if (a.schema, a.table) == old else a
                              for a in db.masking.attachments]
    db.catalog.epoch += 1


def policy_referenced_columns(policy: Policy) -> set[str]:
    return {c for c, _ in policy.columns}
