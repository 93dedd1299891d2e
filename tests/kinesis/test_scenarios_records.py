"""Scenarios through boto3 asserting what real Kinesis returns: puts, iterators, reads, throttling.

Sheet sections 2.2-2.6: routing, size limits, sequence numbers, iterator errors and
expiry, GetRecords' response keys and types, opt-in throughput limits.
"""

from datetime import UTC, datetime

import boto3
import pytest
from botocore.exceptions import ClientError

from .conftest import T0, error_of

ACCOUNT = "123456789012"
SHARD0 = "shardId-000000000000"
SEQ_MSG = ("Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or "
           "(2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. Request specified {} {} StartingSequenceNumber.")


def iterator(kinesis, shard: str = SHARD0, kind: str = "TRIM_HORIZON", stream: str = "s", **kw) -> str:
    return kinesis.get_shard_iterator(StreamName=stream, ShardId=shard, ShardIteratorType=kind, **kw)["ShardIterator"]


@pytest.fixture
def one(kinesis):  # noqa: ANN201 - a botocore client
    kinesis.create_stream(StreamName="s", ShardCount=1)
    return kinesis


# -- PutRecord / PutRecords --------------------------------------------------------------


def test_put_record_shape_and_types(one) -> None:
    out = one.put_record(StreamName="s", Data=b"hello", PartitionKey="k")
    assert set(out) == {"ShardId", "SequenceNumber", "ResponseMetadata"}
    assert out["ShardId"] == SHARD0
    assert isinstance(out["SequenceNumber"], str) and len(out["SequenceNumber"]) == 56
    second = one.put_record(StreamName="s", Data=b"again", PartitionKey="k",
                            SequenceNumberForOrdering=out["SequenceNumber"])
    assert int(second["SequenceNumber"]) > int(out["SequenceNumber"])


def test_routing_matches_aws(kinesis) -> None:
    kinesis.create_stream(StreamName="three", ShardCount=3)
    kinesis.create_stream(StreamName="four", ShardCount=4)
    for stream, expected in (("three", {"a": 0, "b": 1, "f": 1, "e": 2, "1": 2}),
                             ("four", {"a": 0, "b": 2, "e": 3})):
        for key, index in expected.items():
            shard = kinesis.put_record(StreamName=stream, Data=b"x", PartitionKey=key)["ShardId"]
            assert shard == f"shardId-00000000000{index}", (stream, key)
    top = str(2**128 - 1)
    assert kinesis.put_record(StreamName="three", Data=b"x", PartitionKey="a",
                              ExplicitHashKey=top)["ShardId"] == "shardId-000000000002"


def test_explicit_hash_key_out_of_range(one) -> None:
    big = str(2**128)
    with pytest.raises(one.exceptions.InvalidArgumentException) as e:
        one.put_record(StreamName="s", Data=b"x", PartitionKey="k", ExplicitHashKey=big)
    assert error_of(e)[1] == ("Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. "
                              f"Specified value was {big}")
    with pytest.raises(one.exceptions.InvalidArgumentException):
        one.put_records(StreamName="s", Records=[{"Data": b"x", "PartitionKey": "k", "ExplicitHashKey": big}])


def test_bad_sequence_number_for_ordering(one) -> None:
    with pytest.raises(one.exceptions.InvalidArgumentException) as e:
        one.put_record(StreamName="s", Data=b"x", PartitionKey="k", SequenceNumberForOrdering="12345")
    assert error_of(e)[1] == (f"ExclusiveMinimumSequenceNumber 12345 used in PutRecord on stream s under account "
                              f"{ACCOUNT} is invalid.")


def test_record_size_limits(one) -> None:
    with pytest.raises(ClientError) as e:
        one.put_record(StreamName="s", Data=b"x" * (1024 * 1024 + 1), PartitionKey="k")
    assert error_of(e) == ("ValidationException", "1 validation error detected: Value "
                           "'java.nio.HeapByteBuffer[pos=0 lim=1048577 cap=1048577]' at 'data' failed to satisfy "
                           "constraint: Member must have length less than or equal to 1048576")
    with pytest.raises(ClientError) as e:
        one.put_records(StreamName="s", Records=[{"Data": b"x", "PartitionKey": "k"},
                                                 {"Data": b"x" * (1024 * 1024 + 1), "PartitionKey": "k"}])
    assert error_of(e)[0] == "ValidationException"
    assert "at 'records.2.member.data' failed to satisfy constraint" in error_of(e)[1]
    with pytest.raises(ClientError) as e:
        one.put_records(StreamName="s", Records=[{"Data": b"x", "PartitionKey": "k"}] * 501)
    code, message = error_of(e)
    assert code == "ValidationException" and message.startswith("1 validation error detected: Value '[")
    assert message.endswith("]' at 'records' failed to satisfy constraint: Member must have length less than or "
                            "equal to 500")
    exact = [{"Data": b"x" * (1024 * 1024 - 3), "PartitionKey": "key"}] * 5  # exactly 5 MiB: accepted
    assert one.put_records(StreamName="s", Records=exact)["FailedRecordCount"] == 0
    over = exact + [{"Data": b"x", "PartitionKey": "key"}]
    with pytest.raises(one.exceptions.InvalidArgumentException) as e:
        one.put_records(StreamName="s", Records=over)
    assert error_of(e)[1] == "Records size exceeds 5 MB limit"


