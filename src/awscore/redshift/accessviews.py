"""System views of access control: SVV_USER_INFO, SVV_ROLES, SVV_ROLE_GRANTS, SVV_USER_GRANTS,
SVV_RELATION_PRIVILEGES, SVV_COLUMN_PRIVILEGES, SVV_RLS_APPLIED_POLICY, SVV_MASKING_POLICY,
SVV_ATTACHED_MASKING_POLICY, SVV_DATASHARES, SVV_DATASHARE_OBJECTS, SVV_DATASHARE_CONSUMERS.

Built from Python state when a query names them. Visibility follows Redshift: SVV_RLS_APPLIED_POLICY
shows rows only to superusers and holders of ACCESS SYSTEM TABLE; SVV_RELATION_PRIVILEGES shows a
regular user only the grants that concern them (their own, their roles', their groups' and PUBLIC's).
"""

from __future__ import annotations

import json
import zlib
from typing import TYPE_CHECKING

import pyarrow as pa

from ..clock import to_datetime

if TYPE_CHECKING:
    from .session import Session

__all__ = ["ACCESS_VIEWS"]


def _str(values: list) -> pa.Array:
    return pa.array(values, pa.string())


def _svv_user_info(session: Session) -> pa.Table:
    users = sorted(session.cluster.users.values(), key=lambda u: u.usesysid)
    return pa.table({
        "user_name": _str([u.name for u in users]),
        "user_id": pa.array([u.usesysid for u in users], pa.int32()),
        "createdb": pa.array([u.createdb for u in users], pa.bool_()),
        "superuser": pa.array([u.superuser for u in users], pa.bool_()),
        "catalog_update": pa.array([u.superuser for u in users], pa.bool_()),
        "connection_limit": _str(["UNLIMITED" if u.connection_limit is None else str(u.connection_limit)
                                  for u in users]),
        "syslog_access": _str([u.syslog.upper() for u in users]),
        "last_ddl_ts": pa.array([None for _ in users], pa.timestamp("us")),
        "user_type": _str(["local" for _ in users]),
        "external_user_id": _str([u.externalid for u in users]),
        "session_timeout": pa.array([u.session_timeout or 0 for u in users], pa.int32()),
    })


def _role_ids(session: Session) -> dict[str, int]:
    return {name: 100_000 + i for i, name in enumerate(sorted(session.cluster.roles))}


def _svv_roles(session: Session) -> pa.Table:
    ids = _role_ids(session)
    names = sorted(ids)
    return pa.table({
        "role_id": pa.array([ids[n] for n in names], pa.int32()),
        "role_name": _str(names),
        "role_owner": _str(["rdsdb" if n.startswith("sys:") else session.cluster.master_username for n in names]),
        "external_id": _str([None for _ in names]),
    })


def _svv_user_grants(session: Session) -> pa.Table:
    ids = _role_ids(session)
    cluster = session.cluster
    rows = sorted((u, r) for r, members in cluster.roles.items() for u in members if not u.startswith("role:"))
    return pa.table({
        "user_id": pa.array([cluster.user_id(u) for u, _ in rows], pa.int32()),
        "user_name": _str([u for u, _ in rows]),
        "role_id": pa.array([ids[r] for _, r in rows], pa.int32()),
        "role_name": _str([r for _, r in rows]),
        "admin_option": pa.array([r in cluster.role_admins.get(u, set()) for u, r in rows], pa.bool_()),
    })


def _svv_role_grants(session: Session) -> pa.Table:
    ids = _role_ids(session)
    rows = sorted((m[5:], r) for r, members in session.cluster.roles.items() for m in members if m.startswith("role:"))
    return pa.table({
        "role_id": pa.array([ids[holder] for holder, _ in rows], pa.int32()),
        "role_name": _str([holder for holder, _ in rows]),
        "granted_role_id": pa.array([ids[granted] for _, granted in rows], pa.int32()),
        "granted_role_name": _str([granted for _, granted in rows]),
    })


