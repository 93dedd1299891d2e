"""Deletes in versioned buckets and HEAD on delete markers, as recorded against real AWS."""

from __future__ import annotations

from typing import Any

import boto3
import pytest


@pytest.fixture
def vbucket(s3: Any, bucket: str) -> str:
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    return bucket


def test_delete_objects_with_and_without_version_id(s3: Any, vbucket: str) -> None:
    s3.put_object(Bucket=vbucket, Key="test1", Body=b"test1a")
    s3.put_object(Bucket=vbucket, Key="test1", Body=b"test1b")
    listed = s3.list_object_versions(Bucket=vbucket, Prefix="test1")["Versions"]
    latest = next(v["VersionId"] for v in listed if v["IsLatest"])

    resp = s3.delete_objects(
        Bucket=vbucket, Delete={"Objects": [{"Key": "test1", "VersionId": latest}]}
    )
    assert resp["Deleted"] == [{"Key": "test1", "VersionId": latest}]
    assert len(s3.list_objects_v2(Bucket=vbucket)["Contents"]) == 1
    assert s3.get_object(Bucket=vbucket, Key="test1")["Body"].read() == b"test1a"

    resp = s3.delete_objects(Bucket=vbucket, Delete={"Objects": [{"Key": "test1"}]})
    deleted = resp["Deleted"][0]
    assert deleted["Key"] == "test1"
    assert deleted["DeleteMarker"] is True
    assert deleted["DeleteMarkerVersionId"]


def _head_versions(s3: Any, bucket: str, marker_ids: set[str]) -> None:
    """HEAD each listed version: delete markers answer 405 with their headers, versions 200."""
    resource_bucket = boto3.resource("s3", region_name="us-east-1").Bucket(bucket)
    for version in resource_bucket.object_versions.filter(Prefix="test1"):
        if version.version_id in marker_ids:
            with pytest.raises(Exception) as info:
                version.head()
            resp = info.value.response  # type: ignore[attr-defined]
            assert resp["Error"] == {"Code": "405", "Message": "Method Not Allowed"}
            assert resp["ResponseMetadata"]["HTTPStatusCode"] == 405
            assert resp["ResponseMetadata"]["HTTPHeaders"]["x-amz-delete-marker"] == "true"
            assert resp["ResponseMetadata"]["HTTPHeaders"]["allow"] == "DELETE"
        else:
            assert version.head()["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_delete_marker_lifecycle_and_head_answers(s3: Any, vbucket: str) -> None:
    s3.put_object(Bucket=vbucket, Key="test1", Body=b"test1")
    assert "DeleteMarkers" not in s3.list_object_versions(Bucket=vbucket)

    first = s3.delete_object(Bucket=vbucket, Key="test1")
    assert first["DeleteMarker"] is True
    marker1 = first["VersionId"]
    assert marker1
    assert len(s3.list_object_versions(Bucket=vbucket)["DeleteMarkers"]) == 1
    _head_versions(s3, vbucket, {marker1})

    with pytest.raises(Exception) as info:
        s3.head_object(Bucket=vbucket, Key="test1")
    resp = info.value.response  # type: ignore[attr-defined]
    assert resp["Error"] == {"Code": "404", "Message": "Not Found"}
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert resp["ResponseMetadata"]["HTTPHeaders"]["x-amz-delete-marker"] == "true"
    assert resp["ResponseMetadata"]["HTTPHeaders"]["x-amz-version-id"] == marker1

    second = s3.delete_object(Bucket=vbucket, Key="test1")
    assert second["DeleteMarker"] is True
    assert second["VersionId"] != marker1
    assert len(s3.list_object_versions(Bucket=vbucket)["DeleteMarkers"]) == 2

    removed = s3.delete_object(Bucket=vbucket, Key="test1", VersionId=second["VersionId"])
    assert removed["DeleteMarker"] is True
    assert removed["VersionId"] == second["VersionId"]
    _head_versions(s3, vbucket, {marker1})
    assert len(s3.list_object_versions(Bucket=vbucket)["DeleteMarkers"]) == 1

    actual = s3.list_object_versions(Bucket=vbucket)["Versions"][0]["VersionId"]
    gone = s3.delete_object(Bucket=vbucket, Key="test1", VersionId=actual)
    assert "DeleteMarker" not in gone
    assert gone["VersionId"] == actual
    listing = s3.list_object_versions(Bucket=vbucket)
    assert len(listing["DeleteMarkers"]) == 1
    assert "Versions" not in listing
    _head_versions(s3, vbucket, {marker1})

    # the second marker is already gone: deleting its id again echoes the id, without DeleteMarker
    again = s3.delete_object(Bucket=vbucket, Key="test1", VersionId=second["VersionId"])
    assert "DeleteMarker" not in again
    assert again["VersionId"] == second["VersionId"]
    assert len(s3.list_object_versions(Bucket=vbucket)["DeleteMarkers"]) == 1


def test_delete_objects_with_percent_encoded_keys(s3: Any, bucket: str) -> None:
    keys = ["a%2Fb", "a/%F0%9F%98%80"]
    s3.put_object(Bucket=bucket, Key=keys[0], Body=b"percent encoding")
    s3.put_object(Bucket=bucket, Key=keys[1], Body=b"percent encoded emoji")
    listed = [o["Key"] for o in s3.list_objects(Bucket=bucket)["Contents"]]
    assert sorted(listed) == sorted(keys)
    result = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in keys]})
    assert len(result["Deleted"]) == 2
    for key in keys:
        assert {"Key": key} in result["Deleted"]
    assert "Contents" not in s3.list_objects(Bucket=bucket)
