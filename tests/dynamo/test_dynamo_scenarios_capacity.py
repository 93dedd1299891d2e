"""boto3 scenarios for ConsumedCapacity and provisioned throttling, asserting real DynamoDB's answers.

Index write units follow the ladder measured on AWS (new entry 1, key change 2,
projected attribute 1, untouched 0, identical overwrite 0); provisioned tables
start with a full 300 s burst and throttle with AWS's texts.
"""

from __future__ import annotations

import pytest
from dynamo_helpers import client, gsi, message

TABLE_THROTTLED = ("The level of configured provisioned throughput for the table was exceeded. Consider increasing "
                   "your provisioning level with the UpdateTable API.")
GSI_THROTTLED = ("The level of configured provisioned throughput for one or more global secondary indexes of the "
                 "table was exceeded. Consider increasing your provisioning level for the under-provisioned global "
                 "secondary indexes with the UpdateTable API")


@pytest.fixture
def ddb(aws):
    c = client()
    c.create_table(
        TableName="idx", BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": a, "AttributeType": "S"} for a in ("pk", "sk", "gsiPk", "lsiSk")],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        GlobalSecondaryIndexes=[gsi("gsi-inc", "gsiPk", projection="INCLUDE", non_key=["proj"])],
        LocalSecondaryIndexes=[gsi("lsi1", "pk", "lsiSk")])
    return c


def arms(cc: dict) -> tuple:
    return (cc["CapacityUnits"], cc["Table"]["CapacityUnits"],
            cc.get("GlobalSecondaryIndexes", {}).get("gsi-inc", {}).get("CapacityUnits"),
            cc.get("LocalSecondaryIndexes", {}).get("lsi1", {}).get("CapacityUnits"))


def put(ddb, pk: str, mode: str = "INDEXES", **attrs) -> dict:
    item = {"pk": {"S": pk}, "sk": {"S": "1"}, **{k: {"S": v} for k, v in attrs.items()}}
    return ddb.put_item(TableName="idx", Item=item, ReturnConsumedCapacity=mode)["ConsumedCapacity"]


def test_index_write_units_on_put_and_delete(ddb):
    assert arms(put(ddb, "a", gsiPk="g", proj="p")) == (2, 1, 1, None)
    assert put(ddb, "b", "TOTAL", gsiPk="g", proj="p") == {"TableName": "idx", "CapacityUnits": 2.0}
    assert arms(put(ddb, "c", other="o")) == (1, 1, None, None)
    assert arms(put(ddb, "d", lsiSk="L")) == (2, 1, None, 1)
    assert arms(put(ddb, "e", gsiPk="g", lsiSk="L", proj="p")) == (3, 1, 1, 1)
    assert arms(put(ddb, "e", gsiPk="g", lsiSk="L", proj="p")) == (1, 1, None, None)  # identical overwrite
    out = ddb.delete_item(TableName="idx", Key={"pk": {"S": "e"}, "sk": {"S": "1"}}, ReturnConsumedCapacity="INDEXES")
    assert arms(out["ConsumedCapacity"]) == (3, 1, 1, 1)
    out = ddb.batch_write_item(RequestItems={"idx": [
        {"PutRequest": {"Item": {"pk": {"S": "f"}, "sk": {"S": "1"}, "gsiPk": {"S": "g"}, "proj": {"S": "p"}}}},
        {"PutRequest": {"Item": {"pk": {"S": "h"}, "sk": {"S": "1"}, "other": {"S": "o"}}}}]},
        ReturnConsumedCapacity="INDEXES")
    assert [arms(c) for c in out["ConsumedCapacity"]] == [(3, 2, 1, None)]


@pytest.mark.parametrize(("expr", "values", "expected"), [
    ("SET misc = :v", {":v": {"S": "o2"}}, (2, 1, None, 1)),  # not projected in the GSI
    ("SET proj = :v", {":v": {"S": "p2"}}, (3, 1, 1, 1)),
    ("SET gsiPk = :v", {":v": {"S": "moved"}}, (4, 1, 2, 1)),  # delete + insert
    ("REMOVE gsiPk", None, (3, 1, 1, 1)),
    ("SET lsiSk = :v", {":v": {"S": "L2"}}, (3, 1, None, 2)),
])
def test_index_write_units_on_update(ddb, expr, values, expected):
    put(ddb, "u", gsiPk="g", lsiSk="L", proj="p", misc="o")
    args = dict(TableName="idx", Key={"pk": {"S": "u"}, "sk": {"S": "1"}}, UpdateExpression=expr,
                ReturnConsumedCapacity="INDEXES")
    if values:
        args["ExpressionAttributeValues"] = values
    assert arms(ddb.update_item(**args)["ConsumedCapacity"]) == expected


def test_read_units(ddb):
    put(ddb, "r", filler="x" * 5000)
    out = ddb.get_item(TableName="idx", Key={"pk": {"S": "r"}, "sk": {"S": "1"}}, ReturnConsumedCapacity="TOTAL",
                       ProjectionExpression="pk")
    assert out["ConsumedCapacity"]["CapacityUnits"] == 1.0  # 5 KB: 2 units, halved; projection does not matter
    out = ddb.get_item(TableName="idx", Key={"pk": {"S": "r"}, "sk": {"S": "1"}}, ReturnConsumedCapacity="TOTAL",
                       ConsistentRead=True)
    assert out["ConsumedCapacity"]["CapacityUnits"] == 2.0
    out = ddb.transact_get_items(TransactItems=[{"Get": {"TableName": "idx", "Key": {"pk": {"S": "r"},
                                                                                      "sk": {"S": "1"}}}}],
                                 ReturnConsumedCapacity="TOTAL")
    assert out["ConsumedCapacity"] == [{"TableName": "idx", "CapacityUnits": 4.0, "ReadCapacityUnits": 4.0}]