def _identity(session: Session, grantee: str) -> tuple[str, str, int]:
    if grantee == "public":
        return "public", "public", 0
    kind, _, name = grantee.partition(":")
    if not name:
        return grantee, "user", session.cluster.user_id(grantee)
    if kind == "role":
        return name, "role", _role_ids(session).get(name, 0)
    return name, "group", 0


def _svv_relation_privileges(session: Session) -> pa.Table:
    from .principals import principals

    model = session.database.grants_model
    mine = None if session.cluster.is_superuser(session.user) else principals(session)
    rows = [r for r in model.rows() if mine is None or r[2] in mine]
    idents = [_identity(session, g) for _, _, g, _, _ in rows]
    return pa.table({
        "namespace_name": _str([r[0] for r in rows]),
        "relation_name": _str([r[1] for r in rows]),
        "privilege_type": _str([str(r[3]) for r in rows]),
        "identity_id": pa.array([i[2] for i in idents], pa.int32()),
        "identity_name": _str([i[0] for i in idents]),
        "identity_type": _str([i[1] for i in idents]),
        "admin_option": pa.array([r[4] for r in rows], pa.bool_()),
    })


def _svv_column_privileges(session: Session) -> pa.Table:
    from .principals import principals

    mine = None if session.cluster.is_superuser(session.user) else principals(session)
    rows = sorted((schema, table, col, str(priv), grantee)
                  for (schema, table), per in session.database.grants_model.columns.items()
                  for grantee, privs in per.items() if mine is None or grantee in mine
                  for priv, cols in privs.items() for col in cols)
    idents = [_identity(session, r[4]) for r in rows]
    return pa.table({
        "namespace_name": _str([r[0] for r in rows]),
        "relation_name": _str([r[1] for r in rows]),
        "column_name": _str([r[2] for r in rows]),
        "privilege_type": _str([r[3] for r in rows]),
        "identity_id": pa.array([i[2] for i in idents], pa.int32()),
        "identity_name": _str([i[0] for i in idents]),
        "identity_type": _str([i[1] for i in idents]),
    })


def _svv_rls_applied_policy(session: Session) -> pa.Table:
    from .privileges import has_system_privilege

    log = session.database.rls_applied if has_system_privilege(session, "ACCESS SYSTEM TABLE") else []
    return pa.table({
        "username": _str([r["user"] for r in log]),
        "command": _str([r["command"] for r in log]),
        "datname": _str([session.database.name for _ in log]),
        "relschema": _str([r["schema"] for r in log]),
        "relname": _str([r["table"] for r in log]),
        "polname": _str([r["policy"] for r in log]),
        "query": pa.array([r["query"] for r in log], pa.int32()),
        "record_time": pa.array([to_datetime(r["time"]).replace(tzinfo=None) for r in log], pa.timestamp("us")),
    })


def _svv_masking_policy(session: Session) -> pa.Table:
    pols = sorted(session.database.masking.policies.values(), key=lambda p: p.name)
    return pa.table({
        "policy_name": _str([p.name for p in pols]),
        "input_columns": _str([json.dumps([{"colname": n, "type": t.format_type()} for n, t in p.inputs])
                               for p in pols]),
        "policy_expression": _str([json.dumps([{"expr": e} for e in p.outputs]) for p in pols]),
        "policy_modified_by": _str([p.owner for p in pols]),
        "policy_modified_time": pa.array([None for _ in pols], pa.timestamp("us")),
    })


def _svv_attached_masking_policy(session: Session) -> pa.Table:
    model = session.database.masking
    rows = sorted(model.attachments, key=lambda a: (a.schema, a.table, a.out_cols, -a.priority))
    idents = [_identity(session, a.grantee) for a in rows]
    return pa.table({
        "policy_name": _str([a.policy for a in rows]),
        "schema_name": _str([a.schema for a in rows]),
        "table_name": _str([a.table for a in rows]),
        "table_type": _str(["table" for _ in rows]),
        "grantor": _str([model.policies[a.policy].owner for a in rows]),
        "grantee": _str([i[0] for i in idents]),
        "grantee_type": _str([i[1] for i in idents]),
        "priority": pa.array([a.priority for a in rows], pa.int32()),
        "input_columns": _str([json.dumps(list(a.in_cols)) for a in rows]),
        "output_columns": _str([json.dumps(list(a.out_cols)) for a in rows]),
    })


