"""Scenarios through boto3 asserting what real Kinesis returns when resharding (sheet section 2.8)."""

from datetime import UTC, datetime

import pytest
from botocore.exceptions import ClientError

from .conftest import T0, error_of

ACCOUNT = "123456789012"
TOP = 2**128 - 1


def shard_id(i: int) -> str:
    return f"shardId-{i:012d}"


def shards(kinesis, stream: str = "s") -> dict[str, dict]:
    return {s["ShardId"]: s for s in kinesis.list_shards(StreamName=stream)["Shards"]}


def test_split_shard_children(kinesis) -> None:
    kinesis.create_stream(StreamName="s", ShardCount=1)
    kinesis.put_record(StreamName="s", Data=b"before", PartitionKey="k")
    key = 2**127
    kinesis.split_shard(StreamName="s", ShardToSplit=shard_id(0), NewStartingHashKey=str(key))
    listed = shards(kinesis)
    assert list(listed) == [shard_id(0), shard_id(1), shard_id(2)]
    parent = listed[shard_id(0)]
    assert "EndingSequenceNumber" in parent["SequenceNumberRange"]
    left, right = listed[shard_id(1)], listed[shard_id(2)]
    assert left["HashKeyRange"] == {"StartingHashKey": "0", "EndingHashKey": str(key - 1)}
    assert right["HashKeyRange"] == {"StartingHashKey": str(key), "EndingHashKey": str(TOP)}
    for child in (left, right):
        assert child["ParentShardId"] == shard_id(0) and "AdjacentParentShardId" not in child
        assert "EndingSequenceNumber" not in child["SequenceNumberRange"]
        assert int(child["SequenceNumberRange"]["StartingSequenceNumber"]) > int(
            parent["SequenceNumberRange"]["EndingSequenceNumber"])
    open_only = kinesis.list_shards(StreamName="s", ShardFilter={"Type": "AT_LATEST"})["Shards"]
    assert [s["ShardId"] for s in open_only] == [shard_id(1), shard_id(2)]
    after = kinesis.list_shards(StreamName="s", ShardFilter={"Type": "AFTER_SHARD_ID", "ShardId": shard_id(1)})
    assert [s["ShardId"] for s in after["Shards"]] == [shard_id(2)]


