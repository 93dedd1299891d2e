"""Attribute-name length limits from Alternator's AWS-validated test_limits.py, in our words."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

pytestmark = pytest.mark.usefixtures("aws")

TOO_LONG = "n" * 65536
LONG = TOO_LONG[:-1]


@pytest.fixture
def ts() -> Any:
    return boto3.resource("dynamodb", region_name="us-east-1").create_table(
        TableName="alt_lim", KeySchema=[{"AttributeName": "p", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "p", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST")


def _create(**kwargs: Any) -> Any:
    return boto3.resource("dynamodb", region_name="us-east-1").create_table(
        TableName="alt_lim2", BillingMode="PAY_PER_REQUEST", **kwargs)


def test_non_key_names_up_to_65535_bytes_work_everywhere(ts: Any) -> None:
    ts.put_item(Item={"p": "k", LONG: 1, "another": 2})
    assert ts.get_item(Key={"p": "k"})["Item"] == {"p": "k", LONG: 1, "another": 2}
    assert ts.get_item(Key={"p": "k"}, ProjectionExpression="#n", ExpressionAttributeNames={"#n": LONG})["Item"] == {LONG: 1}
    assert ts.get_item(Key={"p": "k"}, AttributesToGet=[LONG])["Item"] == {LONG: 1}
    ts.update_item(Key={"p": "k"}, AttributeUpdates={LONG: {"Value": 2, "Action": "PUT"}})
    ts.update_item(Key={"p": "k"}, UpdateExpression="SET #n = #n+:v", ExpressionAttributeNames={"#n": LONG},
                   ExpressionAttributeValues={":v": 1})
    ts.update_item(Key={"p": "k"}, UpdateExpression="SET #n = #n+:v", ConditionExpression="#n = :old",
                   ExpressionAttributeNames={"#n": LONG}, ExpressionAttributeValues={":v": 1, ":old": 3})
    assert ts.get_item(Key={"p": "k"})["Item"] == {"p": "k", LONG: 4, "another": 2}


def test_non_key_names_of_65536_bytes_fail_everywhere(ts: Any) -> None:
    calls = [
        lambda: ts.put_item(Item={"p": "k", TOO_LONG: 1}),
        lambda: ts.get_item(Key={"p": "k"}, ProjectionExpression="#n", ExpressionAttributeNames={"#n": TOO_LONG}),
        lambda: ts.get_item(Key={"p": "k"}, AttributesToGet=[TOO_LONG]),
        lambda: ts.update_item(Key={"p": "k"}, AttributeUpdates={TOO_LONG: {"Value": 2, "Action": "PUT"}}),
        lambda: ts.update_item(Key={"p": "k"}, UpdateExpression="SET #n = :v", ExpressionAttributeNames={"#n": TOO_LONG},
                               ExpressionAttributeValues={":v": 3}),
        lambda: ts.update_item(Key={"p": "k"}, UpdateExpression="SET a = :v", ConditionExpression="#n = :v",
                               ExpressionAttributeNames={"#n": TOO_LONG}, ExpressionAttributeValues={":v": 1})]
    for call in calls:
        with pytest.raises(ClientError) as info:
            call()
        assert info.value.response["Error"]["Code"] == "ValidationException"
        assert "65535" in info.value.response["Error"]["Message"] or "65536" in info.value.response["Error"]["Message"]
    assert "Item" not in ts.get_item(Key={"p": "k"})


def test_key_names_up_to_255_work_in_tables_and_indexes() -> None:
    n1, n2, n3, n4 = ("a" * 255, "b" * 255, "c" * 255, "d" * 255)
    table = _create(
        KeySchema=[{"AttributeName": n1, "KeyType": "HASH"}, {"AttributeName": n2, "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": n, "AttributeType": "S"} for n in (n1, n2, n3, n4)],
        GlobalSecondaryIndexes=[{"IndexName": "gsi", "Projection": {"ProjectionType": "ALL"}, "KeySchema": [
            {"AttributeName": n3, "KeyType": "HASH"}, {"AttributeName": n4, "KeyType": "RANGE"}]}],
        LocalSecondaryIndexes=[{"IndexName": "lsi", "Projection": {"ProjectionType": "ALL"}, "KeySchema": [
            {"AttributeName": n1, "KeyType": "HASH"}, {"AttributeName": n4, "KeyType": "RANGE"}]}])
    item = {n1: "hi", n2: "ho", n3: "dog", n4: "cat"}
    table.put_item(Item=item)
    assert table.get_item(Key={n1: "hi", n2: "ho"})["Item"] == item
    got = table.query(IndexName="lsi", KeyConditions={n1: {"AttributeValueList": ["hi"], "ComparisonOperator": "EQ"},
                                                      n4: {"AttributeValueList": ["cat"], "ComparisonOperator": "EQ"}})
    assert got["Items"] == [item]
    got = table.query(IndexName="gsi", KeyConditions={n3: {"AttributeValueList": ["dog"], "ComparisonOperator": "EQ"},
                                                      n4: {"AttributeValueList": ["cat"], "ComparisonOperator": "EQ"}})
    assert got["Items"] == [item]


LONG_KEY = "k" * 256
SHORT = "incoherent-short-name"


@pytest.mark.parametrize(("keys", "defs", "extra"), [
    ([(LONG_KEY, "HASH")], [LONG_KEY], {}),
    ([("x", "HASH"), (LONG_KEY, "RANGE")], [LONG_KEY, "x"], {}),
    ([(LONG_KEY, "HASH")], [SHORT], {}),
    ([(SHORT, "HASH")], [LONG_KEY], {}),
    ([("x", "HASH"), (LONG_KEY, "RANGE")], [SHORT, "x"], {}),
    ([("x", "HASH"), (SHORT, "RANGE")], [LONG_KEY, "x"], {}),
    ([("a", "HASH"), ("b", "RANGE")], ["a", "b", LONG_KEY], {"GlobalSecondaryIndexes": [{
        "IndexName": "gsi", "KeySchema": [{"AttributeName": LONG_KEY, "KeyType": "HASH"}],
        "Projection": {"ProjectionType": "ALL"}}]}),
    ([("a", "HASH"), ("b", "RANGE")], ["a", "b", LONG_KEY], {"LocalSecondaryIndexes": [{
        "IndexName": "lsi", "KeySchema": [{"AttributeName": "a", "KeyType": "HASH"},
                                          {"AttributeName": LONG_KEY, "KeyType": "RANGE"}],
        "Projection": {"ProjectionType": "ALL"}}]}),
    ([("a", "HASH"), ("b", "RANGE")], ["a", "b", LONG_KEY], {"GlobalSecondaryIndexes": [{
        "IndexName": "gsi", "KeySchema": [{"AttributeName": SHORT, "KeyType": "HASH"}],
        "Projection": {"ProjectionType": "ALL"}}]})])
def test_key_names_over_255_fail_before_consistency_checks(keys: list[tuple[str, str]], defs: list[str],
                                                           extra: dict[str, Any]) -> None:
    with pytest.raises(ClientError) as info:
        _create(KeySchema=[{"AttributeName": n, "KeyType": t} for n, t in keys],
                AttributeDefinitions=[{"AttributeName": n, "AttributeType": "S"} for n in defs], **extra)
    assert info.value.response["Error"]["Code"] == "ValidationException"
    msg = info.value.response["Error"]["Message"]
    assert "255" in msg or "256" in msg, msg
