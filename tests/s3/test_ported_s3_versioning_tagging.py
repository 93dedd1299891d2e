"""Versioning and object tagging scenarios ported from ceph/s3-tests."""

from __future__ import annotations

from typing import Any

import pytest


def _enable(s3: Any, bucket: str, status: str = "Enabled") -> None:
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": status})


def _versions(s3: Any, bucket: str) -> tuple[list[tuple[str, str, bool]], list[tuple[str, str, bool]]]:
    resp = s3.list_object_versions(Bucket=bucket)
    vs = [(v["Key"], v["VersionId"], v["IsLatest"]) for v in resp.get("Versions", [])]
    ms = [(m["Key"], m["VersionId"], m["IsLatest"]) for m in resp.get("DeleteMarkers", [])]
    return vs, ms


def test_versioning_status_transitions(s3: Any, bucket: str) -> None:
    assert "Status" not in s3.get_bucket_versioning(Bucket=bucket)
    for status in ["Suspended", "Enabled", "Enabled", "Suspended"]:
        _enable(s3, bucket, status)
        assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == status


def test_create_read_remove_versions(s3: Any, bucket: str, error_of: Any) -> None:
    _enable(s3, bucket)
    ids = [s3.put_object(Bucket=bucket, Key="testobj", Body=f"data {i}".encode())["VersionId"]
           for i in range(5)]
    vs, _ = _versions(s3, bucket)
    assert [v[1] for v in vs] == ids[::-1]  # newest first
    assert [v[2] for v in vs] == [True, False, False, False, False]
    for i, vid in enumerate(ids):
        got = s3.get_object(Bucket=bucket, Key="testobj", VersionId=vid)
        assert got["Body"].read() == f"data {i}".encode()
        assert got["VersionId"] == vid
    # remove newest to oldest: the previous version becomes the current one
    for i in range(4, -1, -1):
        resp = s3.delete_object(Bucket=bucket, Key="testobj", VersionId=ids[i])
        assert resp["VersionId"] == ids[i]
        if i:
            assert s3.get_object(Bucket=bucket, Key="testobj")["Body"].read() == f"data {i - 1}".encode()
    assert error_of(s3.get_object, Bucket=bucket, Key="testobj")["Code"] == "NoSuchKey"
    assert _versions(s3, bucket) == ([], [])


def test_head_after_removing_current_version(s3: Any, bucket: str) -> None:
    _enable(s3, bucket)
    ids = [s3.put_object(Bucket=bucket, Key="foo", Body=f"v{i}".encode())["VersionId"] for i in range(5)]
    s3.delete_object(Bucket=bucket, Key="foo", VersionId=ids[-1])
    head = s3.head_object(Bucket=bucket, Key="foo")
    assert head["VersionId"] == ids[-2]
    assert s3.get_object(Bucket=bucket, Key="foo")["Body"].read() == b"v3"


def test_plain_null_version_removal(s3: Any, bucket: str, error_of: Any) -> None:
    s3.put_object(Bucket=bucket, Key="testobjfoo", Body=b"fooz")
    _enable(s3, bucket)
    s3.delete_object(Bucket=bucket, Key="testobjfoo", VersionId="null")
    err = error_of(s3.get_object, Bucket=bucket, Key="testobjfoo")
    assert (err["status"], err["Code"]) == (404, "NoSuchKey")
    assert "Versions" not in s3.list_object_versions(Bucket=bucket)


def test_plain_null_version_overwrite(s3: Any, bucket: str, error_of: Any) -> None:
    s3.put_object(Bucket=bucket, Key="testobjfoo", Body=b"foooz")
    _enable(s3, bucket)
    vid = s3.put_object(Bucket=bucket, Key="testobjfoo", Body=b"zzz")["VersionId"]
    assert vid != "null"
    assert s3.get_object(Bucket=bucket, Key="testobjfoo")["Body"].read() == b"zzz"
    s3.delete_object(Bucket=bucket, Key="testobjfoo", VersionId=vid)
    got = s3.get_object(Bucket=bucket, Key="testobjfoo")
    assert got["Body"].read() == b"foooz"
    assert got["VersionId"] == "null"
    s3.delete_object(Bucket=bucket, Key="testobjfoo", VersionId="null")
    assert error_of(s3.get_object, Bucket=bucket, Key="testobjfoo")["Code"] == "NoSuchKey"
    assert "Versions" not in s3.list_object_versions(Bucket=bucket)


