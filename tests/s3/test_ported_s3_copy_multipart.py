"""CopyObject and multipart scenarios ported from ceph/s3-tests."""

from __future__ import annotations

from typing import Any

import pytest

PRECONDITION_MSG = "At least one of the pre-conditions you specified did not hold"
MIB = 1024 * 1024
SELF_COPY_MSG = (
    "This copy request is illegal because it is trying to copy an object to itself without "
    "changing the object's metadata, storage class, website redirect location or encryption "
    "attributes."
)


def test_copy_zero_size(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="foo123bar", Body=b"")
    s3.copy_object(Bucket=bucket, Key="bar321foo", CopySource={"Bucket": bucket, "Key": "foo123bar"})
    assert s3.get_object(Bucket=bucket, Key="bar321foo")["ContentLength"] == 0


def test_copy_same_and_other_bucket(s3: Any, bucket: str) -> None:
    s3.create_bucket(Bucket="ceph-ported-dst")
    s3.put_object(Bucket=bucket, Key="foo123bar", Body=b"foo")
    resp = s3.copy_object(Bucket=bucket, Key="bar321foo",
                          CopySource={"Bucket": bucket, "Key": "foo123bar"})
    assert resp["CopyObjectResult"]["ETag"] == s3.head_object(Bucket=bucket, Key="foo123bar")["ETag"]
    s3.copy_object(Bucket="ceph-ported-dst", Key="bar321foo", CopySource=f"{bucket}/foo123bar")
    assert s3.get_object(Bucket=bucket, Key="bar321foo")["Body"].read() == b"foo"
    assert s3.get_object(Bucket="ceph-ported-dst", Key="bar321foo")["Body"].read() == b"foo"


def test_copy_to_itself_is_illegal(s3: Any, bucket: str, error_of: Any) -> None:
    s3.put_object(Bucket=bucket, Key="foo123bar", Body=b"foo")
    err = error_of(s3.copy_object, Bucket=bucket, Key="foo123bar",
                   CopySource={"Bucket": bucket, "Key": "foo123bar"})
    assert (err["status"], err["Code"], err["Message"]) == (400, "InvalidRequest", SELF_COPY_MSG)


def test_copy_to_itself_replacing_metadata(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="foo123bar", Body=b"foo")
    s3.copy_object(Bucket=bucket, Key="foo123bar", CopySource={"Bucket": bucket, "Key": "foo123bar"},
                   Metadata={"foo": "bar"}, MetadataDirective="REPLACE")
    got = s3.get_object(Bucket=bucket, Key="foo123bar")
    assert got["Metadata"] == {"foo": "bar"}
    assert got["Body"].read() == b"foo"


@pytest.mark.parametrize("size", [3, 1024 * 1024, 5 * MIB + 1])
def test_copy_keeps_metadata_and_content_type(s3: Any, bucket: str, size: int) -> None:
    s3.put_object(Bucket=bucket, Key="foo123bar", Body=b"x" * size,
                  Metadata={"key1": "value1", "key2": "value2"}, ContentType="audio/ogg")
    s3.copy_object(Bucket=bucket, Key="bar321foo", CopySource={"Bucket": bucket, "Key": "foo123bar"})
    got = s3.get_object(Bucket=bucket, Key="bar321foo")
    assert got["ContentType"] == "audio/ogg"
    assert got["Metadata"] == {"key1": "value1", "key2": "value2"}
    assert got["ContentLength"] == size


def test_copy_replacing_metadata(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="foo123bar", Body=b"xyz",
                  Metadata={"key1": "value1", "key2": "value2"}, ContentType="audio/ogg")
    s3.copy_object(Bucket=bucket, Key="bar321foo", CopySource={"Bucket": bucket, "Key": "foo123bar"},
                   MetadataDirective="REPLACE", Metadata={"key3": "value3"}, ContentType="audio/mpeg")
    got = s3.get_object(Bucket=bucket, Key="bar321foo")
    assert got["ContentType"] == "audio/mpeg"
    assert got["Metadata"] == {"key3": "value3"}


