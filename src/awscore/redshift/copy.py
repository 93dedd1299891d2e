"""COPY: load CSV / delimited text / JSON / Parquet from the S3 store into a table.

Rows are parsed and converted in Python with Redshift's error accounting
(STL_LOAD_ERRORS / SYS_LOAD_ERROR_DETAIL rows with file, line, column and
reason); the good rows are handed to DuckDB as one Arrow table and inserted
in a single statement, so a failed COPY leaves the table as it was. Parquet
is read with pyarrow and mapped to the columns by position.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
from sqlglot.tokens import TokenType

from .catalog import Column, Relation, RelKind
from .convert import CopyFlags, FieldError, arrow_type, converter
from .database import LoadErrorRecord
from .duckerrors import translate_error
from .errors import FeatureNotSupported, LoadError, SyntaxError_, UndefinedColumn, UndefinedTable
from .options import Arg, OptionSpec, read_options, unquote
from .privileges import Privilege, check_table
from .result import Result
from .s3io import decompress, read_sources, split_url
from .splitter import Statement
from .stmtutil import read_name
from .types import TypeName

if TYPE_CHECKING:
    from .session import Session

__all__ = ["run_copy", "COPY_OPTIONS"]

_S = OptionSpec
COPY_OPTIONS: dict[str, OptionSpec] = {o.name: o for o in [
    _S("IAM_ROLE", Arg.WORD), _S("CREDENTIALS", Arg.STRING), _S("ACCESS_KEY_ID", Arg.STRING),
    _S("SECRET_ACCESS_KEY", Arg.STRING), _S("SESSION_TOKEN", Arg.STRING), _S("REGION", Arg.STRING),
    _S("MANIFEST", Arg.NONE), _S("FORMAT", Arg.FORMAT), _S("CSV", Arg.NONE), _S("JSON", Arg.OPT_STRING),
    _S("PARQUET", Arg.NONE), _S("ORC", Arg.NONE), _S("AVRO", Arg.OPT_STRING), _S("FIXEDWIDTH", Arg.STRING),
    _S("SHAPEFILE", Arg.NONE), _S("DELIMITER", Arg.STRING), _S("QUOTE", Arg.STRING),
    _S("IGNOREHEADER", Arg.NUMBER), _S("NULL", Arg.STRING), _S("EMPTYASNULL", Arg.NONE),
    _S("BLANKSASNULL", Arg.NONE), _S("ACCEPTINVCHARS", Arg.OPT_STRING), _S("TRUNCATECOLUMNS", Arg.NONE),
    _S("DATEFORMAT", Arg.STRING), _S("TIMEFORMAT", Arg.STRING), _S("GZIP", Arg.NONE), _S("BZIP2", Arg.NONE),
    _S("ZSTD", Arg.NONE), _S("LZOP", Arg.NONE), _S("MAXERROR", Arg.NUMBER), _S("IGNOREBLANKLINES", Arg.NONE),
    _S("FILLRECORD", Arg.NONE), _S("TRIMBLANKS", Arg.NONE), _S("REMOVEQUOTES", Arg.NONE), _S("ESCAPE", Arg.NONE),
    _S("ACCEPTANYDATE", Arg.NONE), _S("ROUNDEC", Arg.NONE), _S("EXPLICIT_IDS", Arg.NONE), _S("NOLOAD", Arg.NONE),
    _S("STATUPDATE", Arg.OPT_WORD), _S("COMPUPDATE", Arg.OPT_WORD), _S("ENCODING", Arg.WORD),
    _S("ENCRYPTED", Arg.NONE), _S("MASTER_SYMMETRIC_KEY", Arg.STRING), _S("SERIALIZETOJSON", Arg.NONE),
]}
_UNSUPPORTED = ("AVRO", "SHAPEFILE", "LZOP", "ENCRYPTED", "MASTER_SYMMETRIC_KEY")
MAX_ERRORS = 100_000


@dataclass
class _Record:
    file: str
    line: int
    raw: str
    fields: list[str | None] | dict[str, Any]


class _Load:
    """One COPY in progress: target columns, converters, collected values and errors."""

    def __init__(self, session: Session, rel: Relation, columns: list[Column], opts: dict[str, Any]) -> None:
        self.session = session
        self.rel = rel
        self.columns = columns
        self.opts = opts
        self.flags = CopyFlags(opts)
        self.convs = [converter(c.type, self.flags) for c in columns]
        self.values: list[list[Any]] = [[] for _ in columns]
        self.errors: list[LoadErrorRecord] = []
        self.rows = 0
        self.null_as = opts.get("NULL")
        self.accept = opts.get("ACCEPTINVCHARS")

    def error(self, rec: _Record, col: Column | None, value: str, code: int, reason: str, pos: int = 0) -> None:
        cluster = self.session.cluster
        self.errors.append(LoadErrorRecord(
            cluster.user_id(self.session.user), 0, self.session.pid, self.rel.table_id, self.rel.name,
            cluster.clock.now(), rec.file, rec.line, col.name if col else "",
            col.type.typname if col else "", str(col.type.length or col.type.precision or 0) if col else "0",
            pos, _printable(rec.raw)[:1024], _printable(value)[:1024], code, reason))

    def _clean(self, text: str, rec: _Record, col: Column) -> tuple[bool, str]:  # noqa: D401
        """(ok, text) after invalid-UTF-8 handling (surrogates mark undecodable bytes)."""
        if any("\udc80" <= ch <= "\udcff" for ch in text):
            if not self.accept:
                self.error(rec, col, text, 1220,
                           "String contains invalid or unsupported UTF8 codepoints")
                return False, text
            repl = "?" if self.accept is True else str(self.accept)[:1] or "?"
            text = "".join(repl if "\udc80" <= ch <= "\udcff" else ch for ch in text)
        return True, text

    def add_fields(self, rec: _Record, fields: list[str | None]) -> None:
        """Convert one delimited record; a bad field records an error and drops the row."""
        ncols = len(self.columns)
        if len(fields) > ncols:
            self.error(rec, None, rec.raw, 1202, "Extra column(s) found")
            return
        if len(fields) < ncols:
            if not self.opts.get("FILLRECORD"):
                self.error(rec, self.columns[len(fields)], "", 1214, "Delimiter not found")
                return
            fields = fields + [None] * (ncols - len(fields))
        row = []
        for col, conv, text in zip(self.columns, self.convs, fields):
            value = self._value(rec, col, conv, text)
            if value is _BAD:
                return
            row.append(value)
        for bucket, value in zip(self.values, row):
            bucket.append(value)
        self.rows += 1

    def _value(self, rec: _Record, col: Column, conv: Any, text: str | None) -> Any:
        if text is None or (self.null_as is not None and text == self.null_as):
            return self._null(rec, col)
        ok, text = self._clean(text, rec, col)
        if not ok:
            return _BAD
        if col.type.is_char:
            if (self.flags.emptyasnull and text == "") or (self.flags.blanksasnull and text.strip() == ""):
                return self._null(rec, col)
        elif text.strip() == "":
            return self._null(rec, col)
        try:
            return conv(text)
        except FieldError as exc:
            self.error(rec, col, text, exc.code, exc.reason)
            return _BAD

    def _null(self, rec: _Record, col: Column) -> Any:
        if col.not_null:
            self.error(rec, col, "", 1213, "Missing data for not-null field")
            return _BAD
        return None

    def add_json(self, rec: _Record, values: list[Any]) -> None:
        row = []
        for col, conv, value in zip(self.columns, self.convs, values):
            if value is None:
                value = self._null(rec, col)
            elif col.type.name is TypeName.SUPER:
                value = json.dumps(value, separators=(",", ":"))
            else:
                text = value if isinstance(value, str) else (
                    json.dumps(value) if isinstance(value, (dict, list)) else
                    ("true" if value is True else "false" if value is False else str(value)))
                value = self._value(rec, col, conv, text)
            if value is _BAD:
                return
            row.append(value)
        for bucket, value in zip(self.values, row):
            bucket.append(value)
        self.rows += 1

    def table(self) -> pa.Table:
        arrays = [pa.array(vals, type=arrow_type(col.type)) for col, vals in zip(self.columns, self.values)]
        return pa.table(arrays, names=[c.name for c in self.columns])


_BAD = object()


def _printable(text: str) -> str:
    """Text with undecodable bytes shown as U+FFFD (STL_LOAD_ERRORS keeps the rest of the line)."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _columns(stmt: Statement, i: int, rel: Relation, explicit_ids: bool) -> tuple[list[Column], int]:
    toks = stmt.tokens
    if i < len(toks) and toks[i].token_type is TokenType.L_PAREN:
        names: list[str] = []
        i += 1
        while i < len(toks) and toks[i].token_type is not TokenType.R_PAREN:
            if toks[i].token_type is not TokenType.COMMA:
                names.append(toks[i].text.lower())
            i += 1
        cols = []
        for name in names:
            col = rel.column(name)
            if col is None:
                raise UndefinedColumn(f'column "{name}" of relation "{rel.name}" does not exist')
            cols.append(col)
        return cols, i + 1
    return [c for c in rel.columns if c.identity is None or explicit_ids], i


