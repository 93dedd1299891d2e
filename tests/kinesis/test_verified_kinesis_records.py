"""Record-plane scenarios ported (in our own words) from moto's Kinesis tests.

Iterators of every type, GetRecords limits, MillisBehindLatest and the PutRecords size limits;
time passes on the injected ManualClock instead of sleeping. Sequence numbers are compared as
integers (AWS's are 56-digit strings, not moto's "1", "2", ...).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import boto3
import pytest
from botocore.exceptions import ClientError

ACCOUNT = "123456789012"
ONE_MB = 2**20


def client(region: str = "eu-west-2"):  # noqa: ANN201 - a botocore client
    return boto3.client("kinesis", region_name=region)


def err(exc: pytest.ExceptionInfo) -> tuple[str, str]:
    e = exc.value.response["Error"]
    return e["Code"], e["Message"]


def one_shard_stream(kin, name: str = "s") -> tuple[str, str]:
    kin.create_stream(StreamName=name, ShardCount=1)
    d = kin.describe_stream(StreamName=name)["StreamDescription"]
    return d["StreamARN"], d["Shards"][0]["ShardId"]


def iterator(kin, shard_id: str, kind: str, name: str = "s", **extra) -> str:
    return kin.get_shard_iterator(StreamName=name, ShardId=shard_id, ShardIteratorType=kind, **extra)["ShardIterator"]


def test_empty_shard_reads_nothing_and_is_caught_up(aws) -> None:
    kin = client("us-west-1")
    stream_arn, shard = one_shard_stream(kin)
    resp = kin.get_records(ShardIterator=iterator(kin, shard, "TRIM_HORIZON"))
    assert resp["Records"] == [] and resp["MillisBehindLatest"] == 0
    assert "NextShardIterator" in resp
    by_arn = kin.get_shard_iterator(StreamARN=stream_arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")
    resp = kin.get_records(StreamARN=stream_arn, ShardIterator=by_arn["ShardIterator"])
    assert resp["Records"] == [] and resp["MillisBehindLatest"] == 0


def test_unknown_shard_id_is_normalised_in_the_message(aws) -> None:
    kin = client("us-west-1")
    one_shard_stream(kin, "mystream")
    with pytest.raises(ClientError) as exc:
        kin.get_shard_iterator(StreamName="mystream", ShardId="123", ShardIteratorType="TRIM_HORIZON")
    assert err(exc) == ("ResourceNotFoundException",
                        f"Shard shardId-000000000123 in stream mystream under account {ACCOUNT} does not exist")


def test_invalid_shard_iterator_type(aws) -> None:
    """moto answers InvalidArgumentException; AWS's JSON front end rejects the enum (kinesalite, AWS-validated)."""
    kin = client()
    _, shard = one_shard_stream(kin)
    with pytest.raises(ClientError) as exc:
        iterator(kin, shard, "invalid-type")
    assert err(exc) == ("ValidationException",
                        "1 validation error detected: Value 'invalid-type' at 'shardIteratorType' failed to satisfy "
                        "constraint: Member must satisfy enum value set: "
                        "[AFTER_SEQUENCE_NUMBER, LATEST, AT_TIMESTAMP, AT_SEQUENCE_NUMBER, TRIM_HORIZON]")


def test_malformed_starting_sequence_number_pattern(aws) -> None:
    kin = client()
    _, shard = one_shard_stream(kin)
    with pytest.raises(ClientError) as exc:
        iterator(kin, shard, "AT_SEQUENCE_NUMBER", StartingSequenceNumber="abc")
    assert err(exc) == ("ValidationException",
                        "1 validation error detected: Value 'abc' at 'startingSequenceNumber' failed to satisfy "
                        "constraint: Member must satisfy regular expression pattern: 0|([1-9]\\d{0,128})")


def test_unparsable_shard_id_on_get_shard_iterator(aws) -> None:
    kin = client()
    one_shard_stream(kin)
    with pytest.raises(ClientError) as exc:
        iterator(kin, "ABKLFD8", "LATEST")
    assert err(exc) == ("ResourceNotFoundException", f"Could not find shard ABKLFD8 in stream s under account {ACCOUNT}.")


def test_put_records_by_arn_then_read_back(aws) -> None:
    kin = client()
    stream_arn, shard = one_shard_stream(kin)
    put = kin.put_records(Records=[{"Data": b"hello world", "PartitionKey": "1234"}] * 5, StreamARN=stream_arn)
    assert put["FailedRecordCount"] == 0
    assert [r["ShardId"] for r in put["Records"]] == [shard] * 5
    seqs = [int(r["SequenceNumber"]) for r in put["Records"]]
    assert seqs == sorted(seqs) and len(set(seqs)) == 5
    records = kin.get_records(ShardIterator=iterator(kin, shard, "TRIM_HORIZON"))["Records"]
    assert len(records) == 5
    assert records[0]["Data"] == b"hello world" and records[0]["PartitionKey"] == "1234"
    assert records[0]["SequenceNumber"] == put["Records"][0]["SequenceNumber"]


