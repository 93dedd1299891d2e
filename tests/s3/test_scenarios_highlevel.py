"""boto3's high-level S3 paths against awscore: s3transfer (multipart above 8 MB), the resource
layer, presigned URLs (offline), paginators and waiters."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import WaiterError

MIB = 1024 * 1024


def test_upload_and_download_file_multipart(s3: Any, bucket: str, tmp_path: Path) -> None:
    data = os.urandom(17 * MIB)
    src = tmp_path / "big.bin"
    src.write_bytes(data)
    s3.upload_file(str(src), bucket, "big.bin")
    head = s3.head_object(Bucket=bucket, Key="big.bin")
    assert head["ContentLength"] == len(data) and head["ETag"].endswith('-3"')  # 8 MiB chunks
    dst = tmp_path / "out.bin"
    s3.download_file(bucket, "big.bin", str(dst))
    assert dst.read_bytes() == data
    assert s3.list_multipart_uploads(Bucket=bucket).get("Uploads") is None


def test_fileobj_roundtrip(s3: Any, bucket: str) -> None:
    s3.upload_fileobj(io.BytesIO(b"small"), bucket, "small")
    buf = io.BytesIO()
    s3.download_fileobj(bucket, "small", buf)
    assert buf.getvalue() == b"small"
    assert s3.head_object(Bucket=bucket, Key="small")["ETag"] == '"' + __import__("hashlib").md5(b"small").hexdigest() + '"'


def test_resource_layer(s3: Any, bucket: str) -> None:
    res = boto3.resource("s3", region_name="us-east-1")
    b = res.Bucket(bucket)
    for i in range(5):
        b.put_object(Key=f"p/{i}", Body=b"x")
    b.put_object(Key="q", Body=b"y")
    assert [o.key for o in b.objects.filter(Prefix="p/")] == [f"p/{i}" for i in range(5)]
    assert [o.key for o in b.objects.page_size(2).all()] == [f"p/{i}" for i in range(5)] + ["q"]
    obj = res.Object(bucket, "p/1")
    assert obj.get()["Body"].read() == b"x" and obj.content_length == 1
    assert obj.last_modified.microsecond == 0 and obj.e_tag == '"9dd4e461268c8034f5c8564e155c67a6"'
    obj.put(Body=b"new")
    assert obj.get()["Body"].read() == b"new"
    b.Versioning().enable()
    b.put_object(Key="p/1", Body=b"v2")
    versions = list(b.object_versions.filter(Prefix="p/1"))
    assert [(v.object_key, v.is_latest) for v in versions] == [("p/1", True), ("p/1", False)]
    assert versions[1].id == "null"
    b.object_versions.delete()
    b.delete()
    assert bucket not in [x.name for x in res.buckets.all()]


def test_presigned_urls_offline(aws: Any) -> None:
    fresh = boto3.client("s3", region_name="us-east-1")
    url = fresh.generate_presigned_url("get_object", Params={"Bucket": "some-bucket", "Key": "a/b c"}, ExpiresIn=60)
    assert url.startswith("https://some-bucket.s3.amazonaws.com/a/b%20c?") and "Signature=" in url
    post = fresh.generate_presigned_post("some-bucket", "k")
    assert post["fields"]["key"] == "k" and "policy" in post["fields"]


def test_presigned_url_after_calls(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="a/b c", Body=b"x")
    url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "a/b c"}, ExpiresIn=60)
    assert url.startswith(f"https://{bucket}.s3.amazonaws.com/a/b%20c?")


def test_paginators(s3: Any, bucket: str) -> None:
    for i in range(7):
        s3.put_object(Bucket=bucket, Key=f"k{i}", Body=b"x")
    pages = list(s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, PaginationConfig={"PageSize": 3}))
    assert [p["KeyCount"] for p in pages] == [3, 3, 1]
    pages = list(s3.get_paginator("list_objects").paginate(Bucket=bucket, PaginationConfig={"PageSize": 3}))
    assert [len(p["Contents"]) for p in pages] == [3, 3, 1]
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    for _ in range(2):
        s3.put_object(Bucket=bucket, Key="k0", Body=b"y")
    s3.delete_object(Bucket=bucket, Key="k0")
    pages = list(s3.get_paginator("list_object_versions").paginate(Bucket=bucket, PaginationConfig={"PageSize": 2}))
    entries = [(v["Key"], v["VersionId"]) for p in pages for v in p.get("Versions", []) + p.get("DeleteMarkers", [])]
    assert len(entries) == len(set(entries)) == 10
    latest = [e for p in pages for e in p.get("Versions", []) + p.get("DeleteMarkers", []) if e["IsLatest"]]
    assert sorted(e["Key"] for e in latest) == [f"k{i}" for i in range(7)]
    upload = s3.create_multipart_upload(Bucket=bucket, Key="mp")["UploadId"]
    for n in range(1, 6):
        s3.upload_part(Bucket=bucket, Key="mp", UploadId=upload, PartNumber=n, Body=b"x")
    pages = list(s3.get_paginator("list_parts").paginate(Bucket=bucket, Key="mp", UploadId=upload,
                                                         PaginationConfig={"PageSize": 2}))
    assert [len(p["Parts"]) for p in pages] == [2, 2, 1]
    for k in range(4):
        s3.create_multipart_upload(Bucket=bucket, Key=f"mp{k}")
    pages = list(s3.get_paginator("list_multipart_uploads").paginate(Bucket=bucket, PaginationConfig={"PageSize": 2}))
    assert [len(p["Uploads"]) for p in pages] == [2, 2, 1]


def test_waiters(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    fast = {"Delay": 0, "MaxAttempts": 2}
    s3.get_waiter("bucket_exists").wait(Bucket=bucket, WaiterConfig=fast)
    s3.get_waiter("object_exists").wait(Bucket=bucket, Key="k", WaiterConfig=fast)
    s3.get_waiter("object_not_exists").wait(Bucket=bucket, Key="absent", WaiterConfig=fast)
    s3.get_waiter("bucket_not_exists").wait(Bucket="no-such-bucket-x", WaiterConfig=fast)
    with pytest.raises(WaiterError):
        s3.get_waiter("object_exists").wait(Bucket=bucket, Key="absent", WaiterConfig=fast)
