"""Object attributes S3 validates: user metadata, tags, storage class, digests, ids and ETags."""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import re
from collections.abc import Mapping
from email.header import decode_header

from . import checksums
from .errors import (
    BadDigest,
    BadRequest,
    InvalidDigest,
    InvalidRequest,
    InvalidStorageClass,
    InvalidTag,
    MetadataTooLarge,
)
from .model import ChecksumAlgorithm, StorageClass

__all__ = ["new_version_id", "new_upload_id", "md5_etag", "clean_metadata", "check_tags", "storage_class",
           "check_content_md5", "check_checksum", "strip_etag", "MAX_METADATA_BYTES"]

MAX_METADATA_BYTES = 2048
_ID_TRANS = bytes.maketrans(b"+/=", b"._.")


def new_version_id() -> str:
    """A fresh 32-character version id from ``[A-Za-z0-9._]``."""
    return base64.b64encode(os.urandom(24)).translate(_ID_TRANS).decode()


def new_upload_id() -> str:
    """A fresh opaque multipart upload id."""
    return base64.urlsafe_b64encode(os.urandom(48)).decode().rstrip("=")


def md5_etag(body: bytes) -> str:
    """The quoted MD5 hex ETag of a single-part object."""
    return '"' + hashlib.md5(body).hexdigest() + '"'


def strip_etag(etag: str) -> str:
    """An ETag without surrounding quotes (clients may send either form)."""
    return etag.strip().strip('"')


def _rfc2047(value: str) -> str:
    """An RFC 2047 encoded-word value decoded when it decodes to ASCII (as S3 does), else unchanged."""
    if not (value.startswith("=?") and value.endswith("?=")):
        return value
    try:
        parts = decode_header(value)
        decoded = "".join(p.decode(c or "ascii") if isinstance(p, bytes) else p for p, c in parts)
    except (ValueError, LookupError, UnicodeDecodeError):
        return value
    return decoded if decoded.isascii() else value


def clean_metadata(metadata: Mapping[str, str] | None) -> dict[str, str]:
    """User metadata with lower-cased names; ``MetadataTooLarge`` over 2 KB (names + values, UTF-8).

    RFC 2047 encoded words that decode to ASCII are stored decoded
    (``=?UTF-8?B?YWJj?=`` -> ``abc``); others are kept as sent.
    """
    if not metadata:
        return {}
    out: dict[str, str] = {}
    total = 0
    for name, value in metadata.items():
        name = str(name).lower()
        value = _rfc2047(str(value))
        out[name] = value
        total += len(name.encode()) + len(value.encode())
    if total > MAX_METADATA_BYTES:
        raise MetadataTooLarge(error_fields={"Size": str(total), "MaxSizeAllowed": str(MAX_METADATA_BYTES)})
    return out


#: characters S3 allows in tag keys and values: letters, digits, whitespace and ``_ . : / = + - @``
_TAG_CHARS = re.compile(r"[\w\s.:/=+\-@]*\Z")


def tag_text_ok(text: str) -> bool:
    """Whether ``text`` uses only the characters S3 allows in a tag key or value."""
    return _TAG_CHARS.match(text) is not None


def check_tags(tags: Mapping[str, str], *, limit: int = 10) -> dict[str, str]:
    """Validate an object's (or bucket's, ``limit=50``) tags: ``BadRequest`` over 10 object tags, else ``InvalidTag``."""
    if len(tags) > limit:
        if limit == 10:  # AWS-verified: the object limit is a BadRequest, not an InvalidTag
            raise BadRequest("Object tags cannot be greater than 10")
        raise InvalidTag("Bucket tag count cannot be greater than 50")
    out: dict[str, str] = {}
    for key, value in tags.items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise InvalidTag("The TagKey you have provided is invalid")
        if key.startswith("aws:"):
            raise InvalidTag("Your TagKey cannot be prefixed with aws:", error_fields={"TagKey": key})
        if not 1 <= len(key) <= 128:
            raise InvalidTag("The TagKey you have provided is too long, max 128", error_fields={"TagKey": key})
        if len(value) > 256:
            raise InvalidTag("The TagValue you have provided is too long, max 256",
                             error_fields={"TagKey": key, "TagValue": value})
        if not tag_text_ok(key):
            raise InvalidTag("The TagKey you have provided is invalid", error_fields={"TagKey": key})
        if not tag_text_ok(value):
            raise InvalidTag("The TagValue you have provided is invalid",
                             error_fields={"TagKey": key, "TagValue": value})
        out[key] = value
    return out


def storage_class(value: str | None) -> StorageClass:
    """The StorageClass named ``value`` (``STANDARD`` when absent); ``InvalidStorageClass`` otherwise."""
    if value is None:
        return StorageClass.STANDARD
    try:
        return StorageClass(value)
    except ValueError:
        raise InvalidStorageClass(error_fields={"StorageClassRequested": str(value)}) from None


def check_content_md5(body: bytes, content_md5: str | None) -> None:
    """``InvalidDigest`` if ``content_md5`` is not base64 of 16 bytes, ``BadDigest`` if it differs."""
    if content_md5 is None:
        return
    try:
        raw = base64.b64decode(content_md5, validate=True)
    except (binascii.Error, ValueError, TypeError):
        raw = b""
    if len(raw) != 16:
        raise InvalidDigest(error_fields={"Content-MD5": str(content_md5)})
    actual = hashlib.md5(body).digest()
    if raw != actual:
        raise BadDigest(error_fields={"ExpectedDigest": raw.hex(), "CalculatedDigest": base64.b64encode(actual).decode()})


def checksum_algorithm(value: str | None) -> ChecksumAlgorithm | None:
    """The ChecksumAlgorithm named ``value`` (any case); ``InvalidRequest`` when unsupported."""
    if value is None:
        return None
    try:
        return ChecksumAlgorithm(str(value).upper())
    except ValueError:
        raise InvalidRequest(
            "Checksum algorithm provided is unsupported. Please try again with any of the valid types: "
            "[CRC32, CRC32C, CRC64NVME, SHA1, SHA256]"
        ) from None


def check_checksum(algorithm: ChecksumAlgorithm, value: str, body: bytes) -> str:
    """Verify a client-supplied checksum of ``body``; return its canonical base64.

    ``InvalidRequest`` if malformed, ``BadDigest`` if it does not match.
    """
    raw = checksums.decode(algorithm, value)
    if raw is None:
        raise InvalidRequest(f"Value for x-amz-checksum-{algorithm.lower()} header is invalid.")
    actual = checksums.digest(algorithm, body)
    if raw != actual:
        raise BadDigest(f"The {algorithm} you specified did not match the calculated checksum.")
    return base64.b64encode(actual).decode()
