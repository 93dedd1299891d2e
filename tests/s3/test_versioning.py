"""Versioning through boto3: version ids, null versions, delete markers, ListObjectVersions."""

from __future__ import annotations

import re
from typing import Any


def enable(s3: Any, bucket: str, status: str = "Enabled") -> None:
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": status})


def test_version_ids_and_markers(s3: Any, bucket: str, error_of: Any) -> None:
    enable(s3, bucket)
    v1 = s3.put_object(Bucket=bucket, Key="k", Body=b"1")["VersionId"]
    v2 = s3.put_object(Bucket=bucket, Key="k", Body=b"2")["VersionId"]
    assert re.fullmatch(r"[A-Za-z0-9._]{32}", v1) and v1 != v2
    assert s3.get_object(Bucket=bucket, Key="k")["VersionId"] == v2
    assert s3.get_object(Bucket=bucket, Key="k", VersionId=v1)["Body"].read() == b"1"
    deleted = s3.delete_object(Bucket=bucket, Key="k")
    marker = deleted["VersionId"]
    assert deleted["DeleteMarker"] is True
    err = error_of(s3.get_object, Bucket=bucket, Key="k")
    assert err["Code"] == "NoSuchKey"
    assert err["headers"]["x-amz-delete-marker"] == "true" and err["headers"]["x-amz-version-id"] == marker
    err = error_of(s3.get_object, Bucket=bucket, Key="k", VersionId=marker)
    assert (err["Code"], err["status"], err["Method"], err["ResourceType"]) == (
        "MethodNotAllowed", 405, "GET", "DeleteMarker")
    assert error_of(s3.head_object, Bucket=bucket, Key="k", VersionId=marker)["Code"] == "405"
    assert "Contents" not in s3.list_objects_v2(Bucket=bucket)
    undo = s3.delete_object(Bucket=bucket, Key="k", VersionId=marker)
    assert undo["DeleteMarker"] is True and undo["VersionId"] == marker
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"2"
    s3.delete_object(Bucket=bucket, Key="k", VersionId=v2)
    err = error_of(s3.get_object, Bucket=bucket, Key="k", VersionId=v2)
    assert (err["Code"], err["Message"], err["VersionId"]) == (
        "NoSuchVersion", "The specified version does not exist.", v2)
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"1"


def test_unversioned_version_ids(s3: Any, bucket: str, error_of: Any) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    assert s3.get_object(Bucket=bucket, Key="k", VersionId="null")["Body"].read() == b"x"
    err = error_of(s3.get_object, Bucket=bucket, Key="k", VersionId="abc")
    assert (err["Code"], err["Message"], err["ArgumentName"]) == (
        "InvalidArgument", "Invalid version id specified", "versionId")
    versions = s3.list_object_versions(Bucket=bucket)["Versions"]
    assert [(v["Key"], v["VersionId"], v["IsLatest"]) for v in versions] == [("k", "null", True)]


def test_null_version_survives_enabling(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"null")
    enable(s3, bucket)
    v = s3.put_object(Bucket=bucket, Key="k", Body=b"new")["VersionId"]
    assert s3.get_object(Bucket=bucket, Key="k", VersionId="null")["Body"].read() == b"null"
    s3.delete_object(Bucket=bucket, Key="k", VersionId=v)
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"null"


def test_suspended(s3: Any, bucket: str) -> None:
    enable(s3, bucket)
    v1 = s3.put_object(Bucket=bucket, Key="k", Body=b"1")["VersionId"]
    enable(s3, bucket, "Suspended")
    put = s3.put_object(Bucket=bucket, Key="k", Body=b"2")
    assert "VersionId" not in put
    assert s3.get_object(Bucket=bucket, Key="k")["VersionId"] == "null"
    s3.put_object(Bucket=bucket, Key="k", Body=b"3")
    copy = s3.copy_object(Bucket=bucket, Key="c", CopySource=f"{bucket}/k")
    assert copy["VersionId"] == "null"
    listed = s3.list_object_versions(Bucket=bucket, Prefix="k")["Versions"]
    assert [(v["VersionId"], v["IsLatest"]) for v in listed] == [("null", True), (v1, False)]
    gone = s3.delete_object(Bucket=bucket, Key="k")
    assert (gone["DeleteMarker"], gone["VersionId"]) == (True, "null")


def test_list_object_versions_pages(s3: Any, bucket: str) -> None:
    enable(s3, bucket)
    for key in ("a", "b"):
        for i in range(3):
            s3.put_object(Bucket=bucket, Key=key, Body=str(i).encode())
    s3.delete_object(Bucket=bucket, Key="a")
    seen: list[tuple[str, str, bool, bool]] = []
    kwargs: dict[str, Any] = {"Bucket": bucket, "MaxKeys": 2}
    while True:
        page = s3.list_object_versions(**kwargs)
        entries = [(v["Key"], v["VersionId"], v["IsLatest"], False) for v in page.get("Versions", [])]
        entries += [(m["Key"], m["VersionId"], m["IsLatest"], True) for m in page.get("DeleteMarkers", [])]
        seen.extend(entries)
        if not page["IsTruncated"]:
            break
        kwargs.update(KeyMarker=page["NextKeyMarker"], VersionIdMarker=page["NextVersionIdMarker"])
    assert len(seen) == 7 and len({v for _, v, _, _ in seen}) == 7
    assert sum(1 for k, _, latest, _ in seen if latest and k == "a") == 1
    assert [(k, m) for k, _, latest, m in seen if latest] == [("a", True), ("b", False)]


def test_delete_objects_versioned(s3: Any, bucket: str) -> None:
    enable(s3, bucket)
    v = s3.put_object(Bucket=bucket, Key="k", Body=b"1")["VersionId"]
    out = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "k"}, {"Key": "ghost"}]})
    assert all(d["DeleteMarker"] and d["DeleteMarkerVersionId"] for d in out["Deleted"])
    out = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "k", "VersionId": v}]})
    assert out["Deleted"] == [{"Key": "k", "VersionId": v}]


def test_delete_bucket_with_markers_only(s3: Any, bucket: str, error_of: Any) -> None:
    enable(s3, bucket)
    s3.delete_object(Bucket=bucket, Key="ghost")
    err = error_of(s3.delete_bucket, Bucket=bucket)
    assert err["Code"] == "BucketNotEmpty" and "You must delete all versions" in err["Message"]


def test_copy_from_delete_marker_version(s3: Any, bucket: str, error_of: Any) -> None:
    enable(s3, bucket)
    s3.put_object(Bucket=bucket, Key="k", Body=b"1")
    marker = s3.delete_object(Bucket=bucket, Key="k")["VersionId"]
    err = error_of(s3.copy_object, Bucket=bucket, Key="c", CopySource={"Bucket": bucket, "Key": "k", "VersionId": marker})
    assert (err["Code"], err["status"]) == ("InvalidRequest", 400)
    assert error_of(s3.copy_object, Bucket=bucket, Key="c", CopySource=f"{bucket}/k")["Code"] == "NoSuchKey"


def test_head_validation_errors_are_bare(bucket: str, error_of: Any) -> None:
    import boto3

    raw = boto3.client("s3", region_name="us-east-1", config=boto3.session.Config(parameter_validation=False))
    raw.put_object(Bucket=bucket, Key="k", Body=b"x")
    err = error_of(raw.head_object, Bucket=bucket, Key="k", PartNumber="one")
    assert (err["Code"], err["Message"], err["status"]) == ("400", "Bad Request", 400)
