"""S3's data model: plain dataclasses, no behaviour beyond trivial properties.

This is the one description of what the store holds; the engine
(:mod:`awscore.s3.bucket`, :mod:`awscore.s3.store`) mutates these objects and
persistence reads and rebuilds them.

* A bucket's keys live in a :class:`sortedcontainers.SortedDict` keyed by the
  key's UTF-8 bytes (S3's one ordering, :func:`key_order`) mapping to that
  key's versions, **oldest first**: ``versions[-1]`` is the current entry.
* An entry is an :class:`ObjectVersion` or a :class:`DeleteMarker`; both carry
  ``key``, ``version_id`` (``"null"`` for the null version), ``last_modified``
  (epoch seconds) and ``is_delete_marker``.
* In-progress multipart uploads are :class:`MultipartUpload` objects holding
  their :class:`Part` objects by part number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import ClassVar

__all__ = [
    "NULL_VERSION",
    "DEFAULT_CONTENT_TYPE",
    "VersioningStatus",
    "StorageClass",
    "ChecksumAlgorithm",
    "ChecksumType",
    "ObjectVersion",
    "DeleteMarker",
    "Entry",
    "Part",
    "MultipartUpload",
    "BucketRecord",
    "key_order",
]

NULL_VERSION = "null"
DEFAULT_CONTENT_TYPE = "binary/octet-stream"


def key_order(key: str) -> bytes:
    """S3's ordering of keys: lexicographic by UTF-8 bytes (defined once, here)."""
    return key.encode("utf-8", "surrogatepass")


class VersioningStatus(StrEnum):
    """A bucket's versioning state once set (never-versioned buckets have ``None``)."""

    ENABLED = "Enabled"
    SUSPENDED = "Suspended"


class StorageClass(StrEnum):
    STANDARD = "STANDARD"
    REDUCED_REDUNDANCY = "REDUCED_REDUNDANCY"
    STANDARD_IA = "STANDARD_IA"
    ONEZONE_IA = "ONEZONE_IA"
    INTELLIGENT_TIERING = "INTELLIGENT_TIERING"
    GLACIER = "GLACIER"
    DEEP_ARCHIVE = "DEEP_ARCHIVE"
    GLACIER_IR = "GLACIER_IR"


class ChecksumAlgorithm(StrEnum):
    CRC32 = "CRC32"
    CRC32C = "CRC32C"
    CRC64NVME = "CRC64NVME"
    SHA1 = "SHA1"
    SHA256 = "SHA256"


class ChecksumType(StrEnum):
    FULL_OBJECT = "FULL_OBJECT"
    COMPOSITE = "COMPOSITE"


@dataclass(slots=True, eq=False)
class ObjectVersion:
    """One version of an object: its bytes and everything S3 stores with them.

    ``checksum_value`` is the base64 checksum of ``checksum_algorithm``
    (``"...-N"`` for a composite multipart checksum); ``None`` means "not yet
    computed" and the engine computes it from ``body`` on first request.
    ``part_sizes`` / ``part_checksums`` are set for multipart objects only.
    """

    is_delete_marker: ClassVar[bool] = False

    key: str
    body: bytes
    etag: str  # quoted, as S3 returns it
    last_modified: float
    version_id: str = NULL_VERSION
    owner: str = ""
    metadata: dict[str, str] = field(default_factory=dict)
    content_type: str = DEFAULT_CONTENT_TYPE
    content_encoding: str | None = None
    content_disposition: str | None = None
    content_language: str | None = None
    cache_control: str | None = None
    expires: float | None = None
    website_redirect_location: str | None = None
    storage_class: StorageClass = StorageClass.STANDARD
    tags: dict[str, str] = field(default_factory=dict)
    checksum_algorithm: ChecksumAlgorithm | None = None
    checksum_type: ChecksumType | None = None
    checksum_value: str | None = None
    part_sizes: tuple[int, ...] = ()
    part_checksums: tuple[str, ...] = ()
    server_side_encryption: str = "AES256"

    @property
    def size(self) -> int:
        return len(self.body)

    @property
    def is_multipart(self) -> bool:
        return bool(self.part_sizes)


@dataclass(slots=True, eq=False)
class DeleteMarker:
    """A delete marker: hides its key from GET and listings while it is current."""

    is_delete_marker: ClassVar[bool] = True

    key: str
    version_id: str
    last_modified: float
    owner: str = ""

    size: ClassVar[int] = 0


Entry = ObjectVersion | DeleteMarker


@dataclass(slots=True, eq=False)
class Part:
    """One uploaded part of a multipart upload."""

    part_number: int
    body: bytes
    etag: str  # quoted md5 hex
    last_modified: float
    checksum_value: str | None = None  # base64, of the upload's algorithm

    @property
    def size(self) -> int:
        return len(self.body)


@dataclass(slots=True, eq=False)
class MultipartUpload:
    """An in-progress multipart upload and the object attributes given at creation."""

    upload_id: str
    key: str
    initiated: float
    owner: str = ""
    metadata: dict[str, str] = field(default_factory=dict)
    content_type: str = DEFAULT_CONTENT_TYPE
    content_encoding: str | None = None
    content_disposition: str | None = None
    content_language: str | None = None
    cache_control: str | None = None
    expires: float | None = None
    website_redirect_location: str | None = None
    storage_class: StorageClass = StorageClass.STANDARD
    tags: dict[str, str] = field(default_factory=dict)
    checksum_algorithm: ChecksumAlgorithm | None = None
    checksum_type: ChecksumType | None = None
    parts: dict[int, Part] = field(default_factory=dict)
    #: the key's write generation when the upload began (ConditionalRequestConflict)
    key_generation: int = 0


@dataclass(slots=True, eq=False)
class BucketRecord:
    """A bucket's own attributes (its objects live in the engine's ``Bucket``)."""

    name: str
    owner: str  # account id
    region: str
    created: float
    versioning: VersioningStatus | None = None
    tags: dict[str, str] = field(default_factory=dict)
