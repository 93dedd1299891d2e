"""Redshift Spectrum: external schemas and tables over objects in the shared S3 store.

``CREATE EXTERNAL SCHEMA s FROM DATA CATALOG DATABASE 'db' IAM_ROLE ...`` and
``CREATE EXTERNAL TABLE s.t (cols) [PARTITIONED BY (cols)] [ROW FORMAT DELIMITED
FIELDS TERMINATED BY 'c'] STORED AS PARQUET | TEXTFILE LOCATION 's3://...'
[TABLE PROPERTIES ('skip.header.line.count'='n')]``. A query that names an
external table reads the objects under its LOCATION when it runs (Hive-style
``col=value/`` folders give the partition columns), through pyarrow, and sees
them as a read-only relation; the Arrow result is cached per set of ETags.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError

from .catalog import Column, Relation, RelKind
from .convert import arrow_type
from .dialect import RedshiftX
from .errors import DuplicateSchema, DuplicateTable, FeatureNotSupported, InternalError, SyntaxError_
from .options import unquote
from .result import Result
from .s3io import bucket_of, split_url
from .splitter import Statement
from .stmtutil import read_name
from .translate import lower_identifiers
from .types import from_datatype

if TYPE_CHECKING:
    from .session import Session

__all__ = ["ExternalSpec", "create_external", "read_external", "EXT_PREFIX"]

EXT_PREFIX = "rs_ext__"


@dataclass
class ExternalSpec:
    """Where and how an external table's data is stored."""

    location: str
    file_format: str  # PARQUET | TEXTFILE
    delimiter: str = "\x01"
    skip_header: int = 0
    partitions: list[Column] = field(default_factory=list)


def create_external(session: Session, stmt: Statement) -> Result:
    """CREATE EXTERNAL SCHEMA / CREATE EXTERNAL TABLE."""
    if stmt.word(2) == "SCHEMA":
        return _schema(session, stmt)
    if stmt.word(2) == "TABLE":
        return _table(session, stmt)
    raise SyntaxError_(f'syntax error at or near "{stmt.tokens[2].text if len(stmt.tokens) > 2 else "EXTERNAL"}"')


def _schema(session: Session, stmt: Statement) -> Result:
    i = 3
    if_not_exists = stmt.words(6)[3:6] == ("IF", "NOT", "EXISTS")
    if if_not_exists:
        i = 6
    name = stmt.tokens[i].text.lower()
    words = [t.text.upper() for t in stmt.tokens[i + 1:]]
    if words[:3] not in (["FROM", "DATA", "CATALOG"],):
        raise FeatureNotSupported("only CREATE EXTERNAL SCHEMA ... FROM DATA CATALOG is supported by awscore")
    db = session.database
    if name in db.catalog.schemas:
        if if_not_exists:
            return Result(command="CREATE EXTERNAL SCHEMA")
        raise DuplicateSchema(f'Schema "{name}" already exists')
    with db.lock:
        db.catalog.create_schema(name, session.user)
        db.external_schemas[name] = name
    return Result(command="CREATE EXTERNAL SCHEMA")


def _table(session: Session, stmt: Statement) -> Result:
    schema, name, _ = read_name(stmt, 3)
    db = session.database
    if schema is None or schema not in db.external_schemas:
        raise FeatureNotSupported("an external table must be created in an external schema")
    if db.catalog.get(schema, name) is not None:
        raise DuplicateTable(f'relation "{name}" already exists')
    tokens = list(stmt.tokens)
    skip = 0
    cut = len(tokens)
    for k in range(len(tokens) - 1):
        if tokens[k].text.upper() == "TABLE" and tokens[k + 1].text.upper() == "PROPERTIES":
            cut = k
            props = [unquote(stmt.text_of(t)) for t in tokens[k + 2:] if t.token_type.name == "STRING"]
            for key, value in zip(props[::2], props[1::2]):
                if key.lower() == "skip.header.line.count":
                    skip = int(value)
            break
    text = " ".join(stmt.text_of(t) for t in tokens[:cut])
    try:
        create = sqlglot.parse_one(text, read=RedshiftX)
    except ParseError as exc:
        raise SyntaxError_(f"syntax error in CREATE EXTERNAL TABLE: {exc.errors[0]['description'] if exc.errors else exc}") from None
    lower_identifiers(create)
    if not isinstance(create, exp.Create) or not isinstance(create.this, exp.Schema):
        raise SyntaxError_("CREATE EXTERNAL TABLE needs a column list")
    columns = [Column(c.name.lower(), from_datatype(c.args["kind"])) for c in create.this.expressions
               if isinstance(c, exp.ColumnDef)]
    props = create.args.get("properties")
    spec = ExternalSpec(location="", file_format="TEXTFILE", skip_header=skip)
    for prop in props.expressions if props is not None else []:
        if isinstance(prop, exp.LocationProperty):
            spec.location = prop.this.name
        elif isinstance(prop, exp.FileFormatProperty):
            spec.file_format = prop.this.name.upper()
        elif isinstance(prop, exp.RowFormatDelimitedProperty):
            fields = prop.args.get("fields")
            if fields is not None:
                spec.delimiter = {"\\t": "\t"}.get(fields.name, fields.name)
        elif isinstance(prop, exp.PartitionedByProperty):
            schema_node = prop.this
            spec.partitions = [Column(c.name.lower(), from_datatype(c.args["kind"]))
                               for c in schema_node.expressions if isinstance(c, exp.ColumnDef)]
    if not spec.location:
        raise SyntaxError_("CREATE EXTERNAL TABLE needs a LOCATION")
    split_url(spec.location)
    if spec.file_format not in ("PARQUET", "TEXTFILE"):
        raise FeatureNotSupported(f"external tables STORED AS {spec.file_format} are not supported by awscore")
    rel = Relation(schema, name, RelKind.EXTERNAL, columns + spec.partitions, owner=session.user,
                   created=session.cluster.clock.now())
    rel.external = spec
    with db.lock:
        db.catalog.add(rel)
    return Result(command="CREATE EXTERNAL TABLE")


