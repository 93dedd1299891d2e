"""S3 access for COPY and UNLOAD: URLs, prefix listing, manifests, compression."""

from __future__ import annotations

import bz2
import gzip
import json
from typing import Any

import pyarrow as pa

from ..core.errors import AWSError
from .errors import FeatureNotSupported, InternalError

__all__ = ["split_url", "read_sources", "decompress", "compress", "bucket_of"]


def split_url(url: str) -> tuple[str, str]:
    """``s3://bucket/key`` -> (bucket, key)."""
    if not url.startswith("s3://"):
        raise FeatureNotSupported(f"awscore COPY / UNLOAD support s3:// locations only, not '{url}'")
    rest = url[5:]
    bucket, _, key = rest.partition("/")
    if not bucket:
        raise InternalError(f"S3ServiceException:Invalid S3 URL '{url}'")
    return bucket, key


def bucket_of(store: Any, name: str) -> Any:
    try:
        return store.get_bucket(name)
    except AWSError:
        raise InternalError(
            "S3ServiceException:The specified bucket does not exist,Status 404,Error NoSuchBucket,"
            "Rid x,ExtRid x,CanRetry 1") from None


def read_sources(store: Any, url: str, *, manifest: bool) -> list[tuple[str, bytes]]:
    """(url, body) of every object COPY reads: a key-prefix match, or a manifest's entries."""
    bucket_name, key = split_url(url)
    bucket = bucket_of(store, bucket_name)
    if manifest:
        try:
            body = bucket.get_object(key).body
        except AWSError:
            raise InternalError(f"S3ServiceException:The specified key does not exist.,Status 404,"
                                f"Error NoSuchKey,Manifest '{url}'") from None
        try:
            entries = json.loads(body)["entries"]
        except (ValueError, KeyError, TypeError):
            raise InternalError(f"Manifest file is not in correct json format: '{url}'") from None
        out = []
        for entry in entries:
            eurl = entry.get("url", "")
            ebucket, ekey = split_url(eurl)
            try:
                out.append((eurl, bucket_of(store, ebucket).get_object(ekey).body))
            except AWSError:
                if entry.get("mandatory", False):
                    raise InternalError(f"Manifest file '{url}' names a mandatory file that does not exist: "
                                        f"'{eurl}'") from None
        return out
    objects = [(f"s3://{bucket_name}/{obj.key}", obj.body) for obj in bucket.iter_objects(key)]
    if not objects:
        raise InternalError(f"S3ServiceException:The specified S3 prefix '{key}' does not exist")
    return objects


def decompress(body: bytes, method: str | None) -> bytes:
    if method is None:
        return body
    try:
        if method == "GZIP":
            return gzip.decompress(body)
        if method == "BZIP2":
            return bz2.decompress(body)
        if method == "ZSTD":
            return pa.CompressedInputStream(pa.BufferReader(body), "zstd").read()
    except (OSError, EOFError, ValueError, pa.ArrowException) as exc:
        raise InternalError(f"Failed to inflate the {method.lower()} file: {exc}") from None
    raise FeatureNotSupported(f"{method} compression is not supported by awscore")


def compress(body: bytes, method: str | None) -> bytes:
    if method is None:
        return body
    if method == "GZIP":
        return gzip.compress(body)
    if method == "BZIP2":
        return bz2.compress(body)
    if method == "ZSTD":
        sink = pa.BufferOutputStream()
        stream = pa.CompressedOutputStream(sink, "zstd")
        stream.write(body)
        stream.close()
        return sink.getvalue().to_pybytes()
    raise FeatureNotSupported(f"{method} compression is not supported by awscore")
