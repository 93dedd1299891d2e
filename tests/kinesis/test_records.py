"""Native PutRecord(s) / GetShardIterator / GetRecords."""

from datetime import UTC, datetime

import pytest

from awscore.clock import ManualClock
from awscore.kinesis import Stream
from awscore.kinesis.errors import (
    ExpiredIteratorException,
    InvalidArgumentException,
    ResourceNotFoundException,
    ValidationException,
)

from .conftest import T0

S0 = "shardId-000000000000"


def drain(stream: Stream, shard_id: str, kind: str = "TRIM_HORIZON", **kw) -> list[bytes]:
    it = stream.get_shard_iterator(shard_id, kind, **kw)
    out: list[bytes] = []
    while it is not None:
        res = stream.get_records(it, limit=3)
        out += [r.data for r in res.records]
        if not res.records and res.next_iterator is not None:
            break
        it = res.next_iterator
    return out


def test_put_and_read_in_order(stream: Stream) -> None:
    results = stream.put_records([(b"%d" % i, "same-key") for i in range(10)])
    assert all(r.ok for r in results)
    shard = results[0].shard_id
    assert {r.shard_id for r in results} == {shard}
    seqs = [r.sequence_number for r in results]
    assert seqs == sorted(seqs) and len(set(seqs)) == 10
    assert drain(stream, shard) == [b"%d" % i for i in range(10)]


def test_sequence_numbers_are_56_digits_and_encode_the_shard(stream: Stream) -> None:
    r = stream.put_record(b"x", "k", explicit_hash_key=str(2**127 + 5))
    assert r.shard_id == "shardId-000000000001"
    assert len(str(r.sequence_number)) == 56
    from awscore.kinesis import seqnum

    parts = seqnum.decode(r.sequence_number)
    assert parts.shard_index == 1 and parts.record_secs == int(T0)


def test_iterator_types(stream: Stream, clock: ManualClock) -> None:
    first = stream.put_record(b"a", "k", explicit_hash_key=0)
    clock.advance(10)
    second = stream.put_record(b"b", "k", explicit_hash_key=0)
    latest = stream.get_shard_iterator(S0, "LATEST")
    stream.put_record(b"c", "k", explicit_hash_key=0)
    assert [r.data for r in stream.get_records(latest).records] == [b"c"]
    assert drain(stream, S0, "AT_SEQUENCE_NUMBER", starting_sequence_number=str(second.sequence_number)) == [b"b", b"c"]
    assert drain(stream, S0, "AFTER_SEQUENCE_NUMBER", starting_sequence_number=second.sequence_number) == [b"c"]
    assert drain(stream, S0, "AT_TIMESTAMP", timestamp=T0 + 5) == [b"b", b"c"]
    assert drain(stream, S0, "AT_TIMESTAMP", timestamp=datetime.fromtimestamp(T0 - 100, UTC)) == [b"a", b"b", b"c"]
    assert first.sequence_number < second.sequence_number


def test_iterator_is_an_immutable_position(stream: Stream) -> None:
    stream.put_records([(b"1", "k"), (b"2", "k")])
    shard = stream.put_record(b"3", "k").shard_id
    it = stream.get_shard_iterator(shard, "TRIM_HORIZON")
    a = stream.get_records(it, limit=2)
    b = stream.get_records(it, limit=2)
    assert [r.data for r in a.records] == [r.data for r in b.records] == [b"1", b"2"]
    rest = stream.get_records(a.next_iterator)
    assert [r.data for r in rest.records] == [b"3"]
    empty = stream.get_records(rest.next_iterator)
    assert empty.records == [] and empty.next_iterator and empty.millis_behind_latest == 0


def test_millis_behind_latest(stream: Stream, clock: ManualClock) -> None:
    stream.put_records([(b"1", "k"), (b"2", "k")])
    clock.advance(3)
    shard = stream.put_record(b"3", "k").shard_id
    res = stream.get_records(stream.get_shard_iterator(shard, "TRIM_HORIZON"), limit=1)
    assert res.millis_behind_latest == 3000


def test_iterator_expires_after_five_minutes(stream: Stream, clock: ManualClock) -> None:
    it = stream.get_shard_iterator(S0, "TRIM_HORIZON")
    clock.advance(300)
    stream.get_records(it)
    clock.advance(1)
    with pytest.raises(ExpiredIteratorException) as e:
        stream.get_records(it)
    assert e.value.message == (
        "Iterator expired. The iterator was created at time Tue Nov 14 22:13:20 UTC 2023 while right now it is "
        "Tue Nov 14 22:18:21 UTC 2023 which is further in the future than the tolerated delay of 300000 milliseconds.")


