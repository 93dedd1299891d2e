"""Stream control-plane scenarios ported (in our own words) from moto's Kinesis tests.

Only behaviour the semantics sheet (sections 2.1, 2.5, 2.7-2.9) confirms against AWS is asserted:
moto-isms (``SequenceNumber == "1"``, un-normalised shard ids in messages) are replaced by AWS's answers.
"""

from __future__ import annotations

import boto3
import pytest
from botocore.exceptions import ClientError

ACCOUNT = "123456789012"


def client(region: str = "us-west-2"):  # noqa: ANN201 - a botocore client
    return boto3.client("kinesis", region_name=region)


def err(exc: pytest.ExceptionInfo) -> tuple[str, str]:
    e = exc.value.response["Error"]
    return e["Code"], e["Message"]


def arn_of(kin, name: str) -> str:
    return kin.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]["StreamARN"]


def test_on_demand_stream_starts_with_four_shards_and_refuses_update_shard_count(aws) -> None:
    kin = client("eu-west-1")
    kin.create_stream(StreamName="od", StreamModeDetails={"StreamMode": "ON_DEMAND"})
    stream_arn = arn_of(kin, "od")
    assert len(kin.list_shards(StreamARN=stream_arn)["Shards"]) == 4
    with pytest.raises(ClientError) as exc:
        kin.update_shard_count(StreamARN=stream_arn, TargetShardCount=3, ScalingType="UNIFORM_SCALING")
    assert err(exc) == ("ValidationException",
                        f"Request is invalid. Stream od under account {ACCOUNT} is in On-Demand mode.")


def test_update_stream_mode_to_provisioned_shows_in_summary(aws) -> None:
    kin = client("eu-west-1")
    kin.create_stream(StreamName="od", StreamModeDetails={"StreamMode": "ON_DEMAND"})
    kin.update_stream_mode(StreamARN=arn_of(kin, "od"), StreamModeDetails={"StreamMode": "PROVISIONED"})
    summary = kin.describe_stream_summary(StreamName="od")["StreamDescriptionSummary"]
    assert summary["StreamModeDetails"] == {"StreamMode": "PROVISIONED"}


@pytest.mark.parametrize("op", ["describe_stream_summary", "describe_stream", "delete_stream"])
def test_unknown_stream_is_resource_not_found(aws, op: str) -> None:
    with pytest.raises(ClientError) as exc:
        getattr(client(), op)(StreamName="not-a-stream")
    assert err(exc) == ("ResourceNotFoundException", f"Stream not-a-stream under account {ACCOUNT} not found.")


def test_list_then_delete_by_name_and_by_arn(aws) -> None:
    kin = client()
    assert kin.list_streams()["StreamNames"] == []
    kin.create_stream(StreamName="stream1", ShardCount=1)
    kin.create_stream(StreamName="stream2", ShardCount=1)
    assert kin.list_streams()["StreamNames"] == ["stream1", "stream2"]
    kin.delete_stream(StreamName="stream1")
    assert kin.list_streams()["StreamNames"] == ["stream2"]
    kin.delete_stream(StreamARN=arn_of(kin, "stream2"))
    assert kin.list_streams()["StreamNames"] == []


def test_list_streams_pages_with_exclusive_start_name(aws) -> None:
    kin = client()
    for i in range(11):
        kin.create_stream(StreamName=f"stream{i:02d}", ShardCount=1)
    first = kin.list_streams(Limit=10)
    assert len(first["StreamNames"]) == 10
    assert first["HasMoreStreams"] is True
    rest = kin.list_streams(ExclusiveStartStreamName=first["StreamNames"][-1])
    assert rest["StreamNames"] == ["stream10"]
    assert rest["HasMoreStreams"] is False


