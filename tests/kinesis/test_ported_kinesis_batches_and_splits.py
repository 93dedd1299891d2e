"""PutRecords and SplitShard scenarios ported (in our own words) from kinesalite's AWS-checked tests."""

from __future__ import annotations

import re

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from awscore.kinesis import seqnum

ACCOUNT = "123456789012"
THIRD = 2**128 // 3
MAX = 2**128 - 1
HASH_PATTERN = "Member must satisfy regular expression pattern: 0|([1-9]\\d{0,38})"


def raw_client():  # noqa: ANN201 - a botocore client
    return boto3.client("kinesis", region_name="us-east-1",
                        config=Config(parameter_validation=False, retries={"max_attempts": 0}))


def fail(call, **params) -> tuple[str, str]:  # noqa: ANN001
    with pytest.raises(ClientError) as exc:
        call(**params)
    return exc.value.response["Error"]["Code"], exc.value.response["Error"]["Message"]


def violations(message: str) -> tuple[int, set[str]]:
    head, _, rest = message.partition(": ")
    return int(head.split()[0]), set(rest.split("; "))


EMPTY_NAME = {
    "Value '' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: "
    "[a-zA-Z0-9_.-]+",
    "Value '' at 'streamName' failed to satisfy constraint: Member must have length greater than or equal to 1",
}


@pytest.fixture
def kin(aws):  # noqa: ANN001, ANN201
    client = raw_client()
    client.create_stream(StreamName="t", ShardCount=3)
    return client


# ---- PutRecords ---------------------------------------------------------------------------------

def test_put_records_empty_name_and_batch(aws) -> None:
    code, msg = fail(raw_client().put_records, StreamName="", Records=[])
    assert code == "ValidationException"
    assert violations(msg) == (3, EMPTY_NAME | {
        "Value '[]' at 'records' failed to satisfy constraint: Member must have length greater than or equal to 1"})


def test_put_records_empty_entry_members(aws) -> None:
    code, msg = fail(raw_client().put_records, StreamName="",
                     Records=[{"PartitionKey": "", "Data": b"", "ExplicitHashKey": ""}])
    assert code == "ValidationException"
    assert violations(msg) == (4, EMPTY_NAME | {
        "Value '' at 'records.1.member.partitionKey' failed to satisfy constraint: "
        "Member must have length greater than or equal to 1",
        f"Value '' at 'records.1.member.explicitHashKey' failed to satisfy constraint: {HASH_PATTERN}",
    })


def test_put_records_long_members(aws) -> None:
    name, key = "a" * 129, "k" * 257
    code, msg = fail(raw_client().put_records, StreamName=name,
                     Records=[{"PartitionKey": key, "Data": b"", "ExplicitHashKey": ""}])
    assert violations(msg) == (3, {
        f"Value '{key}' at 'records.1.member.partitionKey' failed to satisfy constraint: "
        "Member must have length less than or equal to 256",
        f"Value '' at 'records.1.member.explicitHashKey' failed to satisfy constraint: {HASH_PATTERN}",
        f"Value '{name}' at 'streamName' failed to satisfy constraint: Member must have length less than or equal "
        "to 128",
    })


def test_put_records_lists_at_most_ten_violations(aws) -> None:
    code, msg = fail(raw_client().put_records, StreamName="", Records=[{"PartitionKey": "", "Data": b""}] * 501)
    assert code == "ValidationException"
    assert msg.startswith("10 validation errors detected: Value '[")
    paths = re.findall(r"' at '([^']*)' failed", msg)
    assert paths == ["records"] + [f"records.{i}.member.partitionKey" for i in range(1, 10)]
    assert "at 'records' failed to satisfy constraint: Member must have length less than or equal to 500" in msg


def test_put_records_unknown_stream(aws) -> None:
    assert fail(raw_client().put_records, StreamName="nope", Records=[{"PartitionKey": "a", "Data": b""}]) == (
        "ResourceNotFoundException", f"Stream nope under account {ACCOUNT} not found.")


def test_put_records_hash_key_out_of_range_fails_the_batch(kin) -> None:
    key = str(2**128)
    assert fail(kin.put_records, StreamName="t",
                Records=[{"PartitionKey": "a", "Data": b"", "ExplicitHashKey": key},
                         {"PartitionKey": "a", "Data": b""}]) == (
        "InvalidArgumentException",
        f"Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was {key}")
    assert kin.get_records(ShardIterator=kin.get_shard_iterator(
        StreamName="t", ShardId="shardId-0", ShardIteratorType="TRIM_HORIZON")["ShardIterator"])["Records"] == []


