"""KeyConditionExpression scenarios from Alternator's AWS-validated test_key_condition_expression.py, in our words."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

pytestmark = pytest.mark.usefixtures("aws")


def _sorted_table(name: str, sort_type: str, make: Any) -> tuple[Any, list[dict[str, Any]]]:
    table = boto3.resource("dynamodb", region_name="us-east-1").create_table(
        TableName=name, KeySchema=[{"AttributeName": "p", "KeyType": "HASH"}, {"AttributeName": "c", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "p", "AttributeType": "S"}, {"AttributeName": "c", "AttributeType": sort_type}],
        BillingMode="PAY_PER_REQUEST")
    items = [{"p": "part", "c": make(i), "a": f"v{i}"} for i in range(12)]
    with table.batch_writer() as batch:
        for item in items:
            batch.put_item(Item=item)
        batch.put_item(Item={"p": "other", "c": make(123), "a": "x"})
    return table, items


@pytest.fixture
def sn() -> tuple[Any, list[dict[str, Any]]]:
    return _sorted_table("alt_kn", "N", lambda i: i)


@pytest.fixture
def ss() -> tuple[Any, list[dict[str, Any]]]:
    return _sorted_table("alt_ks", "S", lambda i: str(i).zfill(3))


@pytest.fixture
def sb() -> tuple[Any, list[dict[str, Any]]]:
    return _sorted_table("alt_kb", "B", lambda i: str(i).zfill(3).encode())


def _query(table: Any, expr: str, values: dict[str, Any] | None = None, **kwargs: Any) -> list[dict[str, Any]]:
    if values is not None:
        kwargs["ExpressionAttributeValues"] = values
    out: list[dict[str, Any]] = []
    while True:
        page = table.query(KeyConditionExpression=expr, **kwargs)
        out += page["Items"]
        if "LastEvaluatedKey" not in page:
            return out
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def _invalid(table: Any, expr: str, values: dict[str, Any] | None = None, **kwargs: Any) -> str:
    with pytest.raises(ClientError) as info:
        _query(table, expr, values, **kwargs)
    assert info.value.response["Error"]["Code"] == "ValidationException"
    return info.value.response["Error"]["Message"]


def _plain(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: (bytes(v.value) if hasattr(v, "value") else v) for k, v in x.items()} for x in items]


def test_partition_only_whitespace_and_hash_only_tables(sn: Any) -> None:
    table, items = sn
    assert _query(table, "p=:p", {":p": "part"}) == items
    assert _query(table, " p  =   :p ", {":p": "part"}) == items
    hash_only = boto3.resource("dynamodb", region_name="us-east-1").create_table(
        TableName="alt_kh", KeySchema=[{"AttributeName": "p", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "p", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST")
    hash_only.put_item(Item={"p": "x", "val": "hello"})
    assert _query(hash_only, "p=:p", {":p": "x"}) == [{"p": "x", "val": "hello"}]


def test_partition_key_condition_errors(sn: Any) -> None:
    table, _ = sn
    assert "one" in _invalid(table, "p=:p AND p=:p", {":p": "part"})
    assert ":p" in _invalid(table, "p=:p")
    assert _invalid(table, "p=:p", {":p": "part", ":qq": 3}) == \
        "Value provided in ExpressionAttributeValues unused in expressions: keys: {:qq}"
    assert _invalid(table, "p<:p", {":p": "part"}) == "Query key condition not supported"
    assert _invalid(table, "c=:c", {":c": 3}) == "Query condition missed key schema element: p"


@pytest.mark.parametrize(("expr", "pred"), [
    ("p=:p AND c=:c", lambda c: c == 5), ("p=:p AND c<:c", lambda c: c < 5), ("p=:p AND c<=:c", lambda c: c <= 5),
    ("p=:p AND c>:c", lambda c: c > 5), ("p=:p AND c>=:c", lambda c: c >= 5), (":p=p AND :c=c", lambda c: c == 5),
    (":p=p AND :c<c", lambda c: c > 5), ("c=:c AND p=:p", lambda c: c == 5), ("((c=:c) AND (p=:p))", lambda c: c == 5)])
def test_numeric_sort_key_operators(sn: Any, expr: str, pred: Any) -> None:
    table, items = sn
    assert _query(table, expr, {":p": "part", ":c": 5}) == [x for x in items if pred(x["c"])]


def test_between_is_case_insensitive_and_names_resolve(sn: Any) -> None:
    table, items = sn
    want = [x for x in items if 4 <= x["c"] <= 7]
    assert _query(table, "p=:p AND c BETWEEN :a AND :b", {":p": "part", ":a": 4, ":b": 7}) == want
    assert _query(table, "p=:p AnD c BeTwEeN :a aNd :b", {":p": "part", ":a": 4, ":b": 7}) == want
    assert _query(table, "#n1=:p AND #n2=:c", {":p": "part", ":c": 3},
                  ExpressionAttributeNames={"#n1": "p", "#n2": "c"}) == [items[3]]
    assert "#n2" in _invalid(table, "#n1=:p AND #n2=:c", {":p": "part", ":c": 3}, ExpressionAttributeNames={"#n1": "p"})
    assert "name2" in _invalid(table, "#n1=:p", {":p": "part"}, ExpressionAttributeNames={"#n1": "p", "#name2": "c"})


def test_sort_key_condition_errors(sn: Any) -> None:
    table, _ = sn
    assert "begins_with" in _invalid(table, "p=:p AND begins_with(c, :c)", {":p": "part", ":c": 3})
    assert "dog" in _invalid(table, "p=:p AND dog(c, :c)", {":p": "part", ":c": 3})
    assert "attribute_exists" in _invalid(table, "p=:p AND attribute_exists(c)", {":p": "part"})
    _invalid(table, "p=:p AND c>=:a AND c>=:a", {":p": "part", ":a": 3})
    _invalid(table, "p=:p AND c>=:a AND c<=:b", {":p": "part", ":a": 3, ":b": 7})
    assert "operator" in _invalid(table, "p=:p AND c<>:c", {":p": "part", ":c": 5})
    assert "operator" in _invalid(table, "p=:p AND c IN (:c)", {":p": "part", ":c": 5})
    assert "OR" in _invalid(table, "c=:c OR p=:p", {":p": "part", ":c": 3})
    assert "NOT" in _invalid(table, "NOT c=:c AND p=:p", {":p": "part", ":c": 3})
    assert "yntax" in _invalid(table, "p=:p AND c!=:c", {":p": "part", ":c": 3})
    assert "empty" in _invalid(table, "")


def test_non_key_and_malformed_conditions(sn: Any) -> None:
    table, _ = sn
    _invalid(table, "p=:p AND c<:c AND a<:a", {":p": "part", ":c": 3, ":a": 3})
    assert "key" in _invalid(table, "p=:p AND a<:a", {":p": "part", ":a": 3})
    assert "nested" in _invalid(table, "p=:p AND a.b<:a", {":p": "part", ":a": 3})
    _invalid(table, "p=c")
    _invalid(table, "p=a")
    _invalid(table, ":p=:a", {":p": "part", ":a": 3})
    _invalid(table, "p")
    _invalid(table, ":a", {":a": 3})


def test_value_types_must_match_the_schema(sn: Any) -> None:
    table, _ = sn
    assert "type" in _invalid(table, "p=:n", {":n": 3})
    assert "type" in _invalid(table, "p=:p AND c=:s", {":p": "part", ":s": "hello"})


def test_key_conditions_and_expression_together_fail(sn: Any) -> None:
    table, _ = sn
    msg = _invalid(table, "p=:p", {":p": "part"}, KeyConditions={"c": {"AttributeValueList": [3], "ComparisonOperator": "GT"}})
    assert "both" in msg


@pytest.mark.parametrize(("expr", "pred"), [
    ("p=:p AND c=:c", lambda c: c == "005"), ("p=:p AND c<:c", lambda c: c < "005"),
    ("p=:p AND c<=:c", lambda c: c <= "005"), ("p=:p AND c>:c", lambda c: c > "005"),
    ("p=:p AND c>=:c", lambda c: c >= "005"), ("p=:p AND begins_with(c,:b)", lambda c: c.startswith("00"))])
def test_string_sort_key_operators(ss: Any, expr: str, pred: Any) -> None:
    table, items = ss
    values = {":p": "part"}
    values[":b" if ":b" in expr else ":c"] = "00" if ":b" in expr else "005"
    assert _query(table, expr, values) == [x for x in items if pred(x["c"])]


def test_string_between_and_function_name_case(ss: Any) -> None:
    table, items = ss
    got = _query(table, "p=:p AND c BETWEEN :a AND :b", {":p": "part", ":a": "004", ":b": "007"})
    assert got == [x for x in items if "004" <= x["c"] <= "007"]
    assert "BEGINS_WITH" in _invalid(table, "p=:p AND BEGINS_WITH(c,:c)", {":p": "part", ":c": "00"})


@pytest.mark.parametrize(("expr", "pred"), [
    ("p=:p AND c=:c", lambda c: c == b"005"), ("p=:p AND c<:c", lambda c: c < b"005"),
    ("p=:p AND c<=:c", lambda c: c <= b"005"), ("p=:p AND c>:c", lambda c: c > b"005"),
    ("p=:p AND c>=:c", lambda c: c >= b"005"), ("p=:p AND begins_with(c,:b)", lambda c: c.startswith(b"00"))])
def test_binary_sort_key_operators(sb: Any, expr: str, pred: Any) -> None:
    table, items = sb
    values: dict[str, Any] = {":p": "part"}
    values[":b" if ":b" in expr else ":c"] = b"00" if ":b" in expr else b"005"
    assert _plain(_query(table, expr, values)) == [x for x in items if pred(x["c"])]
    got = _plain(_query(table, "p=:p AND c BETWEEN :a AND :b", {":p": "part", ":a": b"004", ":b": b"007"}))
    assert got == [x for x in items if b"004" <= x["c"] <= b"007"]


def test_binary_keys_order_as_unsigned_bytes() -> None:
    table = boto3.resource("dynamodb", region_name="us-east-1").create_table(
        TableName="alt_ku", KeySchema=[{"AttributeName": "p", "KeyType": "HASH"}, {"AttributeName": "c", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "p", "AttributeType": "S"}, {"AttributeName": "c", "AttributeType": "B"}],
        BillingMode="PAY_PER_REQUEST")
    for i in range(126, 129):
        table.put_item(Item={"p": "u", "c": bytes([i])})

    def cs(expr: str, **values: bytes) -> list[int]:
        got = _query(table, expr, {":p": "u", **{f":{k}": v for k, v in values.items()}})
        return [bytes(x["c"].value)[0] for x in got]
    assert cs("p=:p") == [126, 127, 128]
    assert cs("p=:p AND c<:c", c=bytes([127])) == [126]
    assert cs("p=:p AND c<=:c", c=bytes([127])) == [126, 127]
    assert cs("p=:p AND c>:c", c=bytes([127])) == [128]
    assert cs("p=:p AND c>=:c", c=bytes([127])) == [127, 128]
    assert cs("p=:p AND c BETWEEN :a AND :b", a=bytes([127]), b=bytes([128])) == [127, 128]


def test_one_pair_of_parentheses_per_level_only(sn: Any) -> None:
    table, items = sn
    assert _query(table, "(p=:p)", {":p": "part"}) == items
    msg = _invalid(table, "((c=:c) AND ((p=:p)))", {":p": "part", ":c": 3})
    assert msg == "Invalid KeyConditionExpression: The expression has redundant parentheses;"
