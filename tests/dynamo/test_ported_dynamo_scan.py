"""Scan scenarios from Alternator's AWS-validated test_scan.py, in our words."""

from __future__ import annotations

from collections import Counter
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

pytestmark = pytest.mark.usefixtures("aws")


def _freeze(x: Any) -> Any:
    if isinstance(x, dict):
        return tuple(sorted((k, _freeze(v)) for k, v in x.items()))
    return x.value if hasattr(x, "value") else x


def _bag(items: list[dict[str, Any]]) -> Counter:
    return Counter(_freeze(x) for x in items)


@pytest.fixture
def filled() -> tuple[Any, list[dict[str, Any]]]:
    table = boto3.resource("dynamodb", region_name="us-east-1").create_table(
        TableName="alt_sc", KeySchema=[{"AttributeName": "p", "KeyType": "HASH"}, {"AttributeName": "c", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "p", "AttributeType": "S"}, {"AttributeName": "c", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST")
    items = [{"p": str(i), "c": str(i), "attribute": "x" * i, "another": "y" * 16} for i in range(20)]
    items += [{"p": "long", "c": str(i), "attribute": "x" * (i % 5), "another": "y" * (i % 3)} for i in range(164)]
    items.append({"p": "hello", "c": "world", "attribute": "xxxx"})  # no "another"
    with table.batch_writer() as batch:
        for item in items:
            batch.put_item(Item=item)
    return table, items


def _full(table: Any, **kwargs: Any) -> tuple[int, list[dict[str, Any]]]:
    out: list[dict[str, Any]] = []
    count = 0
    while True:
        page = table.scan(**kwargs)
        if "Limit" in kwargs:
            assert len(page.get("Items", [])) <= kwargs["Limit"]
        out += page.get("Items", [])
        count += page["Count"]
        if "LastEvaluatedKey" not in page:
            return count, out
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def _invalid(table: Any, **kwargs: Any) -> str:
    with pytest.raises(ClientError) as info:
        table.scan(**kwargs)
    assert info.value.response["Error"]["Code"] == "ValidationException"
    return info.value.response["Error"]["Message"]


def test_paging_with_and_without_limits(filled: Any) -> None:
    table, items = filled
    for limit in [None, 1, 2, 4, 33, 50, 100, 9007]:
        extra = {} if limit is None else {"Limit": limit}
        assert _bag(_full(table, ConsistentRead=True, **extra)[1]) == _bag(items)
    paginator = table.meta.client.get_paginator("scan")
    for page_size in [None, 17, 1234]:
        config = {} if page_size is None else {"PaginationConfig": {"PageSize": page_size}}
        got = [x for page in paginator.paginate(TableName="alt_sc", **config) for x in page["Items"]]
        assert len(got) == len(items)


def test_hash_only_table_paging() -> None:
    table = boto3.resource("dynamodb", region_name="us-east-1").create_table(
        TableName="alt_sc2", KeySchema=[{"AttributeName": "p", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "p", "AttributeType": "N"}], BillingMode="PAY_PER_REQUEST")
    items = [{"p": i, "s": str(i)} for i in range(23)]
    for item in items:
        table.put_item(Item=item)
    for limit in [None, 1, 2, 4, 33]:
        extra = {} if limit is None else {"Limit": limit}
        assert _bag(_full(table, **extra)[1]) == _bag(items)
    with pytest.raises(ClientError) as info:
        table.meta.client.scan(TableName="i_do_not_exist")
    assert info.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_partition_contents_come_in_sort_key_order(filled: Any) -> None:
    table, _ = filled
    longs = [x["c"] for x in _full(table)[1] if x["p"] == "long"]
    assert longs == sorted(str(i) for i in range(164))


@pytest.mark.parametrize("wanted", [["another"], ["c", "another"], ["p", "c"], ["nonexistent"]])
def test_attributes_to_get(filled: Any, wanted: list[str]) -> None:
    table, items = filled
    assert _bag(_full(table, AttributesToGet=wanted)[1]) == _bag([{k: x[k] for k in wanted if k in x} for x in items])


def test_scan_filters_including_keys(filled: Any) -> None:
    table, items = filled

    def eq(v: str) -> dict[str, Any]:
        return {"AttributeValueList": [v], "ComparisonOperator": "EQ"}
    cases = [({"attribute": eq("xxxx")}, lambda x: x.get("attribute") == "xxxx"),
             ({"another": eq("y"), "attribute": eq("xxxx")}, lambda x: x.get("attribute") == "xxxx" and x.get("another") == "y"),
             ({"p": eq("7")}, lambda x: x["p"] == "7"), ({"c": eq("9")}, lambda x: x["c"] == "9"),
             ({"p": eq("7"), "attribute": eq("x" * 7)}, lambda x: x["p"] == "7"),
             ({"c": eq("9"), "another": eq("y" * 16)}, lambda x: x["c"] == "9" and x.get("another") == "y" * 16)]
    for scan_filter, pred in cases:
        assert _bag(_full(table, ScanFilter=scan_filter)[1]) == _bag([x for x in items if pred(x)])
    got = _full(table, FilterExpression="#a = :a AND another = :b", ExpressionAttributeNames={"#a": "attribute"},
                ExpressionAttributeValues={":a": "xxxx", ":b": "yy"})  # "attribute" is a reserved word
    assert _bag(got[1]) == _bag([x for x in items if x.get("attribute") == "xxxx" and x.get("another") == "yy"])


def test_select(filled: Any) -> None:
    table, items = filled
    assert _bag(_full(table, Select="ALL_ATTRIBUTES")[1]) == _bag(items)
    _invalid(table, Select="ALL_PROJECTED_ATTRIBUTES")
    _invalid(table, Select="SPECIFIC_ATTRIBUTES")
    _invalid(table, Select="UNKNOWN")
    wanted = ["c", "another"]
    expected = _bag([{k: x[k] for k in wanted if k in x} for x in items])
    assert _bag(_full(table, Select="SPECIFIC_ATTRIBUTES", AttributesToGet=wanted)[1]) == expected
    assert _bag(_full(table, Select="SPECIFIC_ATTRIBUTES", ProjectionExpression="c,another")[1]) == expected
    count, got = _full(table, Select="COUNT")
    assert count == len(items) and got == []
    count, got = _full(table)
    assert count == len(items) and len(got) == len(items)
    for select in ("ALL_ATTRIBUTES", "COUNT"):
        assert "AttributesToGet" in _invalid(table, Select=select, AttributesToGet=["x"])
        assert "ProjectionExpression" in _invalid(table, Select=select, ProjectionExpression="x")


def test_parallel_scan_segments(filled: Any) -> None:
    table, items = filled
    for total in [1, 2, 17]:
        got = [x for seg in range(total) for x in _full(table, TotalSegments=total, Segment=seg)[1]]
        assert _bag(got) == _bag(items)
    assert "Segment" in _invalid(table, TotalSegments=1000001, Segment=0)
    for segment in [7, 9]:
        assert "Segment" in _invalid(table, TotalSegments=5, Segment=segment)
    assert "Exclusive" in _invalid(table, TotalSegments=1000000, Segment=0, ExclusiveStartKey={"p": "0", "c": "0"})


def test_paging_over_binary_hash_keys() -> None:
    table = boto3.resource("dynamodb", region_name="us-east-1").create_table(
        TableName="alt_sc3", KeySchema=[{"AttributeName": "p", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "p", "AttributeType": "B"}], BillingMode="PAY_PER_REQUEST")
    table.put_item(Item={"p": b"\x01\xff"})
    table.put_item(Item={"p": b"\x80\x00"})
    first = table.scan(ConsistentRead=True, Limit=1)
    assert "LastEvaluatedKey" in first
    second = table.scan(ConsistentRead=True, Limit=1, ExclusiveStartKey=first["LastEvaluatedKey"])
    assert {first["Items"][0]["p"].value, second["Items"][0]["p"].value} == {b"\x01\xff", b"\x80\x00"}
