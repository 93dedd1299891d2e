"""The catalog of one Redshift database: schemas, tables, views and materialized views.

Python is the source of truth for everything Redshift knows about a relation
(types with lengths, DISTSTYLE / DISTKEY / SORTKEY, ENCODE, IDENTITY,
informational constraints); DuckDB only stores rows. DuckDB DDL is generated
here from the model, never from sqlglot's rendering of the user's DDL.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlglot import exp

from .errors import DuplicateSchema, DuplicateTable, InvalidSchemaName
from .types import RsType

__all__ = [
    "DistStyle", "SortStyle", "RelKind", "Column", "Relation", "Catalog", "duck_ident", "duck_schema",
]

#: DuckDB schema names that a Redshift schema of the same name must not collide with
_RESERVED_DUCK = frozenset({"main", "temp", "pg_catalog", "information_schema", "system"})


class DistStyle(StrEnum):
    """Redshift DISTSTYLE values."""

    AUTO = "AUTO"
    EVEN = "EVEN"
    KEY = "KEY"
    ALL = "ALL"


class SortStyle(StrEnum):
    """How a SORTKEY was declared."""

    COMPOUND = "COMPOUND"
    INTERLEAVED = "INTERLEAVED"
    AUTO = "AUTO"


class RelKind(StrEnum):
    """Kinds of relations (``svv_tables.table_type`` spellings)."""

    TABLE = "BASE TABLE"
    VIEW = "VIEW"
    MATERIALIZED_VIEW = "MATERIALIZED VIEW"
    EXTERNAL = "EXTERNAL TABLE"


def duck_schema(schema: str) -> str:
    """The DuckDB schema holding Redshift schema ``schema``'s tables."""
    return f"rs_{schema}" if schema in _RESERVED_DUCK or schema.startswith("rs_") else schema


def duck_ident(name: str) -> str:
    """A quoted DuckDB identifier."""
    return '"' + name.replace('"', '""') + '"'


@dataclass
class Column:
    """A column: its Redshift type and the attributes Redshift records for it."""

    name: str
    type: RsType
    not_null: bool = False
    default: str | None = None  # Redshift SQL of the default expression
    identity: tuple[int, int] | None = None  # (seed, step)
    encoding: str | None = None
    distkey: bool = False
    sortkey_position: int = 0  # 1-based position in the sort key, 0 when not a sort key column
    primary_key: bool = False
    unique: bool = False
    references: str | None = None
    collate: str | None = None


