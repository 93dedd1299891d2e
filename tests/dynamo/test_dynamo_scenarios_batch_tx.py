"""boto3 scenarios for BatchGetItem / BatchWriteItem and transactions, asserting real DynamoDB's answers."""

from __future__ import annotations

import pytest
from dynamo_helpers import client, make_table, message


@pytest.fixture
def ddb(aws):
    c = client()
    make_table(c, "tbl", sort=None)
    make_table(c, "tb2", sort=None)
    return c


def put(n: str, **extra) -> dict:
    return {"PutRequest": {"Item": {"pk": {"S": n}, **extra}}}


def test_batch_write_shapes_and_capacity(ddb):
    out = ddb.batch_write_item(RequestItems={"tbl": [put(str(i), v={"S": "x" * 1500}) for i in range(3)]},
                               ReturnConsumedCapacity="TOTAL")
    assert out["UnprocessedItems"] == {}
    assert out["ConsumedCapacity"] == [{"TableName": "tbl", "CapacityUnits": 6.0}]
    assert "ConsumedCapacity" not in ddb.batch_write_item(RequestItems={"tbl": [put("z")]})


@pytest.mark.parametrize(("requests", "code", "text"), [
    ({"tbl": [put("1"), {"DeleteRequest": {"Key": {"pk": {"S": "1"}}}}]}, "ValidationException",
     "Provided list of item keys contains duplicates"),
    ({"nope": [put("1")]}, "ResourceNotFoundException", "Requested resource not found"),
    ({"tbl": [put("ok"), {"PutRequest": {"Item": {"pk": {"N": "1"}}}}]}, "ValidationException",
     "The provided key element does not match the schema"),
    ({"tbl": [put("ok"), {"PutRequest": {"Item": {"other": {"S": "1"}}}}]}, "ValidationException",
     "The provided key element does not match the schema"),
    ({"tbl": [put("ok"), {"DeleteRequest": {"Key": {"pk": {"N": "1"}}}}]}, "ValidationException",
     "The provided key element does not match the schema"),
    ({"tbl": [put("ok"), put("bad", s={"SS": []})]}, "ValidationException",
     "One or more parameter values were invalid: An string set  may not be empty"),
])
def test_batch_write_rejects_whole_batch(ddb, requests, code, text):
    assert message(ddb.batch_write_item, RequestItems=requests) == (code, text)
    assert "Item" not in ddb.get_item(TableName="tbl", Key={"pk": {"S": "ok"}})


def test_batch_write_limits(ddb):
    code, text = message(ddb.batch_write_item, RequestItems={"tbl": [put(str(i)) for i in range(26)]})
    assert code == "ValidationException" and "less than or equal to 25" in text
    code, _ = message(ddb.batch_write_item, RequestItems={})
    assert code == "ValidationException"
    # the same key in two tables is fine
    ddb.batch_write_item(RequestItems={"tbl": [put("same")], "tb2": [put("same")]})


def test_batch_get_shapes(ddb):
    ddb.put_item(TableName="tbl", Item={"pk": {"S": "1"}, "v": {"S": "x"}})
    out = ddb.batch_get_item(RequestItems={
        "tbl": {"Keys": [{"pk": {"S": "1"}}, {"pk": {"S": "nope"}}], "ProjectionExpression": "pk"},
        "tb2": {"Keys": [{"pk": {"S": "1"}}], "ConsistentRead": True}}, ReturnConsumedCapacity="TOTAL")
    assert out["Responses"] == {"tbl": [{"pk": {"S": "1"}}], "tb2": []}
    assert out["UnprocessedKeys"] == {}
    assert sorted(out["ConsumedCapacity"], key=lambda c: c["TableName"]) == [
        {"TableName": "tb2", "CapacityUnits": 1.0}, {"TableName": "tbl", "CapacityUnits": 1.0}]


@pytest.mark.parametrize(("requests", "code", "text"), [
    ({"tbl": {"Keys": [{"pk": {"S": "1"}}, {"pk": {"S": "1"}}]}}, "ValidationException",
     "Provided list of item keys contains duplicates"),
    ({"tbl": {"Keys": [{"pk": {"S": str(i)}} for i in range(60)]},
      "tb2": {"Keys": [{"pk": {"S": str(i)}} for i in range(41)]}}, "ValidationException",
     "Too many items requested for the BatchGetItem call"),
    ({"nope": {"Keys": [{"pk": {"S": "1"}}]}}, "ResourceNotFoundException", "Requested resource not found"),
    ({"tbl": {"Keys": [{"pk": {"N": "1"}}]}}, "ValidationException",
     "The provided key element does not match the schema"),
])
def test_batch_get_errors(ddb, requests, code, text):
    assert message(ddb.batch_get_item, RequestItems=requests) == (code, text)


