"""Listing operations: ListObjects, ListObjectsV2, ListObjectVersions (O(log n + page))."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from ..core.registry import RequestContext
from .api import api, bucket_of, dt, encode_key, encoding_type, int_param, owner, version_checksum
from .errors import InvalidArgument, argument
from .model import ObjectVersion, key_order

_TOKEN_TAG = b"awscore1:"


def _token(marker: str) -> str:
    return base64.urlsafe_b64encode(_TOKEN_TAG + marker.encode("utf-8", "surrogatepass")).decode()


def _untoken(token: Any) -> str:
    bad = argument("The continuation token provided is incorrect", "continuation-token", token)
    if not isinstance(token, str) or not token:
        raise bad
    try:
        raw = base64.urlsafe_b64decode(token.encode())
    except (binascii.Error, ValueError):
        raise bad from None
    if not raw.startswith(_TOKEN_TAG):
        raise bad
    try:
        return raw[len(_TOKEN_TAG):].decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:
        raise bad from None


def _content(version: ObjectVersion, encoding: str | None, with_owner: bool) -> dict[str, Any]:
    item: dict[str, Any] = {
        "Key": encode_key(version.key, encoding), "LastModified": dt(version.last_modified),
        "ETag": version.etag, "Size": version.size, "StorageClass": str(version.storage_class),
    }
    if version.checksum_algorithm is not None:
        item["ChecksumAlgorithm"] = [str(version.checksum_algorithm)]
        item["ChecksumType"] = (str(version.checksum_type) if version.checksum_type else "FULL_OBJECT")
    if with_owner:
        item["Owner"] = owner(version.owner)
    return item


def _common(params: dict[str, Any]) -> tuple[str, str | None, str | None, int]:
    prefix = params.get("Prefix") or ""
    delimiter = params.get("Delimiter") or None
    encoding = encoding_type(params)
    max_keys = int_param(params, "MaxKeys", "maxKeys", 1000, 1000)
    if not isinstance(prefix, str) or (delimiter is not None and not isinstance(delimiter, str)):
        raise argument("Invalid prefix or delimiter", "prefix", prefix)
    return prefix, delimiter, encoding, max_keys


def _fill(out: dict[str, Any], result: Any, encoding: str | None, with_owner: bool) -> None:
    if result.objects:
        out["Contents"] = [_content(v, encoding, with_owner) for v in result.objects]
    if result.common_prefixes:
        out["CommonPrefixes"] = [{"Prefix": encode_key(p, encoding)} for p in result.common_prefixes]


@api.operation("ListObjectsV2")
def list_objects_v2(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """ListObjectsV2: prefix, delimiter, StartAfter, ContinuationToken, MaxKeys, EncodingType, FetchOwner."""
    bucket = bucket_of(ctx, params)
    prefix, delimiter, encoding, max_keys = _common(params)
    token = params.get("ContinuationToken")
    start_after = params.get("StartAfter") or None
    marker = _untoken(token) if token is not None else start_after
    result = bucket.list_objects(prefix, delimiter=delimiter, start_after=marker, max_keys=max_keys)
    out: dict[str, Any] = {"IsTruncated": result.is_truncated, "Name": bucket.name,
                           "Prefix": encode_key(prefix, encoding), "MaxKeys": max_keys,
                           "KeyCount": len(result.objects) + len(result.common_prefixes)}
    _fill(out, result, encoding, bool(params.get("FetchOwner")))
    if delimiter is not None:
        out["Delimiter"] = encode_key(delimiter, encoding)
    if encoding:
        out["EncodingType"] = encoding
    if token is not None:
        out["ContinuationToken"] = token
    elif start_after:
        out["StartAfter"] = encode_key(start_after, encoding)
    if result.is_truncated and result.next_start is not None:
        out["NextContinuationToken"] = _token(result.next_start)
    return out


@api.operation("ListObjects")
def list_objects(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """ListObjects (V1): Marker, NextMarker (with a delimiter), Owner on every entry."""
    bucket = bucket_of(ctx, params)
    prefix, delimiter, encoding, max_keys = _common(params)
    marker = params.get("Marker") or ""
    result = bucket.list_objects(prefix, delimiter=delimiter, start_after=marker or None, max_keys=max_keys)
    out: dict[str, Any] = {"IsTruncated": result.is_truncated, "Marker": encode_key(marker, encoding),
                           "Name": bucket.name, "Prefix": prefix, "MaxKeys": max_keys}
    # V1 echoes Prefix raw even under encoding-type=url (s3-tests' unreadable
    # prefix passes on AWS; botocore decodes no V1 Prefix either).
    _fill(out, result, encoding, True)
    if delimiter is not None:
        out["Delimiter"] = encode_key(delimiter, encoding)
        if result.is_truncated and result.next_start is not None:
            out["NextMarker"] = encode_key(result.next_start, encoding)
    if encoding:
        out["EncodingType"] = encoding
    return out


@api.operation("ListObjectVersions")
def list_object_versions(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """ListObjectVersions: versions and markers by key, newest first, exactly one IsLatest per key."""
    bucket = bucket_of(ctx, params)
    prefix, delimiter, encoding, max_keys = _common(params)
    key_marker = params.get("KeyMarker") or ""
    version_marker = params.get("VersionIdMarker") or ""
    if version_marker and not key_marker:
        raise argument("A version-id marker cannot be specified without a key marker.", "version-id-marker",
                       version_marker)
    if version_marker:
        try:
            bucket._check_version_id(version_marker)
        except InvalidArgument:
            raise argument("Invalid version id specified", "version-id-marker", version_marker) from None
    result = bucket.list_object_versions(prefix, delimiter=delimiter, key_marker=key_marker or None,
                                         version_id_marker=version_marker or None, max_keys=max_keys)
    versions: list[dict[str, Any]] = []
    markers: list[dict[str, Any]] = []
    for entry in result.entries:
        history = bucket.keys.get(key_order(entry.key))
        latest = bool(history) and history[-1] is entry
        item: dict[str, Any] = {"Key": encode_key(entry.key, encoding), "VersionId": entry.version_id,
                                "IsLatest": latest, "LastModified": dt(entry.last_modified),
                                "Owner": owner(entry.owner or bucket.owner)}
        if entry.is_delete_marker:
            markers.append(item)
        else:
            assert isinstance(entry, ObjectVersion)
            item.update({"ETag": entry.etag, "Size": entry.size, "StorageClass": str(entry.storage_class)})
            if entry.checksum_algorithm is not None:
                item["ChecksumAlgorithm"] = [str(entry.checksum_algorithm)]
                item["ChecksumType"] = str(entry.checksum_type) if entry.checksum_type else "FULL_OBJECT"
            versions.append(item)
    out: dict[str, Any] = {"IsTruncated": result.is_truncated, "KeyMarker": encode_key(key_marker, encoding),
                           "VersionIdMarker": version_marker, "Name": bucket.name,
                           "Prefix": encode_key(prefix, encoding), "MaxKeys": max_keys}
    if versions:
        out["Versions"] = versions
    if markers:
        out["DeleteMarkers"] = markers
    if result.common_prefixes:
        out["CommonPrefixes"] = [{"Prefix": encode_key(p, encoding)} for p in result.common_prefixes]
    if delimiter is not None:
        out["Delimiter"] = encode_key(delimiter, encoding)
    if encoding:
        out["EncodingType"] = encoding
    if result.is_truncated:
        if result.next_key_marker is not None:
            out["NextKeyMarker"] = encode_key(result.next_key_marker, encoding)
        if result.next_version_id_marker is not None:
            out["NextVersionIdMarker"] = result.next_version_id_marker
    return out


__all__ = ["list_objects", "list_objects_v2", "list_object_versions", "version_checksum"]
