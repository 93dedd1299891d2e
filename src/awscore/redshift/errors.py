"""Redshift errors: SQL errors with Redshift's message text and SQLSTATE, and API error codes.

SQL errors (what a Redshift session reports) subclass :class:`SQLError`; their
``message`` is Redshift's text (``relation "x" does not exist``) and
``sqlstate`` the five-character PostgreSQL code. The Data API reports them as
``ERROR: <message>`` in ``DescribeStatement.Error``; DB-API callers catch them
as :class:`DatabaseError` subclasses (PEP 249 names are aliases below).
"""

from __future__ import annotations

from typing import ClassVar

from ..core.errors import (
    ConflictError,
    InvalidInputError,
    NotFoundError,
    ResourceNotFoundException,
    ServerError,
    ValidationException,
)

__all__ = [
    "SQLError", "SyntaxError_", "UndefinedTable", "UndefinedColumn", "UndefinedFunction",
    "UndefinedObject", "DuplicateObject", "DuplicateTable", "DuplicateSchema", "InvalidSchemaName",
    "DivisionByZero", "StringDataRightTruncation", "NumericValueOutOfRange", "DatetimeFieldOverflow", "NotNullViolation", "InvalidTextRepresentation",
    "DatatypeMismatch", "FeatureNotSupported", "InsufficientPrivilege", "ActiveSqlTransaction",
    "InvalidTransactionState", "DependentObjectsStillExist", "LoadError", "InternalError",
    "Error", "DatabaseError", "ProgrammingError", "DataError", "IntegrityError", "OperationalError",
    "NotSupportedError", "InterfaceError", "InvalidParameterValue", "ObjectInUse", "InvalidGrantOperation",
    "ValidationException", "ResourceNotFoundException", "ExecuteStatementException",
    "ActiveStatementsExceededException", "BatchExecuteStatementException", "DatabaseConnectionException",
    "ClusterNotFoundFault", "ClusterAlreadyExistsFault", "InvalidClusterStateFault",
    "ClusterSnapshotNotFoundFault", "ClusterSnapshotAlreadyExistsFault", "ConflictException",
    "InvalidParameterValueException", "UnsupportedOperationFault",
]


class SQLError(InvalidInputError):
    """An error a Redshift SQL statement raises: Redshift's message and its SQLSTATE."""

    sqlstate: ClassVar[str] = "XX000"

    def __init__(self, message: str, *, position: int | None = None) -> None:
        super().__init__(message)
        #: 1-based character position of the offending text, when known
        self.position = position

    def __str__(self) -> str:
        return f"ERROR: {self.message}"

    @property
    def pgerror(self) -> str:
        """The text Redshift clients show (``ERROR: ...``)."""
        return f"ERROR: {self.message}"


# PEP 249 hierarchy, as names over SQLError kinds
Error = SQLError
DatabaseError = SQLError


class ProgrammingError(SQLError):
    """Bad SQL: syntax, unknown objects, privileges (SQLSTATE classes 42, 3F)."""

    sqlstate = "42000"


class DataError(SQLError):
    """Bad data: division by zero, value too long, bad input syntax (class 22)."""

    sqlstate = "22000"


class IntegrityError(SQLError):
    """A constraint Redshift enforces (NOT NULL) was violated (class 23)."""

    sqlstate = "23000"


class OperationalError(SQLError):
    """The statement cannot run in the session's current state (class 25, 57)."""

    sqlstate = "25000"


class NotSupportedError(SQLError):
    """A feature Redshift (or awscore) does not support (0A000)."""

    sqlstate = "0A000"


class InterfaceError(SQLError):
    """Misuse of the DB-API objects (closed cursor, no result set)."""

    sqlstate = "HY000"


class InternalError(SQLError):
    """An internal error (XX000)."""

    sqlstate = "XX000"


class SyntaxError_(ProgrammingError):  # noqa: N801 - the builtin name is taken
    """``syntax error at or near "x"`` (42601)."""

    code = "SyntaxError"
    sqlstate = "42601"


class UndefinedTable(ProgrammingError):
    """``relation "x" does not exist`` (42P01)."""

    sqlstate = "42P01"


class UndefinedColumn(ProgrammingError):
    """``column "x" does not exist`` (42703)."""

    sqlstate = "42703"


class UndefinedFunction(ProgrammingError):
    """``function f(...) does not exist`` (42883)."""

    sqlstate = "42883"


class UndefinedObject(ProgrammingError):
    """An unknown named object: user, policy, setting (42704)."""

    sqlstate = "42704"


class DuplicateObject(ProgrammingError):
    """The object already exists (42710)."""

    sqlstate = "42710"


