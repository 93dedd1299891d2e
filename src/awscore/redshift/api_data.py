"""The ``redshift-data`` API: ExecuteStatement, DescribeStatement, GetStatementResult(V2) and friends.

Results are paged from Arrow (one page converted at a time, never the whole
result) into AWS's typed ``Field`` records: integers as ``longValue``, floats as
``doubleValue``, booleans as ``booleanValue``, VARBYTE as ``blobValue``, NULL
as ``isNull`` and everything else (NUMERIC, dates, timestamps, SUPER) as
``stringValue``.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import re
from datetime import date, datetime, time
from decimal import Decimal
from fnmatch import fnmatchcase
from typing import Any

import pyarrow as pa

from ..clock import to_datetime
from ..core.registry import RequestContext, ServiceAPI
from ..core.validation import Validator
from .catalog import RelKind
from .control import RedshiftState
from .dataapi import Statement, StatementStatus
from .errors import SQLError, ValidationException
from .result import ResultColumn
from .shapes_data import OPERATIONS, SHAPES

__all__ = ["api", "PAGE_ROWS"]

#: the statement-id pattern the Data API checks itself (its own message, not the model's generic one)
_ID_PATTERN = r"^[a-z0-9]{8}(-[a-z0-9]{4}){3}-[a-z0-9]{12}(:\d+)?$"
_ID_OPERATIONS = frozenset({"DescribeStatement", "GetStatementResult", "GetStatementResultV2", "CancelStatement"})


class _DataValidator(Validator):
    """The model's constraints, except that a malformed statement ``Id`` gets the Data API's own text."""

    def validate(self, operation: str, params: Any) -> None:
        if operation in _ID_OPERATIONS and isinstance(params.get("Id"), str) \
                and not re.match(_ID_PATTERN, params["Id"]):
            raise ValidationException(f"id must satisfy regex pattern: {_ID_PATTERN}")
        super().validate(operation, params)


api = ServiceAPI("redshift-data", validator=_DataValidator(SHAPES, OPERATIONS))

#: rows per GetStatementResult page
PAGE_ROWS = 1000

_LONG = frozenset({"int2", "int4", "int8"})
_DOUBLE = frozenset({"float4", "float8"})
_LENGTHS = {"int2": 5, "int4": 10, "int8": 19, "float4": 8, "float8": 17, "bool": 1, "date": 13,
            "timestamp": 29, "timestamptz": 35, "time": 15, "timetz": 21}


def _state(ctx: RequestContext) -> RedshiftState:
    return ctx.backend


def _token(offset: int) -> str:
    return base64.b64encode(json.dumps({"offset": offset}).encode()).decode()


def _offset(token: str | None) -> int:
    if not token:
        return 0
    try:
        value = json.loads(base64.b64decode(token))["offset"]
        if isinstance(value, int) and value >= 0:
            return value
    except (ValueError, KeyError, TypeError):
        pass
    raise ValidationException("The NextToken is invalid.")


def _user(params: dict[str, Any], is_workgroup: bool, engine: Any) -> str:
    if params.get("DbUser"):
        return str(params["DbUser"]).lower()
    if params.get("SecretArn"):
        return engine.master_username
    # neither: the caller's IAM identity (IAM:<name> / IAMR:<role> in Redshift), mapped to the admin in awscore
    return engine.master_username


def _summary(stmt: Statement) -> dict[str, Any]:
    out: dict[str, Any] = {"Id": stmt.id, "CreatedAt": to_datetime(stmt.created)}
    if stmt.is_workgroup:
        out["WorkgroupName"] = stmt.target
    else:
        out["ClusterIdentifier"] = stmt.target
    out["Database"] = stmt.database
    if stmt.db_user:
        out["DbUser"] = stmt.db_user
    if stmt.secret_arn:
        out["SecretArn"] = stmt.secret_arn
    if stmt.session_id:
        out["SessionId"] = stmt.session_id
    return out


def _run(ctx: RequestContext, params: dict[str, Any], sqls: list[str], batch: bool) -> dict[str, Any]:
    state = _state(ctx)
    if params.get("SessionId") and (params.get("ClusterIdentifier") or params.get("WorkgroupName")):
        raise ValidationException("SessionId cannot be used with ClusterIdentifier or WorkgroupName.")
    if params.get("SessionId"):
        ds = state.data.sessions.get(params["SessionId"])
        if ds is None:
            raise ValidationException(f"Session {params['SessionId']} is not available.")
        engine, target, is_wg = ds.session.cluster, ds.target, ds.target in state.workgroups
        database = ds.session.database.name
        user = ds.session.user
    else:
        if params.get("ClusterIdentifier") and params.get("WorkgroupName"):
            raise ValidationException("ClusterIdentifier and WorkgroupName are mutually exclusive.")
        engine, target, is_wg = state.engine_for(cluster=params.get("ClusterIdentifier"),
                                                 workgroup=params.get("WorkgroupName"))
        database = params.get("Database")
        if not database:
            raise ValidationException("Database must be specified.")
        user = _user(params, is_wg, engine)
        if database.lower() not in engine.databases:
            stmt = state.data.failed(target=target, is_workgroup=is_wg, sqls=sqls, database=database,
                                     db_user=params.get("DbUser"), secret_arn=params.get("SecretArn"),
                                     error=f'FATAL: database "{database}" does not exist', batch=batch,
                                     name=params.get("StatementName"))
            return _summary(stmt)
    stmt = state.data.execute(
        engine, target=target, is_workgroup=is_wg, sqls=sqls, database=database, user=user,
        db_user=params.get("DbUser"), secret_arn=params.get("SecretArn"),
        parameters=params.get("Parameters"), name=params.get("StatementName"),
        result_format=params.get("ResultFormat", "JSON"), session_id=params.get("SessionId"),
        keep_alive=params.get("SessionKeepAliveSeconds"), batch=batch)
    return _summary(stmt)


@api.operation("ExecuteStatement")
def execute_statement(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """Run one SQL statement; its outcome is read with DescribeStatement / GetStatementResult."""
    params = dict(params)
    if params.get("Parameters"):
        params["Parameters"] = [dict(p) for p in params["Parameters"]]
    return _run(ctx, params, [params["Sql"]], batch=False)


@api.operation("BatchExecuteStatement")
def batch_execute_statement(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """Run several statements in one transaction; sub-statement ids are ``<id>:<n>``."""
    return _run(ctx, dict(params), list(params["Sqls"]), batch=True)


def _describe(stmt: Statement) -> dict[str, Any]:
    out: dict[str, Any] = {
        "Id": stmt.id,
        "Status": str(stmt.status),
        "CreatedAt": to_datetime(stmt.created),
        "UpdatedAt": to_datetime(stmt.updated),
        "Duration": stmt.duration_ns,
        "HasResultSet": any(s.has_result_set for s in stmt.subs) if stmt.is_batch else stmt.has_result_set,
        "ResultRows": stmt.result_rows,
        "ResultSize": stmt.result_size,
        "RedshiftPid": stmt.pid,
        "RedshiftQueryId": stmt.query_id,
        "Database": stmt.database,
        "ResultFormat": stmt.result_format,
    }
    if not stmt.is_batch:  # a batch's parent carries no QueryString; its sub-statements do
        out["QueryString"] = stmt.sql
    out.update({k: v for k, v in _summary(stmt).items() if k not in ("CreatedAt",)})
    if stmt.error:
        out["Error"] = stmt.error
    if stmt.parameters:
        out["QueryParameters"] = [dict(p) for p in stmt.parameters]
    if stmt.subs:
        out["SubStatements"] = [{
            "Id": s.id, "Status": str(s.status), "CreatedAt": to_datetime(s.created),
            "UpdatedAt": to_datetime(s.updated), "Duration": s.duration_ns, "QueryString": s.sql,
            "ResultRows": s.result_rows, "ResultSize": s.result_size, "RedshiftQueryId": s.query_id,
            "HasResultSet": s.has_result_set, **({"Error": s.error} if s.error else {}),
        } for s in stmt.subs]
    return out


@api.operation("DescribeStatement")
def describe_statement(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """Status, timings, row counts and error of a statement (batch: with SubStatements)."""
    return _describe(_state(ctx).data.get(params["Id"]))


@api.operation("CancelStatement")
def cancel_statement(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """Cancel a running statement (finished ones: ValidationException)."""
    _state(ctx).data.cancel(params["Id"])
    return {"Status": True}


def _column_metadata(columns: list[ResultColumn], *, describe: bool = False) -> list[dict[str, Any]]:
    """AWS's ColumnMetadata. In results ``length`` is always 0 and ``precision`` carries the size (CHAR(n): n);
    DescribeTable reports ``length`` too and has no ``label``."""
    out = []
    for col in columns:
        t = col.type
        name = t.typname
        length = t.length if t.length is not None else _LENGTHS.get(name, t.precision or 0)
        precision = t.length if t.is_char else (t.precision if t.precision is not None else _LENGTHS.get(name, 0))
        out.append({
            "isCaseSensitive": t.is_char,
            "isCurrency": False,
            "isSigned": name in _LONG or name in _DOUBLE or name == "numeric",
            "label": col.name,
            "name": col.name,
            "nullable": 0 if col.origin is not None and col.origin[2] else 1,
            "precision": precision or 0,
            "scale": t.scale or (6 if name.startswith("timestamp") else 0),
            "schemaName": col.origin[0] if col.origin is not None else "",
            "tableName": col.origin[1] if col.origin is not None else "",
            "typeName": name,
            "length": (length or 0) if describe else 0,
        })
        if describe:
            del out[-1]["label"]
    return out


def _text(value: Any) -> str:
    """Redshift's text form: timestamps without trailing fractional zeros, ``+00`` for TIMESTAMPTZ."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        text = value.replace(tzinfo=None).isoformat(sep=" ")
        if value.tzinfo is not None:
            return (text.rstrip("0").rstrip(".") if "." in text else text) + "+00"
        # TIMESTAMP as the Data API prints it (Java's Timestamp text): trailing zeros trimmed, at least ".0"
        return text.rstrip("0") if "." in text else text + ".0"
    if isinstance(value, (date, time, Decimal)):
        return str(value)
    return str(value)


