"""The S3 store: every bucket of every account, one global namespace, one clock.

>>> from awscore.clock import ManualClock
>>> store = S3Store(clock=ManualClock(0))
>>> _ = store.create_bucket("logs")
>>> _ = store.put_object("logs", "2024/01/a.json", b"{}")
>>> store.get_object("logs", "2024/01/a.json").body
b'{}'
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from os import PathLike
from typing import Any

from ..clock import Clock, SystemClock
from ..core.defaults import DEFAULT_ACCOUNT, DEFAULT_REGION
from . import attributes as attrs
from . import conditions
from .bucket import Bucket
from .errors import (
    AccessDenied,
    BucketAlreadyExists,
    BucketAlreadyOwnedByYou,
    BucketNotEmpty,
    InvalidObjectState,
    InvalidRequest,
    MethodNotAllowed,
    NoSuchBucket,
    NotModified,
    PreconditionFailed,
    argument,
)
from .model import ChecksumType, ObjectVersion, StorageClass, VersioningStatus
from .names import check_bucket_name, check_key

__all__ = ["S3Store", "DEFAULT_ACCOUNT", "DEFAULT_REGION"]


_SELF_COPY = (
    "This copy request is illegal because it is trying to copy an object to itself without changing the "
    "object's metadata, storage class, website redirect location or encryption attributes."
)


class S3Store:
    """All buckets (names are global across accounts and regions, as in AWS).

    In memory unless ``root`` is given, in which case the persistence layer
    (``awscore.s3.persist``) restores the store from and flushes it to ``root``.
    """

    def __init__(self, clock: Clock | None = None, root: str | PathLike[str] | None = None) -> None:
        self.clock: Clock = clock if clock is not None else SystemClock()
        self.root = root
        self._buckets: dict[str, Bucket] = {}
        self._lock = threading.RLock()
        self._persistence: Any = None
        if root is not None:
            from . import persist  # the lead's module; attach() restores then tracks the store

            self._persistence = persist.attach(self, root)

    # -- persistence hooks -----------------------------------------------------------

    def _restore(self, buckets: Iterable[Bucket]) -> None:
        """Replace the store's buckets with already-built ones (used when reopening a persisted store)."""
        with self._lock:
            self._buckets = {}
            for bucket in buckets:
                bucket.clock = self.clock
                self._buckets[bucket.name] = bucket

    def flush(self) -> None:
        """Write state to ``root`` (no-op for an in-memory store)."""
        if self._persistence is not None:
            self._persistence.flush()

    def close(self) -> None:
        """Flush and release resources (no-op for an in-memory store)."""
        if self._persistence is not None:
            self._persistence.close()

    def filesystem(self) -> Any:
        """A ``pyarrow.fs`` filesystem over this store: ``bucket/key`` paths (see :mod:`awscore.s3.fs`)."""
        from .fs import filesystem

        return filesystem(self)

    # -- buckets ---------------------------------------------------------------------

    def create_bucket(self, name: str, *, account: str = DEFAULT_ACCOUNT, region: str = DEFAULT_REGION,
                      tags: Mapping[str, str] | None = None, object_ownership: str | None = None) -> Bucket:
        """CreateBucket: a new empty bucket owned by ``account`` in ``region``.

        ``InvalidBucketName``; ``BucketAlreadyExists`` when another account owns
        the name; ``BucketAlreadyOwnedByYou`` when the caller does, except that
        re-creating a us-east-1 bucket in us-east-1 returns it unchanged.
        """
        check_bucket_name(name)
        with self._lock:
            existing = self._buckets.get(name)
            if existing is not None:
                if existing.owner != account:
                    raise BucketAlreadyExists(error_fields={"BucketName": name})
                if existing.region == region == DEFAULT_REGION:
                    return existing
                raise BucketAlreadyOwnedByYou(error_fields={"BucketName": name})
            bucket = Bucket(name, owner=account, region=region, created=self.clock.now(), clock=self.clock,
                            tags=attrs.check_tags(tags, limit=50) if tags else None)
            if object_ownership is not None:
                bucket.object_ownership = object_ownership
            self._buckets[name] = bucket
            return bucket

    def get_bucket(self, name: str) -> Bucket:
        """The bucket called ``name`` (``NoSuchBucket``). O(1)."""
        bucket = self._buckets.get(name)
        if bucket is None:
            raise NoSuchBucket(error_fields={"BucketName": name})
        return bucket

    def delete_bucket(self, name: str, *, account: str = DEFAULT_ACCOUNT) -> None:
        """DeleteBucket: ``NoSuchBucket``, ``AccessDenied`` (other owner), ``BucketNotEmpty``."""
        with self._lock:
            bucket = self.get_bucket(name)
            if bucket.owner != account:
                raise AccessDenied()
            with bucket._lock:
                if not bucket.is_empty():
                    if bucket.versioning is not None:
                        raise BucketNotEmpty("The bucket you tried to delete is not empty. "
                                             "You must delete all versions in the bucket.",
                                             error_fields={"BucketName": name})
                    raise BucketNotEmpty(error_fields={"BucketName": name})
                del self._buckets[name]

    def list_buckets(self, account: str | None = None) -> list[Bucket]:
        """Buckets owned by ``account`` (all buckets if ``None``), sorted by name."""
        buckets = list(self._buckets.values())
        if account is not None:
            buckets = [b for b in buckets if b.owner == account]
        return sorted(buckets, key=lambda b: b.name)

    def __contains__(self, name: object) -> bool:
        return name in self._buckets

    # -- object conveniences ------------------------------------------------------------

    def put_object(self, bucket: str, key: str, body: bytes | str = b"", **kw: Any) -> ObjectVersion:
        """``get_bucket(bucket).put_object(key, body, **kw)``."""
        return self.get_bucket(bucket).put_object(key, body, **kw)

    def get_object(self, bucket: str, key: str, **kw: Any) -> ObjectVersion:
        """``get_bucket(bucket).get_object(key, **kw)``."""
        return self.get_bucket(bucket).get_object(key, **kw)

    def head_object(self, bucket: str, key: str, **kw: Any) -> ObjectVersion:
        return self.get_bucket(bucket).head_object(key, **kw)

    def delete_object(self, bucket: str, key: str, **kw: Any) -> Any:
        return self.get_bucket(bucket).delete_object(key, **kw)

    def copy_object(
        self, src_bucket: str, src_key: str, dst_bucket: str, dst_key: str, *,
        src_version_id: str | None = None, metadata_directive: str = "COPY",
        metadata: Mapping[str, str] | None = None, content_type: str | None = None,
        content_encoding: str | None = None, content_disposition: str | None = None,
        content_language: str | None = None, cache_control: str | None = None, expires: float | None = None,
        website_redirect_location: str | None = None, tagging_directive: str = "COPY",
        tags: Mapping[str, str] | None = None, storage_class: str | None = None,
        checksum_algorithm: str | None = None, source_if_match: str | None = None,
        source_if_none_match: str | None = None, source_if_modified_since: float | None = None,
        source_if_unmodified_since: float | None = None, if_match: str | None = None,
        if_none_match: str | None = None, server_side_encryption: str | None = None,
    ) -> tuple[ObjectVersion, ObjectVersion]:
        """CopyObject: ``(new version, source version)``.

        ``MetadataDirective`` COPY keeps the source's metadata and content headers,
        REPLACE takes the request's. Copy-source conditions fail with 412 (never 304).
        Copying onto itself without changing anything is ``InvalidRequest``.
        The copy gets a fresh single-part ETag and a full-object checksum.
        """
        if metadata_directive not in ("COPY", "REPLACE"):
            raise argument("Unknown metadata directive.", "x-amz-metadata-directive", metadata_directive)
        if tagging_directive not in ("COPY", "REPLACE"):
            raise argument("Unknown tagging directive.", "x-amz-tagging-directive", tagging_directive)
        check_key(dst_key)
        source_bucket = self.get_bucket(src_bucket)
        target = self.get_bucket(dst_bucket)
        try:
            src = source_bucket.get_entry(src_key, version_id=src_version_id)
        except MethodNotAllowed:
            raise InvalidRequest("The source of a copy request may not specifically refer to a delete marker "
                                 "by version id.") from None
        _check_copy_source(src, self.clock.now(), source_if_match, source_if_none_match,
                           source_if_modified_since, source_if_unmodified_since)
        if (src_bucket == dst_bucket and src_key == dst_key and metadata_directive == "COPY"
                and storage_class is None and website_redirect_location is None
                and server_side_encryption is None and (src_version_id is None or target.versioning is None)):
            raise InvalidRequest(_SELF_COPY)
        sclass = attrs.storage_class(storage_class)
        if metadata_directive == "REPLACE":
            meta = attrs.clean_metadata(metadata)
            headers = dict(content_type=content_type or "binary/octet-stream", content_encoding=content_encoding,
                           content_disposition=content_disposition, content_language=content_language,
                           cache_control=cache_control, expires=expires)
        else:
            meta = dict(src.metadata)
            headers = dict(content_type=src.content_type, content_encoding=src.content_encoding,
                           content_disposition=src.content_disposition, content_language=src.content_language,
                           cache_control=src.cache_control, expires=src.expires)
        tagset = attrs.check_tags(tags) if tagging_directive == "REPLACE" and tags else (
            {} if tagging_directive == "REPLACE" else dict(src.tags))
        algorithm = attrs.checksum_algorithm(checksum_algorithm) or src.checksum_algorithm
        value = None
        if algorithm == src.checksum_algorithm and src.checksum_type == ChecksumType.FULL_OBJECT:
            value = src.checksum_value
        body = src.body
        new = ObjectVersion(
            key=dst_key, body=body, etag=src.etag if not src.is_multipart else attrs.md5_etag(body),
            last_modified=self.clock.now(), owner=target.owner, metadata=meta,
            website_redirect_location=website_redirect_location, storage_class=sclass, tags=tagset,
            checksum_algorithm=algorithm, checksum_type=ChecksumType.FULL_OBJECT, checksum_value=value,
            **headers,  # type: ignore[arg-type]
        )
        return target.write(new, if_match=if_match, if_none_match=if_none_match), src

    def set_versioning(self, bucket: str, status: VersioningStatus | str) -> None:
        self.get_bucket(bucket).set_versioning(status)

    def __repr__(self) -> str:
        return f"S3Store(buckets={len(self._buckets)}, root={self.root!r})"


