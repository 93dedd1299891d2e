"""Scenarios through boto3 asserting what real Kinesis returns: streams, listing, pagination, waiters.

Each test mirrors a call sequence recorded against AWS (sheet sections 2.1, 2.7-2.9);
codes, messages and the keys present in responses are asserted exactly.
"""

from datetime import UTC, datetime

import pytest
from botocore.exceptions import ClientError

from .conftest import T0, error_of

ACCOUNT = "123456789012"
REGION = "us-east-1"


def arn(name: str) -> str:
    return f"arn:aws:kinesis:{REGION}:{ACCOUNT}:stream/{name}"


def not_found(name: str) -> tuple[str, str]:
    return ("ResourceNotFoundException", f"Stream {name} under account {ACCOUNT} not found.")


# -- create / describe ----------------------------------------------------------------


def test_describe_stream_shape_provisioned(kinesis) -> None:
    assert set(kinesis.create_stream(StreamName="s", ShardCount=3)) == {"ResponseMetadata"}
    d = kinesis.describe_stream(StreamName="s")["StreamDescription"]
    assert set(d) == {"StreamName", "StreamARN", "StreamStatus", "StreamModeDetails", "Shards", "HasMoreShards",
                      "RetentionPeriodHours", "StreamCreationTimestamp", "EnhancedMonitoring", "EncryptionType"}
    assert "KeyId" not in d  # only once encrypted
    assert d["EncryptionType"] == "NONE"
    assert d["EnhancedMonitoring"] == [{"ShardLevelMetrics": []}]
    assert d["StreamCreationTimestamp"] == datetime.fromtimestamp(T0, UTC)
    assert d["StreamCreationTimestamp"].tzinfo is not None
    assert [s["HashKeyRange"] for s in d["Shards"]] == [
        {"StartingHashKey": "0", "EndingHashKey": "113427455640312821154458202477256070484"},
        {"StartingHashKey": "113427455640312821154458202477256070485",
         "EndingHashKey": "226854911280625642308916404954512140969"},
        {"StartingHashKey": "226854911280625642308916404954512140970",
         "EndingHashKey": "340282366920938463463374607431768211455"}]
    for shard in d["Shards"]:
        assert set(shard) == {"ShardId", "HashKeyRange", "SequenceNumberRange"}  # no parents, open
        seq = shard["SequenceNumberRange"]
        assert set(seq) == {"StartingSequenceNumber"}
        assert isinstance(seq["StartingSequenceNumber"], str) and len(seq["StartingSequenceNumber"]) == 56


def test_create_without_shard_count_is_on_demand_with_four_shards(kinesis) -> None:
    kinesis.create_stream(StreamName="od")
    summary = kinesis.describe_stream_summary(StreamName="od")["StreamDescriptionSummary"]
    assert summary["StreamModeDetails"] == {"StreamMode": "ON_DEMAND"}
    assert summary["OpenShardCount"] == 4
    assert len(kinesis.list_shards(StreamName="od")["Shards"]) == 4


def test_describe_stream_summary_shape(kinesis) -> None:
    kinesis.create_stream(StreamName="s", ShardCount=2)
    s = kinesis.describe_stream_summary(StreamARN=arn("s"))["StreamDescriptionSummary"]
    assert {"StreamName", "StreamARN", "StreamStatus", "StreamModeDetails", "RetentionPeriodHours",
            "StreamCreationTimestamp", "EnhancedMonitoring", "EncryptionType", "OpenShardCount",
            "ConsumerCount"} <= set(s)
    assert "Shards" not in s and "HasMoreShards" not in s and "KeyId" not in s
    assert (s["OpenShardCount"], s["ConsumerCount"], s["StreamARN"]) == (2, 0, arn("s"))