@dataclass
class Relation:
    """A table, view or materialized view of the catalog."""

    schema: str
    name: str
    kind: RelKind
    columns: list[Column]
    owner: str = "awsuser"
    temp: bool = False
    diststyle: DistStyle = DistStyle.AUTO
    distkey: str | None = None
    sortkey: list[str] = field(default_factory=list)
    sortstyle: SortStyle | None = None
    backup: bool = True
    encode_auto: bool = True
    #: views and MVs: the defining Redshift query text
    sql: str | None = None
    late_binding: bool = False
    auto_refresh: bool = False
    table_id: int = 0
    created: float = 0.0
    #: bumped on every data change (MV staleness, SVV_TABLE_INFO)
    data_version: int = 0
    #: MVs: the base tables' versions at the last refresh
    refreshed_versions: dict[tuple[str, str], int] = field(default_factory=dict)
    #: external tables: location and format (an :class:`~.external.ExternalSpec`)
    external: Any = None

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.name}"

    def duck_name(self) -> str:
        """The quoted DuckDB name of the storage table (temp tables live in DuckDB's ``temp``)."""
        if self.temp:
            return f"temp.main.{duck_ident(self.name)}"
        return f"{duck_ident(duck_schema(self.schema))}.{duck_ident(self.name)}"

    def duck_table(self) -> exp.Table:
        """The storage table as a sqlglot node."""
        if self.temp:
            return exp.Table(this=exp.to_identifier(self.name, quoted=True),
                             db=exp.to_identifier("main"), catalog=exp.to_identifier("temp"))
        return exp.Table(this=exp.to_identifier(self.name, quoted=True),
                         db=exp.to_identifier(duck_schema(self.schema), quoted=True))

    def column(self, name: str) -> Column | None:
        for col in self.columns:
            if col.name == name:
                return col
        return None

    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def duckdb_ddl(self, default_sql: dict[str, str] | None = None) -> list[str]:
        """DuckDB statements that create this table's storage (sequence(s), then the table).

        VARCHAR(n) / CHAR(n) lengths become ``CHECK (strlen(col) <= n)`` (bytes, as Redshift
        counts them); NOT NULL and DEFAULT are kept; PK / UNIQUE / FK are not emitted because
        Redshift does not enforce them. ``default_sql`` holds defaults already translated to DuckDB.
        """
        stmts: list[str] = []
        parts: list[str] = []
        prefix = "" if not self.temp else "TEMP "
        for col in self.columns:
            piece = f"{duck_ident(col.name)} {col.type.duckdb()}"
            if col.identity is not None:
                seq = self.identity_sequence(col)
                stmts.append(f"CREATE {prefix}SEQUENCE {seq} START {col.identity[0]} INCREMENT {col.identity[1]} "
                             f"MINVALUE {-(2**63) + 1} MAXVALUE {2**63 - 1}")
                piece += f" DEFAULT nextval('{seq}')"
            elif default_sql and col.name in default_sql:
                piece += f" DEFAULT ({default_sql[col.name]})"
            if col.not_null:
                piece += " NOT NULL"
            if col.type.is_char and col.type.length is not None:
                piece += f" CHECK (strlen({duck_ident(col.name)}) <= {col.type.length})"
            if col.collate and col.collate.upper() == "CASE_INSENSITIVE":
                piece += " COLLATE NOCASE"
            parts.append(piece)
        stmts.append(f"CREATE {prefix}TABLE {self.duck_name()} ({', '.join(parts)})")
        return stmts

    def identity_sequence(self, col: Column) -> str:
        base = f"{self.name}__{col.name}__seq"
        if self.temp:
            return duck_ident(base)
        return f"{duck_ident(duck_schema(self.schema))}.{duck_ident(base)}"


class Catalog:
    """Schemas and relations of one database. Not thread-safe by itself: the Database locks it."""

    def __init__(self) -> None:
        self.schemas: dict[str, str] = {"public": "rdsdb"}  # name -> owner
        self.relations: dict[tuple[str, str], Relation] = {}
        #: bumped on every DDL; part of the translation cache key
        self.epoch = 0
        self._next_id = 100_000

    def snapshot(self) -> Catalog:
        """A deep copy (for transaction rollback and cluster snapshots)."""
        return copy.deepcopy(self)

    def next_table_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def create_schema(self, name: str, owner: str, *, if_not_exists: bool = False) -> bool:
        if name in self.schemas:
            if if_not_exists:
                return False
            raise DuplicateSchema(f'Schema "{name}" already exists')
        self.schemas[name] = owner
        self.epoch += 1
        return True

    def require_schema(self, name: str) -> None:
        if name not in self.schemas:
            raise InvalidSchemaName(f'schema "{name}" does not exist')

    def add(self, rel: Relation) -> None:
        key = (rel.schema, rel.name)
        self.require_schema(rel.schema)
        if key in self.relations:
            raise DuplicateTable(f'relation "{rel.name}" already exists')
        rel.table_id = rel.table_id or self.next_table_id()
        self.relations[key] = rel
        self.epoch += 1

    def remove(self, schema: str, name: str) -> Relation:
        rel = self.relations.pop((schema, name))
        self.epoch += 1
        return rel

    def get(self, schema: str, name: str) -> Relation | None:
        return self.relations.get((schema, name))

    def in_schema(self, schema: str) -> list[Relation]:
        return [r for (s, _), r in sorted(self.relations.items()) if s == schema]
