"""Multipart uploads of a bucket: create, upload part, list, complete, abort.

AWS's rules: part numbers 1..10000; every listed part but the last at least
5 MiB (checked at Complete); parts listed in ascending order with matching
ETags; the object's ETag is ``md5(concat(part md5s))-N``. With a checksum
algorithm the object gets a COMPOSITE (``H(concat(part digests))-N``) or
FULL_OBJECT checksum. Nothing is stored until Complete succeeds.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import attributes as attrs
from . import checksums, conditions
from .attributes import check_content_md5, check_tags, clean_metadata, new_upload_id, strip_etag
from .errors import (
    BadDigest,
    ConditionalRequestConflict,
    EntityTooSmall,
    InvalidPart,
    InvalidPartOrder,
    InvalidRequest,
    NoSuchUpload,
    argument,
)
from .model import (
    DEFAULT_CONTENT_TYPE,
    ChecksumAlgorithm,
    ChecksumType,
    MultipartUpload,
    ObjectVersion,
    Part,
    key_order,
)
from .names import check_key

if TYPE_CHECKING:
    import threading

    from ..clock import Clock

__all__ = ["MultipartMixin", "CompletedPart", "MIN_PART_SIZE", "MAX_PART_NUMBER"]

MIN_PART_SIZE = 5 * 1024 * 1024
MAX_PART_NUMBER = 10000
_FULL_OBJECT_ALGS = {ChecksumAlgorithm.CRC32, ChecksumAlgorithm.CRC32C, ChecksumAlgorithm.CRC64NVME}


@dataclass(slots=True)
class CompletedPart:
    """One ``<Part>`` of a CompleteMultipartUpload request."""

    part_number: int
    etag: str
    checksum: str | None = None  # base64 of the upload's algorithm, as the client sent it


def check_part_number(part_number: Any) -> int:
    if isinstance(part_number, bool) or not isinstance(part_number, int) or not (
            1 <= part_number <= MAX_PART_NUMBER):
        raise argument("Part number must be an integer between 1 and 10000, inclusive", "partNumber",
                       part_number)
    return part_number


def part_checksum(part: Part, algorithm: ChecksumAlgorithm) -> str:
    """The part's base64 checksum of ``algorithm`` (computed on first need)."""
    if part.checksum_value is None:
        part.checksum_value = checksums.b64(algorithm, part.body)
    return part.checksum_value