def test_duplicate_create_and_unknown_stream_texts(kinesis) -> None:
    kinesis.create_stream(StreamName="s", ShardCount=1)
    with pytest.raises(kinesis.exceptions.ResourceInUseException) as e:
        kinesis.create_stream(StreamName="s", ShardCount=1)
    assert error_of(e) == ("ResourceInUseException", f"Stream s under account {ACCOUNT} already exists.")
    for call in (lambda: kinesis.describe_stream(StreamName="nope"),
                 lambda: kinesis.describe_stream_summary(StreamName="nope"),
                 lambda: kinesis.list_shards(StreamName="nope"),
                 lambda: kinesis.delete_stream(StreamName="nope"),
                 lambda: kinesis.put_record(StreamName="nope", Data=b"x", PartitionKey="k"),
                 lambda: kinesis.put_records(StreamName="nope", Records=[{"Data": b"x", "PartitionKey": "k"}]),
                 lambda: kinesis.increase_stream_retention_period(StreamName="nope", RetentionPeriodHours=48),
                 lambda: kinesis.add_tags_to_stream(StreamName="nope", Tags={"a": "b"}),
                 lambda: kinesis.list_tags_for_stream(StreamName="nope"),
                 lambda: kinesis.describe_stream(StreamARN=arn("nope"))):
        with pytest.raises(ClientError) as e:
            call()
        assert error_of(e) == not_found("nope")


def test_shard_quota_text(kinesis, cloud) -> None:
    cloud.backend("kinesis").shard_limit = 5
    kinesis.create_stream(StreamName="a", ShardCount=3)
    with pytest.raises(kinesis.exceptions.LimitExceededException) as e:
        kinesis.create_stream(StreamName="b", ShardCount=3)
    assert error_of(e)[1] == (
        f"This request would exceed the shard limit for the account {ACCOUNT} in {REGION}. Current shard count "
        "for the account: 3. Limit: 5. Number of additional shards that would have resulted from this request: 3. "
        "Refer to the AWS Service Limits page (http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) "
        "for current limits and how to request higher limits.")
    with pytest.raises(ClientError):
        kinesis.describe_stream(StreamName="b")  # nothing half-created


# -- ListStreams ---------------------------------------------------------------------------


def test_list_streams_pagination(kinesis) -> None:
    assert {k: v for k, v in kinesis.list_streams().items() if k != "ResponseMetadata"} == {
        "StreamNames": [], "HasMoreStreams": False, "StreamSummaries": []}
    for name in ("c", "a", "b"):
        kinesis.create_stream(StreamName=name, ShardCount=1)
    first = kinesis.list_streams(Limit=2)
    assert first["StreamNames"] == ["a", "b"] and first["HasMoreStreams"] is True and "NextToken" in first
    summary = first["StreamSummaries"][0]
    assert summary == {"StreamName": "a", "StreamARN": arn("a"), "StreamStatus": "ACTIVE",
                       "StreamModeDetails": {"StreamMode": "PROVISIONED"},
                       "StreamCreationTimestamp": datetime.fromtimestamp(T0, UTC)}
    second = kinesis.list_streams(NextToken=first["NextToken"])
    assert second["StreamNames"] == ["c"] and second["HasMoreStreams"] is False and "NextToken" not in second
    legacy = kinesis.list_streams(ExclusiveStartStreamName="a", Limit=1)
    assert legacy["StreamNames"] == ["b"] and legacy["HasMoreStreams"] is True
    assert kinesis.list_streams(ExclusiveStartStreamName="c")["StreamNames"] == []


def test_list_streams_paginator(kinesis) -> None:
    for i in range(5):
        kinesis.create_stream(StreamName=f"s{i}", ShardCount=1)
    pages = list(kinesis.get_paginator("list_streams").paginate(PaginationConfig={"PageSize": 2}))
    assert [p["StreamNames"] for p in pages] == [["s0", "s1"], ["s2", "s3"], ["s4"]]
    full = kinesis.get_paginator("list_streams").paginate().build_full_result()
    assert full["StreamNames"] == [f"s{i}" for i in range(5)]
    assert [s["StreamName"] for s in full["StreamSummaries"]] == full["StreamNames"]


# -- ListShards ------------------------------------------------------------------------------


