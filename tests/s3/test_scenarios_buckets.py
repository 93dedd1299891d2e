"""Bucket-level scenarios through boto3: Object Ownership defaults (ACLs disabled), as real S3 answers."""

from __future__ import annotations

from typing import Any

import boto3
from botocore.config import Config


def test_acls_disabled_by_default(s3: Any, bucket: str, error_of: Any) -> None:
    for acl in ("private", "bucket-owner-full-control"):
        assert s3.put_object(Bucket=bucket, Key="k", Body=b"", ACL=acl)["ETag"]
    err = error_of(s3.put_object, Bucket=bucket, Key="k", Body=b"", ACL="public-read")
    assert (err["Code"], err["Message"], err["status"]) == (
        "AccessControlListNotSupported", "The bucket does not allow ACLs", 400)
    err = error_of(s3.put_object, Bucket=bucket, Key="k", Body=b"",
                   GrantRead='uri="http://acs.amazonaws.com/groups/global/AllUsers"')
    assert err["Code"] == "AccessControlListNotSupported"
    assert error_of(s3.create_multipart_upload, Bucket=bucket, Key="m", ACL="public-read")["Code"] == (
        "AccessControlListNotSupported")
    assert error_of(s3.copy_object, Bucket=bucket, Key="c", CopySource=f"{bucket}/k", ACL="public-read")["Code"] == (
        "AccessControlListNotSupported")


def test_create_bucket_acl_and_ownership(s3: Any, error_of: Any) -> None:
    err = error_of(s3.create_bucket, Bucket="acl-bucket", ACL="public-read")
    assert (err["Code"], err["status"], err["Message"]) == (
        "InvalidBucketAclWithObjectOwnership", 400,
        "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting")
    assert s3.create_bucket(Bucket="private-bucket", ACL="private")["Location"] == "/private-bucket"
    assert s3.create_bucket(Bucket="owned-bucket", ObjectOwnership="BucketOwnerEnforced")
    raw = boto3.client("s3", region_name="us-east-1", config=Config(parameter_validation=False))
    err = error_of(raw.create_bucket, Bucket="odd-bucket", ObjectOwnership="RandomValue")
    assert (err["Code"], err["Message"], err["ArgumentName"]) == (
        "InvalidArgument", "Invalid x-amz-object-ownership header: RandomValue", "x-amz-object-ownership")
    assert "odd-bucket" not in [b["Name"] for b in s3.list_buckets()["Buckets"]]


def test_access_control_reads_show_defaults(s3: Any, bucket: str, error_of: Any) -> None:
    assert s3.get_bucket_ownership_controls(Bucket=bucket)["OwnershipControls"] == {
        "Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}
    assert s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True}
    acl = s3.get_bucket_acl(Bucket=bucket)
    assert [g["Permission"] for g in acl["Grants"]] == ["FULL_CONTROL"]
    assert acl["Grants"][0]["Grantee"]["ID"] == acl["Owner"]["ID"]
    s3.create_bucket(Bucket="writer-bucket", ObjectOwnership="ObjectWriter")
    assert s3.get_bucket_ownership_controls(Bucket="writer-bucket")["OwnershipControls"]["Rules"] == [
        {"ObjectOwnership": "ObjectWriter"}]
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    version = s3.put_object(Bucket=bucket, Key="k", Body=b"x")["VersionId"]
    object_acl = s3.get_object_acl(Bucket=bucket, Key="k")
    assert object_acl["VersionId"] == version and object_acl["Grants"] == acl["Grants"]
    marker = s3.delete_object(Bucket=bucket, Key="k")["VersionId"]
    err = error_of(s3.get_object_acl, Bucket=bucket, Key="k")  # AWS-verified: NoSuchKey, not 405
    assert (err["Code"], err["Key"]) == ("NoSuchKey", "k")
    err = error_of(s3.get_object_acl, Bucket=bucket, Key="k", VersionId=marker)
    assert (err["Code"], err["Method"], err["ResourceType"]) == ("MethodNotAllowed", "GET", "DeleteMarker")
    assert error_of(s3.get_bucket_acl, Bucket="no-such-bucket-x")["Code"] == "NoSuchBucket"
