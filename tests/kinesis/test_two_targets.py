"""The same boto3 scenarios against awscore and (optionally) moto, known differences marked.

The default run needs only awscore; the moto leg runs when moto is installed.
"""

from collections.abc import Iterator
from contextlib import contextmanager

import boto3
import pytest

from awscore import Cloud
from awscore.clock import ManualClock
from awscore.mock import mock_aws


@contextmanager
def target(name: str) -> Iterator[None]:
    if name == "awscore":
        with mock_aws(cloud=Cloud(clock=ManualClock(1_700_000_000))):
            yield
    else:
        moto = pytest.importorskip("moto")
        with moto.mock_aws():
            yield


TARGETS = ["awscore", "moto"]


@pytest.mark.parametrize("name", TARGETS)
def test_put_then_read_in_order(name: str) -> None:
    with target(name):
        k = boto3.client("kinesis", region_name="us-east-1")
        k.create_stream(StreamName="s", ShardCount=3)
        puts = [k.put_record(StreamName="s", Data=b"%d" % i, PartitionKey="a") for i in range(5)]
        assert {p["ShardId"] for p in puts} == {"shardId-000000000000"}  # MD5("a") is in the first third
        it = k.get_shard_iterator(StreamName="s", ShardId="shardId-000000000000",
                                  ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        out = k.get_records(ShardIterator=it)
        assert [r["Data"] for r in out["Records"]] == [b"%d" % i for i in range(5)]
        assert [r["SequenceNumber"] for r in out["Records"]] == [p["SequenceNumber"] for p in puts]


@pytest.mark.parametrize("name", TARGETS)
def test_sequence_numbers_have_aws_shape(name: str) -> None:
    if name == "moto":
        pytest.xfail("moto numbers sequence numbers 1, 2, 3...; AWS's have 56 digits")
    with target(name):
        k = boto3.client("kinesis", region_name="us-east-1")
        k.create_stream(StreamName="s", ShardCount=1)
        assert len(k.put_record(StreamName="s", Data=b"x", PartitionKey="k")["SequenceNumber"]) == 56


@pytest.mark.parametrize("name", TARGETS)
def test_split_gives_children_with_lineage(name: str) -> None:
    with target(name):
        k = boto3.client("kinesis", region_name="us-east-1")
        k.create_stream(StreamName="s", ShardCount=1)
        k.split_shard(StreamName="s", ShardToSplit="shardId-000000000000", NewStartingHashKey=str(2**127))
        shards = k.list_shards(StreamName="s")["Shards"]
        assert [s["ShardId"] for s in shards] == [f"shardId-00000000000{i}" for i in range(3)]
        assert [s.get("ParentShardId") for s in shards] == [None, "shardId-000000000000", "shardId-000000000000"]
        assert "EndingSequenceNumber" in shards[0]["SequenceNumberRange"]


@pytest.mark.parametrize("name", TARGETS)
def test_consumer_arn_has_creation_suffix(name: str) -> None:
    if name == "moto":
        pytest.xfail("moto's consumer ARNs lack the ':<creation epoch>' suffix AWS's pattern requires")
    with target(name):
        k = boto3.client("kinesis", region_name="us-east-1")
        k.create_stream(StreamName="s", ShardCount=1)
        arn = k.describe_stream_summary(StreamName="s")["StreamDescriptionSummary"]["StreamARN"]
        consumer = k.register_stream_consumer(StreamARN=arn, ConsumerName="c")["Consumer"]
        assert consumer["ConsumerARN"].rsplit(":", 1)[1].isdigit()