def test_list_shards_argument_rules(kinesis) -> None:
    kinesis.create_stream(StreamName="s", ShardCount=3)
    token = kinesis.list_shards(StreamName="s", MaxResults=1)["NextToken"]
    cases = {
        "StreamName": {"StreamName": "s"},
        "StreamARN": {"StreamARN": arn("s")},
        "ExclusiveStartShardId": {"ExclusiveStartShardId": "shardId-000000000000"},
        "ShardFilter": {"ShardFilter": {"Type": "AT_LATEST"}},
    }
    for member, extra in cases.items():
        with pytest.raises(kinesis.exceptions.InvalidArgumentException) as e:
            kinesis.list_shards(NextToken=token, **extra)
        assert error_of(e)[1] == f"NextToken and {member} cannot be provided together."
    with pytest.raises(kinesis.exceptions.InvalidArgumentException) as e:
        kinesis.list_shards()
    assert error_of(e)[1] == "Either NextToken or StreamName should be provided."
    with pytest.raises(ClientError) as e:
        kinesis.list_shards(StreamName="s", MaxResults=10001)
    assert error_of(e) == ("ValidationException", "1 validation error detected: Value '10001' at 'maxResults' "
                           "failed to satisfy constraint: Member must have value less than or equal to 10000")


def test_list_shards_next_token_pages(kinesis, cloud) -> None:
    kinesis.create_stream(StreamName="s", ShardCount=5)
    page = kinesis.list_shards(StreamName="s", MaxResults=2)
    seen = [s["ShardId"] for s in page["Shards"]]
    while "NextToken" in page:
        page = kinesis.list_shards(NextToken=page["NextToken"], MaxResults=2)
        seen += [s["ShardId"] for s in page["Shards"]]
    assert seen == [f"shardId-00000000000{i}" for i in range(5)]
    assert [s["ShardId"] for s in kinesis.list_shards(
        StreamName="s", ExclusiveStartShardId="shardId-000000000002")["Shards"]] == [
        "shardId-000000000003", "shardId-000000000004"]
    token = kinesis.list_shards(StreamName="s", MaxResults=1)["NextToken"]
    cloud.clock.advance(301)
    with pytest.raises(ClientError) as e:
        kinesis.list_shards(NextToken=token)
    assert error_of(e)[0] == "ExpiredNextTokenException"


def test_list_shards_paginator_fails_on_second_page_with_stream_name_as_aws_does(kinesis) -> None:
    """botocore#2009: the paginator resends StreamName with the NextToken; AWS refuses it."""
    kinesis.create_stream(StreamName="s", ShardCount=3)
    one_page = list(kinesis.get_paginator("list_shards").paginate(StreamName="s"))
    assert [len(p["Shards"]) for p in one_page] == [3]
    with pytest.raises(kinesis.exceptions.InvalidArgumentException) as e:
        list(kinesis.get_paginator("list_shards").paginate(StreamName="s", PaginationConfig={"PageSize": 2}))
    assert error_of(e)[1] == "NextToken and StreamName cannot be provided together."


# -- DescribeStream paging --------------------------------------------------------------------


def test_describe_stream_limit_and_exclusive_start(kinesis) -> None:
    kinesis.create_stream(StreamName="s", ShardCount=4)
    d = kinesis.describe_stream(StreamName="s", Limit=3)["StreamDescription"]
    assert [s["ShardId"][-1] for s in d["Shards"]] == ["0", "1", "2"] and d["HasMoreShards"] is True
    d = kinesis.describe_stream(StreamName="s", Limit=3, ExclusiveStartShardId=d["Shards"][-1]["ShardId"])
    assert [s["ShardId"] for s in d["StreamDescription"]["Shards"]] == ["shardId-000000000003"]
    assert d["StreamDescription"]["HasMoreShards"] is False
    pages = list(kinesis.get_paginator("describe_stream").paginate(StreamName="s", PaginationConfig={"PageSize": 3}))
    assert [len(p["StreamDescription"]["Shards"]) for p in pages] == [3, 1]


def test_describe_stream_caps_at_100_shards(kinesis) -> None:
    kinesis.create_stream(StreamName="big", ShardCount=120)
    d = kinesis.describe_stream(StreamName="big", Limit=10000)["StreamDescription"]
    assert len(d["Shards"]) == 100 and d["HasMoreShards"] is True
    full = kinesis.get_paginator("describe_stream").paginate(StreamName="big").build_full_result()
    assert len(full["StreamDescription"]["Shards"]) == 120


# -- waiters and lifecycle ---------------------------------------------------------------------


