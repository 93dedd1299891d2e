"""FilterExpression scenarios from Alternator's AWS-validated test_filter_expression.py, in our words."""

from __future__ import annotations

import random
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

pytestmark = pytest.mark.usefixtures("aws")


def _item(rnd: random.Random, i: int) -> dict[str, Any]:
    def s() -> str:
        return "".join(rnd.choice("abcdefghij") for _ in range(rnd.randint(7, 15)))
    item: dict[str, Any] = {
        "p": "part", "c": i, "s": s(), "b": s().encode(), "i": i, "l": [rnd.randint(1, 10**6)],
        "m": {s(): rnd.randint(1, 10**6)}, "ns": {rnd.randint(1, 10**6)}, "ss": {s()}, "bool": bool(i % 2)}
    kind = 1 + i % 4 if i == 0 else i % 5
    if kind == 1:
        item["r"] = rnd.randint(1, 10**6)
    elif kind == 2:
        item["r"] = s()
    elif kind == 3:
        item["r"] = s().encode()
    elif kind == 4:
        item["r"] = [1, 2]
    else:
        item["j"] = i
    return item


@pytest.fixture
def data() -> tuple[Any, list[dict[str, Any]]]:
    table = boto3.resource("dynamodb", region_name="us-east-1").create_table(
        TableName="alt_fx", KeySchema=[{"AttributeName": "p", "KeyType": "HASH"}, {"AttributeName": "c", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "p", "AttributeType": "S"}, {"AttributeName": "c", "AttributeType": "N"}],
        BillingMode="PAY_PER_REQUEST")
    rnd = random.Random(11)
    items = [_item(rnd, i) for i in range(20)]
    with table.batch_writer() as batch:
        for item in items:
            batch.put_item(Item=item)
    return table, items


def _plain(v: Any) -> Any:
    return bytes(v.value) if hasattr(v, "value") else v


def _q(table: Any, expr: str, **values: Any) -> list[int]:
    got = table.query(KeyConditionExpression="p=:p", FilterExpression=expr,
                      ExpressionAttributeValues={":p": "part", **{f":{k}": v for k, v in values.items()}})
    return [int(x["c"]) for x in got["Items"]]


def _invalid(table: Any, **kwargs: Any) -> str:
    with pytest.raises(ClientError) as info:
        table.query(**kwargs)
    assert info.value.response["Error"]["Code"] == "ValidationException"
    return info.value.response["Error"]["Message"]


def test_filters_cannot_name_key_attributes(data: Any) -> None:
    table, _ = data
    assert "Condition" in _invalid(table, FilterExpression="p=:p", ExpressionAttributeValues={":p": "part"})
    msg = _invalid(table, KeyConditionExpression="p=:p", FilterExpression="p=:p", ExpressionAttributeValues={":p": "part"})
    assert msg == "Filter Expression can only contain non-primary key attributes: Primary key attribute: p"
    msg = _invalid(table, KeyConditionExpression="p=:p", FilterExpression="c=:c",
                   ExpressionAttributeValues={":p": "part", ":c": 3})
    assert " key " in msg


@pytest.mark.parametrize("attr", ["i", "s", "b", "l", "m", "ns", "ss", "bool"])
def test_equality_on_every_type(data: Any, attr: str) -> None:
    table, items = data
    value = items[2][attr]
    assert _q(table, f"{attr}=:v", v=value) == [x["c"] for x in items if x[attr] == value]


def test_placeholders_whitespace_and_mixed_types(data: Any) -> None:
    table, items = data
    assert _q(table, "   i =  :i   ", i=2) == [2]
    assert ":i" in _invalid(table, KeyConditionExpression="p=:p", FilterExpression="i=:i",
                            ExpressionAttributeValues={":p": "part"})
    assert "qq" in _invalid(table, KeyConditionExpression="p=:p", FilterExpression="i=:i",
                            ExpressionAttributeValues={":p": "part", ":i": 3, ":qq": 3})
    r = items[0]["r"]
    assert _q(table, "r=:r", r=r) == [x["c"] for x in items if "r" in x and x["r"] == r]
    assert _q(table, "r<>:r", r=r) == [x["c"] for x in items if "r" not in x or x["r"] != r]