def test_suspended_overwrites_null_version(s3: Any, bucket: str, error_of: Any) -> None:
    s3.put_object(Bucket=bucket, Key="testobjbar", Body=b"foooz")
    _enable(s3, bucket, "Suspended")
    s3.put_object(Bucket=bucket, Key="testobjbar", Body=b"zzz")
    assert s3.get_object(Bucket=bucket, Key="testobjbar")["Body"].read() == b"zzz"
    vs, _ = _versions(s3, bucket)
    assert vs == [("testobjbar", "null", True)]
    s3.delete_object(Bucket=bucket, Key="testobjbar", VersionId="null")
    assert error_of(s3.get_object, Bucket=bucket, Key="testobjbar")["Code"] == "NoSuchKey"


def test_suspend_keeps_older_versions(s3: Any, bucket: str) -> None:
    _enable(s3, bucket)
    kept = [s3.put_object(Bucket=bucket, Key="k", Body=f"e{i}".encode())["VersionId"] for i in range(3)]
    _enable(s3, bucket, "Suspended")
    for i in range(3):
        resp = s3.put_object(Bucket=bucket, Key="k", Body=f"s{i}".encode())
        assert "VersionId" not in resp  # suspended writes report no version id
    _enable(s3, bucket)
    newer = s3.put_object(Bucket=bucket, Key="k", Body=b"again")["VersionId"]
    vs, _ = _versions(s3, bucket)
    assert [v[1] for v in vs] == [newer, "null", *kept[::-1]]
    assert s3.get_object(Bucket=bucket, Key="k", VersionId="null")["Body"].read() == b"s2"


def test_put_returns_version_id_only_when_enabled(s3: Any, bucket: str) -> None:
    assert "VersionId" not in s3.put_object(Bucket=bucket, Key="a", Body=b"x")
    _enable(s3, bucket)
    vid = s3.put_object(Bucket=bucket, Key="a", Body=b"x")["VersionId"]
    assert s3.head_object(Bucket=bucket, Key="a")["VersionId"] == vid