def test_put_records_shape(kinesis) -> None:
    kinesis.create_stream(StreamName="s", ShardCount=3)
    out = kinesis.put_records(StreamName="s", Records=[
        {"Data": b"1", "PartitionKey": "a"}, {"Data": b"2", "PartitionKey": "e"}, {"Data": b"3", "PartitionKey": "a"}])
    assert out["FailedRecordCount"] == 0
    assert [set(r) for r in out["Records"]] == [{"SequenceNumber", "ShardId"}] * 3
    assert [r["ShardId"][-1] for r in out["Records"]] == ["0", "2", "0"]
    assert int(out["Records"][2]["SequenceNumber"]) > int(out["Records"][0]["SequenceNumber"])


# -- GetShardIterator ----------------------------------------------------------------------


#: a legacy-layout number whose creation date AWS cannot parse (kinesalite, AWS-verified)
BAD_DATE = int("13bb2cc3d8" + "0" * 22, 16)


def test_iterator_argument_errors(one) -> None:
    seq = one.put_record(StreamName="s", Data=b"x", PartitionKey="k")["SequenceNumber"]
    for kind in ("TRIM_HORIZON", "LATEST"):
        with pytest.raises(one.exceptions.InvalidArgumentException) as e:
            iterator(one, kind=kind, StartingSequenceNumber=seq)
        assert error_of(e)[1] == SEQ_MSG.format(kind, "and also a")
    for kind in ("AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER"):
        with pytest.raises(one.exceptions.InvalidArgumentException) as e:
            iterator(one, kind=kind)
        assert error_of(e)[1] == SEQ_MSG.format(kind, "and no")
    with pytest.raises(one.exceptions.InvalidArgumentException) as e:
        iterator(one, kind="AT_TIMESTAMP")
    assert error_of(e)[1] == ("Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. "
                              "Current request has no timestamp parameter.")
    with pytest.raises(one.exceptions.InvalidArgumentException) as e:
        iterator(one, kind="AT_TIMESTAMP", Timestamp=datetime.fromtimestamp(T0 + 10, UTC))
    assert error_of(e)[1] == ("The timestampInMillis parameter cannot be greater than the currentTimestampInMillis. "
                              f"timestampInMillis: {int((T0 + 10) * 1000)}, currentTimestampInMillis: {int(T0 * 1000)}")
    with pytest.raises(one.exceptions.InvalidArgumentException) as e:
        iterator(one, kind="AT_SEQUENCE_NUMBER", StartingSequenceNumber=str(BAD_DATE))
    assert error_of(e)[1] == (f"StartingSequenceNumber {BAD_DATE} used in GetShardIterator on shard {SHARD0} in "
                              f"stream s under account {ACCOUNT} is invalid.")


def test_sequence_number_from_another_shard_or_stream(kinesis, cloud) -> None:
    kinesis.create_stream(StreamName="s", ShardCount=2)
    seq1 = kinesis.put_record(StreamName="s", Data=b"x", PartitionKey="k", ExplicitHashKey=str(2**127))
    assert seq1["ShardId"] == "shardId-000000000001"
    with pytest.raises(kinesis.exceptions.InvalidArgumentException) as e:
        iterator(kinesis, kind="AT_SEQUENCE_NUMBER", StartingSequenceNumber=seq1["SequenceNumber"])
    assert error_of(e)[1] == ("Invalid StartingSequenceNumber. It encodes shardId-000000000001, while it was used "
                              f"in a call to a shard with {SHARD0}")
    cloud.clock.advance(1)
    kinesis.create_stream(StreamName="later", ShardCount=2)
    number = seq1["SequenceNumber"]
    with pytest.raises(kinesis.exceptions.InvalidArgumentException) as e:
        iterator(kinesis, "shardId-000000000001", "AT_SEQUENCE_NUMBER", stream="later", StartingSequenceNumber=number)
    assert error_of(e)[1] == (f"StartingSequenceNumber {number} used in GetShardIterator on shard shardId-000000000001 "
                              f"in stream later under account {ACCOUNT} is invalid because it did not come from this "
                              "stream.")


