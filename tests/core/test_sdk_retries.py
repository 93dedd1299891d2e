"""The SDK's retries of throttled calls are modelled: the cloud's clock moves instead of the caller sleeping."""

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError


def provisioned_table(ddb) -> None:
    ddb.create_table(TableName="tbl", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                     ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1})


def test_throttled_call_succeeds_after_sdk_retries(aws):
    ddb = boto3.client("dynamodb", region_name="us-east-1")
    provisioned_table(ddb)
    for i in range(300):  # spend the 300 s burst of 1 WCU
        ddb.put_item(TableName="tbl", Item={"pk": {"S": str(i)}})
    before = aws.clock.now()
    out = ddb.put_item(TableName="tbl", Item={"pk": {"S": "one-more"}})
    assert out["ResponseMetadata"]["RetryAttempts"] >= 1
    assert aws.clock.now() > before  # the SDK's backoff passed on the cloud's clock


def test_without_retries_the_throttle_surfaces(aws):
    ddb = boto3.client("dynamodb", region_name="us-east-1", config=Config(retries={"max_attempts": 0}))
    provisioned_table(ddb)
    for i in range(300):
        ddb.put_item(TableName="tbl", Item={"pk": {"S": str(i)}})
    before = aws.clock.now()
    with pytest.raises(ClientError) as e:
        ddb.put_item(TableName="tbl", Item={"pk": {"S": "one-more"}})
    assert e.value.response["Error"]["Code"] == "ProvisionedThroughputExceededException"
    assert e.value.response["ResponseMetadata"]["RetryAttempts"] == 0
    assert aws.clock.now() == before


def test_retries_exhausted_report_max_attempts(aws):
    kinesis = boto3.client("kinesis", region_name="us-east-1", config=Config(retries={"total_max_attempts": 3}))
    aws.backend("kinesis").throughput_limits = True
    kinesis.create_stream(StreamName="s", ShardCount=1)
    it = kinesis.get_shard_iterator(StreamName="s", ShardId="shardId-000000000000",
                                    ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    for _ in range(5):
        it = kinesis.get_records(ShardIterator=it)["NextShardIterator"]
    out = kinesis.get_records(ShardIterator=it)  # 6th read in the same second: retried after a backoff
    assert out["ResponseMetadata"]["RetryAttempts"] >= 1


def test_non_throttling_errors_are_not_retried(aws):
    ddb = boto3.client("dynamodb", region_name="us-east-1")
    before = aws.clock.now()
    with pytest.raises(ClientError) as e:
        ddb.describe_table(TableName="missing")
    assert e.value.response["ResponseMetadata"]["RetryAttempts"] == 0
    assert aws.clock.now() == before


@pytest.mark.parametrize("mode,attempts", [("legacy", 10), ("standard", 3)])
def test_retry_mode_sets_attempts(aws, mode, attempts):
    ddb = boto3.client("dynamodb", region_name="us-east-1", config=Config(retries={"mode": mode}))
    ddb.create_table(TableName="cool", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                     BillingMode="PAY_PER_REQUEST")
    ddb.update_table(TableName="cool", DeletionProtectionEnabled=True)
    start = aws.clock.now()
    if mode == "legacy":  # 9 retries, 0.05 s doubling: ~25.6 s of backoff outlasts the 15 s cooldown
        out = ddb.update_table(TableName="cool", DeletionProtectionEnabled=False)
        assert out["ResponseMetadata"]["RetryAttempts"] >= 1
    else:  # 2 retries, ~1.5 s: the cooldown wins
        with pytest.raises(ClientError) as e:
            ddb.update_table(TableName="cool", DeletionProtectionEnabled=False)
        assert e.value.response["ResponseMetadata"]["RetryAttempts"] == attempts - 1
        assert e.value.response["ResponseMetadata"]["MaxAttemptsReached"] is True
    assert aws.clock.now() > start