def test_multipart_returns_version_id(s3: Any, bucket: str) -> None:
    _enable(s3, bucket)
    upload = s3.create_multipart_upload(Bucket=bucket, Key="mp")["UploadId"]
    etag = s3.upload_part(Bucket=bucket, Key="mp", UploadId=upload, PartNumber=1, Body=b"x")["ETag"]
    done = s3.complete_multipart_upload(Bucket=bucket, Key="mp", UploadId=upload,
                                        MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": etag}]})
    vs, _ = _versions(s3, bucket)
    assert vs == [("mp", done["VersionId"], True)]


def test_delete_creates_marker_and_marker_removal(s3: Any, bucket: str, error_of: Any) -> None:
    _enable(s3, bucket)
    vid = s3.put_object(Bucket=bucket, Key="key", Body=b"x")["VersionId"]
    resp = s3.delete_object(Bucket=bucket, Key="key")
    assert resp["DeleteMarker"] is True
    marker = resp["VersionId"]
    vs, ms = _versions(s3, bucket)
    assert vs == [("key", vid, False)]
    assert ms == [("key", marker, True)]
    assert error_of(s3.get_object, Bucket=bucket, Key="key")["Code"] == "NoSuchKey"
    resp = s3.delete_object(Bucket=bucket, Key="key", VersionId=marker)
    assert resp["DeleteMarker"] is True and resp["VersionId"] == marker
    assert s3.get_object(Bucket=bucket, Key="key")["Body"].read() == b"x"


def test_multi_object_delete_of_versions(s3: Any, bucket: str) -> None:
    _enable(s3, bucket)
    ids = [s3.put_object(Bucket=bucket, Key="key", Body=f"{i}".encode())["VersionId"] for i in range(2)]
    objects = {"Objects": [{"Key": "key", "VersionId": v} for v in ids]}
    resp = s3.delete_objects(Bucket=bucket, Delete=objects)
    assert sorted(d["VersionId"] for d in resp["Deleted"]) == sorted(ids)
    assert _versions(s3, bucket) == ([], [])
    # s3-tests re-sends the same batch and expects it all "Deleted" again; the S3
    # sheet's AWS recording answers NoSuchVersion per key instead: not asserted.
    # A single DeleteObject of a removed version stays a quiet 204 (s3-tests).
    for vid in ids:
        resp = s3.delete_object(Bucket=bucket, Key="key", VersionId=vid)
        assert resp["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert _versions(s3, bucket) == ([], [])


def test_multi_object_delete_of_markers(s3: Any, bucket: str) -> None:
    _enable(s3, bucket)
    vid = s3.put_object(Bucket=bucket, Key="key", Body=b"x")["VersionId"]
    marker = s3.delete_object(Bucket=bucket, Key="key")["VersionId"]
    resp = s3.delete_objects(Bucket=bucket, Delete={"Objects": [
        {"Key": "key", "VersionId": vid}, {"Key": "key", "VersionId": marker}]})
    by_version = {d["VersionId"]: d for d in resp["Deleted"]}
    assert by_version[marker]["DeleteMarker"] is True
    assert by_version[marker]["DeleteMarkerVersionId"] == marker
    assert "DeleteMarker" not in by_version[vid]
    assert _versions(s3, bucket) == ([], [])


def test_multi_object_delete_creates_markers(s3: Any, bucket: str) -> None:
    _enable(s3, bucket)
    s3.put_object(Bucket=bucket, Key="a", Body=b"x")
    resp = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "a"}, {"Key": "b"}]})
    for d in resp["Deleted"]:
        assert d["DeleteMarker"] is True
        assert d["DeleteMarkerVersionId"]
    _, ms = _versions(s3, bucket)
    assert sorted(m[0] for m in ms) == ["a", "b"]


def test_copy_of_versions(s3: Any, bucket: str) -> None:
    _enable(s3, bucket)
    ids = [s3.put_object(Bucket=bucket, Key="testobj", Body=f"body {i}".encode())["VersionId"]
           for i in range(3)]
    for i, vid in enumerate(ids):
        s3.copy_object(Bucket=bucket, Key=f"key_{i}",
                       CopySource={"Bucket": bucket, "Key": "testobj", "VersionId": vid})
        assert s3.get_object(Bucket=bucket, Key=f"key_{i}")["Body"].read() == f"body {i}".encode()
    # no version id: the current one
    s3.copy_object(Bucket=bucket, Key="latest", CopySource={"Bucket": bucket, "Key": "testobj"})
    assert s3.get_object(Bucket=bucket, Key="latest")["Body"].read() == b"body 2"


def test_version_listing_paging(s3: Any, bucket: str) -> None:
    _enable(s3, bucket)
    expected = []
    for key in ["a", "b"]:
        for i in range(3):
            expected.append((key, s3.put_object(Bucket=bucket, Key=key, Body=f"{i}".encode())["VersionId"]))
    want = [("a", v) for k, v in expected if k == "a"][::-1] + [("b", v) for k, v in expected if k == "b"][::-1]
    seen = []
    kwargs: dict[str, str] = {}
    while True:
        resp = s3.list_object_versions(Bucket=bucket, MaxKeys=2, **kwargs)
        seen += [(v["Key"], v["VersionId"]) for v in resp.get("Versions", [])]
        if not resp["IsTruncated"]:
            break
        kwargs = {"KeyMarker": resp["NextKeyMarker"], "VersionIdMarker": resp["NextVersionIdMarker"]}
    assert seen == want


def test_get_missing_version(s3: Any, bucket: str, error_of: Any) -> None:
    _enable(s3, bucket)
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    err = error_of(s3.get_object, Bucket=bucket, Key="k", VersionId="3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrH")
    assert (err["status"], err["Code"]) == (404, "NoSuchVersion")
    assert err["Message"] == "The specified version does not exist."


# ---- tagging ---------------------------------------------------------------


