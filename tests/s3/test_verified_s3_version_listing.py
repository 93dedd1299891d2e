"""ListObjectVersions paging, delimiters and ordering, as recorded against real AWS."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def vbucket(s3: Any, bucket: str) -> str:
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    return bucket


def _fill_with_and_without(s3: Any, bucket: str) -> None:
    """Keys key{1..4,10..13}-with-data / -without-data, three versions each."""
    for n in [*range(1, 5), *range(10, 14)]:
        for v in range(1, 4):
            s3.put_object(Bucket=bucket, Key=f"key{n}-with-data", Body=f"data-{v}".encode())
            s3.put_object(Bucket=bucket, Key=f"key{n}-without-data", Body=b"")


def _prefixes(resp: dict[str, Any]) -> list[str]:
    return [p["Prefix"] for p in resp.get("CommonPrefixes", [])]


def test_version_listing_with_delimiters(s3: Any, vbucket: str) -> None:
    _fill_with_and_without(s3, vbucket)
    assert len(s3.list_object_versions(Bucket=vbucket)["Versions"]) == 48

    r = s3.list_object_versions(Bucket=vbucket, Delimiter="key1")
    assert r["CommonPrefixes"] == [{"Prefix": "key1"}]
    assert r["Delimiter"] == "key1"
    assert len(r["Versions"]) == 18

    r = s3.list_object_versions(Bucket=vbucket, Delimiter="-with-")
    assert _prefixes(r) == [
        f"key{n}-with-" for n in ["1", "10", "11", "12", "13", "2", "3", "4"]
    ]
    assert r["Delimiter"] == "-with-"
    assert len(r["Versions"]) == 24
    assert all(v["Key"].endswith("-without-data") for v in r["Versions"])

    r = s3.list_object_versions(Bucket=vbucket, Delimiter="1-with-")
    assert _prefixes(r) == ["key1-with-", "key11-with-"]
    assert len(r["Versions"]) == 42
    keys = {v["Key"] for v in r["Versions"]}
    assert {"key1-without-data", "key4-with-data", "key4-without-data"} <= keys
    assert "key1-with-data" not in keys

    r = s3.list_object_versions(Bucket=vbucket, Prefix="key1", Delimiter="with-")
    assert _prefixes(r) == [f"key{n}-with-" for n in ["1", "10", "11", "12", "13"]]
    assert r["KeyMarker"] == ""
    assert "NextKeyMarker" not in r
    assert len(r["Versions"]) == 15
    assert {v["Key"] for v in r["Versions"]} == {
        f"key{n}-without-data" for n in ["1", "10", "11", "12", "13"]
    }

    r = s3.list_object_versions(Bucket=vbucket, Prefix="key1", Delimiter="with-", KeyMarker="key11")
    assert _prefixes(r) == ["key11-with-", "key12-with-", "key13-with-"]
    assert r["KeyMarker"] == "key11"
    assert "NextKeyMarker" not in r
    assert {v["Key"] for v in r["Versions"]} == {
        "key11-without-data",
        "key12-without-data",
        "key13-without-data",
    }
    assert len(r["Versions"]) == 9

    r = s3.list_object_versions(Bucket=vbucket, Prefix="key1-with-data", Delimiter="-")
    assert len(r["Versions"]) == 3
    assert "CommonPrefixes" not in r


def test_version_paging_within_one_key(s3: Any, vbucket: str) -> None:
    v1, v2, v3 = (
        s3.put_object(Bucket=vbucket, Key="obj1", Body=body)["VersionId"]
        for body in (b"ver1", b"ver2", b"ver3")
    )
    page1 = s3.list_object_versions(Bucket=vbucket, MaxKeys=2)
    assert [v["VersionId"] for v in page1["Versions"]] == [v3, v2]
    assert page1["Versions"][0]["IsLatest"] is True
    assert "DeleteMarkers" not in page1
    assert page1["IsTruncated"] is True
    assert (page1["NextKeyMarker"], page1["NextVersionIdMarker"]) == ("obj1", v2)

    page2 = s3.list_object_versions(
        Bucket=vbucket, MaxKeys=2, KeyMarker="obj1", VersionIdMarker=v2
    )
    assert [v["VersionId"] for v in page2["Versions"]] == [v1]
    assert "DeleteMarkers" not in page2
    assert page2["IsTruncated"] is False
    assert "NextKeyMarker" not in page2
    assert "NextVersionIdMarker" not in page2


def test_version_paging_with_delete_markers(s3: Any, vbucket: str) -> None:
    o1v1 = s3.put_object(Bucket=vbucket, Key="obj1", Body=b"ver1")["VersionId"]
    o2v1 = s3.put_object(Bucket=vbucket, Key="obj2", Body=b"ver1")["VersionId"]
    d1, d2, d3 = (s3.delete_object(Bucket=vbucket, Key="obj1")["VersionId"] for _ in range(3))
    o2d1 = s3.delete_object(Bucket=vbucket, Key="obj2")["VersionId"]

    p1 = s3.list_object_versions(Bucket=vbucket, MaxKeys=2)
    assert "Versions" not in p1
    assert [m["VersionId"] for m in p1["DeleteMarkers"]] == [d3, d2]
    assert p1["DeleteMarkers"][0]["IsLatest"] is True
    assert p1["IsTruncated"] is True
    assert (p1["NextKeyMarker"], p1["NextVersionIdMarker"]) == ("obj1", d2)

    p2 = s3.list_object_versions(
        Bucket=vbucket, MaxKeys=2, KeyMarker="obj1", VersionIdMarker=d2
    )
    assert [v["VersionId"] for v in p2["Versions"]] == [o1v1]
    assert [m["VersionId"] for m in p2["DeleteMarkers"]] == [d1]
    assert p2["IsTruncated"] is True
    assert (p2["NextKeyMarker"], p2["NextVersionIdMarker"]) == ("obj1", o1v1)

    p3 = s3.list_object_versions(
        Bucket=vbucket, MaxKeys=2, KeyMarker="obj1", VersionIdMarker=o1v1
    )
    assert [v["VersionId"] for v in p3["Versions"]] == [o2v1]
    assert [m["VersionId"] for m in p3["DeleteMarkers"]] == [o2d1]
    assert p3["DeleteMarkers"][0]["IsLatest"] is True
    assert p3["IsTruncated"] is False
    assert "NextKeyMarker" not in p3
    assert "NextVersionIdMarker" not in p3


def test_version_paging_with_prefix_and_delimiter(s3: Any, vbucket: str) -> None:
    _fill_with_and_without(s3, vbucket)
    common = {"Bucket": vbucket, "Delimiter": "with-", "Prefix": "key1", "MaxKeys": 5}

    p1 = s3.list_object_versions(KeyMarker="key11", **common)
    assert [v["Key"] for v in p1["Versions"]] == ["key11-without-data"] * 3
    assert _prefixes(p1) == ["key11-with-", "key12-with-"]
    assert p1["IsTruncated"] is True
    assert p1["NextKeyMarker"] == "key12-with-"
    assert "NextVersionIdMarker" not in p1

    p2 = s3.list_object_versions(KeyMarker="key12-with-", **common)
    assert [v["Key"] for v in p2["Versions"]] == ["key12-without-data"] * 3 + [
        "key13-without-data"
    ]
    assert _prefixes(p2) == ["key13-with-"]
    assert p2["IsTruncated"] is True
    assert p2["NextKeyMarker"] == "key13-without-data"
    assert p2["NextVersionIdMarker"] == p2["Versions"][-1]["VersionId"]

    p3 = s3.list_object_versions(
        KeyMarker="key13-without-data", VersionIdMarker=p2["NextVersionIdMarker"], **common
    )
    assert [v["Key"] for v in p3["Versions"]] == ["key13-without-data"] * 2
    assert "CommonPrefixes" not in p3
    assert p3["IsTruncated"] is False
    assert "NextKeyMarker" not in p3
    assert "NextVersionIdMarker" not in p3


def test_version_listing_orders_by_key_then_newest_first(s3: Any, vbucket: str) -> None:
    b1 = s3.put_object(Bucket=vbucket, Key="bbb", Body=b"ver1")
    b_ver1 = b1["ResponseMetadata"]["HTTPHeaders"]["x-amz-version-id"]
    assert b_ver1 == b1["VersionId"]
    b_del = s3.delete_object(Bucket=vbucket, Key="bbb")["VersionId"]

    one = s3.list_object_versions(Bucket=vbucket, MaxKeys=1)
    assert "Versions" not in one
    assert [m["VersionId"] for m in one["DeleteMarkers"]] == [b_del]

    a_ver1 = s3.put_object(Bucket=vbucket, Key="aaa", Body=b"ver1")["VersionId"]
    one = s3.list_object_versions(Bucket=vbucket, MaxKeys=1)
    assert "DeleteMarkers" not in one
    assert [v["VersionId"] for v in one["Versions"]] == [a_ver1]

    s3.put_object(Bucket=vbucket, Key="zzz", Body=b"ver1")
    one = s3.list_object_versions(Bucket=vbucket, MaxKeys=1)
    assert [v["VersionId"] for v in one["Versions"]] == [a_ver1]

    two = s3.list_object_versions(Bucket=vbucket, MaxKeys=2)
    assert [v["VersionId"] for v in two["Versions"]] == [a_ver1]
    assert [m["VersionId"] for m in two["DeleteMarkers"]] == [b_del]

    b_ver2 = s3.put_object(Bucket=vbucket, Key="bbb", Body=b"ver2")["VersionId"]
    one = s3.list_object_versions(Bucket=vbucket, MaxKeys=1)
    assert [v["VersionId"] for v in one["Versions"]] == [a_ver1]
    two = s3.list_object_versions(Bucket=vbucket, MaxKeys=2)
    assert [v["VersionId"] for v in two["Versions"]] == [a_ver1, b_ver2]
    three = s3.list_object_versions(Bucket=vbucket, MaxKeys=3)
    assert [v["VersionId"] for v in three["Versions"]] == [a_ver1, b_ver2]
    assert [m["VersionId"] for m in three["DeleteMarkers"]] == [b_del]
    four = s3.list_object_versions(Bucket=vbucket, MaxKeys=4)
    assert [v["VersionId"] for v in four["Versions"]] == [a_ver1, b_ver2, b_ver1]
    assert [m["VersionId"] for m in four["DeleteMarkers"]] == [b_del]