class MultipartMixin:
    """Multipart operations; mixed into :class:`~awscore.s3.bucket.Bucket`."""

    if TYPE_CHECKING:
        _lock: threading.RLock
        clock: Clock
        owner: str

        def current(self, key: str) -> ObjectVersion | None: ...
        def write(self, version: ObjectVersion, *, if_match: str | None = ...,
                  if_none_match: str | None = ...) -> ObjectVersion: ...

    def __init__(self) -> None:
        #: upload id -> in-progress upload
        self.uploads: dict[str, MultipartUpload] = {}
        self._completed: dict[str, ObjectVersion] = {}
        self._watch: dict[bytes, int] = {}  # key -> write count, for keys with open uploads

    def _touch(self, kb: bytes) -> None:
        if kb in self._watch:
            self._watch[kb] += 1

    def _upload(self, upload_id: str) -> MultipartUpload:
        upload = self.uploads.get(upload_id)
        if upload is None:
            raise NoSuchUpload(error_fields={"UploadId": upload_id})
        return upload

    def create_multipart_upload(
        self, key: str, *, metadata: Mapping[str, str] | None = None, content_type: str | None = None,
        content_encoding: str | None = None, content_disposition: str | None = None,
        content_language: str | None = None, cache_control: str | None = None, expires: float | None = None,
        website_redirect_location: str | None = None, storage_class: str | None = None,
        tags: Mapping[str, str] | None = None, checksum_algorithm: str | None = None,
        checksum_type: str | None = None, owner: str | None = None,
    ) -> MultipartUpload:
        """CreateMultipartUpload: a new upload id for ``key``.

        ``InvalidRequest`` for bad checksum algorithm/type combinations,
        ``InvalidStorageClass``, ``InvalidTag``, ``MetadataTooLarge``.
        """
        check_key(key)
        algorithm = attrs.checksum_algorithm(checksum_algorithm)
        ctype = _checksum_type(algorithm, checksum_type)
        upload = MultipartUpload(
            upload_id=new_upload_id(), key=key, initiated=self.clock.now(), owner=owner or self.owner,
            metadata=clean_metadata(metadata), content_type=content_type or DEFAULT_CONTENT_TYPE,
            content_encoding=content_encoding, content_disposition=content_disposition,
            content_language=content_language, cache_control=cache_control, expires=expires,
            website_redirect_location=website_redirect_location,
            storage_class=attrs.storage_class(storage_class), tags=check_tags(tags) if tags else {},
            checksum_algorithm=algorithm, checksum_type=ctype,
        )
        with self._lock:
            kb = key_order(key)
            upload.key_generation = self._watch.setdefault(kb, 0)
            self.uploads[upload.upload_id] = upload
        return upload

    def upload_part(
        self, upload_id: str, part_number: int, body: bytes, *, content_md5: str | None = None,
        checksum_algorithm: str | None = None, checksums_: Mapping[str, str] | None = None,
    ) -> Part:
        """UploadPart: store (or replace) part ``part_number`` of an upload.

        ``NoSuchUpload``, ``InvalidArgument`` (part number), ``InvalidDigest``/
        ``BadDigest``, checksum ``InvalidRequest``/``BadDigest``.
        """
        upload = self._upload(upload_id)
        check_part_number(part_number)
        data = bytes(body)
        check_content_md5(data, content_md5)
        value: str | None = None
        requested = attrs.checksum_algorithm(checksum_algorithm)
        given = {k: v for k, v in (checksums_ or {}).items() if v is not None}
        if len(given) > 1:
            raise InvalidRequest(
                "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.")
        if given:
            (name, raw), = given.items()
            requested_alg = attrs.checksum_algorithm(name)
            assert requested_alg is not None
            if upload.checksum_algorithm is not None and requested_alg != upload.checksum_algorithm:
                raise _type_mismatch(upload.checksum_algorithm, requested_alg)
            checked = attrs.check_checksum(requested_alg, raw, data)
            if requested_alg == upload.checksum_algorithm:
                value = checked
        elif requested is not None and upload.checksum_algorithm is not None \
                and requested != upload.checksum_algorithm:
            raise _type_mismatch(upload.checksum_algorithm, requested)
        part = Part(part_number, data, attrs.md5_etag(data), self.clock.now(), value)
        with self._lock:
            self._upload(upload_id).parts[part_number] = part
        return part

    def list_parts(self, upload_id: str, *, part_number_marker: int = 0,
                   max_parts: int = 1000) -> tuple[list[Part], bool, int]:
        """ListParts: ``(parts after the marker, is_truncated, next marker)``."""
        upload = self._upload(upload_id)
        numbers = sorted(n for n in upload.parts if n > part_number_marker)
        page = numbers[:max(0, max_parts)]
        truncated = len(numbers) > len(page)
        return [upload.parts[n] for n in page], truncated, (page[-1] if page else 0)

    def list_multipart_uploads(self, prefix: str = "") -> list[MultipartUpload]:
        """Uploads in progress under ``prefix``, by key (UTF-8 order) then initiation time."""
        found = [u for u in list(self.uploads.values()) if u.key.startswith(prefix)]
        found.sort(key=lambda u: (key_order(u.key), u.initiated))
        return found

    def abort_multipart_upload(self, upload_id: str) -> None:
        """AbortMultipartUpload: discard the upload and its parts (``NoSuchUpload``)."""
        with self._lock:
            self._upload(upload_id)
            del self.uploads[upload_id]

    def complete_multipart_upload(
        self, upload_id: str, parts: Sequence[CompletedPart], *, checksum_type: str | None = None,
        full_checksum: Mapping[str, str] | None = None, mpu_object_size: int | None = None,
        if_match: str | None = None, if_none_match: str | None = None,
    ) -> ObjectVersion:
        """CompleteMultipartUpload: assemble the listed parts into the key's new current version.

        Errors in AWS's order: ``NoSuchUpload``, ``InvalidRequest`` (no parts),
        ``InvalidPartOrder``, ``InvalidPart``, ``EntityTooSmall``, checksum
        ``InvalidRequest``/``BadDigest``, ``PreconditionFailed``, ``NoSuchKey``,
        ``ConditionalRequestConflict``. O(total size).
        """
        with self._lock:
            done = self._completed.get(upload_id)
            if done is not None and upload_id not in self.uploads:
                return done
            upload = self._upload(upload_id)
            version = self._assemble(upload, parts, checksum_type, full_checksum, mpu_object_size)
            current = self.current(upload.key)
            if if_match is not None or if_none_match is not None:
                conditions.check_write(current, if_match=if_match, if_none_match=if_none_match, key=upload.key)
                kb = key_order(upload.key)
                if self._watch.get(kb, 0) != upload.key_generation:
                    raise ConditionalRequestConflict(error_fields={
                        "Condition": "If-Match" if if_match is not None else "If-None-Match", "Key": upload.key})
            written = self.write(version)
            del self.uploads[upload_id]
            self._completed[upload_id] = written
            return written

    def _assemble(self, upload: MultipartUpload, parts: Sequence[CompletedPart], checksum_type: str | None,
                  full_checksum: Mapping[str, str] | None, mpu_object_size: int | None) -> ObjectVersion:
        uid = upload.upload_id
        if not parts:
            raise InvalidRequest("You must specify at least one part")  # no UploadId field (AWS-verified)
        previous = 0
        for cp in parts:
            check_part_number(cp.part_number)
            if cp.part_number <= previous:
                raise InvalidPartOrder(error_fields={"UploadId": uid})
            previous = cp.part_number
        chosen: list[Part] = []
        for cp in parts:
            part = upload.parts.get(cp.part_number)
            if part is None or strip_etag(cp.etag) != strip_etag(part.etag):
                raise InvalidPart(error_fields={"ETag": strip_etag(cp.etag), "PartNumber": str(cp.part_number),
                                                "UploadId": uid})
            chosen.append(part)
        for cp, part in zip(parts[:-1], chosen[:-1]):
            if part.size < MIN_PART_SIZE:
                raise EntityTooSmall(error_fields={
                    "ProposedSize": str(part.size), "MinSizeAllowed": str(MIN_PART_SIZE),
                    "PartNumber": str(cp.part_number), "ETag": strip_etag(part.etag)})
        algorithm = upload.checksum_algorithm
        requested_type = checksum_type.upper() if checksum_type else None
        if requested_type is not None and (upload.checksum_type is None or requested_type != upload.checksum_type):
            mode = upload.checksum_type or "null"
            raise InvalidRequest(f"The upload was created using the {mode} checksum mode. "
                                 "The complete request must use the same checksum mode.")
        part_values: list[str] = []
        if algorithm is not None and upload.checksum_type == ChecksumType.COMPOSITE:
            for cp, part in zip(parts, chosen):
                if cp.checksum is None:
                    raise InvalidRequest(
                        f"The upload was created using a {algorithm.lower()} checksum. The complete request "
                        f"must include the checksum for each part. It was missing for part {cp.part_number} "
                        "in the request.")
                actual = part_checksum(part, algorithm)
                if checksums.decode(algorithm, cp.checksum) != base64.b64decode(actual):
                    raise BadDigest(f"The {algorithm.lower()} you specified for part {cp.part_number} "
                                    "did not match what we received.")
                part_values.append(actual)
        body = b"".join(p.body for p in chosen)
        if mpu_object_size is not None and mpu_object_size != len(body):
            raise InvalidRequest(f"The provided 'x-amz-mp-object-size' header value {mpu_object_size} "
                                 f"does not match what was computed: {len(body)}")
        md5s = b"".join(hashlib.md5(p.body).digest() for p in chosen)
        etag = f'"{hashlib.md5(md5s).hexdigest()}-{len(chosen)}"'
        value: str | None = None
        if algorithm is None:
            algorithm, ctype = ChecksumAlgorithm.CRC64NVME, ChecksumType.FULL_OBJECT
        else:
            ctype = upload.checksum_type or ChecksumType.COMPOSITE
            if ctype is ChecksumType.COMPOSITE:
                value = checksums.composite(algorithm, (base64.b64decode(v) for v in part_values))
        given = {k: v for k, v in (full_checksum or {}).items() if v is not None}
        if given and ctype is ChecksumType.FULL_OBJECT:
            (name, raw), = list(given.items())[:1]
            alg = attrs.checksum_algorithm(name)
            if alg == algorithm:
                value = attrs.check_checksum(alg, raw, body)
        return ObjectVersion(
            key=upload.key, body=body, etag=etag, last_modified=self.clock.now(), owner=upload.owner,
            metadata=dict(upload.metadata), content_type=upload.content_type,
            content_encoding=upload.content_encoding, content_disposition=upload.content_disposition,
            content_language=upload.content_language, cache_control=upload.cache_control,
            expires=upload.expires, website_redirect_location=upload.website_redirect_location,
            storage_class=upload.storage_class, tags=dict(upload.tags), checksum_algorithm=algorithm,
            checksum_type=ctype, checksum_value=value, part_sizes=tuple(p.size for p in chosen),
            part_checksums=tuple(part_values),
        )


