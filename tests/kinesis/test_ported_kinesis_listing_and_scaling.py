"""ListStreams, ListTagsForStream, RemoveTagsFromStream and UpdateShardCount scenarios ported
(in our own words) from kinesalite's AWS-checked tests. Limits AWS has since raised (10 tag keys,
a 10-tag page) are left to the current model's values."""

from __future__ import annotations

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

ACCOUNT = "123456789012"


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


def empty(member: str, pattern: bool = True) -> set[str]:
    out = {f"Value '' at '{member}' failed to satisfy constraint: Member must have length greater than or equal to 1"}
    if pattern:
        out.add(f"Value '' at '{member}' failed to satisfy constraint: Member must satisfy regular expression "
                "pattern: [a-zA-Z0-9_.-]+")
    return out


def too_long(value: str, member: str) -> str:
    return f"Value '{value}' at '{member}' failed to satisfy constraint: Member must have length less than or equal to 128"


@pytest.fixture
def kin(aws):  # noqa: ANN001, ANN201
    return raw_client()


# ---- ListStreams ------------------------------------------------------------------------------------

def test_list_streams_validation(kin) -> None:
    code, msg = fail(kin.list_streams, ExclusiveStartStreamName="", Limit=0)
    assert code == "ValidationException"
    assert violations(msg) == (3, empty("exclusiveStartStreamName") | {
        "Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"})
    name = "a" * 129
    code, msg = fail(kin.list_streams, ExclusiveStartStreamName=name, Limit=1000000)
    assert violations(msg) == (2, {
        too_long(name, "exclusiveStartStreamName"),
        "Value '1000000' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 10000"})


def test_list_streams_all_and_after_a_prefix(kin) -> None:
    for name in ("alpha", "beta", "gamma"):
        kin.create_stream(StreamName=name, ShardCount=1)
    out = kin.list_streams()
    assert out["HasMoreStreams"] is False and out["StreamNames"] == ["alpha", "beta", "gamma"]
    out = kin.list_streams(ExclusiveStartStreamName="bet", Limit=1)
    assert out["StreamNames"] == ["beta"] and out["HasMoreStreams"] is True


# ---- ListTagsForStream / RemoveTagsFromStream ------------------------------------------------------

def test_list_tags_validation(kin) -> None:
    code, msg = fail(kin.list_tags_for_stream, StreamName="", ExclusiveStartTagKey="", Limit=0)
    assert code == "ValidationException"
    assert violations(msg) == (4, empty("streamName") | empty("exclusiveStartTagKey", pattern=False) | {
        "Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"})
    name = "a" * 129
    code, msg = fail(kin.list_tags_for_stream, StreamName=name, ExclusiveStartTagKey=name, Limit=1)
    assert violations(msg) == (2, {too_long(name, "streamName"), too_long(name, "exclusiveStartTagKey")})
    assert fail(kin.list_tags_for_stream, StreamName="nope", ExclusiveStartTagKey="a", Limit=1) == (
        "ResourceNotFoundException", f"Stream nope under account {ACCOUNT} not found.")


def test_remove_tags_validation(kin) -> None:
    code, msg = fail(kin.remove_tags_from_stream, StreamName="", TagKeys=[])
    assert code == "ValidationException"
    assert violations(msg) == (3, empty("streamName") | {
        "Value '[]' at 'tagKeys' failed to satisfy constraint: Member must have length greater than or equal to 1"})
    name = "a" * 129
    code, msg = fail(kin.remove_tags_from_stream, StreamName=name, TagKeys=["a"])
    assert violations(msg) == (1, {too_long(name, "streamName")})


def test_long_tag_key_is_reported_on_the_whole_list(kin) -> None:
    key = "k" * 129
    assert fail(kin.remove_tags_from_stream, StreamName="any", TagKeys=["a", key, "b"]) == (
        "ValidationException",
        f"1 validation error detected: Value '[a, {key}, b]' at 'tagKeys' failed to satisfy constraint: "
        "Member must satisfy constraint: [Member must have length less than or equal to 128, "
        "Member must have length greater than or equal to 1]")


def test_remove_tags_unknown_stream_before_characters(kin) -> None:
    assert fail(kin.remove_tags_from_stream, StreamName="nope", TagKeys=[";"]) == (
        "ResourceNotFoundException", f"Stream nope under account {ACCOUNT} not found.")


