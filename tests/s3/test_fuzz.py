"""Parser fuzzing: any request shape gives a result or a typed AWS error, never a Python exception."""

from __future__ import annotations

import os
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from awscore import Cloud
from awscore.clock import ManualClock
from awscore.core.errors import AWSError
from awscore.core.registry import RequestContext
from awscore.s3.service import api

SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-5, 20000), st.text(max_size=8), st.binary(max_size=8),
                    st.sampled_from(["bkt", "k", "Enabled", "url", "bytes=0-1", "*", '"x"', "SHA256", "COMPOSITE",
                                     "bkt/k", "REPLACE", "a=1&b=2", "NhCmhg=="]))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(
        ["Key", "Value", "Objects", "Parts", "PartNumber", "ETag", "TagSet", "Status", "Quiet", "VersionId",
         "LocationConstraint", "ChecksumSHA256", "Bucket"]), inner, max_size=3)), max_leaves=6)
FIELDS = ["Key", "Body", "VersionId", "Range", "PartNumber", "IfMatch", "IfNoneMatch", "IfModifiedSince",
          "MaxKeys", "Prefix", "Delimiter", "StartAfter", "ContinuationToken", "EncodingType", "Marker",
          "Metadata", "Tagging", "ContentMD5", "ChecksumAlgorithm", "ChecksumCRC32", "StorageClass", "UploadId",
          "MultipartUpload", "Delete", "CopySource", "CopySourceRange", "MetadataDirective", "KeyMarker",
          "VersionIdMarker", "VersioningConfiguration", "CreateBucketConfiguration", "ChecksumType",
          "MaxParts", "PartNumberMarker", "Expires", "ChecksumMode", "ObjectAttributes",
          "ServerSideEncryptionConfiguration", "ExpectedBucketOwner", "MpuObjectSize", "TaggingDirective"]


@settings(max_examples=int(os.environ.get("AWSCORE_FUZZ_EXAMPLES", "400")))
@given(st.sampled_from(api.operations), st.dictionaries(st.sampled_from(FIELDS), VALUES, max_size=6),
       st.booleans())
def test_any_params_give_result_or_aws_error(operation: str, params: dict[str, Any], existing: bool) -> None:
    cloud = Cloud(clock=ManualClock(0))
    bucket = cloud.s3.create_bucket("bkt")
    bucket.put_object("k", b"data")
    upload = bucket.create_multipart_upload("k")
    if existing:
        params.setdefault("Bucket", "bkt")
        params.setdefault("Key", "k")
        if params.get("UploadId") == "k":
            params["UploadId"] = upload.upload_id
    ctx = RequestContext(cloud, "s3", operation, "123456789012", "us-east-1")
    try:
        result = api.handle(ctx, params)
    except AWSError:
        return
    assert isinstance(result, dict)