def _strings(arr: pa.ChunkedArray, values: list[Any] | None) -> list[str | None]:
    """Text of a column: strings, decimals and dates converted by Arrow (vectorized), others in Python."""
    t = arr.type
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return arr.to_pylist()
    if pa.types.is_decimal(t) or pa.types.is_date(t):
        return arr.cast(pa.string()).to_pylist()
    return [None if v is None else _text(v) for v in (values if values is not None else arr.to_pylist())]


def _fields(page: pa.Table, columns: list[ResultColumn]) -> list[list[dict[str, Any]]]:
    converted = []
    for col, arr in zip(columns, page.columns):
        name = col.type.typname
        values = arr.to_pylist() if name in _LONG or name in _DOUBLE or name in ("bool", "varbyte") else None
        if name in _LONG:
            cells = [{"isNull": True} if v is None else {"longValue": int(v)} for v in values]
        elif name in _DOUBLE:
            cells = [{"isNull": True} if v is None else {"doubleValue": float(v)} for v in values]
        elif name == "bool":
            cells = [{"isNull": True} if v is None else {"booleanValue": bool(v)} for v in values]
        elif name == "varbyte":
            cells = [{"isNull": True} if v is None else {"blobValue": bytes(v)} for v in values]
        elif name == "bpchar" and col.type.length:
            width = col.type.length  # CHAR(n) comes back blank-padded to n characters
            cells = [{"isNull": True} if v is None else {"stringValue": v.ljust(width)} for v in _strings(arr, values)]
        else:
            cells = [{"isNull": True} if v is None else {"stringValue": v} for v in _strings(arr, values)]
        converted.append(cells)
    return [list(row) for row in zip(*converted)] if converted else []