def test_put_records_mixed_keys_route_to_their_shards(kin) -> None:
    records = [{"PartitionKey": k, "Data": b""} for k in "abef"]
    records += [{"PartitionKey": "a", "Data": b"", "ExplicitHashKey": str(h)} for h in (MAX, 2 * THIRD - 1, 2 * THIRD)]
    out = kin.put_records(StreamName="t", Records=records)
    assert out["FailedRecordCount"] == 0 and len(out["Records"]) == 7
    assert [r["ShardId"][-1] for r in out["Records"]] == list("0121212")
    for r in out["Records"]:
        assert len(r["SequenceNumber"]) == 56
        assert seqnum.decode(int(r["SequenceNumber"])).shard_index == int(r["ShardId"][-1])


# ---- SplitShard ---------------------------------------------------------------------------------

def test_split_shard_validation(aws) -> None:
    code, msg = fail(raw_client().split_shard, StreamName="", ShardToSplit="", NewStartingHashKey="")
    assert code == "ValidationException"
    assert violations(msg) == (5, EMPTY_NAME | {
        f"Value '' at 'newStartingHashKey' failed to satisfy constraint: {HASH_PATTERN}",
        "Value '' at 'shardToSplit' failed to satisfy constraint: Member must satisfy regular expression pattern: "
        "[a-zA-Z0-9_.-]+",
        "Value '' at 'shardToSplit' failed to satisfy constraint: Member must have length greater than or equal to 1",
    })


@pytest.mark.parametrize(("shard_id", "message"), [
    ("2147483647", "Stream nope under account {a} not found."),
    ("abc-2147483647", "Stream nope under account {a} not found."),
    ("-00002147483647", "Stream nope under account {a} not found."),
    ("2147483648", "Could not find shard 2147483648 in stream nope under account {a}."),
    ("shardId-002147483648", "Could not find shard shardId-002147483648 in stream nope under account {a}."),
    ("ABKLFD8", "Could not find shard ABKLFD8 in stream nope under account {a}."),
    ("2.14E4", "Could not find shard 2.14E4 in stream nope under account {a}."),
])
def test_split_shard_unknown_stream(aws, shard_id: str, message: str) -> None:
    assert fail(raw_client().split_shard, StreamName="nope", ShardToSplit=shard_id, NewStartingHashKey="0") == (
        "ResourceNotFoundException", message.format(a=ACCOUNT))


def test_split_shard_missing_shard(kin) -> None:
    assert fail(kin.split_shard, StreamName="t", ShardToSplit="shardId-5", NewStartingHashKey="0") == (
        "ResourceNotFoundException", f"Could not find shard shardId-000000000005 in stream t under account {ACCOUNT}.")


@pytest.mark.parametrize(("shard", "key"), [(0, 1), (0, THIRD - 1), (2, 999999999999999999999999999999999999999)])
def test_split_shard_hash_key_outside_the_shard(kin, shard: int, key: int) -> None:
    start, end = (0, THIRD - 1) if shard == 0 else (2 * THIRD, MAX)
    assert fail(kin.split_shard, StreamName="t", ShardToSplit=f"shard-{shard}", NewStartingHashKey=str(key)) == (
        "InvalidArgumentException",
        f"NewStartingHashKey {key} used in SplitShard() on shard shardId-00000000000{shard} in stream t under account "
        f"{ACCOUNT} is not both greater than one plus the shard's StartingHashKey {start} and less than the shard's "
        f"EndingHashKey {end}.")


def test_split_at_the_minimum_hash(aws) -> None:
    kin = raw_client()
    kin.create_stream(StreamName="u", ShardCount=1)
    aws.clock.advance(0.5)
    kin.split_shard(StreamName="u", ShardToSplit="anything-0", NewStartingHashKey="2")
    shards = kin.describe_stream(StreamName="u")["StreamDescription"]["Shards"]
    assert [(s["ShardId"], s.get("ParentShardId"), s["HashKeyRange"]["StartingHashKey"],
             s["HashKeyRange"]["EndingHashKey"]) for s in shards] == [
        ("shardId-000000000000", None, "0", str(MAX)),
        ("shardId-000000000001", "shardId-000000000000", "0", "1"),
        ("shardId-000000000002", "shardId-000000000000", "2", str(MAX)),
    ]
    rng = shards[0]["SequenceNumberRange"]
    start, end = seqnum.decode(int(rng["StartingSequenceNumber"])), seqnum.decode(int(rng["EndingSequenceNumber"]))
    assert end.shard_index == 0 and end.shard_create_secs == start.shard_create_secs
    assert end.seq_index == 0x7FFFFFFFFFFFFFFF
    children = [seqnum.decode(int(s["SequenceNumberRange"]["StartingSequenceNumber"])) for s in shards[1:]]
    for i, child in enumerate(children, 1):
        assert child.shard_index == i and child.seq_index == 0 and child.shard_create_secs == child.record_secs
        assert child.shard_create_secs - end.record_secs == 1
    assert kin.put_record(StreamName="u", PartitionKey="a", Data=b"", ExplicitHashKey="1")["ShardId"] == (
        "shardId-000000000001")
