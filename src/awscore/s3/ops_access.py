"""Access-control reads on S3's defaults: ACLs disabled (Object Ownership ``BucketOwnerEnforced``),
every public-access block on. awscore models no ACL grants or policies, so these views are fixed:
S3 answers ACL reads on an ACL-disabled bucket with the owner's full control."""

from __future__ import annotations

from typing import Any

from ..cloud import canonical_user_id
from ..core.registry import RequestContext
from .api import api, bucket_of, owner
from .bucket import Bucket
from .errors import NoSuchKey


def _owner_acl(bucket: Bucket) -> dict[str, Any]:
    return {
        "Owner": owner(bucket.owner),
        "Grants": [{"Grantee": {"ID": canonical_user_id(bucket.owner), "Type": "CanonicalUser"},
                    "Permission": "FULL_CONTROL"}],
    }


@api.operation("GetBucketAcl")
def get_bucket_acl(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """GetBucketAcl: the bucket owner's FULL_CONTROL (ACLs are disabled, as on new S3 buckets)."""
    return _owner_acl(bucket_of(ctx, params))


@api.operation("GetObjectAcl")
def get_object_acl(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """GetObjectAcl: the bucket owner's FULL_CONTROL of a version (``NoSuchKey``, 405 on a marker version)."""
    bucket = bucket_of(ctx, params)
    key = str(params.get("Key", ""))
    try:
        version = bucket.get_entry(key, version_id=params.get("VersionId"), method="GET")
    except NoSuchKey as err:  # a current delete marker: S3 answers NoSuchKey here (not 405)
        raise NoSuchKey(error_fields={"Key": key}, headers=err.headers) from None
    out = _owner_acl(bucket)
    if bucket.versioning is not None:
        out["VersionId"] = version.version_id
    return out


@api.operation("GetBucketOwnershipControls")
def get_bucket_ownership_controls(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """GetBucketOwnershipControls: the bucket's Object Ownership (``BucketOwnerEnforced`` by default)."""
    bucket = bucket_of(ctx, params)
    return {"OwnershipControls": {"Rules": [{"ObjectOwnership": bucket.object_ownership}]}}


@api.operation("GetPublicAccessBlock")
def get_public_access_block(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """GetPublicAccessBlock: all four blocks on, S3's default for new buckets."""
    bucket_of(ctx, params)
    return {"PublicAccessBlockConfiguration": {"BlockPublicAcls": True, "IgnorePublicAcls": True,
                                               "BlockPublicPolicy": True, "RestrictPublicBuckets": True}}