def _partition_values(relative: str, spec: ExternalSpec) -> dict[str, str] | None:
    values: dict[str, str] = {}
    for part in relative.split("/")[:-1]:
        if "=" in part:
            key, _, value = part.partition("=")
            values[key.lower()] = value
    if spec.partitions and any(c.name not in values for c in spec.partitions):
        return None
    return values


def read_external(session: Session, rel: Relation) -> pa.Table:
    """Every object under the table's LOCATION, as one Arrow table with the declared column types."""
    spec: ExternalSpec = rel.external
    bucket_name, prefix = split_url(spec.location)
    bucket = bucket_of(session.cluster.s3, bucket_name)
    objects = [o for o in bucket.iter_objects(prefix)
               if not o.key.endswith("/") and not o.key.rsplit("/", 1)[-1].startswith(("_", "."))]
    cache_key = (rel.schema, rel.name, tuple((o.key, o.etag) for o in objects))
    cache = session.database.external_cache
    if cache_key in cache:
        return cache[cache_key]
    data_cols = [c for c in rel.columns if c not in spec.partitions]
    schema = pa.schema([(c.name, arrow_type(c.type)) for c in rel.columns])
    parts = []
    for obj in objects:
        values = _partition_values(obj.key[len(prefix):], spec)
        if values is None:
            continue
        table = _read_object(obj.body, spec, data_cols, f"s3://{bucket_name}/{obj.key}")
        for col in spec.partitions:
            raw = pa.array([values[col.name]] * table.num_rows, pa.string())
            table = table.append_column(col.name, _cast(raw, col, obj.key))
        parts.append(table.select([c.name for c in rel.columns]))
    result = pa.concat_tables(parts).cast(schema) if parts else schema.empty_table()
    cache.clear()  # keep one version per table at a time
    cache[cache_key] = result
    return result


def _cast(array: pa.Array, col: Column, where: str) -> pa.Array:
    try:
        return pc.cast(array, arrow_type(col.type))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
        raise InternalError(f"Spectrum Scan Error: invalid value for column {col.name} in '{where}': {exc}") from None


def _read_object(body: bytes, spec: ExternalSpec, cols: list[Column], where: str) -> pa.Table:
    if spec.file_format == "PARQUET":
        try:
            table = pq.read_table(pa.BufferReader(body))
        except (pa.ArrowException, OSError) as exc:
            raise InternalError(f"Spectrum Scan Error: '{where}' is not a valid Parquet file: {exc}") from None
        names = [n.lower() for n in table.column_names]
        arrays = []
        for k, col in enumerate(cols):
            if col.name in names:
                arrays.append(table.column(names.index(col.name)))
            elif k < table.num_columns:
                arrays.append(table.column(k))
            else:
                arrays.append(pa.nulls(table.num_rows))
        return pa.table([_cast(a, c, where) if not a.type.equals(arrow_type(c.type)) else a
                         for a, c in zip(arrays, cols)], names=[c.name for c in cols])
    opts = pacsv.ReadOptions(column_names=[c.name for c in cols], skip_rows=spec.skip_header)
    parse = pacsv.ParseOptions(delimiter=spec.delimiter)
    convert = pacsv.ConvertOptions(column_types={c.name: pa.string() for c in cols}, strings_can_be_null=True)
    try:
        raw = pacsv.read_csv(io.BytesIO(body), read_options=opts, parse_options=parse, convert_options=convert)
    except pa.ArrowInvalid as exc:
        raise InternalError(f"Spectrum Scan Error: '{where}': {exc}") from None
    return pa.table([_cast(raw.column(c.name), c, where) for c in cols], names=[c.name for c in cols])

