"""Stream-level scenarios ported (in our own words) from kinesalite's AWS-checked tests.

CreateStream / DescribeStream / ListShards layouts, MergeShards' shard-id parsing and sequence
ranges, tags (whole-map validation texts, character checks) and retention periods. Limits that
AWS has since raised (10 tags, 168 hours, 10 shards) are asserted at today's values elsewhere.
"""

from __future__ import annotations

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from awscore.kinesis import seqnum

ACCOUNT = "123456789012"
THIRD = 2**128 // 3
RANGES = [("0", str(THIRD - 1)), (str(THIRD), str(2 * THIRD - 1)), (str(2 * THIRD), str(2**128 - 1))]
BAD_CHARS = "Some tags contain invalid characters. Valid characters: Unicode letters, digits, white space, _ . / = + - % @ :."


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


def empty_name(member: str = "streamName") -> set[str]:
    return {f"Value '' at '{member}' failed to satisfy constraint: Member must satisfy regular expression pattern: "
            "[a-zA-Z0-9_.-]+",
            f"Value '' at '{member}' failed to satisfy constraint: Member must have length greater than or equal to 1"}


def too_long(value: str, member: str, limit: int = 128) -> str:
    return (f"Value '{value}' at '{member}' failed to satisfy constraint: Member must have length less than or equal "
            f"to {limit}")


@pytest.fixture
def kin(aws):  # noqa: ANN001, ANN201
    client = raw_client()
    client.create_stream(StreamName="t", ShardCount=3)
    return client


# ---- CreateStream / DescribeStream / ListShards ------------------------------------------------

def test_create_stream_empty_name_and_zero_shards(aws) -> None:
    code, msg = fail(raw_client().create_stream, StreamName="", ShardCount=0)
    assert code == "ValidationException"
    assert violations(msg) == (3, empty_name() | {
        "Value '0' at 'shardCount' failed to satisfy constraint: Member must have value greater than or equal to 1"})


def test_create_stream_long_name(aws) -> None:
    name = "a" * 129
    code, msg = fail(raw_client().create_stream, StreamName=name, ShardCount=100000000000)
    assert (code, violations(msg)) == ("ValidationException", (1, {too_long(name, "streamName")}))


def test_three_shard_layout(kin) -> None:
    desc = kin.describe_stream(StreamName="t")["StreamDescription"]
    assert desc["StreamStatus"] == "ACTIVE" and desc["HasMoreShards"] is False
    assert desc["StreamARN"] == f"arn:aws:kinesis:us-east-1:{ACCOUNT}:stream/t"
    shards = desc["Shards"]
    assert [s["ShardId"] for s in shards] == [f"shardId-00000000000{i}" for i in range(3)]
    assert [(s["HashKeyRange"]["StartingHashKey"], s["HashKeyRange"]["EndingHashKey"]) for s in shards] == RANGES
    starts = [int(s["SequenceNumberRange"]["StartingSequenceNumber"]) for s in shards]
    assert all(len(str(n)) == 56 for n in starts)
    assert all("EndingSequenceNumber" not in s["SequenceNumberRange"] for s in shards)
    # consecutive shards' first numbers differ only in the shard index nibbles
    assert starts[1] - starts[0] == starts[2] - starts[1] == 22300745198530623141535718272648361505980432
    listed = kin.list_shards(StreamName="t")["Shards"]
    assert listed == shards


def test_describe_stream_validation(aws) -> None:
    kin = raw_client()
    code, msg = fail(kin.describe_stream, StreamName="", Limit=0, ExclusiveStartShardId="")
    assert code == "ValidationException"
    assert violations(msg) == (5, empty_name() | empty_name("exclusiveStartShardId") | {
        "Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"})
    name = "a" * 129
    code, msg = fail(kin.describe_stream, StreamName=name, Limit=100000, ExclusiveStartShardId=name)
    assert violations(msg) == (3, {
        too_long(name, "streamName"), too_long(name, "exclusiveStartShardId"),
        "Value '100000' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 10000"})
    assert fail(kin.describe_stream, StreamName="nope") == (
        "ResourceNotFoundException", f"Stream nope under account {ACCOUNT} not found.")


