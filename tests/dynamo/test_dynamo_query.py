"""Query and Scan: order, key conditions, Limit before filter, pages, Select, parallel segments."""

from __future__ import annotations

from decimal import Decimal

import pytest
from dynamo_helpers import client, error, make_table
from hypothesis import given, settings
from hypothesis import strategies as st

from awscore.dynamo import Table
from awscore.dynamo.errors import ValidationException


def fill(ddb, n=10, pk="a"):
    for i in range(n):
        ddb.put_item(TableName="tbl", Item={"pk": {"S": pk}, "sk": {"N": str(i)}, "v": {"N": str(i % 3)}})


def sks(items):
    return [int(i["sk"]["N"]) for i in items]


def test_key_conditions_and_order(aws):
    ddb = client()
    make_table(ddb)
    fill(ddb)
    fill(ddb, 3, pk="b")

    def q(expr, **values):
        return ddb.query(TableName="tbl", KeyConditionExpression=expr,
                         ExpressionAttributeValues={":p": {"S": "a"},
                                                    **{k: {"N": str(v)} for k, v in values.items()}})
    assert sks(q("pk = :p")["Items"]) == list(range(10))
    assert sks(q("pk = :p AND sk < :x", **{":x": 3})["Items"]) == [0, 1, 2]
    assert sks(q("pk = :p AND sk <= :x", **{":x": 3})["Items"]) == [0, 1, 2, 3]
    assert sks(q("pk = :p AND :x < sk", **{":x": 7})["Items"]) == [8, 9]
    assert sks(q("pk = :p AND sk >= :x", **{":x": 7})["Items"]) == [7, 8, 9]
    assert sks(q("pk = :p AND sk BETWEEN :x AND :y", **{":x": 2, ":y": 4})["Items"]) == [2, 3, 4]
    assert sks(q("pk = :p AND sk = :x", **{":x": 5})["Items"]) == [5]
    out = ddb.query(TableName="tbl", KeyConditionExpression="pk = :p", ScanIndexForward=False,
                    ExpressionAttributeValues={":p": {"S": "a"}})
    assert sks(out["Items"]) == list(range(9, -1, -1))


def test_begins_with_on_string_sort_keys(aws):
    ddb = client()
    make_table(ddb, sort="S")
    for sk in ["a", "ab", "abc", "abd", "b", "aa\U0010ffff", "ac"]:
        ddb.put_item(TableName="tbl", Item={"pk": {"S": "p"}, "sk": {"S": sk}})
    for forward in (True, False):
        out = ddb.query(TableName="tbl", KeyConditionExpression="pk = :p AND begins_with(sk, :s)",
                        ScanIndexForward=forward, ExpressionAttributeValues={":p": {"S": "p"}, ":s": {"S": "ab"}})
        got = [i["sk"]["S"] for i in out["Items"]]
        assert got == (["ab", "abc", "abd"] if forward else ["abd", "abc", "ab"])


def test_limit_applies_before_filter_and_pages(aws):
    ddb = client()
    make_table(ddb)
    fill(ddb)
    out = ddb.query(TableName="tbl", KeyConditionExpression="pk = :p", FilterExpression="v = :z", Limit=4,
                    ExpressionAttributeValues={":p": {"S": "a"}, ":z": {"N": "0"}})
    assert (out["Count"], out["ScannedCount"]) == (2, 4)
    assert out["LastEvaluatedKey"] == {"pk": {"S": "a"}, "sk": {"N": "3"}}
    seen, start = [], None
    while True:
        kwargs = {"ExclusiveStartKey": start} if start else {}
        page = ddb.query(TableName="tbl", KeyConditionExpression="pk = :p", Limit=3,
                         ExpressionAttributeValues={":p": {"S": "a"}}, **kwargs)
        seen += sks(page["Items"])
        start = page.get("LastEvaluatedKey")
        if not start:
            break
    assert seen == list(range(10))
    out = ddb.query(TableName="tbl", KeyConditionExpression="pk = :p", Select="COUNT",
                    ExpressionAttributeValues={":p": {"S": "a"}})
    assert "Items" not in out and out["Count"] == 10


