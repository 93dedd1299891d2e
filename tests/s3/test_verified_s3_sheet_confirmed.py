"""moto scenarios not run against AWS, ported only where the S3 sheet marks the behaviour [AWS-V]."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

OWNED = "Your previous request to create the named bucket succeeded and you already own it."


def test_create_bucket_again(aws: Any, error_of: Any) -> None:
    east = boto3.client("s3", region_name="us-east-1")
    east.create_bucket(Bucket="dup-east")
    east.create_bucket(Bucket="dup-east")  # us-east-1: a 200 no-op
    north = boto3.client("s3", region_name="eu-north-1")
    err = error_of(
        north.create_bucket, Bucket="dup-east", CreateBucketConfiguration={"LocationConstraint": "eu-north-1"}
    )
    assert (err["Code"], err["Message"], err["status"]) == ("BucketAlreadyOwnedByYou", OWNED, 409)

    north.create_bucket(Bucket="dup-north", CreateBucketConfiguration={"LocationConstraint": "eu-north-1"})
    err = error_of(
        north.create_bucket, Bucket="dup-north", CreateBucketConfiguration={"LocationConstraint": "eu-north-1"}
    )
    assert (err["Code"], err["Message"]) == ("BucketAlreadyOwnedByYou", OWNED)


def test_delete_bucket_not_empty_then_missing(s3: Any, bucket: str, error_of: Any) -> None:
    s3.put_object(Bucket=bucket, Key="the-key", Body=b"some value")
    err = error_of(s3.delete_bucket, Bucket=bucket)
    assert (err["Code"], err["Message"], err["status"]) == (
        "BucketNotEmpty",
        "The bucket you tried to delete is not empty",
        409,
    )
    s3.delete_object(Bucket=bucket, Key="the-key")
    s3.delete_bucket(Bucket=bucket)
    err = error_of(s3.delete_bucket, Bucket=bucket)
    assert (err["Code"], err["Message"], err["BucketName"]) == (
        "NoSuchBucket",
        "The specified bucket does not exist",
        bucket,
    )
    err = error_of(s3.head_bucket, Bucket=bucket)
    assert (err["Code"], err["Message"], err["status"]) == ("404", "Not Found", 404)


REP = b"0123456789"


@pytest.mark.parametrize(
    ("rng", "expected"),
    [
        ("bytes=0-", REP * 10),
        ("bytes=50-", REP * 5),
        ("bytes=99-", b"9"),
        ("bytes=0-0", b"0"),
        ("bytes=0-49", REP * 5),
        ("bytes=0-700", REP * 10),
        ("bytes=50-54", REP[:5]),
        ("bytes=50-700", REP * 5),
        ("bytes=99-100", b"9"),
        ("bytes=-1", b"9"),
        ("bytes=-60", REP * 6),
        ("bytes=-101", REP * 10),
        ("bytes=1-1", b"1"),
    ],
)
def test_ranged_get(s3: Any, bucket: str, rng: str, expected: bytes) -> None:
    s3.put_object(Bucket=bucket, Key="bigkey", Body=REP * 10)
    got = s3.get_object(Bucket=bucket, Key="bigkey", Range=rng)
    assert got["Body"].read() == expected
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 206
    assert got["ContentLength"] == len(expected)


@pytest.mark.parametrize("rng", ["bytes=1-0", "bytes=-1-", "bytes=0--1", "bytes=0-1,3-4,7-9", "bytes=-"])
def test_ignored_ranges_return_the_whole_object(s3: Any, bucket: str, rng: str) -> None:
    s3.put_object(Bucket=bucket, Key="bigkey", Body=REP * 10)
    got = s3.get_object(Bucket=bucket, Key="bigkey", Range=rng)
    assert got["Body"].read() == REP * 10
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert "ContentRange" not in got


@pytest.mark.parametrize("rng", ["bytes=-0", "bytes=101-200"])
def test_unsatisfiable_ranges(s3: Any, bucket: str, error_of: Any, rng: str) -> None:
    s3.put_object(Bucket=bucket, Key="bigkey", Body=REP * 10)
    err = error_of(s3.get_object, Bucket=bucket, Key="bigkey", Range=rng)
    assert (err["Code"], err["Message"], err["status"]) == (
        "InvalidRange",
        "The requested range is not satisfiable",
        416,
    )
    assert (err["ActualObjectSize"], err["RangeRequested"]) == ("100", rng)


def test_list_objects_v2_paging_and_start_after(s3: Any, bucket: str, error_of: Any) -> None:
    for key, body in (("one", b"1"), ("two", b"22"), ("three", b"333")):
        s3.put_object(Bucket=bucket, Key=key, Body=body)
    seen = []
    token = None
    while True:
        kwargs = {"ContinuationToken": token} if token else {}
        page = s3.list_objects_v2(Bucket=bucket, MaxKeys=1, **kwargs)
        assert (page["MaxKeys"], page["Prefix"], page["KeyCount"]) == (1, "", 1)
        assert "Delimiter" not in page and "StartAfter" not in page
        assert "Owner" not in page["Contents"][0]
        seen.append(page["Contents"][0]["Key"])
        if not page["IsTruncated"]:
            assert "NextContinuationToken" not in page
            break
        token = page["NextContinuationToken"]
    assert seen == ["one", "three", "two"]

    first = s3.list_objects_v2(Bucket=bucket, MaxKeys=1, StartAfter="one")
    assert first["Contents"][0]["Key"] == "three"
    assert first["StartAfter"] == "one"
    assert first["IsTruncated"] is True
    second = s3.list_objects_v2(
        Bucket=bucket, MaxKeys=1, StartAfter="one", ContinuationToken=first["NextContinuationToken"]
    )
    assert second["Contents"][0]["Key"] == "two"
    assert second["IsTruncated"] is False
    assert "StartAfter" not in second  # the token wins and StartAfter is not echoed

    err = error_of(
        s3.list_objects_v2, Bucket=bucket, Delimiter="/", Prefix="test/", MaxKeys=1, ContinuationToken=""
    )
    assert (err["Code"], err["Message"]) == ("InvalidArgument", "The continuation token provided is incorrect")


def test_list_objects_v2_prefixes_and_keys_share_max_keys(s3: Any, bucket: str) -> None:
    for key in ("1/2", "2", "3/4", "4"):
        s3.put_object(Bucket=bucket, Key=key, Body=b"")
    page = s3.list_objects_v2(Bucket=bucket, Prefix="", MaxKeys=2, Delimiter="/")
    assert page["IsTruncated"] is True
    assert page["KeyCount"] == 2
    assert [c["Key"] for c in page["Contents"]] == ["2"]
    assert page["CommonPrefixes"] == [{"Prefix": "1/"}]
    rest = s3.list_objects_v2(Bucket=bucket, Prefix="", MaxKeys=2, Delimiter="/", StartAfter="2")
    assert rest["KeyCount"] == 2
    assert rest["IsTruncated"] is False
    assert [c["Key"] for c in rest["Contents"]] == ["4"]
    assert rest["CommonPrefixes"] == [{"Prefix": "3/"}]


def test_multipart_errors(s3: Any, bucket: str, error_of: Any) -> None:
    upload = s3.create_multipart_upload(Bucket=bucket, Key="the-key")["UploadId"]
    kw = {"Bucket": bucket, "Key": "the-key", "UploadId": upload}
    for part_number in (10001, 20000):
        err = error_of(s3.upload_part, PartNumber=part_number, Body=b"data", **kw)
        assert (err["Code"], err["Message"]) == (
            "InvalidArgument",
            "Part number must be an integer between 1 and 10000, inclusive",
        )
        assert (err["ArgumentName"], err["ArgumentValue"]) == ("partNumber", str(part_number))
    p1 = s3.upload_part(PartNumber=1, Body=b"hello", **kw)["ETag"]
    p2 = s3.upload_part(PartNumber=2, Body=b"world", **kw)["ETag"]
    err = error_of(
        s3.complete_multipart_upload,
        MultipartUpload={"Parts": [{"ETag": p1, "PartNumber": 1}, {"ETag": p2, "PartNumber": 2}]},
        **kw,
    )
    assert err["Code"] == "EntityTooSmall"
    s3.abort_multipart_upload(**kw)
    err = error_of(s3.abort_multipart_upload, Bucket=bucket, Key="foobar", UploadId="dummy_upload_id")
    assert (err["Code"], err["Message"], err["UploadId"]) == (
        "NoSuchUpload",
        "The specified upload does not exist. The upload ID may be invalid, or the upload may have been "
        "aborted or completed.",
        "dummy_upload_id",
    )


def test_copy_missing_source_and_copy_onto_itself(s3: Any, bucket: str, error_of: Any) -> None:
    err = error_of(s3.copy_object, Bucket=bucket, CopySource={"Bucket": bucket, "Key": "foofoofoo"}, Key="new")
    assert (err["Code"], err["Message"], err["Key"]) == (
        "NoSuchKey",
        "The specified key does not exist.",
        "foofoofoo",
    )
    s3.put_object(Bucket=bucket, Key="my_key", Body=b"some value")
    err = error_of(s3.copy_object, Bucket=bucket, CopySource=f"{bucket}/my_key", Key="my_key")
    assert err["Code"] == "InvalidRequest"
    assert err["Message"] == (
        "This copy request is illegal because it is trying to copy an object to itself without changing "
        "the object's metadata, storage class, website redirect location or encryption attributes."
    )
    s3.copy_object(
        Bucket=bucket,
        CopySource=f"{bucket}/my_key",
        Key="my_key",
        Metadata={"some-key": "some-value"},
        MetadataDirective="REPLACE",
    )
    assert s3.get_object(Bucket=bucket, Key="my_key")["Metadata"] == {"some-key": "some-value"}