def test_get_records_limit_then_the_rest(aws) -> None:
    kin = client()
    stream_arn, shard = one_shard_stream(kin)
    for i in range(5):
        kin.put_record(StreamARN=stream_arn, Data=b"hello world", PartitionKey=str(i))
    first = kin.get_records(ShardIterator=iterator(kin, shard, "TRIM_HORIZON"), Limit=3)
    assert len(first["Records"]) == 3
    rest = kin.get_records(ShardIterator=first["NextShardIterator"])
    assert [r["PartitionKey"] for r in rest["Records"]] == ["3", "4"]


def _four_records(kin, shard: str) -> list[dict]:
    for i in range(1, 5):
        kin.put_record(StreamName="s", Data=f"data_{i}".encode(), PartitionKey=str(i))
    return kin.get_records(ShardIterator=iterator(kin, shard, "TRIM_HORIZON"), Limit=2)["Records"]


def test_at_sequence_number_is_inclusive(aws) -> None:
    kin = client()
    _, shard = one_shard_stream(kin)
    second = _four_records(kin, shard)[1]["SequenceNumber"]
    it = iterator(kin, shard, "AT_SEQUENCE_NUMBER", StartingSequenceNumber=second)
    records = kin.get_records(ShardIterator=it)["Records"]
    assert records[0]["SequenceNumber"] == second
    assert records[0]["Data"] == b"data_2"


def test_after_sequence_number_is_exclusive(aws) -> None:
    kin = client()
    _, shard = one_shard_stream(kin)
    second = _four_records(kin, shard)[1]["SequenceNumber"]
    resp = kin.get_records(ShardIterator=iterator(kin, shard, "AFTER_SEQUENCE_NUMBER", StartingSequenceNumber=second))
    assert [r["Data"] for r in resp["Records"]] == [b"data_3", b"data_4"]
    assert int(resp["Records"][0]["SequenceNumber"]) > int(second)
    assert resp["MillisBehindLatest"] == 0


def test_latest_only_sees_later_records(aws) -> None:
    kin = client()
    _, shard = one_shard_stream(kin)
    _four_records(kin, shard)
    it = iterator(kin, shard, "LATEST")
    put = kin.put_record(StreamName="s", Data=b"last_record", PartitionKey="last_record")
    resp = kin.get_records(ShardIterator=it)
    assert len(resp["Records"]) == 1
    rec = resp["Records"][0]
    assert rec["SequenceNumber"] == put["SequenceNumber"]
    assert (rec["PartitionKey"], rec["Data"]) == ("last_record", b"last_record")
    assert resp["MillisBehindLatest"] == 0


def test_latest_with_a_starting_sequence_number_is_rejected(aws) -> None:
    """moto accepts this; AWS refuses a StartingSequenceNumber for TRIM_HORIZON/LATEST (sheet 2.6)."""
    kin = client()
    _, shard = one_shard_stream(kin)
    second = _four_records(kin, shard)[1]["SequenceNumber"]
    with pytest.raises(ClientError) as exc:
        iterator(kin, shard, "LATEST", StartingSequenceNumber=second)
    assert err(exc) == ("InvalidArgumentException",
                        "Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber "
                        "or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. Request specified LATEST and also "
                        "a StartingSequenceNumber.")


def test_at_timestamp_returns_records_from_that_instant(aws) -> None:
    kin = client("us-west-2")
    _, shard = one_shard_stream(kin)
    for i in range(1, 5):
        kin.put_record(StreamName="s", Data=str(i).encode(), PartitionKey=str(i))
    aws.clock.advance(1.0)
    stamp = aws.clock.datetime()
    keys = [str(i) for i in range(5, 10)]
    for k in keys:
        kin.put_record(StreamName="s", Data=k.encode(), PartitionKey=k)
    resp = kin.get_records(ShardIterator=iterator(kin, shard, "AT_TIMESTAMP", Timestamp=stamp))
    assert [r["PartitionKey"] for r in resp["Records"]] == keys
    assert resp["MillisBehindLatest"] == 0


def test_at_very_old_timestamp_reads_everything(aws) -> None:
    kin = client("us-west-2")
    _, shard = one_shard_stream(kin)
    keys = [str(i) for i in range(1, 5)]
    for k in keys:
        kin.put_record(StreamName="s", Data=k.encode(), PartitionKey=k)
    resp = kin.get_records(ShardIterator=iterator(kin, shard, "AT_TIMESTAMP", Timestamp=1))
    assert [r["PartitionKey"] for r in resp["Records"]] == keys
    assert resp["MillisBehindLatest"] == 0


def test_at_timestamp_filters_older_records(aws) -> None:
    kin = client("us-west-2")
    _, shard = one_shard_stream(kin)
    kin.put_record(StreamName="s", Data=b"0", PartitionKey="0")
    aws.clock.advance(1.0)
    stamp = aws.clock.datetime()
    aws.clock.advance(0.01)
    kin.put_record(StreamName="s", Data=b"1", PartitionKey="1")
    resp = kin.get_records(ShardIterator=iterator(kin, shard, "AT_TIMESTAMP", Timestamp=stamp))
    assert [r["PartitionKey"] for r in resp["Records"]] == ["1"]
    assert resp["Records"][0]["ApproximateArrivalTimestamp"] > stamp
    assert resp["MillisBehindLatest"] == 0


