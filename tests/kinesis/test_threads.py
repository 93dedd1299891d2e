"""Concurrent producers, readers and a resharder: nothing lost or duplicated."""

import threading

from awscore.kinesis import Stream


def test_producers_lose_nothing_while_resharding() -> None:
    s = Stream("threads", shard_count=2)
    producers, per = 6, 400
    errors: list[BaseException] = []

    def produce(p: int) -> None:
        try:
            for i in range(0, per, 20):
                batch = [(b"%d:%d" % (p, i + j), f"p{p}") for j in range(20)]
                assert all(r.ok for r in s.put_records(batch))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    def reshard() -> None:
        try:
            for _ in range(5):
                shard = s.open_shards()[0]
                s.split_shard(shard.shard_id, (shard.start_hash + shard.end_hash) // 2)
        except BaseException as exc:  # pragma: no cover
            errors.append(exc)

    def observe() -> None:
        try:
            for _ in range(30):
                for shard in s.list_shards():
                    it = s.get_shard_iterator(shard.shard_id, "TRIM_HORIZON")
                    s.get_records(it, limit=50)
        except BaseException as exc:  # pragma: no cover
            errors.append(exc)

    threads = [threading.Thread(target=produce, args=(p,)) for p in range(producers)]
    threads.append(threading.Thread(target=reshard))
    threads.append(threading.Thread(target=observe))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    s._check()
    seen: dict[str, list[int]] = {}
    for shard in sorted(s.shards.values(), key=lambda x: x.index):
        it = s.get_shard_iterator(shard.shard_id, "TRIM_HORIZON")
        while it is not None:
            res = s.get_records(it)
            for r in res.records:
                p, i = r.data.split(b":")
                seen.setdefault(r.partition_key, []).append(int(i))
            if not res.records:
                break
            it = res.next_iterator
    assert sorted(seen) == [f"p{p}" for p in range(producers)]
    for values in seen.values():
        assert sorted(values) == list(range(per))
        assert values == sorted(values)  # shards are read parents first (lower index), so order holds