def _result_statement(ctx: RequestContext, statement_id: str) -> Statement:
    stmt = _state(ctx).data.get(statement_id)
    if stmt.is_batch and ":" not in statement_id:
        raise ValidationException("BatchExecuteStatement result can only be retrieved with sub-statement id.")
    if stmt.status is not StatementStatus.FINISHED or stmt.table is None:
        raise ValidationException("Query does not have result. Please check query status with DescribeStatement.")
    return stmt


@api.operation("GetStatementResult")
def get_statement_result(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """One page of a JSON-format result as typed Field records (PAGE_ROWS rows per page)."""
    stmt = _result_statement(ctx, params["Id"])
    if stmt.result_format != "JSON":
        raise ValidationException("GetStatementResult is only available for results in JSON format; "
                                  "use GetStatementResultV2.")
    assert stmt.table is not None and stmt.columns is not None
    offset = _offset(params.get("NextToken"))
    page = stmt.table.slice(offset, PAGE_ROWS)
    out: dict[str, Any] = {"Records": _fields(page, stmt.columns), "TotalNumRows": stmt.table.num_rows}
    if offset == 0:
        out["ColumnMetadata"] = _column_metadata(stmt.columns)
    if offset + PAGE_ROWS < stmt.table.num_rows:
        out["NextToken"] = _token(offset + PAGE_ROWS)
    return out


@api.operation("GetStatementResultV2")
def get_statement_result_v2(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """One page of a CSV-format result (``FormattedRecords.CSVRecords``)."""
    stmt = _result_statement(ctx, params["Id"])
    if stmt.result_format != "CSV":
        raise ValidationException("GetStatementResultV2 is only available for results in CSV format.")
    assert stmt.table is not None and stmt.columns is not None
    offset = _offset(params.get("NextToken"))
    page = stmt.table.slice(offset, PAGE_ROWS)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    if offset == 0:
        writer.writerow([c.name for c in stmt.columns])
    cols = [c.to_pylist() for c in page.columns]
    for row in zip(*cols):
        writer.writerow(["" if v is None else _text(v) for v in row])
    out: dict[str, Any] = {"Records": [{"CSVRecords": buf.getvalue()}], "TotalNumRows": stmt.table.num_rows,
                           "ResultFormat": "CSV", "ColumnMetadata": _column_metadata(stmt.columns)}
    if offset + PAGE_ROWS < stmt.table.num_rows:
        out["NextToken"] = _token(offset + PAGE_ROWS)
    return out


@api.operation("ListStatements")
def list_statements(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """Statements of the last 24 hours, newest first, filtered by status / name prefix / target."""
    status = params.get("Status", "ALL")
    name = params.get("StatementName")
    items = []
    for stmt in _state(ctx).data.list():
        if status != "ALL" and stmt.status != status:
            continue
        if name and not (stmt.name or "").startswith(name):
            continue
        if params.get("ClusterIdentifier") and (stmt.is_workgroup or stmt.target != params["ClusterIdentifier"]):
            continue
        if params.get("WorkgroupName") and (not stmt.is_workgroup or stmt.target != params["WorkgroupName"]):
            continue
        if params.get("Database") and stmt.database != params["Database"]:
            continue
        item: dict[str, Any] = {"Id": stmt.id, "Status": str(stmt.status), "CreatedAt": to_datetime(stmt.created),
                                "UpdatedAt": to_datetime(stmt.updated), "IsBatchStatement": stmt.is_batch,
                                "ResultFormat": stmt.result_format}
        if stmt.is_batch:
            item["QueryStrings"] = [s.sql for s in stmt.subs]
        else:
            item["QueryString"] = stmt.sql
        if stmt.name:
            item["StatementName"] = stmt.name
        if stmt.secret_arn:
            item["SecretArn"] = stmt.secret_arn
        if stmt.parameters:
            item["QueryParameters"] = [dict(p) for p in stmt.parameters]
        if stmt.session_id:
            item["SessionId"] = stmt.session_id
        items.append(item)
    return _page(items, params, "Statements", default=100)


def _page(items: list[Any], params: dict[str, Any], key: str, default: int) -> dict[str, Any]:
    offset = _offset(params.get("NextToken"))
    size = params.get("MaxResults") or default
    out: dict[str, Any] = {key: items[offset:offset + size]}
    if offset + size < len(items):
        out["NextToken"] = _token(offset + size)
    return out


def _catalog_session(ctx: RequestContext, params: dict[str, Any]):
    state = _state(ctx)
    engine, _, is_wg = state.engine_for(cluster=params.get("ClusterIdentifier"), workgroup=params.get("WorkgroupName"))
    database = params.get("ConnectedDatabase") or params.get("Database")
    if not database:
        raise ValidationException("Database must be specified.")
    user = _user(params, is_wg, engine)
    engine.ensure_user(user)
    target_db = params.get("Database") or database
    try:
        return engine, engine.database(target_db)
    except SQLError as exc:
        raise ValidationException(f"ERROR: {exc.message}") from None


def _like(pattern: str | None, value: str) -> bool:
    """SQL LIKE (``%``, ``_``) as the SchemaPattern / TablePattern parameters use it."""
    if not pattern:
        return True
    glob = "".join("*" if c == "%" else "?" if c == "_" else "[" + c + "]" if c in "[]*?" else c for c in pattern)
    return fnmatchcase(value, glob)


@api.operation("ListDatabases")
def list_databases(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    engine, _ = _catalog_session(ctx, params)
    return _page(sorted(engine.databases), params, "Databases", default=1000)


@api.operation("ListSchemas")
def list_schemas(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    _, db = _catalog_session(ctx, params)
    names = sorted({"information_schema", "pg_catalog", "pg_internal", *db.catalog.schemas})
    return _page([n for n in names if _like(params.get("SchemaPattern"), n)], params, "Schemas", default=1000)


@api.operation("ListTables")
def list_tables(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    _, db = _catalog_session(ctx, params)
    kinds = {RelKind.TABLE: "TABLE", RelKind.VIEW: "VIEW", RelKind.MATERIALIZED_VIEW: "MATERIALIZED VIEW",
             RelKind.EXTERNAL: "EXTERNAL TABLE"}
    tables = [{"name": r.name, "schema": r.schema, "type": kinds[r.kind]}
              for (s, n), r in sorted(db.catalog.relations.items())
              if _like(params.get("SchemaPattern"), s) and _like(params.get("TablePattern"), n)]
    return _page(tables, params, "Tables", default=1000)


@api.operation("DescribeTable")
def describe_table(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    _, db = _catalog_session(ctx, params)
    schema = params.get("Schema") or "public"
    table = params.get("Table")
    rel = db.catalog.get(schema, table) if table else None
    if rel is None:
        return {"ColumnList": []}
    cols = _column_metadata([ResultColumn(c.name, c.type) for c in rel.columns], describe=True)
    for meta, col in zip(cols, rel.columns):
        meta["schemaName"] = rel.schema
        meta["tableName"] = rel.name
        meta["nullable"] = 0 if col.not_null else 1
        if col.default:
            meta["columnDefault"] = col.default
    return {"TableName": f"{rel.schema}.{rel.name}", **_page(cols, params, "ColumnList", default=1000)}
