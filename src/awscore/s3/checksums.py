"""S3's integrity checksums: CRC32, CRC32C, CRC64NVME, SHA1, SHA256 (and Content-MD5).

Values travel as base64 of the big-endian digest. CRC32 comes from
:mod:`zlib`; CRC32C (reflected polynomial 0x82F63B78) and CRC64NVME
(reflected 0x9A6C9329AC4BC9B5, init and xor-out all ones) are table-driven
pure Python, replaced by ``awscrt.checksums`` when that package is importable.

>>> b64("CRC64NVME", b"hello")
'M3eFcAZSQlc='
>>> crc32c(b"123456789") == 0xE3069283
True
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import zlib
from collections.abc import Callable, Iterable

__all__ = ["crc32", "crc32c", "crc64nvme", "digest", "b64", "composite", "decode", "DIGEST_SIZES",
           "ALGORITHMS", "md5_b64"]


def _table(poly: int) -> tuple[int, ...]:
    table = []
    for i in range(256):
        crc = i
        for _ in range(8):
            crc = (crc >> 1) ^ poly if crc & 1 else crc >> 1
        table.append(crc)
    return tuple(table)


_T32C = _table(0x82F63B78)
_T64 = _table(0x9A6C9329AC4BC9B5)
_M32 = 0xFFFFFFFF
_M64 = 0xFFFFFFFFFFFFFFFF


def crc32(data: bytes, crc: int = 0) -> int:
    """CRC-32 (ISO-HDLC, as zlib) of ``data``, continuing from ``crc``."""
    return zlib.crc32(data, crc)


def _py_crc32c(data: bytes, crc: int = 0) -> int:
    crc ^= _M32
    t = _T32C
    for b in data:
        crc = t[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc ^ _M32


def _py_crc64nvme(data: bytes, crc: int = 0) -> int:
    crc ^= _M64
    t = _T64
    for b in data:
        crc = t[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc ^ _M64


try:  # pragma: no cover - depends on the environment
    from awscrt import checksums as _crt  # type: ignore[import-not-found]

    def crc32c(data: bytes, crc: int = 0) -> int:
        """CRC-32C (Castagnoli) of ``data``, continuing from ``crc``. O(len(data))."""
        return _crt.crc32c(data, crc)

    def crc64nvme(data: bytes, crc: int = 0) -> int:
        """CRC-64/NVME of ``data``, continuing from ``crc``. O(len(data))."""
        return _crt.crc64nvme(data, crc)

except ImportError:
    crc32c = _py_crc32c
    crc64nvme = _py_crc64nvme


def _sha(name: str) -> Callable[[bytes], bytes]:
    return lambda data: hashlib.new(name, data).digest()


_RAW: dict[str, Callable[[bytes], bytes]] = {
    "CRC32": lambda data: crc32(data).to_bytes(4, "big"),
    "CRC32C": lambda data: crc32c(data).to_bytes(4, "big"),
    "CRC64NVME": lambda data: crc64nvme(data).to_bytes(8, "big"),
    "SHA1": _sha("sha1"),
    "SHA256": _sha("sha256"),
}

#: digest length in bytes of each supported algorithm
DIGEST_SIZES = {"CRC32": 4, "CRC32C": 4, "CRC64NVME": 8, "SHA1": 20, "SHA256": 32}
ALGORITHMS = tuple(DIGEST_SIZES)


def digest(algorithm: str, data: bytes) -> bytes:
    """The raw big-endian digest of ``data`` under ``algorithm`` (an S3 algorithm name)."""
    return _RAW[algorithm](data)


def b64(algorithm: str, data: bytes) -> str:
    """The base64 checksum of ``data`` as S3 returns it (``x-amz-checksum-<alg>``)."""
    return base64.b64encode(_RAW[algorithm](data)).decode()


def composite(algorithm: str, part_digests: Iterable[bytes]) -> str:
    """A COMPOSITE multipart checksum: base64(H(concat(part digests))) + ``-N``."""
    parts = list(part_digests)
    return base64.b64encode(_RAW[algorithm](b"".join(parts))).decode() + f"-{len(parts)}"


def decode(algorithm: str, value: str) -> bytes | None:
    """The raw digest in a client-supplied base64 value, or ``None`` if malformed."""
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError, TypeError):
        return None
    return raw if len(raw) == DIGEST_SIZES[algorithm] else None


def md5_b64(data: bytes) -> str:
    """base64 of the MD5 digest (the ``Content-MD5`` header's form)."""
    return base64.b64encode(hashlib.md5(data).digest()).decode()
