"""Conditional writes and content encoding, as recorded against real AWS."""

from __future__ import annotations

import io
from typing import Any

import pytest

PRECONDITION_MSG = "At least one of the pre-conditions you specified did not hold"
MIN_PART = 5 * 1024 * 1024


def _versioned(s3: Any, bucket: str) -> None:
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})


@pytest.mark.parametrize("versioned", [True, False])
def test_put_if_none_match_star_rejects_existing_key(
    s3: Any, bucket: str, error_of: Any, versioned: bool
) -> None:
    if versioned:
        _versioned(s3, bucket)
    s3.put_object(Bucket=bucket, Key="obj", Body=b"first", IfNoneMatch="*")
    err = error_of(s3.put_object, Bucket=bucket, Key="obj", Body=b"second", IfNoneMatch="*")
    assert err["Code"] == "PreconditionFailed"
    assert err["Message"] == PRECONDITION_MSG
    assert err["Condition"] == "If-None-Match"
    assert err["status"] == 412
    assert s3.get_object(Bucket=bucket, Key="obj")["Body"].read() == b"first"


def test_put_if_match_accepts_quoted_unquoted_and_half_quoted_etags(
    s3: Any, bucket: str, error_of: Any
) -> None:
    etag = s3.put_object(Bucket=bucket, Key="k", Body=b"one")["ETag"]
    err = error_of(s3.put_object, Bucket=bucket, Key="k", Body=b"two", IfMatch="nope")
    assert (err["Code"], err["Message"], err["Condition"]) == (
        "PreconditionFailed",
        PRECONDITION_MSG,
        "If-Match",
    )
    etag2 = s3.put_object(Bucket=bucket, Key="k", Body=b"two", IfMatch=etag)["ETag"]
    assert etag2 != etag
    etag3 = s3.put_object(Bucket=bucket, Key="k", Body=b"three", IfMatch=etag2.strip('"'))["ETag"]
    s3.put_object(Bucket=bucket, Key="k", Body=b"four", IfMatch=etag3[1:])
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"four"


def test_put_if_match_on_missing_key_is_no_such_key(s3: Any, bucket: str, error_of: Any) -> None:
    err = error_of(s3.put_object, Bucket=bucket, Key="absent", Body=b"x", IfMatch="abc")
    assert err["Code"] == "NoSuchKey"


def _two_part_upload(s3: Any, bucket: str, key: str) -> tuple[dict[str, Any], dict[str, Any]]:
    upload = s3.create_multipart_upload(Bucket=bucket, Key=key)
    kw = {"Bucket": bucket, "Key": key, "UploadId": upload["UploadId"]}
    p1 = s3.upload_part(Body=io.BytesIO(b"0" * MIN_PART), PartNumber=1, **kw)
    p2 = s3.upload_part(Body=io.BytesIO(b"1"), PartNumber=2, **kw)
    parts = {
        "Parts": [
            {"ETag": p1["ETag"], "PartNumber": 1},
            {"ETag": p2["ETag"], "PartNumber": 2},
        ]
    }
    return kw, parts


def test_complete_multipart_if_none_match_over_put_object(
    s3: Any, bucket: str, error_of: Any
) -> None:
    s3.put_object(Bucket=bucket, Key="key.txt")
    kw, parts = _two_part_upload(s3, bucket, "key.txt")
    err = error_of(s3.complete_multipart_upload, MultipartUpload=parts, IfNoneMatch="*", **kw)
    assert (err["Code"], err["Message"], err["Condition"]) == (
        "PreconditionFailed",
        PRECONDITION_MSG,
        "If-None-Match",
    )


def test_complete_multipart_if_none_match_over_earlier_multipart(
    s3: Any, bucket: str, error_of: Any
) -> None:
    body = b"a" * MIN_PART
    first = s3.create_multipart_upload(Bucket=bucket, Key="k")
    kw1 = {"Bucket": bucket, "Key": "k", "UploadId": first["UploadId"]}
    e1 = s3.upload_part(Body=io.BytesIO(body), PartNumber=1, **kw1)["ETag"]
    s3.complete_multipart_upload(MultipartUpload={"Parts": [{"ETag": e1, "PartNumber": 1}]}, **kw1)
    second = s3.create_multipart_upload(Bucket=bucket, Key="k")
    kw2 = {"Bucket": bucket, "Key": "k", "UploadId": second["UploadId"]}
    e2 = s3.upload_part(Body=io.BytesIO(body), PartNumber=1, **kw2)["ETag"]
    err = error_of(
        s3.complete_multipart_upload,
        MultipartUpload={"Parts": [{"ETag": e2, "PartNumber": 1}]},
        IfNoneMatch="*",
        **kw2,
    )
    assert (err["Code"], err["Message"], err["Condition"]) == (
        "PreconditionFailed",
        PRECONDITION_MSG,
        "If-None-Match",
    )


@pytest.mark.parametrize("encoding", [None, "gzip", "unknown"])
def test_content_encoding_round_trips(s3: Any, bucket: str, encoding: str | None) -> None:
    extra: dict[str, str] = {
        "ContentType": "application/octet-stream",
        "ACL": "bucket-owner-full-control",
    }
    if encoding:
        extra["ContentEncoding"] = encoding
    s3.upload_fileobj(io.BytesIO(b"\x01" * 1024), bucket, "some.file", ExtraArgs=extra)
    assert s3.get_object(Bucket=bucket, Key="some.file").get("ContentEncoding") == encoding


def test_list_objects_with_existing_key_as_marker(aws: Any) -> None:
    import boto3

    bucket = boto3.resource("s3", "us-east-1").Bucket("marker-bucket")
    bucket.create()
    for i in range(17):
        bucket.put_object(Body=f"hello {i}".encode(), Key=f"key_{i:02d}")
    pages: list[list[str]] = []
    marker = ""
    while True:
        batch: list[str] = []
        for obj in bucket.objects.filter(Marker=marker):
            batch.append(obj.key)
            if len(batch) == 5:
                break
        if not batch:
            break
        pages.append(batch)
        marker = batch[-1]
    assert pages == [
        [f"key_{i:02d}" for i in range(0, 5)],
        [f"key_{i:02d}" for i in range(5, 10)],
        [f"key_{i:02d}" for i in range(10, 15)],
        ["key_15", "key_16"],
    ]
