"""UNLOAD: write a query's result to the S3 store as text, CSV, JSON or Parquet.

File naming follows Redshift: ``<prefix><slice>_part_<nn>`` with PARALLEL ON
(one file per slice that has rows; the slice count comes from the cluster's
node type and count), ``<prefix>000``, ``001``... with PARALLEL OFF, plus
``.parquet`` / ``.gz`` / ``.bz2`` / ``.zst`` or the EXTENSION given.
PARTITION BY writes Hive-style ``col=value/`` folders. UNLOAD fails if any key
it would write already exists, unless ALLOWOVERWRITE (or CLEANPATH, which
first deletes everything under the target prefix).
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.parquet as pq
from sqlglot import exp
from sqlglot.tokens import TokenType

from .errors import FeatureNotSupported, InternalError, SyntaxError_
from .options import Arg, OptionSpec, read_options, unquote
from .result import Result
from .s3io import bucket_of, compress, split_url
from .splitter import Statement
from .translate import PlanKind, parse

if TYPE_CHECKING:
    from .session import Session

__all__ = ["run_unload", "UNLOAD_OPTIONS"]

_S = OptionSpec
UNLOAD_OPTIONS: dict[str, OptionSpec] = {o.name: o for o in [
    _S("IAM_ROLE", Arg.WORD), _S("CREDENTIALS", Arg.STRING), _S("ACCESS_KEY_ID", Arg.STRING),
    _S("SECRET_ACCESS_KEY", Arg.STRING), _S("SESSION_TOKEN", Arg.STRING), _S("REGION", Arg.STRING),
    _S("FORMAT", Arg.FORMAT), _S("CSV", Arg.NONE), _S("JSON", Arg.NONE), _S("PARQUET", Arg.NONE),
    _S("PARTITION", Arg.NONE), _S("MANIFEST", Arg.NONE), _S("VERBOSE", Arg.NONE), _S("HEADER", Arg.NONE),
    _S("DELIMITER", Arg.STRING), _S("FIXEDWIDTH", Arg.STRING), _S("ENCRYPTED", Arg.NONE),
    _S("KMS_KEY_ID", Arg.STRING), _S("BZIP2", Arg.NONE), _S("GZIP", Arg.NONE), _S("ZSTD", Arg.NONE),
    _S("ADDQUOTES", Arg.NONE), _S("NULL", Arg.STRING), _S("ESCAPE", Arg.NONE), _S("ALLOWOVERWRITE", Arg.NONE),
    _S("CLEANPATH", Arg.NONE), _S("PARALLEL", Arg.OPT_WORD), _S("MAXFILESIZE", Arg.SIZE),
    _S("ROWGROUPSIZE", Arg.SIZE), _S("EXTENSION", Arg.STRING),
]}
_DEFAULT_MAX_MB = 6.2 * 1024


def _read_partition(stmt: Statement, opts_start: int) -> tuple[list[str], bool, list[Any]]:
    """Pull ``PARTITION BY (cols) [INCLUDE]`` out of the option tokens."""
    toks = list(stmt.tokens[opts_start:])
    for i in range(len(toks)):
        word = " ".join(toks[i].text.upper().split())
        width = 1 if word == "PARTITION BY" else 2 if (
            word == "PARTITION" and i + 1 < len(toks) and toks[i + 1].text.upper() == "BY") else 0
        if width:
            j = i + width
            if j >= len(toks) or toks[j].token_type is not TokenType.L_PAREN:
                raise SyntaxError_('syntax error at or near "BY"')
            cols: list[str] = []
            j += 1
            while j < len(toks) and toks[j].token_type is not TokenType.R_PAREN:
                if toks[j].token_type is not TokenType.COMMA:
                    cols.append(toks[j].text.lower())
                j += 1
            j += 1
            include = j < len(toks) and toks[j].text.upper() == "INCLUDE"
            end = j + 1 if include else j
            return cols, include, toks[:i] + toks[end:]
    return [], False, toks


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime):
        text = value.replace(tzinfo=None).isoformat(sep=" ")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return text + ("+00" if value.tzinfo is not None else "")
    if isinstance(value, (date, time, Decimal)):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    return str(value)


def _json_value(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) or value is None:
        return value
    return _text(value)


def _encode_rows(table: pa.Table, fmt: str, opts: dict[str, Any], header: bool) -> bytes:
    names = table.column_names
    columns = [c.to_pylist() for c in table.columns]
    rows = list(zip(*columns)) if columns else []
    if fmt == "JSON":
        supers = set(opts.get("__super_columns", ()))
        lines = [json.dumps({n: (json.loads(v) if n in supers and v is not None else _json_value(v))
                             for n, v in zip(names, row)}, separators=(",", ":"))
                 for row in rows]
        return ("\n".join(lines) + ("\n" if lines else "")).encode()
    null = str(opts.get("NULL", ""))
    buf = io.StringIO()
    if fmt == "CSV":
        delimiter = str(opts.get("DELIMITER", ","))
        writer = csv.writer(buf, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        if header:
            writer.writerow(names)
        for row in rows:
            writer.writerow([null if v is None else _text(v) for v in row])
        return buf.getvalue().encode()
    delimiter = str(opts.get("DELIMITER", "|"))
    addquotes = bool(opts.get("ADDQUOTES"))
    escape = bool(opts.get("ESCAPE"))
    if header:
        buf.write(delimiter.join(names) + "\n")
    for row in rows:
        cells = []
        for v in row:
            if v is None:
                cells.append(null)
                continue
            text = _text(v)
            if escape:
                text = text.replace("\\", "\\\\").replace(delimiter, "\\" + delimiter).replace("\n", "\\\n")
            cells.append(f'"{text}"' if addquotes else text)
        buf.write(delimiter.join(cells) + "\n")
    return buf.getvalue().encode()


def _parquet(table: pa.Table) -> bytes:
    sink = io.BytesIO()
    pq.write_table(table, sink, compression="snappy")
    return sink.getvalue()


def _chunks(table: pa.Table, parts: int) -> list[pa.Table]:
    """Rows spread over the slices as evenly as possible (slices without rows write no file)."""
    n = table.num_rows
    out, offset = [], 0
    for i in range(parts):
        size = n // parts + (1 if i < n % parts else 0)
        if size:
            out.append(table.slice(offset, size))
        offset += size
    return out


def _by_size(table: pa.Table, max_bytes: float) -> list[pa.Table]:
    if table.num_rows == 0 or table.nbytes <= max_bytes:
        return [table]
    per_row = max(table.nbytes / table.num_rows, 1)
    rows = max(int(max_bytes // per_row), 1)
    return [table.slice(off, rows) for off in range(0, table.num_rows, rows)]


def run_unload(session: Session, stmt: Statement) -> Result:
    """UNLOAD ('query') TO 's3://prefix' [options]: write the result; returns the rows unloaded."""
    toks = stmt.tokens
    if len(toks) < 4 or toks[1].token_type is not TokenType.L_PAREN or toks[2].token_type is not TokenType.STRING:
        raise SyntaxError_('syntax error at or near "UNLOAD"')
    query = unquote(stmt.text_of(toks[2]))
    if toks[3].token_type is not TokenType.R_PAREN or len(toks) < 6 or toks[4].text.upper() != "TO" \
            or toks[5].token_type is not TokenType.STRING:
        raise SyntaxError_('syntax error at or near "TO"')
    target = unquote(stmt.text_of(toks[5]))
    part_cols, include, rest = _read_partition(stmt, 6)
    opts = read_options(Statement(stmt.text, stmt.tokens[:6] + tuple(rest)), 6, UNLOAD_OPTIONS)
    fmt = str(opts.get("FORMAT") or ("CSV" if opts.get("CSV") else "JSON" if opts.get("JSON") else
                                     "PARQUET" if opts.get("PARQUET") else "TEXT"))
    compression = next((c for c in ("GZIP", "BZIP2", "ZSTD") if opts.get(c)), None)
    _check(opts, fmt, compression)
    tree = parse(query)
    if isinstance(tree, exp.Query) and tree.args.get("limit") is not None:
        raise FeatureNotSupported("Limit clause is not supported: " + query)
    plan = session.translate(query)
    if plan.kind is not PlanKind.QUERY:
        raise SyntaxError_("UNLOAD needs a SELECT query")
    result = session.run_plan(plan)
    table = result.table
    assert table is not None
    opts["__super_columns"] = [c.name for c in result.columns or [] if c.type.name.value == "super"]
    for col in part_cols:
        if col not in table.column_names:
            raise InternalError(f'Partition column "{col}" is not in the query result')
    bucket_name, prefix = split_url(target)
    bucket = bucket_of(session.cluster.s3, bucket_name)
    if part_cols and not prefix.endswith("/") and prefix:
        prefix += "/"
    files = _plan_files(session, table, fmt, compression, opts, prefix, part_cols, include)
    existing = {o.key for o in bucket.iter_objects(prefix)}
    manifest_key = prefix + "manifest" if opts.get("MANIFEST") else None
    writes = [k for k, _, _ in files] + ([manifest_key] if manifest_key else [])
    if opts.get("CLEANPATH"):
        for key in sorted(existing):
            if not part_cols or any(key.startswith(k.rsplit("/", 1)[0] + "/") for k in writes):
                bucket.delete_object(key)
        existing = {o.key for o in bucket.iter_objects(prefix)}
    if not opts.get("ALLOWOVERWRITE") and any(k in existing for k in writes):
        raise InternalError("Specified unload destination on S3 is not empty. Consider using a different "
                            "bucket / prefix, manually removing the target files in S3, or using the "
                            "ALLOWOVERWRITE option.")
    entries = []
    for key, body, rows in files:
        bucket.put_object(key, body)
        entries.append({"url": f"s3://{bucket_name}/{key}", "meta": {"content_length": len(body),
                                                                     "record_count": rows}})
        session.database.unloads.append({
            "userid": session.cluster.user_id(session.user), "query": session.database.queries[-1].query,
            "pid": session.pid, "path": f"s3://{bucket_name}/{key}", "time": session.cluster.clock.now(),
            "rows": rows, "size": len(body), "format": fmt.lower() if fmt != "TEXT" else "text"})
    if manifest_key:
        manifest: dict[str, Any] = {"entries": entries if opts.get("VERBOSE") else
                                    [{"url": e["url"]} for e in entries]}
        if opts.get("VERBOSE"):
            manifest["schema"] = {"elements": [{"name": n, "type": {"base": str(t)}}
                                               for n, t in zip(table.column_names, table.schema.types)]}
            manifest["meta"] = {"content_length": sum(e["meta"]["content_length"] for e in entries),
                                "record_count": table.num_rows}
            manifest["author"] = {"name": "Amazon Redshift", "version": "1.0.0"}
        bucket.put_object(manifest_key, json.dumps(manifest, indent=1).encode())
    qid = session.database.queries[-1].query
    session.last_unload = (qid, table.num_rows)
    session.cursor.execute("SET VARIABLE rs_last_unload_count = $n", {"n": table.num_rows})
    session.cursor.execute("SET VARIABLE rs_last_unload_id = $n", {"n": qid})
    return Result(command="UNLOAD", rowcount=table.num_rows)


def _check(opts: dict[str, Any], fmt: str, compression: str | None) -> None:
    if fmt not in ("TEXT", "CSV", "JSON", "PARQUET"):
        raise FeatureNotSupported(f"UNLOAD format {fmt} is not supported by awscore")
    if opts.get("FIXEDWIDTH") or opts.get("ENCRYPTED") or opts.get("KMS_KEY_ID"):
        raise FeatureNotSupported("UNLOAD FIXEDWIDTH / ENCRYPTED are not supported by awscore")
    if opts.get("ALLOWOVERWRITE") and opts.get("CLEANPATH"):
        raise SyntaxError_("CLEANPATH and ALLOWOVERWRITE cannot be used together")
    if fmt == "PARQUET":
        for bad in ("DELIMITER", "ADDQUOTES", "ESCAPE", "NULL", "HEADER", "GZIP", "BZIP2", "ZSTD"):
            if opts.get(bad):
                raise SyntaxError_(f"PARQUET format does not support the {bad} option")
    if fmt == "CSV" and opts.get("ADDQUOTES"):
        raise SyntaxError_("CSV format does not support the ADDQUOTES option")
    if fmt == "JSON" and (opts.get("HEADER") or opts.get("DELIMITER")):
        raise SyntaxError_("JSON format does not support HEADER or DELIMITER")
    size = opts.get("MAXFILESIZE")
    if size is not None and not 5 <= float(size) <= _DEFAULT_MAX_MB:  # type: ignore[arg-type]
        raise SyntaxError_("MAXFILESIZE must be between 5 MB and 6.2 GB")


def _suffix(fmt: str, compression: str | None, opts: dict[str, Any]) -> str:
    if opts.get("EXTENSION"):
        return "." + str(opts["EXTENSION"]).lstrip(".")
    if fmt == "PARQUET":
        return ".parquet"
    return {"GZIP": ".gz", "BZIP2": ".bz2", "ZSTD": ".zst"}.get(compression or "", "")


def _partition_value(value: Any) -> str:
    return "__HIVE_DEFAULT_PARTITION__" if value is None else _text(value)


def _plan_files(session: Session, table: pa.Table, fmt: str, compression: str | None, opts: dict[str, Any],
                prefix: str, part_cols: list[str], include: bool) -> list[tuple[str, bytes, int]]:
    """(key, body, rows) of every file this UNLOAD writes."""
    parallel = opts.get("PARALLEL", True)
    max_bytes = float(opts.get("MAXFILESIZE", _DEFAULT_MAX_MB)) * 1024 * 1024  # type: ignore[arg-type]
    suffix = _suffix(fmt, compression, opts)
    groups: list[tuple[str, pa.Table]] = []
    if part_cols:
        keys = sorted({tuple(_partition_value(v) for v in row)
                       for row in zip(*[table.column(c).to_pylist() for c in part_cols])})
        columns = {c: [_partition_value(v) for v in table.column(c).to_pylist()] for c in part_cols}
        for key in keys:
            mask = pa.array([all(columns[c][i] == key[j] for j, c in enumerate(part_cols))
                             for i in range(table.num_rows)])
            part = table.filter(mask)
            if not include:
                part = part.drop_columns(part_cols)
            folder = "".join(f"{c}={v}/" for c, v in zip(part_cols, key))
            groups.append((prefix + folder, part))
    else:
        groups.append((prefix, table))
    files: list[tuple[str, bytes, int]] = []
    header = bool(opts.get("HEADER"))
    for base, data in groups:
        if parallel:
            chunks = _chunks(data, session.cluster.slices)
            if not chunks and fmt in ("TEXT", "CSV"):
                chunks = [data]
            for slice_no, chunk in enumerate(chunks):
                for part_no, piece in enumerate(_by_size(chunk, max_bytes)):
                    files.append((f"{base}{slice_no:04d}_part_{part_no:02d}{suffix}",
                                  _body(piece, fmt, compression, opts, header), piece.num_rows))
        else:
            pieces = _by_size(data, max_bytes) if data.num_rows or fmt in ("TEXT", "CSV") else []
            for n, piece in enumerate(pieces):
                files.append((f"{base}{n:03d}{suffix}", _body(piece, fmt, compression, opts, header),
                              piece.num_rows))
    return files


def _body(table: pa.Table, fmt: str, compression: str | None, opts: dict[str, Any], header: bool) -> bytes:
    if fmt == "PARQUET":
        return _parquet(table)
    return compress(_encode_rows(table, fmt, opts, header), compression)
