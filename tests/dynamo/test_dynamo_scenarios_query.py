"""boto3 scenarios for Query, Scan and secondary indexes, asserting real DynamoDB's answers.

Key conditions and their errors, Limit/filter/LastEvaluatedKey rules, Select,
index projections and keys, sort orders for N/S/B, paginators, parallel scan,
capacity reported per table and index.
"""

from __future__ import annotations

import pytest
from dynamo_helpers import client, gsi, make_table, message

P = {":p": {"S": "p"}}


@pytest.fixture
def ddb(aws):
    """Table ``tbl`` (pk S, sk N) with a KEYS_ONLY GSI on g and an INCLUDE(x) LSI on l; five items."""
    c = client()
    make_table(c, "tbl", extra_attrs=[("g", "S"), ("l", "S")],
               GlobalSecondaryIndexes=[gsi("gix", "g", projection="KEYS_ONLY")],
               LocalSecondaryIndexes=[gsi("lix", "pk", "l", projection="INCLUDE", non_key=["x"])])
    for i in range(5):
        c.put_item(TableName="tbl", Item={"pk": {"S": "p"}, "sk": {"N": str(i)}, "g": {"S": "G"},
                                          "l": {"S": f"L{4 - i}"}, "x": {"N": str(i)}, "y": {"S": "why"}})
    return c


def query(ddb, **kwargs):
    args = dict(TableName="tbl", KeyConditionExpression="pk = :p", ExpressionAttributeValues=P)
    args.update(kwargs)
    return ddb.query(**args)


def sks(out) -> list[int]:
    return [int(i["sk"]["N"]) for i in out["Items"]]


def test_limit_and_last_evaluated_key(ddb):
    out = query(ddb, Limit=2, ReturnConsumedCapacity="TOTAL")
    assert sks(out) == [0, 1] and out["Count"] == 2 and out["ScannedCount"] == 2
    assert out["LastEvaluatedKey"] == {"pk": {"S": "p"}, "sk": {"N": "1"}}
    assert out["ConsumedCapacity"] == {"TableName": "tbl", "CapacityUnits": 0.5}
    exact = query(ddb, Limit=5, Select="COUNT")
    assert "Items" not in exact and exact["Count"] == 5
    assert exact["LastEvaluatedKey"] == {"pk": {"S": "p"}, "sk": {"N": "4"}}  # a full page names its last key
    assert "Items" in query(ddb, ExclusiveStartKey=exact["LastEvaluatedKey"]) and \
        query(ddb, ExclusiveStartKey=exact["LastEvaluatedKey"])["Count"] == 0
    assert "LastEvaluatedKey" not in query(ddb, Limit=6)


def test_limit_applies_before_the_filter(ddb):
    out = query(ddb, Limit=2, FilterExpression="x > :z", ExpressionAttributeValues={**P, ":z": {"N": "10"}})
    assert out["Items"] == [] and out["Count"] == 0 and out["ScannedCount"] == 2
    assert out["LastEvaluatedKey"] == {"pk": {"S": "p"}, "sk": {"N": "1"}}


def test_sort_conditions_and_direction(ddb):
    out = query(ddb, KeyConditionExpression="pk = :p AND :a < sk", ExpressionAttributeValues={**P, ":a": {"N": "2"}},
                ScanIndexForward=False)
    assert sks(out) == [4, 3]
    out = query(ddb, KeyConditionExpression="(pk = :p) AND sk BETWEEN :a AND :b",
                ExpressionAttributeValues={**P, ":a": {"N": "1"}, ":b": {"N": "3"}})
    assert sks(out) == [1, 2, 3]
    pages, start = [], None
    while True:
        extra = {"ExclusiveStartKey": start} if start else {}
        page = query(ddb, Limit=2, ScanIndexForward=False, **extra)
        pages.append(sks(page))
        start = page.get("LastEvaluatedKey")
        if not start:
            break
    assert pages == [[4, 3], [2, 1], [0]]
    assert sks(query(ddb, ExclusiveStartKey={"pk": {"S": "p"}, "sk": {"N": "2.5"}})) == [3, 4]


