"""Bucket operations: create, head, delete, list, location, versioning, tagging."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from ..core.errors import NotImplementedByAwscore
from ..core.registry import RequestContext
from .api import api, bucket_of, dt, head, int_param, owner, store_of, tag_set
from .attributes import check_tags
from .errors import (
    IllegalLocationConstraintException,
    IllegalVersioningConfigurationException,
    InvalidArgument,
    InvalidBucketAclWithObjectOwnership,
    InvalidLocationConstraint,
    InvalidTag,
    MalformedXML,
    NoSuchTagSet,
    argument,
)
from .names import REGIONS, check_bucket_name

_US_EAST_1 = "us-east-1"
_ENFORCED = "BucketOwnerEnforced"
_OWNERSHIPS = (_ENFORCED, "BucketOwnerPreferred", "ObjectWriter")
_BUCKET_GRANTS = ("GrantFullControl", "GrantRead", "GrantReadACP", "GrantWrite", "GrantWriteACP")

def _no_content() -> dict[str, Any]:
    return {"ResponseMetadata": {"HTTPStatusCode": 204}}


def _bucket_region(ctx: RequestContext, params: dict[str, Any]) -> str:
    config = params.get("CreateBucketConfiguration") or {}
    if not isinstance(config, dict):
        raise MalformedXML()
    constraint = config.get("LocationConstraint")
    for unsupported in ("Location", "Bucket", "Tags"):
        if config.get(unsupported) is not None and unsupported != "Tags":
            raise NotImplementedByAwscore(f"awscore does not implement CreateBucketConfiguration.{unsupported}")
    endpoint = ctx.region
    if endpoint == _US_EAST_1:
        if constraint is None or constraint == "":
            return _US_EAST_1
        if constraint == _US_EAST_1 or constraint not in REGIONS:
            raise InvalidLocationConstraint(error_fields={"LocationConstraint": str(constraint)})
        return "eu-west-1" if constraint == "EU" else constraint
    if constraint is None or constraint == "":
        raise IllegalLocationConstraintException(
            "The unspecified location constraint is incompatible for the region specific endpoint this "
            "request was sent to.")
    if constraint != endpoint:
        raise IllegalLocationConstraintException(
            f"The {constraint} location constraint is incompatible for the region specific endpoint this "
            "request was sent to.")
    return endpoint


@api.operation("CreateBucket")
def create_bucket(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """CreateBucket (name rules, LocationConstraint, BucketAlreadyExists / BucketAlreadyOwnedByYou)."""
    name = check_bucket_name(params.get("Bucket"))
    if params.get("ObjectLockEnabledForBucket"):
        raise NotImplementedByAwscore("awscore does not implement S3 Object Lock")
    ownership = params.get("ObjectOwnership")
    if ownership is not None and ownership not in _OWNERSHIPS:
        raise InvalidArgument(f"Invalid x-amz-object-ownership header: {ownership}",
                              error_fields={"ArgumentName": "x-amz-object-ownership"})
    acl = params.get("ACL")
    grants = [g for g in _BUCKET_GRANTS if params.get(g) is not None]
    if (acl is not None and acl != "private") or grants:
        if (ownership or _ENFORCED) == _ENFORCED:
            raise InvalidBucketAclWithObjectOwnership()
        raise NotImplementedByAwscore(f"awscore does not implement bucket ACL {acl or grants[0]!r}")
    region = _bucket_region(ctx, params)
    config = params.get("CreateBucketConfiguration") or {}
    tags = None
    if config.get("Tags") is not None:
        tags = tag_set({"Tagging": {"TagSet": config["Tags"]}})
    store_of(ctx).create_bucket(name, account=ctx.account, region=region, tags=tags, object_ownership=ownership)
    location = f"/{name}" if region == _US_EAST_1 else f"http://{name}.s3.amazonaws.com/"
    return {"Location": location, "ResponseMetadata": {"HTTPStatusCode": 200, "HTTPHeaders": {"location": location}}}


@api.operation("HeadBucket")
@head
def head_bucket(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """HeadBucket: the bucket's region; a missing bucket is a bare 404."""
    bucket = bucket_of(ctx, params)
    return {"BucketRegion": bucket.region, "AccessPointAlias": False,
            "ResponseMetadata": {"HTTPStatusCode": 200, "HTTPHeaders": {"x-amz-bucket-region": bucket.region}}}


