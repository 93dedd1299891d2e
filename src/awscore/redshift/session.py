"""A Redshift session: one user's connection to one database, on its own DuckDB cursor.

The session owns what Redshift keeps per session: ``current_user``,
``search_path``, ``query_group``, temp tables, the transaction and its undo
log (catalog changes are rolled back with the data). Statements are split with
the tokenizer and dispatched on their leading keywords through a table of
handlers; queries and DML go through :class:`~.translate.Translator`, the rest
to the hand parsers in :mod:`.commands`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import duckdb
import pyarrow as pa
from sqlglot import exp

from .catalog import Relation
from .duckerrors import translate_error
from .errors import (
    InterfaceError,
    InvalidSchemaName,
    InvalidTransactionState,
    SQLError,
    SyntaxError_,
    UndefinedColumn,
)
from .resolve import SYS_PREFIX
from .result import Result, ResultColumn
from .splitter import Statement, split
from .translate import Plan, PlanKind
from .types import from_duckdb

if TYPE_CHECKING:
    from .database import Database

__all__ = ["Session"]


class Session:
    """One Redshift session (a DB-API connection or a Data API session).

    Not shared between threads: each thread opens its own session. Statements of
    one session run one at a time (a lock guards the cursor).
    """

    def __init__(self, database: Database, user: str, *, autocommit: bool = True) -> None:
        self.database = database
        self.cluster = database.cluster
        self.user = user
        self.session_user = user
        #: the user the session authenticated as (SET SESSION AUTHORIZATION needs it to be a superuser)
        self.login_user = user
        self.pid = database.cluster.next_pid()
        self.autocommit = autocommit
        self.search_path: tuple[str, ...] = ("$user", "public")
        self.query_group: str | None = None
        self.timezone = "UTC"
        self.settings: dict[str, str] = {}
        self.temp: dict[str, Relation] = {}
        self.in_transaction = False
        self.txn_start: float | None = None
        self.xid = 0
        self._undo: list[Callable[[], None]] = []
        self._written: set[tuple[str, str]] = set()
        self.closed = False
        self.aborted = False
        #: PREPARE'd statements of this session
        self.prepared: dict[str, Any] = {}
        self.last_copy: tuple[int, int] = (-1, 0)  # (query id, rows)
        self.last_unload: tuple[int, int] = (-1, 0)
        self._lock = threading.RLock()
        self.cursor = database.duck.cursor()
        self.cursor.execute("SET VARIABLE rs_user = $u", {"u": user})
        self.cursor.execute("SET VARIABLE rs_session_user = $u", {"u": user})
        self.cursor.execute("SET VARIABLE rs_pid = $p", {"p": self.pid})
        self._registered: set[str] = set()

    def set_authorization(self, user: str) -> None:
        """SET SESSION AUTHORIZATION / RESET: current_user and session_user both become ``user``."""
        self.user = user
        self.session_user = user
        self.cursor.execute("SET VARIABLE rs_user = $u", {"u": user})
        self.cursor.execute("SET VARIABLE rs_session_user = $u", {"u": user})
        self.temp_changed()

    # -- namespace (for the resolver) ------------------------------------------

    @property
    def database_name(self) -> str:
        return self.database.name

    @property
    def namespace_id(self) -> str:
        """The cluster's namespace GUID (``SELECT current_namespace``)."""
        return self.cluster.namespace_id

    @property
    def functions(self) -> dict:
        """The database's scalar SQL UDFs (expanded by the translator)."""
        return self.database.functions

    def current_schema(self) -> str:
        for schema in self.effective_path():
            return schema
        return "public"

    def effective_path(self) -> list[str]:
        out = []
        for entry in self.search_path:
            name = self.user if entry == "$user" else entry
            if name in self.database.catalog.schemas:
                out.append(name)
        return out

    def lookup(self, schema: str | None, name: str) -> Relation | None:
        """Temp tables first, then search_path (unqualified); or the named schema."""
        catalog = self.database.catalog
        if schema is None:
            rel = self.temp.get(name)
            if rel is not None:
                return rel
            for s in self.effective_path():
                rel = catalog.get(s, name)
                if rel is not None:
                    return rel
            return None
        if schema.startswith("pg_temp"):
            return self.temp.get(name)
        if schema not in catalog.schemas:
            raise InvalidSchemaName(f'schema "{schema}" does not exist')
        return catalog.get(schema, name)

    def shared_relation(self, database: str, schema: str | None, name: str) -> Relation | None:
        """``db.schema.table`` of a database created FROM DATASHARE (None: not such a database)."""
        from .datashare import shared_relation

        return shared_relation(self, database, schema, name)

    def system(self, schema: str | None, name: str) -> str | None:
        return self.database.systables.resolve(schema, name)

    def row_filter(self, rel: Relation) -> tuple[exp.Expression, str | None] | None:
        """The RLS predicate limiting ``rel`` for this session's user (None: not protected or bypassed)."""
        from .rls import row_filter

        return row_filter(self, rel)

    def column_masks(self, rel: Relation) -> dict[str, exp.Expression]:
        """Masking expressions for the columns of ``rel`` this session's user must see masked."""
        from .masking import column_masks

        return column_masks(self, rel)

    def parse_view(self, rel: Relation) -> exp.Expression:
        from .translate import parse

        return parse(rel.sql or "")

    # -- executing -------------------------------------------------------------

    def execute(self, sql: str, params: Mapping[str, Any] | Sequence[Any] | None = None) -> list[Result]:
        """Run every statement of ``sql``; the results, one per statement.

        Errors are :class:`~.errors.SQLError` subclasses with Redshift's text; in a
        transaction block an error aborts the transaction (DuckDB and Redshift agree).
        """
        if self.closed:
            raise InterfaceError("connection is closed")
        statements = split(sql)
        if not statements:
            return [Result(command="EMPTY")]
        results = []
        with self._lock:
            for stmt in statements:
                results.append(self.run(stmt, params))
        return results

    def run(self, stmt: Statement, params: Any = None) -> Result:
        """Run one statement (implicitly opening a transaction when autocommit is off)."""
        from .commands import dispatch

        verb = stmt.word(0)
        if self.aborted and verb not in _END_VERBS:
            raise InvalidTransactionState(
                "current transaction is aborted, commands ignored until end of transaction block")
        if not self.autocommit and not self.in_transaction and verb not in _TXN_VERBS:
            self.begin()
        query_id = self.database.log_start(self, stmt.text)
        try:
            result = dispatch(self, stmt, params)
        except SQLError as exc:
            self.database.log_end(query_id, aborted=True, error=exc)
            if self.in_transaction:
                self._failed_in_txn()
            raise
        self.database.log_end(query_id)
        result.statement_id = query_id
        if verb in ("SELECT", "INSERT", "UPDATE", "DELETE", "COPY", "UNLOAD", "WITH", "MERGE"):
            self.cursor.execute("SET VARIABLE rs_last_query_id = $q", {"q": query_id})
        if not self.in_transaction:
            self._after_commit()
        return result

    def run_plan(self, plan: Plan, params: Any = None) -> Result:
        """Execute a translated query or DML statement on this session's cursor (privileges checked first)."""
        self.check_privileges(plan)
        self._prepare(plan)
        bound = _bind(plan, params)
        try:
            if plan.kind is PlanKind.QUERY:
                rel = self.cursor.sql(plan.sql, params=bound) if bound is not None else self.cursor.sql(plan.sql)
                table = rel.to_arrow_table()
                types = [str(t) for t in rel.types]
                for i, t in enumerate(types):
                    if t == "HUGEINT":  # SUM of integers: a BIGINT in Redshift
                        table = table.set_column(i, table.schema.field(i).name, table.column(i).cast(pa.int64()))
                        types[i] = "BIGINT"
                cols = _columns(plan, rel.columns, types)
                self._log_applied(plan)
                return Result(columns=cols, table=table, rowcount=table.num_rows, command="SELECT")
            self.cursor.execute(plan.sql, bound) if bound is not None else self.cursor.execute(plan.sql)
            row = self.cursor.fetchone()
            count = int(row[0]) if row else 0
        except duckdb.Error as exc:
            error = translate_error(exc, plan.reads + plan.writes)
            if isinstance(error, UndefinedColumn) and plan.from_name and error.message.endswith('" does not exist'):
                error = UndefinedColumn(f"{error.message} in {plan.from_name}")  # Redshift names the relation
            raise error from None
        for rel in plan.writes:
            self.mark_written(rel)
        self._log_applied(plan)
        verb = plan.sql.split(None, 1)[0].upper()
        return Result(rowcount=count, command=verb)

    def check_privileges(self, plan: Plan) -> None:
        """Every relation and column the statement touches, before anything runs.

        SELECT on each column read (``SELECT *``, WHERE, JOIN, ORDER BY, subqueries; column grants
        count), the verb's privilege on a DML target (UPDATE on the assigned columns), and a view's
        base tables as the view's owner. Raises InsufficientPrivilege (``permission denied for relation t``).
        """
        from .privileges import Privilege, check_table

        for rel, cols, target, user in plan.access:
            if target:
                if plan.verb == "MERGE":
                    check_table(self, rel, Privilege.UPDATE, user=user)
                    check_table(self, rel, Privilege.INSERT, user=user)
                else:
                    verb = Privilege(plan.verb)
                    check_table(self, rel, verb, set(plan.updated) if verb is Privilege.UPDATE else None, user)
                if cols and plan.verb != "INSERT":
                    check_table(self, rel, Privilege.SELECT, set(cols), user)
            else:
                check_table(self, rel, Privilege.SELECT, set(cols), user)

    def _log_applied(self, plan: Plan) -> None:
        """Record the RLS policies that filtered this statement (SVV_RLS_APPLIED_POLICY)."""
        db = self.database
        if not db.rls.enabled:
            return
        from .rls import applied_policies

        query = db.queries[-1].query if db.queries else 0
        for rel in {id(r): r for r in plan.reads + plan.writes}.values():
            for name in applied_policies(self, rel):
                db.rls_applied.append({"user": self.user, "command": "S" if plan.verb == "SELECT" else plan.verb[0],
                                       "schema": rel.schema, "table": rel.name, "policy": name, "query": query,
                                       "time": self.cluster.clock.now()})

    def _prepare(self, plan: Plan) -> None:
        if plan.uses_now or plan.kind is PlanKind.DML:  # DML: column defaults may read GETDATE()
            now = self.cluster.statement_time(self)
            self.cursor.execute("SET VARIABLE rs_now = CAST($t AS TIMESTAMP)", {"t": now})
        for name in plan.system:
            table = self.database.systables.build(name, self)
            self.cursor.register(SYS_PREFIX + name, table)
        if plan.external:
            from .datashare import SharedSpec, read_shared
            from .external import EXT_PREFIX, read_external

            for rel in plan.external:
                data = read_shared(self, rel) if isinstance(rel.external, SharedSpec) else read_external(self, rel)
                self.cursor.register(f"{EXT_PREFIX}{rel.schema}__{rel.name}", data)

    def duck(self, sql: str, params: Any = None, relations: list[Relation] | None = None) -> Any:
        """Run engine-generated DuckDB SQL on the session cursor, translating errors."""
        try:
            return self.cursor.execute(sql, params) if params is not None else self.cursor.execute(sql)
        except duckdb.Error as exc:
            raise translate_error(exc, relations) from None

    def translate(self, text: str) -> Plan:
        """The plan for a query / DML statement in this session's name context."""
        key = (self.database.catalog.epoch, self.search_path, self.user,
               self.pid if self.temp else 0, self._temp_epoch if self.temp else 0)
        return self.database.translator.translate(text, self, key)

    _temp_epoch = 0

    def temp_changed(self) -> None:
        self._temp_epoch += 1

    # -- data versions and transactions --------------------------------------------

    def mark_written(self, rel: Relation) -> None:
        rel.data_version += 1
        if not rel.temp:
            self._written.add((rel.schema, rel.name))

    def record_undo(self, fn: Callable[[], None]) -> None:
        """Register how to revert a catalog change if the transaction rolls back."""
        if self.in_transaction:
            self._undo.append(fn)

    def begin(self) -> None:
        if self.in_transaction:
            return  # Redshift warns "there is already a transaction in progress"
        self.cursor.begin()
        self.in_transaction = True
        self.txn_start = self.cluster.clock.now()
        self.xid = self.database.next_xid()
        self._undo = []

    def commit(self) -> None:
        if not self.in_transaction:
            return
        if self.aborted:  # COMMIT of an aborted transaction rolls it back
            self.rollback()
            return
        try:
            self.cursor.commit()
        except duckdb.Error as exc:
            self._rollback_catalog()
            self.in_transaction = False
            raise translate_error(exc) from None
        self.in_transaction = False
        self._undo = []
        self._after_commit()

    def rollback(self) -> None:
        if not self.in_transaction:
            return
        try:
            self.cursor.rollback()
        except duckdb.Error:
            pass
        self._rollback_catalog()
        self.in_transaction = False
        self.aborted = False
        self._written.clear()

    def _rollback_catalog(self) -> None:
        with self.database.lock:
            for fn in reversed(self._undo):
                fn()
            self._undo = []
            self.database.catalog.epoch += 1
        self.temp_changed()

    def _failed_in_txn(self) -> None:
        """An error inside a transaction block aborts it; Redshift then needs ROLLBACK / END."""
        self.aborted = True

    def _after_commit(self) -> None:
        written, self._written = self._written, set()
        if written:
            self.database.after_commit(self, written)

    def close(self) -> None:
        """End the session: roll back an open transaction and drop temp tables."""
        if self.closed:
            return
        with self._lock:
            self.rollback()
            self.closed = True
            try:
                self.cursor.close()
            except duckdb.Error:
                pass
            self.temp.clear()


