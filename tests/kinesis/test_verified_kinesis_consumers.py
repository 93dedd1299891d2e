"""Enhanced fan-out consumer scenarios ported (in our own words) from moto's Kinesis tests.

AWS answers RegisterStreamConsumer with ``CREATING`` and a consumer ARN ending in ``:<creation epoch>``
(sheet 2.1, 2.10); moto's ``ACTIVE`` / suffix-less ARN are not copied.
"""

from __future__ import annotations

import re

import boto3
import pytest
from botocore.exceptions import ClientError

ACCOUNT = "123456789012"


def setup(region: str) -> tuple[object, str]:
    kin = boto3.client("kinesis", region_name=region)
    kin.create_stream(StreamName="my-stream", ShardCount=4)
    return kin, kin.describe_stream(StreamName="my-stream")["StreamDescription"]["StreamARN"]


def test_no_consumers_initially(aws) -> None:
    kin, stream_arn = setup("eu-west-1")
    assert kin.list_stream_consumers(StreamARN=stream_arn)["Consumers"] == []


def test_register_then_list(aws) -> None:
    kin, stream_arn = setup("eu-west-1")
    consumer = kin.register_stream_consumer(StreamARN=stream_arn, ConsumerName="newconsumer")["Consumer"]
    assert consumer["ConsumerName"] == "newconsumer"
    assert re.fullmatch(rf"arn:aws:kinesis:eu-west-1:{ACCOUNT}:stream/my-stream/consumer/newconsumer:\d+",
                        consumer["ConsumerARN"])
    assert consumer["ConsumerStatus"] == "CREATING"
    assert "ConsumerCreationTimestamp" in consumer
    aws.clock.advance(60)
    listed = kin.list_stream_consumers(StreamARN=stream_arn)["Consumers"]
    assert len(listed) == 1
    assert listed[0]["ConsumerName"] == "newconsumer"
    assert listed[0]["ConsumerARN"] == consumer["ConsumerARN"]
    assert listed[0]["ConsumerStatus"] == "ACTIVE"
    assert "ConsumerCreationTimestamp" in listed[0]


@pytest.mark.parametrize("by", ["name", "arn"])
def test_describe_consumer_by_name_or_arn(aws, by: str) -> None:
    kin, stream_arn = setup("us-east-2")
    consumer_arn = kin.register_stream_consumer(StreamARN=stream_arn, ConsumerName="newconsumer")["Consumer"][
        "ConsumerARN"]
    aws.clock.advance(60)
    kwargs = ({"StreamARN": stream_arn, "ConsumerName": "newconsumer"} if by == "name"
              else {"ConsumerARN": consumer_arn})
    d = kin.describe_stream_consumer(**kwargs)["ConsumerDescription"]
    assert d["ConsumerName"] == "newconsumer"
    assert d["ConsumerARN"] == consumer_arn
    assert d["ConsumerStatus"] == "ACTIVE"
    assert "ConsumerCreationTimestamp" in d
    assert d["StreamARN"] == stream_arn


def test_describe_unknown_consumer_is_not_found(aws) -> None:
    kin, stream_arn = setup("us-east-2")
    with pytest.raises(ClientError) as exc:
        kin.describe_stream_consumer(StreamARN=stream_arn, ConsumerName="ghost")
    assert exc.value.response["Error"]["Code"] == "ResourceNotFoundException"
    unknown = f"{stream_arn}/consumer/ghost:1700000000"
    with pytest.raises(ClientError) as exc:
        kin.describe_stream_consumer(ConsumerARN=unknown)
    assert exc.value.response["Error"] == {"Code": "ResourceNotFoundException",
                                           "Message": f"Consumer {unknown}, account {ACCOUNT} not found."}


@pytest.mark.parametrize("by", ["name", "arn"])
def test_deregister_by_name_or_arn(aws, by: str) -> None:
    kin, stream_arn = setup("ap-southeast-1")
    first = kin.register_stream_consumer(StreamARN=stream_arn, ConsumerName="consumer1")["Consumer"]["ConsumerARN"]
    kin.register_stream_consumer(StreamARN=stream_arn, ConsumerName="consumer2")
    aws.clock.advance(60)
    assert len(kin.list_stream_consumers(StreamARN=stream_arn)["Consumers"]) == 2
    if by == "name":
        kin.deregister_stream_consumer(StreamARN=stream_arn, ConsumerName="consumer1")
    else:
        kin.deregister_stream_consumer(ConsumerARN=first)
    aws.clock.advance(60)
    remaining = kin.list_stream_consumers(StreamARN=stream_arn)["Consumers"]
    assert [c["ConsumerName"] for c in remaining] == ["consumer2"]