def test_waiters(kinesis, cloud) -> None:
    cloud.backend("kinesis").status_delay = 2
    kinesis.create_stream(StreamName="s", ShardCount=1)
    assert kinesis.describe_stream(StreamName="s")["StreamDescription"]["StreamStatus"] == "CREATING"
    cloud.clock.advance(2)
    kinesis.get_waiter("stream_exists").wait(StreamName="s", WaiterConfig={"Delay": 0, "MaxAttempts": 2})
    kinesis.delete_stream(StreamName="s")
    assert kinesis.describe_stream(StreamName="s")["StreamDescription"]["StreamStatus"] == "DELETING"
    cloud.clock.advance(2)
    kinesis.get_waiter("stream_not_exists").wait(StreamName="s", WaiterConfig={"Delay": 0, "MaxAttempts": 2})


def test_delete_stream_with_consumers(kinesis) -> None:
    kinesis.create_stream(StreamName="s", ShardCount=1)
    kinesis.register_stream_consumer(StreamARN=arn("s"), ConsumerName="c")
    with pytest.raises(kinesis.exceptions.ResourceInUseException) as e:
        kinesis.delete_stream(StreamName="s")
    assert error_of(e)[1] == (
        f"DeleteStream can\u2019t delete {ACCOUNT}:s because there are consumers associated with this data "
        "stream. To delete s anyway, set the EnforceConsumerDeletion parameter to true to force the deletion "
        "of all the consumers that are associated with it.")
    kinesis.delete_stream(StreamName="s", EnforceConsumerDeletion=True)
    with pytest.raises(ClientError) as e:
        kinesis.describe_stream(StreamName="s")
    assert error_of(e) == not_found("s")


# -- retention ---------------------------------------------------------------------------------


def test_retention_rules(kinesis) -> None:
    kinesis.create_stream(StreamName="s", ShardCount=1)
    texts = {
        (kinesis.increase_stream_retention_period, 23):
            "Minimum allowed retention period is 24 hours. Requested retention period (23 hours) is too short.",
        (kinesis.increase_stream_retention_period, 8761):
            "Maximum allowed retention period is 8760 hours. Requested retention period (8761 hours) is too long.",
        (kinesis.decrease_stream_retention_period, 1):
            "Minimum allowed retention period is 24 hours. Requested retention period (1 hours) is too short.",
        (kinesis.decrease_stream_retention_period, 48):
            "Requested retention period (48 hours) for stream s can not be longer than existing retention period "
            "(24 hours). Use IncreaseRetentionPeriod API.",
    }
    for (call, hours), text in texts.items():
        with pytest.raises(kinesis.exceptions.InvalidArgumentException) as e:
            call(StreamName="s", RetentionPeriodHours=hours)
        assert error_of(e)[1] == text
    kinesis.increase_stream_retention_period(StreamName="s", RetentionPeriodHours=24)  # equal: accepted
    kinesis.increase_stream_retention_period(StreamName="s", RetentionPeriodHours=8760)
    with pytest.raises(kinesis.exceptions.InvalidArgumentException) as e:
        kinesis.increase_stream_retention_period(StreamName="s", RetentionPeriodHours=100)
    assert error_of(e)[1] == ("Requested retention period (100 hours) for stream s can not be shorter than existing "
                              "retention period (8760 hours). Use DecreaseRetentionPeriod API.")
    kinesis.decrease_stream_retention_period(StreamARN=arn("s"), RetentionPeriodHours=24)
    assert kinesis.describe_stream_summary(StreamName="s")["StreamDescriptionSummary"]["RetentionPeriodHours"] == 24


# -- tags, encryption, monitoring ------------------------------------------------------------