def test_one_megabyte_page(aws):
    ddb = client()
    make_table(ddb)
    big = "x" * 300_000
    for i in range(5):
        ddb.put_item(TableName="tbl", Item={"pk": {"S": "a"}, "sk": {"N": str(i)}, "d": {"S": big}})
    page = ddb.query(TableName="tbl", KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "a"}})
    assert page["Count"] == 4 and "LastEvaluatedKey" in page


def test_query_errors(aws):
    ddb = client()
    make_table(ddb)
    fill(ddb, 2)
    vals = {":p": {"S": "a"}, ":v": {"N": "1"}}
    err = error(ddb.query, TableName="tbl", KeyConditionExpression="pk = :p", FilterExpression="sk = :v",
                ExpressionAttributeValues=vals)
    assert err["Message"] == "Filter Expression can only contain non-primary key attributes: Primary key attribute: sk"
    err = error(ddb.query, TableName="tbl", KeyConditionExpression="sk = :v", ExpressionAttributeValues={":v": {"N": "1"}})
    assert err["Message"] == "Query condition missed key schema element: pk"
    err = error(ddb.query, TableName="tbl", KeyConditionExpression="pk = :v", ExpressionAttributeValues={":v": {"N": "1"}})
    assert err["Message"] == "One or more parameter values were invalid: Condition parameter type does not match schema type"
    err = error(ddb.query, TableName="tbl", KeyConditionExpression="pk = :p", IndexName="nope",
                ExpressionAttributeValues={":p": {"S": "a"}})
    assert err["Message"] == "The table does not have the specified index: nope"
    err = error(ddb.query, TableName="tbl", KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "a"}},
                ExclusiveStartKey={"pk": {"S": "b"}, "sk": {"N": "1"}})
    assert err["Message"] == "The provided starting key is outside query boundaries based on provided conditions"
    err = error(ddb.query, TableName="tbl", KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "a"}},
                ExclusiveStartKey={"pk": {"S": "a"}})
    assert err["Message"] == ("The provided starting key is invalid: The provided key element does not match "
                              "the schema")
    err = error(ddb.query, TableName="tbl", KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "a"}},
                Select="ALL_PROJECTED_ATTRIBUTES")
    assert err["Message"] == ("1 validation error detected: ALL_PROJECTED_ATTRIBUTES can be used only when "
                              "Querying using an IndexName")
    err = error(ddb.scan, TableName="tbl", Select="ALL_PROJECTED_ATTRIBUTES")
    assert err["Message"] == "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName"
    err = error(ddb.query, TableName="tbl", KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "a"}},
                Select="count")
    assert err["Message"] == ("1 validation error detected: Value 'count' at 'select' failed to satisfy constraint: "
                              "Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, "
                              "ALL_PROJECTED_ATTRIBUTES]")
    err = error(ddb.query, TableName="tbl", KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "a"}},
                Select="SPECIFIC_ATTRIBUTES")
    assert err["Message"] == ("1 validation error detected: Must specify the AttributesToGet or "
                              "ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES")
    err = error(ddb.scan, TableName="tbl", Select="SPECIFIC_ATTRIBUTES")
    assert err["Message"].startswith("Must specify the AttributesToGet")
    err = error(ddb.scan, TableName="tbl", Select="COUNT", AttributesToGet=["v"])
    assert err["Message"] == "Cannot specify the AttributesToGet when choosing to get only the Count"
    assert error(ddb.query, TableName="tbl")["Message"] == (
        "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.")


def test_scan_projection_and_segments_errors(aws):
    ddb = client()
    make_table(ddb)
    fill(ddb, 4)
    out = ddb.scan(TableName="tbl", ProjectionExpression="v")
    assert all(set(i) == {"v"} for i in out["Items"])
    err = error(ddb.scan, TableName="tbl", Segment=5, TotalSegments=5)
    assert err["Message"] == ("The Segment parameter is zero-based and must be less than parameter TotalSegments: "
                              "Segment: 5 is not less than TotalSegments: 5")
    err = error(ddb.scan, TableName="tbl", Segment=1)
    assert err["Message"].startswith("The TotalSegments parameter is required")


