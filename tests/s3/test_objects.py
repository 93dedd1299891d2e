"""Object operations through boto3: put/get/head/delete, metadata, ranges, conditions, copy, tags."""

from __future__ import annotations

import base64
import hashlib
from datetime import timedelta
from typing import Any

import boto3
import pytest


def raw_client() -> Any:
    return boto3.client("s3", region_name="us-east-1", config=boto3.session.Config(parameter_validation=False))


def test_put_get_roundtrip(s3: Any, bucket: str) -> None:
    put = s3.put_object(Bucket=bucket, Key="dir/a.txt", Body=b"hello", ContentType="text/plain",
                        Metadata={"Owner": "Ann", "under_score": "x"}, CacheControl="no-cache")
    assert put["ETag"] == '"5d41402abc4b2a76b9719d911017c592"'
    assert "VersionId" not in put
    got = s3.get_object(Bucket=bucket, Key="dir/a.txt")
    assert got["Body"].read() == b"hello"
    assert got["ContentLength"] == 5 and got["ContentType"] == "text/plain"
    assert got["Metadata"] == {"owner": "Ann", "under_score": "x"}
    assert got["CacheControl"] == "no-cache" and got["AcceptRanges"] == "bytes"
    assert got["LastModified"].tzinfo is not None and "VersionId" not in got
    head = s3.head_object(Bucket=bucket, Key="dir/a.txt")
    assert head["ETag"] == put["ETag"] and "Body" not in head


def test_put_replaces_metadata(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"1", Metadata={"a": "1"})
    s3.put_object(Bucket=bucket, Key="k", Body=b"2", Metadata={"b": "2"})
    assert s3.head_object(Bucket=bucket, Key="k")["Metadata"] == {"b": "2"}


def test_empty_object_etag(s3: Any, bucket: str) -> None:
    assert s3.put_object(Bucket=bucket, Key="e", Body=b"")["ETag"] == '"d41d8cd98f00b204e9800998ecf8427e"'


def test_missing_key_errors(s3: Any, bucket: str, error_of: Any) -> None:
    err = error_of(s3.get_object, Bucket=bucket, Key="nope")
    assert (err["Code"], err["Message"], err["Key"], err["status"]) == (
        "NoSuchKey", "The specified key does not exist.", "nope", 404)
    err = error_of(s3.head_object, Bucket=bucket, Key="nope")
    assert (err["Code"], err["Message"]) == ("404", "Not Found")
    assert s3.delete_object(Bucket=bucket, Key="nope")["ResponseMetadata"]["HTTPStatusCode"] == 204


def test_key_too_long_and_metadata_too_large(s3: Any, bucket: str, error_of: Any) -> None:
    err = error_of(s3.put_object, Bucket=bucket, Key="é" * 513, Body=b"")
    assert (err["Code"], err["Message"]) == ("KeyTooLongError", "Your key is too long")
    err = error_of(s3.put_object, Bucket=bucket, Key="k", Body=b"", Metadata={"m": "x" * 2048})
    assert err["Code"] == "MetadataTooLarge"
    assert "Contents" not in s3.list_objects_v2(Bucket=bucket)


def test_content_md5(s3: Any, bucket: str, error_of: Any) -> None:
    good = base64.b64encode(hashlib.md5(b"data").digest()).decode()
    s3.put_object(Bucket=bucket, Key="k", Body=b"data", ContentMD5=good)
    err = error_of(s3.put_object, Bucket=bucket, Key="k2", Body=b"other", ContentMD5=good)
    assert (err["Code"], err["Message"]) == ("BadDigest", "The Content-MD5 you specified did not match what we received.")
    err = error_of(s3.put_object, Bucket=bucket, Key="k2", Body=b"other", ContentMD5="nope")
    assert (err["Code"], err["Message"]) == ("InvalidDigest", "The Content-MD5 you specified was invalid.")
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]] == ["k"]


