"""A state machine: random DML and transaction sequences against a naive Python model.

One session writes (with BEGIN / COMMIT / ROLLBACK); another only reads, and
must always see the last committed state (snapshot isolation between sessions).
"""

from __future__ import annotations

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from awscore.clock import ManualClock
from awscore.redshift import Cluster
from awscore.redshift.errors import StringDataRightTruncation

keys = st.integers(0, 6)
values = st.text(alphabet="abcé", max_size=4)


class TableMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.cluster = Cluster("sm", clock=ManualClock(1_700_000_000))
        self.writer = self.cluster.connect(autocommit=True).cursor()
        self.reader = self.cluster.connect(autocommit=True).cursor()
        self.writer.execute("CREATE TABLE kv (k INT, v VARCHAR(5))")
        self.committed: list[tuple[int, str]] = []
        self.working: list[tuple[int, str]] | None = None  # the open transaction's view

    @property
    def current(self) -> list[tuple[int, str]]:
        return self.working if self.working is not None else self.committed

    def _set(self, rows: list[tuple[int, str]]) -> None:
        if self.working is not None:
            self.working = rows
        else:
            self.committed = rows

    @rule(k=keys, v=values)
    def insert(self, k, v):
        if len(v.encode()) > 5:
            try:
                self.writer.execute("INSERT INTO kv VALUES (:k, :v)", {"k": k, "v": v})
            except StringDataRightTruncation:
                if self.working is not None:  # the error aborted the block
                    self.writer.execute("ROLLBACK")
                    self.working = None
                return
            raise AssertionError("an over-long value was accepted")
        self.writer.execute("INSERT INTO kv VALUES (:k, :v)", {"k": k, "v": v})
        self._set(self.current + [(k, v)])

    @rule(k=keys)
    def delete(self, k):
        self.writer.execute("DELETE FROM kv WHERE k = :k", {"k": k})
        expected = sum(1 for r in self.current if r[0] == k)
        assert self.writer.rowcount == expected
        self._set([r for r in self.current if r[0] != k])

    @rule(k=keys, v=st.text(alphabet="xyz", max_size=3))
    def update(self, k, v):
        self.writer.execute("UPDATE kv SET v = :v WHERE k = :k", {"k": k, "v": v})
        self._set([(rk, v if rk == k else rv) for rk, rv in self.current])

    @rule()
    def begin(self):
        if self.working is None:
            self.writer.execute("BEGIN")
            self.working = list(self.committed)

    @rule()
    def commit(self):
        self.writer.execute("COMMIT")
        if self.working is not None:
            self.committed, self.working = self.working, None

    @rule()
    def rollback(self):
        self.writer.execute("ROLLBACK")
        self.working = None

    @invariant()
    def writer_sees_its_own_state(self):
        got = sorted(self.writer.execute("SELECT k, v FROM kv").fetchall())
        assert got == sorted(self.current)

    @invariant()
    def reader_sees_committed_state(self):
        got = sorted(self.reader.execute("SELECT k, v FROM kv").fetchall())
        assert got == sorted(self.committed)

    def teardown(self):
        self.cluster.close()


TableMachine.TestCase.settings = settings(max_examples=20, stateful_step_count=20, deadline=None)
test_table_machine = TableMachine.TestCase
