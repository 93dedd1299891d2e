"""Listing scenarios through boto3, asserting what real S3 returns (AWS-validated snapshots).

Covers ListObjects/V2, ListObjectVersions, ListMultipartUploads and ListParts:
whole-second timestamps, echo rules, next markers, encoding and argument errors.
"""

from __future__ import annotations

from typing import Any

import pytest


def _keys(page: dict[str, Any], field: str = "Contents") -> list[str]:
    return [c["Key"] for c in page.get(field, [])]


def test_listing_timestamps_are_whole_seconds(s3: Any, bucket: str, aws: Any) -> None:
    aws.clock.advance(0.789)
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    head = s3.head_object(Bucket=bucket, Key="k")["LastModified"]
    v2 = s3.list_objects_v2(Bucket=bucket)["Contents"][0]["LastModified"]
    v1 = s3.list_objects(Bucket=bucket)["Contents"][0]["LastModified"]
    versions = s3.list_object_versions(Bucket=bucket)["Versions"][0]["LastModified"]
    copied = s3.copy_object(Bucket=bucket, Key="c", CopySource=f"{bucket}/k")["CopyObjectResult"]["LastModified"]
    created = s3.list_buckets()["Buckets"][0]["CreationDate"]
    for stamp in (head, v2, v1, versions, copied, created):
        assert stamp.microsecond == 0 and stamp.tzinfo is not None
    assert v2 == head == versions


def test_v2_first_page_fields(s3: Any, bucket: str) -> None:
    for i in range(3):
        s3.put_object(Bucket=bucket, Key=f"test_{i}", Body=b"hello world")
    page = s3.list_objects_v2(Bucket=bucket, MaxKeys=2)
    assert page["IsTruncated"] is True and page["KeyCount"] == 2 and page["MaxKeys"] == 2
    assert page["Prefix"] == "" and page["EncodingType"] == "url" and "NextContinuationToken" in page
    assert "StartAfter" not in page and "ContinuationToken" not in page and "Delimiter" not in page
    item = page["Contents"][0]
    assert set(item) == {"Key", "LastModified", "ETag", "Size", "StorageClass", "ChecksumAlgorithm", "ChecksumType"}
    assert item["ChecksumAlgorithm"] == ["CRC32"] and item["ChecksumType"] == "FULL_OBJECT"
    rest = s3.list_objects_v2(Bucket=bucket, ContinuationToken=page["NextContinuationToken"], StartAfter="zzz")
    assert _keys(rest) == ["test_2"] and rest["ContinuationToken"] == page["NextContinuationToken"]
    assert "StartAfter" not in rest and "NextContinuationToken" not in rest and rest["IsTruncated"] is False


def test_v2_common_prefix_pagination(s3: Any, bucket: str) -> None:
    for key in ("folder/aSubfolder/subFile1", "folder/aSubfolder/subFile2", "folder/file1", "folder/file2"):
        s3.put_object(Bucket=bucket, Key=key, Body=b"x")
    first = s3.list_objects_v2(Bucket=bucket, Prefix="folder/", Delimiter="/", MaxKeys=1)
    assert first["CommonPrefixes"] == [{"Prefix": "folder/aSubfolder/"}] and "Contents" not in first
    assert first["KeyCount"] == 1 and first["IsTruncated"] is True
    second = s3.list_objects_v2(Bucket=bucket, Prefix="folder/", Delimiter="/", MaxKeys=1,
                                ContinuationToken=first["NextContinuationToken"])
    assert _keys(second) == ["folder/file1"] and second["IsTruncated"] is True
    third = s3.list_objects_v2(Bucket=bucket, Prefix="folder/", Delimiter="/", MaxKeys=1,
                               ContinuationToken=second["NextContinuationToken"])
    assert _keys(third) == ["folder/file2"] and third["IsTruncated"] is False


def test_v1_next_marker_only_with_delimiter(s3: Any, bucket: str) -> None:
    for key in ("folder/aSubfolder/subFile1", "folder/file1", "folder/file2"):
        s3.put_object(Bucket=bucket, Key=key, Body=b"x")
    page = s3.list_objects(Bucket=bucket, Prefix="folder/", Delimiter="/", MaxKeys=1)
    assert page["NextMarker"] == "folder/aSubfolder/" and page["Marker"] == ""
    page = s3.list_objects(Bucket=bucket, Prefix="folder/", Delimiter="/", MaxKeys=1, Marker=page["NextMarker"])
    assert _keys(page) == ["folder/file1"] and page["NextMarker"] == "folder/file1"
    plain = s3.list_objects(Bucket=bucket, MaxKeys=1)
    assert plain["IsTruncated"] is True and "NextMarker" not in plain
    assert "Owner" in plain["Contents"][0]


