"""Kinesis: awscore vs moto vs the raw floor, ratios printed in one run.

    .venv/bin/python benchmarks/bench_kinesis.py

1. put_records of 500 records through boto3: awscore.mock_aws vs moto.mock_aws
   (and a plain list append of the same 500 records as the floor);
2. the native API: records/s, and the cost of a 500-record put into a shard
   that already holds 0 vs 1,000,000 records (moto: 0 vs 20,000);
3. get_records of 1,000 records from a shard holding 1,000,000 vs 10,000.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable

import boto3

os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")

RECORDS = [{"Data": b"x" * 100, "PartitionKey": f"key-{i}"} for i in range(500)]
NATIVE = [(r["Data"], r["PartitionKey"]) for r in RECORDS]


def best(fn: Callable[[], object], repeat: int, rounds: int = 3) -> float:
    """Best average seconds per call over ``rounds`` rounds of ``repeat`` calls."""
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        for _ in range(repeat):
            fn()
        times.append((time.perf_counter() - t0) / repeat)
    return min(times)


def boto3_put_records(mock: Callable[[], object], repeat: int) -> float:
    with mock():
        client = boto3.client("kinesis", region_name="us-east-1")
        client.create_stream(StreamName="bench", ShardCount=4)
        client.put_records(StreamName="bench", Records=RECORDS)  # warm up
        return best(lambda: client.put_records(StreamName="bench", Records=RECORDS), repeat)


def floor_put() -> float:
    store: list[tuple[bytes, str, int]] = []

    def put() -> None:
        for data, key in NATIVE:
            store.append((data, key, int.from_bytes(hashlib.md5(key.encode()).digest(), "big")))

    return best(put, 200)


def moto_put_growth() -> tuple[float, float]:
    from moto import mock_aws as moto_mock

    with moto_mock():
        client = boto3.client("kinesis", region_name="us-east-1")
        client.create_stream(StreamName="bench", ShardCount=1)
        empty = best(lambda: client.put_records(StreamName="bench", Records=RECORDS), 3, rounds=1)
        for _ in range(40):
            client.put_records(StreamName="bench", Records=RECORDS)
        full = best(lambda: client.put_records(StreamName="bench", Records=RECORDS), 3, rounds=1)
    return empty, full


def main() -> None:
    from moto import mock_aws as moto_mock

    from awscore import Cloud
    from awscore.clock import ManualClock
    from awscore.kinesis import Stream
    from awscore.mock import mock_aws

    print("== put_records of 500 records through boto3 ==")
    ours = boto3_put_records(lambda: mock_aws(cloud=Cloud(clock=ManualClock(1_700_000_000))), 100)
    theirs = boto3_put_records(moto_mock, 10)
    floor = floor_put()
    print(f"awscore.mock_aws : {ours * 1e3:8.2f} ms/call")
    print(f"moto.mock_aws    : {theirs * 1e3:8.2f} ms/call   -> awscore is {theirs / ours:5.1f}x faster")
    print(f"raw floor (list) : {floor * 1e3:8.2f} ms/call   -> awscore costs {ours / floor:5.1f}x the floor")

    print("\n== native API ==")
    stream = Stream("native", shard_count=4, clock=ManualClock(1_700_000_000))
    per_call = best(lambda: stream.put_records(NATIVE), 400)
    print(f"put_records      : {500 / per_call:12,.0f} records/s  ({per_call * 1e6:.0f} us per 500)")
    print(f"raw floor        : {500 / floor:12,.0f} records/s   -> native costs {per_call / floor:4.1f}x the floor")
    one = Stream("one", shard_count=1, clock=ManualClock(1_700_000_000))
    empty = best(lambda: one.put_records(NATIVE), 20, rounds=1)
    batch = [(b"x" * 100, "k")] * 500
    while len(one.shards[0]) < 1_000_000:
        one.put_records(batch)
    full = best(lambda: one.put_records(NATIVE), 20, rounds=1)
    print(f"put into a shard of 0 vs 1,000,000 records: {empty * 1e6:.0f} vs {full * 1e6:.0f} us "
          f"(ratio {full / empty:.2f})")
    m_empty, m_full = moto_put_growth()
    print(f"moto, shard of 0 vs 20,000 records:         {m_empty * 1e6:.0f} vs {m_full * 1e6:.0f} us "
          f"(ratio {m_full / m_empty:.2f})")

    print("\n== get_records of 1,000 records ==")
    small = Stream("small", shard_count=1, clock=ManualClock(1_700_000_000))
    for _ in range(20):
        small.put_records(batch)
    seq_small = small.shards[0].seqs[len(small.shards[0].seqs) // 2]
    seq_big = one.shards[0].seqs[len(one.shards[0].seqs) // 2]

    def read(s: Stream, seq: int) -> Callable[[], object]:
        return lambda: s.get_records(s.get_shard_iterator("shardId-000000000000", "AT_SEQUENCE_NUMBER", seq),
                                     limit=1000)

    t_small = best(read(small, seq_small), 200)
    t_big = best(read(one, seq_big), 200)
    print(f"shard of 10,000   : {t_small * 1e6:8.0f} us")
    print(f"shard of 1,000,000: {t_big * 1e6:8.0f} us   (ratio {t_big / t_small:.2f}, target <= 2)")


if __name__ == "__main__":
    main()
