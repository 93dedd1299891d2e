"""Scan and query paging recorded against real AWS (moto's aws_verified scan/query tests), in our words."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import boto3
import pytest
from boto3.dynamodb.conditions import Key
from verified_dynamo_helpers import verified_table

pytestmark = pytest.mark.usefixtures("aws")


def _resource_table(**shape: bool) -> Any:
    return boto3.resource("dynamodb", region_name="us-east-1").Table(verified_table(**shape))


def _pages(call: Any, **kwargs: Any) -> list[list[dict[str, Any]]]:
    pages = []
    resp = call(**kwargs)
    pages.append(resp["Items"])
    while "LastEvaluatedKey" in resp:
        resp = call(ExclusiveStartKey=resp["LastEvaluatedKey"], **kwargs)
        pages.append(resp["Items"])
    return pages


def test_scan_start_key_need_not_be_an_existing_item() -> None:
    ddb = boto3.client("dynamodb", region_name="us-east-1")
    name = verified_table(add_range=True)
    for i in range(10):
        ddb.put_item(TableName=name, Item={"pk": {"S": "hash_value"}, "sk": {"S": f"range_value{i}"}})
    common: dict[str, Any] = dict(TableName=name, FilterExpression="#h = :h", ExpressionAttributeNames={"#h": "pk"},
                                  ExpressionAttributeValues={":h": {"S": "hash_value"}}, Limit=1)

    def row(i: int | str) -> list[dict[str, Any]]:
        return [{"pk": {"S": "hash_value"}, "sk": {"S": f"range_value{i}"}}]

    first = ddb.scan(**common)
    assert first["Items"] == row(0)
    assert ddb.scan(**common, ExclusiveStartKey=first["LastEvaluatedKey"])["Items"] == row(1)
    start = {"pk": {"S": "hash_value"}, "sk": {"S": "range_value00"}}
    assert ddb.scan(**common, ExclusiveStartKey=start)["Items"] == row(1)
    start["sk"]["S"] = "range_value500"
    assert ddb.scan(**common, ExclusiveStartKey=start)["Items"] == row(6)


@pytest.mark.parametrize("numeric", [False, True])
def test_scan_pages_walk_partitions_in_sort_key_order(numeric: bool) -> None:
    table = _resource_table(numeric_range=True) if numeric else _resource_table(add_range=True)
    conv = (lambda i: i) if numeric else str
    with table.batch_writer() as batch:
        for i in range(8):
            batch.put_item(Item={"pk": "A" if i % 2 else "B", "sk": conv(i)})
    with table.batch_writer() as batch:
        for i in range(20, 15, -1):
            batch.put_item(Item={"pk": "A", "sk": conv(i)})
    pages = _pages(table.scan, Limit=3)
    a_order = [1, 3, 5, 7, 16, 17, 18, 19, 20] if numeric else [1, 16, 17, 18, 19, 20, 3, 5, 7]
    flat = [(r["pk"], r["sk"]) for page in pages for r in page]
    expected = [("A", Decimal(i) if numeric else str(i)) for i in a_order]
    expected += [("B", Decimal(i) if numeric else str(i)) for i in (0, 2, 4, 6)]
    assert [len(p) for p in pages] == [3, 3, 3, 3, 1]
    assert flat == expected


def test_scan_global_index_counts_and_pages() -> None:
    ddb = boto3.client("dynamodb", region_name="us-east-1")
    table = _resource_table(add_gsi=True)
    with table.batch_writer() as batch:
        for i in [*range(5), *range(20, 15, -1)]:
            batch.put_item(Item={"pk": f"A{i}", "gsi_pk": f"gsi{i}"})
    assert ddb.scan(TableName=table.name)["Count"] == 10
    assert len(ddb.scan(TableName=table.name, ConsistentRead=True)["Items"]) == 10
    assert ddb.scan(TableName=table.name, IndexName="test_gsi")["Count"] == 10
    first = ddb.scan(TableName=table.name, IndexName="test_gsi", Limit=6)
    assert first["Count"] == 6
    second = ddb.scan(TableName=table.name, IndexName="test_gsi", ExclusiveStartKey=first["LastEvaluatedKey"])
    assert second["Count"] == 4
    seen = {i["gsi_pk"]["S"] for i in first["Items"] + second["Items"]}
    assert seen == {f"gsi{i}" for i in [*range(5), *range(16, 21)]}


def _fill(table: Any, *, no_gsi_pk: range = range(0), no_gsi_sk: range = range(0), hash_only: bool = False) -> None:
    for i in [*range(3, 7), *range(9, 6, -1), *range(3)]:
        item: dict[str, Any] = {"pk": f"{i}"} if hash_only else {"pk": "the-key", "sk": f"{i}"}
        if i not in no_gsi_pk:
            item["gsi_pk"] = "john"
        if i not in no_gsi_sk:
            item["gsi_sk"] = "jane"
        table.put_item(Item=item)


@pytest.mark.parametrize("read", ["scan", "query"])
@pytest.mark.parametrize(("fill", "first", "second", "keys"), [
    ({}, 6, 4, set(map(str, range(10)))),
    ({"no_gsi_pk": range(3)}, 6, 1, {"3", "4", "5", "6", "7", "8", "9"}),
    ({"no_gsi_sk": range(3, 7)}, 5, 1, {"0", "1", "2", "7", "8", "9"}),
])
def test_sparse_gsi_pages(read: str, fill: dict[str, range], first: int, second: int, keys: set[str]) -> None:
    table = _resource_table(add_range=True, add_gsi_range=True)
    _fill(table, **fill)
    call = table.scan if read == "scan" else table.query
    extra = {} if read == "scan" else {"KeyConditionExpression": Key("gsi_pk").eq("john")}
    page1 = call(IndexName="test_gsi", Limit=first, **extra)
    assert page1["Count"] == first
    page2 = call(IndexName="test_gsi", Limit=6, ExclusiveStartKey=page1["LastEvaluatedKey"], **extra)
    assert page2["Count"] == second
    assert "LastEvaluatedKey" not in page2
    assert {r["sk"] for r in page1["Items"] + page2["Items"]} == keys


def test_scan_gsi_pages_on_hash_only_table() -> None:
    table = _resource_table(add_gsi_range=True)
    _fill(table, hash_only=True)
    page1 = table.scan(IndexName="test_gsi", Limit=6)
    assert (page1["Count"], page1["ScannedCount"], len(page1["Items"])) == (6, 6, 6)
    page2 = table.scan(IndexName="test_gsi", Limit=6, ExclusiveStartKey=page1["LastEvaluatedKey"])
    assert (page2["Count"], page2["ScannedCount"], len(page2["Items"])) == (4, 4, 4)
    assert {int(r["pk"]) for r in page1["Items"] + page2["Items"]} == set(range(10))


def test_query_numeric_gsi_range_comparisons_and_order() -> None:
    table = _resource_table(add_range=True, numeric_gsi_range=True)
    for sk, who, n in [("123", "johndoe", 3), ("456", "johndoe", 1), ("789", "johndoe", 2),
                       ("159", "janedoe", 2), ("601", "janedoe", 5)]:
        table.put_item(Item={"pk": "the-key", "sk": sk, "gsi_pk": who, "gsi_sk": n})
    john = Key("gsi_pk").eq("johndoe") & Key("gsi_sk").gt(0)
    up = table.query(KeyConditionExpression=john, ScanIndexForward=True, IndexName="test_gsi")
    assert up["ScannedCount"] == 3
    assert [r["sk"] for r in up["Items"]] == ["456", "789", "123"]
    down = table.query(KeyConditionExpression=john, ScanIndexForward=False, IndexName="test_gsi")
    assert [r["sk"] for r in down["Items"]] == ["123", "789", "456"]
    swapped = table.query(KeyConditionExpression=Key("gsi_sk").gt(1) & Key("gsi_pk").eq("johndoe"),
                          IndexName="test_gsi")
    assert [r["gsi_sk"] for r in swapped["Items"]] == [Decimal(2), Decimal(3)]
    assert table.query(KeyConditionExpression=Key("gsi_pk").eq("janedoe") & Key("gsi_sk").gt(9),
                       IndexName="test_gsi")["Count"] == 0
    assert table.query(KeyConditionExpression=Key("gsi_pk").eq("janedoe") & Key("gsi_sk").eq(5),
                       IndexName="test_gsi")["Count"] == 1


def test_query_table_pages_in_sort_order() -> None:
    table = _resource_table(add_range=True)
    _fill(table, no_gsi_pk=range(10), no_gsi_sk=range(10))
    page1 = table.query(KeyConditionExpression=Key("pk").eq("the-key"), Limit=6)
    assert (page1["Count"], page1["ScannedCount"]) == (6, 6)
    assert [i["sk"] for i in page1["Items"]] == ["0", "1", "2", "3", "4", "5"]
    page2 = table.query(KeyConditionExpression=Key("pk").eq("the-key"), Limit=6,
                        ExclusiveStartKey=page1["LastEvaluatedKey"])
    assert (page2["Count"], page2["ScannedCount"]) == (4, 4)
    assert "LastEvaluatedKey" not in page2
    assert [i["sk"] for i in page2["Items"]] == ["6", "7", "8", "9"]


def test_query_hash_only_gsi_pages() -> None:
    table = _resource_table(add_gsi=True)
    for i, g in [*((i, "a") for i in range(3, 7)), *((i, "b") for i in range(11, 6, -1)), *((i, "c") for i in range(3))]:
        table.put_item(Item={"pk": f"pk{i}", "gsi_pk": g})
    sizes, seen = [], []
    for page in _pages(table.query, KeyConditionExpression=Key("gsi_pk").eq("b"), IndexName="test_gsi", Limit=2):
        sizes.append(len(page))
        seen += [i["pk"] for i in page]
    assert sizes[:3] == [2, 2, 1]
    assert sorted(seen) == ["pk10", "pk11", "pk7", "pk8", "pk9"]


@pytest.mark.parametrize("gsi", [{"add_gsi": True}, {"add_gsi_range": True}, {"numeric_gsi_range": True}])
def test_query_gsi_pages_with_string_table_range(gsi: dict[str, bool]) -> None:
    table = _resource_table(add_range=True, **gsi)
    numeric = "numeric_gsi_range" in gsi
    for i in [*range(3, 7), *range(9, 6, -1), *range(3)]:
        item: dict[str, Any] = {"pk": "the-key", "sk": f"{i}", "gsi_pk": "john"}
        if gsi.keys() & {"add_gsi_range", "numeric_gsi_range"}:
            item["gsi_sk"] = Decimal(i) if numeric else "jane"
        table.put_item(Item=item)
    page1 = table.query(KeyConditionExpression=Key("gsi_pk").eq("john"), IndexName="test_gsi", Limit=6)
    assert (page1["Count"], page1["ScannedCount"], len(page1["Items"])) == (6, 6, 6)
    page2 = table.query(KeyConditionExpression=Key("gsi_pk").eq("john"), IndexName="test_gsi", Limit=6,
                        ExclusiveStartKey=page1["LastEvaluatedKey"])
    assert (page2["Count"], page2["ScannedCount"]) == (4, 4)
    assert "LastEvaluatedKey" not in page2
    assert {int(r["sk"]) for r in page1["Items"] + page2["Items"]} == set(range(10))
    if numeric:
        assert [r["gsi_sk"] for r in page1["Items"] + page2["Items"]] == [Decimal(i) for i in range(10)]


def test_query_lsi_lookup_and_pages() -> None:
    table = _resource_table(add_range=True, add_lsi=True)
    for i in [*range(3, 7), *range(9, 6, -1), *range(3)]:
        table.put_item(Item={"pk": "the-key", "sk": f"{i}", "lsi_sk": f"{i}"})
    for i in range(15, 20):
        table.put_item(Item={"pk": "the-key", "sk": f"{i}"})
    for i in range(25, 30):
        table.put_item(Item={"pk": "other", "sk": f"{i}"})
    for i in range(35, 40):
        table.put_item(Item={"pk": "other_in_lsi", "sk": f"{i}", "lsi_sk": f"{i}"})
    one = table.query(KeyConditionExpression=Key("pk").eq("the-key") & Key("lsi_sk").eq("1"), IndexName="test_lsi")
    assert one["Items"] == [{"lsi_sk": "1", "pk": "the-key", "sk": "1"}]
    two = table.query(KeyConditionExpression=Key("pk").eq("the-key") & Key("lsi_sk").eq("2"), IndexName="test_lsi",
                      ConsistentRead=True)
    assert two["Items"] == [{"lsi_sk": "2", "pk": "the-key", "sk": "2"}]
    page1 = table.query(KeyConditionExpression=Key("pk").eq("the-key"), IndexName="test_lsi", Limit=6)
    assert [i["sk"] for i in page1["Items"]] == ["0", "1", "2", "3", "4", "5"]
    assert page1["LastEvaluatedKey"] == {"pk": "the-key", "sk": "5", "lsi_sk": "5"}
    page2 = table.query(KeyConditionExpression=Key("pk").eq("the-key"), IndexName="test_lsi",
                        ExclusiveStartKey=page1["LastEvaluatedKey"])
    assert [i["sk"] for i in page2["Items"]] == ["6", "7", "8", "9"]


def test_query_numeric_lsi_pages() -> None:
    table = _resource_table(add_range=True, numeric_lsi_range=True)
    for i in [*range(3, 7), *range(9, 6, -1), *range(3)]:
        table.put_item(Item={"pk": "the-key", "sk": f"{i}", "lsi_sk": Decimal(i)})
    items = table.query(KeyConditionExpression=Key("pk").eq("the-key") & Key("lsi_sk").eq(Decimal(1)),
                        IndexName="test_lsi")["Items"]
    assert items == [{"pk": "the-key", "sk": "1", "lsi_sk": Decimal(1)}]
    page1 = table.query(KeyConditionExpression=Key("pk").eq("the-key"), IndexName="test_lsi", Limit=6)
    assert [i["lsi_sk"] for i in page1["Items"]] == [Decimal(i) for i in range(6)]
    assert page1["LastEvaluatedKey"] == {"pk": "the-key", "sk": "5", "lsi_sk": Decimal(5)}
    page2 = table.query(KeyConditionExpression=Key("pk").eq("the-key"), IndexName="test_lsi",
                        ExclusiveStartKey=page1["LastEvaluatedKey"])
    assert [i["lsi_sk"] for i in page2["Items"]] == [Decimal(i) for i in range(6, 10)]


def test_query_gsi_range_equality_skips_items_without_range() -> None:
    ddb = boto3.client("dynamodb", region_name="us-east-1")
    name = verified_table(add_gsi_range=True)
    full = {"pk": {"S": "test1"}, "gsi_pk": {"S": "key1"}, "gsi_sk": {"S": "range1"}}
    ddb.put_item(TableName=name, Item=full)
    ddb.put_item(TableName=name, Item={"pk": {"S": "test2"}, "gsi_pk": {"S": "key1"}})
    res = ddb.query(TableName=name, IndexName="test_gsi", KeyConditionExpression="gsi_pk = :h and gsi_sk = :r",
                    ExpressionAttributeValues={":h": {"S": "key1"}, ":r": {"S": "range1"}})
    assert res["Count"] == 1 and res["Items"] == [full]


def test_numeric_sort_keys_order_numerically_including_negatives() -> None:
    table = _resource_table(numeric_range=True)
    for price in (2, 1, 10, 3):
        table.put_item(Item={"pk": "M", "sk": price})
    got = [i["sk"] for i in table.query(KeyConditionExpression=Key("pk").eq("M"))["Items"]]
    assert got == [Decimal(1), Decimal(2), Decimal(3), Decimal(10)] and all(isinstance(v, Decimal) for v in got)


def test_gsi_negative_numbers_sort_first() -> None:
    table = boto3.resource("dynamodb", region_name="us-east-1").Table(verified_table("tneg", numeric_gsi_range=True))
    for pk, n in (("pk-3", "0.7"), ("pk-1", "-0.6"), ("pk-2", "-0.7")):
        table.put_item(Item={"pk": pk, "gsi_pk": "gsi-k1", "gsi_sk": Decimal(n)})
    resp = table.query(KeyConditionExpression=Key("gsi_pk").eq("gsi-k1"), IndexName="test_gsi")
    assert [float(i["gsi_sk"]) for i in resp["Items"]] == [-0.7, -0.6, 0.7]
