"""The Redshift Data API engine: statements run on a cluster or workgroup, kept with their results.

Statements run synchronously when submitted (delays default to zero), each in a
fresh autocommit session unless a ``SessionId`` names a kept-alive session;
results are kept as Arrow tables for 24 hours (on the clock) and paged without
converting the whole result to Python.
"""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from .errors import ResourceNotFoundException, SQLError, SyntaxError_, ValidationException
from .result import Result, ResultColumn
from .splitter import split

if TYPE_CHECKING:
    from .cluster import Cluster
    from .session import Session

__all__ = ["StatementStatus", "Statement", "DataAPI", "RESULT_RETENTION"]

RESULT_RETENTION = 24 * 3600.0


class StatementStatus(StrEnum):
    """Data API statement states (AWS's spellings)."""

    SUBMITTED = "SUBMITTED"
    PICKED = "PICKED"
    STARTED = "STARTED"
    FINISHED = "FINISHED"
    ABORTED = "ABORTED"
    FAILED = "FAILED"
    ALL = "ALL"


@dataclass
class Statement:
    """One submitted statement (or batch, with ``subs``) and what it produced."""

    id: str
    sql: str
    target: str  # cluster identifier or workgroup name
    is_workgroup: bool
    database: str
    db_user: str | None
    secret_arn: str | None
    created: float
    updated: float
    status: StatementStatus = StatementStatus.SUBMITTED
    name: str | None = None
    parameters: list[dict[str, str]] | None = None
    error: str | None = None
    columns: list[ResultColumn] | None = None
    table: pa.Table | None = None
    result_rows: int = -1
    result_size: int = -1
    pid: int = 0
    query_id: int = 0
    duration_ns: int = 0
    result_format: str = "JSON"
    session_id: str | None = None
    subs: list[Statement] = field(default_factory=list)
    is_batch: bool = False
    column_tables: list[tuple[str, str]] | None = None

    @property
    def has_result_set(self) -> bool:
        return self.table is not None


@dataclass
class DataSession:
    """A kept-alive Data API session (``SessionKeepAliveSeconds``)."""

    id: str
    session: Session
    target: str
    expires: float