def _share_rows(session: Session) -> list[tuple]:
    """(share, type, consumer database, producer cluster) for outbound and inbound shares."""
    from .datashare import find_producer

    cluster = session.cluster
    rows = [(share, "OUTBOUND", None, cluster) for share in sorted(cluster.datashares.values(), key=lambda s: s.name)]
    for db in sorted(cluster.shared_databases.values(), key=lambda d: d.name):
        try:
            producer = find_producer(cluster, db.account, db.namespace)
        except Exception:  # noqa: BLE001 - a vanished producer just drops out of the view
            continue
        share = producer.datashares.get(db.share)
        if share is not None:
            rows.append((share, "INBOUND", db.name, producer))
    return rows


def _svv_datashares(session: Session) -> pa.Table:
    rows = _share_rows(session)
    return pa.table({
        "share_name": _str([s.name for s, _, _, _ in rows]),
        "share_id": pa.array([zlib.crc32(f"{p.namespace_id}/{s.name}".encode()) % 1_000_000
                                for s, _, _, p in rows], pa.int32()),
        "share_owner": _str([s.owner if t == "OUTBOUND" else None for s, t, _, _ in rows]),
        "source_database": _str([s.database if t == "OUTBOUND" else None for s, t, _, _ in rows]),
        "consumer_database": _str([c for _, _, c, _ in rows]),
        "share_type": _str([t for _, t, _, _ in rows]),
        "createdate": pa.array([to_datetime(s.created).replace(tzinfo=None) for s, _, _, _ in rows],
                               pa.timestamp("us")),
        "is_publicaccessible": pa.array([s.publicaccessible for s, _, _, _ in rows], pa.bool_()),
        "share_acl": _str([None for _ in rows]),
        "producer_account": _str([p.account for _, _, _, p in rows]),
        "producer_namespace": _str([p.namespace_id for _, _, _, p in rows]),
        "managed_by": _str([None for _ in rows]),
    })


def _svv_datashare_objects(session: Session) -> pa.Table:
    from .datashare import _objects

    out = []
    for share, kind, _consumer_db, producer in _share_rows(session):
        for obj_type, name, include_new in _objects(producer, share):
            out.append((kind, share.name, obj_type, name, producer.account, producer.namespace_id, include_new))
    return pa.table({
        "share_type": _str([r[0] for r in out]),
        "share_name": _str([r[1] for r in out]),
        "object_type": _str([r[2] for r in out]),
        "object_name": _str([r[3] for r in out]),
        "producer_account": _str([r[4] for r in out]),
        "producer_namespace": _str([r[5] for r in out]),
        "include_new": pa.array([r[6] for r in out], pa.bool_()),
    })


def _svv_datashare_consumers(session: Session) -> pa.Table:
    out = sorted((share.name, account, namespace) for share in session.cluster.datashares.values()
                 for account, namespace in share.consumers)
    return pa.table({
        "share_name": _str([r[0] for r in out]),
        "consumer_account": _str([r[1] or session.cluster.account for r in out]),
        "consumer_namespace": _str([r[2] for r in out]),
        "share_date": pa.array([None for _ in out], pa.timestamp("us")),
    })


ACCESS_VIEWS = {
    "svv_datashares": _svv_datashares,
    "svv_datashare_objects": _svv_datashare_objects,
    "svv_datashare_consumers": _svv_datashare_consumers,
    "svv_user_info": _svv_user_info,
    "svv_roles": _svv_roles,
    "svv_user_grants": _svv_user_grants,
    "svv_role_grants": _svv_role_grants,
    "svv_relation_privileges": _svv_relation_privileges,
    "svv_column_privileges": _svv_column_privileges,
    "svv_rls_applied_policy": _svv_rls_applied_policy,
    "svv_masking_policy": _svv_masking_policy,
    "svv_attached_masking_policy": _svv_attached_masking_policy,
}
