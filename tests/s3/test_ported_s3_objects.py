"""Object read/write, metadata, range and conditional scenarios ported from ceph/s3-tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

PRECONDITION_MSG = "At least one of the pre-conditions you specified did not hold"


def test_read_missing_key(s3: Any, bucket: str, error_of: Any) -> None:
    err = error_of(s3.get_object, Bucket=bucket, Key="bar")
    assert (err["status"], err["Code"]) == (404, "NoSuchKey")
    assert err["Message"] == "The specified key does not exist."
    assert err["Key"] == "bar"


def test_head_missing_key_is_bare_404(s3: Any, bucket: str, error_of: Any) -> None:
    err = error_of(s3.head_object, Bucket=bucket, Key="bar")
    assert (err["status"], err["Code"]) == (404, "404")


def test_zero_byte_object(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="foo", Body=b"")
    assert s3.head_object(Bucket=bucket, Key="foo")["ContentLength"] == 0
    assert s3.get_object(Bucket=bucket, Key="foo")["Body"].read() == b""


def test_write_returns_md5_etag(s3: Any, bucket: str) -> None:
    resp = s3.put_object(Bucket=bucket, Key="foo", Body=b"bar")
    assert resp["ETag"] == '"37b51d194a7513e45b56f6524f2d51f2"'
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_cache_control_and_expires_round_trip(s3: Any, bucket: str) -> None:
    expires = dt.datetime(2100, 1, 1, 12, 0, tzinfo=dt.UTC)
    s3.put_object(Bucket=bucket, Key="foo", Body=b"bar", CacheControl="public, max-age=14400",
                  Expires=expires)
    got = s3.get_object(Bucket=bucket, Key="foo")
    assert got["CacheControl"] == "public, max-age=14400"
    assert got["Expires"] == expires


def test_write_read_update_read_delete(s3: Any, bucket: str, error_of: Any) -> None:
    s3.put_object(Bucket=bucket, Key="foo", Body=b"bar")
    assert s3.get_object(Bucket=bucket, Key="foo")["Body"].read() == b"bar"
    s3.put_object(Bucket=bucket, Key="foo", Body=b"soup")
    assert s3.get_object(Bucket=bucket, Key="foo")["Body"].read() == b"soup"
    resp = s3.delete_object(Bucket=bucket, Key="foo")
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert error_of(s3.get_object, Bucket=bucket, Key="foo")["Code"] == "NoSuchKey"


def test_delete_missing_key_is_204(s3: Any, bucket: str) -> None:
    resp = s3.delete_object(Bucket=bucket, Key="never-was")
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 204


def test_metadata_set_read_and_replaced_on_put(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="foo", Body=b"x", Metadata={"meta1": "mymeta"})
    assert s3.get_object(Bucket=bucket, Key="foo")["Metadata"] == {"meta1": "mymeta"}
    s3.put_object(Bucket=bucket, Key="foo", Body=b"x", Metadata={"meta1": ""})
    assert s3.get_object(Bucket=bucket, Key="foo")["Metadata"] == {"meta1": ""}
    s3.put_object(Bucket=bucket, Key="foo", Body=b"y")
    assert s3.get_object(Bucket=bucket, Key="foo")["Metadata"] == {}


def test_metadata_names_are_lowercased(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="foo", Body=b"x", Metadata={"Meta1": "Value"})
    assert s3.head_object(Bucket=bucket, Key="foo")["Metadata"] == {"meta1": "Value"}


def test_content_type_defaults_and_round_trips(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="plain", Body=b"x")
    assert s3.head_object(Bucket=bucket, Key="plain")["ContentType"] == "binary/octet-stream"
    s3.put_object(Bucket=bucket, Key="typed", Body=b"x", ContentType="text/bla")
    assert s3.get_object(Bucket=bucket, Key="typed")["ContentType"] == "text/bla"


# ---- ranges ----------------------------------------------------------------

CONTENT = b"testcontent"


@pytest.mark.parametrize(
    ("rng", "body", "content_range"),
    [
        ("bytes=4-7", b"cont", "bytes 4-7/11"),
        ("bytes=4-", b"content", "bytes 4-10/11"),
        ("bytes=-7", b"content", "bytes 4-10/11"),
        ("bytes=0-100", CONTENT, "bytes 0-10/11"),  # end past the object is clamped
        ("bytes=-100", CONTENT, "bytes 0-10/11"),
    ],
)
def test_range_reads(s3: Any, bucket: str, rng: str, body: bytes, content_range: str) -> None:
    s3.put_object(Bucket=bucket, Key="testobj", Body=CONTENT)
    got = s3.get_object(Bucket=bucket, Key="testobj", Range=rng)
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 206
    assert got["Body"].read() == body
    assert got["ContentRange"] == content_range
    assert got["ContentLength"] == len(body)
    headers = got["ResponseMetadata"]["HTTPHeaders"]
    assert headers["content-range"] == content_range
    assert headers["content-length"] == str(len(body))


def test_big_range_read(s3: Any, bucket: str) -> None:
    data = bytes(range(256)) * 32 * 1024  # 8 MiB
    s3.put_object(Bucket=bucket, Key="testobj", Body=data)
    got = s3.get_object(Bucket=bucket, Key="testobj", Range="bytes=3145728-5242880")
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 206
    assert got["ContentRange"] == f"bytes 3145728-5242880/{len(data)}"
    assert got["Body"].read() == data[3145728:5242881]


def test_unsatisfiable_range(s3: Any, bucket: str, error_of: Any) -> None:
    s3.put_object(Bucket=bucket, Key="testobj", Body=CONTENT)
    err = error_of(s3.get_object, Bucket=bucket, Key="testobj", Range="bytes=40-50")
    assert (err["status"], err["Code"]) == (416, "InvalidRange")
    assert err["Message"] == "The requested range is not satisfiable"


def test_range_on_empty_object(s3: Any, bucket: str, error_of: Any) -> None:
    s3.put_object(Bucket=bucket, Key="testobj", Body=b"")
    err = error_of(s3.get_object, Bucket=bucket, Key="testobj", Range="bytes=40-50")
    assert (err["status"], err["Code"]) == (416, "InvalidRange")


# ---- conditional reads -----------------------------------------------------


def test_get_if_match(s3: Any, bucket: str, error_of: Any) -> None:
    etag = s3.put_object(Bucket=bucket, Key="foo", Body=b"bar")["ETag"]
    assert s3.get_object(Bucket=bucket, Key="foo", IfMatch=etag)["Body"].read() == b"bar"
    err = error_of(s3.get_object, Bucket=bucket, Key="foo", IfMatch='"ABCORZ"')
    assert (err["status"], err["Code"], err["Message"]) == (412, "PreconditionFailed", PRECONDITION_MSG)


def test_get_if_none_match(s3: Any, bucket: str, error_of: Any) -> None:
    etag = s3.put_object(Bucket=bucket, Key="foo", Body=b"bar")["ETag"]
    err = error_of(s3.get_object, Bucket=bucket, Key="foo", IfNoneMatch=etag)
    assert (err["status"], err["Code"], err["Message"]) == (304, "304", "Not Modified")
    got = s3.get_object(Bucket=bucket, Key="foo", IfNoneMatch='"ABCORZ"')
    assert got["Body"].read() == b"bar"


def test_get_if_modified_since(s3: Any, bucket: str, error_of: Any, aws: Any) -> None:
    s3.put_object(Bucket=bucket, Key="foo", Body=b"bar")
    old = dt.datetime(1994, 10, 29, 19, 43, 31, tzinfo=dt.UTC)
    assert s3.get_object(Bucket=bucket, Key="foo", IfModifiedSince=old)["Body"].read() == b"bar"
    modified = s3.head_object(Bucket=bucket, Key="foo")["LastModified"]
    aws.clock.advance(1)
    err = error_of(s3.get_object, Bucket=bucket, Key="foo", IfModifiedSince=modified)
    assert (err["status"], err["Code"]) == (304, "304")


def test_get_if_unmodified_since(s3: Any, bucket: str, error_of: Any) -> None:
    s3.put_object(Bucket=bucket, Key="foo", Body=b"bar")
    old = dt.datetime(1994, 10, 29, 19, 43, 31, tzinfo=dt.UTC)
    err = error_of(s3.get_object, Bucket=bucket, Key="foo", IfUnmodifiedSince=old)
    assert (err["status"], err["Code"], err["Message"]) == (412, "PreconditionFailed", PRECONDITION_MSG)
    future = dt.datetime(2100, 10, 29, 19, 43, 31, tzinfo=dt.UTC)
    got = s3.get_object(Bucket=bucket, Key="foo", IfUnmodifiedSince=future)
    assert got["Body"].read() == b"bar"


def test_head_conditionals_are_bare_statuses(s3: Any, bucket: str, error_of: Any) -> None:
    etag = s3.put_object(Bucket=bucket, Key="foo", Body=b"bar")["ETag"]
    assert error_of(s3.head_object, Bucket=bucket, Key="foo", IfMatch='"nope"')["Code"] == "412"
    assert error_of(s3.head_object, Bucket=bucket, Key="foo", IfNoneMatch=etag)["Code"] == "304"


# ---- multi-object delete ---------------------------------------------------


@pytest.mark.parametrize("v2", [False, True])
def test_multi_object_delete(s3: Any, bucket: str, v2: bool) -> None:
    names = ["key0", "key1", "key2"]
    for k in names:
        s3.put_object(Bucket=bucket, Key=k, Body=k.encode())
    list_call = s3.list_objects_v2 if v2 else s3.list_objects
    assert len(list_call(Bucket=bucket)["Contents"]) == 3
    objects = {"Objects": [{"Key": k} for k in names]}
    resp = s3.delete_objects(Bucket=bucket, Delete=objects)
    assert sorted(d["Key"] for d in resp["Deleted"]) == names
    assert "Errors" not in resp
    assert "Contents" not in list_call(Bucket=bucket)
    again = s3.delete_objects(Bucket=bucket, Delete=objects)  # deleting nothing still succeeds
    assert sorted(d["Key"] for d in again["Deleted"]) == names


def test_multi_object_delete_key_limit(s3: Any, bucket: str, error_of: Any) -> None:
    objects = {"Objects": [{"Key": f"k{i}"} for i in range(1001)]}
    err = error_of(s3.delete_objects, Bucket=bucket, Delete=objects)
    assert (err["status"], err["Code"]) == (400, "MalformedXML")


def test_multi_object_delete_quiet(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="a", Body=b"a")
    resp = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "a"}], "Quiet": True})
    assert "Deleted" not in resp and "Errors" not in resp