@pytest.mark.parametrize(("kwargs", "text"), [
    (dict(KeyConditionExpression="sk = :s", ExpressionAttributeValues={":s": {"N": "1"}}),
     "Query condition missed key schema element: pk"),
    (dict(KeyConditionExpression="pk > :p"), "Query key condition not supported"),
    (dict(KeyConditionExpression="pk = :p AND sk > :a AND sk < :b",
          ExpressionAttributeValues={**P, ":a": {"N": "1"}, ":b": {"N": "3"}}),
     "Invalid KeyConditionExpression: KeyConditionExpressions must only contain one condition per key"),
    (dict(KeyConditionExpression="pk = :p OR sk > :a", ExpressionAttributeValues={**P, ":a": {"N": "1"}}),
     "Invalid KeyConditionExpression: Invalid operator used in KeyConditionExpression: OR"),
    (dict(KeyConditionExpression="pk IN (:p)"),
     "Invalid KeyConditionExpression: Invalid operator used in KeyConditionExpression: IN"),
    (dict(KeyConditionExpression="attribute_exists(pk)", ExpressionAttributeValues=None),
     "Invalid KeyConditionExpression: Invalid operator used in KeyConditionExpression: attribute_exists"),
    (dict(KeyConditionExpression="pk = :p AND begins_with(sk, :a)", ExpressionAttributeValues={**P, ":a": {"N": "1"}}),
     "Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: "
     "begins_with, operand type: N"),
    (dict(KeyConditionExpression="pk = :p AND sk > :a", ExpressionAttributeValues={**P, ":a": {"S": "1"}}),
     "One or more parameter values were invalid: Condition parameter type does not match schema type"),
    (dict(KeyConditionExpression="pk = :p AND x > :a", ExpressionAttributeValues={**P, ":a": {"N": "1"}}),
     "Query condition missed key schema element: sk"),
    (dict(KeyConditionExpression="pk = :p AND sk.x = :a", ExpressionAttributeValues={**P, ":a": {"N": "1"}}),
     "Invalid KeyConditionExpression: KeyConditionExpressions cannot have conditions on nested attributes"),
    (dict(KeyConditionExpression="pk = sk", ExpressionAttributeValues=None),
     "Invalid KeyConditionExpression: Invalid condition in KeyConditionExpression: Multiple attribute names used "
     "in one condition"),
    (dict(KeyConditionExpression=None, ExpressionAttributeValues=None),
     "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request."),
    (dict(FilterExpression="sk > :z", ExpressionAttributeValues={**P, ":z": {"N": "1"}}),
     "Filter Expression can only contain non-primary key attributes: Primary key attribute: sk"),
    (dict(ExclusiveStartKey={"pk": {"S": "p"}}),
     "The provided starting key is invalid: The provided key element does not match the schema"),
    (dict(ExclusiveStartKey={"pk": {"S": "q"}, "sk": {"N": "1"}}),
     "The provided starting key is outside query boundaries based on provided conditions"),
    (dict(IndexName="nope"), "The table does not have the specified index: nope"),
    (dict(IndexName="gix", KeyConditionExpression="g = :g", ExpressionAttributeValues={":g": {"S": "G"}},
          ConsistentRead=True), "Consistent reads are not supported on global secondary indexes"),
    (dict(IndexName="gix", KeyConditionExpression="g = :g", ExpressionAttributeValues={":g": {"S": "G"}},
          Select="ALL_ATTRIBUTES"),
     "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary "
     "index gix because its projection type is not ALL"),
    (dict(IndexName="gix", KeyConditionExpression="g = :g AND sk > :a",
          ExpressionAttributeValues={":g": {"S": "G"}, ":a": {"N": "1"}}),
     "Query condition missed key schema element: sk"),
    (dict(Select="COUNT", ProjectionExpression="x"),
     "1 validation error detected: Cannot specify the ProjectionExpression when choosing to get only the Count"),
    (dict(Select="ALL_PROJECTED_ATTRIBUTES"),
     "1 validation error detected: ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName"),
])
def test_query_errors(ddb, kwargs, text):
    args = dict(TableName="tbl", KeyConditionExpression="pk = :p", ExpressionAttributeValues=P)
    args.update(kwargs)
    args = {k: v for k, v in args.items() if v is not None}
    assert message(ddb.query, **args) == ("ValidationException", text)


