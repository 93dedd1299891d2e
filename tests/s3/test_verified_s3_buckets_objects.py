"""Bucket creation, deletes, HeadObject/GetObject basics, as recorded against real AWS."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.config import Config

UNSPECIFIED = (
    "The unspecified location constraint is incompatible for the region specific "
    "endpoint this request was sent to."
)


@pytest.mark.parametrize("constraint", ["us-east-1", "us-east-2", "eu-central-1", "us-gov-east-2"])
def test_location_constraint_must_match_client_region(
    aws: Any, error_of: Any, constraint: str
) -> None:
    s3 = boto3.client("s3", region_name="us-west-2")
    err = error_of(
        s3.create_bucket,
        Bucket="wrong-constraint-bucket",
        CreateBucketConfiguration={"LocationConstraint": constraint},
    )
    assert err["Code"] == "IllegalLocationConstraintException"
    assert err["Message"] == (
        f"The {constraint} location constraint is incompatible for the region "
        "specific endpoint this request was sent to."
    )


@pytest.mark.parametrize("constraint", ["us-east-2", "eu-central-1"])
def test_us_east_1_endpoint_creates_buckets_in_other_regions(aws: Any, constraint: str) -> None:
    s3 = boto3.client("s3", region_name="us-east-1")
    s3.create_bucket(
        Bucket="elsewhere-bucket", CreateBucketConfiguration={"LocationConstraint": constraint}
    )
    assert s3.get_bucket_location(Bucket="elsewhere-bucket")["LocationConstraint"] == constraint
    s3.delete_bucket(Bucket="elsewhere-bucket")


def test_explicit_us_east_1_constraint_is_invalid(aws: Any, error_of: Any) -> None:
    s3 = boto3.resource("s3", region_name="us-east-1", config=Config(parameter_validation=False))
    err = error_of(
        s3.create_bucket,
        Bucket="forced-east",
        CreateBucketConfiguration={"LocationConstraint": "us-east-1"},
    )
    assert err["Code"] == "InvalidLocationConstraint"
    assert err["Message"] == "The specified location-constraint is not valid"


def test_missing_constraint_outside_us_east_1_is_rejected(aws: Any, error_of: Any) -> None:
    s3 = boto3.resource("s3", region_name="us-east-2", config=Config(parameter_validation=False))
    for config in (None, {}, {"LocationConstraint": None}):
        err = error_of(s3.create_bucket, Bucket="no-constraint", CreateBucketConfiguration=config)
        assert err["Code"] == "IllegalLocationConstraintException"
        assert err["Message"] == UNSPECIFIED
        assert err["status"] == 400


def test_missing_constraint_in_us_east_1_is_fine(aws: Any) -> None:
    s3 = boto3.resource("s3", region_name="us-east-1", config=Config(parameter_validation=False))
    for config in (None, {}, {"LocationConstraint": None}):
        s3.create_bucket(Bucket="east-default", CreateBucketConfiguration=config).delete()


def test_delete_objects_reports_missing_keys_as_deleted(s3: Any, bucket: str) -> None:
    for key in ("key1", "key2", "key3", "key4"):
        s3.put_object(Bucket=bucket, Key=key, Body=b"some value")
    result = s3.delete_objects(
        Bucket=bucket,
        Delete={"Objects": [{"Key": k} for k in ("unknown", "key1", "key3", "typo")]},
    )
    assert len(result["Deleted"]) == 4
    for key in ("unknown", "key1", "key3", "typo"):
        assert {"Key": key} in result["Deleted"]
    assert "Errors" not in result
    listed = s3.list_objects_v2(Bucket=bucket)["Contents"]
    assert {o["Key"] for o in listed} == {"key2", "key4"}


@pytest.mark.parametrize("op", ["head_object", "get_object"])
@pytest.mark.parametrize("size", [10, 10_000_000])
def test_part_number_one_of_a_simple_object(
    s3: Any, bucket: str, error_of: Any, op: str, size: int
) -> None:
    s3.put_object(Bucket=bucket, Key="hello.txt", Body=b"x" * size)
    call = getattr(s3, op)
    whole = call(Bucket=bucket, Key="hello.txt")
    assert whole["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert "content-range" not in whole["ResponseMetadata"]["HTTPHeaders"]
    assert whole["ContentLength"] == size
    assert whole["AcceptRanges"] == "bytes"

    part = call(Bucket=bucket, Key="hello.txt", PartNumber=1)
    assert part["ResponseMetadata"]["HTTPStatusCode"] == 206
    assert part["ResponseMetadata"]["HTTPHeaders"]["content-range"] == f"bytes 0-{size - 1}/{size}"
    assert part["ContentLength"] == size
    assert part["AcceptRanges"] == "bytes"

    err = error_of(s3.head_object, Bucket=bucket, Key="hello.txt", PartNumber=2)
    assert err["Code"] == "416"
    assert "Range Not Satisfiable" in err["Message"]

    if op == "head_object":
        assert error_of(s3.head_object, Bucket=bucket, Key="hello_bad.txt")["Code"] == "404"
    else:
        assert error_of(s3.get_object, Bucket=bucket, Key="hello2.txt")["Code"] == "NoSuchKey"


def test_response_content_types(s3: Any, bucket: str) -> None:
    def ctype(resp: dict[str, Any]) -> str | None:
        return resp["ResponseMetadata"]["HTTPHeaders"].get("content-type")

    assert ctype(s3.list_buckets()) == "application/xml"
    assert ctype(s3.list_object_versions(Bucket=bucket)) == "application/xml"
    assert ctype(s3.head_bucket(Bucket=bucket)) == "application/xml"
    assert ctype(s3.put_object(Bucket=bucket, Key="key", Body=b"data")) is None
    assert ctype(s3.get_object(Bucket=bucket, Key="key")) == "binary/octet-stream"


def test_head_object_with_range_header(s3: Any, bucket: str, error_of: Any) -> None:
    s3.put_object(Bucket=bucket, Key="f1", Body=b"f1")

    def headers(rng: str) -> dict[str, str]:
        resp = s3.head_object(Bucket=bucket, Key="f1", Range=f"bytes={rng}")
        return resp["ResponseMetadata"]["HTTPHeaders"]

    for rng in ("0-9", "0-"):
        h = headers(rng)
        assert (h["content-range"], h["content-length"]) == ("bytes 0-1/2", "2")
    for rng in ("-1", "1-1"):
        h = headers(rng)
        assert (h["content-range"], h["content-length"]) == ("bytes 1-1/2", "1")
    h = headers("1-0")  # not a valid range: ignored, the whole object
    assert "content-range" not in h
    assert h["content-length"] == "2"
    for rng in ("5-9", "100-"):
        err = error_of(s3.head_object, Bucket=bucket, Key="f1", Range=f"bytes={rng}")
        assert err["Code"] == "416"
        assert "Range Not Satisfiable" in err["Message"]


def test_get_object_response_header_overrides(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="file.txt", Body=b"ABCD")
    resp = s3.get_object(
        Bucket=bucket,
        Key="file.txt",
        ResponseCacheControl="max-age=74",
        ResponseContentDisposition='attachment; filename="foo.jpg"',
        ResponseContentEncoding="identity",
        ResponseContentLanguage="de-DE",
        ResponseContentType="image/jpeg",
        ResponseExpires="Wed, 21 Oct 2015 07:28:00 GMT",
    )
    assert resp["Body"].read() == b"ABCD"
    headers = resp["ResponseMetadata"]["HTTPHeaders"]
    assert headers["cache-control"] == "max-age=74"
    assert headers["content-disposition"] == 'attachment; filename="foo.jpg"'
    assert headers["content-encoding"] == "identity"
    assert headers["content-language"] == "de-DE"
    assert headers["content-type"] == "image/jpeg"
    assert headers["content-length"] == "4"
    assert headers["expires"] == "Wed, 21 Oct 2015 07:28:00 GMT"
    assert resp["CacheControl"] == "max-age=74"
    assert resp["ContentType"] == "image/jpeg"
    assert resp["ExpiresString"] == "Wed, 21 Oct 2015 07:28:00 GMT"