@pytest.mark.parametrize("attr", ["i", "s", "b"])
@pytest.mark.parametrize("op", ["<>", "<", "<=", ">", ">="])
def test_ordering_operators(data: Any, attr: str, op: str) -> None:
    table, items = data
    value = _plain(items[2][attr])
    compare = {"<>": lambda a, b: a != b, "<": lambda a, b: a < b, "<=": lambda a, b: a <= b,
               ">": lambda a, b: a > b, ">=": lambda a, b: a >= b}[op]
    assert _q(table, f"{attr}{op}:v", v=value) == [x["c"] for x in items if compare(_plain(x[attr]), value)]


def test_values_on_the_left(data: Any) -> None:
    table, _ = data
    assert _q(table, ":i=i", i=2) == [2]
    assert _q(table, ":i<i", i=17) == [18, 19]


def test_wrong_typed_item_values_just_do_not_match(data: Any) -> None:
    table, _ = data
    assert _q(table, "l <= :v", v=3) == []
    assert _q(table, ":v <= l", v=3) == []
    assert _q(table, "s between :v and l", v="cat") == []
    assert _q(table, "s between l and :v", v="cat") == []
    assert _q(table, "s between i and :v", v="cat") == []


@pytest.mark.parametrize("attr", ["i", "s", "b"])
def test_between_and_in(data: Any, attr: str) -> None:
    table, items = data
    lo, hi = sorted([_plain(items[2][attr]), _plain(items[3][attr])])
    assert _q(table, f"{attr} BetWEeN :a AnD :b", a=lo, b=hi) == \
        [x["c"] for x in items if lo <= _plain(x[attr]) <= hi]
    picks = [_plain(items[n][attr]) for n in (2, 7, 4)]
    assert _q(table, f"{attr} In (:a, :b, :c)", a=picks[0], b=picks[1], c=picks[2]) == \
        [x["c"] for x in items if _plain(x[attr]) in picks]


def test_between_needs_ordered_bounds(data: Any) -> None:
    table, _ = data
    msg = _invalid(table, KeyConditionExpression="p=:p", FilterExpression="i BetWEeN :a AnD :b",
                   ExpressionAttributeValues={":p": "part", ":a": 5, ":b": 3})
    assert msg == ("Invalid FilterExpression: The BETWEEN operator requires upper bound to be greater than or equal "
                   "to lower bound; lower bound operand: AttributeValue: {N:5}, upper bound operand: AttributeValue: {N:3}")


def test_begins_with(data: Any) -> None:
    table, items = data
    assert "begins_with" in _invalid(table, KeyConditionExpression="p=:p", FilterExpression="begins_with(i, :i)",
                                     ExpressionAttributeValues={":p": "part", ":i": 2})
    start = items[2]["s"][:2]
    assert _q(table, "begins_with(s, :st)", st=start) == [x["c"] for x in items if x["s"].startswith(start)]
    bstart = _plain(items[2]["b"])[:2]
    assert _q(table, "begins_with(b, :st)", st=bstart) == [x["c"] for x in items if _plain(x["b"]).startswith(bstart)]


def test_contains_members_and_substrings(data: Any) -> None:
    table, items = data
    for attr in ("ns", "l"):
        value = next(iter(items[2][attr]))
        assert _q(table, f"contains({attr}, :i)", i=value) == [x["c"] for x in items if value in x[attr]]
    assert _q(table, "contains(ns, :s)", s=items[2]["ns"]) == []  # a set is no member of itself
    sub = items[2]["s"][2:4]
    assert _q(table, "contains(s, :v)", v=sub) == [x["c"] for x in items if sub in x["s"]]
    member = next(iter(items[2]["ss"]))
    assert _q(table, "contains(ss, :v)", v=member) == [x["c"] for x in items if member in x["ss"]]
    bsub = _plain(items[2]["b"])[2:4]
    assert _q(table, "contains(b, :v)", v=bsub) == [x["c"] for x in items if bsub in _plain(x["b"])]
    assert _q(table, "contains(m, :v)", v=next(iter(items[2]["m"]))) == []
    assert _q(table, "contains(bool, :v)", v=True) == []


