"""Enhanced fan-out: consumers on the clock and SubscribeToShard event streams."""

import pytest
from botocore.exceptions import ClientError

from awscore.clock import ManualClock
from awscore.kinesis import Stream
from awscore.kinesis.errors import LimitExceededException, ResourceInUseException, ResourceNotFoundException

from .conftest import T0, error_of

ARN = "arn:aws:kinesis:us-east-1:123456789012:stream/s"


def test_register_describe_list_deregister(kinesis, cloud) -> None:
    kinesis.create_stream(StreamName="s", ShardCount=1)
    c = kinesis.register_stream_consumer(StreamARN=ARN, ConsumerName="app")["Consumer"]
    assert c["ConsumerStatus"] == "CREATING"
    assert c["ConsumerARN"] == f"{ARN}/consumer/app:{int(T0)}"
    d = kinesis.describe_stream_consumer(ConsumerARN=c["ConsumerARN"])["ConsumerDescription"]
    assert d["ConsumerStatus"] == "ACTIVE" and d["StreamARN"] == ARN
    assert kinesis.describe_stream_consumer(StreamARN=ARN, ConsumerName="app")["ConsumerDescription"] == d
    with pytest.raises(kinesis.exceptions.ResourceInUseException):
        kinesis.register_stream_consumer(StreamARN=ARN, ConsumerName="app")
    assert [x["ConsumerName"] for x in kinesis.list_stream_consumers(StreamARN=ARN)["Consumers"]] == ["app"]
    kinesis.deregister_stream_consumer(ConsumerARN=c["ConsumerARN"])
    with pytest.raises(kinesis.exceptions.ResourceNotFoundException):
        kinesis.describe_stream_consumer(ConsumerARN=c["ConsumerARN"])
    cloud.clock.advance(2)
    again = kinesis.register_stream_consumer(StreamARN=ARN, ConsumerName="app")["Consumer"]
    assert again["ConsumerARN"] != c["ConsumerARN"]
    with pytest.raises(kinesis.exceptions.ResourceNotFoundException):
        kinesis.describe_stream_consumer(ConsumerARN=c["ConsumerARN"])


def test_list_consumers_paginates(kinesis) -> None:
    kinesis.create_stream(StreamName="s", ShardCount=1)
    for i in range(5):
        kinesis.register_stream_consumer(StreamARN=ARN, ConsumerName=f"c{i}")
    page = kinesis.list_stream_consumers(StreamARN=ARN, MaxResults=2)
    rest = kinesis.list_stream_consumers(StreamARN=ARN, NextToken=page["NextToken"], MaxResults=10)
    assert [c["ConsumerName"] for c in page["Consumers"] + rest["Consumers"]] == [f"c{i}" for i in range(5)]
    assert "NextToken" not in rest


def test_consumer_limits(clock: ManualClock) -> None:
    s = Stream("s", shard_count=1, clock=clock, status_delay=1)
    for i in range(5):
        s.register_consumer(f"c{i}")
    with pytest.raises(LimitExceededException):
        s.register_consumer("c5")
    clock.advance(1)
    for i in range(5, 20):
        s.register_consumer(f"c{i}")
        if i % 5 == 4:
            clock.advance(1)
    with pytest.raises(LimitExceededException):
        s.register_consumer("c20")


def test_delete_stream_with_consumers(kinesis) -> None:
    kinesis.create_stream(StreamName="s", ShardCount=1)
    kinesis.register_stream_consumer(StreamARN=ARN, ConsumerName="app")
    with pytest.raises(ClientError) as e:
        kinesis.delete_stream(StreamName="s")
    assert error_of(e)[0] == "ResourceInUseException"
    kinesis.delete_stream(StreamName="s", EnforceConsumerDeletion=True)
    assert kinesis.list_streams()["StreamNames"] == []


