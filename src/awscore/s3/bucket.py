"""A bucket: its keys in S3 order, each key's versions, and the writes that change them.

Versioning follows S3's state machine (unversioned -> Enabled <-> Suspended):
an unversioned bucket keeps one ``null`` version per key; Enabled appends a
new version id on every write; Suspended overwrites the single ``null``
version (object or delete marker). Writes take the bucket's lock; reads are
lock-free (a key's version list is only ever replaced or appended to).

>>> from awscore.clock import ManualClock
>>> b = Bucket("photos", owner="123456789012", region="us-east-1", created=0.0, clock=ManualClock(0))
>>> b.put_object("a.txt", b"hi").etag
'"49f68a5c8493ec2c0bf489821c21fc3b"'
>>> [o.key for o in b.iter_objects()]
['a.txt']
"""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from sortedcontainers import SortedDict

from ..clock import Clock, SystemClock
from . import attributes as attrs
from . import conditions
from .attributes import (
    check_checksum,
    check_content_md5,
    check_tags,
    clean_metadata,
    md5_etag,
    new_version_id,
)
from .errors import (
    EntityTooLarge,
    InvalidRequest,
    MalformedXML,
    MethodNotAllowed,
    NoSuchKey,
    NoSuchVersion,
    PreconditionFailed,
    argument,
)
from .listing import ListResult, VersionListResult, iter_current, list_current, list_versions
from .model import (
    DEFAULT_CONTENT_TYPE,
    NULL_VERSION,
    BucketRecord,
    ChecksumAlgorithm,
    ChecksumType,
    DeleteMarker,
    Entry,
    ObjectVersion,
    VersioningStatus,
    key_order,
)
from .multipart import MultipartMixin
from .names import check_key

__all__ = ["Bucket", "DeleteResult", "MAX_OBJECT_SIZE"]

MAX_OBJECT_SIZE = 5 * 1024**3
_VERSION_ID = re.compile(r"[A-Za-z0-9._]{32}\Z")
_CHUNK = 256


@dataclass(slots=True, frozen=True)
class DeleteResult:
    """What a DeleteObject did: the version id it removed or created, and whether that is a marker."""

    version_id: str | None
    delete_marker: bool