def test_storage_class(s3: Any, bucket: str, error_of: Any) -> None:
    s3.put_object(Bucket=bucket, Key="ia", Body=b"x", StorageClass="STANDARD_IA")
    assert s3.head_object(Bucket=bucket, Key="ia")["StorageClass"] == "STANDARD_IA"
    assert "StorageClass" not in s3.put_object(Bucket=bucket, Key="std", Body=b"x")
    assert "StorageClass" not in s3.head_object(Bucket=bucket, Key="std")
    err = error_of(raw_client().put_object, Bucket=bucket, Key="k", Body=b"x", StorageClass="OUTPOSTS2")
    assert (err["Code"], err["StorageClassRequested"]) == ("InvalidStorageClass", "OUTPOSTS2")
    s3.put_object(Bucket=bucket, Key="cold", Body=b"x", StorageClass="GLACIER")
    err = error_of(s3.get_object, Bucket=bucket, Key="cold")
    assert (err["Code"], err["status"]) == ("InvalidObjectState", 403)
    assert s3.head_object(Bucket=bucket, Key="cold")["StorageClass"] == "GLACIER"


@pytest.mark.parametrize("spec, expected, content_range", [
    ("bytes=0-3", b"0123", "bytes 0-3/10"),
    ("bytes=0-100", b"0123456789", "bytes 0-9/10"),
    ("bytes=-3", b"789", "bytes 7-9/10"),
    ("bytes=-15", b"0123456789", "bytes 0-9/10"),
    ("bytes=8-", b"89", "bytes 8-9/10"),
])
def test_range_get(s3: Any, bucket: str, spec: str, expected: bytes, content_range: str) -> None:
    s3.put_object(Bucket=bucket, Key="r", Body=b"0123456789")
    got = s3.get_object(Bucket=bucket, Key="r", Range=spec)
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 206
    assert (got["Body"].read(), got["ContentRange"], got["ContentLength"]) == (expected, content_range, len(expected))


@pytest.mark.parametrize("spec", ["bytes=1-0", "bytes=0-1,3-4", "0-1", "bytes=-"])
def test_ignored_ranges(s3: Any, bucket: str, spec: str) -> None:
    s3.put_object(Bucket=bucket, Key="r", Body=b"0123456789")
    got = s3.get_object(Bucket=bucket, Key="r", Range=spec)
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 200 and got["Body"].read() == b"0123456789"


@pytest.mark.parametrize("spec", ["bytes=10-20", "bytes=-0"])
def test_invalid_range(s3: Any, bucket: str, spec: str, error_of: Any) -> None:
    s3.put_object(Bucket=bucket, Key="r", Body=b"0123456789")
    err = error_of(s3.get_object, Bucket=bucket, Key="r", Range=spec)
    assert (err["Code"], err["Message"], err["status"]) == (
        "InvalidRange", "The requested range is not satisfiable", 416)
    assert (err["ActualObjectSize"], err["RangeRequested"]) == ("10", spec)


def test_conditional_get(aws: Any, s3: Any, bucket: str, error_of: Any) -> None:
    etag = s3.put_object(Bucket=bucket, Key="c", Body=b"x")["ETag"]
    modified = s3.head_object(Bucket=bucket, Key="c")["LastModified"]
    assert s3.get_object(Bucket=bucket, Key="c", IfMatch=etag.strip('"'))["Body"].read() == b"x"
    err = error_of(s3.get_object, Bucket=bucket, Key="c", IfMatch='"nope"')
    assert (err["Code"], err["Condition"], err["status"]) == ("PreconditionFailed", "If-Match", 412)
    err = error_of(s3.get_object, Bucket=bucket, Key="c", IfNoneMatch=etag)
    assert (err["Code"], err["status"]) == ("304", 304)
    err = error_of(s3.get_object, Bucket=bucket, Key="c", IfModifiedSince=modified)
    assert err["status"] == 304
    aws.clock.advance(10)
    assert s3.get_object(Bucket=bucket, Key="c", IfModifiedSince=modified - timedelta(seconds=1))
    err = error_of(s3.get_object, Bucket=bucket, Key="c", IfUnmodifiedSince=modified - timedelta(seconds=1))
    assert (err["Code"], err["Condition"]) == ("PreconditionFailed", "If-Unmodified-Since")
    # If-Match true + If-Unmodified-Since false -> 200 (RFC 7232)
    assert s3.get_object(Bucket=bucket, Key="c", IfMatch=etag,
                         IfUnmodifiedSince=modified - timedelta(seconds=1))["ContentLength"] == 1
    err = error_of(s3.head_object, Bucket=bucket, Key="c", IfMatch='"nope"')
    assert (err["Code"], err["Message"]) == ("412", "Precondition Failed")


