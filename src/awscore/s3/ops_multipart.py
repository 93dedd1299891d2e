"""Multipart operations: create, upload part (and copy), list parts/uploads, complete, abort."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from ..core.registry import RequestContext
from . import checksums
from .api import (
    api,
    bucket_of,
    checksum_fields,
    checksum_params,
    dt,
    encode_key,
    encoding_type,
    epoch_param,
    int_param,
    owner,
    source_bucket_of,
)
from .errors import InvalidRequest, MalformedXML, NoSuchUpload, argument
from .model import MultipartUpload, Part, VersioningStatus, key_order
from .multipart import CompletedPart, part_checksum
from .ops_objects import check_sse, content_kwargs, parse_copy_source, read_body, sdk_checksum
from .store import _check_copy_source

_COPY_RANGE = re.compile(r"bytes=(\d+)-(\d+)\Z")


def _upload_of(bucket: Any, params: dict[str, Any]) -> MultipartUpload:
    upload_id = params.get("UploadId")
    upload = bucket.uploads.get(upload_id) if isinstance(upload_id, str) else None
    if upload is None or upload.key != params.get("Key"):
        raise NoSuchUpload(error_fields={"UploadId": str(upload_id)})
    return upload


def _checksum_of(upload: MultipartUpload) -> dict[str, str]:
    out: dict[str, str] = {}
    if upload.checksum_algorithm is not None:
        out["ChecksumAlgorithm"] = str(upload.checksum_algorithm)
    if upload.checksum_type is not None:
        out["ChecksumType"] = str(upload.checksum_type)
    return out


def _part_checksum(upload: MultipartUpload, part: Part) -> dict[str, str]:
    if upload.checksum_algorithm is None:
        return {}
    return {f"Checksum{str(upload.checksum_algorithm)}": part_checksum(part, upload.checksum_algorithm)}


@api.operation("CreateMultipartUpload")
def create_multipart_upload(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """CreateMultipartUpload: attributes and checksum algorithm/type are fixed here."""
    from .api import tags_from_query

    bucket = bucket_of(ctx, params)
    check_sse(params, "CreateMultipartUpload", bucket)
    upload = bucket.create_multipart_upload(
        str(params.get("Key", "")), metadata=params.get("Metadata"), storage_class=params.get("StorageClass"),
        tags=tags_from_query(params.get("Tagging")), checksum_algorithm=params.get("ChecksumAlgorithm"),
        checksum_type=params.get("ChecksumType"), owner=ctx.account, **content_kwargs(params),
    )
    return {"Bucket": bucket.name, "Key": upload.key, "UploadId": upload.upload_id,
            "ServerSideEncryption": "AES256", **_checksum_of(upload)}


@api.operation("UploadPart")
def upload_part(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """UploadPart: store or replace one part; returns its ETag (and checksum)."""
    bucket = bucket_of(ctx, params)
    upload = _upload_of(bucket, params)
    given = checksum_params(params)
    algorithm = params.get("ChecksumAlgorithm")
    boto3_default = algorithm is None and not given
    if boto3_default:
        # boto3 sends a CRC32 with every UploadPart unless told otherwise; S3 rejects it for an
        # upload created with another algorithm, and echoes it for one created without.
        algorithm = sdk_checksum(ctx)
    part = bucket.upload_part(upload.upload_id, params.get("PartNumber"), read_body(params.get("Body")),
                              content_md5=params.get("ContentMD5"), checksum_algorithm=algorithm,
                              checksums_=given)
    out = {"ETag": part.etag, "ServerSideEncryption": "AES256", **_part_checksum(upload, part)}
    if upload.checksum_algorithm is None and algorithm is not None:
        alg = str(algorithm).upper()
        value = given.get(alg) or checksums.b64(alg, part.body) if alg in checksums.DIGEST_SIZES else None
        if value is not None:
            out[f"Checksum{alg}"] = value
    return out


@api.operation("UploadPartCopy")
def upload_part_copy(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """UploadPartCopy: a part from (a byte range of) an existing object version."""
    bucket = bucket_of(ctx, params)
    upload = _upload_of(bucket, params)
    src_bucket, src_key, src_version = parse_copy_source(params.get("CopySource"))
    source_bucket = source_bucket_of(ctx, src_bucket)
    src = source_bucket.get_entry(src_key, version_id=src_version)
    _check_copy_source(src, ctx.clock.now(), params.get("CopySourceIfMatch"), params.get("CopySourceIfNoneMatch"),
                       epoch_param(params, "CopySourceIfModifiedSince"),
                       epoch_param(params, "CopySourceIfUnmodifiedSince"))
    data = src.body
    rng = params.get("CopySourceRange")
    if rng is not None:
        m = _COPY_RANGE.match(str(rng))
        if m is None or int(m.group(1)) > int(m.group(2)):
            raise argument("The x-amz-copy-source-range value must be of the form bytes=first-last where first "
                           "and last are the zero-based offsets of the first and last bytes to copy",
                           "x-amz-copy-source-range", rng)
        first, last = int(m.group(1)), int(m.group(2))
        if first >= len(data):
            raise InvalidRequest("The specified copy range is invalid for the source object size")
        if last >= len(data):
            raise argument(f"Range specified is not valid for source object of size: {len(data)}",
                           "x-amz-copy-source-range", rng)
        data = data[first:last + 1]
    part = bucket.upload_part(upload.upload_id, params.get("PartNumber"), data)
    out: dict[str, Any] = {"CopyPartResult": {"ETag": part.etag, "LastModified": dt(part.last_modified),
                                              **_part_checksum(upload, part)},
                           "ServerSideEncryption": "AES256"}
    if source_bucket.versioning is not None:
        out["CopySourceVersionId"] = src.version_id
    return out


@api.operation("ListParts")
def list_parts(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """ListParts: parts in number order after PartNumberMarker, MaxParts per page."""
    bucket = bucket_of(ctx, params)
    upload = _upload_of(bucket, params)
    marker = int_param(params, "PartNumberMarker", "partNumberMarker", 0)
    max_parts = int_param(params, "MaxParts", "maxParts", 1000, 1000)
    parts, truncated, next_marker = bucket.list_parts(upload.upload_id, part_number_marker=marker,
                                                      max_parts=max_parts)
    out: dict[str, Any] = {
        "Bucket": bucket.name, "Key": upload.key, "UploadId": upload.upload_id, "PartNumberMarker": marker,
        "NextPartNumberMarker": next_marker, "MaxParts": max_parts, "IsTruncated": truncated,
        "Initiator": owner(upload.owner), "Owner": owner(upload.owner),
        "StorageClass": str(upload.storage_class), **_checksum_of(upload),
    }
    if parts:
        out["Parts"] = [{"PartNumber": p.part_number, "LastModified": dt(p.last_modified), "ETag": p.etag,
                         "Size": p.size, **_part_checksum(upload, p)} for p in parts]
    return out


@api.operation("ListMultipartUploads")
def list_multipart_uploads(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """ListMultipartUploads: uploads by key then initiation (Prefix, Delimiter, markers, MaxUploads)."""
    bucket = bucket_of(ctx, params)
    prefix = params.get("Prefix") or ""
    delimiter = params.get("Delimiter") or None
    key_marker = params.get("KeyMarker") or ""
    id_marker = params.get("UploadIdMarker") or ""
    max_uploads = int_param(params, "MaxUploads", "maxUploads", 1000, 1000)
    uploads = bucket.list_multipart_uploads(prefix)
    encoding = encoding_type(params)
    if not key_marker:
        id_marker = ""  # S3 ignores (and does not echo) an upload-id marker without a key marker
    elif id_marker:
        ids = [u.upload_id for u in uploads if u.key == key_marker]
        if id_marker not in ids:
            raise argument("Invalid uploadId marker", "upload-id-marker", id_marker)
        pos = [u.upload_id for u in uploads].index(id_marker) + 1
        uploads = uploads[pos:]
    else:
        uploads = [u for u in uploads if key_order(u.key) > key_order(key_marker)]
    items: list[MultipartUpload | str] = []
    seen: set[str] = set()
    for u in uploads:
        if delimiter:
            pos = u.key.find(delimiter, len(prefix))
            if pos >= 0:
                cp = u.key[: pos + len(delimiter)]
                if cp not in seen:
                    seen.add(cp)
                    items.append(cp)
                continue
        items.append(u)
    page = items[:max_uploads]
    truncated = len(items) > len(page)
    out: dict[str, Any] = {"Bucket": bucket.name, "KeyMarker": encode_key(key_marker, encoding),
                           "UploadIdMarker": id_marker, "MaxUploads": max_uploads, "IsTruncated": truncated}
    if params.get("Prefix") is not None:
        out["Prefix"] = encode_key(prefix, encoding)
    ups = [u for u in page if isinstance(u, MultipartUpload)]
    # S3 names the page's last upload as the next markers, truncated or not ("" when it has none)
    out["NextKeyMarker"] = encode_key(ups[-1].key, encoding) if ups else ""
    out["NextUploadIdMarker"] = ups[-1].upload_id if ups else ""
    if ups:
        out["Uploads"] = [{"UploadId": u.upload_id, "Key": encode_key(u.key, encoding), "Initiated": dt(u.initiated),
                           "StorageClass": str(u.storage_class), "Owner": owner(u.owner),
                           "Initiator": owner(u.owner), **_checksum_of(u)} for u in ups]
    cps = [p for p in page if isinstance(p, str)]
    if cps:
        out["CommonPrefixes"] = [{"Prefix": encode_key(p, encoding)} for p in cps]
    if delimiter:
        out["Delimiter"] = encode_key(delimiter, encoding)
    if encoding:
        out["EncodingType"] = encoding
    return out


@api.operation("CompleteMultipartUpload")
def complete_multipart_upload(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """CompleteMultipartUpload: assemble the listed parts (InvalidPart, InvalidPartOrder, EntityTooSmall...)."""
    bucket = bucket_of(ctx, params)
    upload_id = params.get("UploadId")
    done = bucket._completed.get(upload_id) if isinstance(upload_id, str) else None
    if done is None:
        _upload_of(bucket, params)
    spec = params.get("MultipartUpload")
    if not isinstance(spec, dict) or "Parts" not in spec or not isinstance(spec["Parts"], list):
        raise MalformedXML()
    parts: list[CompletedPart] = []
    for p in spec["Parts"]:
        if not isinstance(p, dict) or "PartNumber" not in p or "ETag" not in p:
            raise MalformedXML()
        sums = checksum_params(p)
        parts.append(CompletedPart(p["PartNumber"], str(p["ETag"]), next(iter(sums.values()), None)))
    size = params.get("MpuObjectSize")
    version = bucket.complete_multipart_upload(
        str(upload_id), parts, checksum_type=params.get("ChecksumType"), full_checksum=checksum_params(params),
        mpu_object_size=int(size) if size is not None else None, if_match=params.get("IfMatch"),
        if_none_match=params.get("IfNoneMatch"),
    )
    host = f"{bucket.name}.s3.amazonaws.com" if bucket.region == "us-east-1" else \
        f"{bucket.name}.s3.{bucket.region}.amazonaws.com"
    out: dict[str, Any] = {"Location": f"https://{host}/{quote(version.key)}", "Bucket": bucket.name,
                           "Key": version.key, "ETag": version.etag, "ServerSideEncryption": "AES256",
                           **checksum_fields(version)}
    if bucket.versioning == VersioningStatus.ENABLED:
        out["VersionId"] = version.version_id
    return out


@api.operation("AbortMultipartUpload")
def abort_multipart_upload(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """AbortMultipartUpload: 204; ``NoSuchUpload`` for unknown, completed or aborted uploads."""
    bucket = bucket_of(ctx, params)
    upload = _upload_of(bucket, params)
    bucket.abort_multipart_upload(upload.upload_id)
    return {"ResponseMetadata": {"HTTPStatusCode": 204}}