def test_provisioned_table_throttles_after_its_burst(aws):
    ddb = client(retries=False)  # see throttling as AWS answers it, without SDK retries
    ddb.create_table(TableName="thr", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                     ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1})
    for i in range(300):  # 300 s of 1 WCU
        ddb.put_item(TableName="thr", Item={"pk": {"S": str(i)}})
    assert message(ddb.put_item, TableName="thr", Item={"pk": {"S": "x"}}) == (
        "ProvisionedThroughputExceededException", TABLE_THROTTLED)
    assert message(ddb.batch_write_item, RequestItems={"thr": [{"PutRequest": {"Item": {"pk": {"S": "y"}}}}]}) == (
        "ProvisionedThroughputExceededException", TABLE_THROTTLED)
    aws.clock.advance(2)
    ddb.put_item(TableName="thr", Item={"pk": {"S": "x"}})  # refilled at 1 unit per second


def test_gsi_throttles_only_the_writes_that_touch_it(aws):
    ddb = client(retries=False)  # see throttling as AWS answers it, without SDK retries
    ddb.create_table(TableName="thr", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                           {"AttributeName": "g", "AttributeType": "S"}],
                     ProvisionedThroughput={"ReadCapacityUnits": 100, "WriteCapacityUnits": 100},
                     GlobalSecondaryIndexes=[gsi("gix", "g", ProvisionedThroughput={"ReadCapacityUnits": 1,
                                                                                    "WriteCapacityUnits": 1})])
    for i in range(300):
        ddb.put_item(TableName="thr", Item={"pk": {"S": str(i)}, "g": {"S": "x"}})
    assert message(ddb.put_item, TableName="thr", Item={"pk": {"S": "a"}, "g": {"S": "x"}}) == (
        "ProvisionedThroughputExceededException", GSI_THROTTLED)
    assert "Item" not in ddb.get_item(TableName="thr", Key={"pk": {"S": "a"}})
    ddb.put_item(TableName="thr", Item={"pk": {"S": "b"}})  # no index key: the GSI is not written
    out = ddb.batch_write_item(RequestItems={"thr": [
        {"PutRequest": {"Item": {"pk": {"S": "c"}, "g": {"S": "x"}}}},
        {"PutRequest": {"Item": {"pk": {"S": "d"}}}}]})
    assert out["UnprocessedItems"] == {"thr": [{"PutRequest": {"Item": {"pk": {"S": "c"}, "g": {"S": "x"}}}}]}
    assert "Item" in ddb.get_item(TableName="thr", Key={"pk": {"S": "d"}})


def test_transaction_units_double_only_the_table_arm(aws):
    ddb = client()
    ddb.create_table(TableName="txn", BillingMode="PAY_PER_REQUEST",
                     KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                           {"AttributeName": "g", "AttributeType": "S"}],
                     GlobalSecondaryIndexes=[gsi("gix", "g")])
    out = ddb.transact_write_items(TransactItems=[{"Put": {"TableName": "txn", "Item": {"pk": {"S": "a"},
                                                                                      "g": {"S": "x"}}}}],
                                   ReturnConsumedCapacity="INDEXES")
    assert out["ConsumedCapacity"] == [{"TableName": "txn", "CapacityUnits": 3.0, "WriteCapacityUnits": 3.0,
                                        "Table": {"CapacityUnits": 2.0, "WriteCapacityUnits": 2.0},
                                        "GlobalSecondaryIndexes": {"gix": {"CapacityUnits": 1.0}}}]
    out = ddb.transact_write_items(TransactItems=[{"Update": {
        "TableName": "txn", "Key": {"pk": {"S": "a"}}, "UpdateExpression": "SET g = :v",
        "ExpressionAttributeValues": {":v": {"S": "y"}}}}], ReturnConsumedCapacity="INDEXES")
    cc = out["ConsumedCapacity"][0]
    assert (cc["CapacityUnits"], cc["Table"]["CapacityUnits"], cc["GlobalSecondaryIndexes"]["gix"]["CapacityUnits"]) \
        == (4.0, 2.0, 2.0)
    ddb.put_item(TableName="txn", Item={"pk": {"S": "big"}, "d": {"S": "x" * 3000}})
    out = ddb.transact_write_items(TransactItems=[{"ConditionCheck": {
        "TableName": "txn", "Key": {"pk": {"S": "big"}}, "ConditionExpression": "attribute_exists(pk)"}}],
        ReturnConsumedCapacity="TOTAL")
    assert out["ConsumedCapacity"][0]["CapacityUnits"] == 6.0  # sized on the item it read, 3 KB
    ddb.put_item(TableName="txn", Item={"pk": {"S": "nine"}, "d": {"S": "x" * 9000}})
    delete = [{"Delete": {"TableName": "txn", "Key": {"pk": {"S": "nine"}}}}]
    first = ddb.transact_write_items(ClientRequestToken="tok", TransactItems=delete, ReturnConsumedCapacity="TOTAL")
    assert first["ConsumedCapacity"] == [{"TableName": "txn", "CapacityUnits": 18.0, "WriteCapacityUnits": 18.0}]
    replay = ddb.transact_write_items(ClientRequestToken="tok", TransactItems=delete, ReturnConsumedCapacity="TOTAL")
    assert replay["ConsumedCapacity"] == [{"TableName": "txn", "CapacityUnits": 6.0, "ReadCapacityUnits": 6.0}]

