"""Digests, checksums, part reads, encryption and bucket tagging scenarios ported from ceph/s3-tests."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

MIB = 1024 * 1024


def test_content_md5_invalid_and_bad(s3: Any, bucket: str, error_of: Any) -> None:
    err = error_of(s3.put_object, Bucket=bucket, Key="foo", Body=b"bar", ContentMD5="YWJyYWNhZGFicmE=")
    assert (err["status"], err["Code"]) == (400, "InvalidDigest")
    err = error_of(s3.put_object, Bucket=bucket, Key="foo", Body=b"bar", ContentMD5="rL0Y20xC+Fzt72VPzMSk2A==")
    assert (err["status"], err["Code"]) == (400, "BadDigest")
    good = base64.b64encode(hashlib.md5(b"bar").digest()).decode()
    s3.put_object(Bucket=bucket, Key="foo", Body=b"bar", ContentMD5=good)
    assert s3.get_object(Bucket=bucket, Key="foo")["Body"].read() == b"bar"


def test_sha256_checksum(s3: Any, bucket: str, error_of: Any) -> None:
    body = b"x" * 65536
    digest = base64.b64encode(hashlib.sha256(body).digest()).decode()
    resp = s3.put_object(Bucket=bucket, Key="myobj", Body=body, ChecksumAlgorithm="SHA256",
                         ChecksumSHA256=digest)
    assert resp["ChecksumSHA256"] == digest
    head = s3.head_object(Bucket=bucket, Key="myobj", ChecksumMode="ENABLED")
    assert head["ChecksumSHA256"] == digest
    bad = base64.b64encode(hashlib.sha256(b"other").digest()).decode()
    err = error_of(s3.put_object, Bucket=bucket, Key="myobj", Body=body, ChecksumAlgorithm="SHA256",
                   ChecksumSHA256=bad)
    assert (err["status"], err["Code"]) == (400, "BadDigest")
    assert s3.head_object(Bucket=bucket, Key="myobj", ChecksumMode="ENABLED")["ChecksumSHA256"] == digest


def test_multipart_sha256_checksums(s3: Any, bucket: str) -> None:
    upload = s3.create_multipart_upload(Bucket=bucket, Key="mp", ChecksumAlgorithm="SHA256")["UploadId"]
    bodies = [b"a" * (5 * MIB), b"b" * (5 * MIB), b"c" * 1000]
    parts = []
    for n, body in enumerate(bodies, start=1):
        digest = base64.b64encode(hashlib.sha256(body).digest()).decode()
        resp = s3.upload_part(Bucket=bucket, Key="mp", UploadId=upload, PartNumber=n, Body=body,
                              ChecksumAlgorithm="SHA256", ChecksumSHA256=digest)
        assert resp["ChecksumSHA256"] == digest
        parts.append({"PartNumber": n, "ETag": resp["ETag"], "ChecksumSHA256": digest})
    combined = hashlib.sha256(b"".join(base64.b64decode(p["ChecksumSHA256"]) for p in parts)).digest()
    composite = base64.b64encode(combined).decode() + "-3"
    done = s3.complete_multipart_upload(Bucket=bucket, Key="mp", UploadId=upload,
                                        MultipartUpload={"Parts": parts})
    assert done["ChecksumSHA256"] == composite
    head = s3.head_object(Bucket=bucket, Key="mp", ChecksumMode="ENABLED")
    assert head["ChecksumSHA256"] == composite


def test_get_part_of_multipart_object(s3: Any, bucket: str, error_of: Any) -> None:
    sizes = [5 * MIB, 5 * MIB, 7]
    upload = s3.create_multipart_upload(Bucket=bucket, Key="mp")["UploadId"]
    parts = []
    for n, size in enumerate(sizes, start=1):
        etag = s3.upload_part(Bucket=bucket, Key="mp", UploadId=upload, PartNumber=n,
                              Body=bytes([n]) * size)["ETag"]
        parts.append({"PartNumber": n, "ETag": etag})
    s3.complete_multipart_upload(Bucket=bucket, Key="mp", UploadId=upload, MultipartUpload={"Parts": parts})
    for n, size in enumerate(sizes, start=1):
        got = s3.get_object(Bucket=bucket, Key="mp", PartNumber=n)
        assert got["ResponseMetadata"]["HTTPStatusCode"] == 206
        assert got["PartsCount"] == 3
        assert got["ContentLength"] == size
        assert got["Body"].read() == bytes([n]) * size
        head = s3.head_object(Bucket=bucket, Key="mp", PartNumber=n)
        assert (head["PartsCount"], head["ContentLength"]) == (3, size)
    err = error_of(s3.get_object, Bucket=bucket, Key="mp", PartNumber=4)
    assert (err["status"], err["Code"]) == (416, "InvalidPartNumber")


def test_get_part_of_single_part_upload(s3: Any, bucket: str, error_of: Any) -> None:
    upload = s3.create_multipart_upload(Bucket=bucket, Key="mp")["UploadId"]
    etag = s3.upload_part(Bucket=bucket, Key="mp", UploadId=upload, PartNumber=1, Body=b"x" * 100)["ETag"]
    s3.complete_multipart_upload(Bucket=bucket, Key="mp", UploadId=upload,
                                 MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": etag}]})
    got = s3.get_object(Bucket=bucket, Key="mp", PartNumber=1)
    assert (got["PartsCount"], got["ContentLength"]) == (1, 100)
    err = error_of(s3.get_object, Bucket=bucket, Key="mp", PartNumber=2)
    assert (err["status"], err["Code"]) == (416, "InvalidPartNumber")


def test_get_part_of_plain_object(s3: Any, bucket: str, error_of: Any) -> None:
    etag = s3.put_object(Bucket=bucket, Key="plain", Body=b"hello world")["ETag"]
    err = error_of(s3.get_object, Bucket=bucket, Key="plain", PartNumber=2)
    assert (err["status"], err["Code"]) == (416, "InvalidPartNumber")
    got = s3.get_object(Bucket=bucket, Key="plain", PartNumber=1)  # the whole object
    assert got["ETag"] == etag
    assert got["Body"].read() == b"hello world"


def test_list_return_data_versioning(s3: Any, bucket: str) -> None:
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    for key in ["bar", "baz", "foo"]:
        s3.put_object(Bucket=bucket, Key=key, Body=key.encode())
    heads = {k: s3.head_object(Bucket=bucket, Key=k) for k in ["bar", "baz", "foo"]}
    versions = s3.list_object_versions(Bucket=bucket)["Versions"]
    assert [v["Key"] for v in versions] == ["bar", "baz", "foo"]
    for v in versions:
        head = heads[v["Key"]]
        assert v["ETag"] == head["ETag"]
        assert v["Size"] == head["ContentLength"]
        assert v["LastModified"] == head["LastModified"]
        assert v["VersionId"] == head["VersionId"]
        assert v["IsLatest"] is True
        assert v["StorageClass"] == "STANDARD"
        assert "ID" in v["Owner"]


def test_suspended_copy_writes_null_version(s3: Any, bucket: str) -> None:
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Suspended"})
    s3.put_object(Bucket=bucket, Key="src", Body=b"data")
    resp = s3.copy_object(Bucket=bucket, Key="dst", CopySource={"Bucket": bucket, "Key": "src"})
    assert resp["VersionId"] == "null"  # unlike PutObject, copy reports it (S3 sheet, AWS-verified)
    assert s3.head_object(Bucket=bucket, Key="dst")["VersionId"] == "null"


def test_versioned_multipart_overwrites_stack(s3: Any, bucket: str) -> None:
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    ids = []
    for i in range(3):
        upload = s3.create_multipart_upload(Bucket=bucket, Key="mp")["UploadId"]
        etag = s3.upload_part(Bucket=bucket, Key="mp", UploadId=upload, PartNumber=1,
                              Body=f"round {i}".encode())["ETag"]
        ids.append(s3.complete_multipart_upload(
            Bucket=bucket, Key="mp", UploadId=upload,
            MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": etag}]})["VersionId"])
    listed = [v["VersionId"] for v in s3.list_object_versions(Bucket=bucket)["Versions"]]
    assert listed == ids[::-1]
    for i, vid in enumerate(ids):
        assert s3.get_object(Bucket=bucket, Key="mp", VersionId=vid)["Body"].read() == f"round {i}".encode()


def test_part_copy_special_key_names(s3: Any, bucket: str) -> None:
    for key in [" ", "_", "__", "?versionId", "a%2Fb", "100%"]:
        s3.put_object(Bucket=bucket, Key=key, Body=b"0123456789")
        upload = s3.create_multipart_upload(Bucket=bucket, Key="dest")["UploadId"]
        part = s3.upload_part_copy(Bucket=bucket, Key="dest", UploadId=upload, PartNumber=1,
                                   CopySource={"Bucket": bucket, "Key": key},
                                   CopySourceRange="bytes=0-4")
        s3.complete_multipart_upload(
            Bucket=bucket, Key="dest", UploadId=upload,
            MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": part["CopyPartResult"]["ETag"]}]})
        assert s3.get_object(Bucket=bucket, Key="dest")["Body"].read() == b"01234"


def test_sse_s3_upload_and_default_encryption(s3: Any, bucket: str) -> None:
    resp = s3.put_object(Bucket=bucket, Key="k", Body=b"x", ServerSideEncryption="AES256")
    assert resp["ServerSideEncryption"] == "AES256"
    assert s3.head_object(Bucket=bucket, Key="k")["ServerSideEncryption"] == "AES256"
    assert s3.get_object(Bucket=bucket, Key="k")["ServerSideEncryption"] == "AES256"
    s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={
        "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]})
    rules = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"]
    assert rules[0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"
    s3.put_object(Bucket=bucket, Key="plain", Body=b"x")
    assert s3.head_object(Bucket=bucket, Key="plain")["ServerSideEncryption"] == "AES256"
    resp = s3.delete_bucket_encryption(Bucket=bucket)
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 204


def test_bucket_tagging_lifecycle(s3: Any, bucket: str, error_of: Any) -> None:
    err = error_of(s3.get_bucket_tagging, Bucket=bucket)
    assert (err["status"], err["Code"]) == (404, "NoSuchTagSet")
    assert err["Message"] == "The TagSet does not exist"
    s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": [{"Key": "Hello", "Value": "World"}]})
    assert s3.get_bucket_tagging(Bucket=bucket)["TagSet"] == [{"Key": "Hello", "Value": "World"}]
    resp = s3.delete_bucket_tagging(Bucket=bucket)
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert error_of(s3.get_bucket_tagging, Bucket=bucket)["Code"] == "NoSuchTagSet"


def test_list_buckets_paginated(s3: Any) -> None:
    names = [f"ceph-ported-page-{i}" for i in range(5)]
    for name in names:
        s3.create_bucket(Bucket=name)
    seen: list[str] = []
    kwargs: dict[str, str] = {}
    while True:
        resp = s3.list_buckets(MaxBuckets=2, **kwargs)
        seen += [b["Name"] for b in resp["Buckets"]]
        if "ContinuationToken" not in resp:
            break
        kwargs = {"ContinuationToken": resp["ContinuationToken"]}
    assert seen == names
    assert [b["Name"] for b in s3.list_buckets(Prefix="ceph-ported-page-3")["Buckets"]] == [names[3]]
