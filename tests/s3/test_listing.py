"""ListObjects / ListObjectsV2 through boto3: order, prefixes, delimiters, pagination, URL encoding."""

from __future__ import annotations

from typing import Any

import pytest

KEYS = ["a/1", "a/2", "a/b/3", "b", "c d/e", "c+d/f", "z", "é/x", "\u4e2d"]


@pytest.fixture
def filled(s3: Any, bucket: str) -> str:
    for key in KEYS:
        s3.put_object(Bucket=bucket, Key=key, Body=b"x")
    return bucket


def keys_of(page: dict[str, Any]) -> list[str]:
    return [o["Key"] for o in page.get("Contents", [])]


def prefixes_of(page: dict[str, Any]) -> list[str]:
    return [p["Prefix"] for p in page.get("CommonPrefixes", [])]


def test_utf8_byte_order(s3: Any, filled: str) -> None:
    page = s3.list_objects_v2(Bucket=filled)
    assert keys_of(page) == sorted(KEYS, key=lambda k: k.encode())
    assert page["KeyCount"] == len(KEYS) and page["IsTruncated"] is False


def test_delimiter_and_prefix(s3: Any, filled: str) -> None:
    page = s3.list_objects_v2(Bucket=filled, Delimiter="/")
    assert keys_of(page) == ["b", "z", "\u4e2d"]
    assert prefixes_of(page) == ["a/", "c d/", "c+d/", "é/"]
    assert page["KeyCount"] == 7
    page = s3.list_objects_v2(Bucket=filled, Prefix="a/", Delimiter="/")
    assert (keys_of(page), prefixes_of(page)) == (["a/1", "a/2"], ["a/b/"])
    page = s3.list_objects_v2(Bucket=filled, Prefix="a", Delimiter="/")
    assert prefixes_of(page) == ["a/"]


def test_max_keys_counts_prefixes(s3: Any, filled: str) -> None:
    seen: list[str] = []
    kwargs: dict[str, Any] = {"Bucket": filled, "Delimiter": "/", "MaxKeys": 1}
    while True:
        page = s3.list_objects_v2(**kwargs)
        assert page["KeyCount"] == 1
        seen += keys_of(page) + prefixes_of(page)
        if not page["IsTruncated"]:
            assert "NextContinuationToken" not in page
            break
        kwargs["ContinuationToken"] = page["NextContinuationToken"]
    assert seen == ["a/", "b", "c d/", "c+d/", "z", "é/", "\u4e2d"]


def test_start_after_and_max_keys_zero(s3: Any, filled: str) -> None:
    page = s3.list_objects_v2(Bucket=filled, StartAfter="b0")
    assert keys_of(page)[0] == "c d/e" and page["StartAfter"] == "b0"
    page = s3.list_objects_v2(Bucket=filled, MaxKeys=0)
    assert (page["KeyCount"], page["IsTruncated"], "Contents" in page) == (0, False, False)


def test_paginator(s3: Any, filled: str) -> None:
    pages = list(s3.get_paginator("list_objects_v2").paginate(Bucket=filled, PaginationConfig={"PageSize": 2}))
    assert len(pages) == 5
    assert [k for p in pages for k in keys_of(p)] == sorted(KEYS, key=lambda k: k.encode())


def test_v1_markers(s3: Any, filled: str) -> None:
    page = s3.list_objects(Bucket=filled, MaxKeys=2)
    assert keys_of(page) == ["a/1", "a/2"] and page["IsTruncated"] and "NextMarker" not in page
    assert page["Contents"][0]["Owner"]["ID"]
    page = s3.list_objects(Bucket=filled, Delimiter="/", MaxKeys=2)
    assert (keys_of(page), prefixes_of(page), page["NextMarker"]) == (["b"], ["a/"], "b")
    page = s3.list_objects(Bucket=filled, Delimiter="/", Marker="a/")
    assert prefixes_of(page)[0] == "c d/" and page["Marker"] == "a/"
    pages = list(s3.get_paginator("list_objects").paginate(Bucket=filled, PaginationConfig={"PageSize": 4}))
    assert [k for p in pages for k in keys_of(p)] == sorted(KEYS, key=lambda k: k.encode())


def test_explicit_url_encoding(s3: Any, filled: str) -> None:
    page = s3.list_objects_v2(Bucket=filled, EncodingType="url", Prefix="c")
    assert keys_of(page) == ["c%20d/e", "c%2Bd/f"] and page["EncodingType"] == "url"
    page = s3.list_objects_v2(Bucket=filled, Prefix="c")  # botocore's automatic url encoding round-trips
    assert keys_of(page) == ["c d/e", "c+d/f"]


def test_list_errors(s3: Any, filled: str, error_of: Any) -> None:
    err = error_of(s3.list_objects_v2, Bucket=filled, ContinuationToken="")
    assert (err["Code"], err["Message"], err["ArgumentName"]) == (
        "InvalidArgument", "The continuation token provided is incorrect", "continuation-token")
    err = error_of(s3.list_objects_v2, Bucket=filled, ContinuationToken="garbage")
    assert err["Code"] == "InvalidArgument"
    import boto3

    raw = boto3.client("s3", region_name="us-east-1", config=boto3.session.Config(parameter_validation=False))
    err = error_of(raw.list_objects_v2, Bucket=filled, EncodingType="base64")
    assert (err["Code"], err["Message"]) == ("InvalidArgument", "Invalid Encoding Method specified in Request")


def test_delete_markers_hide_keys(s3: Any, filled: str) -> None:
    s3.put_bucket_versioning(Bucket=filled, VersioningConfiguration={"Status": "Enabled"})
    s3.delete_object(Bucket=filled, Key="a/b/3")
    page = s3.list_objects_v2(Bucket=filled, Prefix="a/", Delimiter="/")
    assert (keys_of(page), prefixes_of(page)) == (["a/1", "a/2"], [])