def test_copy_missing_source_bucket_and_key(s3: Any, bucket: str, error_of: Any) -> None:
    err = error_of(s3.copy_object, Bucket=bucket, Key="bar321foo",
                   CopySource={"Bucket": "ceph-ported-nope", "Key": "foo123bar"})
    assert (err["status"], err["Code"]) == (404, "NoSuchBucket")
    err = error_of(s3.copy_object, Bucket=bucket, Key="bar321foo",
                   CopySource={"Bucket": bucket, "Key": "foo123bar"})
    assert (err["status"], err["Code"]) == (404, "NoSuchKey")


def test_copy_versioned_source(s3: Any, bucket: str) -> None:
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    first = s3.put_object(Bucket=bucket, Key="foo123bar", Body=b"one")["VersionId"]
    s3.put_object(Bucket=bucket, Key="foo123bar", Body=b"two")
    resp = s3.copy_object(Bucket=bucket, Key="bar321foo",
                          CopySource={"Bucket": bucket, "Key": "foo123bar", "VersionId": first})
    assert resp["CopySourceVersionId"] == first
    assert "VersionId" in resp
    assert s3.get_object(Bucket=bucket, Key="bar321foo")["Body"].read() == b"one"
    # and a copy of a copy keeps the bytes
    s3.copy_object(Bucket=bucket, Key="bar321foo2", CopySource={"Bucket": bucket, "Key": "bar321foo"})
    assert s3.get_object(Bucket=bucket, Key="bar321foo2")["Body"].read() == b"one"


def test_copy_source_if_match(s3: Any, bucket: str, error_of: Any) -> None:
    etag = s3.put_object(Bucket=bucket, Key="foo", Body=b"bar")["ETag"]
    s3.copy_object(Bucket=bucket, Key="bar", CopySource={"Bucket": bucket, "Key": "foo"},
                   CopySourceIfMatch=etag)
    assert s3.get_object(Bucket=bucket, Key="bar")["Body"].read() == b"bar"
    err = error_of(s3.copy_object, Bucket=bucket, Key="bar", CopySource={"Bucket": bucket, "Key": "foo"},
                   CopySourceIfMatch="ABCORZ")
    assert (err["status"], err["Code"], err["Message"]) == (412, "PreconditionFailed", PRECONDITION_MSG)


def test_copy_source_if_none_match(s3: Any, bucket: str, error_of: Any) -> None:
    etag = s3.put_object(Bucket=bucket, Key="foo", Body=b"bar")["ETag"]
    err = error_of(s3.copy_object, Bucket=bucket, Key="bar", CopySource={"Bucket": bucket, "Key": "foo"},
                   CopySourceIfNoneMatch=etag)
    assert (err["status"], err["Code"]) == (412, "PreconditionFailed")
    s3.copy_object(Bucket=bucket, Key="bar", CopySource={"Bucket": bucket, "Key": "foo"},
                   CopySourceIfNoneMatch="ABCORZ")
    assert s3.get_object(Bucket=bucket, Key="bar")["Body"].read() == b"bar"


# ---- multipart -------------------------------------------------------------


def _upload(s3: Any, bucket: str, key: str, sizes: list[int], **kwargs: Any) -> tuple[str, list[dict]]:
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key=key, **kwargs)["UploadId"]
    parts = []
    for number, size in enumerate(sizes, start=1):
        body = bytes([65 + number % 26]) * size
        etag = s3.upload_part(Bucket=bucket, Key=key, UploadId=upload_id, PartNumber=number,
                              Body=body)["ETag"]
        parts.append({"PartNumber": number, "ETag": etag})
    return upload_id, parts


def test_complete_with_no_parts_is_malformed(s3: Any, bucket: str, error_of: Any) -> None:
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="mymultipart")["UploadId"]
    # s3-tests sends no body at all: MalformedXML
    err = error_of(s3.complete_multipart_upload, Bucket=bucket, Key="mymultipart", UploadId=upload_id)
    assert (err["status"], err["Code"]) == (400, "MalformedXML")
    # an empty part list (recorded on AWS, per the S3 sheet) is an InvalidRequest instead
    err = error_of(s3.complete_multipart_upload, Bucket=bucket, Key="mymultipart", UploadId=upload_id,
                   MultipartUpload={"Parts": []})
    assert (err["status"], err["Code"]) == (400, "InvalidRequest")