def test_batch_get_key_count_limit(ddb):
    code, text = message(ddb.batch_get_item, RequestItems={"tbl": {"Keys": [{"pk": {"S": str(i)}}
                                                                            for i in range(101)]}})
    assert code == "ValidationException" and "less than or equal to 100" in text


def test_transact_write_success_and_capacity(ddb):
    out = ddb.transact_write_items(TransactItems=[
        {"Put": {"TableName": "tbl", "Item": {"pk": {"S": "t1"}}}},
        {"Update": {"TableName": "tbl", "Key": {"pk": {"S": "t2"}}, "UpdateExpression": "SET a = :a",
                    "ExpressionAttributeValues": {":a": {"N": "1"}}}}], ReturnConsumedCapacity="INDEXES")
    assert out["ConsumedCapacity"] == [{"TableName": "tbl", "CapacityUnits": 4.0, "WriteCapacityUnits": 4.0,
                                        "Table": {"CapacityUnits": 4.0, "WriteCapacityUnits": 4.0}}]
    assert ddb.get_item(TableName="tbl", Key={"pk": {"S": "t2"}})["Item"] == {"pk": {"S": "t2"}, "a": {"N": "1"}}


def test_transact_cancellation_reasons(ddb):
    ddb.put_item(TableName="tbl", Item={"pk": {"S": "t1"}})
    ddb.put_item(TableName="tbl", Item={"pk": {"S": "t2"}, "a": {"N": "1"}})
    with pytest.raises(ddb.exceptions.TransactionCanceledException) as info:
        ddb.transact_write_items(TransactItems=[
            {"Put": {"TableName": "tbl", "Item": {"pk": {"S": "t3"}}}},
            {"ConditionCheck": {"TableName": "tbl", "Key": {"pk": {"S": "t1"}},
                                "ConditionExpression": "attribute_not_exists(pk)",
                                "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}},
            {"Delete": {"TableName": "tbl", "Key": {"pk": {"S": "t2"}}, "ConditionExpression": "a = :z",
                        "ExpressionAttributeValues": {":z": {"N": "9"}}}}], ReturnConsumedCapacity="TOTAL")
    response = info.value.response
    assert response["Error"]["Message"] == ("Transaction cancelled, please refer cancellation reasons for specific "
                                            "reasons [None, ConditionalCheckFailed, ConditionalCheckFailed]")
    assert response["CancellationReasons"] == [
        {"Code": "None"},
        {"Code": "ConditionalCheckFailed", "Message": "The conditional request failed", "Item": {"pk": {"S": "t1"}}},
        {"Code": "ConditionalCheckFailed", "Message": "The conditional request failed"}]
    assert "ConsumedCapacity" not in response
    assert "Item" not in ddb.get_item(TableName="tbl", Key={"pk": {"S": "t3"}})
    assert "Item" in ddb.get_item(TableName="tbl", Key={"pk": {"S": "t2"}})


def test_transact_validation_errors(ddb):
    assert message(ddb.transact_write_items, TransactItems=[
        {"Put": {"TableName": "tbl", "Item": {"pk": {"S": "t1"}}}},
        {"ConditionCheck": {"TableName": "tbl", "Key": {"pk": {"S": "t1"}},
                            "ConditionExpression": "attribute_exists(pk)"}}]) == (
        "ValidationException", "Transaction request cannot include multiple operations on one item")
    with pytest.raises(ddb.exceptions.TransactionCanceledException) as info:
        ddb.transact_write_items(TransactItems=[
            {"Put": {"TableName": "tbl", "Item": {"pk": {"N": "1"}}}},
            {"Delete": {"TableName": "tbl", "Key": {"pk": {"N": "2"}}}}])
    assert info.value.response["CancellationReasons"] == [
        {"Code": "ValidationError",
         "Message": "One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N"},
        {"Code": "None"}]
    assert message(ddb.transact_write_items, TransactItems=[
        {"Put": {"TableName": "nope", "Item": {"pk": {"S": "1"}}}}]) == (
        "ResourceNotFoundException", "Requested resource not found")
    assert message(ddb.transact_write_items, TransactItems=[
        {"Put": {"TableName": "tbl", "Item": {"pk": {"S": "t1"}}},
         "Delete": {"TableName": "tbl", "Key": {"pk": {"S": "t1"}}}}]) == (
        "ValidationException", "TransactItems can only contain one of Check, Put, Update or Delete")


def test_client_request_token_idempotency(ddb, aws):
    items = [{"Put": {"TableName": "tbl", "Item": {"pk": {"S": "t9"}, "v": {"S": "x" * 1500}}}}]
    first = ddb.transact_write_items(ClientRequestToken="tok", TransactItems=items, ReturnConsumedCapacity="TOTAL")
    assert first["ConsumedCapacity"] == [{"TableName": "tbl", "CapacityUnits": 4.0, "WriteCapacityUnits": 4.0}]
    replay = ddb.transact_write_items(ClientRequestToken="tok", TransactItems=items, ReturnConsumedCapacity="TOTAL")
    assert replay["ConsumedCapacity"] == [{"TableName": "tbl", "CapacityUnits": 2.0, "ReadCapacityUnits": 2.0}]
    code, _ = message(ddb.transact_write_items, ClientRequestToken="tok",
                      TransactItems=[{"Put": {"TableName": "tbl", "Item": {"pk": {"S": "t8"}}}}])
    assert code == "IdempotentParameterMismatchException"
    aws.clock.advance(601)
    ddb.transact_write_items(ClientRequestToken="tok",
                             TransactItems=[{"Put": {"TableName": "tbl", "Item": {"pk": {"S": "t8"}}}}])


def test_transact_get(ddb):
    ddb.put_item(TableName="tbl", Item={"pk": {"S": "t1"}, "x": {"S": "1"}})
    out = ddb.transact_get_items(TransactItems=[
        {"Get": {"TableName": "tbl", "Key": {"pk": {"S": "t1"}}, "ProjectionExpression": "x"}},
        {"Get": {"TableName": "tbl", "Key": {"pk": {"S": "none"}}}}], ReturnConsumedCapacity="TOTAL")
    assert out["Responses"] == [{"Item": {"x": {"S": "1"}}}, {}]
    assert out["ConsumedCapacity"] == [{"TableName": "tbl", "CapacityUnits": 4.0, "ReadCapacityUnits": 4.0}]


def test_transaction_error_levels(ddb):
    ddb.put_item(TableName="tbl", Item={"pk": {"S": "big"}, "d": {"S": "x" * 409000}})
    # request-level: the whole call fails with ValidationException
    assert message(ddb.transact_write_items, TransactItems=[
        {"Put": {"TableName": "tbl", "Item": {"pk": {"S": "a"}, "d": {"S": "x" * 409600}}}}]) == (
        "ValidationException", "Item size has exceeded the maximum allowed size")
    assert message(ddb.transact_write_items, TransactItems=[{"Put": {"TableName": "tbl", "Item": {"pk": {"S": ""}}}}]) \
        == ("ValidationException", "One or more parameter values are not valid. The AttributeValue for a key "
            "attribute cannot contain an empty string value. Key: pk")
    assert message(ddb.transact_write_items, TransactItems=[{"Update": {
        "TableName": "tbl", "Key": {"pk": {"S": "a"}}, "UpdateExpression": "SET e = "}}]) == (
        "ValidationException", 'Invalid UpdateExpression: Syntax error; token: "<EOF>", near: "="')
    # item-level: a cancellation whose reason is ValidationError
    with pytest.raises(ddb.exceptions.TransactionCanceledException) as info:
        ddb.transact_write_items(TransactItems=[
            {"Put": {"TableName": "tbl", "Item": {"pk": {"S": "ok"}}}},
            {"Update": {"TableName": "tbl", "Key": {"pk": {"S": "big"}}, "UpdateExpression": "SET e = :v",
                        "ExpressionAttributeValues": {":v": {"S": "y" * 1000}}}}])
    assert info.value.response["CancellationReasons"] == [
        {"Code": "None"}, {"Code": "ValidationError", "Message": "Item size to update has exceeded the maximum allowed size"}]
    with pytest.raises(ddb.exceptions.TransactionCanceledException) as info:
        ddb.transact_write_items(TransactItems=[
            {"Put": {"TableName": "tbl", "Item": {"pk": {"S": "ok"}}}},
            {"Update": {"TableName": "tbl", "Key": {"pk": {"N": "1"}}, "UpdateExpression": "SET e = :v",
                        "ExpressionAttributeValues": {":v": {"S": "y"}}}}])
    assert info.value.response["CancellationReasons"][1] == {
        "Code": "ValidationError", "Message": "The provided key element does not match the schema"}
    assert "Item" not in ddb.get_item(TableName="tbl", Key={"pk": {"S": "ok"}})
    assert message(ddb.transact_get_items, TransactItems=[
        {"Get": {"TableName": "tbl", "Key": {"pk": {"S": "a"}}}},
        {"Get": {"TableName": "tbl", "Key": {"pk": {"S": "a"}}}}]) == (
        "ValidationException", "Transaction request cannot include multiple operations on one item")
