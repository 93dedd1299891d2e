"""Multipart uploads through boto3: ETag rule, part rules, errors, checksums, conditions."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

MIB = 1024 * 1024


def start(s3: Any, bucket: str, key: str = "big", **kw: Any) -> str:
    return s3.create_multipart_upload(Bucket=bucket, Key=key, **kw)["UploadId"]


def test_three_parts_golden_etag(s3: Any, bucket: str) -> None:
    uid = start(s3, bucket, ContentType="text/plain", Metadata={"m": "1"})
    parts = []
    for n, ch in enumerate(b"ABC", 1):
        etag = s3.upload_part(Bucket=bucket, Key="big", UploadId=uid, PartNumber=n, Body=bytes([ch]) * 5 * MIB)["ETag"]
        parts.append({"PartNumber": n, "ETag": etag})
    listed = s3.list_parts(Bucket=bucket, Key="big", UploadId=uid)
    assert [p["Size"] for p in listed["Parts"]] == [5 * MIB] * 3
    done = s3.complete_multipart_upload(Bucket=bucket, Key="big", UploadId=uid, MultipartUpload={"Parts": parts})
    assert done["ETag"] == '"b2add96cc9702bbf4efb0ccdfc6b7747-3"'
    head = s3.head_object(Bucket=bucket, Key="big")
    assert (head["ContentLength"], head["ContentType"], head["Metadata"]) == (15 * MIB, "text/plain", {"m": "1"})
    part2 = s3.get_object(Bucket=bucket, Key="big", PartNumber=2)
    assert part2["PartsCount"] == 3 and part2["ContentRange"] == f"bytes {5 * MIB}-{10 * MIB - 1}/{15 * MIB}"
    assert part2["Body"].read(1) == b"B"
    assert s3.list_multipart_uploads(Bucket=bucket).get("Uploads") is None


def test_single_small_part(s3: Any, bucket: str) -> None:
    uid = start(s3, bucket)
    etag = s3.upload_part(Bucket=bucket, Key="big", UploadId=uid, PartNumber=1, Body=b"test content 123")["ETag"]
    done = s3.complete_multipart_upload(Bucket=bucket, Key="big", UploadId=uid,
                                        MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": etag}]})
    assert done["ETag"] == '"b972025bc34adf8d76d6d51e93c035cc-1"'


def test_complete_errors(s3: Any, bucket: str, error_of: Any) -> None:
    uid = start(s3, bucket)
    e1 = s3.upload_part(Bucket=bucket, Key="big", UploadId=uid, PartNumber=1, Body=b"small")["ETag"]
    e2 = s3.upload_part(Bucket=bucket, Key="big", UploadId=uid, PartNumber=2, Body=b"tail")["ETag"]
    call = s3.complete_multipart_upload
    err = error_of(call, Bucket=bucket, Key="big", UploadId=uid, MultipartUpload={"Parts": []})
    assert (err["Code"], err["Message"]) == ("InvalidRequest", "You must specify at least one part")
    err = error_of(call, Bucket=bucket, Key="big", UploadId=uid,
                   MultipartUpload={"Parts": [{"PartNumber": 2, "ETag": e2}, {"PartNumber": 1, "ETag": e1}]})
    assert (err["Code"], err["UploadId"]) == ("InvalidPartOrder", uid)
    err = error_of(call, Bucket=bucket, Key="big", UploadId=uid,
                   MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": '"deadbeef"'}]})
    assert (err["Code"], err["PartNumber"], err["UploadId"]) == ("InvalidPart", "1", uid)
    err = error_of(call, Bucket=bucket, Key="big", UploadId=uid,
                   MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": e1}, {"PartNumber": 2, "ETag": e2}]})
    assert (err["Code"], err["ProposedSize"], err["MinSizeAllowed"], err["PartNumber"]) == (
        "EntityTooSmall", "5", "5242880", "1")
    assert err["Message"] == "Your proposed upload is smaller than the minimum allowed size"
    assert "Contents" not in s3.list_objects_v2(Bucket=bucket)
    assert len(s3.list_multipart_uploads(Bucket=bucket)["Uploads"]) == 1
    err = error_of(s3.upload_part, Bucket=bucket, Key="big", UploadId=uid, PartNumber=10001, Body=b"")
    assert (err["Code"], err["ArgumentName"]) == ("InvalidArgument", "partNumber")
    s3.abort_multipart_upload(Bucket=bucket, Key="big", UploadId=uid)
    for op, extra in ((s3.upload_part, {"PartNumber": 1, "Body": b""}),
                      (s3.abort_multipart_upload, {}), (s3.list_parts, {})):
        err = error_of(op, Bucket=bucket, Key="big", UploadId=uid, **extra)
        assert (err["Code"], err["status"], err["UploadId"]) == ("NoSuchUpload", 404, uid)


def test_parts_not_listed_are_dropped_and_reupload_replaces(s3: Any, bucket: str) -> None:
    uid = start(s3, bucket)
    s3.upload_part(Bucket=bucket, Key="big", UploadId=uid, PartNumber=1, Body=b"old")
    e1 = s3.upload_part(Bucket=bucket, Key="big", UploadId=uid, PartNumber=1, Body=b"new")["ETag"]
    s3.upload_part(Bucket=bucket, Key="big", UploadId=uid, PartNumber=3, Body=b"unused")
    s3.complete_multipart_upload(Bucket=bucket, Key="big", UploadId=uid,
                                 MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": e1}]})
    assert s3.get_object(Bucket=bucket, Key="big")["Body"].read() == b"new"


def test_upload_part_copy(s3: Any, bucket: str, error_of: Any) -> None:
    s3.put_object(Bucket=bucket, Key="src", Body=b"0123456789")
    uid = start(s3, bucket)
    out = s3.upload_part_copy(Bucket=bucket, Key="big", UploadId=uid, PartNumber=1,
                              CopySource=f"{bucket}/src", CopySourceRange="bytes=2-5")
    assert out["CopyPartResult"]["ETag"] == '"' + hashlib.md5(b"2345").hexdigest() + '"'
    err = error_of(s3.upload_part_copy, Bucket=bucket, Key="big", UploadId=uid, PartNumber=2,
                   CopySource=f"{bucket}/src", CopySourceRange="bytes=5-50")
    assert err["Code"] == "InvalidArgument"  # AWS-verified: an end past the source is InvalidArgument
    s3.complete_multipart_upload(Bucket=bucket, Key="big", UploadId=uid, MultipartUpload={
        "Parts": [{"PartNumber": 1, "ETag": out["CopyPartResult"]["ETag"]}]})
    assert s3.get_object(Bucket=bucket, Key="big")["Body"].read() == b"2345"


def test_composite_sha256_checksum(s3: Any, bucket: str, error_of: Any) -> None:
    uid = start(s3, bucket, ChecksumAlgorithm="SHA256")
    body = b"A" * 1024
    part = s3.upload_part(Bucket=bucket, Key="big", UploadId=uid, PartNumber=1, Body=body, ChecksumAlgorithm="SHA256")
    assert part["ChecksumSHA256"] == "arcu6553sHVAiX4MjW0j7I7vD4w6R+Gz9Ok0Q9lTa+0="
    err = error_of(s3.complete_multipart_upload, Bucket=bucket, Key="big", UploadId=uid,
                   MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": part["ETag"]}]})
    assert err["Message"] == ("The upload was created using a sha256 checksum. The complete request must include "
                              "the checksum for each part. It was missing for part 1 in the request.")
    done = s3.complete_multipart_upload(Bucket=bucket, Key="big", UploadId=uid, MultipartUpload={"Parts": [
        {"PartNumber": 1, "ETag": part["ETag"], "ChecksumSHA256": part["ChecksumSHA256"]}]})
    assert done["ChecksumSHA256"] == "Ok6Cs5b96ux6+MWQkJO7UBT5sKPBeXBLwvj/hK89smg=-1"
    assert done["ChecksumType"] == "COMPOSITE"
    head = s3.head_object(Bucket=bucket, Key="big", ChecksumMode="ENABLED")
    assert head["ChecksumSHA256"] == done["ChecksumSHA256"]


@pytest.mark.parametrize("alg, ctype, message", [
    ("CRC64NVME", "COMPOSITE", "The COMPOSITE checksum type cannot be used with the crc64nvme checksum algorithm."),
    ("SHA256", "FULL_OBJECT", "The FULL_OBJECT checksum type cannot be used with the sha256 checksum algorithm."),
])
def test_bad_checksum_type(s3: Any, bucket: str, error_of: Any, alg: str, ctype: str, message: str) -> None:
    err = error_of(s3.create_multipart_upload, Bucket=bucket, Key="k", ChecksumAlgorithm=alg, ChecksumType=ctype)
    assert (err["Code"], err["Message"]) == ("InvalidRequest", message)


def test_no_checksum_upload_gets_crc64nvme(s3: Any, bucket: str) -> None:
    uid = start(s3, bucket)
    etag = s3.upload_part(Bucket=bucket, Key="big", UploadId=uid, PartNumber=1, Body=b"hello")["ETag"]
    done = s3.complete_multipart_upload(Bucket=bucket, Key="big", UploadId=uid,
                                        MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": etag}]})
    assert (done["ChecksumCRC64NVME"], done["ChecksumType"]) == ("M3eFcAZSQlc=", "FULL_OBJECT")


def test_conditional_complete_conflict(s3: Any, bucket: str, error_of: Any) -> None:
    uid = start(s3, bucket)
    etag = s3.upload_part(Bucket=bucket, Key="big", UploadId=uid, PartNumber=1, Body=b"x")["ETag"]
    s3.put_object(Bucket=bucket, Key="big", Body=b"y")
    s3.delete_object(Bucket=bucket, Key="big")
    err = error_of(s3.complete_multipart_upload, Bucket=bucket, Key="big", UploadId=uid, IfNoneMatch="*",
                   MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": etag}]})
    assert (err["Code"], err["status"]) == ("ConditionalRequestConflict", 409)


def test_versioned_complete_returns_version(s3: Any, bucket: str) -> None:
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    uid = start(s3, bucket)
    etag = s3.upload_part(Bucket=bucket, Key="big", UploadId=uid, PartNumber=1, Body=b"x")["ETag"]
    done = s3.complete_multipart_upload(Bucket=bucket, Key="big", UploadId=uid,
                                        MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": etag}]})
    assert s3.head_object(Bucket=bucket, Key="big")["VersionId"] == done["VersionId"]


def test_boto3_default_part_checksum(s3: Any, bucket: str, error_of: Any) -> None:
    uid = start(s3, bucket)
    assert s3.upload_part(Bucket=bucket, Key="big", UploadId=uid, PartNumber=1, Body=b"hello")["ChecksumCRC32"] == \
        "NhCmhg=="
    uid = start(s3, bucket, ChecksumAlgorithm="SHA256")
    err = error_of(s3.upload_part, Bucket=bucket, Key="big", UploadId=uid, PartNumber=1, Body=b"hello")
    assert (err["Code"], err["Message"]) == (
        "InvalidRequest", "Checksum Type mismatch occurred, expected checksum Type: sha256, actual checksum Type: crc32")
    assert "Parts" not in s3.list_parts(Bucket=bucket, Key="big", UploadId=uid)