def test_single_small_part(s3: Any, bucket: str) -> None:
    upload_id, parts = _upload(s3, bucket, "mymultipart", [1])
    resp = s3.complete_multipart_upload(Bucket=bucket, Key="mymultipart", UploadId=upload_id,
                                        MultipartUpload={"Parts": parts})
    assert resp["ETag"].endswith('-1"')
    assert s3.head_object(Bucket=bucket, Key="mymultipart")["ContentLength"] == 1


def test_small_non_last_part_is_too_small(s3: Any, bucket: str, error_of: Any) -> None:
    upload_id, parts = _upload(s3, bucket, "mymultipart", [100 * 1024, 100 * 1024, 100 * 1024])
    err = error_of(s3.complete_multipart_upload, Bucket=bucket, Key="mymultipart", UploadId=upload_id,
                   MultipartUpload={"Parts": parts})
    assert (err["status"], err["Code"]) == (400, "EntityTooSmall")
    assert err["Message"] == "Your proposed upload is smaller than the minimum allowed size"


def test_multipart_contents_metadata_and_listing(s3: Any, bucket: str) -> None:
    sizes = [5 * MIB, 5 * MIB, 1024]
    upload_id, parts = _upload(s3, bucket, "mymultipart", sizes, ContentType="text/bla",
                               Metadata={"foo": "bar"})
    s3.complete_multipart_upload(Bucket=bucket, Key="mymultipart", UploadId=upload_id,
                                 MultipartUpload={"Parts": parts})
    head = s3.head_object(Bucket=bucket, Key="mymultipart")
    assert head["ContentLength"] == sum(sizes)
    assert head["ContentType"] == "text/bla"
    assert head["Metadata"] == {"foo": "bar"}
    listed = s3.list_objects_v2(Bucket=bucket)
    assert listed["KeyCount"] == 1 and listed["Contents"][0]["Size"] == sum(sizes)
    body = s3.get_object(Bucket=bucket, Key="mymultipart")["Body"].read()
    assert body == b"B" * (5 * MIB) + b"C" * (5 * MIB) + b"D" * 1024


def test_multipart_overwrites_existing_object(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="mymultipart", Body=b"old")
    upload_id, parts = _upload(s3, bucket, "mymultipart", [5 * MIB, 5])
    s3.complete_multipart_upload(Bucket=bucket, Key="mymultipart", UploadId=upload_id,
                                 MultipartUpload={"Parts": parts})
    assert s3.head_object(Bucket=bucket, Key="mymultipart")["ContentLength"] == 5 * MIB + 5


