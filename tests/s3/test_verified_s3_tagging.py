"""Object and bucket tagging, as recorded against real AWS."""

from __future__ import annotations

from typing import Any


def test_put_object_with_tagging_header(s3: Any, bucket: str, error_of: Any) -> None:
    err = error_of(s3.put_object, Bucket=bucket, Key="k", Body=b"test", Tagging="aws:foo=bar")
    assert (err["Code"], err["Message"]) == ("InvalidTag", "Your TagKey cannot be prefixed with aws:")
    assert error_of(s3.get_object, Bucket=bucket, Key="k")["Code"] == "NoSuchKey"  # nothing stored

    s3.put_object(Bucket=bucket, Key="k", Body=b"test", Tagging="foo=bar")
    assert {"Key": "foo", "Value": "bar"} in s3.get_object_tagging(Bucket=bucket, Key="k")["TagSet"]
    assert s3.get_object(Bucket=bucket, Key="k")["TagCount"] == 1
    s3.delete_object_tagging(Bucket=bucket, Key="k")
    assert s3.get_object_tagging(Bucket=bucket, Key="k")["TagSet"] == []


def test_put_bucket_tagging_rules(s3: Any, bucket: str, error_of: Any) -> None:
    one = s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": [{"Key": "TagOne", "Value": "ValueOne"}]})
    assert one["ResponseMetadata"]["HTTPStatusCode"] == 204
    three = s3.put_bucket_tagging(
        Bucket=bucket,
        Tagging={
            "TagSet": [
                {"Key": "TagOne", "Value": "ValueOne"},
                {"Key": "TagTwo", "Value": "ValueTwo"},
                {"Key": "TagThree", "Value": ""},
            ]
        },
    )
    assert three["ResponseMetadata"]["HTTPStatusCode"] == 204

    err = error_of(
        s3.put_bucket_tagging,
        Bucket=bucket,
        Tagging={
            "TagSet": [
                {"Key": "TagOne", "Value": "ValueOne"},
                {"Key": "TagOne", "Value": "ValueOneAgain"},
            ]
        },
    )
    assert (err["Code"], err["Message"]) == ("InvalidTag", "Cannot provide multiple Tags with the same key")

    err = error_of(
        s3.put_bucket_tagging, Bucket=bucket, Tagging={"TagSet": [{"Key": "aws:sometag", "Value": "nope"}]}
    )
    assert (err["Code"], err["Message"]) == ("InvalidTag", "System tags cannot be added/updated by requester")

    s3.put_bucket_tagging(
        Bucket=bucket, Tagging={"TagSet": [{"Key": "something:aws:stuff", "Value": "this is fine"}]}
    )
    assert s3.get_bucket_tagging(Bucket=bucket)["TagSet"] == [
        {"Key": "something:aws:stuff", "Value": "this is fine"}
    ]


def test_get_bucket_tagging_and_empty_tag_set(s3: Any, bucket: str, error_of: Any) -> None:
    tags = [{"Key": "TagOne", "Value": "ValueOne"}, {"Key": "TagTwo", "Value": "ValueTwo"}]
    s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": tags})
    resp = s3.get_bucket_tagging(Bucket=bucket)
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert len(resp["TagSet"]) == 2
    for tag in tags:
        assert tag in resp["TagSet"]

    s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": []})
    err = error_of(s3.get_bucket_tagging, Bucket=bucket)
    assert (err["Code"], err["Message"]) == ("NoSuchTagSet", "The TagSet does not exist")


def test_put_object_tagging_rules(s3: Any, bucket: str, error_of: Any) -> None:
    two = {"TagSet": [{"Key": "item1", "Value": "foo"}, {"Key": "item2", "Value": "bar"}]}
    err = error_of(s3.put_object_tagging, Bucket=bucket, Key="key-with-tags", Tagging=two)
    assert (err["Code"], err["Message"], err["Key"]) == (
        "NoSuchKey",
        "The specified key does not exist.",
        "key-with-tags",
    )

    s3.put_object(Bucket=bucket, Key="key-with-tags", Body=b"test")
    err = error_of(
        s3.put_object_tagging,
        Bucket=bucket,
        Key="key-with-tags",
        Tagging={"TagSet": [{"Key": "aws:item1", "Value": "foo"}]},
    )
    assert err["Code"] == "InvalidTag"

    err = error_of(
        s3.put_object_tagging,
        Bucket=bucket,
        Key="key-with-tags",
        Tagging={"TagSet": [{"Key": f"tag{i}", "Value": "too_many"} for i in range(11)]},
    )
    assert (err["Code"], err["Message"]) == ("BadRequest", "Object tags cannot be greater than 10")
    assert s3.get_object_tagging(Bucket=bucket, Key="key-with-tags")["TagSet"] == []

    resp = s3.put_object_tagging(
        Bucket=bucket,
        Key="key-with-tags",
        Tagging={"TagSet": [*two["TagSet"], {"Key": "item3", "Value": ""}]},
    )
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert len(s3.get_object_tagging(Bucket=bucket, Key="key-with-tags")["TagSet"]) == 3
