"""Bucket naming, create/delete and special-key scenarios ported from ceph/s3-tests."""

from __future__ import annotations

from typing import Any

import boto3
import pytest


@pytest.mark.parametrize(
    "name",
    [
        "a", "aa",  # too short
        "a" * 64,  # too long
        "foo_bar", "_foo",  # underscores
        "foo-", "-foo",  # must begin and end with a letter or digit
        "foo..bar", "foo.-bar", "foo-.bar",  # dot-dot and dash next to dot
        "192.168.5.123",  # IP-shaped
        "FooBar",  # upper case
        "abc.", ".abc",  # dots at the ends
    ],
)
def test_bad_bucket_names(s3: Any, error_of: Any, name: str) -> None:
    err = error_of(s3.create_bucket, Bucket=name)
    assert (err["status"], err["Code"]) == (400, "InvalidBucketName")
    assert err["Message"] == "The specified bucket is not valid."
    assert err["BucketName"] == name
    assert s3.list_buckets()["Buckets"] == []


@pytest.mark.parametrize("length", [3, 60, 61, 62, 63])
def test_good_long_bucket_names(s3: Any, length: int) -> None:
    name = ("abcdefghij" * 7)[:length]
    s3.create_bucket(Bucket=name)
    s3.put_object(Bucket=name, Key="k", Body=b"v")
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=name)["Contents"]] == ["k"]


@pytest.mark.parametrize("name", ["foo.bar", "foo-bar", "foo.bar.baz", "0foo", "foo0", "a-b.c-d"])
def test_good_dotted_and_dashed_names(s3: Any, name: str) -> None:
    s3.create_bucket(Bucket=name)
    s3.head_bucket(Bucket=name)


def test_recreate_in_us_east_1_keeps_contents(s3: Any) -> None:
    s3.create_bucket(Bucket="ceph-ported-recreate")
    s3.put_object(Bucket="ceph-ported-recreate", Key="k", Body=b"v")
    s3.create_bucket(Bucket="ceph-ported-recreate")  # a no-op there
    assert s3.get_object(Bucket="ceph-ported-recreate", Key="k")["Body"].read() == b"v"


def test_recreate_elsewhere_is_already_owned(aws: Any, error_of: Any) -> None:
    s3 = boto3.client("s3", region_name="eu-west-1")
    config = {"LocationConstraint": "eu-west-1"}
    s3.create_bucket(Bucket="ceph-ported-exists", CreateBucketConfiguration=config)
    err = error_of(s3.create_bucket, Bucket="ceph-ported-exists", CreateBucketConfiguration=config)
    assert (err["status"], err["Code"]) == (409, "BucketAlreadyOwnedByYou")


def test_head_bucket(s3: Any, bucket: str, error_of: Any) -> None:
    assert s3.head_bucket(Bucket=bucket)["ResponseMetadata"]["HTTPStatusCode"] == 200
    err = error_of(s3.head_bucket, Bucket="ceph-ported-nope")
    assert (err["status"], err["Code"]) == (404, "404")


def test_delete_missing_and_twice(s3: Any, error_of: Any) -> None:
    err = error_of(s3.delete_bucket, Bucket="ceph-ported-nope")
    assert (err["status"], err["Code"], err["BucketName"]) == (404, "NoSuchBucket", "ceph-ported-nope")
    s3.create_bucket(Bucket="ceph-ported-gone")
    assert s3.delete_bucket(Bucket="ceph-ported-gone")["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert error_of(s3.delete_bucket, Bucket="ceph-ported-gone")["Code"] == "NoSuchBucket"


def test_delete_nonempty(s3: Any, bucket: str, error_of: Any) -> None:
    s3.put_object(Bucket=bucket, Key="foo", Body=b"x")
    err = error_of(s3.delete_bucket, Bucket=bucket)
    assert (err["status"], err["Code"]) == (409, "BucketNotEmpty")
    assert err["Message"] == "The bucket you tried to delete is not empty"


def test_write_to_missing_bucket(s3: Any, error_of: Any) -> None:
    err = error_of(s3.put_object, Bucket="ceph-ported-nope", Key="foo", Body=b"foo")
    assert (err["status"], err["Code"]) == (404, "NoSuchBucket")
    assert err["Message"] == "The specified bucket does not exist"


def test_empty_and_distinct_buckets(s3: Any) -> None:
    s3.create_bucket(Bucket="ceph-ported-a")
    s3.create_bucket(Bucket="ceph-ported-b")
    assert "Contents" not in s3.list_objects(Bucket="ceph-ported-a")
    s3.put_object(Bucket="ceph-ported-a", Key="asdf", Body=b"str")
    assert "Contents" not in s3.list_objects_v2(Bucket="ceph-ported-b")
    names = [b["Name"] for b in s3.list_buckets()["Buckets"]]
    assert names == ["ceph-ported-a", "ceph-ported-b"]


def test_special_key_names(s3: Any, bucket: str) -> None:
    names = [" ", '"', "$", "%", "&", "'", "<", ">", "_", "_ ", "_ _", "__"]
    for key in names:
        s3.put_object(Bucket=bucket, Key=key, Body=key.encode())
    listed = [o["Key"] for o in s3.list_objects(Bucket=bucket)["Contents"]]
    assert listed == names  # already in byte order
    for key in names:
        assert s3.get_object(Bucket=bucket, Key=key)["Body"].read() == key.encode()


def test_special_prefix(s3: Any, bucket: str) -> None:
    for key in ["_bla/1", "_bla/2", "_bla/3", "_bla/4", "abcd"]:
        s3.put_object(Bucket=bucket, Key=key, Body=b"x")
    assert len(s3.list_objects(Bucket=bucket)["Contents"]) == 5
    assert len(s3.list_objects(Bucket=bucket, Prefix="_bla/")["Contents"]) == 4


def test_long_bucket_name_listing(s3: Any) -> None:
    name = "c" * 61
    s3.create_bucket(Bucket=name)
    for key in ["foo", "bar", "baz"]:
        s3.put_object(Bucket=name, Key=key, Body=key.encode())
    assert [o["Key"] for o in s3.list_objects(Bucket=name)["Contents"]] == ["bar", "baz", "foo"]
    assert s3.list_objects(Bucket=name)["Name"] == name


def test_bucket_location(s3: Any, aws: Any) -> None:
    s3.create_bucket(Bucket="ceph-ported-east")
    assert s3.get_bucket_location(Bucket="ceph-ported-east")["LocationConstraint"] is None
    west = boto3.client("s3", region_name="us-west-2")
    west.create_bucket(Bucket="ceph-ported-west",
                       CreateBucketConfiguration={"LocationConstraint": "us-west-2"})
    assert west.get_bucket_location(Bucket="ceph-ported-west")["LocationConstraint"] == "us-west-2"


def test_key_too_long(s3: Any, bucket: str, error_of: Any) -> None:
    s3.put_object(Bucket=bucket, Key="k" * 1024, Body=b"x")
    err = error_of(s3.put_object, Bucket=bucket, Key="k" * 1025, Body=b"x")
    assert (err["status"], err["Code"]) == (400, "KeyTooLongError")
    assert err["Message"] == "Your key is too long"