class Bucket(BucketRecord, MultipartMixin):
    """One S3 bucket: attributes (see :class:`BucketRecord`) plus its keys, versions and uploads."""

    def __init__(
        self, name: str, *, owner: str, region: str, created: float, clock: Clock | None = None,
        versioning: VersioningStatus | str | None = None, tags: dict[str, str] | None = None,
    ) -> None:
        BucketRecord.__init__(self, name, owner, region, created,
                              VersioningStatus(versioning) if versioning else None, dict(tags or {}))
        self.clock: Clock = clock if clock is not None else SystemClock()
        #: UTF-8 key bytes -> that key's entries, oldest first
        self.keys: SortedDict = SortedDict()
        self._lock = threading.RLock()
        #: PutBucketEncryption's BucketKeyEnabled (SSE-S3 is the only default encryption)
        self.bucket_key_enabled = False
        #: the versioning configuration's MFADelete, once ever set ("Disabled"; MFA delete is not modelled)
        self.mfa_delete: str | None = None
        #: S3 Object Ownership; BucketOwnerEnforced (ACLs disabled) is S3's default for new buckets
        self.object_ownership = "BucketOwnerEnforced"
        #: version id -> creation sequence, kept after a permanent delete so that a
        #: ListObjectVersions page can resume after a version that no longer exists
        self._order: dict[str, int] = {}
        self._sequence = itertools.count()
        MultipartMixin.__init__(self)

    def __repr__(self) -> str:
        return f"Bucket({self.name!r}, owner={self.owner}, region={self.region}, keys={len(self.keys)})"

    # -- restoring (persistence) -------------------------------------------------

    def _restore_entries(self, entries: list[Entry]) -> None:
        """Load one key's entries (oldest first) as persisted; replaces what the key held."""
        if entries:
            self.keys[key_order(entries[0].key)] = list(entries)
            for entry in entries:
                if entry.version_id != NULL_VERSION:
                    self._order[entry.version_id] = next(self._sequence)

    def entries(self) -> Iterator[Entry]:
        """Every version and delete marker, by key then oldest first (for snapshots)."""
        for versions in list(self.keys.values()):
            yield from list(versions)

    # -- versioning ------------------------------------------------------------------

    def set_versioning(self, status: VersioningStatus | str) -> None:
        """PutBucketVersioning: ``Enabled`` or ``Suspended`` (anything else is ``MalformedXML``)."""
        try:
            value = VersioningStatus(status)
        except ValueError:
            raise MalformedXML() from None
        with self._lock:
            self.versioning = value

    def _check_version_id(self, version_id: str) -> None:
        if version_id == NULL_VERSION:
            return
        if self.versioning is None or not _VERSION_ID.match(version_id):
            raise argument("Invalid version id specified", "versionId", version_id)

    def _find(self, key: str, version_id: str) -> Entry | None:
        versions = self.keys.get(key_order(key))
        if versions:
            for entry in reversed(versions):
                if entry.version_id == version_id:
                    return entry
        return None

    # -- writes ----------------------------------------------------------------------

    def _commit(self, entry: Entry) -> Entry:
        """Store a new entry as the key's current one, under S3's versioning rules (lock held)."""
        kb = key_order(entry.key)
        versions = self.keys.get(kb)
        if self.versioning == VersioningStatus.ENABLED:
            entry.version_id = new_version_id()
            self._order[entry.version_id] = next(self._sequence)
            if versions is None:
                self.keys[kb] = [entry]
            else:
                versions.append(entry)
        else:
            entry.version_id = NULL_VERSION
            if versions is None or self.versioning is None:
                self.keys[kb] = [entry]
            else:
                self.keys[kb] = [v for v in versions if v.version_id != NULL_VERSION] + [entry]
        self._touch(kb)
        return entry

    def current(self, key: str) -> ObjectVersion | None:
        """The key's current object, or ``None`` if absent or hidden by a delete marker. O(1)."""
        versions = self.keys.get(key_order(key))
        if versions:
            cur = versions[-1]
            if not cur.is_delete_marker:
                return cur  # type: ignore[return-value]
        return None

    def put_object(
        self, key: str, body: bytes | bytearray | memoryview | str = b"", *,
        metadata: Mapping[str, str] | None = None, content_type: str | None = None,
        content_encoding: str | None = None, content_disposition: str | None = None,
        content_language: str | None = None, cache_control: str | None = None, expires: float | None = None,
        website_redirect_location: str | None = None, storage_class: str | None = None,
        tags: Mapping[str, str] | None = None, content_md5: str | None = None,
        checksum_algorithm: str | None = None, checksums: Mapping[str, str] | None = None,
        if_match: str | None = None, if_none_match: str | None = None, owner: str | None = None,
    ) -> ObjectVersion:
        """PutObject: store ``body`` under ``key`` as a new current version.

        Validates everything before touching state (``KeyTooLongError``,
        ``MetadataTooLarge``, ``InvalidTag``, ``InvalidStorageClass``,
        ``InvalidDigest``/``BadDigest``, checksum ``InvalidRequest``/``BadDigest``,
        ``PreconditionFailed``/``NoSuchKey`` for If-Match, ``NotImplemented``).
        Without a checksum the object is given S3's default CRC64NVME
        (computed lazily on first request). O(len(body)) for MD5, O(log n) store.
        """
        check_key(key)
        data = _as_bytes(body)
        if len(data) > MAX_OBJECT_SIZE:
            raise EntityTooLarge(error_fields={"ProposedSize": str(len(data)),
                                               "MaxSizeAllowed": str(MAX_OBJECT_SIZE)})
        meta = clean_metadata(metadata)
        tagset = check_tags(tags) if tags else {}
        sclass = attrs.storage_class(storage_class)
        check_content_md5(data, content_md5)
        algorithm, value = resolve_checksum(data, checksum_algorithm, checksums)
        version = ObjectVersion(
            key=key, body=data, etag=md5_etag(data), last_modified=self.clock.now(),
            owner=owner or self.owner, metadata=meta,
            content_type=content_type or DEFAULT_CONTENT_TYPE, content_encoding=content_encoding,
            content_disposition=content_disposition, content_language=content_language,
            cache_control=cache_control, expires=expires, website_redirect_location=website_redirect_location,
            storage_class=sclass, tags=tagset, checksum_algorithm=algorithm,
            checksum_type=ChecksumType.FULL_OBJECT, checksum_value=value,
        )
        return self.write(version, if_match=if_match, if_none_match=if_none_match)  # type: ignore[return-value]

    def write(self, version: ObjectVersion, *, if_match: str | None = None,
              if_none_match: str | None = None) -> ObjectVersion:
        """Commit a fully built version (conditional on If-Match / If-None-Match), atomically."""
        with self._lock:
            if if_match is not None or if_none_match is not None:
                conditions.check_write(self.current(version.key), if_match=if_match,
                                       if_none_match=if_none_match, key=version.key)
            version.last_modified = self.clock.now()
            return self._commit(version)  # type: ignore[return-value]

    def delete_object(self, key: str, *, version_id: str | None = None,
                      if_match: str | None = None) -> DeleteResult:
        """DeleteObject: permanent delete (unversioned or by version id) or a new delete marker.

        Idempotent on absent keys. ``InvalidArgument`` for a malformed version id,
        ``PreconditionFailed`` when ``if_match`` names another ETag. O(log n).
        """
        check_key(key)
        if version_id is not None:
            self._check_version_id(version_id)
        with self._lock:
            kb = key_order(key)
            versions = self.keys.get(kb)
            if if_match is not None and versions and not versions[-1].is_delete_marker:
                if conditions.strip_etag(if_match) != conditions.strip_etag(versions[-1].etag):  # type: ignore[union-attr]
                    raise PreconditionFailed(error_fields={"Condition": "If-Match"})
            if version_id is None:
                if self.versioning is None:
                    if versions is not None:
                        del self.keys[kb]
                        self._touch(kb)
                    return DeleteResult(None, False)
                marker = self._commit(DeleteMarker(key, NULL_VERSION, self.clock.now(), self.owner))
                return DeleteResult(marker.version_id, True)
            if not versions:
                return DeleteResult(version_id, False)
            kept = [v for v in versions if v.version_id != version_id]
            if len(kept) == len(versions):
                return DeleteResult(version_id, False)
            removed = next(v for v in versions if v.version_id == version_id)
            if kept:
                self.keys[kb] = kept
            else:
                del self.keys[kb]
            self._touch(kb)
            return DeleteResult(version_id, removed.is_delete_marker)

    # -- reads -----------------------------------------------------------------------

    def get_entry(self, key: str, *, version_id: str | None = None, method: str = "GET") -> ObjectVersion:
        """The object version a GET/HEAD addresses, or S3's error.

        ``NoSuchKey`` (with ``x-amz-delete-marker`` headers when a marker is current),
        ``NoSuchVersion``, ``InvalidArgument`` (bad version id), ``MethodNotAllowed``
        (405, the version is a delete marker). O(1) for the current version.
        """
        if len(key) > 256:
            check_key(key)
        if version_id is None:
            versions = self.keys.get(key_order(key))
            if not versions:
                raise NoSuchKey(error_fields={"Key": key})
            entry = versions[-1]
            if entry.is_delete_marker:
                raise NoSuchKey(error_fields={"Key": key}, headers={
                    "x-amz-delete-marker": "true", "x-amz-version-id": entry.version_id})
            return entry  # type: ignore[return-value]
        self._check_version_id(version_id)
        found = self._find(key, version_id)
        if found is None:
            if self.versioning is None:
                raise NoSuchKey(error_fields={"Key": key})
            raise NoSuchVersion(error_fields={"Key": key, "VersionId": version_id})
        if found.is_delete_marker:
            raise MethodNotAllowed(
                error_fields={"Method": method, "ResourceType": "DeleteMarker"},
                headers={"x-amz-delete-marker": "true", "x-amz-version-id": version_id, "allow": "DELETE"},
            )
        return found  # type: ignore[return-value]

    def get_object(
        self, key: str, *, version_id: str | None = None, if_match: str | None = None,
        if_none_match: str | None = None, if_modified_since: float | None = None,
        if_unmodified_since: float | None = None,
    ) -> ObjectVersion:
        """GetObject: the addressed version after S3's conditional checks (412 / 304). O(1) current."""
        version = self.get_entry(key, version_id=version_id)
        if (if_match is not None or if_none_match is not None or if_modified_since is not None
                or if_unmodified_since is not None):
            conditions.check_read(version, now=self.clock.now(), if_match=if_match,
                                  if_none_match=if_none_match, if_modified_since=if_modified_since,
                                  if_unmodified_since=if_unmodified_since)
        return version

    head_object = get_object

    def list_objects(self, prefix: str = "", *, delimiter: str | None = None, start_after: str | None = None,
                     max_keys: int = 1000) -> ListResult:
        """One page of current objects and common prefixes in UTF-8 byte order. O(log n + page)."""
        with self._lock:
            return list_current(self.keys, prefix, delimiter or None, start_after, max_keys)

    def iter_objects(self, prefix: str = "", *, start_after: str | None = None) -> Iterator[ObjectVersion]:
        """Current object versions under ``prefix`` in key order, lazily (O(log n) seek per chunk).

        Reads in chunks of 256 under the bucket's lock, so concurrent writers are
        safe; a key written after the iteration passed it is not seen.
        """
        marker = start_after
        while True:
            with self._lock:
                chunk = list(itertools.islice(iter_current(self.keys, prefix, marker), _CHUNK))
            yield from chunk
            if len(chunk) < _CHUNK:
                return
            marker = chunk[-1].key

    def list_object_versions(
        self, prefix: str = "", *, delimiter: str | None = None, key_marker: str | None = None,
        version_id_marker: str | None = None, max_keys: int = 1000,
    ) -> VersionListResult:
        """One page of versions and delete markers: key order, newest first per key."""
        with self._lock:
            return list_versions(self.keys, prefix, delimiter or None, key_marker, version_id_marker, max_keys,
                                 order=self._order)

    def _check(self) -> None:
        """Assert every internal invariant (tests call this after each mutation). O(total versions)."""
        with self._lock:
            previous = None
            for kb, versions in self.keys.items():
                assert previous is None or previous < kb, "keys out of UTF-8 byte order"
                previous = kb
                assert versions, "a key with no entries"
                assert all(key_order(e.key) == kb for e in versions), "entry filed under another key"
                ids = [e.version_id for e in versions]
                assert len(ids) == len(set(ids)), "duplicate version id"
                assert ids.count(NULL_VERSION) <= 1, "more than one null version"
                if self.versioning is None:
                    assert ids == [NULL_VERSION], "unversioned bucket with versions"
                    assert not versions[0].is_delete_marker, "delete marker in an unversioned bucket"
                assert all(a.last_modified <= b.last_modified for a, b in zip(versions, versions[1:])), \
                    "entries not oldest first"
            for upload_id, upload in self.uploads.items():
                assert upload.upload_id == upload_id
                assert all(1 <= n <= 10000 for n in upload.parts)

    def is_empty(self) -> bool:
        return not self.keys

    def __len__(self) -> int:
        return len(self.keys)

    # -- tagging ---------------------------------------------------------------------

    def _tag_target(self, key: str, version_id: str | None, method: str) -> ObjectVersion:
        """The version a tagging call addresses; a current delete marker answers 405 as S3 does."""
        try:
            return self.get_entry(key, version_id=version_id, method=method)
        except NoSuchKey as err:
            if err.headers.get("x-amz-delete-marker") == "true":
                raise MethodNotAllowed(error_fields={"Method": method, "ResourceType": "DeleteMarker"},
                                       headers={**err.headers, "allow": "DELETE"}) from None
            raise NoSuchKey(error_fields={"Key": key}, headers=err.headers) from None

    def put_object_tagging(self, key: str, tags: Mapping[str, str], *,
                           version_id: str | None = None) -> ObjectVersion:
        """PutObjectTagging: replace the tag set of a version (``InvalidTag``, 405 on markers)."""
        tagset = check_tags(tags)
        with self._lock:
            version = self._tag_target(key, version_id, "PUT")
            version.tags = tagset
            return version

    def get_object_tagging(self, key: str, *, version_id: str | None = None) -> ObjectVersion:
        """The version whose ``tags`` GetObjectTagging returns."""
        return self._tag_target(key, version_id, "GET")

    def delete_object_tagging(self, key: str, *, version_id: str | None = None) -> ObjectVersion:
        with self._lock:
            version = self._tag_target(key, version_id, "DELETE")
            version.tags = {}
            return version