_END_VERBS = frozenset({"COMMIT", "END", "ROLLBACK", "ABORT"})
_TXN_VERBS = frozenset({"BEGIN", "START", "COMMIT", "END", "ROLLBACK", "ABORT", "VACUUM", "SET", "RESET", "SHOW"})


def _columns(plan: Plan, names: list[str], duck_types: list[str]) -> list[ResultColumn]:
    """Result columns: the inferred Redshift type (varchar(10), numeric(8,2)) when it agrees with DuckDB's."""
    inferred = plan.types or []
    origins = plan.origins if plan.origins is not None and len(plan.origins) == len(names) else [None] * len(names)
    out = []
    for i, (name, dtype) in enumerate(zip(names, duck_types)):
        rs = from_duckdb(dtype)
        guess = inferred[i] if i < len(inferred) else None
        if guess is not None and guess.duckdb() == rs.duckdb().split("(")[0] or (
                guess is not None and guess.duckdb() == dtype):
            rs = guess
        out.append(ResultColumn(name, rs, origins[i]))
    return out


def _bind(plan: Plan, params: Any) -> Any:
    if params is None:
        return None
    if isinstance(params, Mapping):
        missing = [p for p in plan.params if p not in params]
        if missing:
            raise SyntaxError_(f"no value supplied for parameter :{missing[0]}")
        return {k: params[k] for k in plan.params}
    return list(params)


def table_columns(rel: Relation) -> list[ResultColumn]:
    return [ResultColumn(c.name, c.type) for c in rel.columns]

