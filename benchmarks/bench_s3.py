"""S3: awscore vs moto vs the raw floor, ratios printed in one run.

    .venv/bin/python benchmarks/bench_s3.py

1. put_object + get_object (with body read) of 1 KiB through boto3:
   awscore.mock_aws vs moto.mock_aws;
2. the same calls on awscore's native API (``bucket.put_object`` /
   ``bucket.get_object``) vs moto through boto3, and a plain dict as the floor;
3. list_objects_v2 with a prefix returning one page of 1,000 keys, in a bucket
   of 1,000,000 keys vs one of 10,000 keys (native and through boto3).
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable

import boto3

os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")

BODY = b"x" * 1024


def best(fn: Callable[[], object], repeat: int, rounds: int = 3) -> float:
    """Best average seconds per call over ``rounds`` rounds of ``repeat`` calls.

    Timed as ``timeit`` times: the cyclic garbage collector is off during each
    round (for every target alike), so a full collection over the million
    objects a large bucket holds is not charged to whichever call triggers it.
    """
    times = []
    for _ in range(rounds):
        gc.collect()
        gc.disable()
        try:
            t0 = time.perf_counter()
            for _ in range(repeat):
                fn()
            times.append((time.perf_counter() - t0) / repeat)
        finally:
            gc.enable()
    return min(times)


def boto3_put_get(mock: Callable[[], object], repeat: int) -> tuple[float, float]:
    with mock():  # type: ignore[attr-defined]
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket="bench")
        counter = iter(range(10**9))

        def put() -> None:
            client.put_object(Bucket="bench", Key=f"k{next(counter) % 100}", Body=BODY)

        def get() -> None:
            client.get_object(Bucket="bench", Key="k1")["Body"].read()

        client.put_object(Bucket="bench", Key="k1", Body=BODY)
        get()
        return best(put, repeat), best(get, repeat)


def native_put_get(repeat: int) -> tuple[float, float]:
    from awscore.clock import ManualClock
    from awscore.s3.store import S3Store

    bucket = S3Store(clock=ManualClock(0)).create_bucket("bench")
    counter = iter(range(10**9))

    def put() -> None:
        bucket.put_object(f"k{next(counter) % 100}", BODY)

    def get() -> None:
        _ = bucket.get_object("k1").body

    bucket.put_object("k1", BODY)
    return best(put, repeat), best(get, repeat)


def dict_put_get(repeat: int) -> tuple[float, float]:
    store: dict[str, bytes] = {}
    counter = iter(range(10**9))

    def put() -> None:
        store[f"k{next(counter) % 100}"] = BODY

    def get() -> None:
        _ = store["k1"]

    store["k1"] = BODY
    return best(put, repeat), best(get, repeat)


def listing(n_keys: int) -> tuple[float, float]:
    """Seconds for one 1,000-key page under a prefix in the middle of an ``n_keys`` bucket."""
    import awscore
    from awscore.clock import ManualClock

    with awscore.mock_aws(cloud=awscore.Cloud(clock=ManualClock(0))) as cloud:
        bucket = cloud.s3.create_bucket("listing")
        groups = n_keys // 1000
        for g in range(groups):
            for i in range(1000):
                bucket.put_object(f"group-{g:05d}/item-{i:04d}", b"")
        prefix = f"group-{groups // 2:05d}/"
        page = bucket.list_objects(prefix, max_keys=1000)
        assert len(page.objects) == 1000
        native = best(lambda: bucket.list_objects(prefix, max_keys=1000), 20)
        client = boto3.client("s3", region_name="us-east-1")
        assert client.list_objects_v2(Bucket="listing", Prefix=prefix)["KeyCount"] == 1000
        via_boto3 = best(lambda: client.list_objects_v2(Bucket="listing", Prefix=prefix), 5)
        return native, via_boto3


def main() -> None:
    import moto

    import awscore

    n = 2000
    ours_put, ours_get = boto3_put_get(awscore.mock_aws, n)
    moto_put, moto_get = boto3_put_get(moto.mock_aws, 300)
    nat_put, nat_get = native_put_get(50_000)
    raw_put, raw_get = dict_put_get(200_000)
    print("S3 put_object / get_object of 1 KiB (microseconds per call, lower is better)")
    print(f"{'':24}{'put':>10}{'get':>10}")
    rows = [("moto mock_aws (boto3)", moto_put, moto_get), ("awscore mock_aws (boto3)", ours_put, ours_get),
            ("awscore native API", nat_put, nat_get), ("plain dict (floor)", raw_put, raw_get)]
    for name, p, g in rows:
        print(f"{name:24}{p * 1e6:10.1f}{g * 1e6:10.1f}")
    print(f"boto3 path vs moto:   put {moto_put / ours_put:6.1f}x   get {moto_get / ours_get:6.1f}x   (target >= 8x)")
    print(f"native API vs moto:   put {moto_put / nat_put:6.1f}x   get {moto_get / nat_get:6.1f}x   (target >= 50x)")
    print(f"native vs dict floor: put {nat_put / raw_put:6.1f}x slower, get {nat_get / raw_get:6.1f}x slower")
    print()
    small_native, small_boto = listing(10_000)
    t0 = time.perf_counter()
    big_native, big_boto = listing(1_000_000)
    build = time.perf_counter() - t0
    print("list_objects_v2, prefix, one page of 1,000 keys (milliseconds per page)")
    print(f"  native:  10k-key bucket {small_native * 1e3:7.2f}   1M-key bucket {big_native * 1e3:7.2f}   "
          f"ratio {big_native / small_native:4.2f}x (target <= 3x)")
    print(f"  boto3:   10k-key bucket {small_boto * 1e3:7.2f}   1M-key bucket {big_boto * 1e3:7.2f}   "
          f"ratio {big_boto / small_boto:4.2f}x (target <= 3x)")
    print(f"  (building the 1M-key bucket natively took {build:.1f} s)")


if __name__ == "__main__":
    main()