def _as_bytes(body: bytes | bytearray | memoryview | str) -> bytes:
    if isinstance(body, bytes):
        return body
    if isinstance(body, str):
        return body.encode()
    if isinstance(body, bytearray | memoryview):
        return bytes(body)
    raise InvalidRequest("The request body must be bytes")


def resolve_checksum(
    data: bytes, algorithm_name: str | None, given: Mapping[str, str] | None
) -> tuple[ChecksumAlgorithm, str | None]:
    """The checksum algorithm and (verified) value to store for a body.

    Several ``x-amz-checksum-*`` values or a value for another algorithm than the
    declared one are ``InvalidRequest``; a wrong value is ``BadDigest``. Without
    any, S3's default CRC64NVME is chosen (value computed lazily).
    """
    algorithm = attrs.checksum_algorithm(algorithm_name)
    given = {k: v for k, v in (given or {}).items() if v is not None}
    if len(given) > 1:
        raise InvalidRequest("Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.")
    if given:
        (name, value), = given.items()
        alg = attrs.checksum_algorithm(name)
        assert alg is not None
        if algorithm is not None and alg is not algorithm:
            raise InvalidRequest(
                f"Value for x-amz-checksum-{algorithm.lower()} header is invalid.")
        return alg, check_checksum(alg, value, data)
    if algorithm is not None:
        return algorithm, None
    return ChecksumAlgorithm.CRC64NVME, None
