"""DeleteStream, DescribeStreamSummary and DescribeLimits scenarios ported (in our own words)
from kinesalite's AWS-checked tests; status changes take the backend's status delay on the
ManualClock instead of real waiting."""

from __future__ import annotations

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

ACCOUNT = "123456789012"
EMPTY = ("ValidationException",
         "2 validation errors detected: Value '' at 'streamName' failed to satisfy constraint: Member must satisfy "
         "regular expression pattern: [a-zA-Z0-9_.-]+; Value '' at 'streamName' failed to satisfy constraint: "
         "Member must have length greater than or equal to 1")


def raw_client():  # noqa: ANN201 - a botocore client
    return boto3.client("kinesis", region_name="us-east-1",
                        config=Config(parameter_validation=False, retries={"max_attempts": 0}))


def fail(call, **params) -> tuple[str, str]:  # noqa: ANN001
    with pytest.raises(ClientError) as exc:
        call(**params)
    return exc.value.response["Error"]["Code"], exc.value.response["Error"]["Message"]


@pytest.mark.parametrize("op", ["delete_stream", "describe_stream_summary"])
def test_name_validation_and_unknown_stream(aws, op: str) -> None:
    call = getattr(raw_client(), op)
    code, msg = fail(call, StreamName="")
    assert code == EMPTY[0]
    assert set(msg.partition(": ")[2].split("; ")) == set(EMPTY[1].partition(": ")[2].split("; "))
    name = "a" * 129
    assert fail(call, StreamName=name) == (
        "ValidationException",
        f"1 validation error detected: Value '{name}' at 'streamName' failed to satisfy constraint: "
        "Member must have length less than or equal to 128")
    assert fail(call, StreamName="nope") == ("ResourceNotFoundException", f"Stream nope under account {ACCOUNT} not found.")


def test_delete_a_stream_while_it_is_created(aws) -> None:
    aws.backend("kinesis").status_delay = 5
    kin = raw_client()
    kin.create_stream(StreamName="s", ShardCount=1)
    desc = kin.describe_stream(StreamName="s")["StreamDescription"]
    assert desc["StreamStatus"] == "CREATING" and desc["Shards"] == [] and desc["HasMoreShards"] is False
    assert kin.delete_stream(StreamName="s")["ResponseMetadata"]["HTTPStatusCode"] == 200
    desc = kin.describe_stream(StreamName="s")["StreamDescription"]
    assert (desc["StreamStatus"], desc["Shards"], desc["HasMoreShards"]) == ("DELETING", [], False)
    assert desc["StreamARN"] == f"arn:aws:kinesis:us-east-1:{ACCOUNT}:stream/s"
    aws.clock.advance(6)
    assert fail(kin.describe_stream, StreamName="s")[0] == "ResourceNotFoundException"


def test_stream_summary(aws) -> None:
    kin = raw_client()
    kin.create_stream(StreamName="t", ShardCount=3)
    summary = kin.describe_stream_summary(StreamName="t")["StreamDescriptionSummary"]
    assert summary["StreamCreationTimestamp"].timestamp() == pytest.approx(aws.clock.now(), abs=1)
    assert {k: summary[k] for k in ("StreamStatus", "StreamName", "StreamARN", "RetentionPeriodHours",
                                    "EncryptionType", "EnhancedMonitoring", "OpenShardCount")} == {
        "StreamStatus": "ACTIVE", "StreamName": "t", "StreamARN": f"arn:aws:kinesis:us-east-1:{ACCOUNT}:stream/t",
        "RetentionPeriodHours": 24, "EncryptionType": "NONE", "EnhancedMonitoring": [{"ShardLevelMetrics": []}],
        "OpenShardCount": 3}


def test_describe_limits_counts_open_shards(aws) -> None:
    kin = raw_client()
    kin.create_stream(StreamName="t", ShardCount=3)
    limits = kin.describe_limits()
    assert limits["OpenShardCount"] == 3 and limits["ShardLimit"] == 500