def test_unknown_shard_and_stream_texts(one) -> None:
    with pytest.raises(one.exceptions.ResourceNotFoundException) as e:
        iterator(one, "shardId-000000000007")
    assert error_of(e)[1] == f"Shard shardId-000000000007 in stream s under account {ACCOUNT} does not exist"
    with pytest.raises(one.exceptions.ResourceNotFoundException) as e:
        iterator(one, stream="nope")
    assert error_of(e)[1] == f"Shard {SHARD0} in stream nope under account {ACCOUNT} does not exist"
    with pytest.raises(one.exceptions.ResourceNotFoundException) as e:
        iterator(one, "garbage")
    assert error_of(e)[1] == f"Could not find shard garbage in stream s under account {ACCOUNT}."
    assert iterator(one, "shardId-0")  # lenient parsing: the number after the last '-'
    assert iterator(one, "anything-0")


# -- GetRecords ------------------------------------------------------------------------------


def test_get_records_shape_and_types(one, cloud) -> None:
    sent = [one.put_record(StreamName="s", Data=bytes([i]) * 3, PartitionKey=f"k{i}") for i in range(3)]
    cloud.clock.advance(2.5)
    out = one.get_records(ShardIterator=iterator(one))
    assert set(out) == {"Records", "NextShardIterator", "MillisBehindLatest", "ResponseMetadata"}
    assert out["MillisBehindLatest"] == 0 and isinstance(out["MillisBehindLatest"], int)
    for record, put in zip(out["Records"], sent, strict=True):
        assert set(record) == {"SequenceNumber", "ApproximateArrivalTimestamp", "Data", "PartitionKey"}
        assert record["SequenceNumber"] == put["SequenceNumber"]
        assert isinstance(record["Data"], bytes)
        assert record["ApproximateArrivalTimestamp"] == datetime.fromtimestamp(T0, UTC)
        assert record["ApproximateArrivalTimestamp"].tzinfo is not None
    again = one.get_records(ShardIterator=out["NextShardIterator"])
    assert again["Records"] == [] and again["NextShardIterator"]  # a fresh iterator even when empty


def test_limit_and_latest(one) -> None:
    latest = iterator(one, kind="LATEST")
    for i in range(5):
        one.put_record(StreamName="s", Data=str(i).encode(), PartitionKey="k")
    out = one.get_records(ShardIterator=latest, Limit=2)
    assert [r["Data"] for r in out["Records"]] == [b"0", b"1"]
    assert out["MillisBehindLatest"] >= 0
    rest = one.get_records(ShardIterator=out["NextShardIterator"])
    assert [r["Data"] for r in rest["Records"]] == [b"2", b"3", b"4"]
    with pytest.raises(ClientError) as e:
        one.get_records(ShardIterator=latest, Limit=10001)
    assert error_of(e) == ("ValidationException", "1 validation error detected: Value '10001' at 'limit' failed to "
                           "satisfy constraint: Member must have value less than or equal to 10000")
    seqs = [r["SequenceNumber"] for r in one.get_records(ShardIterator=iterator(one))["Records"]]
    at = one.get_records(ShardIterator=iterator(one, kind="AT_SEQUENCE_NUMBER", StartingSequenceNumber=seqs[2]))
    after = one.get_records(ShardIterator=iterator(one, kind="AFTER_SEQUENCE_NUMBER", StartingSequenceNumber=seqs[2]))
    assert [r["Data"] for r in at["Records"]] == [b"2", b"3", b"4"]
    assert [r["Data"] for r in after["Records"]] == [b"3", b"4"]


def test_at_timestamp(one, cloud) -> None:
    one.put_record(StreamName="s", Data=b"old", PartitionKey="k")
    cloud.clock.advance(10)
    one.put_record(StreamName="s", Data=b"new", PartitionKey="k")
    it = iterator(one, kind="AT_TIMESTAMP", Timestamp=datetime.fromtimestamp(T0 + 5, UTC))
    assert [r["Data"] for r in one.get_records(ShardIterator=it)["Records"]] == [b"new"]
    it = iterator(one, kind="AT_TIMESTAMP", Timestamp=T0 - 3600)
    assert [r["Data"] for r in one.get_records(ShardIterator=it)["Records"]] == [b"old", b"new"]


