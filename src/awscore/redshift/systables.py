"""System relations (PG_TABLE_DEF, SVV_TABLE_INFO, STL_QUERY, ...) built lazily from Python state.

Python is the source of truth; when a query names a system relation the
resolver rewrites it to a private name and the session registers an Arrow
table built here. Unqualified names are found in ``pg_catalog`` first, as in
Redshift. Regular users see only their own rows in the STL / SYS logs;
superusers see all.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from ..clock import to_datetime
from .catalog import RelKind

if TYPE_CHECKING:
    from .database import Database
    from .session import Session

__all__ = ["SystemTables", "SYSTEM_RELATIONS"]


def _ts(epoch: float | None) -> Any:
    return None if epoch is None else to_datetime(epoch).replace(tzinfo=None)


def _visible_tables(session: Session) -> list:
    rels = list(session.database.catalog.relations.values()) + list(session.temp.values())
    return sorted(rels, key=lambda r: (r.schema, r.name))


def _pg_table_def(session: Session) -> pa.Table:
    path = session.effective_path()
    rows: dict[str, list] = {k: [] for k in ("schemaname", "tablename", "column", "type", "encoding",
                                             "distkey", "sortkey", "notnull")}
    for rel in _visible_tables(session):
        if rel.schema not in path or rel.kind is RelKind.VIEW:
            continue
        for col in rel.columns:
            rows["schemaname"].append(rel.schema)
            rows["tablename"].append(rel.name)
            rows["column"].append(col.name)
            rows["type"].append(col.type.format_type())
            rows["encoding"].append(col.encoding or "none")
            rows["distkey"].append(col.distkey)
            rows["sortkey"].append(col.sortkey_position)
            rows["notnull"].append(col.not_null)
    return pa.table(rows)


def _diststyle(rel: Any) -> str:
    style = rel.diststyle.value
    if style == "KEY":
        return f"KEY({rel.distkey})"
    return "AUTO(EVEN)" if style == "AUTO" else style


def _svv_table_info(session: Session) -> pa.Table:
    db = session.database
    rows: dict[str, list] = {k: [] for k in (
        "database", "schema", "table_id", "table", "encoded", "diststyle", "sortkey1", "sortkey_num",
        "size", "pct_used", "empty", "unsorted", "stats_off", "tbl_rows", "skew_rows", "estimated_visible_rows",
        "max_varchar", "create_time")}
    from .privileges import has_system_privilege
    from .rls import row_filter

    see_all = has_system_privilege(session, "ACCESS SYSTEM TABLE")
    for rel in _visible_tables(session):
        if rel.kind in (RelKind.VIEW, RelKind.EXTERNAL) or rel.temp:
            continue
        if not see_all and row_filter(session, rel) is not None:
            continue  # row counts of an RLS-protected table would tell how many rows are hidden
        n = db.count_rows(rel)
        rows["database"].append(db.name)
        rows["schema"].append(rel.schema)
        rows["table_id"].append(rel.table_id)
        rows["table"].append(rel.name)
        rows["encoded"].append("Y" if any(c.encoding for c in rel.columns) or rel.encode_auto else "N")
        rows["diststyle"].append(_diststyle(rel))
        first = rel.sortkey[0] if rel.sortkey else ("AUTO(SORTKEY)" if rel.sortstyle is None
                                                   or rel.sortstyle.value == "AUTO" else None)
        if rel.sortstyle is not None and rel.sortstyle.value == "INTERLEAVED" and rel.sortkey:
            first = f"INTERLEAVED({rel.sortkey[0]})"
        rows["sortkey1"].append(first)
        rows["sortkey_num"].append(len(rel.sortkey))
        rows["size"].append(max(1, (n * max(len(rel.columns), 1) * 8) // (1024 * 1024)) if n else 0)
        rows["pct_used"].append(0.0)
        rows["empty"].append(0)
        rows["unsorted"].append(0.0 if rel.sortkey else None)
        rows["stats_off"].append(0.0)
        rows["tbl_rows"].append(n)
        rows["skew_rows"].append(None)
        rows["estimated_visible_rows"].append(n)
        rows["max_varchar"].append(max((c.type.length or 0 for c in rel.columns
                                        if c.type.name.value == "character varying"), default=0))
        rows["create_time"].append(_ts(rel.created))
    return pa.table(rows)


def _svv_tables(session: Session) -> pa.Table:
    db = session.database
    rows: dict[str, list] = {k: [] for k in ("table_catalog", "table_schema", "table_name", "table_type",
                                             "remarks")}
    for rel in _visible_tables(session):
        rows["table_catalog"].append(db.name)
        rows["table_schema"].append(rel.schema)
        rows["table_name"].append(rel.name)
        rows["table_type"].append({RelKind.TABLE: "BASE TABLE", RelKind.EXTERNAL: "EXTERNAL TABLE"}.get(
            rel.kind, "VIEW"))
        rows["remarks"].append(db.comments.get((rel.schema, rel.name, None)))
    return pa.table(rows)


def _svv_columns(session: Session) -> pa.Table:
    db = session.database
    keys = ("table_catalog", "table_schema", "table_name", "column_name", "ordinal_position", "column_default",
            "is_nullable", "data_type", "character_maximum_length", "numeric_precision", "numeric_scale",
            "remarks")
    rows: dict[str, list] = {k: [] for k in keys}
    for rel in _visible_tables(session):
        for pos, col in enumerate(rel.columns, 1):
            t = col.type
            rows["table_catalog"].append(db.name)
            rows["table_schema"].append(rel.schema)
            rows["table_name"].append(rel.name)
            rows["column_name"].append(col.name)
            rows["ordinal_position"].append(pos)
            rows["column_default"].append(col.default)
            rows["is_nullable"].append("NO" if col.not_null else "YES")
            rows["data_type"].append(t.name.value)
            rows["character_maximum_length"].append(t.length)
            rows["numeric_precision"].append(t.precision)
            rows["numeric_scale"].append(t.scale)
            rows["remarks"].append(db.comments.get((rel.schema, rel.name, col.name)))
    return pa.table(rows)


def _own_rows(session: Session, records: list, user_of: Callable[[Any], str]) -> list:
    if session.cluster.is_superuser(session.user):
        return list(records)
    return [r for r in records if user_of(r) == session.user]


def _stl_query(session: Session) -> pa.Table:
    recs = _own_rows(session, session.database.queries, lambda r: r.user)
    return pa.table({
        "userid": pa.array([r.userid for r in recs], pa.int32()),
        "query": pa.array([r.query for r in recs], pa.int32()),
        "label": pa.array([r.label for r in recs], pa.string()),
        "xid": pa.array([r.xid for r in recs], pa.int64()),
        "pid": pa.array([r.pid for r in recs], pa.int32()),
        "database": pa.array([r.database for r in recs], pa.string()),
        "querytxt": pa.array([r.text for r in recs], pa.string()),
        "starttime": pa.array([_ts(r.start) for r in recs], pa.timestamp("us")),
        "endtime": pa.array([_ts(r.end) for r in recs], pa.timestamp("us")),
        "aborted": pa.array([int(r.aborted) for r in recs], pa.int32()),
    })


def _sys_query_history(session: Session) -> pa.Table:
    recs = _own_rows(session, session.database.queries, lambda r: r.user)
    return pa.table({
        "user_id": pa.array([r.userid for r in recs], pa.int32()),
        "query_id": pa.array([r.query for r in recs], pa.int64()),
        "query_label": pa.array([r.label for r in recs], pa.string()),
        "transaction_id": pa.array([r.xid for r in recs], pa.int64()),
        "session_id": pa.array([r.pid for r in recs], pa.int32()),
        "database_name": pa.array([r.database for r in recs], pa.string()),
        "query_text": pa.array([r.text for r in recs], pa.string()),
        "status": pa.array([r.status for r in recs], pa.string()),
        "error_message": pa.array([r.error for r in recs], pa.string()),
        "start_time": pa.array([_ts(r.start) for r in recs], pa.timestamp("us")),
        "end_time": pa.array([_ts(r.end) for r in recs], pa.timestamp("us")),
        "elapsed_time": pa.array([int(((r.end or r.start) - r.start) * 1e6) for r in recs], pa.int64()),
    })


def _stl_load_errors(session: Session) -> pa.Table:
    recs = _own_rows(session, session.database.load_errors,
                     lambda r: next((u.name for u in session.cluster.users.values() if u.usesysid == r.userid), ""))
    return pa.table({
        "userid": pa.array([r.userid for r in recs], pa.int32()),
        "slice": pa.array([0 for _ in recs], pa.int32()),
        "tbl": pa.array([r.table_id for r in recs], pa.int32()),
        "starttime": pa.array([_ts(r.start) for r in recs], pa.timestamp("us")),
        "session": pa.array([r.session for r in recs], pa.int32()),
        "query": pa.array([r.query for r in recs], pa.int32()),
        "filename": pa.array([r.filename.ljust(256) for r in recs], pa.string()),
        "line_number": pa.array([r.line_number for r in recs], pa.int64()),
        "colname": pa.array([r.colname.ljust(127) for r in recs], pa.string()),
        "type": pa.array([r.type.ljust(10) for r in recs], pa.string()),
        "col_length": pa.array([r.col_length.ljust(10) for r in recs], pa.string()),
        "position": pa.array([r.position for r in recs], pa.int32()),
        "raw_line": pa.array([r.raw_line.ljust(1024) for r in recs], pa.string()),
        "raw_field_value": pa.array([r.raw_field_value.ljust(1024) for r in recs], pa.string()),
        "err_code": pa.array([r.err_code for r in recs], pa.int32()),
        "err_reason": pa.array([r.err_reason.ljust(100) for r in recs], pa.string()),
        "is_partial": pa.array([0 for _ in recs], pa.int32()),
        "start_offset": pa.array([0 for _ in recs], pa.int64()),
    })


def _sys_load_error_detail(session: Session) -> pa.Table:
    recs = _own_rows(session, session.database.load_errors,
                     lambda r: next((u.name for u in session.cluster.users.values() if u.usesysid == r.userid), ""))
    return pa.table({
        "user_id": pa.array([r.userid for r in recs], pa.int32()),
        "query_id": pa.array([r.query for r in recs], pa.int64()),
        "session_id": pa.array([r.session for r in recs], pa.int32()),
        "table_id": pa.array([r.table_id for r in recs], pa.int32()),
        "start_time": pa.array([_ts(r.start) for r in recs], pa.timestamp("us")),
        "file_name": pa.array([r.filename for r in recs], pa.string()),
        "line_number": pa.array([r.line_number for r in recs], pa.int64()),
        "column_name": pa.array([r.colname for r in recs], pa.string()),
        "column_type": pa.array([r.type for r in recs], pa.string()),
        "column_length": pa.array([r.col_length for r in recs], pa.string()),
        "position": pa.array([r.position for r in recs], pa.int32()),
        "error_code": pa.array([r.err_code for r in recs], pa.int32()),
        "error_message": pa.array([r.err_reason for r in recs], pa.string()),
        "database_name": pa.array([session.database.name for _ in recs], pa.string()),
    })


def _stl_unload_log(session: Session) -> pa.Table:
    recs = session.database.unloads
    return pa.table({
        "userid": pa.array([r["userid"] for r in recs], pa.int32()),
        "query": pa.array([r["query"] for r in recs], pa.int32()),
        "pid": pa.array([r["pid"] for r in recs], pa.int32()),
        "path": pa.array([r["path"] for r in recs], pa.string()),
        "start_time": pa.array([_ts(r["time"]) for r in recs], pa.timestamp("us")),
        "end_time": pa.array([_ts(r["time"]) for r in recs], pa.timestamp("us")),
        "line_count": pa.array([r["rows"] for r in recs], pa.int64()),
        "transfer_size": pa.array([r["size"] for r in recs], pa.int64()),
        "file_format": pa.array([r["format"] for r in recs], pa.string()),
    })


def _stv_mv_info(session: Session) -> pa.Table:
    db = session.database
    mvs = [r for r in db.catalog.relations.values() if r.kind is RelKind.MATERIALIZED_VIEW]
    return pa.table({
        "db_name": pa.array([db.name for _ in mvs], pa.string()),
        "schema": pa.array([m.schema for m in mvs], pa.string()),
        "name": pa.array([m.name for m in mvs], pa.string()),
        "updated_upto_xid": pa.array([0 for _ in mvs], pa.int64()),
        "is_stale": pa.array(["t" if db.is_stale(m) else "f" for m in mvs], pa.string()),
        "owner_user_name": pa.array([m.owner for m in mvs], pa.string()),
        "state": pa.array([1 for _ in mvs], pa.int32()),
        "autorefresh": pa.array([int(m.auto_refresh) for m in mvs], pa.int32()),
        "autorewrite": pa.array([0 for _ in mvs], pa.int32()),
    })


def _pg_user(session: Session) -> pa.Table:
    users = sorted(session.cluster.users.values(), key=lambda u: u.usesysid)
    return pa.table({
        "usename": pa.array([u.name for u in users], pa.string()),
        "usesysid": pa.array([u.usesysid for u in users], pa.int32()),
        "usecreatedb": pa.array([u.createdb for u in users], pa.bool_()),
        "usesuper": pa.array([u.superuser for u in users], pa.bool_()),
        "usecatupd": pa.array([u.superuser for u in users], pa.bool_()),
        "passwd": pa.array(["********" for _ in users], pa.string()),
        "valuntil": pa.array([None for _ in users], pa.timestamp("us")),
        "useconfig": pa.array([None for _ in users], pa.string()),
    })


def _maintenance(kind: str) -> Callable[[Session], pa.Table]:
    def build(session: Session) -> pa.Table:
        recs = [m for m in session.database.maintenance if m.kind == kind]
        return pa.table({
            "userid": pa.array([m.userid for m in recs], pa.int32()),
            "xid": pa.array([0 for _ in recs], pa.int64()),
            "table_id": pa.array([m.table_id for m in recs], pa.int32()),
            "status": pa.array([m.mode for m in recs], pa.string()),
            "rows": pa.array([m.rows for m in recs], pa.int64()),
            "sortedrows": pa.array([m.rows for m in recs], pa.int64()),
            "threshold_percent": pa.array([m.threshold for m in recs], pa.int32()),
            "eventtime": pa.array([_ts(m.time) for m in recs], pa.timestamp("us")),
        })

    return build


def _pg_namespace(session: Session) -> pa.Table:
    names = sorted(session.database.catalog.schemas)
    return pa.table({"oid": pa.array(range(2200, 2200 + len(names)), pa.int32()),
                     "nspname": pa.array(names, pa.string()),
                     "nspowner": pa.array([1 for _ in names], pa.int32())})


def _svv_rls_policy(session: Session) -> pa.Table:
    model = session.database.rls
    pols = sorted(model.policies.values(), key=lambda p: p.name)
    return pa.table({
        "poldb": pa.array([session.database.name for _ in pols], pa.string()),
        "polname": pa.array([p.name for p in pols], pa.string()),
        "polalias": pa.array([p.alias for p in pols], pa.string()),
        "polatts": pa.array([json.dumps([{"colname": c, "type": t.format_type()} for c, t in p.columns])
                             for p in pols], pa.string()),
        "polqual": pa.array([p.predicate for p in pols], pa.string()),
        "polenabled": pa.array([True for _ in pols], pa.bool_()),
        "polmodifiedby": pa.array([p.owner for p in pols], pa.string()),
    })


def _svv_rls_attached_policy(session: Session) -> pa.Table:
    model = session.database.rls
    rows = sorted(model.attachments, key=lambda a: (a.schema, a.table, a.policy, a.grantee))
    kind = {True: "role", False: "user"}
    return pa.table({
        "relschema": pa.array([a.schema for a in rows], pa.string()),
        "relname": pa.array([a.table for a in rows], pa.string()),
        "polname": pa.array([a.policy for a in rows], pa.string()),
        "grantor": pa.array([model.policies[a.policy].owner for a in rows], pa.string()),
        "grantee": pa.array([a.grantee.split(":", 1)[-1] for a in rows], pa.string()),
        "granteekind": pa.array(["public" if a.grantee == "public" else kind[a.grantee.startswith("role:")]
                                 for a in rows], pa.string()),
        "is_pol_on": pa.array([True for _ in rows], pa.bool_()),
        "is_rls_on": pa.array([(a.schema, a.table) in model.enabled for a in rows], pa.bool_()),
        "rls_conjunction_type": pa.array([model.enabled.get((a.schema, a.table), "and").lower() for a in rows],
                                         pa.string()),
    })


def _svv_rls_relation(session: Session) -> pa.Table:
    model = session.database.rls
    rels = [r for r in _visible_tables(session) if r.kind is RelKind.TABLE and not r.temp]
    return pa.table({
        "datname": pa.array([session.database.name for _ in rels], pa.string()),
        "relschema": pa.array([r.schema for r in rels], pa.string()),
        "relname": pa.array([r.name for r in rels], pa.string()),
        "relkind": pa.array(["table" for _ in rels], pa.string()),
        "is_rls_on": pa.array([(r.schema, r.name) in model.enabled for r in rels], pa.bool_()),
        "is_rls_datashare_on": pa.array([False for _ in rels], pa.bool_()),
        "rls_conjunction_type": pa.array([model.enabled.get((r.schema, r.name), "and").lower() for r in rels],
                                         pa.string()),
    })


def _copies(session: Session) -> list[dict[str, Any]]:
    return _own_rows(session, session.database.copies, lambda r: r.get("user", ""))


def _stl_load_commits(session: Session) -> pa.Table:
    rows = [(c, f) for c in _copies(session) for f in c["files"]]
    return pa.table({
        "userid": pa.array([c["userid"] for c, _ in rows], pa.int32()),
        "query": pa.array([c["query"] for c, _ in rows], pa.int32()),
        "slice": pa.array([0 for _ in rows], pa.int32()),
        "name": pa.array([f.ljust(256) for _, f in rows], pa.string()),
        "filename": pa.array([f.ljust(256) for _, f in rows], pa.string()),
        "lines_scanned": pa.array([c["rows"] + c["errors"] for c, _ in rows], pa.int32()),
        "curtime": pa.array([_ts(c["time"]) for c, _ in rows], pa.timestamp("us")),
        "status": pa.array([1 for _ in rows], pa.int32()),
    })


def _sys_load_history(session: Session) -> pa.Table:
    recs = _copies(session)
    return pa.table({
        "user_id": pa.array([c["userid"] for c in recs], pa.int32()),
        "query_id": pa.array([c["query"] for c in recs], pa.int64()),
        "status": pa.array(["completed" for _ in recs], pa.string()),
        "session_id": pa.array([c["pid"] for c in recs], pa.int32()),
        "database_name": pa.array([session.database.name for _ in recs], pa.string()),
        "table_name": pa.array([c["table"] for c in recs], pa.string()),
        "data_source": pa.array([c["url"] for c in recs], pa.string()),
        "loaded_rows": pa.array([c["rows"] for c in recs], pa.int64()),
        "loaded_bytes": pa.array([c["bytes"] for c in recs], pa.int64()),
        "source_file_count": pa.array([len(c["files"]) for c in recs], pa.int32()),
        "error_count": pa.array([c["errors"] for c in recs], pa.int64()),
        "file_format": pa.array([c["format"].lower() for c in recs], pa.string()),
        "start_time": pa.array([_ts(c["time"]) for c in recs], pa.timestamp("us")),
        "end_time": pa.array([_ts(c["time"]) for c in recs], pa.timestamp("us")),
    })


def _sys_unload_history(session: Session) -> pa.Table:
    recs = _own_rows(session, session.database.unloads,
                     lambda r: next((u.name for u in session.cluster.users.values() if u.usesysid == r["userid"]), ""))
    by_query: dict[int, list[dict[str, Any]]] = {}
    for r in recs:
        by_query.setdefault(r["query"], []).append(r)
    items = sorted(by_query.items())
    return pa.table({
        "user_id": pa.array([rs[0]["userid"] for _, rs in items], pa.int32()),
        "query_id": pa.array([q for q, _ in items], pa.int64()),
        "status": pa.array(["completed" for _ in items], pa.string()),
        "unloaded_location": pa.array([rs[0]["path"].rsplit("/", 1)[0] + "/" for _, rs in items], pa.string()),
        "unloaded_rows": pa.array([sum(r["rows"] for r in rs) for _, rs in items], pa.int64()),
        "unloaded_bytes": pa.array([sum(r["size"] for r in rs) for _, rs in items], pa.int64()),
        "unloaded_files_count": pa.array([len(rs) for _, rs in items], pa.int32()),
        "unloaded_files_format": pa.array([rs[0]["format"] for _, rs in items], pa.string()),
        "start_time": pa.array([_ts(rs[0]["time"]) for _, rs in items], pa.timestamp("us")),
        "end_time": pa.array([_ts(rs[-1]["time"]) for _, rs in items], pa.timestamp("us")),
    })


def _pg_tables(session: Session) -> pa.Table:
    rels = [r for r in _visible_tables(session) if r.kind is RelKind.TABLE]
    return pa.table({
        "schemaname": pa.array([r.schema for r in rels], pa.string()),
        "tablename": pa.array([r.name for r in rels], pa.string()),
        "tableowner": pa.array([r.owner for r in rels], pa.string()),
        "tablespace": pa.array([None for _ in rels], pa.string()),
        "hasindexes": pa.array([False for _ in rels], pa.bool_()),
        "hasrules": pa.array([False for _ in rels], pa.bool_()),
        "hastriggers": pa.array([False for _ in rels], pa.bool_()),
    })


def _pg_views(session: Session) -> pa.Table:
    rels = [r for r in _visible_tables(session) if r.kind in (RelKind.VIEW, RelKind.MATERIALIZED_VIEW)]
    return pa.table({
        "schemaname": pa.array([r.schema for r in rels], pa.string()),
        "viewname": pa.array([r.name for r in rels], pa.string()),
        "viewowner": pa.array([r.owner for r in rels], pa.string()),
        "definition": pa.array([r.sql for r in rels], pa.string()),
    })


def _schemata(session: Session) -> pa.Table:
    items = sorted(session.database.catalog.schemas.items())
    return pa.table({
        "catalog_name": pa.array([session.database.name for _ in items], pa.string()),
        "schema_name": pa.array([n for n, _ in items], pa.string()),
        "schema_owner": pa.array([o for _, o in items], pa.string()),
    })


def _svv_external_schemas(session: Session) -> pa.Table:
    items = sorted(session.database.external_schemas.items())
    return pa.table({
        "esoid": pa.array(range(100, 100 + len(items)), pa.int32()),
        "eskind": pa.array([1 for _ in items], pa.int32()),
        "schemaname": pa.array([n for n, _ in items], pa.string()),
        "esowner": pa.array([session.database.catalog.schemas.get(n, "") for n, _ in items], pa.string()),
        "databasename": pa.array([d for _, d in items], pa.string()),
        "esoptions": pa.array(["{}" for _ in items], pa.string()),
    })


def _svv_external_tables(session: Session) -> pa.Table:
    rels = [r for r in _visible_tables(session) if r.kind is RelKind.EXTERNAL]
    return pa.table({
        "schemaname": pa.array([r.schema for r in rels], pa.string()),
        "tablename": pa.array([r.name for r in rels], pa.string()),
        "location": pa.array([r.external.location for r in rels], pa.string()),
        "input_format": pa.array([r.external.file_format for r in rels], pa.string()),
    })


SYSTEM_RELATIONS: dict[str, Callable[[Session], pa.Table]] = {
    "pg_tables": _pg_tables,
    "pg_views": _pg_views,
    "svv_external_schemas": _svv_external_schemas,
    "svv_external_tables": _svv_external_tables,
    "information_schema__schemata": _schemata,
    "information_schema__views": _pg_views,
    "stl_load_commits": _stl_load_commits,
    "sys_load_history": _sys_load_history,
    "sys_unload_history": _sys_unload_history,
    "svv_rls_policy": _svv_rls_policy,
    "svv_rls_attached_policy": _svv_rls_attached_policy,
    "svv_rls_relation": _svv_rls_relation,
    "pg_table_def": _pg_table_def,
    "svv_table_info": _svv_table_info,
    "svv_tables": _svv_tables,
    "svv_columns": _svv_columns,
    "svv_all_tables": _svv_tables,
    "svv_all_columns": _svv_columns,
    "stl_query": _stl_query,
    "sys_query_history": _sys_query_history,
    "stl_load_errors": _stl_load_errors,
    "sys_load_error_detail": _sys_load_error_detail,
    "stl_unload_log": _stl_unload_log,
    "stv_mv_info": _stv_mv_info,
    "pg_user": _pg_user,
    "pg_namespace": _pg_namespace,
    "stl_vacuum": _maintenance("vacuum"),
    "stl_analyze": _maintenance("analyze"),
    "information_schema__tables": _svv_tables,
    "information_schema__columns": _svv_columns,
}


from .accessviews import ACCESS_VIEWS  # noqa: E402  (access-control views live in their own module)

SYSTEM_RELATIONS.update(ACCESS_VIEWS)


class SystemTables:
    """Resolves system relation names and builds their rows for a session."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def resolve(self, schema: str | None, name: str) -> str | None:
        if schema == "information_schema":
            key = f"information_schema__{name}"
            return key if key in SYSTEM_RELATIONS else None
        if schema in (None, "pg_catalog") and name in SYSTEM_RELATIONS and "__" not in name:
            return name
        return None

    def build(self, name: str, session: Session) -> pa.Table:
        return SYSTEM_RELATIONS[name](session)
