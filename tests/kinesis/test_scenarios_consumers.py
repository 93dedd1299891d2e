"""Scenarios through boto3 asserting what real Kinesis returns for enhanced fan-out (sheet section 2.10)."""

import re
from datetime import UTC, datetime

import pytest
from botocore.exceptions import ClientError

from .conftest import T0, error_of

ACCOUNT = "123456789012"
STREAM_ARN = f"arn:aws:kinesis:us-east-1:{ACCOUNT}:stream/s"
SHARD0 = "shardId-000000000000"


@pytest.fixture
def s(kinesis):  # noqa: ANN201 - a botocore client
    kinesis.create_stream(StreamName="s", ShardCount=1)
    return kinesis


def register(kinesis, name: str = "c") -> dict:
    return kinesis.register_stream_consumer(StreamARN=STREAM_ARN, ConsumerName=name)["Consumer"]


def test_register_describe_list_deregister(s, cloud) -> None:
    cloud.backend("kinesis").stream("s").status_delay = 3
    consumer = register(s)
    assert set(consumer) == {"ConsumerName", "ConsumerARN", "ConsumerStatus", "ConsumerCreationTimestamp"}
    assert consumer["ConsumerARN"] == f"{STREAM_ARN}/consumer/c:{int(T0)}"
    assert re.fullmatch(r"arn:aws.*:kinesis:.*:\d{12}:.*stream/\S+/consumer/\S+:\d+", consumer["ConsumerARN"])
    assert consumer["ConsumerStatus"] == "CREATING"
    assert consumer["ConsumerCreationTimestamp"] == datetime.fromtimestamp(T0, UTC)
    described = s.describe_stream_consumer(ConsumerARN=consumer["ConsumerARN"])["ConsumerDescription"]
    assert described == {**consumer, "StreamARN": STREAM_ARN}
    cloud.clock.advance(3)
    by_name = s.describe_stream_consumer(StreamARN=STREAM_ARN, ConsumerName="c")["ConsumerDescription"]
    assert by_name["ConsumerStatus"] == "ACTIVE"
    listed = s.list_stream_consumers(StreamARN=STREAM_ARN)["Consumers"]
    assert listed == [{**consumer, "ConsumerStatus": "ACTIVE"}]
    assert s.describe_stream_summary(StreamName="s")["StreamDescriptionSummary"]["ConsumerCount"] == 1
    s.deregister_stream_consumer(ConsumerARN=consumer["ConsumerARN"])
    assert s.describe_stream_consumer(ConsumerARN=consumer["ConsumerARN"])[
        "ConsumerDescription"]["ConsumerStatus"] == "DELETING"
    cloud.clock.advance(3)
    with pytest.raises(s.exceptions.ResourceNotFoundException):
        s.describe_stream_consumer(ConsumerARN=consumer["ConsumerARN"])
    again = register(s)
    assert again["ConsumerARN"] == f"{STREAM_ARN}/consumer/c:{int(T0) + 6}"  # a new ARN for the same name


def test_register_errors(s, cloud) -> None:
    register(s)
    with pytest.raises(s.exceptions.ResourceInUseException):
        register(s)
    for i in range(19):
        register(s, f"c{i}")
    with pytest.raises(s.exceptions.LimitExceededException):
        register(s, "one-too-many")
    with pytest.raises(s.exceptions.ResourceNotFoundException) as e:
        s.register_stream_consumer(StreamARN=STREAM_ARN.replace("/s", "/nope"), ConsumerName="c")
    assert error_of(e)[1] == f"Stream nope under account {ACCOUNT} not found."


def test_five_consumers_creating_at_once(s, cloud) -> None:
    cloud.backend("kinesis").stream("s").status_delay = 10
    for i in range(5):
        register(s, f"c{i}")
    with pytest.raises(s.exceptions.LimitExceededException):
        register(s, "sixth")
    cloud.clock.advance(10)
    register(s, "sixth")


def test_list_stream_consumers_pages(s, cloud) -> None:
    for i in range(5):
        cloud.clock.advance(1)
        register(s, f"c{i}")
    page = s.list_stream_consumers(StreamARN=STREAM_ARN, MaxResults=2)
    assert [c["ConsumerName"] for c in page["Consumers"]] == ["c0", "c1"] and "NextToken" in page
    pages = list(s.get_paginator("list_stream_consumers").paginate(StreamARN=STREAM_ARN,
                                                                   PaginationConfig={"PageSize": 2}))
    assert [[c["ConsumerName"] for c in p["Consumers"]] for p in pages] == [["c0", "c1"], ["c2", "c3"], ["c4"]]
    assert "NextToken" not in pages[-1]


def test_consumer_tags(s) -> None:
    arn = register(s)["ConsumerARN"]
    s.tag_resource(ResourceARN=arn, Tags={"team": "data"})
    assert s.list_tags_for_resource(ResourceARN=arn)["Tags"] == [{"Key": "team", "Value": "data"}]
    s.untag_resource(ResourceARN=arn, TagKeys=["team"])
    assert s.list_tags_for_resource(ResourceARN=arn)["Tags"] == []


