"""Multipart and bucket scenarios through boto3, asserting what real S3 returns."""

from __future__ import annotations

from typing import Any

MIB = 1024 * 1024


def _upload(s3: Any, bucket: str, key: str, bodies: list[bytes], **create: Any) -> tuple[str, list[dict[str, Any]]]:
    upload = s3.create_multipart_upload(Bucket=bucket, Key=key, **create)["UploadId"]
    parts = [{"PartNumber": n, "ETag": s3.upload_part(Bucket=bucket, Key=key, UploadId=upload, PartNumber=n,
                                                      Body=body)["ETag"]}
             for n, body in enumerate(bodies, 1)]
    return upload, parts


def test_golden_etag_and_parts(s3: Any, bucket: str) -> None:
    upload, parts = _upload(s3, bucket, "g", [b"A" * 5 * MIB, b"B" * 5 * MIB, b"C" * 5 * MIB])
    done = s3.complete_multipart_upload(Bucket=bucket, Key="g", UploadId=upload, MultipartUpload={"Parts": parts})
    assert done["ETag"] == '"b2add96cc9702bbf4efb0ccdfc6b7747-3"'
    assert done["Location"] == f"https://{bucket}.s3.amazonaws.com/g" and done["Bucket"] == bucket
    assert done["ChecksumCRC64NVME"] == "i+6LR0y3eFo=" and done["ChecksumType"] == "FULL_OBJECT"
    assert "VersionId" not in done
    head = s3.head_object(Bucket=bucket, Key="g", PartNumber=2)
    assert head["PartsCount"] == 3 and head["ContentLength"] == 5 * MIB and "ContentRange" not in head
    assert head["ResponseMetadata"]["HTTPStatusCode"] == 206
    got = s3.get_object(Bucket=bucket, Key="g", PartNumber=2)
    assert got["ContentRange"] == f"bytes {5 * MIB}-{10 * MIB - 1}/{15 * MIB}" and got["PartsCount"] == 3
    assert "PartsCount" not in s3.head_object(Bucket=bucket, Key="g")
    attrs = s3.get_object_attributes(Bucket=bucket, Key="g", ObjectAttributes=["ObjectParts", "ETag", "ObjectSize"])
    assert attrs["ObjectParts"] == {"TotalPartsCount": 3}  # no part checksums: only the count (AWS-verified)
    assert attrs["ETag"] == "b2add96cc9702bbf4efb0ccdfc6b7747-3" and attrs["ObjectSize"] == 15 * MIB
    again = s3.complete_multipart_upload(Bucket=bucket, Key="g", UploadId=upload, MultipartUpload={"Parts": parts})
    assert again["ETag"] == done["ETag"]  # a retried Complete answers the same


def test_complete_errors(s3: Any, bucket: str, error_of: Any) -> None:
    upload, parts = _upload(s3, bucket, "k", [b"A" * 10, b"B" * 10])
    err = error_of(s3.complete_multipart_upload, Bucket=bucket, Key="k", UploadId=upload,
                   MultipartUpload={"Parts": parts})
    assert (err["Code"], err["ProposedSize"], err["MinSizeAllowed"], err["PartNumber"]) == (
        "EntityTooSmall", "10", "5242880", "1")
    err = error_of(s3.complete_multipart_upload, Bucket=bucket, Key="k", UploadId=upload,
                   MultipartUpload={"Parts": parts[::-1]})
    assert (err["Code"], err["UploadId"]) == ("InvalidPartOrder", upload)
    err = error_of(s3.complete_multipart_upload, Bucket=bucket, Key="k", UploadId=upload,
                   MultipartUpload={"Parts": [{"PartNumber": 3, "ETag": parts[0]["ETag"]}]})
    assert (err["Code"], err["PartNumber"], err["UploadId"]) == ("InvalidPart", "3", upload)
    err = error_of(s3.complete_multipart_upload, Bucket=bucket, Key="k", UploadId=upload,
                   MultipartUpload={"Parts": []})
    assert (err["Code"], err["Message"]) == ("InvalidRequest", "You must specify at least one part")
    assert "UploadId" not in err
    err = error_of(s3.complete_multipart_upload, Bucket=bucket, Key="k", UploadId=upload,
                   MultipartUpload={"Parts": parts[1:]}, MpuObjectSize=5)
    assert err["Message"] == "The provided 'x-amz-mp-object-size' header value 5 does not match what was computed: 10"
    err = error_of(s3.upload_part, Bucket=bucket, Key="k", UploadId=upload, PartNumber=10001, Body=b"x")
    assert (err["Code"], err["ArgumentName"], err["Message"]) == (
        "InvalidArgument", "partNumber", "Part number must be an integer between 1 and 10000, inclusive")
    # the last part alone may be small; quotes on the ETag are optional
    done = s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload, MultipartUpload={
        "Parts": [{"PartNumber": 2, "ETag": parts[1]["ETag"].strip('"')}]})
    assert done["ETag"].endswith('-1"')
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"B" * 10


