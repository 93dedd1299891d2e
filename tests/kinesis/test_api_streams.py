"""The control plane through boto3 under mock_aws."""

from datetime import UTC, datetime

import pytest
from botocore.exceptions import ClientError

from .conftest import T0, error_of

ACCOUNT = "123456789012"
ARN = f"arn:aws:kinesis:us-east-1:{ACCOUNT}:stream/s"


def test_create_describe_delete(kinesis, cloud) -> None:
    kinesis.create_stream(StreamName="s", ShardCount=3)
    d = kinesis.describe_stream(StreamName="s")["StreamDescription"]
    assert d["StreamStatus"] == "ACTIVE" and d["StreamARN"] == ARN
    assert d["StreamModeDetails"] == {"StreamMode": "PROVISIONED"}
    assert d["RetentionPeriodHours"] == 24 and d["EncryptionType"] == "NONE"
    assert d["EnhancedMonitoring"] == [{"ShardLevelMetrics": []}]
    assert d["StreamCreationTimestamp"] == datetime.fromtimestamp(T0, UTC)
    assert [s["ShardId"] for s in d["Shards"]] == [f"shardId-00000000000{i}" for i in range(3)]
    assert d["Shards"][1]["HashKeyRange"] == {"StartingHashKey": "113427455640312821154458202477256070485",
                                              "EndingHashKey": "226854911280625642308916404954512140969"}
    assert d["HasMoreShards"] is False
    by_arn = kinesis.describe_stream_summary(StreamARN=ARN)["StreamDescriptionSummary"]
    assert by_arn["OpenShardCount"] == 3 and by_arn["ConsumerCount"] == 0
    kinesis.delete_stream(StreamName="s")
    with pytest.raises(ClientError) as e:
        kinesis.describe_stream(StreamName="s")
    assert error_of(e) == ("ResourceNotFoundException", f"Stream s under account {ACCOUNT} not found.")


def test_duplicate_and_missing(kinesis) -> None:
    kinesis.create_stream(StreamName="s", ShardCount=1)
    with pytest.raises(kinesis.exceptions.ResourceInUseException) as e:
        kinesis.create_stream(StreamName="s", ShardCount=1)
    assert error_of(e)[1] == f"Stream s under account {ACCOUNT} already exists."
    with pytest.raises(kinesis.exceptions.ResourceNotFoundException):
        kinesis.put_record(StreamName="nope", Data=b"x", PartitionKey="k")


def test_validation_errors_in_aws_format(kinesis) -> None:
    with pytest.raises(ClientError) as e:
        kinesis.create_stream(StreamName="bad name!", ShardCount=1)
    code, message = error_of(e)
    assert code == "ValidationException"
    assert message == ("1 validation error detected: Value 'bad name!' at 'streamName' failed to satisfy "
                       "constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+")


def test_status_on_the_clock(kinesis, cloud) -> None:
    cloud.backend("kinesis").status_delay = 5
    kinesis.create_stream(StreamName="s", ShardCount=2)
    d = kinesis.describe_stream(StreamName="s")["StreamDescription"]
    assert d["StreamStatus"] == "CREATING" and d["Shards"] == []
    with pytest.raises(kinesis.exceptions.ResourceNotFoundException):
        kinesis.put_record(StreamName="s", Data=b"x", PartitionKey="k")
    cloud.clock.advance(5)
    assert kinesis.describe_stream(StreamName="s")["StreamDescription"]["StreamStatus"] == "ACTIVE"
    kinesis.split_shard(StreamName="s", ShardToSplit="shardId-000000000000", NewStartingHashKey=str(2**100))
    assert kinesis.describe_stream_summary(StreamName="s")["StreamDescriptionSummary"]["StreamStatus"] == "UPDATING"
    # writes keep landing in the parent until the split takes effect
    r = kinesis.put_record(StreamName="s", Data=b"x", PartitionKey="k", ExplicitHashKey="0")
    assert r["ShardId"] == "shardId-000000000000"
    with pytest.raises(kinesis.exceptions.ResourceInUseException) as e:
        kinesis.merge_shards(StreamName="s", ShardToMerge="shardId-000000000000",
                             AdjacentShardToMerge="shardId-000000000001")
    assert error_of(e)[1] == f"Stream s under account {ACCOUNT} not ACTIVE, instead in state UPDATING"
    cloud.clock.advance(5)
    assert kinesis.put_record(StreamName="s", Data=b"x", PartitionKey="k", ExplicitHashKey="0")["ShardId"] == \
        "shardId-000000000002"
    kinesis.delete_stream(StreamName="s")
    assert kinesis.describe_stream_summary(StreamName="s")["StreamDescriptionSummary"]["StreamStatus"] == "DELETING"
    cloud.clock.advance(5)
    assert kinesis.list_streams()["StreamNames"] == []