def test_conditional_put(s3: Any, bucket: str, error_of: Any) -> None:
    etag = s3.put_object(Bucket=bucket, Key="c", Body=b"1", IfNoneMatch="*")["ETag"]
    err = error_of(s3.put_object, Bucket=bucket, Key="c", Body=b"2", IfNoneMatch="*")
    assert (err["Code"], err["Condition"], err["status"]) == ("PreconditionFailed", "If-None-Match", 412)
    err = error_of(s3.put_object, Bucket=bucket, Key="c", Body=b"2", IfMatch='"0000"')
    assert (err["Code"], err["Condition"]) == ("PreconditionFailed", "If-Match")
    s3.put_object(Bucket=bucket, Key="c", Body=b"3", IfMatch=etag)
    assert s3.get_object(Bucket=bucket, Key="c")["Body"].read() == b"3"
    err = error_of(s3.put_object, Bucket=bucket, Key="absent", Body=b"2", IfMatch=etag)
    assert (err["Code"], err["status"]) == ("NoSuchKey", 404)
    err = error_of(s3.put_object, Bucket=bucket, Key="c", Body=b"2", IfNoneMatch='"abc"')
    assert (err["Code"], err["status"]) == ("NotImplemented", 501)


def test_delete_objects(s3: Any, bucket: str, error_of: Any) -> None:
    for k in ("a", "b"):
        s3.put_object(Bucket=bucket, Key=k, Body=b"")
    out = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "a"}, {"Key": "b"}, {"Key": "zz"}]})
    assert sorted(d["Key"] for d in out["Deleted"]) == ["a", "b", "zz"]
    assert "Contents" not in s3.list_objects_v2(Bucket=bucket)
    quiet = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "a"}], "Quiet": True})
    assert "Deleted" not in quiet and "Errors" not in quiet
    out = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "a", "VersionId": "bogus"}]})
    # AWS-verified: DeleteObjects reports any version it cannot find as NoSuchVersion per key
    assert out["Errors"] == [{"Key": "a", "VersionId": "bogus", "Code": "NoSuchVersion",
                              "Message": "The specified version does not exist."}]
    err = error_of(s3.delete_objects, Bucket=bucket, Delete={"Objects": [{"Key": str(i)} for i in range(1001)]})
    assert err["Code"] == "MalformedXML"


def test_copy_object(s3: Any, bucket: str, error_of: Any) -> None:
    s3.put_object(Bucket=bucket, Key="src", Body=b"data", ContentType="text/csv", Metadata={"a": "1"},
                  Tagging="t=1")
    out = s3.copy_object(Bucket=bucket, Key="dst", CopySource={"Bucket": bucket, "Key": "src"})
    assert out["CopyObjectResult"]["ETag"] == '"8d777f385d3dfec8815d20f7496026dc"'
    head = s3.head_object(Bucket=bucket, Key="dst")
    assert (head["ContentType"], head["Metadata"]) == ("text/csv", {"a": "1"})
    assert s3.get_object_tagging(Bucket=bucket, Key="dst")["TagSet"] == [{"Key": "t", "Value": "1"}]
    s3.copy_object(Bucket=bucket, Key="dst2", CopySource=f"{bucket}/src", MetadataDirective="REPLACE",
                   Metadata={"b": "2"})
    head = s3.head_object(Bucket=bucket, Key="dst2")
    assert (head["ContentType"], head["Metadata"]) == ("binary/octet-stream", {"b": "2"})
    err = error_of(s3.copy_object, Bucket=bucket, Key="src", CopySource=f"{bucket}/src")
    assert err["Code"] == "InvalidRequest" and "copy an object to itself" in err["Message"]
    s3.copy_object(Bucket=bucket, Key="src", CopySource=f"{bucket}/src", MetadataDirective="REPLACE")
    err = error_of(s3.copy_object, Bucket=bucket, Key="x", CopySource=f"{bucket}/missing")
    assert (err["Code"], err["status"]) == ("NoSuchKey", 404)
    err = error_of(s3.copy_object, Bucket=bucket, Key="x", CopySource="no-such-bucket/src")
    assert err["Code"] == "NoSuchBucket"
    err = error_of(s3.copy_object, Bucket=bucket, Key="x", CopySource=f"{bucket}/src", CopySourceIfMatch='"zz"')
    assert (err["Code"], err["status"]) == ("PreconditionFailed", 412)
    err = error_of(s3.copy_object, Bucket=bucket, Key="x", CopySource=f"{bucket}/src",
                   CopySourceIfNoneMatch=out["CopyObjectResult"]["ETag"])
    assert (err["Code"], err["status"]) == ("PreconditionFailed", 412)