def test_describe_stream_summary_by_name_and_arn(aws) -> None:
    kin = client()
    kin.create_stream(StreamName="my_stream_summary", ShardCount=5)
    s = kin.describe_stream_summary(StreamName="my_stream_summary")["StreamDescriptionSummary"]
    assert s["StreamName"] == "my_stream_summary"
    assert s["OpenShardCount"] == 5
    assert s["StreamARN"] == f"arn:aws:kinesis:us-west-2:{ACCOUNT}:stream/my_stream_summary"
    assert s["StreamStatus"] == "ACTIVE"
    by_arn = kin.describe_stream_summary(StreamARN=s["StreamARN"])["StreamDescriptionSummary"]
    assert by_arn["StreamName"] == "my_stream_summary"


def test_describe_stream_full_shape(aws) -> None:
    kin = client()
    kin.create_stream(StreamName="my-stream", ShardCount=2)
    d = kin.describe_stream(StreamName="my-stream")["StreamDescription"]
    assert d["StreamName"] == "my-stream"
    assert d["StreamARN"] == f"arn:aws:kinesis:us-west-2:{ACCOUNT}:stream/my-stream"
    assert d["StreamStatus"] == "ACTIVE"
    assert d["HasMoreShards"] is False
    assert d["RetentionPeriodHours"] == 24
    assert "StreamCreationTimestamp" in d
    assert d["EnhancedMonitoring"] == [{"ShardLevelMetrics": []}]
    assert d["EncryptionType"] == "NONE"
    first = d["Shards"][0]
    assert first["ShardId"] == "shardId-000000000000"
    assert first["HashKeyRange"]["StartingHashKey"] == "0"
    assert "StartingSequenceNumber" in first["SequenceNumberRange"]
    assert "EndingSequenceNumber" not in first["SequenceNumberRange"]


@pytest.mark.parametrize(("limit", "shown", "more"), [(None, 5, False), (2, 2, True), (5, 5, False), (6, 5, False)])
def test_describe_stream_limit(aws, limit: int | None, shown: int, more: bool) -> None:
    kin = client()
    kin.create_stream(StreamName="s", ShardCount=5)
    kwargs = {} if limit is None else {"Limit": limit}
    d = kin.describe_stream(StreamName="s", **kwargs)["StreamDescription"]
    assert len(d["Shards"]) == shown
    assert d["HasMoreShards"] is more


# -- retention --------------------------------------------------------------------------


def test_retention_increase_then_decrease_by_name_and_arn(aws) -> None:
    kin = client()
    kin.create_stream(StreamName="decrease_stream", ShardCount=1)
    stream_arn = arn_of(kin, "decrease_stream")
    kin.increase_stream_retention_period(StreamName="decrease_stream", RetentionPeriodHours=30)
    kin.decrease_stream_retention_period(StreamName="decrease_stream", RetentionPeriodHours=25)
    assert kin.describe_stream(StreamName="decrease_stream")["StreamDescription"]["RetentionPeriodHours"] == 25
    kin.increase_stream_retention_period(StreamARN=stream_arn, RetentionPeriodHours=29)
    kin.decrease_stream_retention_period(StreamARN=stream_arn, RetentionPeriodHours=26)
    assert kin.describe_stream(StreamARN=stream_arn)["StreamDescription"]["RetentionPeriodHours"] == 26


def test_increase_retention_to_40(aws) -> None:
    kin = client()
    kin.create_stream(StreamName="my_stream", ShardCount=1)
    kin.increase_stream_retention_period(StreamName="my_stream", RetentionPeriodHours=40)
    assert kin.describe_stream(StreamName="my_stream")["StreamDescription"]["RetentionPeriodHours"] == 40


def test_increase_retention_below_current(aws) -> None:
    kin = client()
    kin.create_stream(StreamName="my_stream", ShardCount=1)
    kin.increase_stream_retention_period(StreamName="my_stream", RetentionPeriodHours=30)
    with pytest.raises(ClientError) as exc:
        kin.increase_stream_retention_period(StreamName="my_stream", RetentionPeriodHours=25)
    assert err(exc) == ("InvalidArgumentException",
                        "Requested retention period (25 hours) for stream my_stream can not be shorter than "
                        "existing retention period (30 hours). Use DecreaseRetentionPeriod API.")


