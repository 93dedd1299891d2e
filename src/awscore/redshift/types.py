"""Redshift data types: the catalog's typed view of a column.

A :class:`RsType` is built from sqlglot's ``DataType`` node (or a DuckDB type
name for result columns) and knows its DuckDB storage type, its
``format_type`` spelling (``character varying(5)``, what PG_TABLE_DEF shows)
and its short ``typname`` (``varchar``, what the Data API's ColumnMetadata
reports). VARCHAR without a length is 256 bytes, VARCHAR(MAX) 65535;
CHAR without a length is 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlglot import exp

from .errors import FeatureNotSupported

__all__ = ["TypeName", "RsType", "from_datatype", "from_duckdb", "INTEGER_TYPES", "CHAR_TYPES"]

VARCHAR_MAX = 65535
VARCHAR_DEFAULT = 256


class TypeName(StrEnum):
    """Redshift's canonical type names (as ``format_type`` spells them)."""

    SMALLINT = "smallint"
    INTEGER = "integer"
    BIGINT = "bigint"
    NUMERIC = "numeric"
    REAL = "real"
    DOUBLE = "double precision"
    BOOLEAN = "boolean"
    CHAR = "character"
    VARCHAR = "character varying"
    DATE = "date"
    TIMESTAMP = "timestamp without time zone"
    TIMESTAMPTZ = "timestamp with time zone"
    TIME = "time without time zone"
    TIMETZ = "time with time zone"
    SUPER = "super"
    VARBYTE = "varbyte"
    INTERVAL = "interval"


INTEGER_TYPES = frozenset({TypeName.SMALLINT, TypeName.INTEGER, TypeName.BIGINT})
CHAR_TYPES = frozenset({TypeName.CHAR, TypeName.VARCHAR})

_DUCKDB = {
    TypeName.SMALLINT: "SMALLINT", TypeName.INTEGER: "INTEGER", TypeName.BIGINT: "BIGINT",
    TypeName.REAL: "FLOAT", TypeName.DOUBLE: "DOUBLE", TypeName.BOOLEAN: "BOOLEAN",
    TypeName.CHAR: "VARCHAR", TypeName.VARCHAR: "VARCHAR", TypeName.DATE: "DATE",
    TypeName.TIMESTAMP: "TIMESTAMP", TypeName.TIMESTAMPTZ: "TIMESTAMPTZ", TypeName.TIME: "TIME",
    TypeName.TIMETZ: "TIMETZ", TypeName.SUPER: "JSON", TypeName.VARBYTE: "BLOB",
    TypeName.INTERVAL: "INTERVAL",
}

_TYPNAME = {
    TypeName.SMALLINT: "int2", TypeName.INTEGER: "int4", TypeName.BIGINT: "int8",
    TypeName.NUMERIC: "numeric", TypeName.REAL: "float4", TypeName.DOUBLE: "float8",
    TypeName.BOOLEAN: "bool", TypeName.CHAR: "bpchar", TypeName.VARCHAR: "varchar",
    TypeName.DATE: "date", TypeName.TIMESTAMP: "timestamp", TypeName.TIMESTAMPTZ: "timestamptz",
    TypeName.TIME: "time", TypeName.TIMETZ: "timetz", TypeName.SUPER: "super",
    TypeName.VARBYTE: "varbyte", TypeName.INTERVAL: "interval",
}

_FROM_SQLGLOT = {
    exp.DType.SMALLINT: TypeName.SMALLINT, exp.DType.TINYINT: TypeName.SMALLINT,
    exp.DType.INT: TypeName.INTEGER, exp.DType.BIGINT: TypeName.BIGINT,
    exp.DType.DECIMAL: TypeName.NUMERIC, exp.DType.FLOAT: TypeName.REAL,
    exp.DType.DOUBLE: TypeName.DOUBLE, exp.DType.BOOLEAN: TypeName.BOOLEAN,
    exp.DType.CHAR: TypeName.CHAR, exp.DType.NCHAR: TypeName.CHAR, exp.DType.BPCHAR: TypeName.CHAR,
    exp.DType.VARCHAR: TypeName.VARCHAR, exp.DType.NVARCHAR: TypeName.VARCHAR,
    exp.DType.TEXT: TypeName.VARCHAR, exp.DType.DATE: TypeName.DATE,
    exp.DType.TIMESTAMP: TypeName.TIMESTAMP, exp.DType.DATETIME: TypeName.TIMESTAMP,
    exp.DType.TIMESTAMPNTZ: TypeName.TIMESTAMP,
    exp.DType.TIMESTAMPTZ: TypeName.TIMESTAMPTZ, exp.DType.TIME: TypeName.TIME,
    exp.DType.TIMETZ: TypeName.TIMETZ, exp.DType.SUPER: TypeName.SUPER,
    exp.DType.JSON: TypeName.SUPER, exp.DType.VARBINARY: TypeName.VARBYTE,
    exp.DType.BINARY: TypeName.VARBYTE, exp.DType.INTERVAL: TypeName.INTERVAL,
}

