"""Legacy parameters (Expected, AttributeUpdates, AttributesToGet, KeyConditions, Query/ScanFilter) end to end."""

from __future__ import annotations

from dynamo_helpers import client, error, make_table


def k(pk, sk=1):
    return {"pk": {"S": pk}, "sk": {"N": str(sk)}}


def test_legacy_writes_and_reads(aws):
    ddb = client()
    make_table(ddb)
    ddb.put_item(TableName="tbl", Item={**k("a"), "v": {"N": "1"}, "w": {"S": "x"}},
                 Expected={"pk": {"Exists": False}})
    err = error(ddb.put_item, TableName="tbl", Item=k("a"), Expected={"pk": {"Exists": False}})
    assert err["Code"] == "ConditionalCheckFailedException"
    out = ddb.update_item(TableName="tbl", Key=k("a"), ReturnValues="ALL_NEW",
                          AttributeUpdates={"v": {"Action": "ADD", "Value": {"N": "2"}},
                                            "w": {"Action": "DELETE"}})
    assert out["Attributes"] == {**k("a"), "v": {"N": "3"}}
    assert ddb.get_item(TableName="tbl", Key=k("a"), AttributesToGet=["v"])["Item"] == {"v": {"N": "3"}}
    for i in range(2, 6):
        ddb.put_item(TableName="tbl", Item={**k("a", i), "v": {"N": str(i)}})
    out = ddb.query(TableName="tbl", KeyConditions={
        "pk": {"AttributeValueList": [{"S": "a"}], "ComparisonOperator": "EQ"},
        "sk": {"AttributeValueList": [{"N": "2"}], "ComparisonOperator": "GT"}},
        QueryFilter={"v": {"AttributeValueList": [{"N": "4"}], "ComparisonOperator": "LE"}})
    assert [i["sk"]["N"] for i in out["Items"]] == ["3", "4"] and out["ScannedCount"] == 3
    out = ddb.scan(TableName="tbl", ScanFilter={"v": {"AttributeValueList": [{"N": "5"}], "ComparisonOperator": "EQ"}})
    assert out["Count"] == 1


def test_mixing_is_refused(aws):
    ddb = client()
    make_table(ddb)
    err = error(ddb.get_item, TableName="tbl", Key=k("a"), AttributesToGet=["v"], ProjectionExpression="v")
    assert err["Message"] == ("Can not use both expression and non-expression parameters in the same request: "
                              "Non-expression parameters: {AttributesToGet} Expression parameters: "
                              "{ProjectionExpression}")
    err = error(ddb.get_item, TableName="tbl", Key=k("a"), ExpressionAttributeNames={"#a": "a"})
    assert err["Message"] == "ExpressionAttributeNames can only be specified when using expressions"
