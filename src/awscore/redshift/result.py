"""Statement results: Redshift column metadata over an Arrow table."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa

from .types import RsType

__all__ = ["ResultColumn", "Result"]


@dataclass(frozen=True, slots=True)
class ResultColumn:
    """One output column: Redshift name and type."""

    name: str
    type: RsType
    #: the table column it reads directly, (schema, table, NOT NULL); None for expressions
    origin: tuple[str, str, bool] | None = None


@dataclass
class Result:
    """What one statement produced: rows (as Arrow) for queries, a row count for DML."""

    columns: list[ResultColumn] | None = None
    table: pa.Table | None = None
    rowcount: int = -1
    command: str = ""
    statement_id: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def has_rows(self) -> bool:
        return self.table is not None
