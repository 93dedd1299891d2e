"""Versioning and delete-marker scenarios through boto3, asserting what real S3 returns."""

from __future__ import annotations

import re
from typing import Any

import pytest

VERSION_ID = re.compile(r"[A-Za-z0-9._]{32}\Z")


@pytest.fixture
def versioned(s3: Any, bucket: str) -> str:
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    return bucket


def test_versioning_configuration(s3: Any, bucket: str, error_of: Any) -> None:
    assert set(s3.get_bucket_versioning(Bucket=bucket)) == {"ResponseMetadata"}
    err = error_of(s3.put_bucket_versioning, Bucket=bucket, VersioningConfiguration={"Status": "enabled"})
    assert (err["Code"], err["status"]) == ("MalformedXML", 400)
    err = error_of(s3.put_bucket_versioning, Bucket=bucket, VersioningConfiguration={})
    assert (err["Code"], err["Message"]) == ("IllegalVersioningConfigurationException",
                                             "The Versioning element must be specified")
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Suspended"})
    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Suspended"


def test_enabled_writes_and_reads(s3: Any, versioned: str, error_of: Any) -> None:
    put = s3.put_object(Bucket=versioned, Key="k", Body=b"v1")
    assert VERSION_ID.match(put["VersionId"])
    head = s3.head_object(Bucket=versioned, Key="k")
    assert head["VersionId"] == put["VersionId"]
    assert head["ResponseMetadata"]["HTTPHeaders"]["x-amz-version-id"] == put["VersionId"]
    second = s3.put_object(Bucket=versioned, Key="k", Body=b"v2")["VersionId"]
    assert s3.get_object(Bucket=versioned, Key="k", VersionId=put["VersionId"])["Body"].read() == b"v1"
    err = error_of(s3.get_object, Bucket=versioned, Key="k", VersionId="A" * 32)
    assert (err["Code"], err["Message"], err["Key"], err["VersionId"], err["status"]) == (
        "NoSuchVersion", "The specified version does not exist.", "k", "A" * 32, 404)
    deleted = s3.delete_object(Bucket=versioned, Key="k", VersionId=second)
    assert deleted["VersionId"] == second and "DeleteMarker" not in deleted
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert s3.get_object(Bucket=versioned, Key="k")["Body"].read() == b"v1"


def test_pre_versioning_null_version(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"old")
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    new = s3.put_object(Bucket=bucket, Key="k", Body=b"new")["VersionId"]
    assert s3.get_object(Bucket=bucket, Key="k", VersionId="null")["Body"].read() == b"old"
    s3.delete_object(Bucket=bucket, Key="k", VersionId=new)
    current = s3.get_object(Bucket=bucket, Key="k")
    assert current["Body"].read() == b"old" and current["VersionId"] == "null"


def test_delete_markers(s3: Any, versioned: str, error_of: Any) -> None:
    s3.put_object(Bucket=versioned, Key="k", Body=b"v1")
    marker = s3.delete_object(Bucket=versioned, Key="k")
    assert marker["DeleteMarker"] is True and VERSION_ID.match(marker["VersionId"])
    assert marker["ResponseMetadata"]["HTTPStatusCode"] == 204
    err = error_of(s3.get_object, Bucket=versioned, Key="k")
    assert (err["Code"], err["Key"]) == ("NoSuchKey", "k")
    assert err["headers"]["x-amz-delete-marker"] == "true" and err["headers"]["x-amz-version-id"] == marker["VersionId"]
    err = error_of(s3.head_object, Bucket=versioned, Key="k")
    assert err["Code"] == "404" and err["headers"]["x-amz-delete-marker"] == "true"
    err = error_of(s3.get_object, Bucket=versioned, Key="k", VersionId=marker["VersionId"])
    assert (err["Code"], err["status"], err["Method"], err["ResourceType"]) == (
        "MethodNotAllowed", 405, "GET", "DeleteMarker")
    assert err["Message"] == "The specified method is not allowed against this resource."
    assert error_of(s3.head_object, Bucket=versioned, Key="k", VersionId=marker["VersionId"])["Code"] == "405"
    err = error_of(s3.put_object_tagging, Bucket=versioned, Key="k", VersionId=marker["VersionId"],
                   Tagging={"TagSet": []})
    assert (err["Code"], err["Method"]) == ("MethodNotAllowed", "PUT")
    assert s3.list_objects_v2(Bucket=versioned)["KeyCount"] == 0
    # a marker for a key that never existed; markers stack
    never = s3.delete_object(Bucket=versioned, Key="never")
    assert never["DeleteMarker"] is True
    s3.delete_object(Bucket=versioned, Key="never")
    listing = s3.list_object_versions(Bucket=versioned, Prefix="never")
    assert len(listing["DeleteMarkers"]) == 2 and "Versions" not in listing
    assert [m["IsLatest"] for m in listing["DeleteMarkers"]] == [True, False]
    assert set(listing["DeleteMarkers"][0]) == {"Key", "VersionId", "IsLatest", "LastModified", "Owner"}
    removed = s3.delete_object(Bucket=versioned, Key="k", VersionId=marker["VersionId"])
    assert removed["DeleteMarker"] is True and removed["VersionId"] == marker["VersionId"]
    assert s3.get_object(Bucket=versioned, Key="k")["Body"].read() == b"v1"


