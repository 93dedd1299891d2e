"""DuckDB exceptions translated into Redshift's errors (message text and SQLSTATE)."""

from __future__ import annotations

import duckdb

from .catalog import Relation
from .errors import (
    DataError,
    DatetimeFieldOverflow,
    DivisionByZero,
    InternalError,
    InvalidTextRepresentation,
    InvalidTransactionState,
    NotNullViolation,
    NumericValueOutOfRange,
    OperationalError,
    SQLError,
    StringDataRightTruncation,
    SyntaxError_,
    UndefinedColumn,
    UndefinedFunction,
    UndefinedTable,
)

__all__ = ["translate_error"]

#: DuckDB's integer widths as Redshift's overflow messages name them
_OVERFLOW_NAMES = {"INT16": "smallint", "INT32": "integer", "INT64": "bigint"}

_INT_NAMES = {"INT16": "smallint", "INT32": "integer", "INT64": "bigint", "DOUBLE": "double precision",
              "FLOAT": "real", "DATE": "date", "TIMESTAMP": "timestamp", "BOOL": "boolean"}


def _between(text: str, start: str, end: str) -> str | None:
    i = text.find(start)
    if i < 0:
        return None
    i += len(start)
    j = text.find(end, i)
    return text[i:j] if j >= 0 else text[i:]


def translate_error(exc: duckdb.Error, relations: list[Relation] | None = None) -> SQLError:
    """The Redshift error a DuckDB error stands for (``InternalError`` when unrecognised)."""
    msg = str(exc).split("\n", 1)[0]
    body = msg.split(": ", 1)[1] if ": " in msg else msg
    relations = relations or []
    if isinstance(exc, duckdb.ConstraintException):
        if "NOT NULL constraint failed" in msg:
            col = msg.rsplit(".", 1)[-1].strip()
            return NotNullViolation(f"Cannot insert a NULL value into column {col}")
        if "CHECK constraint failed" in msg:
            col = _between(msg, "strlen(", ")")
            if col is not None:
                col = col.strip('"')
                for rel in relations:
                    c = rel.column(col)
                    if c is not None and c.type.is_char:
                        kind = "character varying" if c.type.name.value.endswith("varying") else "character"
                        return StringDataRightTruncation(f"value too long for type {kind}({c.type.length})")
        return DataError(body)
    if isinstance(exc, duckdb.InvalidInputException):
        if "division by zero" in msg:
            return DivisionByZero("division by zero")
        return DataError(body)
    if isinstance(exc, duckdb.ConversionException):
        if "field value out of range" in msg:
            bad = _between(msg, ': "', '"')
            return DatetimeFieldOverflow(f'date/time field value out of range: "{bad}"' if bad is not None
                                         else "date/time field value out of range")
        if msg.find("Could not cast value") >= 0 and "to DECIMAL" in msg:
            return NumericValueOutOfRange("Numeric data overflow (result precision)")
        value = _between(msg, "string '", "' to ")
        target = _between(msg, "' to ", "\n") or ""
        target = (target.strip().split() or [""])[0].rstrip(".")  # "INT32 when casting from source column b"
        if value is not None:
            tname = _INT_NAMES.get(target, target.lower())
            return InvalidTextRepresentation(f'invalid input syntax for {tname}: "{value}"')
        return DataError(body)
    if isinstance(exc, duckdb.OutOfRangeException):
        width = _between(msg, "Overflow in ", " (")
        kind = _OVERFLOW_NAMES.get((width or "").rsplit(" ", 1)[-1])
        if kind is not None:
            return NumericValueOutOfRange(f"{kind} out of range")
        return DataError(f"Numeric data overflow: {body}")
    if isinstance(exc, duckdb.BinderException):
        col = _between(msg, 'Referenced column "', '"')
        if col is not None:
            return UndefinedColumn(f'column "{col}" does not exist')
        table = _between(msg, 'Table "', '" does not have a column named "')
        if table is not None:
            missing = _between(msg, 'column named "', '"')
            return UndefinedColumn(f"column {table}.{missing} does not exist")
        col = _between(msg, 'Column "', '" referenced that exists in the SELECT clause')
        if col is not None:
            return UndefinedColumn(f'column "{col}" does not exist')
        if "No function matches" in msg:
            sig = _between(msg, "argument types '", "'") or ""
            name, _, args = sig.partition("(")
            args = args.rstrip(")").replace("INTEGER_LITERAL", "integer").replace("STRING_LITERAL", "unknown")
            if name and not name[0].isalpha() and args.count(",") == 1:
                left, right = (a.strip().lower() for a in args.split(","))
                return UndefinedFunction(f"operator does not exist: {left} {name} {right}")
            return UndefinedFunction(f"function {name.lower()}({args.lower()}) does not exist")
        return SyntaxError_(body)
    if isinstance(exc, duckdb.CatalogException):
        name = _between(msg, "with name ", " does not exist")
        if name is not None and "Table" in msg:
            return UndefinedTable(f'relation "{name}" does not exist')
        if "Function" in msg or "function" in msg:
            fn = _between(msg, "with name ", " does not exist") or body
            return UndefinedFunction(f"function {fn} does not exist")
        return SyntaxError_(body)
    if isinstance(exc, duckdb.ParserException):
        near = _between(msg, 'at or near "', '"')
        return SyntaxError_(f'syntax error at or near "{near}"' if near else body)
    if isinstance(exc, duckdb.TransactionException):
        if "aborted" in msg:
            return InvalidTransactionState(
                "current transaction is aborted, commands ignored until end of transaction block")
        if "conflict" in msg.lower():
            names = ", ".join(r.name for r in relations) or "?"
            return OperationalError(f"1023 Serializable isolation violation on table - {names}")
        return OperationalError(body)
    return InternalError(body)