def run_copy(session: Session, stmt: Statement) -> Result:
    """COPY table [(cols)] FROM 's3://...' [options]: load rows, or fail as Redshift does."""
    schema, name, i = read_name(stmt, 1)
    rel = session.lookup(schema, name)
    if rel is None:
        raise UndefinedTable(f'relation "{name}" does not exist')
    if rel.kind is not RelKind.TABLE:
        raise FeatureNotSupported(f'COPY into "{name}": it is not a table')
    check_table(session, rel, Privilege.INSERT)
    after_cols = i
    while after_cols < len(stmt.tokens) and stmt.tokens[after_cols].token_type is not TokenType.FROM:
        after_cols += 1
    if after_cols + 1 >= len(stmt.tokens) or stmt.tokens[after_cols + 1].token_type is not TokenType.STRING:
        raise SyntaxError_('syntax error at or near "FROM"' if after_cols < len(stmt.tokens)
                           else "syntax error at end of input")
    url = unquote(stmt.text_of(stmt.tokens[after_cols + 1]))
    opts = read_options(stmt, after_cols + 2, COPY_OPTIONS)
    cols, _ = _columns(stmt, i, rel, bool(opts.get("EXPLICIT_IDS")))
    for bad in _UNSUPPORTED:
        if bad in opts or opts.get("FORMAT") == bad:
            raise FeatureNotSupported(f"COPY option {bad} is not supported by awscore")
    split_url(url)
    fmt = str(opts.get("FORMAT") or ("CSV" if opts.get("CSV") else "JSON" if "JSON" in opts else
                                     "PARQUET" if opts.get("PARQUET") else "ORC" if opts.get("ORC") else
                                     "FIXEDWIDTH" if "FIXEDWIDTH" in opts else "TEXT"))
    if fmt == "FIXEDWIDTH" and "FIXEDWIDTH" not in opts:
        raise SyntaxError_("FIXEDWIDTH needs a column specification: FIXEDWIDTH 'col:width,...'")
    if fmt not in ("CSV", "JSON", "PARQUET", "ORC", "TEXT", "FIXEDWIDTH"):
        raise FeatureNotSupported(f"COPY format {fmt} is not supported by awscore")
    compression = next((c for c in ("GZIP", "BZIP2", "ZSTD") if opts.get(c)), None)
    maxerror = int(opts.get("MAXERROR", 0))  # type: ignore[arg-type]
    if maxerror > MAX_ERRORS:
        raise SyntaxError_(f"MAXERROR must be between 0 and {MAX_ERRORS}")
    store = session.cluster.s3
    sources = read_sources(store, url, manifest=bool(opts.get("MANIFEST")))
    load = _Load(session, rel, cols, opts)
    table: Any = None
    if fmt == "ORC":
        table = _orc(sources, cols)
    elif fmt != "PARQUET":
        for file_url, body in sources:
            data = decompress(body, compression)
            if fmt == "JSON":
                _json(load, file_url, data, opts, store)
            elif fmt == "FIXEDWIDTH":
                _fixedwidth(load, file_url, data, opts)
            else:
                _delimited(load, file_url, data, opts, fmt)
        table = load.table()
    query_id = session.database.queries[-1].query if session.database.queries else 0
    for err in load.errors:
        err.query = query_id
    with session.database.lock:
        session.database.load_errors.extend(load.errors)
    if load.errors and len(load.errors) > maxerror:
        raise LoadError(f"Load into table '{rel.name}' failed.  Check 'stl_load_errors' system table for details.")
    count = 0
    if fmt == "PARQUET":
        with _parquet(session, sources, cols) as reader:
            count = 0 if opts.get("NOLOAD") else _insert(session, rel, cols, reader)
    elif not opts.get("NOLOAD"):
        count = _insert(session, rel, cols, table)
    session.last_copy = (query_id, count)
    session.cursor.execute("SET VARIABLE rs_last_copy_count = $n", {"n": count})
    session.cursor.execute("SET VARIABLE rs_last_copy_id = $n", {"n": query_id})
    session.database.copies.append({
        "query": query_id, "table": rel.name, "table_id": rel.table_id, "rows": count, "url": url,
        "errors": len(load.errors), "userid": session.cluster.user_id(session.user), "user": session.user,
        "pid": session.pid, "time": session.cluster.clock.now(), "files": [u for u, _ in sources],
        "bytes": sum(len(b) for _, b in sources), "format": fmt, "schema": rel.schema})
    extra = {"skipped": len(load.errors)} if load.errors else {}
    return Result(command="COPY", rowcount=count, extra=extra)