def test_list_shards_validation(aws) -> None:
    """kinesalite sends ``Limit``; ListShards' member is ``MaxResults`` (same bounds)."""
    kin = raw_client()
    code, msg = fail(kin.list_shards, StreamName="", MaxResults=0, ExclusiveStartShardId="")
    assert code == "ValidationException"
    assert violations(msg) == (5, empty_name() | empty_name("exclusiveStartShardId") | {
        "Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1"})
    name = "a" * 129
    code, msg = fail(kin.list_shards, StreamName=name, MaxResults=100000, ExclusiveStartShardId=name)
    assert violations(msg) == (3, {
        too_long(name, "streamName"), too_long(name, "exclusiveStartShardId"),
        "Value '100000' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 10000"})
    assert fail(kin.list_shards, StreamName="nope") == (
        "ResourceNotFoundException", f"Stream nope under account {ACCOUNT} not found.")


# ---- MergeShards --------------------------------------------------------------------------------

def test_merge_shards_validation(aws) -> None:
    kin = raw_client()
    code, msg = fail(kin.merge_shards, StreamName="", ShardToMerge="", AdjacentShardToMerge="")
    assert code == "ValidationException"
    assert violations(msg) == (6, empty_name() | empty_name("shardToMerge") | empty_name("adjacentShardToMerge"))
    name = "a" * 129
    code, msg = fail(kin.merge_shards, StreamName=name, ShardToMerge=name, AdjacentShardToMerge=name)
    assert violations(msg) == (3, {too_long(name, m) for m in ("streamName", "shardToMerge", "adjacentShardToMerge")})


@pytest.mark.parametrize("shard_id", ["2147483647", "abc-2147483647", "a-00002147483647", "-00002147483647"])
@pytest.mark.parametrize("adjacent", [False, True])
def test_merge_shards_unknown_stream_with_parsable_ids(aws, shard_id: str, adjacent: bool) -> None:
    pair = {"ShardToMerge": "x-0", "AdjacentShardToMerge": shard_id} if adjacent else {
        "ShardToMerge": shard_id, "AdjacentShardToMerge": "x-0"}
    assert fail(raw_client().merge_shards, StreamName="nope", **pair) == (
        "ResourceNotFoundException", f"Stream nope under account {ACCOUNT} not found.")


@pytest.mark.parametrize("shard_id", ["2147483648", "shardId-002147483648", "ABKLFD8", "2.14E4"])
@pytest.mark.parametrize("adjacent", [False, True])
def test_merge_shards_unknown_stream_with_unparsable_ids(aws, shard_id: str, adjacent: bool) -> None:
    pair = {"ShardToMerge": "x-0", "AdjacentShardToMerge": shard_id} if adjacent else {
        "ShardToMerge": shard_id, "AdjacentShardToMerge": "x-0"}
    assert fail(raw_client().merge_shards, StreamName="nope", **pair) == (
        "ResourceNotFoundException", f"Could not find shard {shard_id} in stream nope under account {ACCOUNT}.")


def test_merge_shards_missing_and_non_adjacent(kin) -> None:
    missing = ("ResourceNotFoundException",
               f"Could not find shard shardId-000000000005 in stream t under account {ACCOUNT}.")
    assert fail(kin.merge_shards, StreamName="t", ShardToMerge="shardId-5", AdjacentShardToMerge="x-0") == missing
    assert fail(kin.merge_shards, StreamName="t", ShardToMerge="x-0", AdjacentShardToMerge="shardId-5") == missing
    for a, b in ((0, 2), (1, 0)):
        assert fail(kin.merge_shards, StreamName="t", ShardToMerge=f"x-{a}", AdjacentShardToMerge=f"y-{b}") == (
            "InvalidArgumentException",
            f"Shards shardId-00000000000{a} and shardId-00000000000{b} in stream t under account {ACCOUNT} are not an "
            "adjacent pair of shards eligible for merging")


