"""ProjectionExpression scenarios from Alternator's AWS-validated test_projection_expression.py, in our words."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError

pytestmark = pytest.mark.usefixtures("aws")


def _table(name: str, sort: bool) -> Any:
    keys = [{"AttributeName": "p", "KeyType": "HASH"}]
    attrs = [{"AttributeName": "p", "AttributeType": "S"}]
    if sort:
        keys.append({"AttributeName": "c", "KeyType": "RANGE"})
        attrs.append({"AttributeName": "c", "AttributeType": "S"})
    return boto3.resource("dynamodb", region_name="us-east-1").create_table(
        TableName=name, KeySchema=keys, AttributeDefinitions=attrs, BillingMode="PAY_PER_REQUEST")


@pytest.fixture
def ts() -> Any:
    return _table("alt_ps", sort=False)


@pytest.fixture
def tss() -> Any:
    return _table("alt_pss", sort=True)


def _get(table: Any, expr: str, **kwargs: Any) -> dict[str, Any]:
    return table.get_item(Key={"p": "k"}, ConsistentRead=True, ProjectionExpression=expr, **kwargs)["Item"]


def _invalid(table: Any, expr: str, **kwargs: Any) -> str:
    with pytest.raises(ClientError) as info:
        table.get_item(Key={"p": "k"}, ConsistentRead=True, ProjectionExpression=expr, **kwargs)
    assert info.value.response["Error"]["Code"] == "ValidationException"
    return info.value.response["Error"]["Message"]


@pytest.mark.parametrize("wanted", [["a"], ["c", "a"], ["p", "c"], ["nonexistent"]])
def test_top_level_projection_returns_only_what_was_asked(tss: Any, wanted: list[str]) -> None:
    item = {"p": "k", "c": "s", "a": "hello", "b": "hi"}
    tss.put_item(Item=item)
    got = tss.get_item(Key={"p": "k", "c": "s"}, ProjectionExpression=",".join(wanted))["Item"]
    assert got == {k: item[k] for k in wanted if k in item}
    tss.put_item(Item={"p": "k", "c": "t", "a": "x"})
    items = tss.query(KeyConditionExpression=Key("p").eq("k"), ProjectionExpression=",".join(wanted))["Items"]
    assert len(items) == 2


def test_top_level_syntax(ts: Any) -> None:
    ts.put_item(Item={"p": "k", "a": "hello", "b": "hi"})
    assert _get(ts, "a") == {"a": "hello"}
    assert _get(ts, "#n", ExpressionAttributeNames={"#n": "a"}) == {"a": "hello"}
    assert _get(ts, "a,b") == {"a": "hello", "b": "hi"}
    assert _get(ts, " a  ,   b  ") == {"a": "hello", "b": "hi"}
    _invalid(ts, "#name", ExpressionAttributeNames={"#wrong": "a"})
    msg = _invalid(ts, "#name", ExpressionAttributeNames={"#name": "a", "#unused": "b"})
    assert msg == "Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}"
    msg = _invalid(ts, "a,a")
    assert msg == ("Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite "
                   "one of these paths; path one: [a], path two: [a]")
    for bad in ["a,", ",a", "a,,b"]:
        assert "Syntax error" in _invalid(ts, bad)
    assert _invalid(ts, "") == "Invalid ProjectionExpression: The expression can not be empty;"


def test_nested_paths(ts: Any) -> None:
    ts.put_item(Item={"p": "k", "a": {"b": [2, 4, {"x": "hi", "y": "yo"}], "c": 5}, "b": "hello"})
    assert _get(ts, "a") == {"a": {"b": [2, 4, {"x": "hi", "y": "yo"}], "c": 5}}
    assert _get(ts, "a.b") == {"a": {"b": [2, 4, {"x": "hi", "y": "yo"}]}}
    assert _get(ts, "a.b[0]") == {"a": {"b": [2]}}
    assert _get(ts, "a.b[2]") == {"a": {"b": [{"x": "hi", "y": "yo"}]}}
    assert _get(ts, "a.b[2].y") == {"a": {"b": [{"y": "yo"}]}}
    for missing in ["x", "a.b[3]", "a.x", "a.x.y", "a.b[3].x", "a.b.x", "a[0]", "a.b[0].x", "a.b[0][0]"]:
        assert _get(ts, missing) == {}, missing
    assert _get(ts, "a.b[0],a.b[1]") == {"a": {"b": [2, 4]}}
    assert _get(ts, "a.b[0],a.c") == {"a": {"b": [2], "c": 5}}
    assert _get(ts, "a.c,b") == {"a": {"c": 5}, "b": "hello"}
    assert _get(ts, "a.x, a.b[0], x, a.b[3].x") == {"a": {"b": [2]}}
    assert "path one: [a, b, [0]], path two: [a, b, [0]]" in _invalid(ts, "a.b[0],a.b[0]")
    assert "overlap" in _invalid(ts, "a,a.b[0]")


def test_name_references_in_paths(ts: Any) -> None:
    ts.put_item(Item={"p": "k", "a": {"b": 1, "c": 2}, "b": "hi", "a.b": "dotted"})
    assert _get(ts, "a.b") == {"a": {"b": 1}}
    assert _get(ts, "#n1.b", ExpressionAttributeNames={"#n1": "a"}) == {"a": {"b": 1}}
    assert _get(ts, "a.#n2", ExpressionAttributeNames={"#n2": "b"}) == {"a": {"b": 1}}
    assert _get(ts, "#n1.#n2", ExpressionAttributeNames={"#n1": "a", "#n2": "b"}) == {"a": {"b": 1}}
    assert _get(ts, "#n", ExpressionAttributeNames={"#n": "a.b"}) == {"a.b": "dotted"}
    _invalid(ts, "a.#n2", ExpressionAttributeNames={"#wrong": "b"})
    _invalid(ts, "a.#n2", ExpressionAttributeNames={"#n2": "b", "#unused": "x"})


@pytest.mark.parametrize("expr", ["a, a", "a.b, a.b", "a[1], a[1]", "a, a.b", "a.b, a", "a.b, a.b[2]", "a.b, a.b.c",
                                  "a, a.b[2].c", "a.b.d, a.b", "a.b.d.e, a.b", "a.b, a.b.d", "a.b, a.b.d.e"])
def test_overlapping_paths_fail_without_an_item(ts: Any, expr: str) -> None:
    assert " overlap" in _invalid(ts, expr)


@pytest.mark.parametrize("expr", ["a, b", "a.b, a.c", "a.b.d, a.b.e", "a[1], a[2]", "a.b, a.c[2]", "a.b, a.c[1]"])
def test_disjoint_paths_are_fine(ts: Any, expr: str) -> None:
    assert "Item" not in ts.get_item(Key={"p": "k"}, ProjectionExpression=expr)


def test_map_and_list_step_conflict(ts: Any) -> None:
    msg = _invalid(ts, "a.b, a[1]")
    assert msg == ("Invalid ProjectionExpression: Two document paths conflict with each other; must remove or rewrite "
                   "one of these paths; path one: [a, b], path two: [a, [1]]")


def test_nested_paths_in_query_scan_and_batch_get(tss: Any, ts: Any) -> None:
    items = [{"p": "k", "c": str(i), "a": {"x": str(i * 10), "y": "hi"}, "b": "hello"} for i in range(10)]
    with tss.batch_writer() as batch:
        for item in items:
            batch.put_item(Item=item)
    got = tss.query(KeyConditionExpression=Key("p").eq("k"), ProjectionExpression="a.x")["Items"]
    assert got == [{"a": {"x": x["a"]["x"]}} for x in items]
    got = tss.scan(ProjectionExpression="p, a.x")["Items"]
    assert sorted(got, key=lambda x: x["a"]["x"]) == sorted(({"p": "k", "a": {"x": x["a"]["x"]}} for x in items),
                                                            key=lambda x: x["a"]["x"])
    for n in range(3):
        ts.put_item(Item={"p": f"k{n}", "a": {"b": f"b{n}", "x": "hi"}, "c": "z"})
    out = ts.meta.client.batch_get_item(RequestItems={"alt_ps": {
        "Keys": [{"p": f"k{n}"} for n in range(3)], "ProjectionExpression": "a.b", "ConsistentRead": True}})
    assert sorted(x["a"]["b"] for x in out["Responses"]["alt_ps"]) == ["b0", "b1", "b2"]
    assert all(set(x) == {"a"} and set(x["a"]) == {"b"} for x in out["Responses"]["alt_ps"])


def test_projection_and_attributes_to_get_together_fail(ts: Any) -> None:
    ts.put_item(Item={"p": "k", "a": "hello", "b": "hi"})
    expected = ("Can not use both expression and non-expression parameters in the same request: "
                "Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}")
    assert _invalid(ts, "a", AttributesToGet=["b"]) == expected
    with pytest.raises(ClientError, match="both"):
        ts.scan(ProjectionExpression="a", AttributesToGet=["a"])
    with pytest.raises(ClientError, match="both"):
        ts.query(KeyConditions={"p": {"AttributeValueList": ["k"], "ComparisonOperator": "EQ"}},
                 ProjectionExpression="a", AttributesToGet=["a"])


def test_names_shared_between_key_condition_and_projection(ts: Any) -> None:
    ts.put_item(Item={"p": "k", "a": "hello", "b": "hi"})
    got = ts.query(KeyConditionExpression="#n1 = :v", ProjectionExpression="#n2",
                   ExpressionAttributeNames={"#n1": "p", "#n2": "a"}, ExpressionAttributeValues={":v": "k"})
    assert got["Items"] == [{"a": "hello"}]