def _checksum_type(algorithm: ChecksumAlgorithm | None, checksum_type: str | None) -> ChecksumType | None:
    if checksum_type is None:
        if algorithm is None:
            return None
        return ChecksumType.FULL_OBJECT if algorithm is ChecksumAlgorithm.CRC64NVME else ChecksumType.COMPOSITE
    if algorithm is None:
        raise InvalidRequest("The x-amz-checksum-type header can only be used with the "
                             "x-amz-checksum-algorithm header.")
    try:
        ctype = ChecksumType(str(checksum_type).upper())
    except ValueError:
        raise InvalidRequest("Value for x-amz-checksum-type header is invalid.") from None
    if ctype is ChecksumType.COMPOSITE and algorithm is ChecksumAlgorithm.CRC64NVME:
        raise InvalidRequest("The COMPOSITE checksum type cannot be used with the crc64nvme checksum algorithm.")
    if ctype is ChecksumType.FULL_OBJECT and algorithm not in _FULL_OBJECT_ALGS:
        raise InvalidRequest(f"The FULL_OBJECT checksum type cannot be used with the {algorithm.lower()} "
                             "checksum algorithm.")
    return ctype


def _type_mismatch(expected: ChecksumAlgorithm, actual: ChecksumAlgorithm) -> InvalidRequest:
    return InvalidRequest(f"Checksum Type mismatch occurred, expected checksum Type: {expected.lower()}, "
                          f"actual checksum Type: {actual.lower()}")