def _insert(session: Session, rel: Relation, cols: list[Column], table: Any) -> int:
    name = f"__rs_copy_{session.pid}"
    session.cursor.register(name, table)
    try:
        col_sql = ", ".join('"' + c.name + '"' for c in cols)
        session.cursor.execute(f"INSERT INTO {rel.duck_name()} ({col_sql}) SELECT * FROM {name}")
        row = session.cursor.fetchone()
    except duckdb.Error as exc:
        raise translate_error(exc, [rel]) from None
    finally:
        session.cursor.unregister(name)
    session.mark_written(rel)
    return int(row[0]) if row else 0


def _lines(data: bytes) -> list[str]:
    return data.decode("utf-8", errors="surrogateescape").splitlines()


def _delimited(load: _Load, file_url: str, data: bytes, opts: dict[str, Any], fmt: str) -> None:
    delimiter = _delimiter(opts.get("DELIMITER"), "," if fmt == "CSV" else "|")
    skip = int(opts.get("IGNOREHEADER", 0))
    if load.null_as is None and fmt == "TEXT":
        load.null_as = "\\N"
    text = data.decode("utf-8", errors="surrogateescape")
    if fmt == "CSV":
        quote = str(opts.get("QUOTE", '"'))
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar=quote, strict=False)
        lines = text.splitlines()
        last = 0
        for fields in reader:
            start = last + 1
            last = reader.line_num
            if start <= skip:
                continue
            raw = "\n".join(lines[start - 1:last])
            if not fields:
                if opts.get("IGNOREBLANKLINES"):
                    continue
                fields = [""]
            load.add_fields(_Record(file_url, start, raw, fields), list(fields))
        return
    for number, line in enumerate(text.splitlines(), 1):
        if number <= skip:
            continue
        if line == "" and opts.get("IGNOREBLANKLINES"):
            continue
        fields = _split_text(line, delimiter, bool(opts.get("ESCAPE")))
        if opts.get("REMOVEQUOTES"):
            fields = [f[1:-1] if len(f) >= 2 and f[0] == f[-1] == '"' else f for f in fields]
        load.add_fields(_Record(file_url, number, line, fields), fields)