def test_invalid_and_expired_iterators(one, cloud) -> None:
    with pytest.raises(one.exceptions.InvalidArgumentException) as e:
        one.get_records(ShardIterator="AAAAAAAAAAGc5QoZj0/tOa8i2S8mwNTXd8yqq4x5ZB4=")
    assert error_of(e)[1] == "Invalid ShardIterator."
    it = iterator(one)
    cloud.clock.advance(300)
    one.get_records(ShardIterator=it)  # exactly 5 minutes: still valid
    cloud.clock.advance(1)
    with pytest.raises(one.exceptions.ExpiredIteratorException) as e:
        one.get_records(ShardIterator=it)
    assert error_of(e)[1] == (
        "Iterator expired. The iterator was created at time Tue Nov 14 22:13:20 UTC 2023 while right now it is "
        "Tue Nov 14 22:18:21 UTC 2023 which is further in the future than the tolerated delay of 300000 "
        "milliseconds.")


def test_deleted_stream_iterator(one) -> None:
    it = iterator(one)
    one.delete_stream(StreamName="s")
    with pytest.raises(one.exceptions.ResourceNotFoundException) as e:
        one.get_records(ShardIterator=it)
    assert error_of(e)[1] == f"Shard {SHARD0} in stream s under account {ACCOUNT} does not exist"
    one.create_stream(StreamName="s", ShardCount=1)  # AWS: the shard exists again, so the iterator reads it
    assert one.get_records(ShardIterator=it)["Records"] == []


def test_retention_trims_records(one, cloud) -> None:
    one.put_record(StreamName="s", Data=b"old", PartitionKey="k")
    cloud.clock.advance(23 * 3600)
    one.put_record(StreamName="s", Data=b"new", PartitionKey="k")
    cloud.clock.advance(3600 + 1)
    assert [r["Data"] for r in one.get_records(ShardIterator=iterator(one))["Records"]] == [b"new"]


# -- throughput (opt-in) -------------------------------------------------------------------------


def test_throttling_when_enabled(kinesis, cloud) -> None:
    cloud.backend("kinesis").throughput_limits = True
    kinesis = boto3.client("kinesis", region_name="us-east-1",  # no SDK retries: see the throttle
                           config=boto3.session.Config(retries={"max_attempts": 0}))
    kinesis.create_stream(StreamName="t", ShardCount=1)
    text = f"Rate exceeded for shard {SHARD0} in stream t under account {ACCOUNT}."
    out = kinesis.put_records(StreamName="t", Records=[{"Data": b"x", "PartitionKey": "k"}] * 500)
    out2 = kinesis.put_records(StreamName="t", Records=[{"Data": b"x", "PartitionKey": "k"}] * 500)
    assert out["FailedRecordCount"] == out2["FailedRecordCount"] == 0
    over = kinesis.put_records(StreamName="t", Records=[{"Data": b"x", "PartitionKey": "k"}] * 2)
    assert over["FailedRecordCount"] == 2
    assert over["Records"] == [{"ErrorCode": "ProvisionedThroughputExceededException", "ErrorMessage": text}] * 2
    with pytest.raises(kinesis.exceptions.ProvisionedThroughputExceededException) as e:
        kinesis.put_record(StreamName="t", Data=b"x", PartitionKey="k")
    assert error_of(e) == ("ProvisionedThroughputExceededException", text)
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    cloud.clock.advance(1)
    assert kinesis.put_record(StreamName="t", Data=b"x", PartitionKey="k")["ShardId"] == SHARD0


def test_no_throttling_by_default(one) -> None:
    for _ in range(3):
        assert one.put_records(StreamName="s", Records=[{"Data": b"x", "PartitionKey": "k"}] * 500)[
            "FailedRecordCount"] == 0


def test_shard_index_beyond_a_java_int(one) -> None:
    with pytest.raises(one.exceptions.ResourceNotFoundException) as e:
        iterator(one, "shardId-999999999999")
    assert error_of(e)[1] == f"Could not find shard shardId-999999999999 in stream s under account {ACCOUNT}."
    with pytest.raises(one.exceptions.ResourceNotFoundException) as e:
        iterator(one, "shardId-002147483647")
    assert error_of(e)[1] == f"Shard shardId-002147483647 in stream s under account {ACCOUNT} does not exist"


def test_read_throttling_when_enabled(kinesis, cloud) -> None:
    cloud.backend("kinesis").throughput_limits = True
    kinesis = boto3.client("kinesis", region_name="us-east-1",  # no SDK retries: see the throttle
                           config=boto3.session.Config(retries={"max_attempts": 0}))
    kinesis.create_stream(StreamName="t", ShardCount=1)
    it = iterator(kinesis, stream="t")
    for _ in range(5):
        kinesis.get_records(ShardIterator=it)
    with pytest.raises(kinesis.exceptions.ProvisionedThroughputExceededException) as e:
        kinesis.get_records(ShardIterator=it)
    assert error_of(e)[1] == f"Rate exceeded for shard {SHARD0} in stream t under account {ACCOUNT}."
    cloud.clock.advance(1)
    assert kinesis.get_records(ShardIterator=it)["Records"] == []
