"""S3's naming rules: bucket names, keys, regions and location constraints.

>>> bucket_name_problem("my-bucket") is None
True
>>> bucket_name_problem("My_Bucket")
'invalid characters'
"""

from __future__ import annotations

import re

from .errors import InvalidBucketName, KeyTooLongError, argument

__all__ = ["bucket_name_problem", "check_bucket_name", "check_key", "REGIONS", "MAX_KEY_BYTES"]

MAX_KEY_BYTES = 1024

_CHARS = re.compile(r"[a-z0-9.\-]+\Z")
_IP = re.compile(r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\Z")
_BAD_PREFIXES = ("xn--", "sthree-", "amzn-s3-demo-")
_BAD_SUFFIXES = ("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3")

#: regions S3 accepts as a LocationConstraint ("EU" is the legacy alias of eu-west-1)
REGIONS = frozenset({
    "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
    "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
    "ap-southeast-5", "ap-southeast-7", "ca-central-1", "ca-west-1", "cn-north-1", "cn-northwest-1",
    "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2",
    "eu-west-3", "il-central-1", "me-central-1", "me-south-1", "mx-central-1", "sa-east-1",
    "us-east-1", "us-east-2", "us-gov-east-1", "us-gov-west-1", "us-west-1", "us-west-2", "EU",
})


def bucket_name_problem(name: object) -> str | None:
    """Why ``name`` is not a valid general-purpose bucket name, or ``None`` if it is."""
    if not isinstance(name, str):
        return "not a string"
    if not 3 <= len(name) <= 63:
        return "length"
    if not _CHARS.match(name):
        return "invalid characters"
    if not (name[0].isalnum() and name[-1].isalnum()):
        return "must begin and end with a letter or digit"
    if ".." in name or ".-" in name or "-." in name:
        return "adjacent periods or period-hyphen"
    if _IP.match(name):
        return "formatted as an IP address"
    if name.startswith(_BAD_PREFIXES) or name.endswith(_BAD_SUFFIXES):
        return "reserved prefix or suffix"
    return None


def check_bucket_name(name: object) -> str:
    """Return ``name`` if valid, else raise ``InvalidBucketName`` (400) naming it."""
    if bucket_name_problem(name) is not None:
        raise InvalidBucketName(error_fields={"BucketName": str(name)})
    return name  # type: ignore[return-value]


def check_key(key: object) -> str:
    """Return ``key`` if it is 1..1024 UTF-8 bytes, else raise AWS's error."""
    if not isinstance(key, str) or not key:
        raise argument("Invalid key", "key", key)
    if len(key) > MAX_KEY_BYTES // 4 and len(key.encode("utf-8", "surrogatepass")) > MAX_KEY_BYTES:
        raise KeyTooLongError(error_fields={"Size": str(len(key.encode("utf-8", "surrogatepass"))),
                                            "MaxSizeAllowed": str(MAX_KEY_BYTES)})
    return key