def test_millis_behind_latest_is_positive_when_lagging(aws) -> None:
    kin = client("us-west-2")
    _, shard = one_shard_stream(kin)
    kin.put_record(StreamName="s", Data=b"0", PartitionKey="0")
    aws.clock.advance(1.0)
    kin.put_record(StreamName="s", Data=b"1", PartitionKey="1")
    resp = kin.get_records(ShardIterator=iterator(kin, shard, "TRIM_HORIZON"), Limit=1)
    assert len(resp["Records"]) == 1
    assert resp["MillisBehindLatest"] > 0


def test_at_timestamp_after_the_last_record_reads_nothing_yet(aws) -> None:
    kin = client("us-west-2")
    _, shard = one_shard_stream(kin)
    for k in ("1", "2", "3", "4"):
        kin.put_record(StreamName="s", Data=k.encode(), PartitionKey=k)
    aws.clock.advance(5)
    stamp = aws.clock.datetime() - timedelta(seconds=1)
    resp = kin.get_records(ShardIterator=iterator(kin, shard, "AT_TIMESTAMP", Timestamp=stamp))
    assert resp["Records"] == [] and resp["MillisBehindLatest"] == 0


def test_at_timestamp_on_empty_stream(aws) -> None:
    kin = client("us-west-2")
    _, shard = one_shard_stream(kin)
    resp = kin.get_records(ShardIterator=iterator(kin, shard, "AT_TIMESTAMP", Timestamp=aws.clock.datetime()))
    assert resp["Records"] == [] and resp["MillisBehindLatest"] == 0


def test_at_timestamp_in_the_future_is_rejected(aws) -> None:
    """moto returns an empty read; AWS refuses a timestamp beyond now (sheet 2.6)."""
    kin = client("us-west-2")
    _, shard = one_shard_stream(kin)
    future = datetime.fromtimestamp(aws.clock.now() + 10, UTC)
    with pytest.raises(ClientError) as exc:
        iterator(kin, shard, "AT_TIMESTAMP", Timestamp=future)
    code, message = err(exc)
    assert code == "InvalidArgumentException"
    assert message.startswith("The timestampInMillis parameter cannot be greater than the currentTimestampInMillis.")


# -- PutRecords size limits (moto's test_kinesis_stream_limits) -------------------------


def _put(kin, records: list[dict]) -> dict:
    return kin.put_records(Records=records, StreamName="s")


def test_record_data_over_1mb_is_a_validation_error(aws) -> None:
    kin = client("us-east-1")
    one_shard_stream(kin)
    with pytest.raises(ClientError) as exc:
        _put(kin, [{"Data": b"a" * (ONE_MB + 1), "PartitionKey": "key"}])
    code, message = err(exc)
    assert code == "ValidationException"
    assert message.startswith("1 validation error detected: Value ")
    assert message.endswith("at 'records.1.member.data' failed to satisfy constraint: "
                            "Member must have length less than or equal to 1048576")


@pytest.mark.parametrize("data_size", [ONE_MB - 3, ONE_MB - 4])
def test_record_data_plus_key_up_to_1mb_is_accepted(aws, data_size: int) -> None:
    kin = client("us-east-1")
    one_shard_stream(kin)
    assert _put(kin, [{"Data": b"a" * data_size, "PartitionKey": "key"}])["FailedRecordCount"] == 0


def test_total_over_5mb_is_invalid_argument(aws) -> None:
    kin = client("us-east-1")
    one_shard_stream(kin)
    with pytest.raises(ClientError) as exc:
        _put(kin, [{"Data": b"a" * ONE_MB, "PartitionKey": "key"}] * 5)
    assert err(exc) == ("InvalidArgumentException", "Records size exceeds 5 MB limit")
    shard = kin.list_shards(StreamName="s")["Shards"][0]["ShardId"]
    assert kin.get_records(ShardIterator=iterator(kin, shard, "TRIM_HORIZON"))["Records"] == []


def test_total_exactly_5mb_is_accepted(aws) -> None:
    kin = client("us-east-1")
    one_shard_stream(kin)
    assert _put(kin, [{"Data": b"a" * (ONE_MB - 3), "PartitionKey": "key"}] * 5)["FailedRecordCount"] == 0


def test_more_than_500_records_is_a_validation_error(aws) -> None:
    kin = client("us-east-1")
    one_shard_stream(kin)
    with pytest.raises(ClientError) as exc:
        _put(kin, [{"Data": b"a", "PartitionKey": "key"}] * 501)
    code, message = err(exc)
    assert code == "ValidationException"
    assert message.startswith("1 validation error detected: Value '[{Data=java.nio.HeapByteBuffer[pos=0 lim=1 cap=1]")
    assert message.endswith("' at 'records' failed to satisfy constraint: "
                            "Member must have length less than or equal to 500")