def test_no_such_upload(s3: Any, bucket: str, error_of: Any) -> None:
    upload, _ = _upload(s3, bucket, "k", [])
    assert s3.abort_multipart_upload(Bucket=bucket, Key="k", UploadId=upload)["ResponseMetadata"][
        "HTTPStatusCode"] == 204
    for call, extra in ((s3.abort_multipart_upload, {}), (s3.list_parts, {}),
                        (s3.upload_part, {"PartNumber": 1, "Body": b"x"})):
        err = error_of(call, Bucket=bucket, Key="k", UploadId=upload, **extra)
        assert (err["Code"], err["status"], err["UploadId"]) == ("NoSuchUpload", 404, upload)
        assert err["Message"].startswith("The specified upload does not exist.")


def test_composite_sha256(s3: Any, bucket: str, error_of: Any) -> None:
    created = s3.create_multipart_upload(Bucket=bucket, Key="s", ChecksumAlgorithm="SHA256")
    assert (created["ChecksumAlgorithm"], created["ChecksumType"]) == ("SHA256", "COMPOSITE")
    upload = created["UploadId"]
    part = s3.upload_part(Bucket=bucket, Key="s", UploadId=upload, PartNumber=1, Body=b"test content 123",
                          ChecksumAlgorithm="SHA256")
    listed = s3.list_parts(Bucket=bucket, Key="s", UploadId=upload)
    assert (listed["ChecksumAlgorithm"], listed["ChecksumType"]) == ("SHA256", "COMPOSITE")
    assert listed["Parts"][0]["ChecksumSHA256"] == part["ChecksumSHA256"]
    err = error_of(s3.complete_multipart_upload, Bucket=bucket, Key="s", UploadId=upload,
                   MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": part["ETag"]}]})
    assert err["Message"] == ("The upload was created using a sha256 checksum. The complete request must include "
                              "the checksum for each part. It was missing for part 1 in the request.")
    done = s3.complete_multipart_upload(Bucket=bucket, Key="s", UploadId=upload, MultipartUpload={"Parts": [
        {"PartNumber": 1, "ETag": part["ETag"], "ChecksumSHA256": part["ChecksumSHA256"]}]})
    assert done["ETag"] == '"b972025bc34adf8d76d6d51e93c035cc-1"' and done["ChecksumSHA256"].endswith("-1")
    attrs = s3.get_object_attributes(Bucket=bucket, Key="s", ObjectAttributes=["Checksum", "ObjectParts", "ETag"])
    assert attrs["ETag"] == "b972025bc34adf8d76d6d51e93c035cc-1"
    assert attrs["Checksum"]["ChecksumSHA256"] == done["ChecksumSHA256"][:-2]
    assert attrs["ObjectParts"]["Parts"][0]["ChecksumSHA256"] == part["ChecksumSHA256"]
    beyond = s3.get_object_attributes(Bucket=bucket, Key="s", ObjectAttributes=["ObjectParts"], PartNumberMarker=10,
                                      MaxParts=1)["ObjectParts"]
    assert beyond["NextPartNumberMarker"] == 0 and "Parts" not in beyond and beyond["TotalPartsCount"] == 1


def test_upload_part_copy(s3: Any, bucket: str, error_of: Any) -> None:
    s3.put_object(Bucket=bucket, Key="src", Body=b"0123456789")
    upload, _ = _upload(s3, bucket, "c", [])  # AWS-verified range rules (LocalStack snapshot, 2025-06)
    part = s3.upload_part_copy(Bucket=bucket, Key="c", UploadId=upload, PartNumber=1, CopySource=f"{bucket}/src",
                               CopySourceRange="bytes=2-5")
    assert part["CopyPartResult"]["ETag"] == '"81b073de9370ea873f548e31b8adc081"'
    assert part["CopyPartResult"]["LastModified"].microsecond == 0 and "CopySourceVersionId" not in part
    copy = {"Bucket": bucket, "Key": "c", "UploadId": upload, "PartNumber": 1, "CopySource": f"{bucket}/src"}
    err = error_of(s3.upload_part_copy, **copy, CopySourceRange="bytes=0-100")
    assert (err["Code"], err["status"], err["Message"], err["ArgumentValue"]) == (
        "InvalidArgument", 400, "Range specified is not valid for source object of size: 10", "bytes=0-100")
    err = error_of(s3.upload_part_copy, **copy, CopySourceRange="bytes=100-200")
    assert (err["Code"], err["Message"]) == ("InvalidRequest",
                                             "The specified copy range is invalid for the source object size")
    for bad in ("0-8", "bytes=1-0", "bytes=-1-", "bytes=0--1", "bytes=0-1,3-4", "bytes=-", "bytes=-0", "bytes=1-",
                "bytes=-2"):
        err = error_of(s3.upload_part_copy, **copy, CopySourceRange=bad)
        assert (err["Code"], err["ArgumentName"], err["ArgumentValue"]) == (
            "InvalidArgument", "x-amz-copy-source-range", bad)
        assert err["Message"].startswith("The x-amz-copy-source-range value must be of the form bytes=first-last")
    whole = s3.upload_part_copy(**copy)
    assert whole["CopyPartResult"]["ETag"] == '"781e5e245d69b566979b86e28d23f2c7"'


def test_versioned_complete(s3: Any, bucket: str) -> None:
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    upload, parts = _upload(s3, bucket, "v", [b"x"])
    done = s3.complete_multipart_upload(Bucket=bucket, Key="v", UploadId=upload, MultipartUpload={"Parts": parts})
    assert done["VersionId"] == s3.head_object(Bucket=bucket, Key="v")["VersionId"]


def test_bucket_lifecycle(s3: Any, aws: Any, error_of: Any) -> None:
    created = s3.create_bucket(Bucket="scenario-bucket")
    assert created["Location"] == "/scenario-bucket"
    assert s3.create_bucket(Bucket="scenario-bucket")["Location"] == "/scenario-bucket"  # us-east-1 no-op
    err = error_of(s3.create_bucket, Bucket="ab")
    assert (err["Code"], err["Message"], err["BucketName"]) == (
        "InvalidBucketName", "The specified bucket is not valid.", "ab")
    head = s3.head_bucket(Bucket="scenario-bucket")
    assert head["BucketRegion"] == "us-east-1" and head["AccessPointAlias"] is False
    assert error_of(s3.head_bucket, Bucket="no-such-bucket-x")["Code"] == "404"
    assert s3.get_bucket_location(Bucket="scenario-bucket")["LocationConstraint"] is None
    enc = s3.get_bucket_encryption(Bucket="scenario-bucket")["ServerSideEncryptionConfiguration"]["Rules"][0]
    assert enc == {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}, "BucketKeyEnabled": False}
    err = error_of(s3.get_bucket_tagging, Bucket="scenario-bucket")
    assert (err["Code"], err["status"]) == ("NoSuchTagSet", 404)
    s3.put_object(Bucket="scenario-bucket", Key="k", Body=b"x")
    err = error_of(s3.delete_bucket, Bucket="scenario-bucket")
    assert (err["Code"], err["Message"]) == ("BucketNotEmpty", "The bucket you tried to delete is not empty")
    s3.delete_object(Bucket="scenario-bucket", Key="k")
    assert s3.delete_bucket(Bucket="scenario-bucket")["ResponseMetadata"]["HTTPStatusCode"] == 204
    err = error_of(s3.delete_bucket, Bucket="scenario-bucket")
    assert (err["Code"], err["BucketName"]) == ("NoSuchBucket", "scenario-bucket")


def test_regional_buckets(aws: Any, error_of: Any) -> None:
    import boto3

    eu = boto3.client("s3", region_name="eu-west-1")
    err = error_of(eu.create_bucket, Bucket="regional-bucket")
    assert err["Code"] == "IllegalLocationConstraintException"
    err = error_of(eu.create_bucket, Bucket="regional-bucket", CreateBucketConfiguration={"LocationConstraint": "EU"})
    assert err["Message"] == ("The EU location constraint is incompatible for the region specific endpoint this "
                              "request was sent to.")
    eu.create_bucket(Bucket="regional-bucket", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    err = error_of(eu.create_bucket, Bucket="regional-bucket",
                   CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    assert (err["Code"], err["status"]) == ("BucketAlreadyOwnedByYou", 409)
    assert eu.get_bucket_location(Bucket="regional-bucket")["LocationConstraint"] == "eu-west-1"
    us = boto3.client("s3", region_name="us-east-1")
    err = error_of(us.create_bucket, Bucket="other-bucket", CreateBucketConfiguration={"LocationConstraint": "us-east-1"})
    assert (err["Code"], err["Message"]) == ("InvalidLocationConstraint", "The specified location-constraint is not valid")