def test_tags(kinesis) -> None:
    kinesis.create_stream(StreamName="s", ShardCount=1)
    kinesis.add_tags_to_stream(StreamName="s", Tags={"b": "2", "a": "1", "c": ""})
    out = kinesis.list_tags_for_stream(StreamName="s", Limit=2)
    assert out["Tags"] == [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}] and out["HasMoreTags"] is True
    out = kinesis.list_tags_for_stream(StreamName="s", ExclusiveStartTagKey="b")
    assert out["Tags"] == [{"Key": "c", "Value": ""}] and out["HasMoreTags"] is False
    with pytest.raises(kinesis.exceptions.InvalidArgumentException) as e:
        kinesis.add_tags_to_stream(StreamName="s", Tags={"bad#key": "v"})
    assert error_of(e)[1] == ("Some tags contain invalid characters. Valid characters: Unicode letters, digits, "
                              "white space, _ . / = + - % @ :.")
    with pytest.raises(kinesis.exceptions.InvalidArgumentException) as e:
        kinesis.add_tags_to_stream(StreamName="s", Tags={"k": "50%"})
    assert error_of(e)[1] == (
        f"Failed to add tags to stream s under account {ACCOUNT} because some tags contained illegal characters. "
        "The allowed characters are Unicode letters, white-spaces, '_',',','/','=','+','-','@',':'.")
    kinesis.remove_tags_from_stream(StreamName="s", TagKeys=["a", "absent"])
    assert [t["Key"] for t in kinesis.list_tags_for_stream(StreamName="s")["Tags"]] == ["b", "c"]
    assert kinesis.list_tags_for_resource(ResourceARN=arn("s"))["Tags"] == [
        {"Key": "b", "Value": "2"}, {"Key": "c", "Value": ""}]


def test_encryption_keys_appear_only_when_encrypted(kinesis) -> None:
    kinesis.create_stream(StreamName="s", ShardCount=1)
    assert "EncryptionType" not in kinesis.put_record(StreamName="s", Data=b"x", PartitionKey="k")
    assert "EncryptionType" not in kinesis.put_records(StreamName="s", Records=[{"Data": b"x", "PartitionKey": "k"}])
    kinesis.start_stream_encryption(StreamName="s", EncryptionType="KMS", KeyId="alias/aws/kinesis")
    d = kinesis.describe_stream(StreamName="s")["StreamDescription"]
    assert (d["EncryptionType"], d["KeyId"]) == ("KMS", "alias/aws/kinesis")
    assert kinesis.put_record(StreamName="s", Data=b"y", PartitionKey="k")["EncryptionType"] == "KMS"
    assert kinesis.put_records(StreamName="s", Records=[{"Data": b"y", "PartitionKey": "k"}])["EncryptionType"] == "KMS"
    it = kinesis.get_shard_iterator(StreamName="s", ShardId="shardId-000000000000",
                                    ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    records = kinesis.get_records(ShardIterator=it)["Records"]
    assert ["EncryptionType" in r for r in records] == [False, False, True, True]
    assert records[-1]["EncryptionType"] == "KMS"
    kinesis.stop_stream_encryption(StreamName="s", EncryptionType="KMS", KeyId="alias/aws/kinesis")
    d = kinesis.describe_stream(StreamName="s")["StreamDescription"]
    assert d["EncryptionType"] == "NONE" and "KeyId" not in d


def test_enhanced_monitoring(kinesis) -> None:
    kinesis.create_stream(StreamName="s", ShardCount=1)
    out = kinesis.enable_enhanced_monitoring(StreamName="s", ShardLevelMetrics=["IncomingBytes"])
    assert (out["StreamName"], out["StreamARN"]) == ("s", arn("s"))
    assert (out["CurrentShardLevelMetrics"], out["DesiredShardLevelMetrics"]) == ([], ["IncomingBytes"])
    out = kinesis.enable_enhanced_monitoring(StreamName="s", ShardLevelMetrics=["ALL"])
    assert len(out["DesiredShardLevelMetrics"]) == 7
    out = kinesis.disable_enhanced_monitoring(StreamName="s", ShardLevelMetrics=["ALL"])
    assert len(out["CurrentShardLevelMetrics"]) == 7 and out["DesiredShardLevelMetrics"] == []
    d = kinesis.describe_stream(StreamName="s")["StreamDescription"]
    assert d["EnhancedMonitoring"] == [{"ShardLevelMetrics": []}]


def test_describe_limits(kinesis) -> None:
    kinesis.create_stream(StreamName="p", ShardCount=3)
    kinesis.create_stream(StreamName="od", StreamModeDetails={"StreamMode": "ON_DEMAND"})
    out = kinesis.describe_limits()
    assert {k: out[k] for k in ("ShardLimit", "OpenShardCount", "OnDemandStreamCount", "OnDemandStreamCountLimit")} \
        == {"ShardLimit": 500, "OpenShardCount": 7, "OnDemandStreamCount": 1, "OnDemandStreamCountLimit": 50}
