"""Error answers recorded against real AWS (moto's aws_verified exception tests), restated in our words."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError
from dynamo_helpers import message
from verified_dynamo_helpers import verified_table

pytestmark = pytest.mark.usefixtures("aws")

OVERLAP = "Invalid UpdateExpression: Two document paths overlap with each other;"
UNUSED = ("ValidationException", "Value provided in ExpressionAttributeNames unused in expressions: keys: {#count}")
KEY_MISMATCH = ("ValidationException", "The provided key element does not match the schema")


@pytest.fixture
def table() -> Any:
    return boto3.resource("dynamodb", region_name="us-east-1").Table(verified_table())


@pytest.fixture
def ddb() -> Any:
    return boto3.client("dynamodb", region_name="us-east-1")


def test_names_without_any_expression(table: Any) -> None:
    assert message(table.get_item, Key={"id": "my_id"}, ExpressionAttributeNames={}) == (
        "ValidationException", "ExpressionAttributeNames can only be specified when using expressions")


@pytest.mark.parametrize(("expression", "clause"), [
    ("ADD x :one SET a = :a ADD y :one", "ADD"),
    ("SET a = :a SET b = :a", "SET"),
    ("REMOVE #n[0] SET a = :a REMOVE b", "REMOVE"),
])
def test_clause_used_twice(table: Any, expression: str, clause: str) -> None:
    names = {"#n": "user_list"} if "#n" in expression else None
    kwargs: dict[str, Any] = {"ExpressionAttributeValues": {":a": {"name": "Jane"}, ":one": 1}}
    if names:
        kwargs["ExpressionAttributeNames"] = names
    values = kwargs["ExpressionAttributeValues"]
    kwargs["ExpressionAttributeValues"] = {k: v for k, v in values.items() if k in expression}
    assert message(table.update_item, Key={"pk": "the-key"}, UpdateExpression=expression, **kwargs) == (
        "ValidationException",
        f'Invalid UpdateExpression: The "{clause}" section can only be used once in an update expression;')


@pytest.mark.parametrize(("expression", "names", "values"), [
    ("ADD #s :a DELETE #s :d", {"#s": "string_set"}, {":a": {"c"}, ":d": {"a"}}),
    ("ADD #s :a REMOVE #s", {"#s": "string_set.nested"}, {":a": {"c"}}),
    ("REMOVE string_set SET string_set.nested = :h", None, {":h": "H"}),
    ("SET string_set = :h, string_set.nested = :h", None, {":h": "H"}),
    ("SET #a = :h, #b = :h", {"#a": "string_set", "#b": "string_set"}, {":h": "H"}),
])
def test_overlapping_paths(table: Any, expression: str, names: Any, values: Any) -> None:
    kwargs: dict[str, Any] = {"ExpressionAttributeValues": values}
    if names:
        kwargs["ExpressionAttributeNames"] = names
    code, text = message(table.update_item, Key={"pk": "foo"}, UpdateExpression=expression, **kwargs)
    assert code == "ValidationException" and text.startswith(OVERLAP)


def test_overlap_message_shows_resolved_and_split_paths(table: Any) -> None:
    tail = "must remove or rewrite one of these paths; path one: [{0}], path two: [{0}]"
    assert message(table.update_item, Key={"pk": "foo"}, UpdateExpression="SET #s = :h, #s = :h",
                   ExpressionAttributeNames={"#s": "string_set"}, ExpressionAttributeValues={":h": "H"}) == (
        "ValidationException", OVERLAP + " " + tail.format("string_set"))
    assert message(table.update_item, Key={"pk": "foo"},
                   UpdateExpression="SET string_set.nested = :h, string_set.nested = :h",
                   ExpressionAttributeValues={":h": "H"}) == (
        "ValidationException", OVERLAP + " " + tail.format("string_set, nested"))


def test_dotted_name_placeholder_is_one_top_level_attribute(table: Any) -> None:
    table.update_item(Key={"pk": "foo"}, UpdateExpression="SET string_set = :h, #n = :h",
                      ExpressionAttributeNames={"#n": "string_set.nested"}, ExpressionAttributeValues={":h": "H"})
    assert table.get_item(Key={"pk": "foo"})["Item"] == {"pk": "foo", "string_set": "H", "string_set.nested": "H"}


def test_sibling_paths_and_different_sets_do_not_overlap(table: Any) -> None:
    table.put_item(Item={"pk": "1", "name": "test", "nested": {"key1": "v1", "key2": "v2", "key3": "v3"}})
    table.update_item(Key={"pk": "1"}, UpdateExpression="SET #r.#a=:a,#r.#b=:b",
                      ExpressionAttributeNames={"#r": "nested", "#a": "key1", "#b": "key2"},
                      ExpressionAttributeValues={":a": "n1", ":b": "n2"})
    assert table.get_item(Key={"pk": "1"})["Item"]["nested"] == {"key1": "n1", "key2": "n2", "key3": "v3"}
    table.update_item(Key={"pk": "the-key"}, UpdateExpression="ADD #x :a DELETE #y :d",
                      ExpressionAttributeNames={"#x": "ss1", "#y": "ss2"},
                      ExpressionAttributeValues={":a": {"c"}, ":d": {"a"}})
    assert table.get_item(Key={"pk": "the-key"})["Item"] == {"pk": "the-key", "ss1": {"c"}}


def test_unused_name_in_single_item_operations(table: Any) -> None:
    table.put_item(Item={"pk": "pk1", "spec": {}, "am": 0})
    assert message(table.update_item, Key={"pk": "pk1"}, UpdateExpression="SET spec.#limit = :limit",
                   ExpressionAttributeNames={"#count": "count", "#limit": "limit"},
                   ExpressionAttributeValues={":countChange": 1, ":limit": "limit"}) == UNUSED
    assert message(table.update_item, Key={"pk": "pk1"}, UpdateExpression="ADD am :limit",
                   ExpressionAttributeNames={"#count": "count"}, ExpressionAttributeValues={":limit": 2}) == UNUSED
    assert message(table.put_item, Item={"pk": "pk1"}, ConditionExpression="attribute_not_exists(body)",
                   ExpressionAttributeNames={"#count": "count"}) == UNUSED
    assert message(table.get_item, Key={"pk": "x"}, ProjectionExpression="pk",
                   ExpressionAttributeNames={"#count": "count"}) == UNUSED
    assert message(table.delete_item, Key={"pk": "pk1"}, ConditionExpression="attribute_not_exists(body)",
                   ExpressionAttributeNames={"#count": "count"}) == UNUSED
    assert table.get_item(Key={"pk": "pk1"})["Item"] == {"pk": "pk1", "spec": {}, "am": 0}


def test_unused_name_in_reads(table: Any) -> None:
    assert message(table.query, KeyConditionExpression="(#0 = x) AND (begins_with(#1, a))",
                   ExpressionAttributeNames={"#0": "pk", "#1": "sk", "#count": "count"}) == UNUSED
    assert message(table.scan, FilterExpression="#h = :h", ExpressionAttributeNames={"#h": "pk", "#count": "count"},
                   ExpressionAttributeValues={":h": {"S": "hash_value"}}) == UNUSED
    resource = boto3.resource("dynamodb", region_name="us-east-1")
    keys = [{"username": {"S": f"user{i}"}} for i in range(4)]
    assert message(resource.batch_get_item, RequestItems={"users": {
        "Keys": keys, "ConsistentRead": True, "ProjectionExpression": "#rl",
        "ExpressionAttributeNames": {"#rl": "username", "#count": "count"}}}) == UNUSED


def test_unused_name_in_transactions(table: Any, ddb: Any) -> None:
    name = table.name
    names = {"#i": "pk", "#count": "count"}
    put = {"Put": {"TableName": name, "Item": {"pk": {"S": "foo"}, "foo": {"S": "bar"}},
                   "ConditionExpression": "#i <> foo", "ExpressionAttributeNames": names}}
    update = {"Update": {"TableName": name, "Key": {"id": {"S": "foo"}}, "UpdateExpression": "SET #e = test",
                         "ExpressionAttributeNames": {"#e": "email_address", "#count": "count"}}}
    delete = {"Delete": {"TableName": name, "Key": {"pk": {"S": "foo"}, "foo": {"S": "bar"}},
                         "ConditionExpression": "#i <> foo", "ExpressionAttributeNames": names}}
    check = {"ConditionCheck": {"TableName": name, "Key": {"id": {"S": "foo"}},
                                "ConditionExpression": "attribute_exists(#e)",
                                "ExpressionAttributeNames": {"#e": "email_address", "#count": "count"}}}
    other = {"Put": {"TableName": name, "Item": {"id": {"S": "bar"}, "email_address": {"S": "b@x.com"}}}}
    for items in ([put], [update], [delete], [check, other]):
        assert message(ddb.transact_write_items, TransactItems=items) == UNUSED
    assert ddb.scan(TableName=name)["Items"] == []


@pytest.mark.parametrize("read", ["query", "get", "scan"])
def test_duplicate_projection_paths(table: Any, read: str) -> None:
    names = {"#rl": "body", "#rt": "attachment"}
    if read == "query":
        call = lambda: table.query(KeyConditionExpression=Key("pk").eq("the-key"),  # noqa: E731
                                   ProjectionExpression="body, subject, body")
    elif read == "get":
        call = lambda: table.get_item(Key={"pk": "the-key"}, ProjectionExpression="#rl, #rt, subject, subject",  # noqa: E731
                                      ExpressionAttributeNames=names)
    else:
        call = lambda: table.scan(FilterExpression=Key("forum_name").eq("the-key"),  # noqa: E731
                                  ProjectionExpression="#rl, #rt, subject, subject", ExpressionAttributeNames=names)
    code, text = message(call)
    assert code == "ValidationException"
    assert "Invalid ProjectionExpression: " in text
    assert "Two document paths overlap with each other; must remove or rewrite one of these paths" in text


def test_put_empty_sets(table: Any, ddb: Any) -> None:
    # the resource layer serialises an empty Python set as an empty number set
    assert message(table.put_item, Item={"pk": "k", "attr2": {"SS": set()}}) == (
        "ValidationException", "One or more parameter values were invalid: An number set  may not be empty")
    assert message(ddb.put_item, TableName=table.name, Item={"pk": {"S": "foo"}, "stringSet": {"SS": []}}) == (
        "ValidationException", "One or more parameter values were invalid: An string set  may not be empty")
    assert ddb.scan(TableName=table.name)["Items"] == []


FAILED = {"Message": "The conditional request failed", "Code": "ConditionalCheckFailedException"}
OLD = {"pk": {"S": "the-key"}, "body": {"S": "some test msg"}, "subject": {"S": "123"}}


def _failed_write(table: Any, op: str, all_old: bool) -> dict[str, Any]:
    table.put_item(Item={"pk": "the-key", "subject": "123", "body": "some test msg"})
    extra: dict[str, Any] = {"ReturnValuesOnConditionCheckFailure": "ALL_OLD"} if all_old else {}
    with pytest.raises(ClientError) as info:
        if op == "put":
            table.put_item(Item={"pk": "the-key", "bar": "quuz"}, ConditionExpression="attribute_not_exists(body)",
                           **extra)
        elif op == "update":
            table.update_item(Key={"pk": "the-key"}, UpdateExpression="set #lock = :lock",
                              ExpressionAttributeNames={"#lock": "lock"}, ExpressionAttributeValues={":lock": "sth"},
                              ConditionExpression="attribute_exists(#lock)", **extra)
        else:
            table.delete_item(Key={"pk": "the-key"}, ExpressionAttributeNames={"#lock": "lock"},
                              ConditionExpression="attribute_exists(#lock)", **extra)
    return info.value.response


@pytest.mark.parametrize("op", ["put", "update", "delete"])
def test_condition_failure_without_old_item(table: Any, op: str) -> None:
    resp = _failed_write(table, op, all_old=False)
    assert resp["Error"] == FAILED
    assert resp["message"] == "The conditional request failed"
    assert "Item" not in resp


@pytest.mark.parametrize("op", ["put", "update", "delete"])
def test_condition_failure_returns_old_item(table: Any, op: str) -> None:
    resp = _failed_write(table, op, all_old=True)
    assert resp["Error"] == FAILED
    assert "message" not in resp
    assert resp["Item"] == OLD


def test_value_placeholder_without_colon(table: Any) -> None:
    expected = ("ValidationException", 'ExpressionAttributeValues contains invalid key: Syntax error; key: "loc"')
    assert message(table.scan, FilterExpression="attr = loc", ExpressionAttributeValues={"loc": "sth"}) == expected
    assert message(table.query, KeyConditionExpression="attr = loc", ExpressionAttributeValues={"loc": "sth"}) == expected


def test_range_key_given_to_hash_only_table(table: Any, ddb: Any) -> None:
    key = {"pk": {"S": "pk"}, "sk": {"S": "sk"}}
    assert message(ddb.get_item, TableName=table.name, Key=key) == KEY_MISMATCH
    assert message(ddb.delete_item, TableName=table.name, Key=key) == KEY_MISMATCH
    assert message(ddb.update_item, TableName=table.name, Key={"pk": {"S": "x"}, "ReceivedTime": {"S": "t"}},
                   UpdateExpression="set body=:New", ExpressionAttributeValues={":New": {"S": "hello"}}) == KEY_MISMATCH
    assert ddb.scan(TableName=table.name)["Items"] == []
