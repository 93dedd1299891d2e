"""Kinesis Data Streams: an in-process engine and its boto3 API.

>>> from awscore.kinesis import Stream
>>> stream = Stream("orders", shard_count=4)
>>> stream.put_record(b"{}", "customer-1").shard_id
'shardId-000000000002'
"""

from __future__ import annotations

from .backend import KinesisBackend
from .consumers import Consumer, SubscribeToShardEvent, Subscription
from .enums import (
    ConsumerStatus,
    EncryptionType,
    MetricsName,
    ScalingType,
    ShardFilterType,
    ShardIteratorType,
    StreamMode,
    StreamStatus,
)
from .hashing import MAX_HASH, hash_key, uniform_ranges
from .reading import ChildShard, GetRecordsResult
from .shard import Record, Shard
from .stream import Stream
from .writing import PutResult

__all__ = [
    "Stream", "KinesisBackend", "Shard", "Record", "PutResult", "GetRecordsResult", "ChildShard",
    "Consumer", "Subscription", "SubscribeToShardEvent", "StreamMode", "StreamStatus", "ShardIteratorType",
    "ShardFilterType", "EncryptionType", "ConsumerStatus", "ScalingType", "MetricsName", "hash_key",
    "uniform_ranges", "MAX_HASH",
]