def test_list_streams_paginates(kinesis) -> None:
    for i in range(5):
        kinesis.create_stream(StreamName=f"s{i}", ShardCount=1)
    page = kinesis.list_streams(Limit=2)
    assert page["StreamNames"] == ["s0", "s1"] and page["HasMoreStreams"]
    rest = kinesis.list_streams(NextToken=page["NextToken"])
    assert rest["StreamNames"] == ["s2", "s3", "s4"] and not rest["HasMoreStreams"]
    assert kinesis.list_streams(ExclusiveStartStreamName="s3")["StreamNames"] == ["s4"]
    assert rest["StreamSummaries"][0]["StreamARN"].endswith(":stream/s2")
    names = [n for p in kinesis.get_paginator("list_streams").paginate(PaginationConfig={"PageSize": 2})
             for n in p["StreamNames"]]
    assert names == [f"s{i}" for i in range(5)]


def test_list_shards_pagination_and_token_expiry(kinesis, cloud) -> None:
    kinesis.create_stream(StreamName="s", ShardCount=5)
    page = kinesis.list_shards(StreamName="s", MaxResults=2)
    assert [s["ShardId"][-1] for s in page["Shards"]] == ["0", "1"]
    nxt = kinesis.list_shards(NextToken=page["NextToken"], MaxResults=2)
    assert [s["ShardId"][-1] for s in nxt["Shards"]] == ["2", "3"]
    with pytest.raises(ClientError) as e:
        kinesis.list_shards(StreamName="s", NextToken=page["NextToken"])
    assert error_of(e) == ("InvalidArgumentException", "NextToken and StreamName cannot be provided together.")
    with pytest.raises(ClientError) as e:
        kinesis.list_shards()
    assert error_of(e) == ("InvalidArgumentException", "Either NextToken or StreamName should be provided.")
    cloud.clock.advance(301)
    with pytest.raises(ClientError) as e:
        kinesis.list_shards(NextToken=nxt["NextToken"])
    assert error_of(e)[0] == "ExpiredNextTokenException"
    assert len(kinesis.list_shards(StreamName="s", ExclusiveStartShardId="shardId-000000000002")["Shards"]) == 2


def test_list_shards_filters(kinesis, cloud) -> None:
    kinesis.create_stream(StreamName="s", ShardCount=2)
    cloud.clock.advance(60)
    kinesis.split_shard(StreamName="s", ShardToSplit="shardId-000000000000", NewStartingHashKey=str(2**120))

    def ids(**flt):
        return [s["ShardId"][-1] for s in kinesis.list_shards(StreamName="s", ShardFilter=flt)["Shards"]]

    assert ids(Type="FROM_TRIM_HORIZON") == ["0", "1", "2", "3"]
    assert ids(Type="AT_LATEST") == ["1", "2", "3"]
    assert ids(Type="AT_TRIM_HORIZON") == ["0", "1"]
    assert ids(Type="AFTER_SHARD_ID", ShardId="shardId-000000000001") == ["2", "3"]
    assert ids(Type="AT_TIMESTAMP", Timestamp=datetime.fromtimestamp(T0 + 30, UTC)) == ["0", "1"]
    assert ids(Type="FROM_TIMESTAMP", Timestamp=datetime.fromtimestamp(T0 + 90, UTC)) == ["1", "2", "3"]