def _check_copy_source(src: ObjectVersion, now: float, if_match: str | None, if_none_match: str | None,
                       modified_since: float | None, unmodified_since: float | None) -> None:
    """Copy-source conditions: every failure is 412 ``PreconditionFailed`` (never 304).

    An archived (GLACIER / DEEP_ARCHIVE) source cannot be copied: 403 ``InvalidObjectState``.
    """
    if src.storage_class in (StorageClass.GLACIER, StorageClass.DEEP_ARCHIVE):
        raise InvalidObjectState("Operation is not valid for the source object's storage class",
                                 error_fields={"StorageClass": str(src.storage_class)},
                                 extra={"StorageClass": str(src.storage_class)})
    try:
        conditions.check_read(src, now=now, if_match=if_match, if_none_match=if_none_match,
                              if_modified_since=modified_since, if_unmodified_since=unmodified_since)
    except NotModified:
        raise PreconditionFailed(error_fields={
            "Condition": "x-amz-copy-source-If-None-Match" if if_none_match is not None
            else "x-amz-copy-source-If-Modified-Since"}) from None
    except PreconditionFailed as err:
        cond = err.error_fields.get("Condition", "")
        raise PreconditionFailed(error_fields={"Condition": f"x-amz-copy-source-{cond}"}) from None

