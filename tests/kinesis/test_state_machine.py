"""Random puts, reads, splits, merges, scalings and day-long clock jumps against a naive model.

After every step ``Stream._check()`` asserts the structural invariants; after
every read the incremental reader (parents drained before children, resuming
from its last sequence number) must have seen each record once, in per-key
order: every record still within retention, plus those it read before they
expired, and nothing else.
"""

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from awscore.clock import ManualClock
from awscore.kinesis import Stream
from awscore.kinesis.errors import LimitExceededException

KEYS = st.sampled_from([f"key{i}" for i in range(12)])


class KinesisMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.clock = ManualClock(1_700_000_000)
        self.stream = Stream("sm", shard_count=2, clock=self.clock)
        self.model: dict[str, list[int]] = {}
        self.got: dict[str, list[int]] = {}
        self.last: dict[str, int] = {}
        self.finished: set[str] = set()
        self.counter = 0
        self.put_at: dict[int, float] = {}

    @rule(keys=st.lists(KEYS, min_size=1, max_size=20), batch=st.booleans())
    def put(self, keys: list[str], batch: bool) -> None:
        values = list(range(self.counter, self.counter + len(keys)))
        self.counter += len(keys)
        if batch:
            results = self.stream.put_records([(b"%d" % v, k) for v, k in zip(values, keys)])
            assert all(r.ok for r in results)
        else:
            for v, k in zip(values, keys):
                self.stream.put_record(b"%d" % v, k)
        for v, k in zip(values, keys):
            self.model.setdefault(k, []).append(v)
            self.put_at[v] = self.clock.now()

    @rule(pick=st.integers(0, 10_000), frac=st.floats(0.05, 0.95))
    def split(self, pick: int, frac: float) -> None:
        shards = self.stream.open_shards()
        shard = shards[pick % len(shards)]
        width = shard.end_hash - shard.start_hash
        if width < 8:
            return
        key = shard.start_hash + 2 + int((width - 4) * frac)
        self.stream.split_shard(shard.shard_id, key)

    @precondition(lambda self: len(self.stream.open_shards()) > 1)
    @rule(pick=st.integers(0, 10_000))
    def merge(self, pick: int) -> None:
        shards = self.stream.open_shards()
        i = pick % (len(shards) - 1)
        self.stream.merge_shards(shards[i].shard_id, shards[i + 1].shard_id)

    @rule(factor=st.sampled_from([0.5, 0.75, 1.5, 2.0]))
    def scale(self, factor: float) -> None:
        current = len(self.stream.open_shards())
        target = max(1, int(current * factor))
        if target == current or target * 2 < current or current * 2 < target or current > 16:
            return
        try:
            self.stream.update_shard_count(target)
        except LimitExceededException:
            pass  # the 10-per-day quota (time never moves far enough here to expire records)

    @rule(seconds=st.integers(1, 600))
    def tick(self, seconds: int) -> None:
        self.clock.advance(seconds)  # at most 40 x 600 s per run: far below the 24 h retention

    @rule()
    def expire(self) -> None:
        """A day passes: every record written so far falls out of retention (read or not)."""
        self.clock.advance(24 * 3600 + 1)

    @rule(limit=st.integers(1, 50))
    def read(self, limit: int) -> None:
        progress = True
        while progress:
            progress = False
            listed = self.stream.list_shards()
            live = {s.shard_id for s in listed}
            for shard in listed:
                sid = shard.shard_id
                # parents that expired are no longer listed: nothing is left to drain in them
                parents = [p for p in (shard.parent_id, shard.adjacent_parent_id) if p and p in live]
                if sid in self.finished or any(p not in self.finished for p in parents):
                    continue
                if sid in self.last:
                    it = self.stream.get_shard_iterator(sid, "AFTER_SEQUENCE_NUMBER", self.last[sid])
                else:
                    it = self.stream.get_shard_iterator(sid, "TRIM_HORIZON")
                while it is not None:
                    res = self.stream.get_records(it, limit=limit)
                    for r in res.records:
                        assert r.sequence_number > self.last.get(sid, -1), "re-delivered a record"
                        self.got.setdefault(r.partition_key, []).append(int(r.data))
                        self.last[sid] = r.sequence_number
                    if res.next_iterator is None:
                        assert res.child_shards
                        self.finished.add(sid)
                        progress = True
                    elif not res.records:
                        break
                    it = res.next_iterator
        horizon = self.clock.now() - 24 * 3600
        seen = {v for values in self.got.values() for v in values}
        assert sum(len(v) for v in self.got.values()) == len(seen), "a record was delivered twice"
        for key, values in self.model.items():
            expected = [v for v in values if v in seen or self.put_at[v] >= horizon]
            assert self.got.get(key, []) == expected, key

    @invariant()
    def structure(self) -> None:
        self.stream._check()

    @invariant()
    def reader_keeps_per_key_order(self) -> None:
        for key, values in self.got.items():
            order = {v: i for i, v in enumerate(self.model[key])}
            assert [order[v] for v in values] == sorted(order[v] for v in values)


KinesisMachine.TestCase.settings = settings(max_examples=80, stateful_step_count=40)
TestKinesisMachine = KinesisMachine.TestCase