def test_retention_rules(kinesis) -> None:
    kinesis.create_stream(StreamName="s", ShardCount=1)
    cases = [
        ("increase_stream_retention_period", 10, "Minimum allowed retention period is 24 hours. Requested retention "
                                                 "period (10 hours) is too short."),
        ("increase_stream_retention_period", 9000, "Maximum allowed retention period is 8760 hours. Requested "
                                                   "retention period (9000 hours) is too long."),
    ]
    for op, hours, message in cases:
        with pytest.raises(ClientError) as e:
            getattr(kinesis, op)(StreamName="s", RetentionPeriodHours=hours)
        assert error_of(e) == ("InvalidArgumentException", message)
    kinesis.increase_stream_retention_period(StreamName="s", RetentionPeriodHours=48)
    with pytest.raises(ClientError) as e:
        kinesis.increase_stream_retention_period(StreamName="s", RetentionPeriodHours=30)
    assert error_of(e)[1] == ("Requested retention period (30 hours) for stream s can not be shorter than existing "
                              "retention period (48 hours). Use DecreaseRetentionPeriod API.")
    with pytest.raises(ClientError) as e:
        kinesis.decrease_stream_retention_period(StreamName="s", RetentionPeriodHours=72)
    assert error_of(e)[1] == ("Requested retention period (72 hours) for stream s can not be longer than existing "
                              "retention period (48 hours). Use IncreaseRetentionPeriod API.")
    kinesis.decrease_stream_retention_period(StreamName="s", RetentionPeriodHours=24)
    assert kinesis.describe_stream(StreamName="s")["StreamDescription"]["RetentionPeriodHours"] == 24


def test_tags(kinesis) -> None:
    kinesis.create_stream(StreamName="s", ShardCount=1, Tags={"a": "1"})
    kinesis.add_tags_to_stream(StreamName="s", Tags={"b": "2", "c": "3"})
    kinesis.remove_tags_from_stream(StreamName="s", TagKeys=["c"])
    assert kinesis.list_tags_for_stream(StreamName="s")["Tags"] == [{"Key": "a", "Value": "1"},
                                                                    {"Key": "b", "Value": "2"}]
    page = kinesis.list_tags_for_stream(StreamName="s", Limit=1)
    assert page["HasMoreTags"] and page["Tags"] == [{"Key": "a", "Value": "1"}]
    kinesis.tag_resource(ResourceARN=ARN, Tags={"d": "4"})
    kinesis.untag_resource(ResourceARN=ARN, TagKeys=["a"])
    assert [t["Key"] for t in kinesis.list_tags_for_resource(ResourceARN=ARN)["Tags"]] == ["b", "d"]
    with pytest.raises(ClientError) as e:
        kinesis.add_tags_to_stream(StreamName="s", Tags={f"k{i}": "v" for i in range(60)})
    assert error_of(e)[0] == "InvalidArgumentException"
    assert len(kinesis.list_tags_for_stream(StreamName="s")["Tags"]) == 2