def test_subscribe_through_boto3(kinesis, cloud) -> None:
    kinesis.create_stream(StreamName="s", ShardCount=1)
    for i in range(3):
        kinesis.put_record(StreamName="s", Data=b"%d" % i, PartitionKey="k")
    arn = kinesis.register_stream_consumer(StreamARN=ARN, ConsumerName="app")["Consumer"]["ConsumerARN"]
    resp = kinesis.subscribe_to_shard(ConsumerARN=arn, ShardId="shardId-000000000000",
                                      StartingPosition={"Type": "TRIM_HORIZON"})
    events = list(resp["EventStream"])
    assert len(events) == 1
    body = events[0]["SubscribeToShardEvent"]
    assert [r["Data"] for r in body["Records"]] == [b"0", b"1", b"2"]
    assert body["MillisBehindLatest"] == 0
    cont = body["ContinuationSequenceNumber"]
    assert cont == body["Records"][-1]["SequenceNumber"]
    kinesis.put_record(StreamName="s", Data=b"3", PartitionKey="k")
    again = kinesis.subscribe_to_shard(ConsumerARN=arn, ShardId="shardId-000000000000",
                                       StartingPosition={"Type": "AFTER_SEQUENCE_NUMBER", "SequenceNumber": cont})
    assert [r["Data"] for e in again["EventStream"] for r in e["SubscribeToShardEvent"]["Records"]] == [b"3"]


def test_subscription_reaches_shard_end(clock: ManualClock) -> None:
    s = Stream("s", shard_count=1, clock=clock)
    s.put_record(b"a", "k")
    s.register_consumer("app")
    s.split_shard("shardId-000000000000", 2**127)
    events = list(s.subscribe_to_shard("app", "shardId-000000000000", "TRIM_HORIZON"))
    assert [r.data for r in events[0].records] == [b"a"]
    assert events[-1].continuation is None
    assert [c.shard_id for c in events[-1].child_shards] == ["shardId-000000000001", "shardId-000000000002"]


def test_live_subscription_and_five_minute_lifetime(clock: ManualClock) -> None:
    s = Stream("s", shard_count=1, clock=clock)
    s.register_consumer("app")
    sub = s.subscribe_to_shard("app", "shardId-000000000000", "LATEST", live=True)
    assert next(sub).records == []
    s.put_record(b"later", "k")
    assert [r.data for r in next(sub).records] == [b"later"]
    clock.advance(300)
    with pytest.raises(StopIteration):
        next(sub)


def test_two_consumers_read_independently(clock: ManualClock) -> None:
    s = Stream("s", shard_count=1, clock=clock)
    s.register_consumer("a")
    s.register_consumer("b")
    s.put_records([(b"1", "k"), (b"2", "k")])
    a = [r.data for e in s.subscribe_to_shard("a", "shardId-000000000000", "TRIM_HORIZON") for r in e.records]
    b = [r.data for e in s.subscribe_to_shard("b", "shardId-000000000000", "TRIM_HORIZON") for r in e.records]
    assert a == b == [b"1", b"2"]


def test_subscribe_errors(clock: ManualClock) -> None:
    s = Stream("s", shard_count=1, clock=clock, status_delay=2)
    clock.advance(2)
    s.register_consumer("app")
    with pytest.raises(ResourceInUseException):
        s.subscribe_to_shard("app", "shardId-000000000000", "LATEST")
    clock.advance(2)
    live = s.subscribe_to_shard("app", "shardId-000000000000", "LATEST", live=True)
    with pytest.raises(ResourceInUseException):
        s.subscribe_to_shard("app", "shardId-000000000000", "LATEST")
    clock.advance(5)
    s.subscribe_to_shard("app", "shardId-000000000000", "LATEST")
    with pytest.raises(StopIteration):  # taken over by the newer subscription
        next(live)
    with pytest.raises(ResourceNotFoundException):
        s.subscribe_to_shard("nobody", "shardId-000000000000", "LATEST")
    with pytest.raises(ResourceNotFoundException):
        s.subscribe_to_shard("app", "shardId-000000000042", "LATEST")