def test_suspended(s3: Any, versioned: str) -> None:
    enabled = s3.put_object(Bucket=versioned, Key="k", Body=b"v1")["VersionId"]
    s3.put_bucket_versioning(Bucket=versioned, VersioningConfiguration={"Status": "Suspended"})
    put = s3.put_object(Bucket=versioned, Key="k", Body=b"s1")
    assert "VersionId" not in put
    assert s3.head_object(Bucket=versioned, Key="k")["VersionId"] == "null"
    copy = s3.copy_object(Bucket=versioned, Key="c", CopySource=f"{versioned}/k")
    assert copy["VersionId"] == "null" and copy["CopySourceVersionId"] == "null"
    s3.put_object(Bucket=versioned, Key="k", Body=b"s2")  # overwrites the null version
    marker = s3.delete_object(Bucket=versioned, Key="k")
    assert marker == {**marker, "DeleteMarker": True, "VersionId": "null"}
    versions = s3.list_object_versions(Bucket=versioned, Prefix="k")
    assert [v["VersionId"] for v in versions["Versions"]] == [enabled]
    assert [(m["VersionId"], m["IsLatest"]) for m in versions["DeleteMarkers"]] == [("null", True)]


def test_unversioned_listing_shows_null(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"1")
    s3.put_object(Bucket=bucket, Key="k", Body=b"2")
    versions = s3.list_object_versions(Bucket=bucket)["Versions"]
    assert [(v["VersionId"], v["IsLatest"]) for v in versions] == [("null", True)]
    assert set(versions[0]) == {"Key", "VersionId", "IsLatest", "LastModified", "ETag", "Size", "StorageClass",
                                "Owner", "ChecksumAlgorithm", "ChecksumType"}


def test_copy_from_version(s3: Any, versioned: str) -> None:
    first = s3.put_object(Bucket=versioned, Key="k", Body=b"v1", Metadata={"gen": "1"})["VersionId"]
    s3.put_object(Bucket=versioned, Key="k", Body=b"v2", Metadata={"gen": "2"})
    out = s3.copy_object(Bucket=versioned, Key="c", CopySource={"Bucket": versioned, "Key": "k", "VersionId": first})
    assert out["CopySourceVersionId"] == first and VERSION_ID.match(out["VersionId"])
    got = s3.get_object(Bucket=versioned, Key="c")
    assert got["Body"].read() == b"v1" and got["Metadata"] == {"gen": "1"}


def test_delete_objects_versioned(s3: Any, versioned: str) -> None:
    v = s3.put_object(Bucket=versioned, Key="k", Body=b"1")["VersionId"]
    out = s3.delete_objects(Bucket=versioned, Delete={"Objects": [{"Key": "k"}, {"Key": "ghost"}]})
    by_key = {d["Key"]: d for d in out["Deleted"]}
    assert by_key["k"]["DeleteMarker"] is True and VERSION_ID.match(by_key["k"]["DeleteMarkerVersionId"])
    assert by_key["ghost"]["DeleteMarker"] is True and "VersionId" not in by_key["ghost"]
    out = s3.delete_objects(Bucket=versioned, Delete={"Objects": [{"Key": "k", "VersionId": v}]})
    assert out["Deleted"] == [{"Key": "k", "VersionId": v}]


def test_bucket_not_empty_with_versions(s3: Any, versioned: str, error_of: Any) -> None:
    s3.delete_object(Bucket=versioned, Key="only-a-marker")
    err = error_of(s3.delete_bucket, Bucket=versioned)
    assert (err["Code"], err["status"], err["BucketName"]) == ("BucketNotEmpty", 409, versioned)
    assert err["Message"] == "The bucket you tried to delete is not empty. You must delete all versions in the bucket."


def test_delete_objects_unknown_versions(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"1")
    out = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "k", "VersionId": "HPniJFCxqTsMuIH9KX8K8wEjNUgmABCD"}]})
    assert out["Errors"] == [{"Key": "k", "VersionId": "HPniJFCxqTsMuIH9KX8K8wEjNUgmABCD", "Code": "NoSuchVersion",
                              "Message": "The specified version does not exist."}]
    assert "Deleted" not in out and s3.head_object(Bucket=bucket, Key="k")["ContentLength"] == 1
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    v = s3.put_object(Bucket=bucket, Key="k", Body=b"2")["VersionId"]
    out = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "other", "VersionId": v}, {"Key": "k", "VersionId": v}]})
    assert [(e["Key"], e["Code"]) for e in out["Errors"]] == [("other", "NoSuchVersion")]
    assert out["Deleted"] == [{"Key": "k", "VersionId": v}]


def test_single_delete_malformed_version(s3: Any, bucket: str, error_of: Any) -> None:
    err = error_of(s3.delete_object, Bucket=bucket, Key="k", VersionId="HPniJFCxqTsMuIH9KX8K8wEjNUgmABCD")
    assert (err["Code"], err["ArgumentName"], err["Message"], err["status"]) == (
        "InvalidArgument", "versionId", "Invalid version id specified", 400)


def test_delete_response_headers(s3: Any, versioned: str) -> None:
    put = s3.put_object(Bucket=versioned, Key="k", Body=b"1")
    assert put["ResponseMetadata"]["HTTPHeaders"]["x-amz-version-id"] == put["VersionId"]
    out = s3.delete_object(Bucket=versioned, Key="k")
    headers = out["ResponseMetadata"]["HTTPHeaders"]
    assert headers["x-amz-delete-marker"] == "true" and headers["x-amz-version-id"] == out["VersionId"]


def test_mfa_delete_disabled_is_reported(s3: Any, bucket: str, error_of: Any) -> None:
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    assert "MFADelete" not in s3.get_bucket_versioning(Bucket=bucket)
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled", "MFADelete": "Disabled"})
    got = s3.get_bucket_versioning(Bucket=bucket)
    assert (got["Status"], got["MFADelete"]) == ("Enabled", "Disabled")
    err = error_of(s3.put_bucket_versioning, Bucket="no-such-bucket-x", VersioningConfiguration={"Status": "Enabled"})
    assert (err["Code"], err["BucketName"]) == ("NoSuchBucket", "no-such-bucket-x")
