"""Request validation and multi-table writes recorded against real AWS (moto's aws_verified tests), in our words."""

from __future__ import annotations

from typing import Any

import boto3
import botocore.session
import pytest
from botocore.config import Config
from dynamo_helpers import message
from verified_dynamo_helpers import verified_table

pytestmark = pytest.mark.usefixtures("aws")

ENUM = ("1 validation error detected: Value 'SORT' at '{}' failed to satisfy constraint: "
        "Member must satisfy enum value set: [HASH, RANGE]")
BASE: dict[str, Any] = {
    "TableName": "unknown-key-type",
    "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "S"}],
    "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
}
KEYS = [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}]


def test_sort_is_not_a_key_type_anywhere() -> None:
    ddb = boto3.client("dynamodb", region_name="us-east-1")
    bad = [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "SORT"}]
    assert message(ddb.create_table, KeySchema=bad, **BASE) == ("ValidationException",
                                                                ENUM.format("keySchema.2.member.keyType"))
    gsi = [{"IndexName": "TestGSI", "Projection": {"ProjectionType": "ALL"},
            "KeySchema": [{"AttributeName": "n/a", "KeyType": "HASH"}, {"AttributeName": "sth", "KeyType": "SORT"}],
            "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}}]
    assert message(ddb.create_table, KeySchema=KEYS, GlobalSecondaryIndexes=gsi, **BASE) == (
        "ValidationException", ENUM.format("globalSecondaryIndexes.1.member.keySchema.2.member.keyType"))
    lsi = [{"IndexName": "test_lsi", "Projection": {"ProjectionType": "ALL"},
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "lsi_range_key", "KeyType": "SORT"}]}]
    assert message(ddb.create_table, KeySchema=KEYS, LocalSecondaryIndexes=lsi, **BASE) == (
        "ValidationException", ENUM.format("localSecondaryIndexes.1.member.keySchema.2.member.keyType"))
    assert ddb.list_tables()["TableNames"] == []


def _unvalidated_client() -> Any:
    session = botocore.session.Session()
    return session.create_client("dynamodb", region_name="us-east-1", config=Config(parameter_validation=False))


@pytest.mark.parametrize(("name", "text"), [
    ("", "1 validation error detected: Value '' at 'tableName' failed to satisfy constraint: "
         "Member must have length greater than or equal to 1"),
    ("x!", "2 validation errors detected: Value 'x!' at 'tableName' failed to satisfy constraint: Member must have "
           "length greater than or equal to 3; Value 'x!' at 'tableName' failed to satisfy constraint: Member must "
           "satisfy regular expression pattern: [a-zA-Z0-9_.-]+"),
])
def test_bad_table_name_reported_before_empty_set(name: str, text: str) -> None:
    client = _unvalidated_client()
    assert message(client.update_item, TableName=name, Key={"pk": {"S": "foo"}}, UpdateExpression="ADD stringset :e",
                   ExpressionAttributeValues={":e": {"SS": []}}) == ("ValidationException", text)


def test_transaction_conditional_set_on_new_item() -> None:
    ddb = boto3.client("dynamodb", region_name="us-east-1")
    name = verified_table()
    ddb.transact_write_items(TransactItems=[{"Update": {
        "TableName": name, "Key": {"pk": {"S": "test"}}, "UpdateExpression": "SET xxx = :xxx",
        "ConditionExpression": "attribute_not_exists(xxx)", "ExpressionAttributeValues": {":xxx": {"S": "123"}}}}])
    assert ddb.scan(TableName=name)["Items"] == [{"pk": {"S": "test"}, "xxx": {"S": "123"}}]


def test_batch_write_spans_several_tables() -> None:
    conn = boto3.resource("dynamodb", region_name="us-west-2")
    names = [f"table-multi-{i}" for i in range(3)]
    for name in names:
        conn.create_table(TableName=name, KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                          AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                          BillingMode="PAY_PER_REQUEST")
    conn.batch_write_item(RequestItems={n: [{"PutRequest": {"Item": {"id": str(i)}}}] for i, n in enumerate(names)})
    for i, name in enumerate(names):
        assert conn.Table(name).get_item(Key={"id": str(i)})["Item"] == {"id": str(i)}
        assert conn.Table(name).scan()["Count"] == 1
    conn.batch_write_item(RequestItems={n: [{"DeleteRequest": {"Key": {"id": str(i)}}}] for i, n in enumerate(names)})
    assert [conn.Table(n).scan()["Count"] for n in names] == [0, 0, 0]


