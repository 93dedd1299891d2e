"""Control-plane handlers: streams, shards listing, retention, tags, encryption, monitoring, modes."""

from __future__ import annotations

from typing import Any

from ..core.registry import RequestContext
from .api import api, backend_of, reject, seconds, shard_wire, stream_of
from .enums import ShardFilterType, StreamMode, StreamStatus
from .errors import ExpiredNextTokenException, InvalidArgumentException, stream_not_found
from .iterators import ITERATOR_TTL, decode_token, encode_token
from .reading import epoch_of
from .stream import Stream

Params = dict[str, Any]
Result = dict[str, Any]


@api.operation("CreateStream")
def create_stream(ctx: RequestContext, params: Params) -> Result:
    reject(params, "WarmThroughputMiBps", "RecordDistributionStrategy")
    mode = (params.get("StreamModeDetails") or {}).get("StreamMode")
    backend_of(ctx).create_stream(
        params["StreamName"], params.get("ShardCount"), mode=mode, tags=dict(params.get("Tags") or {}),
        max_record_size_kib=params.get("MaxRecordSizeInKiB") or 1024)
    return {}


@api.operation("DeleteStream")
def delete_stream(ctx: RequestContext, params: Params) -> Result:
    stream = stream_of(ctx, params)
    backend_of(ctx).delete_stream(stream, bool(params.get("EnforceConsumerDeletion")))
    return {}


def _monitoring(stream: Stream) -> list[dict[str, Any]]:
    return [{"ShardLevelMetrics": [m.value for m in stream.shard_level_metrics]}]


def _common(stream: Stream, status: StreamStatus) -> Result:
    out: Result = {
        "StreamName": stream.name,
        "StreamARN": stream.arn,
        "StreamStatus": status.value,
        "StreamModeDetails": {"StreamMode": stream.mode.value},
        "RetentionPeriodHours": stream.retention_hours,
        "StreamCreationTimestamp": seconds(stream.created_at),
        "EnhancedMonitoring": _monitoring(stream),
        "EncryptionType": stream.encryption.value,
    }
    if stream.key_id is not None:
        out["KeyId"] = stream.key_id
    return out


@api.operation("DescribeStream")
def describe_stream(ctx: RequestContext, params: Params) -> Result:
    stream = stream_of(ctx, params)
    status = stream.status
    limit = min(params.get("Limit") or 100, 100)
    shards = [] if status in (StreamStatus.CREATING, StreamStatus.DELETING) else stream.list_shards(
        exclusive_start_shard_id=params.get("ExclusiveStartShardId"))
    out = _common(stream, status)
    out["Shards"] = [shard_wire(s) for s in shards[:limit]]
    out["HasMoreShards"] = len(shards) > limit
    return {"StreamDescription": out}


@api.operation("DescribeStreamSummary")
def describe_stream_summary(ctx: RequestContext, params: Params) -> Result:
    stream = stream_of(ctx, params)
    out = _common(stream, stream.status)
    out["OpenShardCount"] = len(stream.open_shards())
    out["ConsumerCount"] = len(stream.list_consumers())
    out["MaxRecordSizeInKiB"] = stream.max_record_size_kib
    return {"StreamDescriptionSummary": out}


@api.operation("ListStreams")
def list_streams(ctx: RequestContext, params: Params) -> Result:
    backend = backend_of(ctx)
    limit = min(params.get("Limit") or 100, 100)
    after = params.get("ExclusiveStartStreamName")
    token = params.get("NextToken")
    if token is not None:
        data = _token("streams", token, ctx)
        after = data["after"]
    streams = [s for s in backend.streams() if after is None or s.name > after]
    page, more = streams[:limit], len(streams) > limit
    out: Result = {
        "StreamNames": [s.name for s in page],
        "HasMoreStreams": more,
        "StreamSummaries": [{
            "StreamName": s.name, "StreamARN": s.arn, "StreamStatus": s.status.value,
            "StreamModeDetails": {"StreamMode": s.mode.value}, "StreamCreationTimestamp": seconds(s.created_at),
        } for s in page],
    }
    if more:
        out["NextToken"] = encode_token("streams", ctx.clock.now_ms(), after=page[-1].name)  # type: ignore[attr-defined]
    return out


def _token(kind: str, text: str, ctx: RequestContext) -> dict[str, Any]:
    data = decode_token(kind, text)
    if data is None:
        raise InvalidArgumentException(f"Invalid NextToken {text}.")  # [verify]
    if ctx.clock.now() * 1000 - data["t"] > ITERATOR_TTL * 1000:
        raise ExpiredNextTokenException("The NextToken has expired.")  # [verify]
    return data


#: members ListShards refuses alongside a NextToken, in the order AWS reports them
_TOKEN_EXCLUSIVE = ("StreamName", "StreamARN", "ExclusiveStartShardId", "StreamCreationTimestamp", "ShardFilter")


