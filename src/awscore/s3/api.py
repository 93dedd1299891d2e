"""The S3 operation table and the helpers its handlers share (wire <-> engine).

Handlers take botocore's API params (after botocore's S3 customisations) and
return fresh dicts shaped as botocore's parser would produce them:
tz-aware datetimes, ``bytes``/``StreamingBody`` bodies, quoted ETags.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, quote

from ..clock import to_datetime, to_epoch
from ..cloud import canonical_user_id
from ..core.errors import AWSError, NotImplementedByAwscore
from ..core.registry import Handler, RequestContext, ServiceAPI
from . import checksums
from .errors import AccessDenied, BareError, InvalidArgument, argument
from .model import ChecksumAlgorithm, ObjectVersion
from .request import S3RequestTypes

if TYPE_CHECKING:
    from .bucket import Bucket
    from .store import S3Store

__all__ = ["api", "store_of", "bucket_of", "source_bucket_of", "head", "dt", "http_dt", "epoch_param", "owner", "int_param",
           "checksum_params", "tags_from_query", "tag_set", "unsupported", "checksum_fields", "encode_key",
           "version_checksum"]

#: operations whose S3 answer is an XML document (``Content-Type: application/xml``); HeadBucket has no
#: body yet S3 still labels it so (AWS-verified). Object reads carry the object's own type.
XML_ANSWERS = frozenset({
    "ListBuckets", "HeadBucket", "GetBucketLocation", "GetBucketVersioning", "GetBucketTagging",
    "GetBucketEncryption", "GetBucketAcl", "GetObjectAcl", "GetBucketOwnershipControls", "GetPublicAccessBlock",
    "ListObjects", "ListObjectsV2", "ListObjectVersions", "CreateMultipartUpload", "UploadPartCopy", "ListParts",
    "ListMultipartUploads", "CompleteMultipartUpload", "CopyObject", "DeleteObjects", "GetObjectTagging",
    "GetObjectAttributes",
})


class S3API(ServiceAPI):
    """The S3 operation registry; answers that are XML documents carry S3's ``content-type`` header."""

    def handle(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        out = super().handle(ctx, params)
        if ctx.operation in XML_ANSWERS:
            meta = out.setdefault("ResponseMetadata", {"HTTPStatusCode": 200})
            meta.setdefault("HTTPHeaders", {}).setdefault("content-type", "application/xml")
        return out


api = S3API("s3", validator=S3RequestTypes())  # type: ignore[arg-type]

_CHECKSUM_PARAMS = {f"Checksum{a}": a for a in checksums.ALGORITHMS}


def store_of(ctx: RequestContext) -> S3Store:
    return ctx.cloud.s3


def bucket_of(ctx: RequestContext, params: Mapping[str, Any]) -> Bucket:
    """The request's bucket (``NoSuchBucket``).

    ``AccessDenied`` (403) when another account calls (awscore models no bucket
    policies or ACLs, so only the owner may use a bucket, as S3's default) or
    when ``ExpectedBucketOwner`` names another owner.
    """
    bucket = ctx.cloud.s3.get_bucket(str(params.get("Bucket", "")))
    expected = params.get("ExpectedBucketOwner")
    if bucket.owner != ctx.account or (expected is not None and expected != bucket.owner):
        raise AccessDenied()
    return bucket


def source_bucket_of(ctx: RequestContext, name: str) -> Bucket:
    """A copy source's bucket: ``NoSuchBucket``, or ``AccessDenied`` when another account owns it."""
    bucket = ctx.cloud.s3.get_bucket(name)
    if bucket.owner != ctx.account:
        raise AccessDenied()
    return bucket


def head(fn: Handler) -> Handler:
    """HEAD responses carry no body: any error surfaces as its bare HTTP status (``"404"``)."""

    @functools.wraps(fn)
    def wrapper(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        try:
            return fn(ctx, params)
        except AWSError as err:
            if isinstance(err, NotImplementedByAwscore):
                raise
            raise BareError.of(err) from None

    return wrapper


def dt(epoch: float) -> datetime:
    """An XML timestamp (listings, CopyObjectResult): S3 keeps whole seconds (``.000Z``), tz-aware UTC."""
    return to_datetime(int(epoch))


def http_dt(epoch: float) -> datetime:
    """An HTTP-header timestamp (Last-Modified): whole seconds, tz-aware UTC."""
    return to_datetime(int(epoch))


def epoch_param(params: Mapping[str, Any], name: str) -> float | None:
    value = params.get(name)
    if value is None:
        return None
    try:
        return to_epoch(value)
    except (TypeError, ValueError):
        raise argument(f"Invalid {name}", name, value) from None


def owner(account: str) -> dict[str, str]:
    return {"ID": canonical_user_id(account)}


def int_param(params: Mapping[str, Any], name: str, arg: str, default: int, cap: int | None = None) -> int:
    """An integer query parameter, 0..2**31-1 (``InvalidArgument`` otherwise), capped at ``cap``.

    ``arg`` is S3's argument name in the error (``maxKeys``).
    """
    value = params.get(name)
    if value is None:
        return default
    bad = argument(f"Argument {arg} must be an integer between 0 and 2147483647", arg, value)
    if isinstance(value, bool):
        raise bad
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise bad from None
    if not 0 <= n <= 2147483647 or (isinstance(value, float) and not value.is_integer()):
        raise bad
    return min(n, cap) if cap is not None else n


def checksum_params(params: Mapping[str, Any]) -> dict[str, str]:
    """Client-supplied ``Checksum<ALG>`` values, by algorithm name."""
    return {alg: params[p] for p, alg in _CHECKSUM_PARAMS.items() if params.get(p) is not None}


def tags_from_query(value: str | None) -> dict[str, str] | None:
    """The ``x-amz-tagging`` header (URL query encoding) as a dict (``InvalidArgument`` on duplicates)."""
    if value is None:
        return None
    from .attributes import tag_text_ok

    pairs = parse_qsl(str(value), keep_blank_values=True)
    tags = dict(pairs)
    if len(tags) != len(pairs) or not all(tag_text_ok(k) and tag_text_ok(v) for k, v in pairs):
        raise argument("The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query "
                       "parameters without tag name duplicates.", "x-amz-tagging", value)
    return tags


def tag_set(params: Mapping[str, Any], field: str = "Tagging") -> dict[str, str]:
    """A ``{TagSet: [{Key, Value}]}`` request body as a dict (``InvalidTag`` on duplicate keys)."""
    from .errors import InvalidTag, MalformedXML

    body = params.get(field)
    if not isinstance(body, Mapping) or not isinstance(body.get("TagSet"), list):
        raise MalformedXML()
    tags: dict[str, str] = {}
    for tag in body["TagSet"]:
        if not isinstance(tag, Mapping) or "Key" not in tag or "Value" not in tag:
            raise MalformedXML()
        if tag["Key"] in tags:
            raise InvalidTag("Cannot provide multiple Tags with the same key", error_fields={"TagKey": tag["Key"]})
        tags[tag["Key"]] = tag["Value"]
    return tags


def unsupported(params: Mapping[str, Any], names: tuple[str, ...], operation: str) -> None:
    """Fail loudly on request options awscore does not implement."""
    for name in names:
        if params.get(name) is not None:
            raise NotImplementedByAwscore(f"awscore does not implement s3.{operation} with {name}")


def version_checksum(version: ObjectVersion) -> str | None:
    """The version's stored checksum value, computing the lazily-deferred default on first use."""
    if version.checksum_value is None and version.checksum_algorithm is not None:
        version.checksum_value = checksums.b64(version.checksum_algorithm, version.body)
    return version.checksum_value


def checksum_fields(version: ObjectVersion) -> dict[str, str]:
    """``{Checksum<ALG>: value, ChecksumType: ...}`` of a version."""
    alg = version.checksum_algorithm
    if alg is None:
        return {}
    out = {f"Checksum{ChecksumAlgorithm(alg).value}": version_checksum(version) or ""}
    if version.checksum_type is not None:
        out["ChecksumType"] = str(version.checksum_type)
    return out


def encode_key(value: str, encoding: str | None) -> str:
    """A key or prefix as a listing returns it (percent-encoded with ``EncodingType=url``)."""
    return quote(value, safe="/") if encoding else value


def encoding_type(params: Mapping[str, Any]) -> str | None:
    value = params.get("EncodingType")
    if value is None:
        return None
    if value != "url":
        raise argument("Invalid Encoding Method specified in Request", "encoding-type", value)
    return value


__all__ += ["encoding_type", "InvalidArgument"]