def test_reading_a_closed_shard_to_its_end(kinesis) -> None:
    kinesis.create_stream(StreamName="s", ShardCount=1)
    kinesis.put_record(StreamName="s", Data=b"before", PartitionKey="k")
    kinesis.split_shard(StreamName="s", ShardToSplit=shard_id(0), NewStartingHashKey=str(2**127))
    it = kinesis.get_shard_iterator(StreamName="s", ShardId=shard_id(0),
                                    ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    out = kinesis.get_records(ShardIterator=it)
    assert [r["Data"] for r in out["Records"]] == [b"before"]
    assert "NextShardIterator" not in out
    assert out["ChildShards"] == [
        {"ShardId": shard_id(1), "ParentShards": [shard_id(0)],
         "HashKeyRange": {"StartingHashKey": "0", "EndingHashKey": str(2**127 - 1)}},
        {"ShardId": shard_id(2), "ParentShards": [shard_id(0)],
         "HashKeyRange": {"StartingHashKey": str(2**127), "EndingHashKey": str(TOP)}}]
    partial = kinesis.get_records(ShardIterator=it, Limit=1)  # same iterator, same records
    assert [r["Data"] for r in partial["Records"]] == [b"before"]
    shard = kinesis.put_record(StreamName="s", Data=b"after", PartitionKey="k")["ShardId"]
    assert shard in (shard_id(1), shard_id(2))
    it = kinesis.get_shard_iterator(StreamName="s", ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    out = kinesis.get_records(ShardIterator=it)
    assert [r["Data"] for r in out["Records"]] == [b"after"] and "ChildShards" not in out
    assert "NextShardIterator" in out


def test_split_errors(kinesis) -> None:
    kinesis.create_stream(StreamName="s", ShardCount=2)
    end0 = 2**127 - 1
    for key in ("0", "1", str(end0)):
        with pytest.raises(kinesis.exceptions.InvalidArgumentException) as e:
            kinesis.split_shard(StreamName="s", ShardToSplit=shard_id(0), NewStartingHashKey=key)
        assert error_of(e)[1] == (
            f"NewStartingHashKey {key} used in SplitShard() on shard {shard_id(0)} in stream s under account "
            f"{ACCOUNT} is not both greater than one plus the shard's StartingHashKey 0 and less than the shard's "
            f"EndingHashKey {end0}.")
    with pytest.raises(kinesis.exceptions.ResourceNotFoundException) as e:
        kinesis.split_shard(StreamName="s", ShardToSplit=shard_id(9), NewStartingHashKey="100")
    assert error_of(e)[1] == f"Could not find shard {shard_id(9)} in stream s under account {ACCOUNT}."
    with pytest.raises(kinesis.exceptions.ResourceNotFoundException) as e:
        kinesis.split_shard(StreamName="nope", ShardToSplit=shard_id(0), NewStartingHashKey="100")
    assert error_of(e)[1] == f"Stream nope under account {ACCOUNT} not found."
    kinesis.split_shard(StreamName="s", ShardToSplit=shard_id(0), NewStartingHashKey="2")  # start + 2: the minimum
    with pytest.raises(kinesis.exceptions.InvalidArgumentException) as e:
        kinesis.split_shard(StreamName="s", ShardToSplit=shard_id(0), NewStartingHashKey="100")
    assert error_of(e)[1] == (f"Shard {shard_id(0)} in stream s under account {ACCOUNT} has already been merged or "
                              "split, and thus is not eligible for merging or splitting.")
    with pytest.raises(ClientError) as e:
        kinesis.split_shard(StreamName="s", ShardToSplit=shard_id(1), NewStartingHashKey="-5")
    assert error_of(e)[0] == "ValidationException"


def test_merge_shards(kinesis) -> None:
    kinesis.create_stream(StreamName="s", ShardCount=3)
    with pytest.raises(kinesis.exceptions.InvalidArgumentException) as e:
        kinesis.merge_shards(StreamName="s", ShardToMerge=shard_id(1), AdjacentShardToMerge=shard_id(0))
    assert error_of(e)[1] == (f"Shards {shard_id(1)} and {shard_id(0)} in stream s under account {ACCOUNT} are not "
                              "an adjacent pair of shards eligible for merging")
    with pytest.raises(kinesis.exceptions.InvalidArgumentException):
        kinesis.merge_shards(StreamName="s", ShardToMerge=shard_id(0), AdjacentShardToMerge=shard_id(2))
    kinesis.merge_shards(StreamName="s", ShardToMerge=shard_id(0), AdjacentShardToMerge=shard_id(1))
    child = shards(kinesis)[shard_id(3)]
    assert (child["ParentShardId"], child["AdjacentParentShardId"]) == (shard_id(0), shard_id(1))
    assert child["HashKeyRange"] == {"StartingHashKey": "0", "EndingHashKey": "226854911280625642308916404954512140969"}
    with pytest.raises(kinesis.exceptions.InvalidArgumentException) as e:
        kinesis.merge_shards(StreamName="s", ShardToMerge=shard_id(1), AdjacentShardToMerge=shard_id(2))
    assert "has already been merged or split" in error_of(e)[1]
    it = kinesis.get_shard_iterator(StreamName="s", ShardId=shard_id(1),
                                    ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    out = kinesis.get_records(ShardIterator=it)
    assert out["ChildShards"][0]["ParentShards"] == [shard_id(0), shard_id(1)]


def test_not_active_and_on_demand(kinesis, cloud) -> None:
    cloud.backend("kinesis").status_delay = 1
    kinesis.create_stream(StreamName="s", ShardCount=2)
    cloud.clock.advance(1)
    kinesis.split_shard(StreamName="s", ShardToSplit=shard_id(0), NewStartingHashKey="100")
    assert kinesis.describe_stream(StreamName="s")["StreamDescription"]["StreamStatus"] == "UPDATING"
    with pytest.raises(kinesis.exceptions.ResourceInUseException) as e:
        kinesis.merge_shards(StreamName="s", ShardToMerge=shard_id(0), AdjacentShardToMerge=shard_id(1))
    assert error_of(e)[1] == f"Stream s under account {ACCOUNT} not ACTIVE, instead in state UPDATING"
    with pytest.raises(kinesis.exceptions.ResourceInUseException) as e:
        kinesis.update_shard_count(StreamName="s", TargetShardCount=3, ScalingType="UNIFORM_SCALING")
    assert error_of(e)[1] == f"Stream s under account {ACCOUNT} not ACTIVE, instead in state UPDATING"
    kinesis.put_record(StreamName="s", Data=b"x", PartitionKey="k")  # writes continue while UPDATING
    cloud.clock.advance(1)
    assert kinesis.describe_stream(StreamName="s")["StreamDescription"]["StreamStatus"] == "ACTIVE"
    cloud.backend("kinesis").status_delay = 0
    kinesis.create_stream(StreamName="od", StreamModeDetails={"StreamMode": "ON_DEMAND"})
    text = f"Request is invalid. Stream od under account {ACCOUNT} is in On-Demand mode."
    for call in (lambda: kinesis.split_shard(StreamName="od", ShardToSplit=shard_id(0), NewStartingHashKey="100"),
                 lambda: kinesis.merge_shards(StreamName="od", ShardToMerge=shard_id(0),
                                              AdjacentShardToMerge=shard_id(1)),
                 lambda: kinesis.update_shard_count(StreamName="od", TargetShardCount=5,
                                                    ScalingType="UNIFORM_SCALING")):
        with pytest.raises(ClientError) as e:
            call()
        assert error_of(e) == ("ValidationException", text)


@pytest.mark.parametrize(("current", "target", "total"), [(2, 4, 6), (4, 5, 15), (10, 13, 37), (4, 2, 6), (5, 3, 7)])
def test_update_shard_count_totals(kinesis, current: int, target: int, total: int) -> None:
    """The total shard counts AWS leaves behind (recorded by moto against AWS)."""
    kinesis.create_stream(StreamName="s", ShardCount=current)
    out = kinesis.update_shard_count(StreamName="s", TargetShardCount=target, ScalingType="UNIFORM_SCALING")
    assert {k: v for k, v in out.items() if k != "ResponseMetadata"} == {
        "StreamName": "s", "CurrentShardCount": current, "TargetShardCount": target,
        "StreamARN": f"arn:aws:kinesis:us-east-1:{ACCOUNT}:stream/s"}
    listed = kinesis.list_shards(StreamName="s")["Shards"]
    assert len(listed) == total
    assert [s["ShardId"] for s in listed] == [shard_id(i) for i in range(total)]  # ids in order, never reused
    ranges = sorted((int(s["HashKeyRange"]["StartingHashKey"]), int(s["HashKeyRange"]["EndingHashKey"]))
                    for s in listed if "EndingSequenceNumber" not in s["SequenceNumberRange"])
    assert len(ranges) == target
    assert ranges[0][0] == 0 and ranges[-1][1] == TOP
    assert all(a[1] + 1 == b[0] for a, b in zip(ranges, ranges[1:]))  # the open shards tile the hash space
    summary = kinesis.describe_stream_summary(StreamName="s")["StreamDescriptionSummary"]
    assert summary["OpenShardCount"] == target


def test_update_shard_count_limits(kinesis) -> None:
    kinesis.create_stream(StreamName="s", ShardCount=4)
    with pytest.raises(kinesis.exceptions.LimitExceededException) as e:
        kinesis.update_shard_count(StreamName="s", TargetShardCount=9, ScalingType="UNIFORM_SCALING")
    assert error_of(e)[1] == ("UpdateShardCount cannot scale up over double your current open shard count. "
                              "Current open shard count: 4, Target shard count: 9")
    with pytest.raises(kinesis.exceptions.LimitExceededException) as e:
        kinesis.update_shard_count(StreamName="s", TargetShardCount=1, ScalingType="UNIFORM_SCALING")
    assert error_of(e)[1] == ("UpdateShardCount cannot scale down below half your current open shard count. "
                              "Current open shard count: 4, Target shard count: 1")
    assert len(shards(kinesis)) == 4  # nothing changed


def test_shard_filters_after_a_split(kinesis, cloud) -> None:
    def ids(flt: dict) -> list[str]:
        return [s["ShardId"][-1] for s in kinesis.list_shards(StreamName="s", ShardFilter=flt)["Shards"]]

    def at(offset: float) -> datetime:
        return datetime.fromtimestamp(T0 + offset, UTC)

    kinesis.create_stream(StreamName="s", ShardCount=1)
    kinesis.put_record(StreamName="s", Data=b"x", PartitionKey="k")
    cloud.clock.advance(10)
    kinesis.split_shard(StreamName="s", ShardToSplit=shard_id(0), NewStartingHashKey=str(2**127))
    cloud.clock.advance(10)
    assert ids({"Type": "FROM_TRIM_HORIZON"}) == ["0", "1", "2"]
    assert ids({"Type": "AT_TRIM_HORIZON"}) == ["0"]
    assert ids({"Type": "AT_LATEST"}) == ["1", "2"]
    assert ids({"Type": "AFTER_SHARD_ID", "ShardId": shard_id(0)}) == ["1", "2"]
    assert ids({"Type": "AT_TIMESTAMP", "Timestamp": at(5)}) == ["0"]
    assert ids({"Type": "AT_TIMESTAMP", "Timestamp": at(15)}) == ["1", "2"]
    assert ids({"Type": "FROM_TIMESTAMP", "Timestamp": at(5)}) == ["0", "1", "2"]
    assert ids({"Type": "FROM_TIMESTAMP", "Timestamp": at(15)}) == ["1", "2"]
    cloud.clock.advance(25 * 3600)  # the parent's records are past retention: it is no longer listed
    assert ids({"Type": "FROM_TRIM_HORIZON"}) == ["1", "2"]
    assert [s["ShardId"] for s in kinesis.describe_stream(StreamName="s")["StreamDescription"]["Shards"]] == [
        shard_id(1), shard_id(2)]