def test_explicit_url_encoding_is_not_decoded(s3: Any, bucket: str) -> None:
    for key in ("date=2026-01-01/", "a b/c", "a+b"):
        s3.put_object(Bucket=bucket, Key=key, Body=b"")
    page = s3.list_objects_v2(Bucket=bucket, EncodingType="url", Delimiter="/")
    assert _keys(page) == ["a%2Bb"]
    assert [p["Prefix"] for p in page["CommonPrefixes"]] == ["a%20b/", "date%3D2026-01-01/"]
    auto = s3.list_objects_v2(Bucket=bucket, Delimiter="/")
    assert _keys(auto) == ["a+b"] and [p["Prefix"] for p in auto["CommonPrefixes"]] == ["a b/", "date=2026-01-01/"]


@pytest.mark.parametrize("op", ["list_objects", "list_objects_v2", "list_object_versions", "list_multipart_uploads"])
def test_bad_encoding_type(s3: Any, bucket: str, error_of: Any, op: str) -> None:
    err = error_of(getattr(s3, op), Bucket=bucket, EncodingType="value")
    assert (err["Code"], err["Message"], err["ArgumentName"], err["status"]) == (
        "InvalidArgument", "Invalid Encoding Method specified in Request", "encoding-type", 400)


def test_empty_continuation_token(s3: Any, bucket: str, error_of: Any) -> None:
    err = error_of(s3.list_objects_v2, Bucket=bucket, ContinuationToken="")
    assert (err["Code"], err["Message"], err["ArgumentName"]) == (
        "InvalidArgument", "The continuation token provided is incorrect", "continuation-token")


def test_max_keys_zero(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"")
    page = s3.list_objects_v2(Bucket=bucket, MaxKeys=0)
    assert page["IsTruncated"] is False and page["KeyCount"] == 0 and "Contents" not in page


def _versioned(s3: Any, bucket: str) -> list[str]:
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    ids = []
    for key in ("test_0", "test_1", "test_2"):
        ids.append(s3.put_object(Bucket=bucket, Key=key, Body=b"version 1")["VersionId"])
        ids.append(s3.put_object(Bucket=bucket, Key=key, Body=b"version 2")["VersionId"])
    return ids


def test_versions_markers(s3: Any, bucket: str, error_of: Any) -> None:
    _versioned(s3, bucket)
    s3.delete_object(Bucket=bucket, Key="test_2")
    first = s3.list_object_versions(Bucket=bucket, MaxKeys=1)
    assert first["KeyMarker"] == "" and first["VersionIdMarker"] == "" and first["IsTruncated"] is True
    assert first["NextKeyMarker"] == "test_0" and first["NextVersionIdMarker"] == first["Versions"][0]["VersionId"]
    after_key = s3.list_object_versions(Bucket=bucket, KeyMarker="test_1", MaxKeys=1)
    assert after_key["DeleteMarkers"][0]["Key"] == "test_2" and after_key["DeleteMarkers"][0]["IsLatest"] is True
    assert "Versions" not in after_key
    last = s3.list_object_versions(Bucket=bucket, KeyMarker="test_2", MaxKeys=1)
    assert last["IsTruncated"] is False and "NextKeyMarker" not in last and "Versions" not in last
    err = error_of(s3.list_object_versions, Bucket=bucket, VersionIdMarker=first["NextVersionIdMarker"])
    assert (err["Code"], err["Message"], err["ArgumentName"]) == (
        "InvalidArgument", "A version-id marker cannot be specified without a key marker.", "version-id-marker")
    err = error_of(s3.list_object_versions, Bucket=bucket, KeyMarker="test_0", VersionIdMarker="bad")
    assert (err["Code"], err["Message"]) == ("InvalidArgument", "Invalid version id specified")


def test_versions_common_prefix_page(s3: Any, bucket: str) -> None:
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    for key in ("folder/aSubfolder/subFile1", "folder/file1"):
        s3.put_object(Bucket=bucket, Key=key, Body=b"x")
    page = s3.list_object_versions(Bucket=bucket, Prefix="folder/", Delimiter="/", MaxKeys=1)
    assert page["CommonPrefixes"] == [{"Prefix": "folder/aSubfolder/"}]
    assert page["NextKeyMarker"] == "folder/aSubfolder/" and "NextVersionIdMarker" not in page


