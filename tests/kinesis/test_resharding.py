"""SplitShard, MergeShards, UpdateShardCount: rules, lineage, exactly-once drains."""

import pytest

from awscore.clock import ManualClock
from awscore.kinesis import MAX_HASH, Stream, seqnum
from awscore.kinesis.errors import (
    InvalidArgumentException,
    LimitExceededException,
    ResourceNotFoundException,
)

from .conftest import T0


def test_split_rules(stream: Stream) -> None:
    shard = stream.shards[0]
    with pytest.raises(InvalidArgumentException) as e:
        stream.split_shard("shardId-000000000000", shard.start_hash + 1)
    assert e.value.message == (
        "NewStartingHashKey 1 used in SplitShard() on shard shardId-000000000000 in stream orders under account "
        "123456789012 is not both greater than one plus the shard's StartingHashKey 0 and less than the shard's "
        "EndingHashKey 170141183460469231731687303715884105727.")
    with pytest.raises(InvalidArgumentException):
        stream.split_shard("shardId-000000000000", shard.end_hash)
    with pytest.raises(ResourceNotFoundException) as e:
        stream.split_shard("shardId-000000000009", 5)
    assert e.value.message == "Could not find shard shardId-000000000009 in stream orders under account 123456789012."
    stream.split_shard("shard-0", 2)
    assert [(s.start_hash, s.end_hash, s.parent_id) for s in stream.shards.values()][2:] == [
        (0, 1, "shardId-000000000000"), (2, shard.end_hash, "shardId-000000000000")]
    with pytest.raises(InvalidArgumentException) as e:
        stream.split_shard("shardId-000000000000", 5)
    assert e.value.message == ("Shard shardId-000000000000 in stream orders under account 123456789012 has already "
                               "been merged or split, and thus is not eligible for merging or splitting.")
    stream._check()


def test_merge_rules(clock: ManualClock) -> None:
    s = Stream("m", shard_count=3, clock=clock)
    with pytest.raises(InvalidArgumentException) as e:
        s.merge_shards("shardId-000000000001", "shardId-000000000000")
    assert e.value.message == ("Shards shardId-000000000001 and shardId-000000000000 in stream m under account "
                               "123456789012 are not an adjacent pair of shards eligible for merging")
    with pytest.raises(InvalidArgumentException):
        s.merge_shards("shardId-000000000000", "shardId-000000000002")
    s.merge_shards("shardId-000000000000", "shardId-000000000001")
    child = s.shards[3]
    assert (child.parent_id, child.adjacent_parent_id) == ("shardId-000000000000", "shardId-000000000001")
    assert child.start_hash == 0 and child.end_hash == s.shards[1].end_hash
    assert s.shards[0].closed_at == s.shards[1].closed_at
    s._check()


def test_child_numbers_exceed_parent_numbers(stream: Stream) -> None:
    before = stream.put_record(b"x", "k", explicit_hash_key=0).sequence_number
    stream.split_shard("shardId-000000000000", 2**100)
    after = stream.put_record(b"y", "k", explicit_hash_key=0)
    assert after.shard_id == "shardId-000000000002"
    assert after.sequence_number > before
    assert after.sequence_number > stream.shards[0].ending_sequence > before
    assert seqnum.decode(stream.shards[2].starting_sequence).shard_create_secs == int(T0) + 1


@pytest.mark.parametrize(("start", "target", "total"),
                         [(2, 4, 6), (4, 5, 15), (10, 13, 37), (4, 2, 6), (5, 3, 7), (10, 5, 15), (3, 3, 3)])
def test_update_shard_count_totals_match_aws(clock: ManualClock, start: int, target: int, total: int) -> None:
    s = Stream("u", shard_count=start, clock=clock)
    assert s.update_shard_count(target) == start
    assert len(s.open_shards()) == target
    assert len(s.shards) == total
    s._check()


def test_update_shard_count_limits(clock: ManualClock) -> None:
    s = Stream("u", shard_count=4, clock=clock)
    with pytest.raises(LimitExceededException) as e:
        s.update_shard_count(9)
    assert e.value.message == ("UpdateShardCount cannot scale up over double your current open shard count. "
                               "Current open shard count: 4, Target shard count: 9")
    with pytest.raises(LimitExceededException, match="scale down below half"):
        s.update_shard_count(1)
    for i in range(10):
        s.update_shard_count(5 if i % 2 == 0 else 4)
    with pytest.raises(LimitExceededException):
        s.update_shard_count(5)
    clock.advance(86400)
    s.update_shard_count(5)


def test_power_of_two_scaling_is_uniform(clock: ManualClock) -> None:
    s = Stream("u", shard_count=2, clock=clock)
    s.update_shard_count(4)
    from awscore.kinesis import uniform_ranges

    assert [(x.start_hash, x.end_hash) for x in s.open_shards()] == uniform_ranges(4)


def test_drain_parents_then_children_exactly_once(clock: ManualClock) -> None:
    s = Stream("d", shard_count=2, clock=clock)
    expected: dict[str, list[int]] = {}
    n = 0

    def put(count: int) -> None:
        nonlocal n
        for _ in range(count):
            key = f"k{n % 17}"
            s.put_record(b"%d" % n, key)
            expected.setdefault(key, []).append(n)
            n += 1

    put(50)
    s.split_shard("shardId-000000000000", 2**126)
    put(50)
    s.merge_shards("shardId-000000000002", "shardId-000000000003")
    put(50)
    s.update_shard_count(3)
    put(50)
    got: dict[str, list[int]] = {}
    done: set[str] = set()
    queue = [sh.shard_id for sh in s.list_shards() if sh.parent_id is None]
    while queue:
        shard_id = queue.pop(0)
        if shard_id in done:
            continue
        shard = s._find_shard(shard_id)
        parents = [p for p in (shard.parent_id, shard.adjacent_parent_id) if p]
        if any(p not in done for p in parents):
            queue.append(shard_id)
            continue
        it = s.get_shard_iterator(shard_id, "TRIM_HORIZON")
        while True:
            res = s.get_records(it, limit=7)
            for r in res.records:
                got.setdefault(r.partition_key, []).append(int(r.data))
            if res.next_iterator is None:
                queue += [c.shard_id for c in res.child_shards]
                break
            if not res.records:
                break
            it = res.next_iterator
        done.add(shard_id)
    assert got == expected
    s._check()


def test_account_quota_applies_to_splits(clock: ManualClock) -> None:
    def hook(extra: int) -> None:
        raise LimitExceededException("quota")

    s = Stream("q", shard_count=1, clock=clock, limit_hook=hook)
    with pytest.raises(LimitExceededException):
        s.split_shard("shardId-000000000000", MAX_HASH // 2)
    assert len(s.shards) == 1


def test_argument_errors_come_before_the_status_check(clock: ManualClock) -> None:
    s = Stream("o", shard_count=3, clock=clock, status_delay=10)
    clock.advance(10)
    s.split_shard("shardId-000000000002", 2**127 + 2**126)  # UPDATING for 10 s
    with pytest.raises(InvalidArgumentException, match="not an adjacent pair"):
        s.merge_shards("shardId-000000000000", "shardId-000000000002")
    with pytest.raises(InvalidArgumentException, match="NewStartingHashKey"):
        s.split_shard("shardId-000000000000", 1)
    from awscore.kinesis.errors import ResourceInUseException

    with pytest.raises(ResourceInUseException, match="not ACTIVE, instead in state UPDATING"):
        s.merge_shards("shardId-000000000000", "shardId-000000000001")