def test_query_missing_table(ddb):
    assert message(ddb.query, TableName="nope", KeyConditionExpression="pk = :p", ExpressionAttributeValues=P) == (
        "ResourceNotFoundException", "Requested resource not found")


def test_gsi_query_returns_projection_and_full_keys(ddb):
    out = ddb.query(TableName="tbl", IndexName="gix", KeyConditionExpression="g = :g",
                    ExpressionAttributeValues={":g": {"S": "G"}}, Limit=2, ReturnConsumedCapacity="INDEXES")
    assert out["Items"] == [{"pk": {"S": "p"}, "sk": {"N": str(i)}, "g": {"S": "G"}} for i in (0, 1)]
    assert out["LastEvaluatedKey"] == {"g": {"S": "G"}, "pk": {"S": "p"}, "sk": {"N": "1"}}
    # the index carries the read; the table's arm is there, at zero
    assert out["ConsumedCapacity"] == {"TableName": "tbl", "CapacityUnits": 0.5, "Table": {"CapacityUnits": 0.0},
                                       "GlobalSecondaryIndexes": {"gix": {"CapacityUnits": 0.5}}}
    rest = ddb.query(TableName="tbl", IndexName="gix", KeyConditionExpression="g = :g",
                     ExpressionAttributeValues={":g": {"S": "G"}}, ExclusiveStartKey=out["LastEvaluatedKey"])
    assert [int(i["sk"]["N"]) for i in rest["Items"]] == [2, 3, 4]
    code, text = message(ddb.query, TableName="tbl", IndexName="gix", KeyConditionExpression="g = :g",
                         ExpressionAttributeValues={":g": {"S": "G"}}, ProjectionExpression="y")
    assert code == "ValidationException" and "gix" in text


def test_lsi_query_orders_by_index_key(ddb):
    out = ddb.query(TableName="tbl", IndexName="lix", KeyConditionExpression="pk = :p",
                    ExpressionAttributeValues=P, Limit=2)
    assert out["Items"] == [
        {"pk": {"S": "p"}, "sk": {"N": "4"}, "l": {"S": "L0"}, "x": {"N": "4"}},
        {"pk": {"S": "p"}, "sk": {"N": "3"}, "l": {"S": "L1"}, "x": {"N": "3"}},
    ]
    assert out["LastEvaluatedKey"] == {"l": {"S": "L1"}, "pk": {"S": "p"}, "sk": {"N": "3"}}
    full = ddb.query(TableName="tbl", IndexName="lix", KeyConditionExpression="pk = :p",
                     ExpressionAttributeValues=P, Limit=1, Select="ALL_ATTRIBUTES", ConsistentRead=True)
    assert full["Items"][0]["y"] == {"S": "why"}  # an LSI fetches the rest from the table


def test_sparse_index_and_bad_index_values(ddb):
    ddb.put_item(TableName="tbl", Item={"pk": {"S": "q"}, "sk": {"N": "1"}})
    assert ddb.scan(TableName="tbl", IndexName="gix")["Count"] == 5
    assert message(ddb.put_item, TableName="tbl", Item={"pk": {"S": "q"}, "sk": {"N": "2"}, "g": {"N": "1"}}) == (
        "ValidationException", "One or more parameter values were invalid: Type mismatch for Index Key g Expected: "
        "S Actual: N IndexName: gix")
    assert message(ddb.put_item, TableName="tbl", Item={"pk": {"S": "q"}, "sk": {"N": "2"}, "g": {"S": ""}}) == (
        "ValidationException", "One or more parameter values are not valid. A value specified for a secondary index "
        "key is not supported. The AttributeValue for a key attribute cannot contain an empty string value. "
        "IndexName: gix, IndexKey: g")
    assert "Item" not in ddb.get_item(TableName="tbl", Key={"pk": {"S": "q"}, "sk": {"N": "2"}})


