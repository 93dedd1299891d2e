"""Data-plane handlers: PutRecord(s), GetShardIterator, GetRecords, and resharding."""

from __future__ import annotations

from typing import Any

from ..core.registry import RequestContext
from .api import api, backend_of, child_wire, record_wire, reject, stream_of
from .enums import EncryptionType
from .errors import ResourceNotFoundException, shard_not_found
from .shard import parse_shard_index
from .state import StreamBase
from .stream import Stream

Params = dict[str, Any]
Result = dict[str, Any]


@api.operation("PutRecord")
def put_record(ctx: RequestContext, params: Params) -> Result:
    stream = stream_of(ctx, params)
    result = stream.put_record(params["Data"], params.get("PartitionKey"),  # type: ignore[arg-type]
                               params.get("ExplicitHashKey"), params.get("SequenceNumberForOrdering"))
    out: Result = {"ShardId": result.shard_id, "SequenceNumber": str(result.sequence_number)}
    if stream.encryption is EncryptionType.KMS:
        out["EncryptionType"] = "KMS"
    return out


@api.operation("PutRecords")
def put_records(ctx: RequestContext, params: Params) -> Result:
    stream = stream_of(ctx, params)
    entries = [(r["Data"], r.get("PartitionKey"), r.get("ExplicitHashKey")) for r in params["Records"]]
    results = stream.put_records(entries)
    records: list[dict[str, Any]] = []
    failed = 0
    append = records.append
    for shard_id, seq, code, message in results:
        if code is None:
            append({"SequenceNumber": str(seq), "ShardId": shard_id})
        else:
            failed += 1
            append({"ErrorCode": code, "ErrorMessage": message})
    out: Result = {"FailedRecordCount": failed, "Records": records}
    if stream.encryption is EncryptionType.KMS:
        out["EncryptionType"] = "KMS"
    return out


@api.operation("GetShardIterator")
def get_shard_iterator(ctx: RequestContext, params: Params) -> Result:
    reject(params, "StreamId")
    backend = backend_of(ctx)
    try:
        stream = backend.stream(params.get("StreamName"), params.get("StreamARN"))
    except LookupError:
        name = params.get("StreamName") or str(params.get("StreamARN", "")).rsplit("/", 1)[-1]
        shard_id = params["ShardId"]
        if parse_shard_index(shard_id) is None:
            raise ResourceNotFoundException(
                f"Could not find shard {shard_id} in stream {name} under account {ctx.account}.") from None
        raise shard_not_found(StreamBase._display_id(shard_id), name, ctx.account) from None
    iterator = stream.get_shard_iterator(params["ShardId"], params["ShardIteratorType"],
                                         params.get("StartingSequenceNumber"), params.get("Timestamp"))
    return {"ShardIterator": iterator}


@api.operation("GetRecords")
def get_records(ctx: RequestContext, params: Params) -> Result:
    reject(params, "StreamId", "DryRun")
    result = backend_of(ctx).get_records(params["ShardIterator"], params.get("Limit"))
    out: Result = {"Records": [record_wire(r) for r in result.records],
                   "MillisBehindLatest": result.millis_behind_latest}
    if result.next_iterator is not None:
        out["NextShardIterator"] = result.next_iterator
    if result.child_shards is not None:
        out["ChildShards"] = [child_wire(c) for c in result.child_shards]
    return out


def _resharded_stream(ctx: RequestContext, params: Params, *shard_members: str) -> Stream:
    """The stream of a SplitShard/MergeShards call. For an unknown stream AWS first rejects a
    shard id it cannot parse (``Could not find shard <id> ...``), then reports the stream."""
    try:
        return stream_of(ctx, params)
    except LookupError:
        name = params.get("StreamName") or str(params.get("StreamARN", "")).rsplit("/", 1)[-1]
        for member in shard_members:
            shard_id = params.get(member)
            if isinstance(shard_id, str) and parse_shard_index(shard_id) is None:
                raise ResourceNotFoundException(
                    f"Could not find shard {shard_id} in stream {name} under account {ctx.account}.") from None
        raise


@api.operation("SplitShard")
def split_shard(ctx: RequestContext, params: Params) -> Result:
    _resharded_stream(ctx, params, "ShardToSplit").split_shard(params["ShardToSplit"], params["NewStartingHashKey"])
    return {}


@api.operation("MergeShards")
def merge_shards(ctx: RequestContext, params: Params) -> Result:
    stream = _resharded_stream(ctx, params, "ShardToMerge", "AdjacentShardToMerge")
    stream.merge_shards(params["ShardToMerge"], params["AdjacentShardToMerge"])
    return {}


@api.operation("UpdateShardCount")
def update_shard_count(ctx: RequestContext, params: Params) -> Result:
    stream = stream_of(ctx, params)
    current = stream.update_shard_count(params["TargetShardCount"], params["ScalingType"])
    return {"StreamName": stream.name, "CurrentShardCount": current,
            "TargetShardCount": params["TargetShardCount"], "StreamARN": stream.arn}
