"""Checksums: known-answer vectors for every algorithm and S3's checksum rules through boto3."""

from __future__ import annotations

from typing import Any

import boto3
import botocore.config
import pytest

from awscore.s3 import checksums
from awscore.s3.checksums import _py_crc32c, _py_crc64nvme

MIB = 1024 * 1024


@pytest.mark.parametrize("alg, data, expected", [
    ("CRC32", b"hello", "NhCmhg=="), ("CRC32C", b"hello", "mnG7TA=="), ("CRC64NVME", b"hello", "M3eFcAZSQlc="),
    ("SHA256", b"hello", "LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ="),
    ("CRC32", b"", "AAAAAA=="), ("CRC32C", b"", "AAAAAA=="), ("CRC64NVME", b"", "AAAAAAAAAAA="),
    ("CRC64NVME", b"A" * 1024, "Qeh8oXvGiSo="), ("SHA256", b"A" * 1024, "arcu6553sHVAiX4MjW0j7I7vD4w6R+Gz9Ok0Q9lTa+0="),
    ("CRC32C", b"test content 123", "fwuu0Q=="),
])
def test_known_answers(alg: str, data: bytes, expected: str) -> None:
    assert checksums.b64(alg, data) == expected


def test_check_values() -> None:
    assert _py_crc32c(b"123456789") == 0xE3069283
    assert _py_crc64nvme(b"123456789") == 0xAE8B14860A799888
    # incremental computation equals one-shot
    assert _py_crc32c(b"6789", _py_crc32c(b"12345")) == 0xE3069283
    assert _py_crc64nvme(b"6789", _py_crc64nvme(b"12345")) == 0xAE8B14860A799888


def test_composite_vectors() -> None:
    assert checksums.composite("SHA256", [checksums.digest("SHA256", b"A" * 1024)]) == \
        "Ok6Cs5b96ux6+MWQkJO7UBT5sKPBeXBLwvj/hK89smg=-1"
    assert checksums.composite("CRC32C", [checksums.digest("CRC32C", b"test content 123")]) == "sZB91Q==-1"


def test_five_mib_parts_golden() -> None:
    parts = [bytes([c]) * 5 * MIB for c in b"ABC"]
    assert [checksums.b64("CRC32", p) for p in parts] == ["JRTCyQ==", "QoZTGg==", "YAgjqw=="]
    assert [checksums.b64("SHA1", p) for p in parts] == [
        "iIaTCGbm+vdVjNqIMF2S0T7ibMk=", "LS/TJ32bAVKEwRu+sE3X7awh/lk=", "6DDwovUaHwrKNXDMzOGbuvj9kxI="]
    assert checksums.composite("SHA256", [checksums.digest("SHA256", p) for p in parts]) == \
        "uWBwpe1dxI4Vw8Gf0X9ynOdw/SS6VBzfWm9giiv1sf4=-3"
    assert checksums.composite("CRC32", [checksums.digest("CRC32", p) for p in parts]) == "Z+ry2Q==-3"
    assert checksums.b64("CRC32", b"".join(parts)) == "WgDhBQ=="
    assert checksums.b64("CRC32C", parts[0]) == "MDaLrw=="
    assert checksums.b64("CRC64NVME", parts[0]) == "L/E4WYn8v98="


def test_put_with_checksum(s3: Any, bucket: str, error_of: Any) -> None:
    out = s3.put_object(Bucket=bucket, Key="k", Body=b"hello",
                        ChecksumSHA256="LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=")
    assert out["ChecksumSHA256"] == "LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ="
    got = s3.get_object(Bucket=bucket, Key="k", ChecksumMode="ENABLED")
    assert (got["ChecksumSHA256"], got["ChecksumType"]) == (out["ChecksumSHA256"], "FULL_OBJECT")
    plain = boto3.client("s3", region_name="us-east-1",
                         config=botocore.config.Config(response_checksum_validation="when_required"))
    assert "ChecksumSHA256" not in plain.get_object(Bucket=bucket, Key="k")
    assert "ChecksumSHA256" in s3.get_object(Bucket=bucket, Key="k")  # boto3 sets ChecksumMode by default
    assert "ChecksumSHA256" not in s3.get_object(Bucket=bucket, Key="k", ChecksumMode="ENABLED", Range="bytes=0-1")
    listed = s3.list_objects_v2(Bucket=bucket)["Contents"][0]
    assert listed["ChecksumAlgorithm"] == ["SHA256"]


def test_crc64nvme_supplied_value(s3: Any, bucket: str, error_of: Any) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"hello", ChecksumCRC64NVME="M3eFcAZSQlc=")
    err = error_of(s3.put_object, Bucket=bucket, Key="k2", Body=b"hellO", ChecksumCRC64NVME="M3eFcAZSQlc=")
    assert (err["Code"], err["Message"]) == ("BadDigest", "The CRC64NVME you specified did not match the calculated checksum.")


def test_checksum_errors(s3: Any, bucket: str, error_of: Any) -> None:
    err = error_of(s3.put_object, Bucket=bucket, Key="k", Body=b"hello", ChecksumCRC32="AAAAAA==")
    assert (err["Code"], err["Message"]) == ("BadDigest", "The CRC32 you specified did not match the calculated checksum.")
    err = error_of(s3.put_object, Bucket=bucket, Key="k", Body=b"hello", ChecksumCRC32="not base64!")
    assert (err["Code"], err["Message"]) == ("InvalidRequest", "Value for x-amz-checksum-crc32 header is invalid.")
    err = error_of(s3.put_object, Bucket=bucket, Key="k", Body=b"hello", ChecksumCRC32="NhCmhg==",
                   ChecksumSHA1="qvTGHdzF6KLavt4PO0gs2a6pQ00=")
    assert err["Message"] == "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed."
    assert "Contents" not in s3.list_objects_v2(Bucket=bucket)


def test_boto3_default_crc32(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"hello")
    got = s3.head_object(Bucket=bucket, Key="k", ChecksumMode="ENABLED")
    assert got["ChecksumCRC32"] == "NhCmhg=="


def test_native_default_is_lazy_crc64nvme(aws: Any) -> None:
    v = aws.s3.create_bucket("native").put_object("k", b"hello")
    assert (v.checksum_algorithm, v.checksum_value) == ("CRC64NVME", None)
