"""Query scenarios (legacy KeyConditions, ordering, Select, Limit, paging, reverse) from Alternator's test_query.py."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

pytestmark = pytest.mark.usefixtures("aws")


def _table(name: str, sort_type: str) -> Any:
    return boto3.resource("dynamodb", region_name="us-east-1").create_table(
        TableName=name, KeySchema=[{"AttributeName": "p", "KeyType": "HASH"}, {"AttributeName": "c", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "p", "AttributeType": "S"}, {"AttributeName": "c", "AttributeType": sort_type}],
        BillingMode="PAY_PER_REQUEST")


def _eq(value: Any) -> dict[str, Any]:
    return {"AttributeValueList": [value], "ComparisonOperator": "EQ"}


def _full(table: Any, **kwargs: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    while True:
        page = table.query(**kwargs)
        out += page["Items"]
        if "LastEvaluatedKey" not in page:
            return out
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def _fill(table: Any, keys: list[Any], **extra: Any) -> None:
    with table.batch_writer() as batch:
        for c in random.Random(7).sample(keys, len(keys)):
            batch.put_item(Item={"p": "part", "c": c, **{k: (c if v is None else v) for k, v in extra.items()}})


@pytest.mark.parametrize(("op", "values", "pred"), [
    ("LT", ["12"], lambda c: c < "12"), ("LE", ["14"], lambda c: c <= "14"), ("GT", ["15"], lambda c: c > "15"),
    ("GE", ["14"], lambda c: c >= "14"), ("BETWEEN", ["155", "164"], lambda c: "155" <= c <= "164"),
    ("BEGINS_WITH", ["11"], lambda c: c.startswith("11"))])
def test_legacy_key_conditions(op: str, values: list[str], pred: Any) -> None:
    table = _table("alt_q1", "S")
    keys = [str(i) for i in range(200)]
    _fill(table, keys)
    got = _full(table, KeyConditions={"p": _eq("part"), "c": {"AttributeValueList": values, "ComparisonOperator": op}})
    assert [x["c"] for x in got] == sorted(k for k in keys if pred(k))


def test_begins_with_non_ascii_and_wrong_type() -> None:
    table = _table("alt_q2", "S")
    keys = ["ÿÿÿ", "cÿbÿ", "cÿbÿÿabg"]
    _fill(table, keys)
    for prefix in ["ÿÿ", "cÿbÿ"]:
        got = _full(table, KeyConditions={"p": _eq("part"), "c": {"AttributeValueList": [prefix],
                                                                  "ComparisonOperator": "BEGINS_WITH"}})
        assert sorted(x["c"] for x in got) == sorted(k for k in keys if k.startswith(prefix))
    tn = _table("alt_q3", "N")
    with pytest.raises(ClientError) as info:
        tn.query(KeyConditions={"p": _eq("part"), "c": {"AttributeValueList": [17], "ComparisonOperator": "BEGINS_WITH"}})
    assert info.value.response["Error"]["Code"] == "ValidationException"


def test_sort_orders_for_strings_bytes_and_numbers() -> None:
    ts = _table("alt_q4", "S")
    _fill(ts, [str(i) for i in range(128)])
    got = [x["c"] for x in _full(ts, KeyConditions={"p": _eq("part")})]
    assert got == sorted(str(i) for i in range(128))
    tb = _table("alt_q5", "B")
    rnd = random.Random(3)
    blobs = list({bytes(rnd.randrange(256) for _ in range(10)) for _ in range(64)})
    _fill(tb, blobs)
    got_b = [x["c"].value for x in _full(tb, KeyConditions={"p": _eq("part")})]
    assert got_b == sorted(blobs)  # unsigned byte order
    numbers = [Decimal(s) for s in ["-2e10", "-7.1e2", "-4.1", "-0.1", "-1e-5", "0", "2e-5", "0.15", "1",
                                    "1.00000000000000000000000001", "3.14159",
                                    "3.1415926535897932384626433832795028841", "31.4", "1.4e10"]]
    tn = _table("alt_q6", "N")
    _fill(tn, numbers)
    assert [x["c"] for x in _full(tn, KeyConditions={"p": _eq("part")})] == numbers


def test_query_filter_on_non_keys_only() -> None:
    table = _table("alt_q7", "S")
    for i in range(10):
        table.put_item(Item={"p": "part", "c": str(i), "attribute": "xxxx" if i % 2 else "y", "another": "yy" if i % 3 else "z"})
    got = _full(table, KeyConditions={"p": _eq("part")}, QueryFilter={"attribute": _eq("xxxx")})
    assert [x["c"] for x in got] == ["1", "3", "5", "7", "9"]
    got = _full(table, KeyConditions={"p": _eq("part")}, QueryFilter={"attribute": _eq("xxxx"), "another": _eq("yy")})
    assert [x["c"] for x in got] == ["1", "5", "7"]
    for bad in ({"c": _eq("5")}, {"attribute": _eq("x"), "p": _eq("5")}):
        with pytest.raises(ClientError) as info:
            table.query(KeyConditions={"p": _eq("part")}, QueryFilter=bad)
        assert info.value.response["Error"]["Code"] == "ValidationException"


def test_which_keys_can_be_queried() -> None:
    table = _table("alt_q8", "S")
    for p, c in [("p1", "c1"), ("p1", "c2"), ("p2", "c1")]:
        table.put_item(Item={"p": p, "c": c})
    assert _full(table, KeyConditions={"p": _eq("p1")}) == [{"p": "p1", "c": "c1"}, {"p": "p1", "c": "c2"}]
    assert _full(table, KeyConditions={"p": _eq("p1"), "c": _eq("c1")}) == [{"p": "p1", "c": "c1"}]
    cases = [({"c": _eq("c1")}, "Query condition missed key schema element: p"),
             ({"z": _eq("c1")}, "Query condition missed key schema element: p"),
             ({"p": _eq("p1"), "z": _eq("c1")}, "Query condition missed key schema element: c"),
             ({"p": _eq("p1"), "c": _eq("c1"), "z": _eq("c1")}, "Conditions can be of length 1 or 2 only"),
             ({}, None)]
    for conditions, message in cases:
        with pytest.raises(ClientError) as info:
            table.query(KeyConditions=conditions)
        assert info.value.response["Error"]["Code"] == "ValidationException"
        if message:
            assert info.value.response["Error"]["Message"] == message
    with pytest.raises(ClientError) as info:
        table.query()
    assert info.value.response["Error"]["Code"] == "ValidationException"


def test_select_modes() -> None:
    table = _table("alt_q9", "N")
    numbers = [Decimal(i) for i in range(10)]
    _fill(table, numbers, x=None)
    kc = {"p": _eq("part")}
    for extra in ({}, {"Select": "ALL_ATTRIBUTES"}):
        got = table.query(KeyConditions=kc, **extra)["Items"]
        assert [x["c"] for x in got] == numbers and [x["x"] for x in got] == numbers
    for bad in ({"Select": "ALL_PROJECTED_ATTRIBUTES"}, {"Select": "SPECIFIC_ATTRIBUTES"}, {"Select": "UNKNOWN"}):
        with pytest.raises(ClientError) as info:
            table.query(KeyConditions=kc, **bad)
        assert info.value.response["Error"]["Code"] == "ValidationException"
    assert table.query(KeyConditions=kc, Select="SPECIFIC_ATTRIBUTES", AttributesToGet=["x"])["Items"] == \
        [{"x": n} for n in numbers]
    assert table.query(KeyConditions={"p": _eq("part")}, Select="SPECIFIC_ATTRIBUTES",
                       ProjectionExpression="x")["Items"] == [{"x": n} for n in numbers]
    got = table.query(KeyConditions=kc, Select="COUNT")
    assert got["Count"] == 10 and "Items" not in got


@pytest.mark.parametrize("forward", [True, False])
def test_limit_paging_and_reverse(forward: bool) -> None:
    table = _table("alt_q10", "N")
    numbers = [Decimal(i) for i in range(20)]
    _fill(table, numbers)
    expected = numbers if forward else list(reversed(numbers))
    kc = {"p": _eq("part")}
    assert [x["c"] for x in table.query(KeyConditions=kc, ScanIndexForward=forward)["Items"]] == expected
    for limit in [1, 2, 3, 7, 10, 17, 100, 10000]:
        page = table.query(KeyConditions=kc, Limit=limit, ScanIndexForward=forward)
        assert [x["c"] for x in page["Items"]] == expected[:limit]
        assert [x["c"] for x in _full(table, KeyConditions=kc, Limit=limit, ScanIndexForward=forward)] == expected