@pytest.mark.parametrize("token", ["", "garbage", "AAAA", "x" * 300])
def test_invalid_iterator(stream: Stream, token: str) -> None:
    with pytest.raises(InvalidArgumentException, match=r"Invalid ShardIterator\.$"):
        stream.get_records(token)


def test_tampered_iterator(stream: Stream) -> None:
    it = stream.get_shard_iterator(S0, "TRIM_HORIZON")
    flipped = it[:-6] + ("A" if it[-6] != "A" else "B") + it[-5:]
    with pytest.raises(InvalidArgumentException):
        stream.get_records(flipped)


def test_iterator_argument_errors(stream: Stream) -> None:
    with pytest.raises(InvalidArgumentException) as e:
        stream.get_shard_iterator(S0, "LATEST", starting_sequence_number="1")
    assert e.value.message.endswith("Request specified LATEST and also a StartingSequenceNumber.")
    with pytest.raises(InvalidArgumentException) as e:
        stream.get_shard_iterator(S0, "AT_SEQUENCE_NUMBER")
    assert e.value.message.endswith("Request specified AT_SEQUENCE_NUMBER and no StartingSequenceNumber.")
    with pytest.raises(InvalidArgumentException, match="Must specify timestampInMillis"):
        stream.get_shard_iterator(S0, "AT_TIMESTAMP")
    with pytest.raises(InvalidArgumentException) as e:
        stream.get_shard_iterator(S0, "AT_TIMESTAMP", timestamp=T0 + 1)
    assert e.value.message == ("The timestampInMillis parameter cannot be greater than the currentTimestampInMillis. "
                               f"timestampInMillis: {int(T0) * 1000 + 1000}, currentTimestampInMillis: {int(T0) * 1000}")


def test_sequence_number_errors(stream: Stream) -> None:
    other = stream.put_record(b"x", "k", explicit_hash_key=MAXH).sequence_number
    with pytest.raises(InvalidArgumentException) as e:
        stream.get_shard_iterator(S0, "AT_SEQUENCE_NUMBER", starting_sequence_number=str(other))
    assert e.value.message == ("Invalid StartingSequenceNumber. It encodes shardId-000000000001, while it was used "
                               "in a call to a shard with shardId-000000000000")
    with pytest.raises(InvalidArgumentException) as e:
        stream.get_shard_iterator(S0, "AT_SEQUENCE_NUMBER", starting_sequence_number="123")
    # AWS reads a small number as a legacy (version 0) one whose low digits are the shard index
    assert e.value.message == ("Invalid StartingSequenceNumber. It encodes shardId-000000000123, while it was used "
                               "in a call to a shard with shardId-000000000000")
    foreign = Stream("orders", shard_count=2, clock=ManualClock(T0 + 10)).put_record(b"x", "k", explicit_hash_key=0)
    with pytest.raises(InvalidArgumentException, match="did not come from this stream"):
        stream.get_shard_iterator(S0, "AT_SEQUENCE_NUMBER", starting_sequence_number=foreign.sequence_number)


MAXH = 2**128 - 1


def test_lenient_shard_ids_and_missing_shards(stream: Stream) -> None:
    stream.put_record(b"x", "k", explicit_hash_key=0)
    assert drain(stream, "anything-0") == [b"x"]
    with pytest.raises(ResourceNotFoundException) as e:
        stream.get_shard_iterator("shardId-7", "TRIM_HORIZON")
    assert e.value.message == "Shard shardId-000000000007 in stream orders under account 123456789012 does not exist"


def test_record_size_limits(stream: Stream) -> None:
    stream.put_record(b"x" * (1024 * 1024 - 1), "k")
    with pytest.raises(ValidationException) as e:
        stream.put_record(b"x" * (1024 * 1024 - 1), "kk")
    assert e.value.message == ("1 validation error detected: Value at 'data' failed to satisfy constraint: "
                               "Member must have length less than or equal to 1048576")
    with pytest.raises(ValidationException) as e:
        stream.put_records([(b"x", "k"), (b"x" * (1024 * 1024 + 1), "k")])
    assert e.value.message == (
        "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=1048577 cap=1048577]' at "
        "'records.2.member.data' failed to satisfy constraint: Member must have length less than or equal to 1048576")
    with pytest.raises(InvalidArgumentException, match="Records size exceeds 5 MB limit"):
        stream.put_records([(b"x" * (1024 * 1024), "key")] * 5)  # the batch total is checked first
    exact = [(b"x" * (1024 * 1024 - 3), "key")] * 5
    assert all(r.ok for r in stream.put_records(exact))
    with pytest.raises(InvalidArgumentException, match=": Records size exceeds 5 MB limit$"):
        stream.put_records(exact + [(b"x", "key")])