class DataAPI:
    """Statements and sessions of one account and region."""

    def __init__(self, clock: Any) -> None:
        self.clock = clock
        self.statements: dict[str, Statement] = {}
        self.sessions: dict[str, DataSession] = {}
        self._lock = threading.RLock()

    # -- running ------------------------------------------------------------------------

    def execute(self, cluster: Cluster, *, target: str, is_workgroup: bool, sqls: list[str], database: str,
                user: str, db_user: str | None, secret_arn: str | None, parameters: list[dict[str, str]] | None,
                name: str | None, result_format: str, session_id: str | None,
                keep_alive: int | None, batch: bool) -> Statement:
        """Run one statement (or a batch, in one transaction) and record it."""
        self._expire()
        now = self.clock.now()
        stmt = Statement(str(uuid.uuid4()), ";".join(sqls) if batch else sqls[0], target, is_workgroup, database,
                         db_user, secret_arn, now, now, name=name, parameters=parameters,
                         result_format=result_format, is_batch=batch)
        session, data_session = self._session(cluster, database, user, session_id, keep_alive, target)
        stmt.pid = session.pid
        stmt.session_id = data_session.id if data_session is not None else None
        params = {p["name"]: p["value"] for p in parameters} if parameters else None
        try:
            if batch:
                self._run_batch(stmt, session, sqls)
            else:
                self._run_one(stmt, session, sqls[0], params)
        finally:
            if data_session is None:
                session.close()
            else:
                data_session.expires = self.clock.now() + (keep_alive or 0)
        with self._lock:
            self.statements[stmt.id] = stmt
        return stmt

    def _expire(self) -> None:
        """Drop results older than 24 hours and close sessions whose keep-alive ran out (lazily, on use)."""
        now = self.clock.now()
        with self._lock:
            for sid in [k for k, st in self.statements.items() if now - st.created > RESULT_RETENTION]:
                del self.statements[sid]
            dead = [k for k, ds in self.sessions.items() if ds.expires < now]
            closing = [self.sessions.pop(k) for k in dead]
        for ds in closing:
            ds.session.close()

    def failed(self, *, target: str, is_workgroup: bool, sqls: list[str], database: str, db_user: str | None,
               secret_arn: str | None, error: str, batch: bool, name: str | None) -> Statement:
        """Record a statement that could not connect (unknown database): FAILED with the connection error."""
        now = self.clock.now()
        stmt = Statement(str(uuid.uuid4()), ";".join(sqls) if batch else sqls[0], target, is_workgroup, database,
                         db_user, secret_arn, now, now, status=StatementStatus.FAILED, name=name, error=error,
                         is_batch=batch)
        with self._lock:
            self.statements[stmt.id] = stmt
        return stmt

    def _session(self, cluster: Cluster, database: str, user: str, session_id: str | None,
                 keep_alive: int | None, target: str) -> tuple[Session, DataSession | None]:
        if session_id is not None:
            with self._lock:
                ds = self.sessions.get(session_id)
                if ds is None or ds.expires < self.clock.now() or ds.session.closed:
                    raise ValidationException(f"Session {session_id} is not available.")
                return ds.session, ds
        cluster.ensure_user(user)
        session = cluster.session(user, database)
        if keep_alive:
            ds = DataSession(str(uuid.uuid4()), session, target, self.clock.now() + keep_alive)
            with self._lock:
                self.sessions[ds.id] = ds
            return session, ds
        return session, None

    def _finish(self, stmt: Statement, result: Result | None, error: SQLError | None) -> None:
        stmt.updated = self.clock.now()
        if error is not None:
            stmt.status = StatementStatus.FAILED
            stmt.error = f"ERROR: {error.message}"
            return
        assert result is not None
        stmt.status = StatementStatus.FINISHED
        stmt.query_id = result.statement_id
        if result.table is not None:
            stmt.table = result.table
            stmt.columns = result.columns
            stmt.result_rows = result.table.num_rows
            stmt.result_size = result.table.nbytes
        else:
            stmt.result_rows = max(result.rowcount, 0)
            stmt.result_size = 0

    def _run_one(self, stmt: Statement, session: Session, sql: str, params: dict[str, str] | None) -> None:
        stmt.status = StatementStatus.STARTED
        started = time.perf_counter_ns()  # Duration is measured work, not simulated time
        try:
            if params is not None and len(split(sql)) > 1:
                # parameters make the Data API prepare the text, and a prepared statement holds one command
                raise SyntaxError_("cannot insert multiple commands into a prepared statement")
            results = session.execute(sql, params)
        except SQLError as exc:
            self._finish(stmt, None, exc)
            return
        finally:
            stmt.duration_ns = time.perf_counter_ns() - started
        self._finish(stmt, results[-1], None)

    def _run_batch(self, stmt: Statement, session: Session, sqls: list[str]) -> None:
        """A batch runs as one transaction: a failure rolls back every sub-statement."""
        stmt.subs = [Statement(f"{stmt.id}:{i}", sql, stmt.target, stmt.is_workgroup, stmt.database,
                               stmt.db_user, stmt.secret_arn, stmt.created, stmt.created)
                     for i, sql in enumerate(sqls, 1)]
        explicit = session.in_transaction
        if not explicit:
            session.begin()
        failed: SQLError | None = None
        for sub in stmt.subs:
            if failed is not None:
                sub.status = StatementStatus.ABORTED
                continue
            started = time.perf_counter_ns()
            try:
                result = session.execute(sub.sql)[-1]
            except SQLError as exc:
                failed = exc
                self._finish(sub, None, exc)
                continue
            finally:
                sub.duration_ns = time.perf_counter_ns() - started
            self._finish(sub, result, None)
        if failed is not None:
            session.rollback()
            stmt.status = StatementStatus.FAILED
            stmt.error = f"ERROR: {failed.message}"
        else:
            if not explicit:
                session.commit()
            stmt.status = StatementStatus.FINISHED
            stmt.result_rows = sum(max(s.result_rows, 0) for s in stmt.subs)
            stmt.result_size = sum(max(s.result_size, 0) for s in stmt.subs)
        stmt.duration_ns = sum(s.duration_ns for s in stmt.subs)
        stmt.updated = self.clock.now()

    # -- reading ----------------------------------------------------------------------------

    def get(self, statement_id: str) -> Statement:
        """The statement (or batch sub-statement ``id:n``); ResourceNotFoundException when unknown or expired."""
        base, _, sub = statement_id.partition(":")
        with self._lock:
            stmt = self.statements.get(base)
        if stmt is None or self.clock.now() - stmt.created > RESULT_RETENTION:
            raise ResourceNotFoundException("Query does not exist.")
        if sub:
            index = int(sub) - 1 if sub.isdigit() else -1
            if not 0 <= index < len(stmt.subs):
                raise ResourceNotFoundException("Query does not exist.")
            return stmt.subs[index]
        return stmt

    def cancel(self, statement_id: str) -> None:
        stmt = self.get(statement_id)
        if stmt.status not in (StatementStatus.SUBMITTED, StatementStatus.PICKED, StatementStatus.STARTED):
            raise ValidationException(
                f"Could not cancel a query that is already in {stmt.status} state with ID: {statement_id}")
        stmt.status = StatementStatus.ABORTED

    def list(self) -> list[Statement]:
        now = self.clock.now()
        with self._lock:
            live = [s for s in self.statements.values() if now - s.created <= RESULT_RETENTION]
        return sorted(live, key=lambda s: s.created, reverse=True)
