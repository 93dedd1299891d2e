"""The data plane through boto3: puts, iterators, reads, shard ends."""

import pytest
from botocore.exceptions import ClientError

from .conftest import error_of

ACCOUNT = "123456789012"


@pytest.fixture
def s(kinesis):
    kinesis.create_stream(StreamName="s", ShardCount=2)
    return kinesis


def test_put_records_shape(s) -> None:
    out = s.put_records(StreamName="s", Records=[{"Data": b"a", "PartitionKey": "a"},
                                                 {"Data": "text", "PartitionKey": "b", "ExplicitHashKey": "0"}])
    assert out["FailedRecordCount"] == 0
    assert [set(r) for r in out["Records"]] == [{"SequenceNumber", "ShardId"}] * 2
    assert "EncryptionType" not in out
    assert out["Records"][1]["ShardId"] == "shardId-000000000000"


def test_round_trip_through_boto3(s) -> None:
    put = s.put_record(StreamName="s", Data=b"\x00\xffbin", PartitionKey="pk")
    it = s.get_shard_iterator(StreamName="s", ShardId=put["ShardId"], ShardIteratorType="AT_SEQUENCE_NUMBER",
                              StartingSequenceNumber=put["SequenceNumber"])["ShardIterator"]
    out = s.get_records(ShardIterator=it, Limit=10)
    rec = out["Records"][0]
    assert rec["Data"] == b"\x00\xffbin" and rec["PartitionKey"] == "pk"
    assert rec["SequenceNumber"] == put["SequenceNumber"]
    assert rec["ApproximateArrivalTimestamp"].tzinfo is not None
    assert out["MillisBehindLatest"] == 0 and out["NextShardIterator"] and "ChildShards" not in out


def test_oversized_record_message(s) -> None:
    with pytest.raises(ClientError) as e:
        s.put_records(StreamName="s", Records=[{"Data": b"x" * (1024 * 1024 + 1), "PartitionKey": "k"}])
    assert error_of(e) == ("ValidationException",
                           "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=1048577 "
                           "cap=1048577]' at 'records.1.member.data' failed to satisfy constraint: Member must have "
                           "length less than or equal to 1048576")


def test_errors_via_boto3(s) -> None:
    with pytest.raises(s.exceptions.InvalidArgumentException) as e:
        s.get_records(ShardIterator="bm90IGFuIGl0ZXJhdG9y")
    assert error_of(e) == ("InvalidArgumentException", "Invalid ShardIterator.")
    with pytest.raises(s.exceptions.ResourceNotFoundException) as e:
        s.get_shard_iterator(StreamName="missing", ShardId="shardId-000000000000", ShardIteratorType="LATEST")
    assert error_of(e)[1] == f"Shard shardId-000000000000 in stream missing under account {ACCOUNT} does not exist"
    with pytest.raises(s.exceptions.ResourceNotFoundException) as e:
        s.get_shard_iterator(StreamName="s", ShardId="shardId-000000000009", ShardIteratorType="LATEST")
    assert error_of(e)[1] == f"Shard shardId-000000000009 in stream s under account {ACCOUNT} does not exist"


def test_expired_iterator_via_boto3(s, cloud) -> None:
    it = s.get_shard_iterator(StreamName="s", ShardId="shardId-000000000000",
                              ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    cloud.clock.advance(301)
    with pytest.raises(s.exceptions.ExpiredIteratorException):
        s.get_records(ShardIterator=it)


def test_recreated_stream_keeps_iterators_of_shards_that_exist_again(s, cloud) -> None:
    """AWS (kinesalite's checked scenario): the deleted stream's iterators fail until it is re-created,
    then one naming a shard the new stream has reads it; one naming a missing shard still fails."""
    it0 = s.get_shard_iterator(StreamName="s", ShardId="shardId-000000000000",
                               ShardIteratorType="LATEST")["ShardIterator"]
    it1 = s.get_shard_iterator(StreamName="s", ShardId="shardId-000000000001",
                               ShardIteratorType="LATEST")["ShardIterator"]
    s.delete_stream(StreamName="s")
    cloud.clock.advance(1)
    for index, it in ((0, it0), (1, it1)):
        with pytest.raises(s.exceptions.ResourceNotFoundException) as e:
            s.get_records(ShardIterator=it)
        assert error_of(e)[1] == f"Shard shardId-00000000000{index} in stream s under account {ACCOUNT} does not exist"
    s.create_stream(StreamName="s", ShardCount=1)
    cloud.clock.advance(1)
    with pytest.raises(s.exceptions.ResourceNotFoundException) as e:
        s.get_records(ShardIterator=it1)
    assert error_of(e)[1] == f"Shard shardId-000000000001 in stream s under account {ACCOUNT} does not exist"
    out = s.get_records(ShardIterator=it0)
    assert out["Records"] == [] and out["NextShardIterator"]


def test_closed_shard_ends_with_child_shards(s) -> None:
    s.put_record(StreamName="s", Data=b"before", PartitionKey="k", ExplicitHashKey="0")
    s.split_shard(StreamName="s", ShardToSplit="shardId-000000000000", NewStartingHashKey=str(2**126))
    s.put_record(StreamName="s", Data=b"after", PartitionKey="k", ExplicitHashKey="0")
    it = s.get_shard_iterator(StreamName="s", ShardId="shardId-000000000000",
                              ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    out = s.get_records(ShardIterator=it)
    assert [r["Data"] for r in out["Records"]] == [b"before"]
    assert "NextShardIterator" not in out
    assert out["ChildShards"] == [
        {"ShardId": "shardId-000000000002", "ParentShards": ["shardId-000000000000"],
         "HashKeyRange": {"StartingHashKey": "0", "EndingHashKey": str(2**126 - 1)}},
        {"ShardId": "shardId-000000000003", "ParentShards": ["shardId-000000000000"],
         "HashKeyRange": {"StartingHashKey": str(2**126),
                          "EndingHashKey": "170141183460469231731687303715884105727"}},
    ]
    child = s.get_shard_iterator(StreamName="s", ShardId="shardId-000000000002",
                                 ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    assert [r["Data"] for r in s.get_records(ShardIterator=child)["Records"]] == [b"after"]
    parent = s.list_shards(StreamName="s")["Shards"][0]
    ending = int(parent["SequenceNumberRange"]["EndingSequenceNumber"])
    assert ending > int(parent["SequenceNumberRange"]["StartingSequenceNumber"])


def test_stream_arn_accepted_for_data_plane(s) -> None:
    arn = f"arn:aws:kinesis:us-east-1:{ACCOUNT}:stream/s"
    put = s.put_record(StreamARN=arn, Data=b"x", PartitionKey="k")
    it = s.get_shard_iterator(StreamARN=arn, ShardId=put["ShardId"], ShardIteratorType="TRIM_HORIZON")
    assert len(s.get_records(ShardIterator=it["ShardIterator"], StreamARN=arn)["Records"]) == 1
