"""One Redshift database: its DuckDB storage (locked down), catalog, logs and translator."""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import duckdb

from .catalog import Catalog, Relation, RelKind
from .errors import SQLError
from .translate import Translator

if TYPE_CHECKING:
    from .cluster import Cluster
    from .session import Session

__all__ = ["Database", "QueryRecord", "LoadErrorRecord"]


@dataclass
class QueryRecord:
    """One STL_QUERY / SYS_QUERY_HISTORY row."""

    query: int
    userid: int
    user: str
    pid: int
    xid: int
    database: str
    text: str
    label: str
    start: float
    end: float | None = None
    aborted: bool = False
    error: str = ""
    status: str = "running"


@dataclass
class LoadErrorRecord:
    """One STL_LOAD_ERRORS / SYS_LOAD_ERROR_DETAIL row."""

    userid: int
    query: int
    session: int
    table_id: int
    table: str
    start: float
    filename: str
    line_number: int
    colname: str
    type: str
    col_length: str
    position: int
    raw_line: str
    raw_field_value: str
    err_code: int
    err_reason: str


@dataclass
class MaintenanceRecord:
    """One STL_VACUUM / STL_ANALYZE row."""

    kind: str
    userid: int
    query: int
    table_id: int
    table: str
    mode: str
    threshold: int
    time: float
    rows: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


class Database:
    """A database of a cluster: one in-memory DuckDB (external access off) plus the Python catalog."""

    def __init__(self, cluster: Cluster, name: str, owner: str) -> None:
        self.cluster = cluster
        self.name = name
        self.owner = owner
        self.duck = duckdb.connect(":memory:", config={
            "enable_external_access": False,
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
            "lock_configuration": False,
        })
        self.duck.execute("CREATE SCHEMA public")
        self.duck.execute("SET lock_configuration = true")
        self.catalog = Catalog()
        self.translator = Translator()
        self.lock = threading.RLock()
        self.queries: list[QueryRecord] = []
        self.load_errors: list[LoadErrorRecord] = []
        self.unloads: list[dict[str, Any]] = []
        self.copies: list[dict[str, Any]] = []
        self.maintenance: list[MaintenanceRecord] = []
        self.grants: list[tuple[str, str]] = []
        from .privileges import Grants

        self.grants_model = Grants()
        from .rls import RLSModel

        self.rls = RLSModel()
        #: SVV_RLS_APPLIED_POLICY rows: which policies filtered which statement
        self.rls_applied: list[dict[str, Any]] = []
        #: external (Spectrum) schemas -> their data catalog database; Arrow cache of external reads
        self.external_schemas: dict[str, str] = {}
        self.external_cache: dict[tuple, object] = {}
        #: scalar SQL UDFs by (name, argument count)
        self.functions: dict[tuple[str, int], object] = {}
        from .masking import MaskingModel

        self.masking = MaskingModel()
        #: COMMENT ON: (schema, relation, column or None) -> text
        self.comments: dict[tuple[str, str, str | None], str | None] = {}
        self._xids = itertools.count(1000)
        from .systables import SystemTables

        self.systables = SystemTables(self)

    def rename_principal(self, old: str, new: str) -> None:
        """ALTER USER / ROLE ... RENAME TO: owners, grants and policy attachments follow the principal."""
        from dataclasses import replace

        with self.lock:
            for rel in self.catalog.relations.values():
                if rel.owner == old:
                    rel.owner = new
            for schema, owner in list(self.catalog.schemas.items()):
                if owner == old:
                    self.catalog.schemas[schema] = new
            self.grants_model.rename(old, new)
            self.rls.attachments = {replace(a, grantee=new) if a.grantee == old else a for a in self.rls.attachments}
            if old in self.rls.ignore:
                self.rls.ignore.discard(old)
                self.rls.ignore.add(new)
            self.masking.attachments = [replace(a, grantee=new) if a.grantee == old else a
                                        for a in self.masking.attachments]
            self.catalog.epoch += 1

    def next_xid(self) -> int:
        return next(self._xids)

    # -- query log -------------------------------------------------------------------

    def log_start(self, session: Session, text: str) -> int:
        """Append a running STL_QUERY row; returns the query id."""
        with self.lock:
            qid = self.cluster.next_query_id()
            self.queries.append(QueryRecord(
                qid, self.cluster.user_id(session.user), session.user, session.pid,
                session.xid if session.in_transaction else self.next_xid(), self.name, text[:4000],
                session.query_group or "default", self.cluster.clock.now()))
            return qid

    def log_end(self, qid: int, *, aborted: bool = False, error: SQLError | None = None) -> None:
        with self.lock:
            for rec in reversed(self.queries):
                if rec.query == qid:
                    rec.end = self.cluster.clock.now()
                    rec.aborted = aborted
                    rec.status = "failed" if aborted else "success"
                    rec.error = error.message if error is not None else ""
                    return

    def record_maintenance(self, session: Session, kind: str, table: Relation | None, mode: str,
                           threshold: int) -> None:
        tables = [table] if table is not None else [r for r in self.catalog.relations.values()
                                                   if r.kind is RelKind.TABLE]
        if not self.cluster.is_superuser(session.user):  # only the owner's tables (Redshift skips the rest)
            tables = [r for r in tables if r.owner == session.user]
        with self.lock:
            qid = self.queries[-1].query if self.queries else 0
            for rel in tables:
                self.maintenance.append(MaintenanceRecord(
                    kind, self.cluster.user_id(session.user), qid, rel.table_id, rel.name, mode, threshold,
                    self.cluster.clock.now(), self.count_rows(rel)))

    def count_rows(self, rel: Relation) -> int:
        if rel.kind in (RelKind.VIEW, RelKind.EXTERNAL) or rel.temp:
            return 0
        cur = self.duck.cursor()
        try:
            row = cur.execute(f"SELECT count(*) FROM {rel.duck_name()}").fetchone()
            return int(row[0]) if row else 0
        except duckdb.Error:
            return 0
        finally:
            cur.close()

    # -- after commit: auto-refresh materialized views ---------------------------------------

    def after_commit(self, session: Session, written: set[tuple[str, str]]) -> None:
        """AUTO REFRESH materialized views whose base tables just changed."""
        from .create import refresh_mv

        for rel in list(self.catalog.relations.values()):
            if rel.kind is RelKind.MATERIALIZED_VIEW and rel.auto_refresh and written & set(rel.refreshed_versions):
                refresh_mv(session, rel)

    def is_stale(self, mv: Relation) -> bool:
        for (schema, name), version in mv.refreshed_versions.items():
            base = self.catalog.get(schema, name)
            if base is None or base.data_version != version:
                return True
        return False

    def close(self) -> None:
        self.duck.close()
