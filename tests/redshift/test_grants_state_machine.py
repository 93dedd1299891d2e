"""State machine: random GRANT / REVOKE (table and column level, users, roles, groups, PUBLIC, nested roles)
against a naive model of who may read which columns."""

from __future__ import annotations

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from awscore.clock import ManualClock
from awscore.redshift import Cluster
from awscore.redshift.errors import InsufficientPrivilege

COLS = ("a", "b", "c")
GRANTEES = ("bob", "ROLE r1", "ROLE r2", "GROUP g", "PUBLIC")
PRINCIPAL = {"bob": "bob", "ROLE r1": "r1", "ROLE r2": "r2", "GROUP g": "g", "PUBLIC": "public"}
col_sets = st.sets(st.sampled_from(COLS), min_size=1).map(sorted)


class Grants(RuleBasedStateMachine):
    @initialize()
    def setup(self) -> None:
        self.cluster = Cluster("sm", clock=ManualClock(1_700_000_000))
        self.admin = self.cluster.session()
        self.admin.execute("CREATE USER bob PASSWORD 'Abcdefg1'; CREATE ROLE r1; CREATE ROLE r2; CREATE GROUP g; "
                           "CREATE TABLE t (a INT, b INT, c INT); INSERT INTO t VALUES (1, 2, 3)")
        self.bob = self.cluster.session("bob")
        self.table: set[str] = set()
        self.columns: dict[str, set[str]] = {p: set() for p in PRINCIPAL.values()}
        self.member = {"g": False, "r1": False, "r2_in_r1": False}

    def teardown(self) -> None:
        if hasattr(self, "cluster"):
            self.cluster.close()

    @rule(grantee=st.sampled_from(GRANTEES))
    def grant_table(self, grantee: str) -> None:
        self.admin.execute(f"GRANT SELECT ON t TO {grantee}")
        self.table.add(PRINCIPAL[grantee])

    @rule(grantee=st.sampled_from(GRANTEES))
    def revoke_table(self, grantee: str) -> None:
        self.admin.execute(f"REVOKE SELECT ON t FROM {grantee}")
        self.table.discard(PRINCIPAL[grantee])
        self.columns[PRINCIPAL[grantee]].clear()  # a table-level REVOKE takes the column grants too

    @rule(grantee=st.sampled_from(GRANTEES), cols=col_sets)
    def grant_columns(self, grantee: str, cols: list[str]) -> None:
        self.admin.execute(f"GRANT SELECT ({', '.join(cols)}) ON t TO {grantee}")
        self.columns[PRINCIPAL[grantee]].update(cols)

    @rule(grantee=st.sampled_from(GRANTEES), cols=col_sets)
    def revoke_columns(self, grantee: str, cols: list[str]) -> None:
        self.admin.execute(f"REVOKE SELECT ({', '.join(cols)}) ON t FROM {grantee}")
        self.columns[PRINCIPAL[grantee]].difference_update(cols)

    @rule(on=st.booleans())
    def group_membership(self, on: bool) -> None:
        self.admin.execute(f"ALTER GROUP g {'ADD' if on else 'DROP'} USER bob")
        self.member["g"] = on

    @rule(on=st.booleans())
    def role_r1(self, on: bool) -> None:
        self.admin.execute("GRANT ROLE r1 TO bob" if on else "REVOKE ROLE r1 FROM bob")
        self.member["r1"] = on

    @rule(on=st.booleans())
    def nest_r2_in_r1(self, on: bool) -> None:
        self.admin.execute("GRANT ROLE r2 TO ROLE r1" if on else "REVOKE ROLE r2 FROM ROLE r1")
        self.member["r2_in_r1"] = on

    def _mine(self) -> set[str]:
        out = {"bob", "public"}
        if self.member["g"]:
            out.add("g")
        if self.member["r1"]:
            out.add("r1")
            if self.member["r2_in_r1"]:
                out.add("r2")
        return out

    def _allowed(self, cols: list[str]) -> bool:
        mine = self._mine()
        if self.table & mine:
            return True
        granted = set().union(*(self.columns[p] for p in mine))
        return set(cols) <= granted

    @rule(cols=st.one_of(col_sets, st.just(["*"])))
    def select(self, cols: list[str]) -> None:
        wanted = list(COLS) if cols == ["*"] else cols
        try:
            self.bob.execute(f"SELECT {', '.join(cols)} FROM t")
            got = True
        except InsufficientPrivilege:
            got = False
        assert got == self._allowed(wanted), (cols, self.table, self.columns, self.member)

    @invariant()
    def where_clause_counts(self) -> None:
        if not hasattr(self, "bob"):
            return
        try:
            self.bob.execute("SELECT a FROM t WHERE c > 0")
            got = True
        except InsufficientPrivilege:
            got = False
        assert got == self._allowed(["a", "c"])


TestGrants = Grants.TestCase
TestGrants.settings = settings(max_examples=150, stateful_step_count=25, deadline=None)