def test_list_multipart_uploads_markers(s3: Any, bucket: str, error_of: Any) -> None:
    empty = s3.list_multipart_uploads(Bucket=bucket)
    assert (empty["KeyMarker"], empty["UploadIdMarker"], empty["NextKeyMarker"], empty["NextUploadIdMarker"]) == (
        "", "", "", "")
    assert "Prefix" not in empty and "Uploads" not in empty and empty["MaxUploads"] == 1000
    ids = {k: s3.create_multipart_upload(Bucket=bucket, Key=k)["UploadId"] for k in ("k1", "k2")}
    second_k1 = s3.create_multipart_upload(Bucket=bucket, Key="k1")["UploadId"]
    everything = s3.list_multipart_uploads(Bucket=bucket)
    assert everything["IsTruncated"] is False
    assert (everything["NextKeyMarker"], everything["NextUploadIdMarker"]) == ("k2", ids["k2"])
    assert [u["UploadId"] for u in everything["Uploads"]] == [ids["k1"], second_k1, ids["k2"]]
    upload_only = s3.list_multipart_uploads(Bucket=bucket, UploadIdMarker=ids["k1"], MaxUploads=1)
    assert upload_only["UploadIdMarker"] == "" and upload_only["Uploads"][0]["UploadId"] == ids["k1"]
    both = s3.list_multipart_uploads(Bucket=bucket, KeyMarker="k1", UploadIdMarker=ids["k1"], MaxUploads=1)
    assert both["Uploads"][0]["UploadId"] == second_k1 and both["IsTruncated"] is True
    err = error_of(s3.list_multipart_uploads, Bucket=bucket, KeyMarker="k1", UploadIdMarker=ids["k2"])
    assert (err["Code"], err["Message"], err["ArgumentName"]) == (
        "InvalidArgument", "Invalid uploadId marker", "upload-id-marker")
    past = s3.list_multipart_uploads(Bucket=bucket, KeyMarker="k2", MaxUploads=1)
    assert (past["NextKeyMarker"], past["NextUploadIdMarker"], past["IsTruncated"]) == ("", "", False)


def test_list_multipart_uploads_delimiter(s3: Any, bucket: str) -> None:
    for key in ("folder/aSubfolder/subFile1", "folder/file1"):
        s3.create_multipart_upload(Bucket=bucket, Key=key)
    page = s3.list_multipart_uploads(Bucket=bucket, Prefix="folder/", Delimiter="/", MaxUploads=1)
    assert page["CommonPrefixes"] == [{"Prefix": "folder/aSubfolder/"}] and page["IsTruncated"] is True
    assert (page["NextKeyMarker"], page["NextUploadIdMarker"]) == ("", "")
    assert page["Prefix"] == "folder/" and page["Delimiter"] == "/"


def test_list_parts_markers(s3: Any, bucket: str) -> None:
    upload = s3.create_multipart_upload(Bucket=bucket, Key="k")["UploadId"]
    empty = s3.list_parts(Bucket=bucket, Key="k", UploadId=upload)
    assert empty["NextPartNumberMarker"] == 0 and empty["PartNumberMarker"] == 0 and "Parts" not in empty
    for n in (1, 2):
        s3.upload_part(Bucket=bucket, Key="k", UploadId=upload, PartNumber=n, Body=b"data")
    page = s3.list_parts(Bucket=bucket, Key="k", UploadId=upload, MaxParts=1)
    assert page["IsTruncated"] is True and page["NextPartNumberMarker"] == 1
    beyond = s3.list_parts(Bucket=bucket, Key="k", UploadId=upload, PartNumberMarker=10, MaxParts=1)
    assert beyond["NextPartNumberMarker"] == 0 and "Parts" not in beyond and beyond["IsTruncated"] is False


def test_list_buckets_region_filter(s3: Any, bucket: str, error_of: Any) -> None:
    err = error_of(s3.list_buckets, BucketRegion="eu-east-1")
    assert (err["Code"], err["Message"], err["ArgumentName"], err["status"]) == (
        "InvalidArgument", "Argument value eu-east-1 is not a valid AWS Region", "bucket-region", 400)
    assert [b["Name"] for b in s3.list_buckets(BucketRegion="us-east-1")["Buckets"]] == [bucket]
    assert s3.list_buckets(Prefix="zzz")["Buckets"] == []


def test_versions_marker_after_its_version_was_deleted(s3: Any, bucket: str) -> None:
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    ids = [s3.put_object(Bucket=bucket, Key="prefixed_key", Body=b"")["VersionId"] for _ in range(5)][::-1]
    first = s3.list_object_versions(Bucket=bucket, Prefix="prefix", MaxKeys=3)
    assert [v["VersionId"] for v in first["Versions"]] == ids[:3] and first["NextVersionIdMarker"] == ids[2]
    only_key = s3.list_object_versions(Bucket=bucket, Prefix="prefix", KeyMarker="prefixed_key", MaxKeys=4)
    assert "Versions" not in only_key and only_key["IsTruncated"] is False
    for vid in ids[:3]:
        s3.delete_object(Bucket=bucket, Key="prefixed_key", VersionId=vid)
    after = s3.list_object_versions(Bucket=bucket, Prefix="prefix", KeyMarker="prefixed_key",
                                    VersionIdMarker=ids[2], MaxKeys=5)
    # AWS-verified: the page resumes after the deleted marker version, not at the key's start
    assert [(v["VersionId"], v["IsLatest"]) for v in after["Versions"]] == [(ids[3], True), (ids[4], False)]
