"""boto3.resource("dynamodb") scenarios: Table objects, conditions, batch_writer, pagination, Decimals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import boto3
import pytest
from boto3.dynamodb.conditions import Attr, Key
from boto3.dynamodb.types import Binary
from botocore.exceptions import ClientError


@pytest.fixture
def table(aws):
    resource = boto3.resource("dynamodb", region_name="us-east-1")
    t = resource.create_table(
        TableName="res", BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                              {"AttributeName": "sk", "AttributeType": "N"}])
    assert t.table_status == "CREATING"
    t.wait_until_exists()
    return t


def test_table_attributes(table):
    table.reload()
    assert table.table_status == "ACTIVE"
    assert table.item_count == 0 and table.table_size_bytes == 0
    assert isinstance(table.creation_date_time, dt.datetime)
    assert table.key_schema[0] == {"AttributeName": "pk", "KeyType": "HASH"}
    assert table.billing_mode_summary["BillingMode"] == "PAY_PER_REQUEST"


def test_types_round_trip(table):
    item = {"pk": "a", "sk": 1, "f": Decimal("1.50"), "b": b"\x00\x80", "s": {"x", "y"}, "ns": {1, 2},
            "m": {"l": [1, "x", None, True]}, "e": ""}
    table.put_item(Item=item)
    got = table.get_item(Key={"pk": "a", "sk": 1})["Item"]
    assert got == {"pk": "a", "sk": Decimal("1"), "f": Decimal("1.5"), "b": Binary(b"\x00\x80"), "s": {"x", "y"},
                   "ns": {Decimal("1"), Decimal("2")}, "m": {"l": [Decimal("1"), "x", None, True]}, "e": ""}
    with pytest.raises(TypeError):
        table.put_item(Item={"pk": "x", "sk": 1, "f": 1.5})  # boto3 refuses floats before sending
    table.update_item(Key={"pk": "a", "sk": 1}, UpdateExpression="SET f = f + :d",
                      ExpressionAttributeValues={":d": Decimal("0.25")})
    assert table.get_item(Key={"pk": "a", "sk": 1}, ProjectionExpression="f, m.l[1]")["Item"] == {
        "f": Decimal("1.75"), "m": {"l": ["x"]}}
    out = table.update_item(Key={"pk": "a", "sk": 1}, UpdateExpression="ADD ns :n",
                            ExpressionAttributeValues={":n": {3}}, ReturnValues="UPDATED_NEW")
    assert out["Attributes"] == {"ns": {Decimal("1"), Decimal("2"), Decimal("3")}}


def test_decimal_precision(table):
    big = Decimal("12345678901234567890123456789012345678")  # 38 digits
    table.put_item(Item={"pk": "d", "sk": 1, "v": big, "tiny": Decimal("1E-130")})
    got = table.get_item(Key={"pk": "d", "sk": 1})["Item"]
    assert got["v"] == big and got["tiny"] == Decimal("1E-130")
    with pytest.raises(ClientError) as info:
        table.update_item(Key={"pk": "d", "sk": 1}, UpdateExpression="SET v = v + :a",
                          ExpressionAttributeValues={":a": Decimal("0.1")})
    assert info.value.response["Error"]["Message"] == (
        "Number overflow. Attempting to store a number with magnitude larger than supported range")


def test_conditions_and_queries(table):
    with table.batch_writer(overwrite_by_pkeys=["pk", "sk"]) as bw:
        for i in range(30):
            bw.put_item(Item={"pk": "b", "sk": i % 27, "v": i})
        bw.delete_item(Key={"pk": "b", "sk": 0})
    out = table.query(KeyConditionExpression=Key("pk").eq("b") & Key("sk").between(3, 6),
                      FilterExpression=Attr("v").gte(4))
    assert (out["Count"], out["ScannedCount"]) == (3, 4)
    assert [i["sk"] for i in out["Items"]] == [4, 5, 6]
    out = table.query(KeyConditionExpression=Key("pk").eq("b"), ScanIndexForward=False, Limit=3)
    assert [(i["sk"], i["v"]) for i in out["Items"]] == [(26, 26), (25, 25), (24, 24)]
    assert out["LastEvaluatedKey"] == {"pk": "b", "sk": Decimal("24")}
    assert table.get_item(Key={"pk": "b", "sk": 1})["Item"]["v"] == 28  # overwritten in the batch
    assert "Item" not in table.get_item(Key={"pk": "b", "sk": 0})
    out = table.scan(FilterExpression=Attr("v").exists() & Attr("v").lt(3))
    assert out["Count"] == 0 and out["ScannedCount"] == 26
    with pytest.raises(ClientError) as info:  # begins_with on an N sort key is refused
        table.query(KeyConditionExpression=Key("pk").eq("b") & Key("sk").begins_with("1"))
    assert info.value.response["Error"]["Code"] == "ValidationException"
    with pytest.raises(ClientError) as info:
        table.put_item(Item={"pk": "b", "sk": 1}, ConditionExpression=Attr("pk").not_exists())
    assert info.value.response["Error"]["Code"] == "ConditionalCheckFailedException"


def test_scan_pagination_by_hand(table):
    with table.batch_writer() as bw:
        for i in range(25):
            bw.put_item(Item={"pk": f"p{i % 5}", "sk": i, "pad": "x" * 10})
    items, kwargs = [], {"Limit": 7}
    while True:
        page = table.scan(**kwargs)
        items += page["Items"]
        if "LastEvaluatedKey" not in page:
            break
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
    assert sorted(i["sk"] for i in items) == list(range(25))


def test_batch_writer_duplicates_without_overwrite_are_refused(table):
    with pytest.raises(ClientError) as info:
        with table.batch_writer() as bw:
            bw.put_item(Item={"pk": "dup", "sk": 1})
            bw.put_item(Item={"pk": "dup", "sk": 1})
    assert info.value.response["Error"]["Message"] == "Provided list of item keys contains duplicates"


def test_resource_tables_collection_and_delete(aws, table):
    resource = boto3.resource("dynamodb", region_name="us-east-1")
    assert [t.name for t in resource.tables.all()] == ["res"]
    table.delete()
    table.wait_until_not_exists()
    assert list(resource.tables.all()) == []
