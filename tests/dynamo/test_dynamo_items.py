"""Single-item operations through boto3 and the native Table: keys, limits, conditions, ReturnValues."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from dynamo_helpers import client, error, make_table

from awscore.clock import ManualClock
from awscore.dynamo import Table
from awscore.dynamo.errors import ConditionalCheckFailedException, ValidationException


def key(pk: str, sk: int) -> dict:
    return {"pk": {"S": pk}, "sk": {"N": str(sk)}}


def test_put_get_delete_round_trip(aws):
    ddb = client()
    make_table(ddb)
    item = {**key("a", 1), "n": {"N": "+1e3"}, "s": {"SS": ["b", "a"]}, "m": {"M": {"l": {"L": [{"NULL": True}]}}},
            "b": {"B": b"\x80"}, "e": {"S": ""}}
    ddb.put_item(TableName="tbl", Item=item)
    got = ddb.get_item(TableName="tbl", Key=key("a", 1))["Item"]
    assert got["n"] == {"N": "1000"}
    assert got["s"] == {"SS": ["a", "b"]}
    assert got["m"] == {"M": {"l": {"L": [{"NULL": True}]}}}
    assert got["e"] == {"S": ""}
    assert "Item" not in ddb.get_item(TableName="tbl", Key=key("a", 2))
    # numbers are keys by value: 1e0 is the same item as 1
    assert ddb.get_item(TableName="tbl", Key={"pk": {"S": "a"}, "sk": {"N": "1.0"}})["Item"]["sk"] == {"N": "1"}
    old = ddb.delete_item(TableName="tbl", Key=key("a", 1), ReturnValues="ALL_OLD")["Attributes"]
    assert old["b"] == {"B": b"\x80"}
    assert "Attributes" not in ddb.delete_item(TableName="tbl", Key=key("a", 1), ReturnValues="ALL_OLD")


def test_key_errors(aws):
    ddb = client()
    make_table(ddb)
    err = error(ddb.put_item, TableName="tbl", Item={"pk": {"S": "a"}})
    assert err["Message"] == "One or more parameter values were invalid: Missing the key sk in the item"
    err = error(ddb.put_item, TableName="tbl", Item={"pk": {"N": "1"}, "sk": {"N": "1"}})
    assert err["Message"] == "One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N"
    err = error(ddb.put_item, TableName="tbl", Item={"pk": {"S": ""}, "sk": {"N": "1"}})
    assert err["Message"] == ("One or more parameter values are not valid. The AttributeValue for a key attribute "
                              "cannot contain an empty string value. Key: pk")
    for bad in ({"pk": {"S": "a"}}, {**key("a", 1), "x": {"S": "y"}}, {"pk": {"S": "a"}, "sk": {"S": "1"}}):
        err = error(ddb.get_item, TableName="tbl", Key=bad)
        assert (err["Code"], err["Message"]) == ("ValidationException",
                                                 "The provided key element does not match the schema")
    err = error(ddb.put_item, TableName="tbl", Item={"pk": {"S": "x" * 2049}, "sk": {"N": "1"}})
    assert err["Message"] == ("One or more parameter values were invalid: Size of hashkey has exceeded the "
                              "maximum size limit of2048 bytes")
    err = error(ddb.put_item, TableName="tbl", Item=key("a", 1), ReturnValues="ALL_NEW")
    assert err["Message"] == "ReturnValues can only be ALL_OLD or NONE"
    assert ddb.scan(TableName="tbl")["Count"] == 0


def test_item_size_limit_is_exact(aws):
    ddb = client()
    make_table(ddb, sort=None)
    base = len("pk") + 1 + len("v")  # pk "a", attribute name "v"
    ddb.put_item(TableName="tbl", Item={"pk": {"S": "a"}, "v": {"S": "x" * (409_600 - base)}})
    err = error(ddb.put_item, TableName="tbl", Item={"pk": {"S": "b"}, "v": {"S": "x" * (409_601 - base)}})
    assert err["Message"] == "Item size has exceeded the maximum allowed size"
    assert ddb.describe_table(TableName="tbl")["Table"]["ItemCount"] == 1


def test_conditions_and_return_values_on_failure(aws):
    ddb = client()
    make_table(ddb)
    ddb.put_item(TableName="tbl", Item={**key("a", 1), "v": {"N": "1"}}, ConditionExpression="attribute_not_exists(pk)")
    err = error(ddb.put_item, TableName="tbl", Item=key("a", 1), ConditionExpression="attribute_not_exists(pk)",
                ReturnValuesOnConditionCheckFailure="ALL_OLD")
    assert (err["Code"], err["Message"]) == ("ConditionalCheckFailedException", "The conditional request failed")
    assert err["response"]["Item"] == {**key("a", 1), "v": {"N": "1"}}
    err = error(ddb.delete_item, TableName="tbl", Key=key("a", 1), ConditionExpression="v = :two",
                ExpressionAttributeValues={":two": {"N": "2"}})
    assert "Item" not in err["response"]
    ddb.delete_item(TableName="tbl", Key=key("a", 1), ConditionExpression="v = :one",
                    ExpressionAttributeValues={":one": {"N": "1"}})
    assert ddb.scan(TableName="tbl")["Count"] == 0
    err = error(ddb.put_item, TableName="tbl", Item=key("a", 1), ExpressionAttributeValues={":x": {"S": "y"}})
    assert err["Message"] == ("ExpressionAttributeValues can only be specified when using expressions: "
                              "ConditionExpression is null")


def test_capacity_units(aws):
    ddb = client()
    make_table(ddb)
    out = ddb.put_item(TableName="tbl", Item={**key("a", 1), "v": {"S": "x" * 1500}}, ReturnConsumedCapacity="TOTAL")
    assert out["ConsumedCapacity"] == {"TableName": "tbl", "CapacityUnits": 2.0}
    out = ddb.get_item(TableName="tbl", Key=key("a", 1), ConsistentRead=True, ReturnConsumedCapacity="INDEXES")
    assert out["ConsumedCapacity"] == {"TableName": "tbl", "CapacityUnits": 1.0, "Table": {"CapacityUnits": 1.0}}
    out = ddb.get_item(TableName="tbl", Key=key("zz", 1), ReturnConsumedCapacity="TOTAL")
    assert out["ConsumedCapacity"]["CapacityUnits"] == 0.5
    out = ddb.delete_item(TableName="tbl", Key=key("a", 1), ReturnConsumedCapacity="TOTAL")
    assert out["ConsumedCapacity"]["CapacityUnits"] == 2.0


def test_native_table():
    t = Table("orders", partition_key="customer", sort_key=("n", "N"), clock=ManualClock(0))
    t.put_item({"customer": "ann", "n": 1, "total": 12.5, "tags": {"a", "b"}})
    got = t.get_item({"customer": "ann", "n": 1})
    assert got["total"] == Decimal("12.5") and got["tags"] == {"a", "b"}
    got["total"] = 0  # a copy: the stored item is untouched
    assert t.get_item({"customer": "ann", "n": 1})["total"] == Decimal("12.5")
    with pytest.raises(ConditionalCheckFailedException):
        t.put_item({"customer": "ann", "n": 1}, condition="attribute_not_exists(customer)")
    with pytest.raises(ValidationException):
        t.put_item({"customer": "ann"})
    assert t.delete_item({"customer": "ann", "n": 1}, return_old=True)["customer"] == "ann"
    assert t.get_item({"customer": "ann", "n": 1}) is None
    assert len(t) == 0


def test_concurrent_writers_never_tear():
    t = Table("t", partition_key="pk")
    stop = threading.Event()
    torn = []

    def writer(n: int) -> None:
        for i in range(300):
            t.put_item({"pk": "x", "a": n * 1000 + i, "b": n * 1000 + i})

    def reader() -> None:
        while not stop.is_set():
            item = t.get_item({"pk": "x"})
            if item is not None and item["a"] != item["b"]:
                torn.append(item)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    r = threading.Thread(target=reader)
    r.start()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    stop.set()
    r.join()
    assert not torn
    t.store._check()


def test_concurrent_counters_lose_no_update():
    t = Table("counters", partition_key="pk")

    def bump() -> None:
        for _ in range(200):
            t.update_item({"pk": "c"}, "ADD n :one", values={":one": 1})

    threads = [threading.Thread(target=bump) for _ in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert t.get_item({"pk": "c"})["n"] == 800


def test_update_item_return_values(aws):
    ddb = client()
    make_table(ddb)
    ddb.put_item(TableName="tbl", Item={**key("a", 1), "x": {"N": "1"}, "m": {"M": {"p": {"S": "q"}}}})
    out = ddb.update_item(TableName="tbl", Key=key("a", 1), UpdateExpression="SET x = x + :one, y = :one",
                          ExpressionAttributeValues={":one": {"N": "1"}}, ReturnValues="UPDATED_OLD")
    assert out["Attributes"] == {"x": {"N": "1"}}
    out = ddb.update_item(TableName="tbl", Key=key("a", 1), UpdateExpression="SET m.p = :v",
                          ExpressionAttributeValues={":v": {"S": "r"}}, ReturnValues="UPDATED_NEW")
    assert out["Attributes"] == {"m": {"M": {"p": {"S": "r"}}}}
    out = ddb.update_item(TableName="tbl", Key=key("b", 1), UpdateExpression="SET y = :v",
                          ExpressionAttributeValues={":v": {"S": "r"}}, ReturnValues="ALL_OLD")
    assert "Attributes" not in out
    err = error(ddb.update_item, TableName="tbl", Key=key("a", 1), UpdateExpression="SET sk = :v",
                ExpressionAttributeValues={":v": {"N": "2"}})
    assert err["Message"] == ("One or more parameter values were invalid: Cannot update attribute sk. "
                              "This attribute is part of the key")
    err = error(ddb.update_item, TableName="tbl", Key=key("a", 1), UpdateExpression="SET x = :v",
                ConditionExpression="x = :v", ExpressionAttributeValues={":v": {"N": "100"}},
                ReturnValuesOnConditionCheckFailure="ALL_OLD")
    assert err["Code"] == "ConditionalCheckFailedException" and err["response"]["Item"]["x"] == {"N": "2"}
    out = ddb.update_item(TableName="tbl", Key=key("zz", 1), UpdateExpression="REMOVE y", ReturnValues="ALL_NEW")
    assert "Attributes" not in out
    assert "Item" not in ddb.get_item(TableName="tbl", Key=key("zz", 1))