def test_scan_rules(ddb):
    out = ddb.scan(TableName="tbl", Limit=2, ReturnConsumedCapacity="TOTAL")
    assert out["Count"] == 2 and out["LastEvaluatedKey"] == {"pk": {"S": "p"}, "sk": {"N": "1"}}
    out = ddb.scan(TableName="tbl", FilterExpression="sk > :a", ExpressionAttributeValues={":a": {"N": "3"}})
    assert out["Count"] == 1 and out["ScannedCount"] == 5  # a Scan filter may use keys
    out = ddb.scan(TableName="tbl", Select="COUNT")
    assert out["Count"] == 5 and "Items" not in out
    out = ddb.scan(TableName="tbl", Limit=2, FilterExpression="x > :a", ExpressionAttributeValues={":a": {"N": "30"}})
    assert out["Items"] == [] and "LastEvaluatedKey" in out
    assert message(ddb.scan, TableName="tbl", Segment=5, TotalSegments=5) == (
        "ValidationException", "The Segment parameter is zero-based and must be less than parameter TotalSegments: "
        "Segment: 5 is not less than TotalSegments: 5")
    assert message(ddb.scan, TableName="tbl", Segment=1) == (
        "ValidationException", "The TotalSegments parameter is required but was not present in the request when "
        "Segment parameter is present")
    assert message(ddb.scan, TableName="tbl", TotalSegments=2) == (
        "ValidationException", "The Segment parameter is required but was not present in the request when "
        "parameter TotalSegments is present")
    assert message(ddb.scan, TableName="tbl", Select="COUNT", ProjectionExpression="pk") == (
        "ValidationException", "Cannot specify the ProjectionExpression when choosing to get only the Count")


def test_parallel_scan_covers_every_item_once(aws):
    ddb = client()
    make_table(ddb, "many", sort=None)
    for i in range(60):
        ddb.put_item(TableName="many", Item={"pk": {"S": f"k{i}"}})
    seen = []
    for segment in range(4):
        for page in ddb.get_paginator("scan").paginate(TableName="many", Segment=segment, TotalSegments=4,
                                                       PaginationConfig={"PageSize": 7}):
            seen += [i["pk"]["S"] for i in page["Items"]]
    assert sorted(seen) == sorted(f"k{i}" for i in range(60))


def test_paginators(ddb):
    pages = list(ddb.get_paginator("query").paginate(TableName="tbl", KeyConditionExpression="pk = :p",
                                                      ExpressionAttributeValues=P, PaginationConfig={"PageSize": 2}))
    assert [p["Count"] for p in pages] == [2, 2, 1]
    pages = list(ddb.get_paginator("scan").paginate(TableName="tbl", PaginationConfig={"PageSize": 5}))
    assert [p["Count"] for p in pages] == [5, 0]  # a full last page still names its key


def test_one_megabyte_pages(aws):
    ddb = client()
    make_table(ddb, "big", sort="N")
    for i in range(12):
        ddb.put_item(TableName="big", Item={"pk": {"S": "p"}, "sk": {"N": str(i)}, "d": {"S": "x" * 200_000}})
    counts = [p["Count"] for p in ddb.get_paginator("query").paginate(
        TableName="big", KeyConditionExpression="pk = :p", ExpressionAttributeValues=P)]
    assert sum(counts) == 12 and len(counts) > 1 and max(counts) <= 6


