"""Persisting and reopening an S3 store of 100,000 small objects: seconds and bytes on disk.

    .venv/bin/python benchmarks/bench_s3_persist.py [N]
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time

from awscore.clock import ManualClock
from awscore.s3.persist import Persistence
from awscore.s3.store import S3Store


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as root:
        store = S3Store(clock=ManualClock(1_700_000_000), root=root)
        bucket = store.create_bucket("bench")
        body = b"x" * 100
        t0 = time.perf_counter()
        for i in range(n):
            bucket.put_object(f"logs/{i % 100:03d}/{i:08d}.json", body)
        t_put = time.perf_counter() - t0
        t0 = time.perf_counter()
        store.flush()
        t_flush = time.perf_counter() - t0
        size = Persistence(root).disk_usage()
        t0 = time.perf_counter()
        again = S3Store(root=root)
        t_open = time.perf_counter() - t0
        assert len(again.get_bucket("bench")) == n
        code = f"from awscore.s3.store import S3Store; s = S3Store(root={root!r}); print(len(s.get_bucket('bench')))"
        t0 = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        t_proc = time.perf_counter() - t0
        assert int(out.stdout) == n
    print(f"objects: {n:,} of {len(body)} B")
    print(f"put (in memory):            {t_put:8.2f} s  ({n / t_put:,.0f} puts/s)")
    print(f"persist (flush):            {t_flush:8.2f} s")
    print(f"reopen (same process):      {t_open:8.2f} s")
    print(f"reopen (new process, total):{t_proc:8.2f} s")
    print(f"bytes on disk:              {size:,} ({size / n:.1f} B/object)")


if __name__ == "__main__":
    main()
