"""GetObjectAttributes, delete-marker HEAD headers, and atomic conditional writes under threads."""

from __future__ import annotations

import threading
from typing import Any

from awscore.clock import ManualClock
from awscore.s3.errors import PreconditionFailed
from awscore.s3.store import S3Store

MIB = 1024 * 1024


def test_get_object_attributes(s3: Any, bucket: str) -> None:
    uid = s3.create_multipart_upload(Bucket=bucket, Key="mp", ChecksumAlgorithm="SHA256")["UploadId"]
    body = b"A" * 1024
    part = s3.upload_part(Bucket=bucket, Key="mp", UploadId=uid, PartNumber=1, Body=body, ChecksumAlgorithm="SHA256")
    s3.complete_multipart_upload(Bucket=bucket, Key="mp", UploadId=uid, MultipartUpload={"Parts": [
        {"PartNumber": 1, "ETag": part["ETag"], "ChecksumSHA256": part["ChecksumSHA256"]}]})
    out = s3.get_object_attributes(Bucket=bucket, Key="mp",
                                   ObjectAttributes=["ETag", "Checksum", "ObjectParts", "ObjectSize", "StorageClass"])
    assert not out["ETag"].startswith('"') and out["ETag"].endswith("-1")
    assert out["Checksum"] == {"ChecksumSHA256": "Ok6Cs5b96ux6+MWQkJO7UBT5sKPBeXBLwvj/hK89smg=",
                               "ChecksumType": "COMPOSITE"}
    assert out["ObjectParts"]["TotalPartsCount"] == 1
    assert out["ObjectParts"]["Parts"] == [{"PartNumber": 1, "Size": 1024,
                                            "ChecksumSHA256": "arcu6553sHVAiX4MjW0j7I7vD4w6R+Gz9Ok0Q9lTa+0="}]
    assert (out["ObjectSize"], out["StorageClass"]) == (1024, "STANDARD")


def test_head_of_deleted_key_carries_marker_headers(s3: Any, bucket: str, error_of: Any) -> None:
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    marker = s3.delete_object(Bucket=bucket, Key="k")["VersionId"]
    err = error_of(s3.head_object, Bucket=bucket, Key="k")
    assert (err["Code"], err["headers"]["x-amz-delete-marker"], err["headers"]["x-amz-version-id"]) == (
        "404", "true", marker)


def test_if_none_match_exactly_one_writer_wins() -> None:
    bucket = S3Store(clock=ManualClock(0)).create_bucket("race")
    wins: list[int] = []
    losses: list[int] = []
    barrier = threading.Barrier(8)

    def writer(i: int) -> None:
        barrier.wait()
        try:
            bucket.put_object("lock", str(i).encode(), if_none_match="*")
            wins.append(i)
        except PreconditionFailed:
            losses.append(i)

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(wins) == 1 and len(losses) == 7
    assert bucket.get_object("lock").body == str(wins[0]).encode()


def test_concurrent_writers_and_listers() -> None:
    bucket = S3Store(clock=ManualClock(0)).create_bucket("busy")
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            for i in range(300):
                bucket.put_object(f"w{n}/{i:04d}", b"")
                if i % 3 == 0:
                    bucket.delete_object(f"w{n}/{i - 1:04d}" if i else "none")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    def read() -> None:
        try:
            for _ in range(50):
                keys = [o.key for o in bucket.iter_objects()]
                assert keys == sorted(keys, key=lambda k: k.encode())
                bucket.list_objects(delimiter="/")
        except BaseException as exc:  # pragma: no cover
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(3)] + [threading.Thread(target=read)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(bucket) == 3 * (300 - 99)  # each writer deleted keys 2, 5, ..., 296