def test_merge_closes_parents_and_opens_a_child_a_second_later(aws, kin) -> None:
    aws.clock.advance(0.25)
    assert kin.merge_shards(StreamName="t", ShardToMerge="a-0", AdjacentShardToMerge="b-1")["ResponseMetadata"][
        "HTTPStatusCode"] == 200
    desc = kin.describe_stream(StreamName="t")["StreamDescription"]
    shards = desc["Shards"]
    assert len(shards) == 4 and desc["StreamStatus"] == "ACTIVE"
    child = shards[3]
    assert (child["ShardId"], child["ParentShardId"], child["AdjacentParentShardId"]) == (
        "shardId-000000000003", "shardId-000000000000", "shardId-000000000001")
    assert (child["HashKeyRange"]["StartingHashKey"], child["HashKeyRange"]["EndingHashKey"]) == ("0", RANGES[1][1])
    ends = []
    for i in (0, 1):
        rng = shards[i]["SequenceNumberRange"]
        start, end = seqnum.decode(int(rng["StartingSequenceNumber"])), seqnum.decode(int(rng["EndingSequenceNumber"]))
        assert end.shard_index == i and end.shard_create_secs == start.shard_create_secs
        assert end.seq_index == 0x7FFFFFFFFFFFFFFF
        ends.append(end.record_secs)
    assert ends[0] == ends[1]
    assert "EndingSequenceNumber" not in shards[2]["SequenceNumberRange"]
    first = seqnum.decode(int(child["SequenceNumberRange"]["StartingSequenceNumber"]))
    assert first.shard_index == 3 and first.seq_index == 0 and first.shard_create_secs == first.record_secs
    assert first.shard_create_secs - ends[0] == 1
    put = kin.put_record(StreamName="t", PartitionKey="a", Data=b"", ExplicitHashKey=RANGES[1][0])
    assert put["ShardId"] == "shardId-000000000003"
    # the closed parent still reads to its end, then names its child
    it = kin.get_shard_iterator(StreamName="t", ShardId="shardId-000000000001",
                                ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    out = kin.get_records(ShardIterator=it)
    assert "NextShardIterator" not in out and out["Records"] == []
    assert [c["ShardId"] for c in out["ChildShards"]] == ["shardId-000000000003"]
    assert fail(kin.merge_shards, StreamName="t", ShardToMerge="shard-1", AdjacentShardToMerge="shard-2")[0] == (
        "InvalidArgumentException")


# ---- tags -----------------------------------------------------------------------------------------

def test_add_tags_validation(aws) -> None:
    kin = raw_client()
    code, msg = fail(kin.add_tags_to_stream, StreamName="", Tags={})
    assert code == "ValidationException"
    assert violations(msg) == (3, empty_name() | {
        "Value '{}' at 'tags' failed to satisfy constraint: Member must have length greater than or equal to 1"})
    name = "a" * 129
    code, msg = fail(kin.add_tags_to_stream, StreamName=name, Tags={"a;b": "b"})
    assert violations(msg) == (1, {too_long(name, "streamName")})
    assert fail(kin.add_tags_to_stream, StreamName="nope", Tags={"a": "b"}) == (
        "ResourceNotFoundException", f"Stream nope under account {ACCOUNT} not found.")


def test_long_tag_key_is_reported_on_the_whole_map(aws) -> None:
    key = "k" * 129
    code, msg = fail(raw_client().add_tags_to_stream, StreamName="any", Tags={"a": "1", "b": "2", key: "3"})
    assert code == "ValidationException"
    head, _, rest = msg.partition(": ")
    assert head == "1 validation error detected"
    value, _, constraint = rest.partition("' at 'tags' failed to satisfy constraint: ")
    assert value.startswith("Value '{") and value.endswith("}")
    assert sorted(value[len("Value '{"):-1].split(", ")) == sorted(["a=1", "b=2", f"{key}=3"])
    assert constraint == ("Map keys must satisfy constraint: [Member must have length less than or equal to 128, "
                          "Member must have length greater than or equal to 1]")


def test_long_tag_value_is_reported_on_the_whole_map(aws) -> None:
    big = "v" * 257
    code, msg = fail(raw_client().add_tags_to_stream, StreamName="any", Tags={"a": "1", "b": "2", "c": big})
    assert code == "ValidationException"
    assert msg.startswith("1 validation error detected: Value '{")
    assert f"c={big}" in msg
    assert msg.endswith("}' at 'tags' failed to satisfy constraint: Map value must satisfy constraint: "
                        "[Member must have length less than or equal to 256, "
                        "Member must have length greater than or equal to 0]")


@pytest.mark.parametrize("bad", ["abc;def", "abc\tdef", "abc\ndef", "abc,def"])
@pytest.mark.parametrize("where", ["key", "value"])
def test_tag_characters(kin, bad: str, where: str) -> None:
    tags = {bad: "1"} if where == "key" else {"a": bad}
    assert fail(kin.add_tags_to_stream, StreamName="t", Tags=tags) == ("InvalidArgumentException", BAD_CHARS)


@pytest.mark.parametrize("where", ["key", "value"])
def test_percent_in_a_tag(kin, where: str) -> None:
    tags = {"abc%def": "1"} if where == "key" else {"a": "abc%def"}
    assert fail(kin.add_tags_to_stream, StreamName="t", Tags=tags) == (
        "InvalidArgumentException",
        f"Failed to add tags to stream t under account {ACCOUNT} because some tags contained illegal characters. "
        "The allowed characters are Unicode letters, white-spaces, '_',',','/','=','+','-','@',':'.")


def test_add_overwrite_list_and_remove_tags(kin) -> None:
    tags = {"a": "a", "ü0 _.": "a", "/=+-@": "a", "b": "ü0 _./=+-@", "c": ""}
    kin.add_tags_to_stream(StreamName="t", Tags=tags)
    kin.add_tags_to_stream(StreamName="t", Tags={"a": "b"})
    listed = kin.list_tags_for_stream(StreamName="t")["Tags"]
    assert sorted((t["Key"], t["Value"]) for t in listed) == sorted({**tags, "a": "b"}.items())
    kin.remove_tags_from_stream(StreamName="t", TagKeys=list(tags))
    assert kin.list_tags_for_stream(StreamName="t")["Tags"] == []


# ---- retention --------------------------------------------------------------------------------------

@pytest.mark.parametrize("op", ["increase_stream_retention_period", "decrease_stream_retention_period"])
def test_retention_validation(aws, op: str) -> None:
    kin = raw_client()
    code, msg = fail(getattr(kin, op), StreamName="", RetentionPeriodHours=-1)
    assert code == "ValidationException"
    assert violations(msg) == (3, empty_name() | {
        "Value '-1' at 'retentionPeriodHours' failed to satisfy constraint: "
        "Member must have value greater than or equal to 1"})
    name = "a" * 129
    code, msg = fail(getattr(kin, op), StreamName=name, RetentionPeriodHours=24)
    assert violations(msg) == (1, {too_long(name, "streamName")})
    assert fail(getattr(kin, op), StreamName="nope", RetentionPeriodHours=25) == (
        "ResourceNotFoundException", f"Stream nope under account {ACCOUNT} not found.")


@pytest.mark.parametrize("op", ["increase_stream_retention_period", "decrease_stream_retention_period"])
def test_retention_below_minimum(kin, op: str) -> None:
    assert fail(getattr(kin, op), StreamName="t", RetentionPeriodHours=23) == (
        "InvalidArgumentException",
        "Minimum allowed retention period is 24 hours. Requested retention period (23 hours) is too short.")


def test_retention_increase_then_decrease(kin) -> None:
    assert fail(kin.decrease_stream_retention_period, StreamName="t", RetentionPeriodHours=25) == (
        "InvalidArgumentException",
        "Requested retention period (25 hours) for stream t can not be longer than existing retention period "
        "(24 hours). Use IncreaseRetentionPeriod API.")
    kin.increase_stream_retention_period(StreamName="t", RetentionPeriodHours=25)
    assert kin.describe_stream(StreamName="t")["StreamDescription"]["RetentionPeriodHours"] == 25
    assert fail(kin.increase_stream_retention_period, StreamName="t", RetentionPeriodHours=24) == (
        "InvalidArgumentException",
        "Requested retention period (24 hours) for stream t can not be shorter than existing retention period "
        "(25 hours). Use DecreaseRetentionPeriod API.")
    kin.decrease_stream_retention_period(StreamName="t", RetentionPeriodHours=24)
    assert kin.describe_stream(StreamName="t")["StreamDescription"]["RetentionPeriodHours"] == 24
