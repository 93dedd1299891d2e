"""Multi-attribute GSI sort keys recorded against real AWS (moto's aws_verified multi-attribute GSI tests).

The index has ``gsi_pk`` (HASH, S) then ``gsi_sk`` (RANGE, S) and ``gsi_sk2`` (RANGE, N): entries sort by
(gsi_sk, gsi_sk2); a Query names a left-to-right prefix of the sort attributes, with equality on all
but the last one; an item lacking any key attribute is not indexed.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import boto3
import pytest
from dynamo_helpers import message
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from verified_dynamo_helpers import verified_table

from awscore import Cloud, mock_aws
from awscore.clock import ManualClock

pytestmark = pytest.mark.usefixtures("aws")

ROWS = [("1", "pk1", "skA", 100), ("2", "pk1", "skA", 200), ("3", "pk1", "skA", 300), ("4", "pk1", "skB", 150),
        ("5", "pk2", "skA", 250)]


def _client() -> Any:
    return boto3.client("dynamodb", region_name="us-east-1")


def _table(rows: list[tuple[str, str, str, int]] | None = ROWS, name: str = "tverified") -> str:
    name = verified_table(name, add_multi_attribute_gsi=True)
    table = boto3.resource("dynamodb", region_name="us-east-1").Table(name)
    for pk, gpk, gsk, gsk2 in rows or []:
        table.put_item(Item={"pk": pk, "gsi_pk": gpk, "gsi_sk": gsk, "gsi_sk2": gsk2})
    return name


def _query(name: str, condition: str, **values: dict[str, str]) -> Any:
    return _client().query(TableName=name, IndexName="test_gsi", KeyConditionExpression=condition,
                           ExpressionAttributeValues={f":{k}": v for k, v in values.items()})


def test_describe_lists_every_sort_attribute() -> None:
    gsi = _client().describe_table(TableName=_table(None))["Table"]["GlobalSecondaryIndexes"][0]
    assert gsi["IndexName"] == "test_gsi"
    assert gsi["KeySchema"] == [{"AttributeName": "gsi_pk", "KeyType": "HASH"},
                                {"AttributeName": "gsi_sk", "KeyType": "RANGE"},
                                {"AttributeName": "gsi_sk2", "KeyType": "RANGE"}]


def test_partition_only_and_equality_prefix() -> None:
    name = _table()
    assert _query(name, "gsi_pk = :pk", pk={"S": "pk1"})["Count"] == 4
    res = _query(name, "gsi_pk = :pk AND gsi_sk = :sk", pk={"S": "pk1"}, sk={"S": "skA"})
    assert res["Count"] == 3 and all(i["gsi_sk"]["S"] == "skA" for i in res["Items"])
    res = _query(name, "gsi_pk = :pk AND gsi_sk = :sk AND gsi_sk2 = :n", pk={"S": "pk1"}, sk={"S": "skA"},
                 n={"N": "200"})
    assert res["Count"] == 1 and res["Items"][0]["gsi_sk2"]["N"] == "200"


def test_range_operator_on_the_last_attribute_given() -> None:
    name = _table()
    res = _query(name, "gsi_pk = :pk AND gsi_sk > :sk", pk={"S": "pk1"}, sk={"S": "skA"})
    assert res["Count"] == 1 and res["Items"][0]["gsi_sk"]["S"] == "skB"
    res = _query(name, "gsi_pk = :pk AND gsi_sk = :sk AND gsi_sk2 > :n", pk={"S": "pk1"}, sk={"S": "skA"},
                 n={"N": "100"})
    assert sorted(int(i["gsi_sk2"]["N"]) for i in res["Items"]) == [200, 300]
    res = _query(name, "gsi_pk = :pk AND gsi_sk = :sk AND gsi_sk2 BETWEEN :lo AND :hi", pk={"S": "pk1"},
                 sk={"S": "skA"}, lo={"N": "150"}, hi={"N": "250"})
    assert res["Count"] == 1 and res["Items"][0]["gsi_sk2"]["N"] == "200"
    res = _query(name, "gsi_pk = :pk AND gsi_sk = :sk AND gsi_sk2 < :n", pk={"S": "pk1"}, sk={"S": "skA"},
                 n={"N": "300"})
    assert [i["gsi_sk2"]["N"] for i in res["Items"]] == ["100", "200"]
    res = _query(name, "gsi_pk = :pk AND begins_with(gsi_sk, :p)", pk={"S": "pk1"}, p={"S": "skB"})
    assert [i["pk"]["S"] for i in res["Items"]] == ["4"]


def test_skipping_a_sort_attribute_names_it() -> None:
    name = _table(None)
    code, text = message(_query, name, "gsi_pk = :pk AND gsi_sk2 > :n", pk={"S": "pk1"}, n={"N": "100"})
    assert code == "ValidationException" and "gsi_sk" in text


def test_range_operator_before_the_last_attribute_is_refused() -> None:
    name = _table(None)
    code, _ = message(_query, name, "gsi_pk = :pk AND gsi_sk > :sk AND gsi_sk2 = :n", pk={"S": "pk1"},
                      sk={"S": "skA"}, n={"N": "100"})
    assert code == "ValidationException"


def test_entries_sort_by_the_sort_attributes_in_order() -> None:
    name = _table()
    res = _client().query(TableName=name, IndexName="test_gsi", KeyConditionExpression="gsi_pk = :pk",
                          ExpressionAttributeValues={":pk": {"S": "pk1"}}, ScanIndexForward=True)
    assert [(i["gsi_sk"]["S"], i["gsi_sk2"]["N"]) for i in res["Items"]] == [
        ("skA", "100"), ("skA", "200"), ("skA", "300"), ("skB", "150")]
    other = _table([("10", "pk1", "skA", 300), ("20", "pk1", "skA", 100), ("30", "pk1", "skA", 200)], "tother")
    res = _query(other, "gsi_pk = :pk", pk={"S": "pk1"})
    assert [(i["gsi_sk2"]["N"], i["pk"]["S"]) for i in res["Items"]] == [("100", "20"), ("200", "30"), ("300", "10")]


def test_legacy_key_conditions() -> None:
    name = _table()
    eq = {"ComparisonOperator": "EQ"}
    res = _client().query(TableName=name, IndexName="test_gsi",
                          KeyConditions={"gsi_pk": {**eq, "AttributeValueList": [{"S": "pk1"}]}})
    assert res["Count"] == 4
    res = _client().query(TableName=name, IndexName="test_gsi", KeyConditions={
        "gsi_pk": {**eq, "AttributeValueList": [{"S": "pk1"}]},
        "gsi_sk": {**eq, "AttributeValueList": [{"S": "skA"}]},
        "gsi_sk2": {"ComparisonOperator": "GT", "AttributeValueList": [{"N": "100"}]}})
    assert sorted(int(i["gsi_sk2"]["N"]) for i in res["Items"]) == [200, 300]
    code, text = message(_client().query, TableName=name, IndexName="test_gsi", KeyConditions={
        "gsi_pk": {**eq, "AttributeValueList": [{"S": "pk1"}]},
        "gsi_sk2": {"ComparisonOperator": "GT", "AttributeValueList": [{"N": "100"}]}})
    assert code == "ValidationException" and "gsi_sk" in text


def test_items_missing_any_key_attribute_are_not_indexed() -> None:
    name = verified_table(add_multi_attribute_gsi=True)
    table = boto3.resource("dynamodb", region_name="us-east-1").Table(name)
    table.put_item(Item={"pk": "1", "gsi_pk": "pk1", "gsi_sk": "skA", "gsi_sk2": 100})
    table.put_item(Item={"pk": "2", "gsi_pk": "pk1", "gsi_sk": "skB"})
    table.put_item(Item={"pk": "3", "gsi_pk": "pk1", "gsi_sk2": 200})
    table.put_item(Item={"pk": "4", "gsi_pk": "pk1", "gsi_sk": "skC", "gsi_sk2": 300})
    res = _query(name, "gsi_pk = :pk", pk={"S": "pk1"})
    assert res["Count"] == 2 and {i["pk"]["S"] for i in res["Items"]} == {"1", "4"}


def test_pages_resume_from_a_key_naming_every_attribute() -> None:
    name = _table()
    common: dict[str, Any] = dict(TableName=name, IndexName="test_gsi", KeyConditionExpression="gsi_pk = :pk",
                                  ExpressionAttributeValues={":pk": {"S": "pk1"}}, Limit=2)
    page1 = _client().query(**common)
    assert len(page1["Items"]) == 2
    assert set(page1["LastEvaluatedKey"]) == {"pk", "gsi_pk", "gsi_sk", "gsi_sk2"}
    page2 = _client().query(**common, ExclusiveStartKey=page1["LastEvaluatedKey"])
    assert len(page2["Items"]) == 2
    assert not {i["pk"]["S"] for i in page1["Items"]} & {i["pk"]["S"] for i in page2["Items"]}
    back = _client().query(**{**common, "ScanIndexForward": False})
    assert [i["pk"]["S"] for i in back["Items"]] == ["4", "3"]
    scan = _client().scan(TableName=name, IndexName="test_gsi")
    assert scan["Count"] == 5


# ---- property: a multi-attribute sort key behaves like sorting and filtering a plain list ----------

_ROWS = st.lists(st.tuples(st.sampled_from(["a", "ab", "b"]), st.integers(-3, 3)), max_size=12)
_OPS = st.sampled_from(["=", "<", "<=", ">", ">=", "BETWEEN", "begins_with", None])


def _holds(op: str | None, target: Any, v: Any, v2: Any) -> bool:
    if op is None:
        return True
    if op == "begins_with":
        return str(target).startswith(str(v))
    if op == "BETWEEN":
        return bool(v <= target <= v2)
    return bool({"=": target == v, "<": target < v, "<=": target <= v, ">": target > v, ">=": target >= v}[op])


def _expected(rows: list[tuple[str, int]], eq_sk: str | None, op: str | None, v: Any, v2: Any) -> list[str]:
    """Item names in index order that a Query with these conditions returns (the naive model)."""
    keyed = sorted((sk, n, f"i{i}") for i, (sk, n) in enumerate(rows))
    if eq_sk is not None:
        return [pk for sk, n, pk in keyed if sk == eq_sk and _holds(op, n, v, v2)]
    return [pk for sk, _, pk in keyed if _holds(op, sk, v, v2)]


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(rows=_ROWS, on_second=st.booleans(), op=_OPS, sk=st.sampled_from(["a", "ab", "b"]), n1=st.integers(-3, 3),
       n2=st.integers(-3, 3), limit=st.integers(1, 4))
def test_queries_match_a_sorted_list(rows: list[tuple[str, int]], on_second: bool, op: str | None, sk: str,
                                     n1: int, n2: int, limit: int) -> None:
    if on_second and op == "begins_with":
        op = "="
    with mock_aws(cloud=Cloud(clock=ManualClock(0))):
        ddb = _client()
        name = verified_table("tprop", add_multi_attribute_gsi=True)
        for i, (s, n) in enumerate(rows):
            ddb.put_item(TableName=name, Item={"pk": {"S": f"i{i}"}, "gsi_pk": {"S": "p"}, "gsi_sk": {"S": s},
                                               "gsi_sk2": {"N": str(n)}})
        cond, values = "gsi_pk = :p", {":p": {"S": "p"}}
        lo, hi = sorted((n1, n2))
        if on_second:
            cond += " AND gsi_sk = :s"
            values[":s"] = {"S": sk}
            attr, wire_v, v, v2 = "gsi_sk2", {"N": str(lo)}, Decimal(lo), Decimal(hi)
            values_hi = {"N": str(hi)}
        else:
            low, high = sorted((sk, ["a", "ab", "b"][n1 % 3]))
            attr, wire_v, v, v2 = "gsi_sk", {"S": low if op == "BETWEEN" else sk}, (low if op == "BETWEEN" else sk), high
            values_hi = {"S": high}
        if op == "BETWEEN":
            cond += f" AND {attr} BETWEEN :v AND :w"
            values.update({":v": wire_v, ":w": values_hi})
        elif op == "begins_with":
            cond += f" AND begins_with({attr}, :v)"
            values[":v"] = wire_v
        elif op is not None:
            cond += f" AND {attr} {op} :v"
            values[":v"] = wire_v
        expected = _expected(rows, sk if on_second else None, op, v, v2)
        got: list[str] = []
        start = None
        for _ in range(20):
            kwargs: dict[str, Any] = {"ExclusiveStartKey": start} if start else {}
            page = ddb.query(TableName=name, IndexName="test_gsi", KeyConditionExpression=cond,
                             ExpressionAttributeValues=values, Limit=limit, **kwargs)
            got += [i["pk"]["S"] for i in page["Items"]]
            start = page.get("LastEvaluatedKey")
            if start is None:
                break
        assert got == expected
        whole = ddb.query(TableName=name, IndexName="test_gsi", KeyConditionExpression=cond,
                          ExpressionAttributeValues=values, ScanIndexForward=False)
        assert [i["pk"]["S"] for i in whole["Items"]] == expected[::-1]


# ---- several partition-key attributes (AWS documents up to four; not in the recorded tests) ---------

def _hash_table() -> str:
    ddb = _client()
    defs = [{"AttributeName": n, "AttributeType": t} for n, t in [("pk", "S"), ("g1", "S"), ("g2", "N"), ("s", "S")]]
    ddb.create_table(TableName="thash", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                     AttributeDefinitions=defs, BillingMode="PAY_PER_REQUEST", GlobalSecondaryIndexes=[{
                         "IndexName": "gix", "Projection": {"ProjectionType": "KEYS_ONLY"},
                         "KeySchema": [{"AttributeName": "g1", "KeyType": "HASH"},
                                       {"AttributeName": "g2", "KeyType": "HASH"},
                                       {"AttributeName": "s", "KeyType": "RANGE"}]}])
    rows = [("1", "a", 1, "x"), ("2", "a", 1, "y"), ("3", "a", 2, "x"), ("4", "b", 1, "z"), ("5", "a", 1, "w")]
    for pk, g1, g2, s in rows:
        ddb.put_item(TableName="thash", Item={"pk": {"S": pk}, "g1": {"S": g1}, "g2": {"N": str(g2)}, "s": {"S": s}})
    ddb.put_item(TableName="thash", Item={"pk": {"S": "6"}, "g1": {"S": "a"}, "s": {"S": "v"}})  # lacks g2
    return "thash"


def _hash_query(condition: str, **kwargs: Any) -> Any:
    values = {":a": {"S": "a"}, ":one": {"N": "1"}, ":x": {"S": "x"}}
    used = {k: v for k, v in values.items() if k in condition}
    return _client().query(TableName="thash", IndexName="gix", KeyConditionExpression=condition,
                           ExpressionAttributeValues=used, **kwargs)


def test_several_partition_attributes_form_one_partition() -> None:
    _hash_table()
    gsi = _client().describe_table(TableName="thash")["Table"]["GlobalSecondaryIndexes"][0]
    assert [e["KeyType"] for e in gsi["KeySchema"]] == ["HASH", "HASH", "RANGE"]
    res = _hash_query("g1 = :a AND g2 = :one")
    assert [i["pk"]["S"] for i in res["Items"]] == ["5", "1", "2"]  # sorted by s: w, x, y
    res = _hash_query("g2 = :one AND g1 = :a AND s > :x")
    assert [i["pk"]["S"] for i in res["Items"]] == ["2"]
    page = _hash_query("g1 = :a AND g2 = :one", Limit=2)
    assert set(page["LastEvaluatedKey"]) == {"pk", "g1", "g2", "s"}
    rest = _hash_query("g1 = :a AND g2 = :one", ExclusiveStartKey=page["LastEvaluatedKey"])
    assert [i["pk"]["S"] for i in rest["Items"]] == ["2"]
    scan = _client().scan(TableName="thash", IndexName="gix")
    assert scan["Count"] == 5  # the item lacking g2 is not indexed


def test_every_partition_attribute_needs_an_equality() -> None:
    _hash_table()
    assert message(_hash_query, "g1 = :a") == ("ValidationException", "Query condition missed key schema element: g2")
    assert message(_hash_query, "g1 = :a AND g2 > :one") == ("ValidationException", "Query key condition not supported")


def test_at_most_four_attributes_per_key_part() -> None:
    names = [f"h{i}" for i in range(5)]
    defs = [{"AttributeName": n, "AttributeType": "S"} for n in ["pk", *names]]
    keys = [{"AttributeName": n, "KeyType": "HASH"} for n in names]
    code, _ = message(_client().create_table, TableName="tfive", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                      AttributeDefinitions=defs, BillingMode="PAY_PER_REQUEST", GlobalSecondaryIndexes=[{
                          "IndexName": "gix", "Projection": {"ProjectionType": "ALL"}, "KeySchema": keys}])
    assert code == "ValidationException"
    assert _client().list_tables()["TableNames"] == []