def test_encryption_and_monitoring(kinesis) -> None:
    kinesis.create_stream(StreamName="s", ShardCount=1)
    kinesis.start_stream_encryption(StreamName="s", EncryptionType="KMS", KeyId="alias/aws/kinesis")
    d = kinesis.describe_stream_summary(StreamName="s")["StreamDescriptionSummary"]
    assert d["EncryptionType"] == "KMS" and d["KeyId"] == "alias/aws/kinesis"
    put = kinesis.put_record(StreamName="s", Data=b"x", PartitionKey="k")
    assert put["EncryptionType"] == "KMS"
    it = kinesis.get_shard_iterator(StreamName="s", ShardId=put["ShardId"], ShardIteratorType="TRIM_HORIZON")
    assert kinesis.get_records(ShardIterator=it["ShardIterator"])["Records"][0]["EncryptionType"] == "KMS"
    kinesis.stop_stream_encryption(StreamName="s", EncryptionType="KMS", KeyId="alias/aws/kinesis")
    assert "EncryptionType" not in kinesis.put_record(StreamName="s", Data=b"x", PartitionKey="k")
    on = kinesis.enable_enhanced_monitoring(StreamName="s", ShardLevelMetrics=["IncomingBytes"])
    assert on["CurrentShardLevelMetrics"] == [] and on["DesiredShardLevelMetrics"] == ["IncomingBytes"]
    everything = kinesis.enable_enhanced_monitoring(StreamName="s", ShardLevelMetrics=["ALL"])
    assert len(everything["DesiredShardLevelMetrics"]) == 7
    off = kinesis.disable_enhanced_monitoring(StreamName="s", ShardLevelMetrics=["IncomingBytes"])
    assert "IncomingBytes" not in off["DesiredShardLevelMetrics"] and len(off["DesiredShardLevelMetrics"]) == 6


def test_on_demand_mode(kinesis) -> None:
    kinesis.create_stream(StreamName="s", StreamModeDetails={"StreamMode": "ON_DEMAND"})
    d = kinesis.describe_stream(StreamName="s")["StreamDescription"]
    assert d["StreamModeDetails"] == {"StreamMode": "ON_DEMAND"} and len(d["Shards"]) == 4
    with pytest.raises(ClientError) as e:
        kinesis.split_shard(StreamName="s", ShardToSplit="shardId-000000000000", NewStartingHashKey="5")
    assert error_of(e) == ("ValidationException",
                           f"Request is invalid. Stream s under account {ACCOUNT} is in On-Demand mode.")
    kinesis.update_stream_mode(StreamARN=ARN, StreamModeDetails={"StreamMode": "PROVISIONED"})
    assert kinesis.describe_stream_summary(StreamName="s")["StreamDescriptionSummary"]["StreamModeDetails"] == \
        {"StreamMode": "PROVISIONED"}
    limits = kinesis.describe_limits()
    assert limits["ShardLimit"] == 500 and limits["OpenShardCount"] == 4 and limits["OnDemandStreamCountLimit"] == 50


def test_shard_quota(cloud, kinesis) -> None:
    cloud.backend("kinesis").shard_limit = 10
    kinesis.create_stream(StreamName="a", ShardCount=8)
    with pytest.raises(kinesis.exceptions.LimitExceededException) as e:
        kinesis.create_stream(StreamName="b", ShardCount=3)
    assert error_of(e)[1].startswith(
        f"This request would exceed the shard limit for the account {ACCOUNT} in us-east-1. Current shard count for "
        "the account: 8. Limit: 10. Number of additional shards that would have resulted from this request: 3.")


def test_unsupported_parameters_fail_loudly(kinesis) -> None:
    with pytest.raises(ClientError) as e:
        kinesis.create_stream(StreamName="s", ShardCount=1, WarmThroughputMiBps=5)
    assert error_of(e)[0] == "NotImplemented"


def test_arn_of_another_account_is_not_found(kinesis) -> None:
    kinesis.create_stream(StreamName="s", ShardCount=1)
    with pytest.raises(kinesis.exceptions.ResourceNotFoundException):
        kinesis.describe_stream_summary(StreamARN="arn:aws:kinesis:us-east-1:999999999999:stream/s")


def test_create_without_shard_count_is_on_demand(kinesis) -> None:
    kinesis.create_stream(StreamName="s")
    d = kinesis.describe_stream(StreamName="s")["StreamDescription"]
    assert d["StreamModeDetails"] == {"StreamMode": "ON_DEMAND"} and len(d["Shards"]) == 4
