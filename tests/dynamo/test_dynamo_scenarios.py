"""boto3 scenarios written once, run against awscore and (optionally) moto.

Set ``AWSCORE_SCENARIOS_MOTO=1`` to also run them under moto's ``mock_aws``;
known moto differences are marked. The default run needs nothing but awscore.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import boto3
import pytest
from botocore.exceptions import ClientError

TARGETS = ["awscore"] + (["moto"] if os.environ.get("AWSCORE_SCENARIOS_MOTO") else [])


@contextmanager
def target(name: str) -> Iterator[None]:
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
    if name == "moto":
        from moto import mock_aws
    else:
        from awscore import Cloud
        from awscore.clock import ManualClock
        from awscore.mock import mock_aws as awscore_mock

        def mock_aws():  # noqa: ANN202
            return awscore_mock(cloud=Cloud(clock=ManualClock(1_700_000_000)))
    with mock_aws():
        yield


@pytest.fixture(params=TARGETS)
def ddb(request):
    with target(request.param):
        client = boto3.client("dynamodb", region_name="us-east-1")
        client.create_table(
            TableName="scenario", BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                  {"AttributeName": "sk", "AttributeType": "N"}])
        yield client


def code(call, **kwargs) -> str:
    with pytest.raises(ClientError) as info:
        call(**kwargs)
    return info.value.response["Error"]["Code"]


def test_round_trip_and_number_canonical_form(ddb, request):
    if request.node.callspec.params["ddb"] == "moto":
        pytest.xfail("known moto difference: numbers are returned as sent, not in AWS's canonical form")
    ddb.put_item(TableName="scenario", Item={"pk": {"S": "a"}, "sk": {"N": "01.50"}, "n": {"N": "1e2"}})
    item = ddb.get_item(TableName="scenario", Key={"pk": {"S": "a"}, "sk": {"N": "1.5"}})["Item"]
    assert item == {"pk": {"S": "a"}, "sk": {"N": "1.5"}, "n": {"N": "100"}}


def test_conditional_put_and_query_paging(ddb):
    for i in range(7):
        ddb.put_item(TableName="scenario", Item={"pk": {"S": "p"}, "sk": {"N": str(i)}})
    assert code(ddb.put_item, TableName="scenario", Item={"pk": {"S": "p"}, "sk": {"N": "1"}},
                ConditionExpression="attribute_not_exists(pk)") == "ConditionalCheckFailedException"
    keys, start = [], None
    while True:
        page = ddb.query(TableName="scenario", KeyConditionExpression="pk = :p", Limit=3, ScanIndexForward=False,
                         ExpressionAttributeValues={":p": {"S": "p"}}, **({"ExclusiveStartKey": start} if start else {}))
        keys += [int(i["sk"]["N"]) for i in page["Items"]]
        start = page.get("LastEvaluatedKey")
        if not start:
            break
    assert keys == [6, 5, 4, 3, 2, 1, 0]


def test_transaction_cancellation_reasons(ddb):
    ddb.put_item(TableName="scenario", Item={"pk": {"S": "x"}, "sk": {"N": "1"}})
    with pytest.raises(ClientError) as info:
        ddb.transact_write_items(TransactItems=[
            {"Put": {"TableName": "scenario", "Item": {"pk": {"S": "y"}, "sk": {"N": "1"}}}},
            {"ConditionCheck": {"TableName": "scenario", "Key": {"pk": {"S": "x"}, "sk": {"N": "1"}},
                                "ConditionExpression": "attribute_not_exists(pk)"}}])
    err = info.value.response
    assert err["Error"]["Code"] == "TransactionCanceledException"
    assert [r["Code"] for r in err["CancellationReasons"]] == ["None", "ConditionalCheckFailed"]
    assert "Item" not in ddb.get_item(TableName="scenario", Key={"pk": {"S": "y"}, "sk": {"N": "1"}})


def test_batch_write_duplicates_refused(ddb):
    item = {"PutRequest": {"Item": {"pk": {"S": "d"}, "sk": {"N": "1"}}}}
    assert code(ddb.batch_write_item, RequestItems={"scenario": [item, item]}) == "ValidationException"