_FROM_DUCKDB = {
    "SMALLINT": TypeName.SMALLINT, "TINYINT": TypeName.SMALLINT, "INTEGER": TypeName.INTEGER,
    "BIGINT": TypeName.BIGINT, "HUGEINT": TypeName.NUMERIC, "UTINYINT": TypeName.SMALLINT,
    "USMALLINT": TypeName.INTEGER, "UINTEGER": TypeName.BIGINT, "UBIGINT": TypeName.NUMERIC,
    "FLOAT": TypeName.REAL, "DOUBLE": TypeName.DOUBLE, "BOOLEAN": TypeName.BOOLEAN,
    "VARCHAR": TypeName.VARCHAR, "DATE": TypeName.DATE, "TIMESTAMP": TypeName.TIMESTAMP,
    "TIMESTAMP_S": TypeName.TIMESTAMP, "TIMESTAMP_MS": TypeName.TIMESTAMP, "TIMESTAMP_NS": TypeName.TIMESTAMP,
    "TIMESTAMP WITH TIME ZONE": TypeName.TIMESTAMPTZ, "TIME": TypeName.TIME,
    "TIME WITH TIME ZONE": TypeName.TIMETZ, "JSON": TypeName.SUPER, "BLOB": TypeName.VARBYTE,
    "INTERVAL": TypeName.INTERVAL, "UUID": TypeName.VARCHAR,
}


@dataclass(frozen=True, slots=True)
class RsType:
    """One Redshift column type: name plus length (char types) or precision/scale (numeric)."""

    name: TypeName
    length: int | None = None
    precision: int | None = None
    scale: int | None = None

    @property
    def is_integer(self) -> bool:
        return self.name in INTEGER_TYPES

    @property
    def is_char(self) -> bool:
        return self.name in CHAR_TYPES

    def duckdb(self) -> str:
        """The DuckDB storage type (lengths are enforced by CHECK constraints, not the type)."""
        if self.name is TypeName.NUMERIC:
            return f"DECIMAL({self.precision},{self.scale})"
        return _DUCKDB[self.name]

    def format_type(self) -> str:
        """PostgreSQL ``format_type`` spelling: ``character varying(5)``, ``numeric(18,0)``."""
        if self.is_char:
            return f"{self.name}({self.length})"
        if self.name is TypeName.NUMERIC:
            return f"numeric({self.precision},{self.scale})"
        return str(self.name)

    @property
    def typname(self) -> str:
        """The short ``pg_type.typname`` (Data API ``typeName``): ``int4``, ``varchar``."""
        return _TYPNAME[self.name]

    def sqlglot(self) -> exp.DataType:
        """A DuckDB-ready sqlglot DataType for casts."""
        return exp.DataType.build(self.duckdb(), dialect="duckdb")

    def __str__(self) -> str:
        return self.format_type()


def _params(node: exp.DataType) -> list[str]:
    out = []
    for p in node.expressions:
        inner = p.this if isinstance(p, exp.DataTypeParam) else p
        out.append(inner.name.upper() if isinstance(inner, exp.Expression) else str(inner))
    return out


def from_datatype(node: exp.DataType) -> RsType:
    """The Redshift type a parsed DataType names; FeatureNotSupported for types awscore lacks."""
    name = _FROM_SQLGLOT.get(node.this)
    if name is None:
        raise FeatureNotSupported(f'type "{node.sql("redshift").lower()}" is not supported by awscore')
    params = _params(node)
    if name in CHAR_TYPES:
        if node.this is exp.DType.TEXT and not params:
            return RsType(TypeName.VARCHAR, VARCHAR_DEFAULT)
        if params and params[0] == "MAX":
            return RsType(name, VARCHAR_MAX if name is TypeName.VARCHAR else 4096)
        length = int(params[0]) if params else (1 if name is TypeName.CHAR else VARCHAR_DEFAULT)
        return RsType(name, length)
    if name is TypeName.NUMERIC:
        precision = int(params[0]) if params else 18
        scale = int(params[1]) if len(params) > 1 else 0
        if not 1 <= precision <= 38:
            raise InvalidNumericPrecision(f"NUMERIC precision {precision} must be between 1 and 38")
        return RsType(name, precision=precision, scale=scale)
    return RsType(name)


def parse_type(text: str) -> RsType:
    """The RsType of a Redshift type spelling (``'varchar(10)'``)."""
    return from_datatype(exp.DataType.build(text, dialect="redshift"))


def from_duckdb(type_name: str) -> RsType:
    """The Redshift type of a DuckDB result column type (``DECIMAL(18,3)`` -> numeric(18,3))."""
    upper = type_name.upper()
    if upper.startswith("DECIMAL"):
        inner = upper[upper.index("(") + 1: upper.rindex(")")].split(",")
        return RsType(TypeName.NUMERIC, precision=int(inner[0]), scale=int(inner[1]))
    name = _FROM_DUCKDB.get(upper)
    if name is None:
        return RsType(TypeName.VARCHAR, VARCHAR_MAX)
    if name is TypeName.VARCHAR:
        return RsType(name, VARCHAR_MAX)
    return RsType(name)


class InvalidNumericPrecision(FeatureNotSupported):
    """NUMERIC precision outside 1..38."""

    sqlstate = "22023"