@pytest.mark.parametrize("bad", ["abc;def", "abc\tdef", "abc\ndef", "abc,def"])
def test_remove_tags_bad_characters(kin, bad: str) -> None:
    kin.create_stream(StreamName="t", ShardCount=1)
    assert fail(kin.remove_tags_from_stream, StreamName="t", TagKeys=[bad]) == (
        "InvalidArgumentException",
        "Some tags contain invalid characters. Valid characters: Unicode letters, digits, white space, "
        "_ . / = + - % @ :.")


def test_remove_tags_percent(kin) -> None:
    kin.create_stream(StreamName="t", ShardCount=1)
    assert fail(kin.remove_tags_from_stream, StreamName="t", TagKeys=["abc%def"]) == (
        "InvalidArgumentException",
        f"Failed to remove tags from stream t under account {ACCOUNT} because some tags contained illegal "
        "characters. The allowed characters are Unicode letters, white-spaces, '_',',','/','=','+','-','@',':'.")


def test_remove_some_tags_and_absent_ones(kin) -> None:
    kin.create_stream(StreamName="t", ShardCount=1)
    assert kin.remove_tags_from_stream(StreamName="t", TagKeys=["ü0 _.", "/=+-@"])["ResponseMetadata"][
        "HTTPStatusCode"] == 200
    kin.add_tags_to_stream(StreamName="t", Tags={"a": "a", "ü0 _.": "a", "/=+-@": "a"})
    kin.remove_tags_from_stream(StreamName="t", TagKeys=["ü0 _.", "/=+-@", "b", "c"])
    assert kin.list_tags_for_stream(StreamName="t")["Tags"] == [{"Key": "a", "Value": "a"}]


# ---- UpdateShardCount -----------------------------------------------------------------------------

def test_update_shard_count_validation(kin) -> None:
    code, msg = fail(kin.update_shard_count, StreamName="", ScalingType="", TargetShardCount=0)
    assert code == "ValidationException"
    assert violations(msg) == (4, empty("streamName") | {
        "Value '' at 'scalingType' failed to satisfy constraint: Member must satisfy enum value set: "
        "[UNIFORM_SCALING]",
        "Value '0' at 'targetShardCount' failed to satisfy constraint: Member must have value greater than or equal "
        "to 1"})
    name = "a" * 129
    code, msg = fail(kin.update_shard_count, StreamName=name, ScalingType="UNIFORM_SCALING", TargetShardCount=1)
    assert violations(msg) == (1, {too_long(name, "streamName")})
    assert fail(kin.update_shard_count, StreamName="x", ScalingType="UNIFORM_SCALING", TargetShardCount=100001) == (
        "ValidationException",
        "1 validation error detected: Value '100001' at 'targetShardCount' failed to satisfy constraint: "
        "Member must have value less than or equal to 100000")
    assert fail(kin.update_shard_count, StreamName="nope", ScalingType="UNIFORM_SCALING", TargetShardCount=2) == (
        "ResourceNotFoundException", f"Stream nope under account {ACCOUNT} not found.")


def test_update_shard_count_double_and_half(kin) -> None:
    kin.create_stream(StreamName="two", ShardCount=2)
    kin.create_stream(StreamName="six", ShardCount=6)
    assert fail(kin.update_shard_count, StreamName="two", ScalingType="UNIFORM_SCALING", TargetShardCount=6) == (
        "LimitExceededException", "UpdateShardCount cannot scale up over double your current open shard count. "
                                  "Current open shard count: 2, Target shard count: 6")
    assert fail(kin.update_shard_count, StreamName="six", ScalingType="UNIFORM_SCALING", TargetShardCount=2) == (
        "LimitExceededException", "UpdateShardCount cannot scale down below half your current open shard count. "
                                  "Current open shard count: 6, Target shard count: 2")


@pytest.mark.parametrize(("start", "target", "closed"), [(2, 4, 2), (4, 2, 4)])
def test_update_shard_count_totals(kin, start: int, target: int, closed: int) -> None:
    kin.create_stream(StreamName="s", ShardCount=start)
    kin.update_shard_count(StreamName="s", ScalingType="UNIFORM_SCALING", TargetShardCount=target)
    shards = kin.describe_stream(StreamName="s")["StreamDescription"]["Shards"]
    assert len(shards) == 6
    assert sum("EndingSequenceNumber" in s["SequenceNumberRange"] for s in shards) == closed