def test_bad_batches_store_nothing(stream: Stream) -> None:
    with pytest.raises(ValidationException, match="less than or equal to 500"):
        stream.put_records([(b"x", "k")] * 501)
    with pytest.raises(ValidationException, match="greater than or equal to 1"):
        stream.put_records([])
    with pytest.raises(InvalidArgumentException) as e:
        stream.put_records([(b"x", "k"), (b"y", "k", str(2**128))])
    assert e.value.message == ("Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. "
                               f"Specified value was {2**128}")
    with pytest.raises(ValidationException, match="partitionKey"):
        stream.put_records([(b"x", "k" * 257)])
    assert sum(len(s) for s in stream.shards.values()) == 0


def test_partition_key_length_counts_characters(stream: Stream) -> None:
    stream.put_record(b"x", "é" * 256)


def test_sequence_number_for_ordering(stream: Stream) -> None:
    first = stream.put_record(b"x", "k")
    second = stream.put_record(b"y", "k", sequence_number_for_ordering=first.sequence_number)
    assert second.sequence_number > first.sequence_number
    with pytest.raises(InvalidArgumentException) as e:
        stream.put_record(b"y", "k", sequence_number_for_ordering="42")
    assert e.value.message == ("ExclusiveMinimumSequenceNumber 42 used in PutRecord on stream orders under "
                               "account 123456789012 is invalid.")


def test_retention_trims_lazily(stream: Stream, clock: ManualClock) -> None:
    stream.put_record(b"old", "k", explicit_hash_key=0)
    clock.advance(23 * 3600)
    stream.put_record(b"new", "k", explicit_hash_key=0)
    clock.advance(3600 + 1)
    it = stream.get_shard_iterator(S0, "TRIM_HORIZON")
    assert [r.data for r in stream.get_records(it).records] == [b"new"]
    assert drain(stream, S0) == [b"new"]
    stream.increase_retention(48)
    assert drain(stream, S0) == [b"new"]  # expired data never comes back


def test_get_records_limits(stream: Stream) -> None:
    stream.put_records([(b"x" * 1000, "k")] * 20)
    shard = stream.put_record(b"x", "k").shard_id
    it = stream.get_shard_iterator(shard, "TRIM_HORIZON")
    assert len(stream.get_records(it, limit=7).records) == 7
    with pytest.raises(ValidationException):
        stream.get_records(it, limit=10_001)


def test_ten_mib_cap_per_call(clock: ManualClock) -> None:
    s = Stream("big", shard_count=1, clock=clock)
    for _ in range(3):
        s.put_records([(b"x" * (1024 * 1024 - 1), "k")] * 4)
    res = s.get_records(s.get_shard_iterator(S0, "TRIM_HORIZON"))
    assert len(res.records) == 10
    assert len(s.get_records(res.next_iterator).records) == 2


def test_creating_stream_is_not_found(clock: ManualClock) -> None:
    s = Stream("slow", shard_count=1, clock=clock, status_delay=10)
    assert s.status == "CREATING"
    with pytest.raises(ResourceNotFoundException, match=": Stream slow under account 123456789012 not found.$"):
        s.put_record(b"x", "k")
    clock.advance(10)
    assert s.status == "ACTIVE"
    s.put_record(b"x", "k")


def test_standalone_stream_uses_system_clock() -> None:
    s = Stream("plain", shard_count=4)
    r = s.put_record("text", "key")
    assert s.get_records(s.get_shard_iterator(r.shard_id, "TRIM_HORIZON")).records[0].data == b"text"


def test_invalid_names() -> None:
    with pytest.raises(ValidationException):
        Stream("bad name", shard_count=1)
    with pytest.raises(ValidationException):
        Stream("ok", shard_count=0)


def test_unparsable_shard_id_and_bad_enums(stream: Stream) -> None:
    with pytest.raises(ResourceNotFoundException) as e:
        stream.get_shard_iterator("nonsense", "LATEST")
    assert e.value.message == "Could not find shard nonsense in stream orders under account 123456789012."
    with pytest.raises(ValidationException) as e:
        stream.get_shard_iterator(S0, "OLDEST")
    assert e.value.message == (
        "1 validation error detected: Value 'OLDEST' at 'shardIteratorType' failed to satisfy constraint: Member must "
        "satisfy enum value set: [AFTER_SEQUENCE_NUMBER, LATEST, AT_TIMESTAMP, AT_SEQUENCE_NUMBER, TRIM_HORIZON]")


def test_ordering_number_from_the_future_is_invalid(stream: Stream, clock: ManualClock) -> None:
    from awscore.kinesis import seqnum

    future = seqnum.encode(int(T0), 0, 5, int(T0) + 3600)
    with pytest.raises(InvalidArgumentException, match="ExclusiveMinimumSequenceNumber"):
        stream.put_record(b"x", "k", sequence_number_for_ordering=future)
    assert sum(len(s) for s in stream.shards.values()) == 0
