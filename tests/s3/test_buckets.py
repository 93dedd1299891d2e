"""Bucket operations through boto3, with AWS's codes and messages."""

from __future__ import annotations

from typing import Any

import boto3
import pytest


def test_create_list_head_location(s3: Any, error_of: Any) -> None:
    s3.create_bucket(Bucket="alpha")
    s3.create_bucket(Bucket="beta", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    names = [b["Name"] for b in s3.list_buckets()["Buckets"]]
    assert names == ["alpha", "beta"]
    assert s3.get_bucket_location(Bucket="alpha")["LocationConstraint"] is None
    assert s3.get_bucket_location(Bucket="beta")["LocationConstraint"] == "eu-west-1"
    assert s3.head_bucket(Bucket="beta")["BucketRegion"] == "eu-west-1"


def test_invalid_name(s3: Any, error_of: Any) -> None:
    s3_raw = boto3.client("s3", region_name="us-east-1", config=boto3.session.Config(parameter_validation=False))
    err = error_of(s3_raw.create_bucket, Bucket="Bad.Name")
    assert (err["Code"], err["Message"], err["BucketName"], err["status"]) == (
        "InvalidBucketName", "The specified bucket is not valid.", "Bad.Name", 400)


def test_already_owned_and_exists(aws: Any, error_of: Any) -> None:
    mine = boto3.client("s3", region_name="eu-west-1")
    mine.create_bucket(Bucket="shared-name", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    err = error_of(mine.create_bucket, Bucket="shared-name",
                   CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    assert (err["Code"], err["status"]) == ("BucketAlreadyOwnedByYou", 409)
    assert err["Message"] == "Your previous request to create the named bucket succeeded and you already own it."
    other = aws.client("s3", account_id="210987654321")
    err = error_of(other.create_bucket, Bucket="shared-name")
    assert (err["Code"], err["status"]) == ("BucketAlreadyExists", 409)


def test_us_east_1_recreate_keeps_contents(s3: Any, bucket: str, error_of: Any) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"v")
    s3.create_bucket(Bucket=bucket)
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"v"


def test_location_constraints(aws: Any, s3: Any, error_of: Any) -> None:
    err = error_of(s3.create_bucket, Bucket="abc", CreateBucketConfiguration={"LocationConstraint": "us-east-1"})
    assert (err["Code"], err["Message"]) == ("InvalidLocationConstraint",
                                             "The specified location-constraint is not valid")
    west = boto3.client("s3", region_name="us-west-2")
    err = error_of(west.create_bucket, Bucket="abc")
    assert err["Code"] == "IllegalLocationConstraintException"
    assert err["Message"] == ("The unspecified location constraint is incompatible for the region specific "
                              "endpoint this request was sent to.")
    err = error_of(west.create_bucket, Bucket="abc", CreateBucketConfiguration={"LocationConstraint": "EU"})
    assert err["Message"].startswith("The EU location constraint is incompatible")
    assert s3.list_buckets()["Buckets"] == []


def test_delete_bucket(s3: Any, bucket: str, error_of: Any) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"")
    err = error_of(s3.delete_bucket, Bucket=bucket)
    assert (err["Code"], err["Message"], err["status"]) == (
        "BucketNotEmpty", "The bucket you tried to delete is not empty", 409)
    s3.delete_object(Bucket=bucket, Key="k")
    assert s3.delete_bucket(Bucket=bucket)["ResponseMetadata"]["HTTPStatusCode"] == 204
    err = error_of(s3.delete_bucket, Bucket=bucket)
    assert (err["Code"], err["Message"], err["BucketName"], err["status"]) == (
        "NoSuchBucket", "The specified bucket does not exist", bucket, 404)
    err = error_of(s3.head_bucket, Bucket=bucket)
    assert (err["Code"], err["Message"], err["status"]) == ("404", "Not Found", 404)


def test_bucket_tagging(s3: Any, bucket: str, error_of: Any) -> None:
    err = error_of(s3.get_bucket_tagging, Bucket=bucket)
    assert (err["Code"], err["status"]) == ("NoSuchTagSet", 404)
    s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": [{"Key": "team", "Value": "data"}]})
    assert s3.get_bucket_tagging(Bucket=bucket)["TagSet"] == [{"Key": "team", "Value": "data"}]
    err = error_of(s3.put_bucket_tagging, Bucket=bucket,
                   Tagging={"TagSet": [{"Key": "a", "Value": "1"}, {"Key": "a", "Value": "2"}]})
    assert err["Code"] == "InvalidTag"
    s3.delete_bucket_tagging(Bucket=bucket)
    assert error_of(s3.get_bucket_tagging, Bucket=bucket)["Code"] == "NoSuchTagSet"


def test_versioning_configuration(s3: Any, bucket: str, error_of: Any) -> None:
    assert "Status" not in s3.get_bucket_versioning(Bucket=bucket)
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Suspended"})
    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Suspended"
    raw = boto3.client("s3", region_name="us-east-1", config=boto3.session.Config(parameter_validation=False))
    assert error_of(raw.put_bucket_versioning, Bucket=bucket,
                    VersioningConfiguration={"Status": "enabled"})["Code"] == "MalformedXML"


@pytest.mark.parametrize("op", ["get_bucket_location", "list_objects_v2", "get_bucket_versioning"])
def test_missing_bucket(s3: Any, op: str, error_of: Any) -> None:
    err = error_of(getattr(s3, op), Bucket="missing-bucket")
    assert (err["Code"], err["BucketName"]) == ("NoSuchBucket", "missing-bucket")


def test_other_accounts_are_denied(aws: Any, s3: Any, bucket: str, error_of: Any) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"secret")
    other = aws.client("s3", account_id="210987654321")
    for call, kwargs in ((other.get_object, {"Key": "k"}), (other.put_object, {"Key": "x", "Body": b""}),
                         (other.list_objects_v2, {}), (other.delete_bucket, {})):
        err = error_of(call, Bucket=bucket, **kwargs)
        assert (err["Code"], err["Message"], err["status"]) == ("AccessDenied", "Access Denied", 403)
    assert error_of(other.head_object, Bucket=bucket, Key="k")["Code"] == "403"
    other.create_bucket(Bucket="theirs")
    err = error_of(s3.copy_object, Bucket=bucket, Key="c", CopySource="theirs/none")
    assert err["Code"] == "AccessDenied"
    err = error_of(s3.get_object, Bucket=bucket, Key="k", ExpectedBucketOwner="210987654321")
    assert err["Code"] == "AccessDenied"


def test_default_encryption(s3: Any, bucket: str, error_of: Any) -> None:
    rule = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"][0]
    assert rule == {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}, "BucketKeyEnabled": False}
    s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={"Rules": [
        {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}, "BucketKeyEnabled": True}]})
    assert s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"][0][
        "BucketKeyEnabled"] is True
    err = error_of(s3.put_bucket_encryption, Bucket=bucket, ServerSideEncryptionConfiguration={"Rules": [
        {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256", "KMSMasterKeyID": "k"}}]})
    assert err["Code"] == "InvalidArgument" and err["Message"].startswith("a KMSMasterKeyID is not applicable")
    assert s3.delete_bucket_encryption(Bucket=bucket)["ResponseMetadata"]["HTTPStatusCode"] == 204
    rule = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"][0]
    assert rule["ApplyServerSideEncryptionByDefault"] == {"SSEAlgorithm": "AES256"}
