"""GetRecords scenarios ported (in our own words) from kinesalite's AWS-checked tests."""

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


def test_missing_shard_iterator(aws) -> None:
    assert fail(raw_client().get_records) == (
        "ValidationException",
        "1 validation error detected: Value null at 'shardIterator' failed to satisfy constraint: "
        "Member must not be null")


def test_empty_iterator_and_zero_limit(aws) -> None:
    code, msg = fail(raw_client().get_records, ShardIterator="", Limit=0)
    assert code == "ValidationException"
    assert violations(msg) == (2, {
        "Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
        "Value '' at 'shardIterator' failed to satisfy constraint: Member must have length greater than or equal to 1",
    })


def test_long_iterator_and_huge_limit(aws) -> None:
    it = "a" * 513
    code, msg = fail(raw_client().get_records, ShardIterator=it, Limit=100000)
    assert code == "ValidationException"
    assert violations(msg) == (2, {
        "Value '100000' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 10000",
        f"Value '{it}' at 'shardIterator' failed to satisfy constraint: Member must have length less than or equal "
        "to 512",
    })


def test_made_up_iterator(aws) -> None:
    assert fail(raw_client().get_records, ShardIterator="someRandomName123") == (
        "InvalidArgumentException", "Invalid ShardIterator.")


def test_iterators_across_delete_and_recreate(aws) -> None:
    kin = raw_client()
    kin.create_stream(StreamName="g", ShardCount=2)
    its = [kin.get_shard_iterator(StreamName="g", ShardId=f"shardId-{i}", ShardIteratorType="LATEST")["ShardIterator"]
           for i in (0, 1)]
    kin.delete_stream(StreamName="g")
    aws.clock.advance(120)
    assert fail(kin.describe_stream, StreamName="g")[0] == "ResourceNotFoundException"
    for i, it in enumerate(its):
        assert fail(kin.get_records, ShardIterator=it) == (
            "ResourceNotFoundException", f"Shard shardId-00000000000{i} in stream g under account {ACCOUNT} does not exist")
    kin.create_stream(StreamName="g", ShardCount=1)
    aws.clock.advance(120)
    assert fail(kin.get_records, ShardIterator=its[1]) == (
        "ResourceNotFoundException", f"Shard shardId-000000000001 in stream g under account {ACCOUNT} does not exist")
    out = kin.get_records(ShardIterator=its[0])
    assert out["Records"] == []
    assert kin.get_records(ShardIterator=out["NextShardIterator"])["Records"] == []