def _fixedwidth(load: _Load, file_url: str, data: bytes, opts: dict[str, Any]) -> None:
    """FIXEDWIDTH 'label:width,...': each line is cut into fields of the given widths (characters)."""
    widths = []
    for item in str(opts["FIXEDWIDTH"]).split(","):
        _, _, width = item.strip().rpartition(":")
        if not width.strip().isdigit():
            raise SyntaxError_(f"invalid FIXEDWIDTH specification: '{opts['FIXEDWIDTH']}'")
        widths.append(int(width))
    skip = int(opts.get("IGNOREHEADER", 0))
    for number, line in enumerate(data.decode("utf-8", errors="surrogateescape").splitlines(), 1):
        if number <= skip or (line == "" and opts.get("IGNOREBLANKLINES")):
            continue
        fields, pos = [], 0
        for width in widths:
            fields.append(line[pos:pos + width].strip())
            pos += width
        load.add_fields(_Record(file_url, number, line, fields), fields)


def _orc(sources: list[tuple[str, bytes]], cols: list[Column]) -> pa.Table:
    """ORC files read with pyarrow and mapped to the columns by position."""
    import pyarrow.orc as orc

    tables = []
    for file_url, body in sources:
        try:
            table = orc.ORCFile(pa.BufferReader(body)).read()
        except (pa.ArrowException, OSError) as exc:
            raise LoadError(f"Spectrum Scan Error: file '{file_url}' is not a valid ORC file: {exc}") from None
        if table.num_columns != len(cols):
            raise LoadError(f"Spectrum Scan Error: file '{file_url}' has {table.num_columns} columns, but the "
                            f"table or column list has {len(cols)}")
        tables.append(table.rename_columns([c.name for c in cols]))
    return pa.concat_tables(tables, promote_options="permissive") if len(tables) > 1 else tables[0]