def test_copy_source_version(s3: Any, bucket: str) -> None:
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    v1 = s3.put_object(Bucket=bucket, Key="src", Body=b"one", Metadata={"v": "1"})["VersionId"]
    s3.put_object(Bucket=bucket, Key="src", Body=b"two")
    out = s3.copy_object(Bucket=bucket, Key="dst", CopySource={"Bucket": bucket, "Key": "src", "VersionId": v1})
    assert out["CopySourceVersionId"] == v1 and out["VersionId"] != v1
    got = s3.get_object(Bucket=bucket, Key="dst")
    assert got["Body"].read() == b"one" and got["Metadata"] == {"v": "1"}


def test_object_tagging(s3: Any, bucket: str, error_of: Any) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"", Tagging="a=1&b=2")
    assert s3.get_object(Bucket=bucket, Key="k")["TagCount"] == 2
    s3.put_object_tagging(Bucket=bucket, Key="k", Tagging={"TagSet": [{"Key": "x", "Value": "y"}]})
    assert s3.get_object_tagging(Bucket=bucket, Key="k")["TagSet"] == [{"Key": "x", "Value": "y"}]
    err = error_of(s3.put_object_tagging, Bucket=bucket, Key="k",
                   Tagging={"TagSet": [{"Key": f"k{i}", "Value": ""} for i in range(11)]})
    assert err["Code"] == "BadRequest"  # AWS-verified (moto test_put_object_tagging)
    err = error_of(s3.put_object_tagging, Bucket=bucket, Key="k", Tagging={"TagSet": [{"Key": "aws:x", "Value": ""}]})
    assert (err["Code"], err["Message"]) == ("InvalidTag", "Your TagKey cannot be prefixed with aws:")
    err = error_of(s3.put_object, Bucket=bucket, Key="k", Body=b"", Tagging="a=1&a=2")
    assert err["Code"] == "InvalidArgument"
    s3.delete_object_tagging(Bucket=bucket, Key="k")
    assert s3.get_object_tagging(Bucket=bucket, Key="k")["TagSet"] == []
    err = error_of(s3.get_object_tagging, Bucket=bucket, Key="none")
    assert (err["Code"], err["Key"]) == ("NoSuchKey", f"{bucket}/none")
    s3.put_object(Bucket=bucket, Key="k", Body=b"new")
    assert s3.get_object_tagging(Bucket=bucket, Key="k")["TagSet"] == []


def test_unsupported_options_fail_loudly(s3: Any, bucket: str, error_of: Any) -> None:
    err = error_of(s3.put_object, Bucket=bucket, Key="k", Body=b"", ServerSideEncryption="aws:kms")
    assert err["Code"] == "NotImplemented" and "ServerSideEncryption" in err["Message"]


def test_bad_types_without_client_validation(bucket: str, error_of: Any) -> None:
    raw = raw_client()
    raw.put_object(Bucket=bucket, Key="k", Body=b"x")
    err = error_of(raw.list_objects_v2, Bucket=bucket, MaxKeys="ten")
    assert (err["Code"], err["Message"], err["ArgumentName"]) == (
        "InvalidArgument", "Argument maxKeys must be an integer between 0 and 2147483647", "maxKeys")
    assert raw.list_objects_v2(Bucket=bucket, MaxKeys="1")["KeyCount"] == 1  # a numeric string is a number
    err = error_of(raw.list_objects_v2, Bucket=bucket, MaxKeys=-1)
    assert err["Message"] == "Argument maxKeys must be an integer between 0 and 2147483647"
    assert error_of(raw.get_object, Bucket=bucket, Key="k", PartNumber=0)["Code"] == "InvalidArgument"
    assert error_of(raw.delete_objects, Bucket=bucket, Delete={"Objects": []})["Code"] == "MalformedXML"


def test_rfc2047_metadata(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"", Metadata={"ascii": "=?UTF-8?B?YWJj?=", "utf": "=?UTF-8?B?w6k=?="})
    assert s3.head_object(Bucket=bucket, Key="k")["Metadata"] == {"ascii": "abc", "utf": "=?UTF-8?B?w6k=?="}
