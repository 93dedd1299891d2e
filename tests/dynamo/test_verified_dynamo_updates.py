"""Scenarios recorded against real AWS (moto's aws_verified update-expression and transaction tests), in our words."""

from __future__ import annotations

from decimal import Decimal

import boto3
import pytest
from dynamo_helpers import message
from verified_dynamo_helpers import verified_table

pytestmark = pytest.mark.usefixtures("aws")


def _table(name: str):
    return boto3.resource("dynamodb", region_name="us-east-1").Table(name)


def test_set_two_map_members_in_one_request_and_add_across_newlines() -> None:
    table = _table(verified_table())
    table.put_item(Item={"pk": "id1", "d": {"hello": "h", "world": "w"}})
    out = table.update_item(Key={"pk": "id1"}, UpdateExpression="set d.hello = :h, d.world = :w",
                            ExpressionAttributeValues={":h": "H", ":w": "W"}, ReturnValues="ALL_NEW")
    assert out["Attributes"] == {"pk": "id1", "d": {"hello": "H", "world": "W"}}
    table.update_item(Key={"pk": "id1"}, UpdateExpression="\n   ADD \n     MyTotalCount :c\n   ",
                      ExpressionAttributeValues={":c": 5})
    assert table.get_item(Key={"pk": "id1"})["Item"]["MyTotalCount"] == 5


def test_add_mixes_integers_and_decimals_exactly() -> None:
    table = _table(verified_table())
    table.put_item(Item={"pk": "foo", "amount": Decimal(100), "nr": 5})
    steps = [("amount", -Decimal("88.3"), Decimal("11.7")), ("amount", Decimal("25.41"), Decimal("37.11")),
             ("amount", 6, Decimal("43.11")), ("nr", 1, Decimal(6)), ("nr", Decimal("25.41"), Decimal("31.41"))]
    for attr, delta, expected in steps:
        table.update_item(Key={"pk": "foo"}, UpdateExpression=f"ADD {attr} :d",
                          ExpressionAttributeValues={":d": delta})
        assert table.scan()["Items"][0][attr] == expected


def test_delete_from_missing_set_or_missing_member_is_a_no_op() -> None:
    table = _table(verified_table())
    table.put_item(Item={"pk": "name"})
    names = {"#u": "users"}
    table.update_item(Key={"pk": "name"}, UpdateExpression="DELETE #u :u", ExpressionAttributeNames=names,
                      ExpressionAttributeValues={":u": {"karl"}}, ReturnValues="ALL_NEW")
    assert table.get_item(Key={"pk": "name"})["Item"] == {"pk": "name"}
    table.update_item(Key={"pk": "name"}, UpdateExpression="ADD #u :u", ExpressionAttributeNames=names,
                      ExpressionAttributeValues={":u": {"karl"}})
    assert table.get_item(Key={"pk": "name"})["Item"] == {"pk": "name", "users": {"karl"}}
    table.update_item(Key={"pk": "name"}, UpdateExpression="DELETE #u :u", ExpressionAttributeNames=names,
                      ExpressionAttributeValues={":u": {"karl2"}}, ReturnValues="ALL_NEW")
    assert table.get_item(Key={"pk": "name"})["Item"] == {"pk": "name", "users": {"karl"}}
    table.update_item(Key={"pk": "name"}, UpdateExpression="DELETE #u :u", ExpressionAttributeNames=names,
                      ExpressionAttributeValues={":u": {"karl"}}, ReturnValues="ALL_NEW")
    assert table.get_item(Key={"pk": "name"})["Item"] == {"pk": "name"}


def test_add_empty_string_set_is_rejected_whether_or_not_attribute_exists() -> None:
    ddb = boto3.client("dynamodb", region_name="us-east-1")
    name = verified_table()
    expected = ("ValidationException", "ExpressionAttributeValues contains invalid value: One or more parameter "
                "values were invalid: An string set  may not be empty")
    ddb.put_item(TableName=name, Item={"pk": {"S": "foo"}})
    call = dict(TableName=name, Key={"pk": {"S": "foo"}}, UpdateExpression="ADD stringset :e",
                ExpressionAttributeValues={":e": {"SS": []}})
    assert message(ddb.update_item, **call) == expected
    assert ddb.scan(TableName=name)["Items"] == [{"pk": {"S": "foo"}}]
    ddb.put_item(TableName=name, Item={"pk": {"S": "foo"}, "stringset": {"SS": ["item1"]}})
    assert message(ddb.update_item, **call) == expected
    assert ddb.scan(TableName=name)["Items"] == [{"pk": {"S": "foo"}, "stringset": {"SS": ["item1"]}}]


def test_transaction_put_and_delete_of_same_item_rejected() -> None:
    ddb = boto3.client("dynamodb", region_name="us-east-1")
    name = verified_table(add_range=True)
    key = {"pk": {"S": "test-pk"}, "sk": {"S": "test-sk"}}
    items = [{"Put": {"TableName": name, "Item": {**key, "field": {"S": "f"}}}},
             {"Delete": {"TableName": name, "Key": key}}]
    assert message(ddb.transact_write_items, TransactItems=items) == (
        "ValidationException", "Transaction request cannot include multiple operations on one item")


def test_transaction_update_with_two_set_clauses_rejected_comma_form_works() -> None:
    ddb = boto3.client("dynamodb", region_name="us-east-1")
    name = verified_table(add_range=True)
    bad = [{"Update": {"TableName": name, "Key": {"pk": {"S": "s"}},
                       "UpdateExpression": "SET expire_at_utc = :e SET is_final = :t ADD version :one",
                       "ExpressionAttributeValues": {":t": {"BOOL": True}, ":one": {"N": "1"}, ":e": {"S": "x"}}}}]
    assert message(ddb.transact_write_items, TransactItems=bad) == (
        "ValidationException",
        'Invalid UpdateExpression: The "SET" section can only be used once in an update expression;')
    good = [{"Update": {"TableName": name, "Key": {"pk": {"S": "s"}, "sk": {"S": "t"}},
                        "UpdateExpression": "SET a1 = :v1, a2 = :v2",
                        "ExpressionAttributeValues": {":v1": {"S": "v1"}, ":v2": {"S": "v1"}}}}]
    ddb.transact_write_items(TransactItems=good)
    assert ddb.scan(TableName=name)["Items"] == [
        {"a1": {"S": "v1"}, "sk": {"S": "t"}, "a2": {"S": "v1"}, "pk": {"S": "s"}}]


def test_transaction_update_with_empty_string_key_rejected() -> None:
    ddb = boto3.client("dynamodb", region_name="us-east-1")
    name = verified_table()
    _table(name).put_item(Item={"pk": "mark", "lock": {"acquired_at": 123}})
    items = [{"Update": {"TableName": name, "Key": {"pk": {"S": ""}}, "UpdateExpression": "SET sth = :v",
                         "ExpressionAttributeValues": {":v": {"N": "0"}}}}]
    assert message(ddb.transact_write_items, TransactItems=items) == (
        "ValidationException", "One or more parameter values are not valid. The AttributeValue for a key "
        "attribute cannot contain an empty string value. Key: pk")
