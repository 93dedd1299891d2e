"""A hypothesis state machine: random writes, queries, scans and transactions vs a naive dict model."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from awscore.clock import ManualClock
from awscore.dynamo import DynamoDB, exprs
from awscore.dynamo.errors import ConditionalCheckFailedException, TransactionCanceledException
from awscore.dynamo.query import SortCondition, query_page, scan_page
from awscore.dynamo.schema import IndexSpec
from awscore.dynamo.transactions import TxAction, TxKind, transact_write

PKS = st.sampled_from(["a", "b", "c", "\u00e9", "z\U0001f600"])
SKS = st.integers(-3, 6)
VALS = st.integers(0, 4)


class DynamoModel(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.db = DynamoDB(clock=ManualClock(0))
        self.table = self.db.create_table(
            "tbl", [("pk", "HASH"), ("sk", "RANGE")], [("pk", "S"), ("sk", "N"), ("g", "N")],
            billing_mode="PAY_PER_REQUEST",
            global_indexes=[IndexSpec("by_g", [("g", "HASH"), ("sk", "RANGE")], "KEYS_ONLY")],
        )
        self.model: dict[tuple[str, Decimal], dict] = {}

    def key(self, pk, sk):
        return {"pk": pk, "sk": Decimal(sk)}

    @rule(pk=PKS, sk=SKS, v=VALS, g=st.none() | VALS)
    def put(self, pk, sk, v, g):
        item = {**self.key(pk, sk), "v": Decimal(v)}
        if g is not None:
            item["g"] = Decimal(g)
        self.table.put_item(item)
        self.model[(pk, Decimal(sk))] = item

    @rule(pk=PKS, sk=SKS)
    def delete(self, pk, sk):
        self.table.delete_item(self.key(pk, sk))
        self.model.pop((pk, Decimal(sk)), None)

    @rule(pk=PKS, sk=SKS, n=VALS)
    def add(self, pk, sk, n):
        self.table.update_item(self.key(pk, sk), "ADD v :n", values={":n": n})
        old = self.model.get((pk, Decimal(sk)), self.key(pk, sk))
        self.model[(pk, Decimal(sk))] = {**old, "v": old.get("v", Decimal(0)) + n}

    @rule(pk=PKS, sk=SKS, g=st.none() | VALS)
    def move_index_key(self, pk, sk, g):
        exists = (pk, Decimal(sk)) in self.model
        update = "REMOVE g" if g is None else "SET g = :g"
        values = None if g is None else {":g": g}
        try:
            self.table.update_item(self.key(pk, sk), update, values=values, condition="attribute_exists(pk)")
        except ConditionalCheckFailedException:
            assert not exists
            return
        item = dict(self.model[(pk, Decimal(sk))])
        if g is None:
            item.pop("g", None)
        else:
            item["g"] = Decimal(g)
        self.model[(pk, Decimal(sk))] = item

    @rule(total=st.integers(1, 4), v=VALS)
    def parallel_filtered_scan(self, total, v):
        got = []
        for segment in range(total):
            start = None
            while True:
                compiled = exprs.compile_request(filter="v = :v", values={":v": Decimal(v)}, typed=True)
                page = scan_page(self.table, compiled, segment=segment, total_segments=total, limit=3, start=start)
                got += [(i["pk"], i["sk"]) for i in page.items or ()]
                start = page.last_key
                if start is None:
                    break
        assert sorted(got) == sorted(k for k, i in self.model.items() if i.get("v") == v)

    @rule(pk=PKS, sk=SKS, limit=VALS)
    def conditional_put(self, pk, sk, limit):
        exists = (pk, Decimal(sk)) in self.model
        try:
            self.table.put_item({**self.key(pk, sk), "v": Decimal(limit)}, condition="attribute_not_exists(pk)")
            assert not exists
            self.model[(pk, Decimal(sk))] = {**self.key(pk, sk), "v": Decimal(limit)}
        except ConditionalCheckFailedException:
            assert exists

    @rule(writes=st.lists(st.tuples(PKS, SKS, st.booleans()), min_size=1, max_size=4,
                          unique_by=lambda w: (w[0], w[1])), need=st.booleans())
    def transaction(self, writes, need):
        actions = []
        for pk, sk, put in writes:
            if put:
                actions.append(TxAction(TxKind.PUT, "tbl", item={**self.key(pk, sk), "v": Decimal(9)}))
            else:
                actions.append(TxAction(TxKind.DELETE, "tbl", key=self.key(pk, sk)))
        if need:  # the first item must exist
            actions[0].compiled = exprs.compile_request(condition="attribute_exists(pk)")
        ok = not need or (writes[0][0], Decimal(writes[0][1])) in self.model
        try:
            transact_write(self.db, actions)
            assert ok
        except TransactionCanceledException:
            assert not ok
            return
        for pk, sk, put in writes:
            if put:
                self.model[(pk, Decimal(sk))] = {**self.key(pk, sk), "v": Decimal(9)}
            else:
                self.model.pop((pk, Decimal(sk)), None)

    @rule(pk=PKS, lo=SKS, forward=st.booleans(), limit=st.integers(1, 4))
    def query(self, pk, lo, forward, limit):
        got, start = [], None
        while True:
            page = query_page(self.table, pk, SortCondition(">=", (Decimal(lo),)), limit=limit, start=start,
                              forward=forward)
            got += page.items or []
            start = page.last_key
            if start is None:
                break
        want = sorted((i for (p, s), i in self.model.items() if p == pk and s >= lo),
                      key=lambda i: i["sk"], reverse=not forward)
        assert got == want

    @rule(g=VALS)
    def query_index(self, g):
        page = query_page(self.table, Decimal(g), None, index_name="by_g")
        want = sorted((i["sk"], i["pk"]) for i in self.model.values() if i.get("g") == g)
        assert [(i["sk"], i["pk"]) for i in page.items or ()] == want

    @invariant()
    def scan_matches(self):
        page = scan_page(self.table)
        assert sorted((i["pk"], i["sk"]) for i in page.items or ()) == sorted(self.model)
        assert {(i["pk"], i["sk"]): i for i in page.items or ()} == self.model
        self.table._check()


TestDynamoModel = DynamoModel.TestCase
TestDynamoModel.settings = settings(max_examples=80, stateful_step_count=30)
