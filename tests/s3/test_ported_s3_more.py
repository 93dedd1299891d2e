"""Further ceph/s3-tests scenarios: request ids, default ACLs, part listings, versioned part copies,
special-name versions and version-listing order."""

from __future__ import annotations

from typing import Any

MIB = 1024 * 1024


def test_error_request_id_matches_header(s3: Any, bucket: str) -> None:
    from botocore.exceptions import ClientError

    try:
        s3.get_object(Bucket=bucket, Key="bar")
    except ClientError as err:
        meta = err.response["ResponseMetadata"]
        assert meta["RequestId"]
        assert meta["RequestId"] == meta["HTTPHeaders"]["x-amz-request-id"]
    else:  # pragma: no cover - the key does not exist
        raise AssertionError("expected NoSuchKey")


def test_default_object_acl_is_owner_full_control(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="foo", Body=b"bar")
    acl = s3.get_object_acl(Bucket=bucket, Key="foo")
    owner = acl["Owner"]["ID"]
    assert acl["Grants"] == [
        {"Grantee": {"ID": owner, "Type": "CanonicalUser"}, "Permission": "FULL_CONTROL"}]
    bucket_acl = s3.get_bucket_acl(Bucket=bucket)
    assert bucket_acl["Owner"]["ID"] == owner
    assert [g["Permission"] for g in bucket_acl["Grants"]] == ["FULL_CONTROL"]


def test_list_parts_paging(s3: Any, bucket: str) -> None:
    upload = s3.create_multipart_upload(Bucket=bucket, Key="mp")["UploadId"]
    etags = [s3.upload_part(Bucket=bucket, Key="mp", UploadId=upload, PartNumber=n,
                            Body=bytes([n]) * n)["ETag"] for n in range(1, 6)]
    first = s3.list_parts(Bucket=bucket, Key="mp", UploadId=upload, MaxParts=2)
    assert [p["PartNumber"] for p in first["Parts"]] == [1, 2]
    assert first["IsTruncated"] is True and first["NextPartNumberMarker"] == 2
    rest = s3.list_parts(Bucket=bucket, Key="mp", UploadId=upload, PartNumberMarker=2)
    assert [(p["PartNumber"], p["ETag"], p["Size"]) for p in rest["Parts"]] == [
        (n, etags[n - 1], n) for n in range(3, 6)]
    assert rest["IsTruncated"] is False
    assert rest["PartNumberMarker"] == 2


def test_list_uploads_owner_and_initiator(s3: Any, bucket: str) -> None:
    s3.create_multipart_upload(Bucket=bucket, Key="mp")
    owner = s3.list_buckets()["Owner"]["ID"]
    (upload,) = s3.list_multipart_uploads(Bucket=bucket)["Uploads"]
    assert upload["Owner"]["ID"] == owner
    assert upload["Initiator"]["ID"] == owner
    assert upload["StorageClass"] == "STANDARD"


def test_part_copy_of_versions(s3: Any, bucket: str) -> None:
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    old = s3.put_object(Bucket=bucket, Key="src", Body=b"A" * (5 * MIB))["VersionId"]
    s3.put_object(Bucket=bucket, Key="src", Body=b"B" * (5 * MIB))
    upload = s3.create_multipart_upload(Bucket=bucket, Key="dst")["UploadId"]
    part = s3.upload_part_copy(Bucket=bucket, Key="dst", UploadId=upload, PartNumber=1,
                               CopySource={"Bucket": bucket, "Key": "src", "VersionId": old})
    assert part["CopySourceVersionId"] == old
    tail = s3.upload_part(Bucket=bucket, Key="dst", UploadId=upload, PartNumber=2, Body=b"tail")
    s3.complete_multipart_upload(Bucket=bucket, Key="dst", UploadId=upload, MultipartUpload={"Parts": [
        {"PartNumber": 1, "ETag": part["CopyPartResult"]["ETag"]}, {"PartNumber": 2, "ETag": tail["ETag"]}]})
    body = s3.get_object(Bucket=bucket, Key="dst")["Body"].read()
    assert body == b"A" * (5 * MIB) + b"tail"