def test_resent_part_replaces_the_first(s3: Any, bucket: str) -> None:
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="mymultipart")["UploadId"]
    s3.upload_part(Bucket=bucket, Key="mymultipart", UploadId=upload_id, PartNumber=1, Body=b"a" * 10)
    etag = s3.upload_part(Bucket=bucket, Key="mymultipart", UploadId=upload_id, PartNumber=1,
                          Body=b"b" * 12)["ETag"]
    listed = s3.list_parts(Bucket=bucket, Key="mymultipart", UploadId=upload_id)["Parts"]
    assert [(p["PartNumber"], p["ETag"], p["Size"]) for p in listed] == [(1, etag, 12)]
    s3.complete_multipart_upload(Bucket=bucket, Key="mymultipart", UploadId=upload_id,
                                 MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": etag}]})
    assert s3.get_object(Bucket=bucket, Key="mymultipart")["Body"].read() == b"b" * 12


def test_abort_unknown_upload(s3: Any, bucket: str, error_of: Any) -> None:
    err = error_of(s3.abort_multipart_upload, Bucket=bucket, Key="mymultipart", UploadId="nonexistent")
    assert (err["status"], err["Code"]) == (404, "NoSuchUpload")


def test_abort_removes_upload(s3: Any, bucket: str, error_of: Any) -> None:
    upload_id, _ = _upload(s3, bucket, "mymultipart", [5 * MIB, 5])
    s3.abort_multipart_upload(Bucket=bucket, Key="mymultipart", UploadId=upload_id)
    assert "Contents" not in s3.list_objects_v2(Bucket=bucket)
    assert "Uploads" not in s3.list_multipart_uploads(Bucket=bucket)
    err = error_of(s3.list_parts, Bucket=bucket, Key="mymultipart", UploadId=upload_id)
    assert (err["status"], err["Code"]) == (404, "NoSuchUpload")


def test_list_multipart_uploads(s3: Any, bucket: str) -> None:
    ids = [
        s3.create_multipart_upload(Bucket=bucket, Key="mymultipart")["UploadId"],
        s3.create_multipart_upload(Bucket=bucket, Key="mymultipart")["UploadId"],
        s3.create_multipart_upload(Bucket=bucket, Key="mymultipart2")["UploadId"],
    ]
    uploads = s3.list_multipart_uploads(Bucket=bucket)["Uploads"]
    assert [(u["Key"], u["UploadId"]) for u in uploads] == [
        ("mymultipart", ids[0]), ("mymultipart", ids[1]), ("mymultipart2", ids[2])]
    for key, upload_id in zip(["mymultipart", "mymultipart", "mymultipart2"], ids, strict=True):
        s3.abort_multipart_upload(Bucket=bucket, Key=key, UploadId=upload_id)
    assert "Uploads" not in s3.list_multipart_uploads(Bucket=bucket)


def test_complete_with_missing_part(s3: Any, bucket: str, error_of: Any) -> None:
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="mymultipart")["UploadId"]
    etag = s3.upload_part(Bucket=bucket, Key="mymultipart", UploadId=upload_id, PartNumber=1,
                          Body=b"\x00")["ETag"]
    err = error_of(s3.complete_multipart_upload, Bucket=bucket, Key="mymultipart", UploadId=upload_id,
                   MultipartUpload={"Parts": [{"PartNumber": 9999, "ETag": etag}]})
    assert (err["status"], err["Code"]) == (400, "InvalidPart")


def test_complete_with_wrong_etag(s3: Any, bucket: str, error_of: Any) -> None:
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="mymultipart")["UploadId"]
    s3.upload_part(Bucket=bucket, Key="mymultipart", UploadId=upload_id, PartNumber=1, Body=b"\x00")
    err = error_of(s3.complete_multipart_upload, Bucket=bucket, Key="mymultipart", UploadId=upload_id,
                   MultipartUpload={"Parts": [{"PartNumber": 1,
                                               "ETag": '"ffffffffffffffffffffffffffffffff"'}]})
    assert (err["status"], err["Code"]) == (400, "InvalidPart")


def test_upload_part_copy_small_and_ranged(s3: Any, bucket: str, error_of: Any) -> None:
    data = bytes(range(256)) * 40
    s3.put_object(Bucket=bucket, Key="src", Body=data)
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="dst")["UploadId"]
    part = s3.upload_part_copy(Bucket=bucket, Key="dst", UploadId=upload_id, PartNumber=1,
                               CopySource={"Bucket": bucket, "Key": "src"},
                               CopySourceRange="bytes=0-99")
    etag = part["CopyPartResult"]["ETag"]
    s3.complete_multipart_upload(Bucket=bucket, Key="dst", UploadId=upload_id,
                                 MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": etag}]})
    assert s3.get_object(Bucket=bucket, Key="dst")["Body"].read() == data[:100]


def test_upload_part_copy_improper_range(s3: Any, bucket: str, error_of: Any) -> None:
    s3.put_object(Bucket=bucket, Key="src", Body=b"x" * 5)
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="dst")["UploadId"]
    for bad in ["bytes=2-1", "bytes=0-42", "bytes=-1", "0-2", "bytes=2-"]:
        err = error_of(s3.upload_part_copy, Bucket=bucket, Key="dst", UploadId=upload_id, PartNumber=1,
                       CopySource={"Bucket": bucket, "Key": "src"}, CopySourceRange=bad)
        assert err["status"] == 400, bad
        assert err["Code"] in ("InvalidArgument", "InvalidRange"), bad
