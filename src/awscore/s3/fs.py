"""A ``pyarrow.fs`` filesystem over the in-process S3 store.

Paths are ``bucket/key``, as with pyarrow's own ``S3FileSystem``; directories
are implied by key prefixes (S3 has none), and a bucket is the top directory.
``pyarrow.parquet``, ``pyarrow.dataset`` and DuckDB (through fsspec-free
pyarrow datasets) read and write the store's objects directly, so Firehose,
Glue and Redshift COPY/UNLOAD share one view of the data.

>>> import pyarrow as pa, pyarrow.parquet as pq
>>> from awscore.s3.store import S3Store
>>> store = S3Store()
>>> _ = store.create_bucket("lake")
>>> fs = store.filesystem()
>>> pq.write_table(pa.table({"x": [1, 2]}), "lake/t/part-0.parquet", filesystem=fs)
>>> pq.read_table("lake/t", filesystem=fs).num_rows
2
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

import pyarrow as pa
from pyarrow import fs as pafs

from ..core.errors import NotFoundError

if TYPE_CHECKING:
    from .store import S3Store

__all__ = ["S3StoreHandler", "filesystem", "register_duckdb"]


def _split(path: str) -> tuple[str, str]:
    path = path.strip("/")
    bucket, _, key = path.partition("/")
    return bucket, key


def _mtime_ns(epoch: float) -> int:
    return int(epoch * 1_000_000_000)


class _UploadOnClose(io.BytesIO):
    """A writable buffer that becomes one S3 object when closed."""

    def __init__(self, store: S3Store, bucket: str, key: str, metadata: dict[str, str] | None) -> None:
        super().__init__()
        self._target = (store, bucket, key, metadata)
        self._done = False

    def close(self) -> None:
        if not self._done:
            self._done = True
            store, bucket, key, metadata = self._target
            content_type = None
            if metadata:
                metadata = dict(metadata)
                content_type = metadata.pop("Content-Type", None) or metadata.pop("content-type", None)
            store.get_bucket(bucket).put_object(
                key, self.getvalue(), metadata=metadata or None, content_type=content_type
            )
        super().close()


class S3StoreHandler(pafs.FileSystemHandler):
    """The pyarrow ``FileSystemHandler`` of an :class:`~awscore.s3.store.S3Store`."""

    def __init__(self, store: S3Store) -> None:
        self.store = store

    def __eq__(self, other: object) -> bool:
        return isinstance(other, S3StoreHandler) and other.store is self.store

    def __ne__(self, other: object) -> bool:
        return not self == other

    def get_type_name(self) -> str:
        return "awscore-s3"

    def normalize_path(self, path: str) -> str:
        if path.startswith("s3://"):
            path = path[5:]
        return path.strip("/")

    def equals(self, other: Any) -> bool:
        return self == other

    # -- lookups ---------------------------------------------------------------

    def _bucket(self, name: str) -> Any | None:
        try:
            return self.store.get_bucket(name)
        except NotFoundError:
            return None

    def _object(self, bucket: Any, key: str) -> Any | None:
        try:
            obj = bucket.head_object(key)
        except NotFoundError:
            return None
        return None if getattr(obj, "is_delete_marker", False) else obj

    def _has_children(self, bucket: Any, key: str) -> bool:
        for _ in bucket.iter_objects(key.rstrip("/") + "/"):
            return True
        return False

    def _info(self, path: str) -> pafs.FileInfo:
        bucket_name, key = _split(path)
        if not bucket_name:
            return pafs.FileInfo("", pafs.FileType.Directory)
        bucket = self._bucket(bucket_name)
        if bucket is None:
            return pafs.FileInfo(path, pafs.FileType.NotFound)
        if not key:
            return pafs.FileInfo(path, pafs.FileType.Directory)
        obj = self._object(bucket, key)
        if obj is not None and not key.endswith("/"):
            return pafs.FileInfo(path, pafs.FileType.File, size=obj.size, mtime_ns=_mtime_ns(obj.last_modified))
        if obj is not None or self._has_children(bucket, key):
            return pafs.FileInfo(path, pafs.FileType.Directory)
        return pafs.FileInfo(path, pafs.FileType.NotFound)

    def get_file_info(self, paths: list[str]) -> list[pafs.FileInfo]:
        return [self._info(self.normalize_path(p)) for p in paths]

    def get_file_info_selector(self, selector: pafs.FileSelector) -> list[pafs.FileInfo]:
        base = self.normalize_path(selector.base_dir)
        bucket_name, key = _split(base)
        if not bucket_name:
            buckets = self.store.list_buckets()
            out = [pafs.FileInfo(b.name, pafs.FileType.Directory) for b in buckets]
            if selector.recursive:
                for b in buckets:
                    out.extend(self.get_file_info_selector(pafs.FileSelector(b.name, recursive=True)))
            return out
        info = self._info(base)
        if info.type != pafs.FileType.Directory:
            if selector.allow_not_found and info.type == pafs.FileType.NotFound:
                return []
            if info.type == pafs.FileType.NotFound:
                raise FileNotFoundError(f"Path does not exist '{base}'")
            raise NotADirectoryError(f"Not a directory: '{base}'")
        bucket = self.store.get_bucket(bucket_name)
        prefix = key.rstrip("/") + "/" if key else ""
        out: list[pafs.FileInfo] = []
        seen_dirs: set[str] = set()
        for obj in bucket.iter_objects(prefix):
            rest = obj.key[len(prefix):]
            parts = rest.split("/")
            # implied directories between the base and the object
            depth = len(parts) - 1 if selector.recursive else min(1, len(parts) - 1)
            for i in range(1, depth + 1):
                d = prefix + "/".join(parts[:i])
                if d not in seen_dirs:
                    seen_dirs.add(d)
                    out.append(pafs.FileInfo(f"{bucket_name}/{d}", pafs.FileType.Directory))
            if len(parts) == 1 or selector.recursive:
                if rest and not rest.endswith("/"):
                    out.append(pafs.FileInfo(f"{bucket_name}/{obj.key}", pafs.FileType.File, size=obj.size,
                                             mtime_ns=_mtime_ns(obj.last_modified)))
        return out

    # -- directories ---------------------------------------------------------------

    def create_dir(self, path: str, recursive: bool) -> None:
        bucket_name, _ = _split(self.normalize_path(path))
        if bucket_name and self._bucket(bucket_name) is None:
            self.store.create_bucket(bucket_name)
        # S3 has no directories: prefixes exist once an object is under them

    def delete_dir(self, path: str) -> None:
        bucket_name, key = _split(self.normalize_path(path))
        self.delete_dir_contents(path, False)
        if not key:
            self.store.delete_bucket(bucket_name, account=self.store.get_bucket(bucket_name).owner)

    def delete_dir_contents(self, path: str, missing_dir_ok: bool = False) -> None:
        bucket_name, key = _split(self.normalize_path(path))
        bucket = self._bucket(bucket_name)
        if bucket is None:
            if missing_dir_ok:
                return
            raise FileNotFoundError(f"Path does not exist '{path}'")
        prefix = key.rstrip("/") + "/" if key else ""
        for obj_key in [o.key for o in bucket.iter_objects(prefix)]:
            bucket.delete_object(obj_key)

    def delete_root_dir_contents(self) -> None:
        raise PermissionError("refusing to delete every bucket of the store")

    # -- files -----------------------------------------------------------------------

    def delete_file(self, path: str) -> None:
        bucket_name, key = _split(self.normalize_path(path))
        bucket = self._bucket(bucket_name)
        if bucket is None or self._object(bucket, key) is None:
            raise FileNotFoundError(f"Path does not exist '{path}'")
        bucket.delete_object(key)

    def copy_file(self, src: str, dest: str) -> None:
        sb, sk = _split(self.normalize_path(src))
        db, dk = _split(self.normalize_path(dest))
        obj = self._read(sb, sk)
        self.store.get_bucket(db).put_object(dk, obj.body, metadata=dict(obj.metadata or {}) or None,
                                             content_type=obj.content_type)

    def move(self, src: str, dest: str) -> None:
        self.copy_file(src, dest)
        self.delete_file(src)

    def _read(self, bucket_name: str, key: str) -> Any:
        bucket = self._bucket(bucket_name)
        obj = None if bucket is None else self._object(bucket, key)
        if obj is None:
            raise FileNotFoundError(f"Path does not exist '{bucket_name}/{key}'")
        return bucket.get_object(key)

    def open_input_stream(self, path: str) -> pa.NativeFile:
        return pa.BufferReader(self._read(*_split(self.normalize_path(path))).body)

    def open_input_file(self, path: str) -> pa.NativeFile:
        return pa.BufferReader(self._read(*_split(self.normalize_path(path))).body)

    def open_output_stream(self, path: str, metadata: dict[str, str] | None = None) -> pa.NativeFile:
        bucket_name, key = _split(self.normalize_path(path))
        if not key:
            raise IsADirectoryError(f"Cannot write to a bucket: '{path}'")
        self.store.get_bucket(bucket_name)  # NoSuchBucket before any write
        return pa.PythonFile(_UploadOnClose(self.store, bucket_name, key, metadata), mode="w")

    def open_append_stream(self, path: str, metadata: dict[str, str] | None = None) -> pa.NativeFile:
        raise NotImplementedError("S3 objects cannot be appended to")


def filesystem(store: S3Store) -> pafs.PyFileSystem:
    """A ``pyarrow.fs.FileSystem`` whose paths are ``bucket/key`` in ``store``."""
    return pafs.PyFileSystem(S3StoreHandler(store))


def register_duckdb(store: S3Store, connection: Any, protocols: tuple[str, ...] = ("s3", "s3a")) -> None:
    """Let a DuckDB connection read and write ``s3://bucket/key`` paths of ``store``.

    ``read_parquet('s3://lake/t/*.parquet')``, ``COPY ... TO 's3://lake/out.parquet'`` and
    globbing then go to the in-process store, on that connection only. DuckDB accepts
    only fsspec filesystems, so this needs the optional ``fsspec`` package
    (``pip install 'awscore[duckdb]'``).
    """
    try:
        from fsspec.implementations.arrow import ArrowFSWrapper
    except ImportError as exc:  # pragma: no cover - exercised only without fsspec
        raise ImportError("register_duckdb needs fsspec: pip install 'awscore[duckdb]'") from exc

    prefixes = tuple(f"{p}://" for p in protocols)

    class _StoreFS(ArrowFSWrapper):  # type: ignore[misc]
        protocol = protocols
        root_marker = ""

        @classmethod
        def _strip_protocol(cls, path: Any) -> Any:
            if isinstance(path, list):
                return [cls._strip_protocol(p) for p in path]
            for prefix in prefixes:
                if path.startswith(prefix):
                    path = path[len(prefix):]
                    break
            return path.rstrip("/")

    connection.register_filesystem(_StoreFS(filesystem(store), skip_instance_cache=True))
