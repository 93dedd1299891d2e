"""Persisting the S3 store: metadata as Parquet tables, bodies as files.

Layout under ``<root>/s3/``::

    CURRENT                  {"format": 1, "generation": "gen-000007"}
    gen-000007/buckets.parquet   one row per bucket
    gen-000007/entries.parquet   one row per object version / delete marker
    gen-000007/uploads.parquet   one row per in-progress multipart upload
    gen-000007/parts.parquet     one row per uploaded part
    blobs/<sha256>           bodies over 64 KiB, content-addressed, written once

Bodies of 64 KiB or less are stored inline in ``entries.parquet``: a store of
many small objects then costs one file, not one per object.

A flush writes blobs first, then a complete new generation directory, then
atomically replaces ``CURRENT`` (write to a temporary file, fsync, rename).
A crash at any point leaves ``CURRENT`` naming the last complete generation:
reopening gives the last good state, never a half-written one. Old
generations and unreferenced blobs are removed after the switch.

``FORMAT`` is written both in ``CURRENT`` and in each table's schema
metadata; a reader accepts every format up to its own, so a store written by
this version stays readable by the next.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
import os
import shutil
import threading
from collections.abc import Iterable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.parquet as pq

from .model import (
    ChecksumAlgorithm,
    ChecksumType,
    DeleteMarker,
    MultipartUpload,
    ObjectVersion,
    Part,
    StorageClass,
    VersioningStatus,
)

if TYPE_CHECKING:
    from ..clock import Clock
    from .bucket import Bucket

__all__ = ["FORMAT", "Attached", "Persistence", "StoreFormatError", "attach"]

FORMAT = 1
INLINE_LIMIT = 64 * 1024
_META = {b"awscore.format": str(FORMAT).encode()}

_JSON_FIELDS = {"metadata", "tags"}
_TUPLE_FIELDS = {"part_sizes", "part_checksums"}
_ENUMS: dict[str, type[Enum]] = {
    "storage_class": StorageClass,
    "checksum_algorithm": ChecksumAlgorithm,
    "checksum_type": ChecksumType,
    "versioning": VersioningStatus,
}


class StoreFormatError(RuntimeError):
    """The directory holds a store written by a newer awscore (or is damaged)."""


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def _encode(name: str, value: Any) -> Any:
    if name in _JSON_FIELDS:
        return json.dumps(value, sort_keys=True) if value else None
    if name in _TUPLE_FIELDS:
        return list(value)
    if isinstance(value, Enum):
        return value.value
    return value


def _decode(name: str, value: Any) -> Any:
    if name in _JSON_FIELDS:
        return json.loads(value) if value else {}
    if name in _TUPLE_FIELDS:
        return tuple(value or ())
    enum = _ENUMS.get(name)
    if enum is not None and value is not None:
        return enum(value)
    return value


def _fields(cls: type) -> list[str]:
    return [f.name for f in dataclasses.fields(cls)]


_VERSION_FIELDS = [f for f in _fields(ObjectVersion) if f != "body"]
_MARKER_FIELDS = _fields(DeleteMarker)
_UPLOAD_FIELDS = [f for f in _fields(MultipartUpload) if f != "parts"]
_PART_FIELDS = [f for f in _fields(Part) if f != "body"]
_BUCKET_FIELDS = ["name", "owner", "region", "created", "versioning", "tags"]
_BUCKET_EXTRAS = ["bucket_key_enabled", "mfa_delete", "object_ownership"]  # engine attributes beyond BucketRecord, restored when present


class Persistence:
    """Snapshots a store's buckets under ``root`` and restores them."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.dir = Path(root) / "s3"
        self.blobs = self.dir / "blobs"
        self.blobs.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._known_blobs: set[str] = {p.name for p in self.blobs.iterdir() if not p.name.endswith(".tmp")}

    # -- writing ---------------------------------------------------------------

    def _blob(self, body: bytes) -> str:
        name = hashlib.sha256(body).hexdigest()
        if name not in self._known_blobs:
            _atomic_write(self.blobs / name, body)
            self._known_blobs.add(name)
        return name

    def _body(self, body: bytes, row: dict[str, Any]) -> str | None:
        if len(body) <= INLINE_LIMIT:
            row["inline"] = body
            row["blob"] = None
            return None
        row["inline"] = None
        row["blob"] = name = self._blob(body)
        return name

    def flush(self, buckets: Iterable[Bucket]) -> Path:
        """Write a complete new generation and switch ``CURRENT`` to it atomically."""
        with self._lock:
            bucket_rows, entry_rows, upload_rows, part_rows = [], [], [], []
            used: set[str] = set()
            for bucket in buckets:
                with bucket._lock:
                    order = getattr(bucket, "_order", {})  # creation order of version ids
                    brow = {f: _encode(f, getattr(bucket, f)) for f in _BUCKET_FIELDS}
                    brow.update({f: getattr(bucket, f) for f in _BUCKET_EXTRAS if hasattr(bucket, f)})
                    bucket_rows.append(brow)
                    for seq, entry in enumerate(bucket.entries()):
                        row: dict[str, Any] = {"bucket": bucket.name, "seq": seq,
                                               "is_delete_marker": entry.is_delete_marker,
                                               "order": order.get(entry.version_id)}
                        if entry.is_delete_marker:
                            row.update({f: _encode(f, getattr(entry, f)) for f in _MARKER_FIELDS})
                            row["inline"] = row["blob"] = None
                        else:
                            row.update({f: _encode(f, getattr(entry, f)) for f in _VERSION_FIELDS})
                            blob = self._body(entry.body, row)
                            if blob:
                                used.add(blob)
                        entry_rows.append(row)
                    for upload in list(bucket.uploads.values()):
                        urow = {f: _encode(f, getattr(upload, f)) for f in _UPLOAD_FIELDS}
                        urow["bucket"] = bucket.name
                        upload_rows.append(urow)
                        for part in list(upload.parts.values()):
                            prow = {f: _encode(f, getattr(part, f)) for f in _PART_FIELDS}
                            prow.update({"bucket": bucket.name, "upload_id": upload.upload_id})
                            blob = self._body(part.body, prow)
                            if blob:
                                used.add(blob)
                            part_rows.append(prow)
            generation = self._next_generation()
            tmp_dir = self.dir / (generation + ".tmp")
            shutil.rmtree(tmp_dir, ignore_errors=True)
            tmp_dir.mkdir()
            for name, rows in (("buckets", bucket_rows), ("entries", entry_rows),
                               ("uploads", upload_rows), ("parts", part_rows)):
                columns = list(dict.fromkeys(k for row in rows for k in row))
                table = pa.table({c: [row.get(c) for row in rows] for c in columns})
                table = table.replace_schema_metadata(_META)
                pq.write_table(table, tmp_dir / f"{name}.parquet")
            os.replace(tmp_dir, self.dir / generation)
            _atomic_write(self.dir / "CURRENT",
                          json.dumps({"format": FORMAT, "generation": generation}).encode())
            self._collect(generation, used)
            return self.dir / generation

    def _next_generation(self) -> str:
        current = self._current()
        n = int(current["generation"].split("-")[1]) + 1 if current else 1
        return f"gen-{n:06d}"

    def _collect(self, keep: str, used_blobs: set[str]) -> None:
        for path in self.dir.iterdir():
            if path.is_dir() and path.name.startswith("gen-") and path.name != keep:
                shutil.rmtree(path, ignore_errors=True)
        for name in list(self._known_blobs - used_blobs):
            (self.blobs / name).unlink(missing_ok=True)
            self._known_blobs.discard(name)

    # -- reading ------------------------------------------------------------------

    def _current(self) -> dict[str, Any] | None:
        path = self.dir / "CURRENT"
        if not path.exists():
            return None
        try:
            current = json.loads(path.read_bytes())
        except ValueError as exc:
            raise StoreFormatError(f"unreadable {path}: {exc}") from None
        if int(current.get("format", 0)) > FORMAT:
            raise StoreFormatError(
                f"{self.dir} was written by a newer awscore (format {current['format']}, this reads <= {FORMAT})"
            )
        return current

    def _read(self, generation: Path, name: str) -> list[dict[str, Any]]:
        path = generation / f"{name}.parquet"
        if not path.exists():
            return []
        table = pq.read_table(path)
        fmt = int((table.schema.metadata or {}).get(b"awscore.format", b"1"))
        if fmt > FORMAT:
            raise StoreFormatError(f"{path} has format {fmt}, this awscore reads <= {FORMAT}")
        columns = table.to_pydict()
        names = list(columns)
        return [dict(zip(names, values, strict=True)) for values in zip(*columns.values(), strict=True)]

    def _load_body(self, row: dict[str, Any]) -> bytes:
        if row.get("blob"):
            return (self.blobs / row["blob"]).read_bytes()
        return row.get("inline") or b""

    def load(self, clock: Clock | None) -> list[Bucket]:
        """The buckets of the last complete generation (empty when none was written)."""
        from .bucket import Bucket

        current = self._current()
        if current is None:
            return []
        generation = self.dir / current["generation"]
        buckets: dict[str, Bucket] = {}
        for row in self._read(generation, "buckets"):
            values = {f: _decode(f, row.get(f)) for f in _BUCKET_FIELDS}
            buckets[row["name"]] = Bucket(
                values["name"], owner=values["owner"], region=values["region"], created=values["created"],
                clock=clock, versioning=values["versioning"], tags=values["tags"],
            )
            for extra in _BUCKET_EXTRAS:
                if row.get(extra) is not None:
                    setattr(buckets[row["name"]], extra, row[extra])
        by_key: dict[tuple[str, str], list[Any]] = {}
        orders: dict[str, dict[str, int]] = {}
        for row in sorted(self._read(generation, "entries"), key=lambda r: (r["bucket"], r["seq"])):
            if row.get("order") is not None:
                orders.setdefault(row["bucket"], {})[row["version_id"]] = row["order"]
            if row["is_delete_marker"]:
                entry: Any = DeleteMarker(**{f: _decode(f, row.get(f)) for f in _MARKER_FIELDS})
            else:
                kwargs = {f: _decode(f, row.get(f)) for f in _VERSION_FIELDS if f in row}
                entry = ObjectVersion(body=self._load_body(row), **kwargs)
            by_key.setdefault((row["bucket"], row["key"]), []).append(entry)
        for (bucket_name, _), entries in by_key.items():
            buckets[bucket_name]._restore_entries(entries)
        for bucket_name, order in orders.items():
            bucket = buckets[bucket_name]
            if hasattr(bucket, "_order"):
                bucket._order.update(order)
                bucket._sequence = itertools.count(max(bucket._order.values(), default=-1) + 1)
        uploads: dict[tuple[str, str], MultipartUpload] = {}
        for row in self._read(generation, "uploads"):
            upload = MultipartUpload(**{f: _decode(f, row.get(f)) for f in _UPLOAD_FIELDS if f in row})
            buckets[row["bucket"]].uploads[upload.upload_id] = upload
            uploads[(row["bucket"], upload.upload_id)] = upload
        for row in self._read(generation, "parts"):
            part = Part(body=self._load_body(row), **{f: _decode(f, row.get(f)) for f in _PART_FIELDS if f in row})
            uploads[(row["bucket"], row["upload_id"])].parts[part.part_number] = part
        return list(buckets.values())

    def disk_usage(self) -> int:
        """Bytes on disk under the store's directory."""
        return sum(p.stat().st_size for p in self.dir.rglob("*") if p.is_file())


class Attached:
    """A store's link to its directory: restores on attach, flushes on demand, on close and at exit."""

    def __init__(self, store: Any, root: str | os.PathLike[str]) -> None:
        import atexit
        import weakref

        self.persistence = Persistence(root)
        self._store = weakref.ref(store)
        store._restore(self.persistence.load(store.clock))
        self._closed = False
        self._atexit = self._flush_at_exit
        atexit.register(self._atexit)

    def _flush_at_exit(self) -> None:
        if not self._closed and self._store() is not None:
            self.flush()

    def flush(self) -> None:
        """Snapshot every bucket of the store (atomic: the last good state survives a crash)."""
        store = self._store()
        if store is not None:
            self.persistence.flush(store.list_buckets())

    def close(self) -> None:
        """Flush once more and stop flushing at exit."""
        import atexit

        if not self._closed:
            self.flush()
            self._closed = True
            atexit.unregister(self._atexit)


def attach(store: Any, root: str | os.PathLike[str]) -> Attached:
    """Restore ``store`` from ``root`` (if it holds a store) and keep it flushable there."""
    return Attached(store, root)
