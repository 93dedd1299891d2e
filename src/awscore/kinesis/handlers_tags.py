"""Tag handlers: the stream-named trio and the ARN-based trio (streams and consumers)."""

from __future__ import annotations

from typing import Any

from ..core.registry import RequestContext
from .api import api, backend_of, reject, stream_of
from .backend import CONSUMER_ARN
from .errors import InvalidArgumentException

Params = dict[str, Any]
Result = dict[str, Any]


@api.operation("AddTagsToStream")
def add_tags_to_stream(ctx: RequestContext, params: Params) -> Result:
    stream_of(ctx, params).add_tags(dict(params["Tags"]))
    return {}


@api.operation("RemoveTagsFromStream")
def remove_tags_from_stream(ctx: RequestContext, params: Params) -> Result:
    stream_of(ctx, params).remove_tags(list(params["TagKeys"]))
    return {}


@api.operation("ListTagsForStream")
def list_tags_for_stream(ctx: RequestContext, params: Params) -> Result:
    stream = stream_of(ctx, params)
    start = params.get("ExclusiveStartTagKey")
    limit = params.get("Limit") or 50
    keys = sorted(k for k in stream.tags if start is None or k > start)
    return {
        "Tags": [{"Key": k, "Value": stream.tags[k]} for k in keys[:limit]],
        "HasMoreTags": len(keys) > limit,
    }


def _tag_owner(ctx: RequestContext, arn: str) -> dict[str, str]:
    """The tag dict of the stream or consumer named by ``arn`` (mutated in place)."""
    backend = backend_of(ctx)
    if CONSUMER_ARN.fullmatch(arn):
        return backend.consumer(consumer_arn=arn)[1].tags
    if "/consumer/" in arn:
        raise InvalidArgumentException(f"Invalid ResourceARN {arn}.")  # [verify]
    return backend.stream(arn=arn).tags


@api.operation("TagResource")
def tag_resource(ctx: RequestContext, params: Params) -> Result:
    reject(params, "StreamId")
    arn = params["ResourceARN"]
    if CONSUMER_ARN.fullmatch(arn):
        _tag_owner(ctx, arn).update(params["Tags"])
    else:
        backend_of(ctx).stream(arn=arn).add_tags(dict(params["Tags"]))
    return {}


@api.operation("UntagResource")
def untag_resource(ctx: RequestContext, params: Params) -> Result:
    reject(params, "StreamId")
    tags = _tag_owner(ctx, params["ResourceARN"])
    for key in params["TagKeys"]:
        tags.pop(key, None)
    return {}


@api.operation("ListTagsForResource")
def list_tags_for_resource(ctx: RequestContext, params: Params) -> Result:
    reject(params, "StreamId")
    tags = _tag_owner(ctx, params["ResourceARN"])
    return {"Tags": [{"Key": k, "Value": tags[k]} for k in sorted(tags)]}