def _delimiter(value: Any, default: str) -> str:
    if value is None:
        return default
    text = str(value)
    escapes = {"\\t": "\t", "\\n": "\n", "\\\\": "\\", "\\|": "|"}
    text = escapes.get(text, text)
    if len(text) != 1:
        raise SyntaxError_(f"COPY delimiter must be a single one-byte character: '{value}'")
    return text


def _split_text(line: str, delimiter: str, escape: bool) -> list[str]:
    if not escape:
        return line.split(delimiter)
    fields, cur, i = [], [], 0
    while i < len(line):
        ch = line[i]
        if ch == "\\" and i + 1 < len(line):
            cur.append(line[i + 1])
            i += 2
            continue
        if ch == delimiter:
            fields.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
        i += 1
    fields.append("".join(cur))
    return fields


_PATH_PART = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\['([^']*)'\]|\[\"([^\"]*)\"\]|\[(\d+)\]")


def _path(expr: str) -> list[str | int]:
    if not expr.startswith("$"):
        raise SyntaxError_(f"Invalid JSONPath format: {expr}")
    out: list[str | int] = []
    pos = 1
    while pos < len(expr):
        m = _PATH_PART.match(expr, pos)
        if m is None:
            raise SyntaxError_(f"Invalid JSONPath format: {expr}")
        name, quoted, dquoted, index = m.groups()
        out.append(int(index) if index is not None else (name or quoted or dquoted or ""))
        pos = m.end()
    return out


def _walk(obj: Any, path: list[str | int]) -> Any:
    for part in path:
        if isinstance(part, int):
            if not isinstance(obj, list) or part >= len(obj):
                return None
            obj = obj[part]
        else:
            if not isinstance(obj, dict) or part not in obj:
                return None
            obj = obj[part]
    return obj


