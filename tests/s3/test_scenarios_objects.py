"""Object scenarios through boto3, asserting what real S3 returns: GET/HEAD fields and headers,
ranges, conditional reads and writes, metadata, copy, tags, errors and their fields."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

TEN = b"0123456789"
TEN_ETAG = '"781e5e245d69b566979b86e28d23f2c7"'


@pytest.fixture
def ten(s3: Any, bucket: str) -> str:
    s3.put_object(Bucket=bucket, Key="ten", Body=TEN)
    return "ten"


def test_get_fields_and_headers(s3: Any, bucket: str, ten: str, aws: Any) -> None:
    got = s3.get_object(Bucket=bucket, Key=ten)
    assert got["Body"].read() == TEN and got["ContentLength"] == 10 and isinstance(got["ContentLength"], int)
    assert got["ETag"] == TEN_ETAG and got["AcceptRanges"] == "bytes" and got["ContentType"] == "binary/octet-stream"
    assert got["ServerSideEncryption"] == "AES256" and got["Metadata"] == {}
    assert got["LastModified"].microsecond == 0 and got["LastModified"].tzinfo is not None
    assert "VersionId" not in got and "ContentRange" not in got and "StorageClass" not in got
    assert got["ChecksumCRC32"] and got["ChecksumType"] == "FULL_OBJECT"  # boto3 sends ChecksumMode=ENABLED
    meta = got["ResponseMetadata"]
    assert meta["HTTPStatusCode"] == 200
    headers = meta["HTTPHeaders"]
    assert headers["content-length"] == "10" and headers["etag"] == TEN_ETAG
    assert headers["accept-ranges"] == "bytes" and headers["x-amz-server-side-encryption"] == "AES256"
    assert headers["last-modified"].endswith(" GMT") and "x-amz-version-id" not in headers


@pytest.mark.parametrize(("spec", "content_range", "body"), [
    ("bytes=0-4", "bytes 0-4/10", b"01234"),
    ("bytes=0-100", "bytes 0-9/10", TEN),
    ("bytes=-15", "bytes 0-9/10", TEN),
    ("bytes=-3", "bytes 7-9/10", b"789"),
    ("bytes=1-", "bytes 1-9/10", b"123456789"),
    ("bytes=9-9", "bytes 9-9/10", b"9"),
])
def test_range_206(s3: Any, bucket: str, ten: str, spec: str, content_range: str, body: bytes) -> None:
    got = s3.get_object(Bucket=bucket, Key=ten, Range=spec)
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 206
    assert got["ContentRange"] == content_range and got["ContentLength"] == len(body)
    assert got["Body"].read() == body
    # a range narrower than the object carries no checksum; one covering it all does (AWS-verified)
    assert any(k.startswith("Checksum") for k in got) == (len(body) == len(TEN))
    head = s3.head_object(Bucket=bucket, Key=ten, Range=spec)
    assert head["ContentRange"] == content_range and head["ResponseMetadata"]["HTTPStatusCode"] == 206


@pytest.mark.parametrize("spec", ["bytes=1-0", "bytes=0-1,3-4", "0-5", "bytes=-", "bytes=0--1"])
def test_range_ignored(s3: Any, bucket: str, ten: str, spec: str) -> None:
    got = s3.get_object(Bucket=bucket, Key=ten, Range=spec)
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 200 and "ContentRange" not in got
    assert got["Body"].read() == TEN


@pytest.mark.parametrize("spec", ["bytes=10-", "bytes=100-200", "bytes=-0"])
def test_range_unsatisfiable(s3: Any, bucket: str, ten: str, error_of: Any, spec: str) -> None:
    err = error_of(s3.get_object, Bucket=bucket, Key=ten, Range=spec)
    assert (err["Code"], err["Message"], err["status"]) == ("InvalidRange", "The requested range is not satisfiable",
                                                            416)
    assert err["ActualObjectSize"] == "10" and err["RangeRequested"] == spec
    assert error_of(s3.head_object, Bucket=bucket, Key=ten, Range=spec)["Code"] == "416"


def test_part_number_on_plain_object(s3: Any, bucket: str, ten: str, error_of: Any) -> None:
    got = s3.get_object(Bucket=bucket, Key=ten, PartNumber=1)
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 206 and got["ContentRange"] == "bytes 0-9/10"
    err = error_of(s3.get_object, Bucket=bucket, Key=ten, PartNumber=2)
    assert (err["Code"], err["status"], err["ActualPartCount"], err["PartNumberRequested"]) == (
        "InvalidPartNumber", 416, "1", "2")
    err = error_of(s3.get_object, Bucket=bucket, Key=ten, PartNumber=1, Range="bytes=0-1")
    assert (err["Code"], err["Message"]) == ("InvalidRequest",
                                             "Cannot specify both Range header and partNumber query parameter")


def test_conditional_reads(s3: Any, bucket: str, ten: str, error_of: Any) -> None:
    modified = s3.head_object(Bucket=bucket, Key=ten)["LastModified"]
    err = error_of(s3.get_object, Bucket=bucket, Key=ten, IfMatch='"nope"')
    assert (err["Code"], err["status"], err["Condition"]) == ("PreconditionFailed", 412, "If-Match")
    assert err["Message"] == "At least one of the pre-conditions you specified did not hold"
    err = error_of(s3.get_object, Bucket=bucket, Key=ten, IfUnmodifiedSince=modified - timedelta(days=1))
    assert err["Condition"] == "If-Unmodified-Since"
    err = error_of(s3.get_object, Bucket=bucket, Key=ten, IfNoneMatch=TEN_ETAG.strip('"'))
    assert (err["Code"], err["status"]) == ("304", 304)
    assert err["headers"]["etag"] == TEN_ETAG and err["headers"]["last-modified"].endswith("GMT")
    assert error_of(s3.get_object, Bucket=bucket, Key=ten, IfModifiedSince=modified)["Code"] == "304"
    assert error_of(s3.head_object, Bucket=bucket, Key=ten, IfMatch='"nope"')["Code"] == "412"
    # a future If-Modified-Since is ignored; If-Match true beats a false If-Unmodified-Since
    assert s3.get_object(Bucket=bucket, Key=ten, IfModifiedSince=modified + timedelta(days=1))["ContentLength"] == 10
    ok = s3.get_object(Bucket=bucket, Key=ten, IfMatch=TEN_ETAG, IfUnmodifiedSince=modified - timedelta(days=1))
    assert ok["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert s3.get_object(Bucket=bucket, Key=ten, IfUnmodifiedSince=modified)["ContentLength"] == 10


def test_conditional_writes(s3: Any, bucket: str, ten: str, error_of: Any) -> None:
    err = error_of(s3.put_object, Bucket=bucket, Key=ten, Body=b"x", IfNoneMatch="*")
    assert (err["Code"], err["status"], err["Condition"]) == ("PreconditionFailed", 412, "If-None-Match")
    err = error_of(s3.put_object, Bucket=bucket, Key=ten, Body=b"x", IfNoneMatch=TEN_ETAG)
    assert (err["Code"], err["status"]) == ("NotImplemented", 501)
    err = error_of(s3.put_object, Bucket=bucket, Key="absent", Body=b"x", IfMatch=TEN_ETAG)
    assert (err["Code"], err["status"], err["Key"]) == ("NoSuchKey", 404, "absent")
    err = error_of(s3.put_object, Bucket=bucket, Key=ten, Body=b"x", IfMatch='"other"')
    assert (err["Code"], err["Condition"]) == ("PreconditionFailed", "If-Match")
    assert s3.get_object(Bucket=bucket, Key=ten)["Body"].read() == TEN  # nothing written
    assert s3.put_object(Bucket=bucket, Key="fresh", Body=b"x", IfNoneMatch="*")["ETag"]
    assert s3.put_object(Bucket=bucket, Key=ten, Body=b"y", IfMatch=TEN_ETAG)["ETag"] != TEN_ETAG
    err = error_of(s3.delete_object, Bucket=bucket, Key=ten, IfMatch='"other"')
    assert (err["Code"], err["status"]) == ("PreconditionFailed", 412)


def test_metadata_and_content_headers(s3: Any, bucket: str) -> None:
    expires = datetime(2030, 1, 1, tzinfo=UTC)
    s3.put_object(Bucket=bucket, Key="m", Body=b"x", Metadata={"My-Key": "V", "under_score": "y"},
                  ContentType="text/plain", ContentDisposition="attachment", CacheControl="no-cache",
                  ContentLanguage="en", Expires=expires, Tagging="a=1&b=2")
    head = s3.head_object(Bucket=bucket, Key="m")
    assert head["Metadata"] == {"my-key": "V", "under_score": "y"}
    assert (head["ContentType"], head["ContentDisposition"], head["CacheControl"], head["ContentLanguage"]) == (
        "text/plain", "attachment", "no-cache", "en")
    assert head["Expires"] == expires and head["ExpiresString"] == "Tue, 01 Jan 2030 00:00:00 GMT"
    assert head["TagCount"] == 2
    headers = head["ResponseMetadata"]["HTTPHeaders"]
    assert headers["x-amz-meta-my-key"] == "V" and headers["x-amz-tagging-count"] == "2"
    s3.put_object(Bucket=bucket, Key="m", Body=b"x", Metadata={"other": "1"})
    replaced = s3.head_object(Bucket=bucket, Key="m")
    assert replaced["Metadata"] == {"other": "1"} and "TagCount" not in replaced
    assert replaced["ContentType"] == "binary/octet-stream"


def test_copy_directives(s3: Any, bucket: str, error_of: Any) -> None:
    s3.put_object(Bucket=bucket, Key="src", Body=b"x", Metadata={"a": "1"}, ContentType="text/plain",
                  Tagging="t=1")
    result = s3.copy_object(Bucket=bucket, Key="copy", CopySource=f"{bucket}/src")
    assert set(result) >= {"CopyObjectResult", "ServerSideEncryption"} and "VersionId" not in result
    assert "CopySourceVersionId" not in result
    assert result["CopyObjectResult"]["ETag"] == '"9dd4e461268c8034f5c8564e155c67a6"'
    assert result["CopyObjectResult"]["LastModified"].microsecond == 0
    head = s3.head_object(Bucket=bucket, Key="copy")
    assert head["Metadata"] == {"a": "1"} and head["ContentType"] == "text/plain" and head["TagCount"] == 1
    s3.copy_object(Bucket=bucket, Key="replaced", CopySource=f"{bucket}/src", MetadataDirective="REPLACE",
                   TaggingDirective="REPLACE", Tagging="u=2&v=3")
    head = s3.head_object(Bucket=bucket, Key="replaced")
    assert head["Metadata"] == {} and head["ContentType"] == "binary/octet-stream" and head["TagCount"] == 2
    err = error_of(s3.copy_object, Bucket=bucket, Key="src", CopySource=f"{bucket}/src")
    assert err["Code"] == "InvalidRequest" and err["Message"].startswith(
        "This copy request is illegal because it is trying to copy an object to itself without changing")
    assert s3.copy_object(Bucket=bucket, Key="src", CopySource=f"{bucket}/src", MetadataDirective="REPLACE")
    err = error_of(s3.copy_object, Bucket=bucket, Key="c", CopySource=f"{bucket}/absent")
    assert (err["Code"], err["status"], err["Key"]) == ("NoSuchKey", 404, "absent")
    err = error_of(s3.copy_object, Bucket=bucket, Key="c", CopySource="no-such-bucket-x/k")
    assert (err["Code"], err["BucketName"]) == ("NoSuchBucket", "no-such-bucket-x")
    err = error_of(s3.copy_object, Bucket=bucket, Key="c", CopySource=f"{bucket}/src", CopySourceIfNoneMatch="*")
    assert (err["Code"], err["status"]) == ("PreconditionFailed", 412)


def test_object_errors(s3: Any, bucket: str, ten: str, error_of: Any) -> None:
    err = error_of(s3.get_object, Bucket=bucket, Key="absent")
    assert (err["Code"], err["Message"], err["Key"], err["status"]) == (
        "NoSuchKey", "The specified key does not exist.", "absent", 404)
    err = error_of(s3.head_object, Bucket=bucket, Key="absent")
    assert (err["Code"], err["status"]) == ("404", 404) and "Key" not in err
    err = error_of(s3.get_object, Bucket="no-such-bucket-x", Key="k")
    assert (err["Code"], err["Message"], err["BucketName"]) == (
        "NoSuchBucket", "The specified bucket does not exist", "no-such-bucket-x")
    err = error_of(s3.get_object, Bucket=bucket, Key=ten, VersionId="abc")
    assert (err["Code"], err["Message"], err["ArgumentName"], err["status"]) == (
        "InvalidArgument", "Invalid version id specified", "versionId", 400)
    assert s3.get_object(Bucket=bucket, Key=ten, VersionId="null")["ContentLength"] == 10
    err = error_of(s3.put_object, Bucket=bucket, Key="k" * 1025, Body=b"")
    assert (err["Code"], err["Message"]) == ("KeyTooLongError", "Your key is too long")
    err = error_of(s3.put_object, Bucket=bucket, Key="big", Body=b"", Metadata={"a": "x" * 2100})
    assert err["Code"] == "MetadataTooLarge"
    err = error_of(s3.put_object, Bucket=bucket, Key="md", Body=b"abc", ContentMD5="notbase64")
    assert (err["Code"], err["Message"]) == ("InvalidDigest", "The Content-MD5 you specified was invalid.")
    err = error_of(s3.put_object, Bucket=bucket, Key="md", Body=b"abc", ContentMD5="1B2M2Y8AsgTpgAmY7PhCfg==")
    assert (err["Code"], err["Message"]) == ("BadDigest", "The Content-MD5 you specified did not match what we received.")
    err = error_of(s3.put_object, Bucket=bucket, Key="sc", Body=b"", StorageClass="OUTPOSTS")
    assert (err["Code"], err["StorageClassRequested"]) == ("InvalidStorageClass", "OUTPOSTS")
    assert s3.list_objects_v2(Bucket=bucket)["KeyCount"] == 1  # failed writes left nothing behind


def test_archived_object(s3: Any, bucket: str, error_of: Any) -> None:
    s3.put_object(Bucket=bucket, Key="cold", Body=b"g", StorageClass="GLACIER")
    err = error_of(s3.get_object, Bucket=bucket, Key="cold")
    assert (err["Code"], err["status"], err["StorageClass"]) == ("InvalidObjectState", 403, "GLACIER")
    with pytest.raises(s3.exceptions.InvalidObjectState) as info:
        s3.get_object(Bucket=bucket, Key="cold")
    assert info.value.response["StorageClass"] == "GLACIER"  # modeled member, lifted by botocore
    head = s3.head_object(Bucket=bucket, Key="cold")
    assert head["StorageClass"] == "GLACIER"
    assert s3.list_objects_v2(Bucket=bucket)["Contents"][0]["StorageClass"] == "GLACIER"
    err = error_of(s3.copy_object, Bucket=bucket, Key="warm", CopySource=f"{bucket}/cold")
    assert (err["Code"], err["status"], err["Message"]) == (
        "InvalidObjectState", 403, "Operation is not valid for the source object's storage class")


def test_object_tagging(s3: Any, bucket: str, ten: str, error_of: Any) -> None:
    assert s3.get_object_tagging(Bucket=bucket, Key=ten)["TagSet"] == []
    put = s3.put_object_tagging(Bucket=bucket, Key=ten, Tagging={"TagSet": [{"Key": "k", "Value": "v"}]})
    assert "VersionId" not in put
    assert s3.get_object_tagging(Bucket=bucket, Key=ten)["TagSet"] == [{"Key": "k", "Value": "v"}]
    err = error_of(s3.put_object_tagging, Bucket=bucket, Key=ten,
                   Tagging={"TagSet": [{"Key": f"k{i}", "Value": "v"} for i in range(11)]})
    assert (err["Code"], err["status"]) == ("BadRequest", 400)
    err = error_of(s3.put_object_tagging, Bucket=bucket, Key=ten, Tagging={"TagSet": [{"Key": "aws:x", "Value": "v"}]})
    assert (err["Code"], err["Message"]) == ("InvalidTag", "Your TagKey cannot be prefixed with aws:")
    err = error_of(s3.put_object_tagging, Bucket=bucket, Key=ten,
                   Tagging={"TagSet": [{"Key": "d", "Value": "1"}, {"Key": "d", "Value": "2"}]})
    assert (err["Code"], err["Message"]) == ("InvalidTag", "Cannot provide multiple Tags with the same key")
    err = error_of(s3.get_object_tagging, Bucket=bucket, Key="absent")
    assert (err["Code"], err["Key"]) == ("NoSuchKey", f"{bucket}/absent")
    deleted = s3.delete_object_tagging(Bucket=bucket, Key=ten)
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert s3.get_object_tagging(Bucket=bucket, Key=ten)["TagSet"] == []


def test_get_object_attributes(s3: Any, bucket: str, ten: str) -> None:
    got = s3.get_object_attributes(Bucket=bucket, Key=ten, ObjectAttributes=["ETag", "ObjectSize", "StorageClass"])
    assert got["ETag"] == TEN_ETAG.strip('"') and got["ObjectSize"] == 10 and got["StorageClass"] == "STANDARD"
    assert got["LastModified"].microsecond == 0 and "ObjectParts" not in got and "VersionId" not in got


def test_delete_objects_unversioned(s3: Any, bucket: str, ten: str, error_of: Any) -> None:
    out = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": ten}, {"Key": "absent"}]})
    assert sorted(d["Key"] for d in out["Deleted"]) == ["absent", ten] and "Errors" not in out
    assert all(set(d) == {"Key"} for d in out["Deleted"])
    quiet = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "x"}], "Quiet": True})
    assert "Deleted" not in quiet and "Errors" not in quiet
    err = error_of(s3.delete_objects, Bucket="no-such-bucket-x", Delete={"Objects": [{"Key": "x"}]})
    assert err["Code"] == "NoSuchBucket"


def test_tag_validation_aws_verified(s3: Any, bucket: str, ten: str, error_of: Any) -> None:
    err = error_of(s3.put_bucket_tagging, Bucket=bucket, Tagging={"TagSet": [{"Key": "Key1,Key2", "Value": "a"}]})
    assert (err["Code"], err["Message"], err["TagKey"]) == ("InvalidTag", "The TagKey you have provided is invalid",
                                                            "Key1,Key2")
    err = error_of(s3.put_bucket_tagging, Bucket=bucket, Tagging={"TagSet": [{"Key": "Key1", "Value": "Val1,Val2"}]})
    assert (err["Message"], err["TagKey"], err["TagValue"]) == ("The TagValue you have provided is invalid", "Key1",
                                                                "Val1,Val2")
    err = error_of(s3.put_bucket_tagging, Bucket=bucket, Tagging={"TagSet": [{"Key": "aws:prefixed", "Value": "a"}]})
    assert (err["Message"], err["TagKey"]) == ("System tags cannot be added/updated by requester", "aws:prefixed")
    err = error_of(s3.put_object_tagging, Bucket=bucket, Key=ten, Tagging={"TagSet": [{"Key": "Key1,Key2", "Value": ""}]})
    assert (err["Code"], err["TagKey"]) == ("InvalidTag", "Key1,Key2")
    for header in ("key1=val1&key1=val2", "key1=val1,key2=val2"):
        err = error_of(s3.put_object, Bucket=bucket, Key="t", Body=b"", Tagging=header)
        assert (err["Code"], err["ArgumentName"], err["ArgumentValue"]) == ("InvalidArgument", "x-amz-tagging", header)
    s3.put_object(Bucket=bucket, Key="t", Body=b"", Tagging="wrongquery&wrongagain")
    tags = s3.get_object_tagging(Bucket=bucket, Key="t")["TagSet"]
    assert sorted(t["Key"] for t in tags) == ["wrongagain", "wrongquery"] and {t["Value"] for t in tags} == {""}
    assert s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": [{"Key": "ok key_1", "Value": "a/b=c+d-e@f:g."}]})
    s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": []})
    assert error_of(s3.get_bucket_tagging, Bucket=bucket)["Code"] == "NoSuchTagSet"


def test_tagging_missing_key_fields(s3: Any, bucket: str, error_of: Any) -> None:
    tags = {"TagSet": [{"Key": "a", "Value": "b"}]}
    assert error_of(s3.put_object_tagging, Bucket=bucket, Key="fake-key", Tagging=tags)["Key"] == "fake-key"
    assert error_of(s3.delete_object_tagging, Bucket=bucket, Key="fake-key")["Key"] == "fake-key"
    assert error_of(s3.get_object_tagging, Bucket=bucket, Key="fake-key")["Key"] == f"{bucket}/fake-key"


def test_tagging_on_current_delete_marker(s3: Any, bucket: str, error_of: Any) -> None:
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    s3.delete_object(Bucket=bucket, Key="k")
    for call, method, extra in ((s3.get_object_tagging, "GET", {}), (s3.delete_object_tagging, "DELETE", {}),
                                (s3.put_object_tagging, "PUT", {"Tagging": {"TagSet": []}})):
        err = error_of(call, Bucket=bucket, Key="k", **extra)
        assert (err["Code"], err["status"], err["Method"], err["ResourceType"]) == (
            "MethodNotAllowed", 405, method, "DeleteMarker")


def test_conditional_write_not_implemented_fields(s3: Any, bucket: str, ten: str, error_of: Any) -> None:
    err = error_of(s3.put_object, Bucket=bucket, Key=ten, Body=b"x", IfNoneMatch=TEN_ETAG)
    assert (err["Header"], err["additionalMessage"]) == (
        "If-None-Match", "We don't accept the provided value of If-None-Match header for this API")
    err = error_of(s3.put_object, Bucket=bucket, Key=ten, Body=b"x", IfMatch="*")
    assert (err["Code"], err["status"], err["Header"]) == ("NotImplemented", 501, "If-Match")
    err = error_of(s3.put_object, Bucket=bucket, Key=ten, Body=b"x", IfMatch=TEN_ETAG, IfNoneMatch="*")
    assert (err["Header"], err["additionalMessage"]) == (
        "If-Match,If-None-Match", "Multiple conditional request headers present in the request")


def test_bypass_governance_without_object_lock(s3: Any, bucket: str, ten: str, error_of: Any) -> None:
    for flag in (True, False):
        err = error_of(s3.delete_object, Bucket=bucket, Key=ten, BypassGovernanceRetention=flag)
        assert (err["Code"], err["ArgumentName"], err["Message"]) == (
            "InvalidArgument", "x-amz-bypass-governance-retention",
            "x-amz-bypass-governance-retention is only applicable to Object Lock enabled buckets.")
    err = error_of(s3.delete_objects, Bucket=bucket, Delete={"Objects": [{"Key": ten}]}, BypassGovernanceRetention=True)
    assert err["Code"] == "InvalidArgument"
    assert s3.head_object(Bucket=bucket, Key=ten)["ContentLength"] == 10
