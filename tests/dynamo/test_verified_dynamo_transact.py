"""TransactWriteItems cancellations recorded against real AWS (moto's aws_verified transact tests), in our words."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from verified_dynamo_helpers import verified_table

pytestmark = pytest.mark.usefixtures("aws")

FAILED = {"Code": "ConditionalCheckFailed", "Message": "The conditional request failed"}


def _cancelled(ddb: Any, name: str, **extra: Any) -> dict[str, Any]:
    items = [{"Put": {"TableName": name, "Item": {"pk": {"S": f"foo{i}"}, "foo": {"S": "bar"}},
                      "ConditionExpression": "#i <> :i", "ExpressionAttributeNames": {"#i": "pk"},
                      "ExpressionAttributeValues": {":i": {"S": "foo2"}}, **extra}} for i in range(5)]
    with pytest.raises(ClientError) as info:
        ddb.transact_write_items(TransactItems=items)
    return info.value.response


@pytest.mark.parametrize("all_old", [False, True])
def test_one_failed_condition_cancels_every_put(all_old: bool) -> None:
    ddb = boto3.client("dynamodb", region_name="us-east-1")
    name = verified_table()
    ddb.put_item(TableName=name, Item={"pk": {"S": "foo2"}})
    extra = {"ReturnValuesOnConditionCheckFailure": "ALL_OLD"} if all_old else {}
    resp = _cancelled(ddb, name, **extra)
    assert resp["Error"]["Code"] == "TransactionCanceledException"
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 400
    reasons = resp["CancellationReasons"]
    assert len(reasons) == 5
    failed = {**FAILED, "Item": {"pk": {"S": "foo2"}}} if all_old else FAILED
    assert reasons[2] == failed
    assert [r for i, r in enumerate(reasons) if i != 2] == [{"Code": "None"}] * 4
    assert resp["Error"]["Message"] == ("Transaction cancelled, please refer cancellation reasons for specific "
                                        "reasons [None, None, ConditionalCheckFailed, None, None]")
    assert ddb.scan(TableName=name)["Items"] == [{"pk": {"S": "foo2"}}]