def test_decrease_retention_above_current(aws) -> None:
    kin = client()
    kin.create_stream(StreamName="decrease_stream", ShardCount=1)
    with pytest.raises(ClientError) as exc:
        kin.decrease_stream_retention_period(StreamName="decrease_stream", RetentionPeriodHours=40)
    assert err(exc) == ("InvalidArgumentException",
                        "Requested retention period (40 hours) for stream decrease_stream can not be longer than "
                        "existing retention period (24 hours). Use IncreaseRetentionPeriod API.")


@pytest.mark.parametrize("op", ["increase_stream_retention_period", "decrease_stream_retention_period"])
@pytest.mark.parametrize(("hours", "message"), [
    (20, "Minimum allowed retention period is 24 hours. Requested retention period (20 hours) is too short."),
    (4, "Minimum allowed retention period is 24 hours. Requested retention period (4 hours) is too short."),
    (9999, "Maximum allowed retention period is 8760 hours. Requested retention period (9999 hours) is too long."),
])
def test_retention_out_of_bounds(aws, op: str, hours: int, message: str) -> None:
    kin = client()
    kin.create_stream(StreamName="s", ShardCount=1)
    with pytest.raises(ClientError) as exc:
        getattr(kin, op)(StreamName="s", RetentionPeriodHours=hours)
    assert err(exc) == ("InvalidArgumentException", message)
    assert kin.describe_stream(StreamName="s")["StreamDescription"]["RetentionPeriodHours"] == 24


# -- tags, encryption, monitoring ------------------------------------------------------


def test_add_list_remove_tags_by_name_and_arn(aws) -> None:
    kin = client("eu-west-2")
    kin.create_stream(StreamName="t", ShardCount=1)
    stream_arn = arn_of(kin, "t")
    kin.add_tags_to_stream(StreamName="t", Tags={"tag1": "val1", "tag2": "val2", "tag3": "val3", "tag4": "val4"})
    tags = kin.list_tags_for_stream(StreamName="t")["Tags"]
    assert sorted((t["Key"], t["Value"]) for t in tags) == [(f"tag{i}", f"val{i}") for i in range(1, 5)]
    kin.add_tags_to_stream(StreamARN=stream_arn, Tags={"tag5": "val5"})
    tags = kin.list_tags_for_stream(StreamARN=stream_arn)["Tags"]
    assert len(tags) == 5 and {"Key": "tag5", "Value": "val5"} in tags
    kin.remove_tags_from_stream(StreamName="t", TagKeys=["tag2", "tag3"])
    assert sorted(t["Key"] for t in kin.list_tags_for_stream(StreamName="t")["Tags"]) == ["tag1", "tag4", "tag5"]
    kin.remove_tags_from_stream(StreamARN=stream_arn, TagKeys=["tag4"])
    assert sorted(t["Key"] for t in kin.list_tags_for_stream(StreamName="t")["Tags"]) == ["tag1", "tag5"]


def test_start_and_stop_encryption_by_name_and_arn(aws) -> None:
    kin = client()
    kin.create_stream(StreamName="my-stream", ShardCount=2)
    d = kin.describe_stream(StreamName="my-stream")["StreamDescription"]
    assert d["EncryptionType"] == "NONE" and "KeyId" not in d
    kin.start_stream_encryption(StreamName="my-stream", EncryptionType="KMS", KeyId="alias/aws/kinesis")
    aws.clock.advance(60)
    d = kin.describe_stream(StreamName="my-stream")["StreamDescription"]
    assert d["EncryptionType"] == "KMS"
    assert d["KeyId"] == "alias/aws/kinesis"
    kin.stop_stream_encryption(StreamARN=d["StreamARN"], EncryptionType="KMS", KeyId="alias/aws/kinesis")
    aws.clock.advance(60)
    d = kin.describe_stream(StreamName="my-stream")["StreamDescription"]
    assert d["EncryptionType"] == "NONE" and "KeyId" not in d