@pytest.mark.parametrize(("typ", "values", "order"), [
    ("N", ["10", "-1e5", "0.5", "-0.5", "1", "0", "-1", "1E-130", "99e10"],
     ["-100000", "-1", "-0.5", "0", "0." + "0" * 129 + "1", "0.5", "1", "10", "990000000000"]),
    ("S", ["a", "B", "é", "\uffff", "😀", "ab", "Z"], ["B", "Z", "a", "ab", "é", "\uffff", "😀"]),
    ("B", [b"\x80", b"\x7f", b"\x00", b"\xff\x00", b"\x01"], [b"\x00", b"\x01", b"\x7f", b"\x80", b"\xff\x00"]),
])
def test_sort_key_order(aws, typ, values, order):
    ddb = client()
    make_table(ddb, "ord", sort=typ)
    for v in values:
        ddb.put_item(TableName="ord", Item={"pk": {"S": "p"}, "sk": {typ: v}})
    out = ddb.query(TableName="ord", KeyConditionExpression="pk = :p", ExpressionAttributeValues=P)
    assert [i["sk"][typ] for i in out["Items"]] == order
    back = ddb.query(TableName="ord", KeyConditionExpression="pk = :p", ExpressionAttributeValues=P,
                     ScanIndexForward=False)
    assert [i["sk"][typ] for i in back["Items"]] == order[::-1]


def test_capacity_counts_evaluated_items_before_filter_and_projection(aws):
    ddb = client()
    make_table(ddb, "cap", sort="S")
    for i in range(6):
        ddb.put_item(TableName="cap", Item={"pk": {"S": "p"}, "sk": {"S": f"s{i}"}, "keep": {"S": "yes" if i == 0 else "no"},
                                           "filler": {"S": "x" * 1000}})
    plain = ddb.query(TableName="cap", KeyConditionExpression="pk = :p", ExpressionAttributeValues=P,
                      ReturnConsumedCapacity="TOTAL")["ConsumedCapacity"]["CapacityUnits"]
    filtered = ddb.query(TableName="cap", KeyConditionExpression="pk = :p", FilterExpression="keep = :k",
                         ExpressionAttributeValues={**P, ":k": {"S": "yes"}}, ProjectionExpression="sk",
                         ReturnConsumedCapacity="TOTAL")
    assert filtered["Count"] == 1
    assert filtered["ConsumedCapacity"]["CapacityUnits"] == plain == 1.0  # ~6 KB, one 4 KB rounding, halved


def test_filter_key_errors_name_the_partition_key_first(ddb):
    assert message(ddb.query, TableName="tbl", KeyConditionExpression="pk = :p",
                   FilterExpression="sk > :z AND pk = :p", ExpressionAttributeValues={**P, ":z": {"N": "1"}}) == (
        "ValidationException", "Filter Expression can only contain non-primary key attributes: Primary key "
        "attribute: pk")
    assert message(ddb.query, TableName="tbl",
                   KeyConditions={"pk": {"AttributeValueList": [{"S": "p"}], "ComparisonOperator": "EQ"}},
                   QueryFilter={"sk": {"AttributeValueList": [{"N": "1"}], "ComparisonOperator": "EQ"}}) == (
        "ValidationException", "QueryFilter can only contain non-primary key attributes: Primary key attribute: sk")
    # on an index only the index's keys are refused
    out = ddb.query(TableName="tbl", IndexName="gix", KeyConditionExpression="g = :g", FilterExpression="pk = :p",
                    ExpressionAttributeValues={**P, ":g": {"S": "G"}})
    assert out["Count"] == 5


def test_request_checks_come_before_the_table_lookup(ddb):
    assert message(ddb.scan, TableName="nope", Segment=3, TotalSegments=2)[0] == "ValidationException"
    assert message(ddb.put_item, TableName="nope", Item={"pk": {"S": "a"}, "s": {"SS": []}})[0] == \
        "ValidationException"
    assert message(ddb.put_item, TableName="nope", Item={"pk": {"S": "a"}}, ConditionExpression="a = ")[0] == \
        "ValidationException"
    assert message(ddb.query, TableName="nope")[0] == "ValidationException"
    assert message(ddb.get_item, TableName="nope", Key={"pk": {"S": "a"}})[0] == "ResourceNotFoundException"