@settings(max_examples=25)
@given(st.lists(st.tuples(st.text(min_size=1, max_size=3), st.integers(0, 5)), max_size=40),
       st.integers(1, 7), st.integers(1, 5))
def test_parallel_scan_returns_every_item_once(keys, total, limit):
    t = Table("t", partition_key="pk", sort_key=("sk", "N"))
    for pk, sk in keys:
        t.put_item({"pk": pk, "sk": sk})
    from awscore.dynamo.query import scan_page

    seen = []
    for segment in range(total):
        start = None
        while True:
            page = scan_page(t, segment=segment, total_segments=total, limit=limit, start=start)
            seen += [(i["pk"], i["sk"]) for i in page.items or ()]
            start = page.last_key
            if start is None:
                break
    assert sorted(seen) == sorted({(pk, Decimal(sk)) for pk, sk in keys})


def test_native_query_and_scan():
    t = Table("t", partition_key="pk", sort_key=("sk", "N"))
    for i in range(20):
        t.put_item({"pk": "a" if i % 2 else "b", "sk": i, "v": i})
    assert [i["sk"] for i in t.query("pk = :p AND sk > :s", values={":p": "a", ":s": 10})] == [11, 13, 15, 17, 19]
    assert len(t.scan(filter="v < :x", values={":x": 5})) == 5
    with pytest.raises(ValidationException, match="Query key condition not supported"):
        t.query("pk > :p", values={":p": "a"})


def test_exclusive_start_key_must_fit_the_query(aws):
    ddb = client()
    make_table(ddb)
    fill(ddb, 5)
    vals = {":p": {"S": "a"}, ":s": {"N": "2"}}
    err = error(ddb.query, TableName="tbl", KeyConditionExpression="pk = :p AND sk > :s", ExpressionAttributeValues=vals,
                ExclusiveStartKey={"pk": {"S": "a"}, "sk": {"N": "1"}})
    assert err["Message"] == "The provided starting key does not match the range key predicate"
    page = ddb.query(TableName="tbl", KeyConditionExpression="pk = :p AND sk > :s", ExpressionAttributeValues=vals,
                     ExclusiveStartKey={"pk": {"S": "a"}, "sk": {"N": "3"}})
    assert sks(page["Items"]) == [4]
    make_table(ddb, "hashonly", sort=None)
    err = error(ddb.query, TableName="hashonly", KeyConditionExpression="pk = :p",
                ExpressionAttributeValues={":p": {"S": "a"}}, ExclusiveStartKey={"pk": {"S": "a"}})
    assert err["Message"] == "The query can return at most one row and cannot be restarted"


def test_update_without_expression_creates_the_key(aws):
    ddb = client()
    make_table(ddb, sort=None)
    out = ddb.update_item(TableName="tbl", Key={"pk": {"S": "k"}}, ReturnValues="ALL_NEW")
    assert out["Attributes"] == {"pk": {"S": "k"}}


def test_scan_order_across_partitions_matches_aws(aws):
    """AWS-verified: partition "A" scans before "B"; each partition in sort-key order; pages of 3."""
    ddb = client()
    make_table(ddb, sort="S")
    for i in list(range(8)) + list(range(20, 15, -1)):
        pk = "A" if (i % 2 or i >= 16) else "B"
        ddb.put_item(TableName="tbl", Item={"pk": {"S": pk}, "sk": {"S": str(i)}})
    pages, start = [], None
    while True:
        page = ddb.scan(TableName="tbl", Limit=3, **({"ExclusiveStartKey": start} if start else {}))
        pages.append([(i["pk"]["S"], i["sk"]["S"]) for i in page["Items"]])
        start = page.get("LastEvaluatedKey")
        if not start:
            break
    assert pages == [[("A", "1"), ("A", "16"), ("A", "17")], [("A", "18"), ("A", "19"), ("A", "20")],
                     [("A", "3"), ("A", "5"), ("A", "7")], [("B", "0"), ("B", "2"), ("B", "4")], [("B", "6")]]
