"""GSI scenarios from Alternator's AWS-validated test_gsi.py, in our words."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

pytestmark = pytest.mark.usefixtures("aws")


def _create(name: str, keys: list[tuple[str, str]], defs: dict[str, str], gsis: list[tuple[str, list[tuple[str, str]]]]) -> Any:
    return boto3.resource("dynamodb", region_name="us-east-1").create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": n, "KeyType": t} for n, t in keys],
        AttributeDefinitions=[{"AttributeName": n, "AttributeType": t} for n, t in defs.items()],
        GlobalSecondaryIndexes=[{"IndexName": name, "Projection": {"ProjectionType": "ALL"},
                                 "KeySchema": [{"AttributeName": n, "KeyType": t} for n, t in ks]} for name, ks in gsis])


def _eq(v: Any) -> dict[str, Any]:
    return {"AttributeValueList": [v], "ComparisonOperator": "EQ"}


def _key(x: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(sorted(x.items()))


def _q(table: Any, **kwargs: Any) -> list[tuple[Any, ...]]:
    return sorted(map(_key, table.query(IndexName="hello", **kwargs)["Items"]))


def _scan(table: Any, **kwargs: Any) -> list[tuple[Any, ...]]:
    return sorted(map(_key, table.scan(**kwargs)["Items"]))


def _invalid(call: Any, **kwargs: Any) -> str:
    with pytest.raises(ClientError) as info:
        call(**kwargs)
    assert info.value.response["Error"]["Code"] == "ValidationException"
    return info.value.response["Error"]["Message"]


@pytest.fixture
def gsi1() -> Any:
    """Base (p, c); index ``hello`` swaps the roles: (c, p)."""
    return _create("alt_g1", [("p", "HASH"), ("c", "RANGE")], {"p": "S", "c": "S"}, [("hello", [("c", "HASH"), ("p", "RANGE")])])


@pytest.fixture
def gsi2() -> Any:
    """Base (p); index ``hello`` on the non-key attribute x."""
    return _create("alt_g2", [("p", "HASH")], {"p": "S", "x": "S"}, [("hello", [("x", "HASH")])])


@pytest.fixture
def gsi3() -> Any:
    """Base (p); index ``hello`` on two non-key attributes (a, b)."""
    return _create("alt_g3", [("p", "HASH")], {"p": "S", "a": "S", "b": "S"}, [("hello", [("a", "HASH"), ("b", "RANGE")])])


def test_index_with_swapped_keys(gsi1: Any) -> None:
    items = [{"p": f"p{i}", "c": "same" if i < 5 else f"c{i}", "x": str(i)} for i in range(10)]
    for item in items:
        gsi1.put_item(Item=item)
    _invalid(gsi1.query, KeyConditions={"c": _eq("same")})
    assert _q(gsi1, KeyConditions={"c": _eq("same")}) == sorted(_key(x) for x in items[:5])
    assert _scan(gsi1, IndexName="hello") == _scan(gsi1)


def test_missing_index_and_missing_table(gsi1: Any) -> None:
    assert "wrong_name" in _invalid(gsi1.query, IndexName="wrong_name", KeyConditions={"x": _eq(1)})
    assert "wrong_name" in _invalid(gsi1.scan, IndexName="wrong_name")
    client = gsi1.meta.client
    for call in (lambda: client.query(TableName="nonexistent_table", IndexName="any_name", KeyConditions={"x": _eq(1)}),
                 lambda: client.scan(TableName="nonexistent_table", IndexName="any_name")):
        with pytest.raises(ClientError) as info:
            call()
        assert info.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_no_strongly_consistent_reads_on_a_gsi(gsi1: Any) -> None:
    msg = _invalid(gsi1.query, IndexName="hello", KeyConditions={"c": _eq("hi")}, ConsistentRead=True)
    assert msg == "Consistent reads are not supported on global secondary indexes"
    assert "Consistent" in _invalid(gsi1.scan, IndexName="hello", ConsistentRead=True)


def test_describe_lists_the_gsi(gsi1: Any) -> None:
    desc = gsi1.meta.client.describe_table(TableName="alt_g1")["Table"]
    (gsi,) = desc["GlobalSecondaryIndexes"]
    assert gsi["IndexName"] == "hello"
    assert gsi["Projection"] == {"ProjectionType": "ALL"}
    assert gsi["KeySchema"] == [{"AttributeName": "c", "KeyType": "HASH"}, {"AttributeName": "p", "KeyType": "RANGE"}]
    assert gsi["IndexStatus"] == "ACTIVE"
    assert "IndexSizeBytes" in gsi and "ItemCount" in gsi


def test_gsi_key_needs_an_attribute_definition() -> None:
    msg = _invalid(boto3.client("dynamodb", region_name="us-east-1").create_table, TableName="alt_g0",
                   BillingMode="PAY_PER_REQUEST", KeySchema=[{"AttributeName": "p", "KeyType": "HASH"}],
                   AttributeDefinitions=[{"AttributeName": "p", "AttributeType": "S"}],
                   GlobalSecondaryIndexes=[{"IndexName": "hello", "Projection": {"ProjectionType": "ALL"},
                                            "KeySchema": [{"AttributeName": "c", "KeyType": "HASH"}]}])
    assert msg == ("One or more parameter values were invalid: Some index key attributes are not defined in "
                   "AttributeDefinitions. Keys: [c], AttributeDefinitions: [p]")


def test_hash_only_index_on_the_base_sort_key() -> None:
    table = _create("alt_g4", [("p", "HASH"), ("c", "RANGE")], {"p": "S", "c": "S"}, [("hello", [("c", "HASH")])])
    items = [{"p": f"p{i}", "c": "same" if i % 2 else f"c{i}", "x": str(i)} for i in range(10)]
    for item in items:
        table.put_item(Item=item)
    assert _q(table, KeyConditions={"c": _eq("same")}) == sorted(_key(x) for x in items if x["c"] == "same")
    assert _scan(table, IndexName="hello") == _scan(table)


def test_sparse_index_and_empty_or_mistyped_keys(gsi2: Any) -> None:
    gsi2.put_item(Item={"p": "p1", "x": "x1"})
    gsi2.put_item(Item={"p": "p2"})
    assert _q(gsi2, KeyConditions={"x": _eq("x1")}) == [_key({"p": "p1", "x": "x1"})]
    assert [x["p"] for x in gsi2.scan(IndexName="hello")["Items"]] == ["p1"]
    assert "empty" in _invalid(gsi2.put_item, Item={"p": "p3", "x": ""})
    assert "mismatch" in _invalid(gsi2.put_item, Item={"p": "p3", "x": 3})
    assert "Item" not in gsi2.get_item(Key={"p": "p3"})
    assert "mismatch" in _invalid(gsi2.update_item, Key={"p": "p1"}, AttributeUpdates={"x": {"Value": 3, "Action": "PUT"}})
    _invalid(gsi2.update_item, Key={"p": "p1"}, UpdateExpression="SET x = :v", ExpressionAttributeValues={":v": {"a": 3}})
    _invalid(gsi2.update_item, Key={"p": "p1"}, UpdateExpression="SET x.y = :v", ExpressionAttributeValues={":v": 3})
    assert gsi2.get_item(Key={"p": "p1"})["Item"] == {"p": "p1", "x": "x1"}
    with pytest.raises(ClientError) as info:
        gsi2.meta.client.batch_write_item(RequestItems={"alt_g2": [
            {"PutRequest": {"Item": {"p": "b1", "x": "ok"}}}, {"PutRequest": {"Item": {"p": "b2", "x": 3}}}]})
    assert "mismatch" in info.value.response["Error"]["Message"]
    assert "Item" not in gsi2.get_item(Key={"p": "b1"})


def test_two_non_key_attributes_as_index_keys(gsi3: Any) -> None:
    items = [{"p": f"p{i}", "a": f"a{i}", "b": f"b{i}", "d": f"d{i}"} for i in range(5)]
    for item in items:
        gsi3.put_item(Item=item)

    def at(a: str, b: str) -> list[tuple[Any, ...]]:
        return _q(gsi3, KeyConditions={"a": _eq(a), "b": _eq(b)})
    assert at("a3", "b3") == [_key(items[3])]
    # rewriting b with the same value keeps the index entry; with another value moves it
    gsi3.update_item(Key={"p": "p3"}, AttributeUpdates={"b": {"Value": "b3", "Action": "PUT"}})
    assert at("a3", "b3") == [_key(items[3])]
    gsi3.update_item(Key={"p": "p3"}, AttributeUpdates={"b": {"Value": "b3", "Action": "PUT"},
                                                        "d": {"Value": "new", "Action": "PUT"}})
    assert at("a3", "b3") == [_key(items[3] | {"d": "new"})]
    gsi3.update_item(Key={"p": "p3"}, AttributeUpdates={"b": {"Value": "updated", "Action": "PUT"}})
    assert at("a3", "b3") == []
    assert at("a3", "updated") == [_key(items[3] | {"d": "new", "b": "updated"})]
    for partial in ({"p": "q", "b": "b"}, {"p": "q", "a": "a"}, {"p": "q"}):
        gsi3.put_item(Item=partial)
        assert all(x["p"] != "q" for x in gsi3.scan(IndexName="hello")["Items"])