class DuplicateTable(ProgrammingError):
    """``relation "x" already exists`` (42P07)."""

    sqlstate = "42P07"


class DuplicateSchema(ProgrammingError):
    """``Schema "x" already exists`` (42P06)."""

    sqlstate = "42P06"


class InvalidSchemaName(ProgrammingError):
    """``schema "x" does not exist`` (3F000)."""

    sqlstate = "3F000"


class InsufficientPrivilege(ProgrammingError):
    """``permission denied for relation x`` (42501)."""

    sqlstate = "42501"


class InvalidParameterValue(ProgrammingError):
    """A statement option with a bad value (password rules, reserved names): 22023."""

    sqlstate = "22023"


class InvalidGrantOperation(ProgrammingError):
    """A grant Redshift refuses by its shape (grant option to a group, a role cycle): 0LP01."""

    sqlstate = "0LP01"


class ObjectInUse(OperationalError):
    """An object still needed by another (a user owning objects, a policy's lookup table): 55006."""

    sqlstate = "55006"


class DatatypeMismatch(ProgrammingError):
    """Incompatible types in an expression or assignment (42804)."""

    sqlstate = "42804"


class DependentObjectsStillExist(ProgrammingError):
    """A drop that other objects depend on (2BP01)."""

    sqlstate = "2BP01"


class DivisionByZero(DataError):
    """``division by zero`` (22012)."""

    sqlstate = "22012"


class StringDataRightTruncation(DataError):
    """``value too long for type character varying(5)`` (22001)."""

    sqlstate = "22001"


class NumericValueOutOfRange(DataError):
    """``integer out of range`` / ``Numeric data overflow (result precision)`` (22003)."""

    sqlstate = "22003"


class DatetimeFieldOverflow(DataError):
    """``date/time field value out of range: "2024-13-01"`` (22008)."""

    sqlstate = "22008"


class InvalidTextRepresentation(DataError):
    """``invalid input syntax for integer: "x"`` (22P02)."""

    sqlstate = "22P02"


class NotNullViolation(IntegrityError):
    """``Cannot insert a NULL value into column x`` (23502)."""

    sqlstate = "23502"


class FeatureNotSupported(NotSupportedError):
    """A Redshift feature awscore does not implement, or a DuckDB-only statement (0A000)."""


class ActiveSqlTransaction(OperationalError):
    """``VACUUM cannot run inside a transaction block`` (25001)."""

    sqlstate = "25001"


class InvalidTransactionState(OperationalError):
    """The transaction is aborted; commands are ignored until the end of the block (25P02)."""

    sqlstate = "25P02"


class LoadError(InternalError):
    """``Load into table 'x' failed. Check 'sys_load_error_detail' system table for details.``"""


# ---- redshift-data API codes ----------------------------------------------


class ExecuteStatementException(ServerError):
    """The SQL statement could not be run (redshift-data)."""


class BatchExecuteStatementException(ServerError):
    """The batch could not be run (redshift-data)."""


class ActiveStatementsExceededException(ConflictError):
    """Too many statements are running (redshift-data)."""


class DatabaseConnectionException(ServerError):
    """The database could not be reached (redshift-data)."""


# ---- redshift control-plane codes (query protocol: Code differs from class name) --


class ClusterNotFoundFault(NotFoundError):
    """``Cluster <id> not found.`` (``ClusterNotFound``, 404)."""

    code = "ClusterNotFound"
    status = 404


class ClusterAlreadyExistsFault(ConflictError):
    """``Cluster already exists`` (``ClusterAlreadyExists``)."""

    code = "ClusterAlreadyExists"


class InvalidClusterStateFault(ConflictError):
    """The cluster is not in a state that allows the request (``InvalidClusterState``)."""

    code = "InvalidClusterState"


class ClusterSnapshotNotFoundFault(NotFoundError):
    """``Snapshot <id> not found.`` (``ClusterSnapshotNotFound``, 404)."""

    code = "ClusterSnapshotNotFound"
    status = 404


class ClusterSnapshotAlreadyExistsFault(ConflictError):
    """The snapshot identifier is taken (``ClusterSnapshotAlreadyExists``)."""

    code = "ClusterSnapshotAlreadyExists"


class InvalidParameterValueException(InvalidInputError):
    """A parameter value is not valid (``InvalidParameterValue``)."""

    code = "InvalidParameterValue"


class UnsupportedOperationFault(InvalidInputError):
    """The requested operation is not supported (``UnsupportedOperation``)."""

    code = "UnsupportedOperation"


# ---- redshift-serverless ----------------------------------------------------


class ConflictException(ConflictError):
    """The resource exists or is busy (redshift-serverless)."""