def test_enhanced_monitoring_enable_in_steps_and_disable(aws) -> None:
    kin = client("us-east-1")
    kin.create_stream(StreamName="m", ShardCount=4)
    first = kin.enable_enhanced_monitoring(StreamName="m", ShardLevelMetrics=["IncomingBytes", "OutgoingBytes"])
    assert first["StreamName"] == "m"
    assert first["CurrentShardLevelMetrics"] == []
    assert set(first["DesiredShardLevelMetrics"]) == {"IncomingBytes", "OutgoingBytes"}
    second = kin.enable_enhanced_monitoring(StreamName="m", ShardLevelMetrics=["WriteProvisionedThroughputExceeded"])
    assert set(second["CurrentShardLevelMetrics"]) == {"IncomingBytes", "OutgoingBytes"}
    assert set(second["DesiredShardLevelMetrics"]) == {"IncomingBytes", "OutgoingBytes",
                                                       "WriteProvisionedThroughputExceeded"}
    shown = kin.describe_stream(StreamName="m")["StreamDescription"]["EnhancedMonitoring"][0]["ShardLevelMetrics"]
    assert set(shown) == {"IncomingBytes", "OutgoingBytes", "WriteProvisionedThroughputExceeded"}
    off = kin.disable_enhanced_monitoring(StreamName="m", ShardLevelMetrics=["OutgoingBytes"])
    assert set(off["CurrentShardLevelMetrics"]) == {"IncomingBytes", "OutgoingBytes",
                                                    "WriteProvisionedThroughputExceeded"}
    assert set(off["DesiredShardLevelMetrics"]) == {"IncomingBytes", "WriteProvisionedThroughputExceeded"}
    kin.disable_enhanced_monitoring(StreamName="m", ShardLevelMetrics=["ALL"])
    shown = kin.describe_stream(StreamName="m")["StreamDescription"]["EnhancedMonitoring"][0]["ShardLevelMetrics"]
    assert shown == []


def test_list_streams_includes_stream_summaries(aws) -> None:
    kin = client()
    empty = kin.list_streams()
    assert (empty["StreamNames"], empty["HasMoreStreams"], empty["StreamSummaries"]) == ([], False, [])
    for i in range(3):
        kin.create_stream(StreamName=f"stream{i}", ShardCount=i + 1)
    summaries = kin.list_streams()["StreamSummaries"]
    assert [s["StreamName"] for s in summaries] == ["stream0", "stream1", "stream2"]
    for s in summaries:
        assert s["StreamARN"] == f"arn:aws:kinesis:us-west-2:{ACCOUNT}:stream/{s['StreamName']}"
        assert s["StreamStatus"] == "ACTIVE"
        described = kin.describe_stream_summary(StreamName=s["StreamName"])["StreamDescriptionSummary"]
        assert s["StreamCreationTimestamp"] == described["StreamCreationTimestamp"]
        assert abs(s["StreamCreationTimestamp"].timestamp() - aws.clock.now()) < 1


def test_enhanced_monitoring_all_expands_to_the_seven_metrics(aws) -> None:
    """moto echoes ["ALL"]; AWS answers with the seven metric names ALL stands for (sheet 2.9)."""
    kin = client("us-east-1")
    kin.create_stream(StreamName="m", ShardCount=4)
    resp = kin.enable_enhanced_monitoring(StreamName="m", ShardLevelMetrics=["ALL"])
    seven = {"IncomingBytes", "IncomingRecords", "OutgoingBytes", "OutgoingRecords",
             "WriteProvisionedThroughputExceeded", "ReadProvisionedThroughputExceeded", "IteratorAgeMilliseconds"}
    assert resp["StreamName"] == "m"
    assert resp["CurrentShardLevelMetrics"] == []
    assert set(resp["DesiredShardLevelMetrics"]) == seven