def _json(load: _Load, file_url: str, data: bytes, opts: dict[str, Any], store: Any) -> None:
    mode = opts.get("JSON", "auto")
    mode = "auto" if mode is True else str(mode)
    paths: list[list[str | int]] | None = None
    if mode.lower().startswith("s3://"):
        [(_, body)] = read_sources(store, mode, manifest=False)[:1]
        try:
            spec = json.loads(body)
            raw_paths = spec["jsonpaths"] if isinstance(spec, dict) and set(spec) == {"jsonpaths"} else None
        except ValueError:
            raise LoadError("Invalid JSONPath format: the jsonpaths file is not valid JSON") from None
        if raw_paths is not None:
            paths = [_path(p) for p in raw_paths]
            if len(paths) != len(load.columns):
                raise LoadError("Number of jsonpaths and the number of columns should match. "
                                f"JSONPath size: {len(paths)}, Number of columns in table or column list: "
                                f"{len(load.columns)}")
    ignorecase = mode.lower() == "auto ignorecase"
    if not (paths is not None or mode.lower() in ("auto", "auto ignorecase")):
        raise FeatureNotSupported(f"JSON option '{mode}' is not supported by awscore")
    text = data.decode("utf-8", errors="surrogateescape")
    decoder = json.JSONDecoder()
    pos = 0
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos >= len(text):
            break
        line = text.count("\n", 0, pos) + 1
        try:
            obj, end = decoder.raw_decode(text, pos)
        except ValueError:
            end_of_line = text.find("\n", pos)
            raw = text[pos:end_of_line if end_of_line >= 0 else len(text)]
            load.error(_Record(file_url, line, raw, []), None, raw, 1224, "Invalid JSON object or array")
            if end_of_line < 0:
                break
            pos = end_of_line + 1
            continue
        raw = text[pos:end]
        pos = end
        rec = _Record(file_url, line, raw, [])
        if not isinstance(obj, dict):
            load.error(rec, None, raw, 1224, "Invalid JSONPath format: Object or Array expected")
            continue
        if paths is not None:
            values = [_walk(obj, p) for p in paths]
        elif ignorecase:
            lowered = {k.lower(): v for k, v in obj.items()}
            values = [lowered.get(c.name) for c in load.columns]
        else:
            values = [obj.get(c.name) for c in load.columns]
        load.add_json(rec, values)


@contextmanager
def _parquet(session: Session, sources: list[tuple[str, bytes]], cols: list[Column]) -> Iterator[Any]:
    """A stream of the Parquet files' rows, read by the cluster's scratch DuckDB (never user SQL).

    Columns map by position; every file must have as many columns as the target list.
    """
    shm = "/dev/shm" if os.path.isdir("/dev/shm") else None
    with tempfile.TemporaryDirectory(prefix="awscore-copy-", dir=shm) as tmp:
        paths = []
        for n, (file_url, body) in enumerate(sources):
            try:
                width = len(pq.read_schema(pa.BufferReader(body)).names)
            except (pa.ArrowException, OSError) as exc:
                raise LoadError(f"Spectrum Scan Error: file '{file_url}' is not a valid Parquet file: "
                                f"{exc}") from None
            if width != len(cols):
                raise LoadError(f"Spectrum Scan Error: file '{file_url}' has {width} columns, but "
                                f"the table or column list has {len(cols)}")
            path = os.path.join(tmp, f"{n}.parquet")
            with open(path, "wb") as fh:
                fh.write(body)
            paths.append(path)
        listing = ", ".join(f"'{p}'" for p in paths)
        names = [c.name for c in cols]
        try:
            reader = session.cluster.scratch_reader(f"SELECT * FROM read_parquet([{listing}])")
        except duckdb.Error as exc:
            raise LoadError(f"Spectrum Scan Error: {str(exc).splitlines()[0]}") from None
        schema = pa.schema([f.with_name(n) for f, n in zip(reader.schema, names)])
        yield pa.RecordBatchReader.from_batches(schema, (b.rename_columns(names) for b in reader))
