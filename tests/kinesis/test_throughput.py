"""Per-shard token buckets on the clock, and ON_DEMAND auto-scaling."""

import pytest

from awscore.clock import ManualClock
from awscore.kinesis import Stream
from awscore.kinesis.errors import ProvisionedThroughputExceededException
from awscore.kinesis.throughput import TokenBucket
from awscore.kinesis.writing import SCALE_BYTES

MESSAGE = "Rate exceeded for shard shardId-000000000000 in stream t under account 123456789012."


@pytest.fixture
def limited(clock: ManualClock) -> Stream:
    return Stream("t", shard_count=1, clock=clock, throughput_limits=True)


def test_thousand_records_per_second(limited: Stream, clock: ManualClock) -> None:
    results = limited.put_records([(b"x", "k")] * 500) + limited.put_records([(b"x", "k")] * 500)
    assert all(r.ok for r in results)
    over = limited.put_records([(b"x", "k")] * 3)
    assert [r.error_code for r in over] == ["ProvisionedThroughputExceededException"] * 3
    assert over[0].error_message == MESSAGE
    with pytest.raises(ProvisionedThroughputExceededException) as e:
        limited.put_record(b"x", "k")
    assert e.value.message == MESSAGE
    clock.advance(0.5)
    assert sum(r.ok for r in limited.put_records([(b"x", "k")] * 500)) == 500
    assert not limited.put_records([(b"x", "k")])[0].ok


def test_one_mib_per_second(limited: Stream, clock: ManualClock) -> None:
    big = b"x" * (256 * 1024 - 1)
    results = limited.put_records([(big, "k")] * 5)
    assert [r.ok for r in results] == [True, True, True, True, False]
    clock.advance(1)
    assert limited.put_record(big, "k").ok


def test_failures_do_not_abort_the_batch(clock: ManualClock) -> None:
    s = Stream("t", shard_count=2, clock=clock, throughput_limits=True)
    s.put_records([(b"x", "k", 0)] * 500)
    s.put_records([(b"x", "k", 0)] * 500)
    mixed = s.put_records([(b"x", "k", 0), (b"x", "k", 2**127 + 1)])
    assert [r.ok for r in mixed] == [False, True]


def test_five_reads_per_second_and_byte_debt(limited: Stream, clock: ManualClock) -> None:
    it = limited.get_shard_iterator("shardId-000000000000", "TRIM_HORIZON")
    for _ in range(5):
        limited.get_records(it)
    with pytest.raises(ProvisionedThroughputExceededException):
        limited.get_records(it)
    clock.advance(1)
    limited.get_records(it)
    for _ in range(4):  # 4 MiB written over 4 seconds
        limited.put_records([(b"x" * (1024 * 1024 - 1), "k")])
        clock.advance(1)
    clock.advance(5)
    res = limited.get_records(limited.get_shard_iterator("shardId-000000000000", "TRIM_HORIZON"))
    assert len(res.records) == 4
    clock.advance(1)
    with pytest.raises(ProvisionedThroughputExceededException):  # 4 MiB read = 2 s of debt
        limited.get_records(res.next_iterator)
    clock.advance(1.5)
    limited.get_records(res.next_iterator)


def test_limits_are_off_by_default(stream: Stream) -> None:
    for _ in range(10):
        assert all(r.ok for r in stream.put_records([(b"x", "k")] * 500))


def test_token_bucket_refills_to_capacity() -> None:
    bucket = TokenBucket(10, 10)
    assert bucket.take(10, 0.0) and not bucket.take(1, 0.0)
    assert bucket.take(5, 0.5) and not bucket.take(1, 0.5)
    assert bucket.available(100.0) == 10


def test_on_demand_splits_a_hot_shard(clock: ManualClock) -> None:
    s = Stream("od", mode="ON_DEMAND", clock=clock)
    assert len(s.open_shards()) == 4
    blob = b"x" * (1024 * 1024 - 10)
    hot = 0
    written = 0
    while written <= SCALE_BYTES:
        s.put_records([(blob, "k", 0)] * 4)
        written += 4 * (len(blob) + 1)
        clock.advance(1)
        hot += 1
    assert len(s.open_shards()) == 5
    assert s.shards[0].children == ["shardId-000000000004", "shardId-000000000005"]
    s._check()


def test_on_demand_quiet_windows_do_not_scale(clock: ManualClock) -> None:
    s = Stream("od", mode="ON_DEMAND", clock=clock)
    for _ in range(20):
        s.put_records([(b"x" * 100_000, "k", 0)] * 10)  # 1 MB per minute
        clock.advance(60)
    assert len(s.open_shards()) == 4


def test_simulated_kms_failure(clock: ManualClock) -> None:
    from awscore.kinesis.errors import KMSDisabledException

    s = Stream("enc", shard_count=1, clock=clock)
    s.kms_failure = KMSDisabledException("The request was rejected because the specified CMK is not enabled.")
    s.put_record(b"x", "k")  # not encrypted: KMS is not involved
    s.start_encryption("alias/aws/kinesis")
    with pytest.raises(KMSDisabledException):
        s.put_records([(b"x", "k")])
    assert len(s.shards[0]) == 1
