"""PEP 249 (DB-API 2.0) connection and cursor over a Redshift session.

``paramstyle`` is ``named`` (``:name`` with a mapping) and ``qmark`` (``?``
with a sequence). Results are held as Arrow; ``fetch_arrow_table()`` returns
them without conversion to Python tuples.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import timedelta
from typing import Any

import pyarrow as pa

from .errors import (
    DatabaseError,
    DataError,
    Error,
    IntegrityError,
    InterfaceError,
    InternalError,
    NotSupportedError,
    OperationalError,
    ProgrammingError,
)
from .result import Result
from .session import Session

__all__ = ["Connection", "Cursor", "apilevel", "threadsafety", "paramstyle",
           "Error", "DatabaseError", "DataError", "IntegrityError", "InterfaceError", "InternalError",
           "NotSupportedError", "OperationalError", "ProgrammingError"]

apilevel = "2.0"
threadsafety = 1
paramstyle = "named"


def _pylist(column: pa.ChunkedArray) -> list:
    """Python values of a column; intervals become ``timedelta`` (a month counts 30 days, as Redshift)."""
    if pa.types.is_interval(column.type):
        return [None if v is None else timedelta(days=v.months * 30 + v.days, microseconds=v.nanoseconds // 1000)
                for v in column.to_pylist()]
    return column.to_pylist()


class Connection:
    """A DB-API connection: one Redshift session. ``autocommit`` off means statements open a transaction."""

    Error = Error
    DatabaseError = DatabaseError
    ProgrammingError = ProgrammingError

    def __init__(self, session: Session) -> None:
        self.session = session

    @property
    def autocommit(self) -> bool:
        return self.session.autocommit

    @autocommit.setter
    def autocommit(self, value: bool) -> None:
        if value and self.session.in_transaction:
            self.session.commit()
        self.session.autocommit = value

    def cursor(self) -> Cursor:
        if self.session.closed:
            raise InterfaceError("connection is closed")
        return Cursor(self)

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()

    def close(self) -> None:
        self.session.close()

    @property
    def closed(self) -> bool:
        return self.session.closed

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, exc_type: Any, *rest: Any) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.rollback()
        self.close()


class Cursor:
    """A DB-API cursor. ``description`` uses Redshift type names (``int4``, ``varchar``)."""

    arraysize = 1

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self._result: Result | None = None
        self._pos = 0
        self._rows: list[tuple] | None = None
        self.closed = False

    # -- executing --------------------------------------------------------------------

    def execute(self, operation: str, parameters: Mapping[str, Any] | Sequence[Any] | None = None) -> Cursor:
        """Run ``operation`` (one or more statements); the last statement's result is kept."""
        self._check()
        results = self.connection.session.execute(operation, parameters)
        self._result = results[-1]
        self._pos = 0
        self._rows = None
        return self

    def executemany(self, operation: str, seq_of_parameters: Sequence[Any]) -> Cursor:
        total = 0
        for params in seq_of_parameters:
            self.execute(operation, params)
            total += max(self.rowcount, 0)
        if self._result is not None:
            self._result.rowcount = total
        return self

    # -- results ------------------------------------------------------------------------

    @property
    def description(self) -> list[tuple] | None:
        if self._result is None or self._result.columns is None:
            return None
        return [(c.name, c.type.typname, None, c.type.length, c.type.precision, c.type.scale, None)
                for c in self._result.columns]

    @property
    def rowcount(self) -> int:
        return self._result.rowcount if self._result is not None else -1

    def _table(self) -> pa.Table:
        self._check()
        if self._result is None or self._result.table is None:
            raise ProgrammingError("no result set: the last statement returned no rows")
        return self._result.table

    def _materialize(self) -> list[tuple]:
        if self._rows is None:
            table = self._table()
            columns = [_pylist(col) for col in table.columns]
            self._rows = list(zip(*columns)) if columns else [() for _ in range(table.num_rows)]
        return self._rows

    def fetchone(self) -> tuple | None:
        rows = self._materialize()
        if self._pos >= len(rows):
            return None
        self._pos += 1
        return rows[self._pos - 1]

    def fetchmany(self, size: int | None = None) -> list[tuple]:
        rows = self._materialize()
        n = self.arraysize if size is None else size
        out = rows[self._pos:self._pos + n]
        self._pos += len(out)
        return out

    def fetchall(self) -> list[tuple]:
        rows = self._materialize()
        out = rows[self._pos:]
        self._pos = len(rows)
        return out

    def fetch_arrow_table(self) -> pa.Table:
        """The remaining rows as an Arrow table (no conversion to Python objects)."""
        table = self._table()
        out = table.slice(self._pos)
        self._pos = table.num_rows
        return out

    def __iter__(self) -> Iterator[tuple]:
        while (row := self.fetchone()) is not None:
            yield row

    def setinputsizes(self, sizes: Any) -> None:
        pass

    def setoutputsize(self, size: Any, column: Any = None) -> None:
        pass

    def close(self) -> None:
        self.closed = True

    def _check(self) -> None:
        if self.closed:
            raise InterfaceError("cursor is closed")
        if self.connection.closed:
            raise InterfaceError("connection is closed")

    def __enter__(self) -> Cursor:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