# -- SubscribeToShard --------------------------------------------------------------------------


def events(response) -> list[dict]:
    return list(response["EventStream"])


def test_subscribe_event_shape(s) -> None:
    arn = register(s)["ConsumerARN"]
    sent = [s.put_record(StreamName="s", Data=f"r{i}".encode(), PartitionKey="k")["SequenceNumber"] for i in range(3)]
    response = s.subscribe_to_shard(ConsumerARN=arn, ShardId=SHARD0, StartingPosition={"Type": "TRIM_HORIZON"})
    assert response["EventStream"].get_initial_response() == {}
    got = events(response)
    assert got and all(set(e) == {"SubscribeToShardEvent"} for e in got)
    body = got[0]["SubscribeToShardEvent"]
    assert set(body) == {"Records", "ContinuationSequenceNumber", "MillisBehindLatest"}
    assert [r["SequenceNumber"] for r in body["Records"]] == sent
    assert body["ContinuationSequenceNumber"] == sent[-1] and body["MillisBehindLatest"] == 0
    record = body["Records"][0]
    assert set(record) == {"SequenceNumber", "ApproximateArrivalTimestamp", "Data", "PartitionKey"}
    assert record["Data"] == b"r0" and record["ApproximateArrivalTimestamp"].tzinfo is not None


def test_subscribe_at_and_after_sequence_number(s, cloud) -> None:
    arn = register(s)["ConsumerARN"]
    seqs = [s.put_record(StreamName="s", Data=f"r{i}".encode(), PartitionKey="k")["SequenceNumber"] for i in range(3)]
    cloud.clock.advance(6)
    after = events(s.subscribe_to_shard(ConsumerARN=arn, ShardId=SHARD0, StartingPosition={
        "Type": "AFTER_SEQUENCE_NUMBER", "SequenceNumber": seqs[0]}))
    assert [r["Data"] for e in after for r in e["SubscribeToShardEvent"]["Records"]] == [b"r1", b"r2"]


def test_subscribe_at_shard_end(s) -> None:
    arn = register(s)["ConsumerARN"]
    s.put_record(StreamName="s", Data=b"x", PartitionKey="k")
    s.split_shard(StreamName="s", ShardToSplit=SHARD0, NewStartingHashKey=str(2**127))
    got = events(s.subscribe_to_shard(ConsumerARN=arn, ShardId=SHARD0, StartingPosition={"Type": "TRIM_HORIZON"}))
    last = got[-1]["SubscribeToShardEvent"]
    assert "ContinuationSequenceNumber" not in last
    assert [c["ShardId"] for c in last["ChildShards"]] == ["shardId-000000000001", "shardId-000000000002"]
    assert all(c["ParentShards"] == [SHARD0] for c in last["ChildShards"])
    assert all("ChildShards" not in e["SubscribeToShardEvent"] for e in got[:-1])


def test_subscribe_errors(s, cloud) -> None:
    cloud.backend("kinesis").stream("s").status_delay = 2
    consumer = register(s)
    with pytest.raises(s.exceptions.ResourceInUseException) as e:
        s.subscribe_to_shard(ConsumerARN=consumer["ConsumerARN"], ShardId=SHARD0,
                             StartingPosition={"Type": "LATEST"})
    assert error_of(e)[1] == (f"Consumer c with creation timestamp {int(T0)} under stream: s , account {ACCOUNT} "
                              "is not in ACTIVE status.")
    cloud.clock.advance(2)
    arn = consumer["ConsumerARN"]
    first = s.subscribe_to_shard(ConsumerARN=arn, ShardId=SHARD0, StartingPosition={"Type": "LATEST"})
    with pytest.raises(s.exceptions.ResourceInUseException) as e:
        s.subscribe_to_shard(ConsumerARN=arn, ShardId=SHARD0, StartingPosition={"Type": "LATEST"})
    assert error_of(e)[1].startswith("Another active subscription exists for this consumer")
    cloud.clock.advance(5)
    s.subscribe_to_shard(ConsumerARN=arn, ShardId=SHARD0, StartingPosition={"Type": "LATEST"})  # takes over
    assert events(first) == []  # the older subscription has ended
    with pytest.raises(s.exceptions.ResourceNotFoundException):
        s.subscribe_to_shard(ConsumerARN=arn, ShardId="shardId-000000000009", StartingPosition={"Type": "LATEST"})
    with pytest.raises(ClientError) as e:
        s.subscribe_to_shard(ConsumerARN=arn + "0", ShardId=SHARD0, StartingPosition={"Type": "LATEST"})
    assert error_of(e)[0] == "ResourceNotFoundException"


def test_subscription_ends_after_five_minutes(s, cloud) -> None:
    arn = register(s)["ConsumerARN"]
    response = s.subscribe_to_shard(ConsumerARN=arn, ShardId=SHARD0, StartingPosition={"Type": "LATEST"})
    cloud.clock.advance(300)
    assert events(response) == []