def test_part_copy_without_range_copies_whole_object(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="src", Body=b"0123456789")
    upload = s3.create_multipart_upload(Bucket=bucket, Key="dst")["UploadId"]
    part = s3.upload_part_copy(Bucket=bucket, Key="dst", UploadId=upload, PartNumber=1,
                               CopySource={"Bucket": bucket, "Key": "src"})
    s3.complete_multipart_upload(Bucket=bucket, Key="dst", UploadId=upload, MultipartUpload={"Parts": [
        {"PartNumber": 1, "ETag": part["CopyPartResult"]["ETag"]}]})
    assert s3.head_object(Bucket=bucket, Key="dst")["ContentLength"] == 10


def test_versions_of_special_names(s3: Any, bucket: str, error_of: Any) -> None:
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    for key in ["_testobj", "_", ":", " "]:
        ids = [s3.put_object(Bucket=bucket, Key=key, Body=f"{key}{i}".encode())["VersionId"] for i in range(5)]
        for vid in ids[::-1]:
            s3.delete_object(Bucket=bucket, Key=key, VersionId=vid)
        assert error_of(s3.get_object, Bucket=bucket, Key=key)["Code"] == "NoSuchKey"
    assert "Versions" not in s3.list_object_versions(Bucket=bucket)


def test_version_listing_orders_keys_then_newest(s3: Any, bucket: str) -> None:
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    plain = [s3.put_object(Bucket=bucket, Key="testobj", Body=f"{i}".encode())["VersionId"] for i in range(5)]
    dashed = [s3.put_object(Bucket=bucket, Key="testobj-1", Body=f"{i}".encode())["VersionId"] for i in range(5)]
    versions = s3.list_object_versions(Bucket=bucket)["Versions"]
    assert [(v["Key"], v["VersionId"]) for v in versions] == (
        [("testobj", v) for v in plain[::-1]] + [("testobj-1", v) for v in dashed[::-1]])
    assert [v["IsLatest"] for v in versions] == [True, False, False, False, False] * 2


def test_delete_markers_stack(s3: Any, bucket: str) -> None:
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    markers = [s3.delete_object(Bucket=bucket, Key="k")["VersionId"] for _ in range(3)]
    listed = s3.list_object_versions(Bucket=bucket)["DeleteMarkers"]
    assert [m["VersionId"] for m in listed] == markers[::-1]
    assert [m["IsLatest"] for m in listed] == [True, False, False]


def test_suspended_deletes_and_overwrites_share_the_null_slot(s3: Any, bucket: str, error_of: Any) -> None:
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    kept = [s3.put_object(Bucket=bucket, Key="k", Body=f"v{i}".encode())["VersionId"] for i in range(3)]
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Suspended"})
    for _ in range(2):  # a null delete marker; deleting again replaces it
        resp = s3.delete_object(Bucket=bucket, Key="k")
        assert resp["DeleteMarker"] is True
        assert resp["VersionId"] == "null"
        listed = s3.list_object_versions(Bucket=bucket)
        assert [(m["VersionId"], m["IsLatest"]) for m in listed["DeleteMarkers"]] == [("null", True)]
        assert [v["VersionId"] for v in listed["Versions"]] == kept[::-1]
        assert error_of(s3.get_object, Bucket=bucket, Key="k")["Code"] == "NoSuchKey"
    for body in (b"null content 1", b"null content 2"):  # overwrite the null slot
        s3.put_object(Bucket=bucket, Key="k", Body=body)
        listed = s3.list_object_versions(Bucket=bucket)
        assert "DeleteMarkers" not in listed
        assert [v["VersionId"] for v in listed["Versions"]] == ["null", *kept[::-1]]
        assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == body
    s3.delete_object(Bucket=bucket, Key="k", VersionId="null")
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"v2"