@api.operation("DeleteBucket")
def delete_bucket(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """DeleteBucket: 204; ``BucketNotEmpty`` while any object, version or marker remains."""
    bucket = bucket_of(ctx, params)
    store_of(ctx).delete_bucket(bucket.name, account=ctx.account)
    return _no_content()


@api.operation("ListBuckets")
def list_buckets(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """ListBuckets: the caller's buckets by name (Prefix, BucketRegion, MaxBuckets, ContinuationToken)."""
    buckets = store_of(ctx).list_buckets(ctx.account)
    prefix = params.get("Prefix")
    if prefix:
        buckets = [b for b in buckets if b.name.startswith(prefix)]
    region = params.get("BucketRegion")
    if region is not None and region not in REGIONS or region == "EU":
        raise InvalidArgument(f"Argument value {region} is not a valid AWS Region",
                              error_fields={"ArgumentName": "bucket-region"})
    if region:
        buckets = [b for b in buckets if b.region == region]
    token = params.get("ContinuationToken")
    if token is not None:
        try:
            after = base64.b64decode(token, validate=True).decode()
        except (binascii.Error, ValueError, UnicodeDecodeError):
            raise argument("The continuation token provided is incorrect", "continuation-token", token) from None
        buckets = [b for b in buckets if b.name > after]
    limit = int_param(params, "MaxBuckets", "maxBuckets", 10000, 10000)
    if limit < 1:
        raise argument("Argument maxBuckets must be an integer between 1 and 10000", "maxBuckets",
                       params.get("MaxBuckets"))
    page = buckets[:limit]
    out: dict[str, Any] = {
        "Buckets": [{"Name": b.name, "CreationDate": dt(b.created), "BucketRegion": b.region} for b in page],
        "Owner": owner(ctx.account),
    }
    if prefix is not None:
        out["Prefix"] = prefix
    if len(buckets) > len(page):
        out["ContinuationToken"] = base64.b64encode(page[-1].name.encode()).decode()
    return out


@api.operation("GetBucketLocation")
def get_bucket_location(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """GetBucketLocation: ``None`` for us-east-1, else the region."""
    bucket = bucket_of(ctx, params)
    return {"LocationConstraint": None if bucket.region == _US_EAST_1 else bucket.region}


@api.operation("GetBucketVersioning")
def get_bucket_versioning(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """GetBucketVersioning: ``{}`` until versioning was ever set, then ``{Status}``."""
    bucket = bucket_of(ctx, params)
    out: dict[str, Any] = {} if bucket.versioning is None else {"Status": str(bucket.versioning)}
    if bucket.mfa_delete is not None:
        out["MFADelete"] = bucket.mfa_delete
    return out


@api.operation("PutBucketVersioning")
def put_bucket_versioning(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """PutBucketVersioning: ``Enabled`` / ``Suspended`` (others ``MalformedXML``)."""
    bucket = bucket_of(ctx, params)
    config = params.get("VersioningConfiguration")
    if not isinstance(config, dict):
        raise MalformedXML()
    if config.get("MFADelete") == "Enabled" or params.get("MFA") is not None:
        raise NotImplementedByAwscore("awscore does not implement S3 MFA delete")
    status = config.get("Status")
    if status is None:
        raise IllegalVersioningConfigurationException()
    mfa_delete = config.get("MFADelete")
    if mfa_delete is not None and mfa_delete != "Disabled":
        raise MalformedXML()
    bucket.set_versioning(status)
    if mfa_delete is not None:
        bucket.mfa_delete = mfa_delete  # reported by GetBucketVersioning once ever configured
    return {}


@api.operation("PutBucketTagging")
def put_bucket_tagging(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """PutBucketTagging: replace the bucket's tags (≤ 50, no ``aws:`` keys)."""
    bucket = bucket_of(ctx, params)
    tags = tag_set(params)
    for key in tags:
        if key.startswith("aws:"):
            raise InvalidTag("System tags cannot be added/updated by requester", error_fields={"TagKey": key})
    tags = check_tags(tags, limit=50)
    with bucket._lock:
        bucket.tags = tags
    return _no_content()


@api.operation("GetBucketTagging")
def get_bucket_tagging(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """GetBucketTagging: ``NoSuchTagSet`` (404) when the bucket has no tags."""
    bucket = bucket_of(ctx, params)
    if not bucket.tags:
        raise NoSuchTagSet(error_fields={"BucketName": bucket.name})
    return {"TagSet": [{"Key": k, "Value": v} for k, v in bucket.tags.items()]}


@api.operation("DeleteBucketTagging")
def delete_bucket_tagging(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """DeleteBucketTagging: 204, idempotent."""
    bucket = bucket_of(ctx, params)
    with bucket._lock:
        bucket.tags = {}
    return _no_content()


@api.operation("GetBucketEncryption")
def get_bucket_encryption(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """GetBucketEncryption: SSE-S3 (AES256), S3's default for every bucket."""
    bucket = bucket_of(ctx, params)
    return {"ServerSideEncryptionConfiguration": {"Rules": [{
        "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"},
        "BucketKeyEnabled": bucket.bucket_key_enabled,
    }]}}


@api.operation("PutBucketEncryption")
def put_bucket_encryption(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """PutBucketEncryption: one SSE-S3 rule (``MalformedXML`` otherwise; KMS is not implemented)."""
    bucket = bucket_of(ctx, params)
    config = params.get("ServerSideEncryptionConfiguration")
    rules = config.get("Rules") if isinstance(config, dict) else None
    if not isinstance(rules, list) or len(rules) != 1 or not isinstance(rules[0], dict):
        raise MalformedXML()
    default = rules[0].get("ApplyServerSideEncryptionByDefault") or {}
    algorithm = default.get("SSEAlgorithm")
    if algorithm in ("aws:kms", "aws:kms:dsse"):
        raise NotImplementedByAwscore(f"awscore does not implement default bucket encryption {algorithm}")
    if algorithm != "AES256":
        raise MalformedXML()
    if default.get("KMSMasterKeyID") is not None:
        raise argument("a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or "
                       "aws:kms:dsse", "ApplyServerSideEncryptionByDefault", "")
    bucket.bucket_key_enabled = bool(rules[0].get("BucketKeyEnabled", False))
    return {}


@api.operation("DeleteBucketEncryption")
def delete_bucket_encryption(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """DeleteBucketEncryption: 204; the bucket keeps S3's default SSE-S3."""
    bucket = bucket_of(ctx, params)
    bucket.bucket_key_enabled = False
    return _no_content()
