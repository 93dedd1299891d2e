"""Sorted storage: DynamoDB's key order (UTF-8 bytes, numbers by value, unsigned bytes) and invariants."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from awscore.dynamo import Table
from awscore.dynamo.query import SortCondition, query_page
from awscore.dynamo.storage import SortedStore
from awscore.dynamo.types import normalize_number

texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=6)
numbers = st.decimals(min_value=-10**6, max_value=10**6, places=3, allow_nan=False).map(normalize_number)
blobs = st.binary(min_size=1, max_size=4)


def _query_all(table, pk, **kwargs):
    page = query_page(table, pk, None, **kwargs)
    assert page.last_key is None
    return [i["sk"] for i in page.items]


@settings(max_examples=60)
@given(st.lists(texts, max_size=30))
def test_strings_sort_by_utf8_bytes(keys):
    t = Table("ttt", partition_key="pk", sort_key=("sk", "S"))
    for k in keys:
        t.execute_put({"pk": "p", "sk": k})
    want = sorted(set(keys), key=lambda s: s.encode("utf-8"))
    assert _query_all(t, "p") == want
    assert _query_all(t, "p", forward=False) == want[::-1]


@settings(max_examples=60)
@given(st.lists(numbers, max_size=30))
def test_numbers_sort_by_value(keys):
    t = Table("ttt", partition_key="pk", sort_key=("sk", "N"))
    for k in keys:
        t.execute_put({"pk": "p", "sk": k})
    assert _query_all(t, "p") == sorted(set(keys))


@settings(max_examples=60)
@given(st.lists(blobs, max_size=30), blobs)
def test_binary_sorts_unsigned_and_begins_with(keys, prefix):
    t = Table("ttt", partition_key="pk", sort_key=("sk", "B"))
    for k in keys:
        t.execute_put({"pk": "p", "sk": k})
    assert _query_all(t, "p") == sorted(set(keys))  # Python compares bytes unsigned, as DynamoDB does
    got = [i["sk"] for i in query_page(t, "p", SortCondition("begins_with", (prefix,))).items]
    assert got == sorted(k for k in set(keys) if k.startswith(prefix))


def test_numeric_keys_are_equal_by_value():
    t = Table("ttt", partition_key=("pk", "N"))
    t.put_item({"pk": Decimal("1e3"), "v": 1})
    t.put_item({"pk": 1000, "v": 2})
    assert len(t) == 1 and t.get_item({"pk": Decimal("1000.0")})["v"] == 2


@settings(max_examples=40)
@given(st.lists(st.tuples(st.sampled_from(["insert", "delete"]), st.integers(0, 5), st.integers(0, 5)),
                max_size=60))
def test_store_invariants_after_every_mutation(ops):
    store = SortedStore()
    model: dict[tuple[int, int], int] = {}
    for op, pk, sk in ops:
        if op == "insert":
            store.put(Decimal(pk), (Decimal(sk),), {"v": sk}, size=sk + 1)
            model[(pk, sk)] = sk + 1
        else:
            store.delete(Decimal(pk), (Decimal(sk),))
            model.pop((pk, sk), None)
        store._check()
    assert store.count == len(model) and store.size == sum(model.values())
    assert sorted((int(p), int(s[0])) for p, s, _ in store.items()) == sorted(model)