@api.operation("ListShards")
def list_shards(ctx: RequestContext, params: Params) -> Result:
    reject(params, "StreamId")
    token = params.get("NextToken")
    named = params.get("StreamName") is not None or params.get("StreamARN") is not None
    if token is not None:
        # AWS names the first conflicting member (boto3's list_shards paginator with a
        # StreamName therefore fails on its second page against AWS too)
        for member in _TOKEN_EXCLUSIVE:
            if params.get(member) is not None:
                raise InvalidArgumentException(f"NextToken and {member} cannot be provided together.")
    if token is None and not named:
        raise InvalidArgumentException("Either NextToken or StreamName should be provided.")
    limit = min(params.get("MaxResults") or 1000, 1000)
    if token is not None:
        data = _token("shards", token, ctx)
        try:
            stream = backend_of(ctx).stream(data["stream"])
        except LookupError:
            raise stream_not_found(data["stream"], ctx.account) from None
        if stream.incarnation != data["inc"]:
            raise stream_not_found(data["stream"], ctx.account)
        flt, after = data["filter"], data["after"]
    else:
        stream = stream_of(ctx, params)
        created = params.get("StreamCreationTimestamp")
        if created is not None and int(epoch_of(created)) != int(stream.created_at):
            raise stream_not_found(stream.name, ctx.account)
        flt = dict(params.get("ShardFilter") or {})
        if "Timestamp" in flt:
            flt["Timestamp"] = epoch_of(flt["Timestamp"])
        after = params.get("ExclusiveStartShardId")
    shards = stream.list_shards(
        ShardFilterType(flt["Type"]) if flt else None, shard_id=flt.get("ShardId"),
        timestamp=flt.get("Timestamp"), exclusive_start_shard_id=after)
    page = shards[:limit]
    out: Result = {"Shards": [shard_wire(s) for s in page]}
    if len(shards) > limit:
        out["NextToken"] = encode_token(
            "shards", ctx.clock.now_ms(), stream=stream.name, inc=stream.incarnation,  # type: ignore[attr-defined]
            filter=flt, after=page[-1].shard_id)
    return out


@api.operation("DescribeLimits")
def describe_limits(ctx: RequestContext, params: Params) -> Result:
    backend = backend_of(ctx)
    return {
        "ShardLimit": backend.shard_limit,
        "OpenShardCount": backend.open_shard_count(),
        "OnDemandStreamCount": sum(1 for s in backend.streams() if s.mode is StreamMode.ON_DEMAND),
        "OnDemandStreamCountLimit": 50,
    }


@api.operation("IncreaseStreamRetentionPeriod")
def increase_retention(ctx: RequestContext, params: Params) -> Result:
    stream_of(ctx, params).increase_retention(params["RetentionPeriodHours"])
    return {}


@api.operation("DecreaseStreamRetentionPeriod")
def decrease_retention(ctx: RequestContext, params: Params) -> Result:
    stream_of(ctx, params).decrease_retention(params["RetentionPeriodHours"])
    return {}


@api.operation("StartStreamEncryption")
def start_encryption(ctx: RequestContext, params: Params) -> Result:
    stream_of(ctx, params).start_encryption(params["KeyId"], params["EncryptionType"])
    return {}


@api.operation("StopStreamEncryption")
def stop_encryption(ctx: RequestContext, params: Params) -> Result:
    stream_of(ctx, params).stop_encryption(params["KeyId"], params["EncryptionType"])
    return {}


def _monitoring_result(stream: Stream, pair: tuple[list[Any], list[Any]]) -> Result:
    return {"StreamName": stream.name, "StreamARN": stream.arn,
            "CurrentShardLevelMetrics": [m.value for m in pair[0]],
            "DesiredShardLevelMetrics": [m.value for m in pair[1]]}


@api.operation("EnableEnhancedMonitoring")
def enable_monitoring(ctx: RequestContext, params: Params) -> Result:
    stream = stream_of(ctx, params)
    return _monitoring_result(stream, stream.enable_monitoring(params["ShardLevelMetrics"]))


@api.operation("DisableEnhancedMonitoring")
def disable_monitoring(ctx: RequestContext, params: Params) -> Result:
    stream = stream_of(ctx, params)
    return _monitoring_result(stream, stream.disable_monitoring(params["ShardLevelMetrics"]))


@api.operation("UpdateStreamMode")
def update_stream_mode(ctx: RequestContext, params: Params) -> Result:
    reject(params, "WarmThroughputMiBps")
    backend_of(ctx).stream(arn=params["StreamARN"]).update_mode(params["StreamModeDetails"]["StreamMode"])
    return {}


@api.operation("UpdateMaxRecordSize")
def update_max_record_size(ctx: RequestContext, params: Params) -> Result:
    stream_of(ctx, params).set_max_record_size(params["MaxRecordSizeInKiB"])
    return {}