def test_existence_and_type_functions(data: Any) -> None:
    table, items = data
    assert _q(table, "attribute_exists(r)") == [x["c"] for x in items if "r" in x]
    assert _q(table, "attribute_not_exists(r)") == [x["c"] for x in items if "r" not in x]
    for tag, kind in (("S", str), ("N", int), ("B", bytes)):
        assert _q(table, "attribute_type(r, :t)", t=tag) == [x["c"] for x in items if isinstance(x.get("r"), kind)]
    for attr, tag in (("ns", "NS"), ("bool", "BOOL"), ("m", "M"), ("l", "L")):
        assert _q(table, f"attribute_type({attr}, :t)", t=tag) == [x["c"] for x in items]
    assert "HELLO" in _invalid(table, KeyConditionExpression="p=:p", FilterExpression="attribute_type(r, :t)",
                               ExpressionAttributeValues={":p": "part", ":t": "HELLO"})


def test_size(data: Any) -> None:
    table, items = data
    n = len(items[2]["s"])
    n2 = len(items[3]["s"])
    lo, hi = sorted([n, n2])
    for op, fn in (("<", lambda a: a < n), ("<=", lambda a: a <= n), (">", lambda a: a > n), (">=", lambda a: a >= n),
                   ("=", lambda a: a == n), ("<>", lambda a: a != n)):
        assert _q(table, f"size(s) {op} :i", i=n) == [x["c"] for x in items if fn(len(x["s"]))]
    assert _q(table, "size(s) BETWEEN :a AND :b", a=lo, b=hi) == [x["c"] for x in items if lo <= len(x["s"]) <= hi]
    assert _q(table, "size(s) IN (:a, :b)", a=lo, b=hi) == [x["c"] for x in items if len(x["s"]) in (lo, hi)]
    nb = len(_plain(items[2]["b"]))
    assert _q(table, "size(b) < :i", i=nb) == [x["c"] for x in items if len(_plain(x["b"])) < nb]
    for attr in ("l", "m", "ns"):
        size = len(items[2][attr])
        assert _q(table, f"size({attr}) = :n", n=size) == [x["c"] for x in items if len(x[attr]) == size]
    for attr in ("i", "bool"):
        assert _q(table, f"size({attr}) < :i", i=3) == []
        assert _q(table, f"size({attr}) >= :i", i=3) == []


def test_boolean_logic_and_errors(data: Any) -> None:
    table, items = data
    assert _q(table, "i=:a OR i=:b oR i=:c", a=2, b=5, c=7) == [2, 5, 7]
    assert _q(table, "i=:a aND s=:s", a=2, s=items[2]["s"]) == [2]
    assert _q(table, "(((i=:a) AND s=:s) OR i=:b oR i=:c) or NoT i<:d", a=2, s=items[2]["s"], b=5, c=7, d=15) == \
        [2, 5, 7, 15, 16, 17, 18, 19]
    assert _q(table, "i=:b OR i=:a AND s=:s", a=2, s=items[2]["s"], b=5) == [2, 5]
    assert "dog" in _invalid(table, KeyConditionExpression="p=:p", FilterExpression="dog(i, :i)",
                             ExpressionAttributeValues={":p": "part", ":i": 3})
    assert "yntax" in _invalid(table, KeyConditionExpression="p=:p", FilterExpression="i != :i",
                               ExpressionAttributeValues={":p": "part", ":i": 3})
    assert "empty" in _invalid(table, KeyConditionExpression="p=:p", FilterExpression="",
                               ExpressionAttributeValues={":p": "part"})