def _tags(n: int, key_len: int = 0, value_len: int = 0) -> dict[str, list[dict[str, str]]]:
    return {"TagSet": [
        {"Key": (f"k{i:03d}" + "k" * key_len)[: key_len or None], "Value": (f"v{i}" + "v" * value_len)[: value_len or None]}
        for i in range(n)]}


def test_put_and_get_max_tags(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="testputtags", Body=b"x")
    tags = _tags(10)
    resp = s3.put_object_tagging(Bucket=bucket, Key="testputtags", Tagging=tags)
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200
    got = s3.get_object_tagging(Bucket=bucket, Key="testputtags")["TagSet"]
    assert sorted(got, key=lambda t: t["Key"]) == tags["TagSet"]
    assert s3.get_object(Bucket=bucket, Key="testputtags")["TagCount"] == 10
    head = s3.head_object(Bucket=bucket, Key="testputtags")
    assert head["ResponseMetadata"]["HTTPHeaders"]["x-amz-tagging-count"] == "10"


def test_too_many_tags(s3: Any, bucket: str, error_of: Any) -> None:
    s3.put_object(Bucket=bucket, Key="testputtags", Body=b"x")
    err = error_of(s3.put_object_tagging, Bucket=bucket, Key="testputtags", Tagging=_tags(11))
    assert (err["status"], err["Code"]) == (400, "BadRequest")
    assert s3.get_object_tagging(Bucket=bucket, Key="testputtags")["TagSet"] == []


def test_max_key_and_value_sizes(s3: Any, bucket: str, error_of: Any) -> None:
    s3.put_object(Bucket=bucket, Key="testputtags", Body=b"x")
    tags = _tags(10, key_len=128, value_len=256)
    s3.put_object_tagging(Bucket=bucket, Key="testputtags", Tagging=tags)
    got = s3.get_object_tagging(Bucket=bucket, Key="testputtags")["TagSet"]
    assert sorted(got, key=lambda t: t["Key"]) == tags["TagSet"]
    for bad in (_tags(1, key_len=129), _tags(1, value_len=257)):
        err = error_of(s3.put_object_tagging, Bucket=bucket, Key="testputtags", Tagging=bad)
        assert (err["status"], err["Code"]) == (400, "InvalidTag")
    got = s3.get_object_tagging(Bucket=bucket, Key="testputtags")["TagSet"]
    assert sorted(got, key=lambda t: t["Key"]) == tags["TagSet"]  # unchanged by the failures


def test_modify_and_delete_tags(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    s3.put_object_tagging(Bucket=bucket, Key="k", Tagging={"TagSet": [{"Key": "key", "Value": "val"}]})
    s3.put_object_tagging(Bucket=bucket, Key="k", Tagging={"TagSet": [{"Key": "key2", "Value": "val2"}]})
    assert s3.get_object_tagging(Bucket=bucket, Key="k")["TagSet"] == [{"Key": "key2", "Value": "val2"}]
    resp = s3.delete_object_tagging(Bucket=bucket, Key="k")
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert s3.get_object_tagging(Bucket=bucket, Key="k")["TagSet"] == []
    assert "TagCount" not in s3.get_object(Bucket=bucket, Key="k")


def test_put_object_with_tagging_header(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="testtagobj1", Body=b"x", Tagging="foo=bar&bar")
    got = s3.get_object_tagging(Bucket=bucket, Key="testtagobj1")["TagSet"]
    assert sorted(got, key=lambda t: t["Key"]) == [{"Key": "bar", "Value": ""}, {"Key": "foo", "Value": "bar"}]
    assert s3.get_object(Bucket=bucket, Key="testtagobj1")["TagCount"] == 2


@pytest.mark.parametrize("versioned", [False, True])
def test_tagging_of_missing_key(s3: Any, bucket: str, error_of: Any, versioned: bool) -> None:
    if versioned:
        _enable(s3, bucket)
    err = error_of(s3.get_object_tagging, Bucket=bucket, Key="nope")
    assert (err["status"], err["Code"]) == (404, "NoSuchKey")
    err = error_of(s3.put_object_tagging, Bucket=bucket, Key="nope", Tagging=_tags(1))
    assert (err["status"], err["Code"]) == (404, "NoSuchKey")
