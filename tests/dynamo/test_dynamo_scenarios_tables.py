"""boto3 scenarios for the table control plane, asserting what real DynamoDB returns.

CreateTable / DescribeTable / ListTables / UpdateTable / DeleteTable shapes and
texts, the list_tables paginator, the table_exists / table_not_exists waiters.
"""

from __future__ import annotations

import datetime as dt

import boto3
import pytest
from botocore.config import Config
from dynamo_helpers import client, gsi, make_table, message


@pytest.fixture
def ddb(aws):
    """A boto3 client answered by the ``aws`` fixture's fresh Cloud."""
    return client()


KS = [{"AttributeName": "pk", "KeyType": "HASH"}]
AD = [{"AttributeName": "pk", "AttributeType": "S"}]


def test_create_table_on_demand_description(ddb):
    desc = ddb.create_table(TableName="orders", KeySchema=KS, AttributeDefinitions=AD,
                            BillingMode="PAY_PER_REQUEST")["TableDescription"]
    assert desc["TableStatus"] == "CREATING"
    assert desc["TableName"] == "orders"
    assert desc["TableArn"] == "arn:aws:dynamodb:us-east-1:123456789012:table/orders"
    assert isinstance(desc["TableId"], str) and len(desc["TableId"]) == 36
    assert isinstance(desc["CreationDateTime"], dt.datetime) and desc["CreationDateTime"].tzinfo is not None
    assert desc["ItemCount"] == 0 and desc["TableSizeBytes"] == 0
    assert desc["ProvisionedThroughput"] == {"NumberOfDecreasesToday": 0, "ReadCapacityUnits": 0,
                                             "WriteCapacityUnits": 0}
    assert desc["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert desc["DeletionProtectionEnabled"] is False
    assert "TableClassSummary" not in desc  # only when TableClass was given
    assert "GlobalSecondaryIndexes" not in desc and "LocalSecondaryIndexes" not in desc
    table = ddb.describe_table(TableName="orders")["Table"]
    assert table["TableStatus"] == "ACTIVE"
    assert table["TableId"] == desc["TableId"]


def test_create_table_provisioned_without_billing_mode_has_no_summary(ddb):
    ddb.create_table(TableName="prov", KeySchema=KS, AttributeDefinitions=AD,
                     ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 3})
    table = ddb.describe_table(TableName="prov")["Table"]
    assert "BillingModeSummary" not in table
    assert table["ProvisionedThroughput"] == {"NumberOfDecreasesToday": 0, "ReadCapacityUnits": 5,
                                              "WriteCapacityUnits": 3}


def test_create_table_with_indexes_describes_them(ddb):
    ddb.create_table(
        TableName="idx", BillingMode="PAY_PER_REQUEST",
        KeySchema=KS + [{"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=AD + [{"AttributeName": "sk", "AttributeType": "N"},
                                   {"AttributeName": "g", "AttributeType": "S"},
                                   {"AttributeName": "l", "AttributeType": "S"}],
        GlobalSecondaryIndexes=[gsi("by-g", "g", projection="KEYS_ONLY")],
        LocalSecondaryIndexes=[gsi("by-l", "pk", "l", projection="INCLUDE", non_key=["x"])])
    table = ddb.describe_table(TableName="idx")["Table"]
    [g] = table["GlobalSecondaryIndexes"]
    assert g["IndexName"] == "by-g" and g["IndexStatus"] == "ACTIVE"
    assert g["Projection"] == {"ProjectionType": "KEYS_ONLY"}
    assert g["IndexArn"] == "arn:aws:dynamodb:us-east-1:123456789012:table/idx/index/by-g"
    assert g["IndexSizeBytes"] == 0 and g["ItemCount"] == 0
    assert g["ProvisionedThroughput"]["ReadCapacityUnits"] == 0
    [lsi] = table["LocalSecondaryIndexes"]
    assert lsi["Projection"] == {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["x"]}
    assert "IndexStatus" not in lsi and "ProvisionedThroughput" not in lsi
    assert lsi["IndexArn"].endswith("/index/by-l")


def test_item_count_and_size_follow_writes(ddb):
    make_table(ddb, "cnt", sort=None)
    for i in range(3):
        ddb.put_item(TableName="cnt", Item={"pk": {"S": str(i)}, "g": {"S": "x"}})
    table = ddb.describe_table(TableName="cnt")["Table"]
    assert table["ItemCount"] == 3
    assert table["TableSizeBytes"] == 15  # ("pk" + 1 byte) + ("g" + 1 byte) per item


def test_create_table_errors(ddb):
    make_table(ddb, "dup", sort=None)
    assert message(ddb.create_table, TableName="dup", KeySchema=KS, AttributeDefinitions=AD,
                   BillingMode="PAY_PER_REQUEST") == ("ResourceInUseException", "Table already exists: dup")
    assert message(ddb.create_table, TableName="noPT", KeySchema=KS, AttributeDefinitions=AD) == (
        "ValidationException", "One or more parameter values were invalid: ReadCapacityUnits and "
        "WriteCapacityUnits must both be specified when BillingMode is PROVISIONED")
    assert message(ddb.create_table, TableName="both", KeySchema=KS, AttributeDefinitions=AD,
                   BillingMode="PAY_PER_REQUEST",
                   ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}) == (
        "ValidationException", "One or more parameter values were invalid: Neither ReadCapacityUnits nor "
        "WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST")
    assert message(ddb.create_table, TableName="cls", KeySchema=KS, AttributeDefinitions=AD,
                   BillingMode="PAY_PER_REQUEST", TableClass="standard") == (
        "ValidationException", "Invalid table-class parameter provided. Please try again with a valid "
        "table-class value: [STANDARD, STANDARD_INFREQUENT_ACCESS].")
    code, _ = message(ddb.create_table, TableName="bool", KeySchema=KS, BillingMode="PAY_PER_REQUEST",
                      AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "BOOL"}])
    assert code == "ValidationException"
    assert ddb.list_tables()["TableNames"] == ["dup"]  # nothing half-created


def test_create_table_index_errors(ddb):
    two = AD + [{"AttributeName": "z", "AttributeType": "S"}]
    base = dict(KeySchema=KS, AttributeDefinitions=two, BillingMode="PAY_PER_REQUEST")
    assert message(ddb.create_table, TableName="lsi", **base,
                   LocalSecondaryIndexes=[gsi("lsi", "pk", "z")]) == (
        "ValidationException", "One or more parameter values were invalid: Table KeySchema does not have a "
        "range key, which is required when specifying a LocalSecondaryIndex")
    bad = gsi("gsi", "z")
    bad["Projection"] = {}
    assert message(ddb.create_table, TableName="prj", **base, GlobalSecondaryIndexes=[bad]) == (
        "ValidationException", "One or more parameter values were invalid: Unknown ProjectionType: null")
    assert message(ddb.create_table, TableName="nka", **base,
                   GlobalSecondaryIndexes=[gsi("gsi", "z", projection="KEYS_ONLY", non_key=["a"])]) == (
        "ValidationException", "One or more parameter values were invalid: ProjectionType is KEYS_ONLY, "
        "but NonKeyAttributes is specified")
    assert message(ddb.create_table, TableName="dpl", **base,
                   GlobalSecondaryIndexes=[gsi("gsi", "z"), gsi("gsi", "z")]) == (
        "ValidationException", "One or more parameter values were invalid: Duplicate index name: gsi")
    code, text = message(ddb.create_table, TableName="unused", KeySchema=KS, AttributeDefinitions=two,
                         BillingMode="PAY_PER_REQUEST")
    assert code == "ValidationException" and text.startswith("One or more parameter values were invalid")


def test_describe_and_delete_missing_table(ddb):
    expected = ("ResourceNotFoundException", "Requested resource not found: Table: nope not found")
    assert message(ddb.describe_table, TableName="nope") == expected
    assert message(ddb.delete_table, TableName="nope") == expected
    # data-plane operations use the plain text
    assert message(ddb.get_item, TableName="nope", Key={"pk": {"S": "a"}}) == (
        "ResourceNotFoundException", "Requested resource not found")


def test_bad_table_name_in_data_plane_is_validation(ddb):
    code, text = message(ddb.get_item, TableName="n!", Key={"pk": {"S": "a"}})
    assert code == "ValidationException" and "tableName" in text


def test_list_tables_paging_and_paginator(ddb):
    for name in ["ccc", "aaa", "bbb", "ddd", "eee"]:
        make_table(ddb, name, sort=None)
    assert ddb.list_tables()["TableNames"] == ["aaa", "bbb", "ccc", "ddd", "eee"]
    first = ddb.list_tables(Limit=2)
    assert first == {"TableNames": ["aaa", "bbb"], "LastEvaluatedTableName": "bbb",
                     "ResponseMetadata": first["ResponseMetadata"]}
    assert ddb.list_tables(Limit=2, ExclusiveStartTableName="bbb")["TableNames"] == ["ccc", "ddd"]
    last = ddb.list_tables(ExclusiveStartTableName="ddd")
    assert last["TableNames"] == ["eee"] and "LastEvaluatedTableName" not in last
    full = ddb.list_tables(Limit=2, ExclusiveStartTableName="ccc")  # a full page names its last table
    assert full["TableNames"] == ["ddd", "eee"] and full["LastEvaluatedTableName"] == "eee"
    assert ddb.list_tables(ExclusiveStartTableName="eee")["TableNames"] == []
    pages = ddb.get_paginator("list_tables").paginate(PaginationConfig={"PageSize": 2})
    assert [p["TableNames"] for p in pages] == [["aaa", "bbb"], ["ccc", "ddd"], ["eee"]]


def test_waiters(ddb):
    make_table(ddb, "waited", sort=None)
    ddb.get_waiter("table_exists").wait(TableName="waited", WaiterConfig={"Delay": 0, "MaxAttempts": 2})
    desc = ddb.delete_table(TableName="waited")["TableDescription"]
    assert desc["TableStatus"] == "DELETING"
    assert "GlobalSecondaryIndexes" not in desc
    ddb.get_waiter("table_not_exists").wait(TableName="waited", WaiterConfig={"Delay": 0, "MaxAttempts": 2})
    assert ddb.list_tables()["TableNames"] == []


def test_update_table_provisioned_throughput(ddb):
    ddb.create_table(TableName="thr", KeySchema=KS, AttributeDefinitions=AD,
                     ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5})
    desc = ddb.update_table(TableName="thr", ProvisionedThroughput={"ReadCapacityUnits": 3,
                                                                  "WriteCapacityUnits": 5})["TableDescription"]
    assert desc["TableStatus"] == "UPDATING"
    table = ddb.describe_table(TableName="thr")["Table"]
    assert table["TableStatus"] == "ACTIVE"
    pt = table["ProvisionedThroughput"]
    assert (pt["ReadCapacityUnits"], pt["WriteCapacityUnits"], pt["NumberOfDecreasesToday"]) == (3, 5, 1)
    assert isinstance(pt["LastDecreaseDateTime"], dt.datetime)
    code, text = message(ddb.update_table, TableName="thr",
                         ProvisionedThroughput={"ReadCapacityUnits": 3, "WriteCapacityUnits": 5})
    assert code == "ValidationException"
    assert text.startswith("The provisioned throughput for the table will not change.")


def test_switch_billing_mode(ddb):
    ddb.create_table(TableName="swi", KeySchema=KS, AttributeDefinitions=AD,
                     ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5})
    ddb.update_table(TableName="swi", BillingMode="PAY_PER_REQUEST")
    table = ddb.describe_table(TableName="swi")["Table"]
    assert table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert isinstance(table["BillingModeSummary"]["LastUpdateToPayPerRequestDateTime"], dt.datetime)
    assert table["ProvisionedThroughput"]["ReadCapacityUnits"] == 0


def test_table_class_and_deletion_protection(ddb, aws):
    make_table(ddb, "prot", sort=None)
    code, text = message(ddb.update_table, TableName="prot", TableClass="STANDARD_INFREQUENT_ACCESS",
                         BillingMode="PAY_PER_REQUEST")
    assert code == "ValidationException" and "TableClass modification must be the only operation" in text
    ddb.update_table(TableName="prot", TableClass="STANDARD_INFREQUENT_ACCESS")
    table = ddb.describe_table(TableName="prot")["Table"]
    assert table["TableClassSummary"]["TableClass"] == "STANDARD_INFREQUENT_ACCESS"
    ddb.update_table(TableName="prot", DeletionProtectionEnabled=True)
    assert ddb.describe_table(TableName="prot")["Table"]["DeletionProtectionEnabled"] is True
    assert message(ddb.delete_table, TableName="prot") == (
        "ValidationException", "Resource cannot be deleted as it is currently protected against deletion. "
        "Disable deletion protection first.")
    # AWS throttles a second change within 15 s: botocore's legacy retry mode (about 25 s of
    # backoff) waits it out, the standard mode (the default from botocore 1.44, about 1.5 s) does not
    aws.clock.advance(15)
    ddb.update_table(TableName="prot", DeletionProtectionEnabled=False)
    ddb.delete_table(TableName="prot")


def test_deletion_protection_cooldown_seen_without_retries(aws):
    impatient = boto3.client("dynamodb", region_name="us-east-1", config=Config(retries={"total_max_attempts": 1}))
    make_table(impatient, "cool", sort=None)
    impatient.update_table(TableName="cool", DeletionProtectionEnabled=True)
    code, text = message(impatient.update_table, TableName="cool", DeletionProtectionEnabled=False)
    assert code == "ThrottlingException"
    assert text.startswith("Deletion protection setting for table cool modified within the previous 15000 "
                           "milliseconds. Please try again after ")
    assert not text.endswith("Z")
    standard = boto3.client("dynamodb", region_name="us-east-1", config=Config(retries={"mode": "standard"}))
    assert message(standard.update_table, TableName="cool", DeletionProtectionEnabled=False)[0] == \
        "ThrottlingException"  # standard mode gives up after about 3 s
    aws.clock.advance(15)
    impatient.update_table(TableName="cool", DeletionProtectionEnabled=False)


def test_gsi_added_and_removed_by_update_table(ddb):
    make_table(ddb, "gsis", sort=None)
    for i in range(3):
        ddb.put_item(TableName="gsis", Item={"pk": {"S": str(i)}, "g": {"S": "x" if i else "y"}})
    desc = ddb.update_table(
        TableName="gsis", AttributeDefinitions=[{"AttributeName": "g", "AttributeType": "S"}],
        GlobalSecondaryIndexUpdates=[{"Create": gsi("by-g", "g")}])["TableDescription"]
    assert desc["TableStatus"] == "UPDATING"
    assert desc["GlobalSecondaryIndexes"][0]["IndexStatus"] == "CREATING"
    index = ddb.describe_table(TableName="gsis")["Table"]["GlobalSecondaryIndexes"][0]
    assert index["IndexStatus"] == "ACTIVE" and index["ItemCount"] == 3  # backfilled
    out = ddb.query(TableName="gsis", IndexName="by-g", KeyConditionExpression="g = :g",
                    ExpressionAttributeValues={":g": {"S": "x"}})
    assert out["Count"] == 2
    ddb.update_table(TableName="gsis", GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "by-g"}}])
    assert "GlobalSecondaryIndexes" not in ddb.describe_table(TableName="gsis")["Table"]
    code, text = message(ddb.query, TableName="gsis", IndexName="by-g", KeyConditionExpression="g = :g",
                         ExpressionAttributeValues={":g": {"S": "x"}})
    assert (code, text) == ("ValidationException", "The table does not have the specified index: by-g")


def test_tags_round_trip(ddb):
    make_table(ddb, "tagged", sort=None)
    arn = ddb.describe_table(TableName="tagged")["Table"]["TableArn"]
    ddb.tag_resource(ResourceArn=arn, Tags=[{"Key": "team", "Value": "data"}])
    assert ddb.list_tags_of_resource(ResourceArn=arn)["Tags"] == [{"Key": "team", "Value": "data"}]
    ddb.untag_resource(ResourceArn=arn, TagKeys=["team"])
    assert ddb.list_tags_of_resource(ResourceArn=arn)["Tags"] == []


def test_time_to_live_description(ddb):
    make_table(ddb, "ttl", sort=None)
    assert ddb.describe_time_to_live(TableName="ttl")["TimeToLiveDescription"] == {"TimeToLiveStatus": "DISABLED"}
    spec = {"AttributeName": "exp", "Enabled": True}
    assert ddb.update_time_to_live(TableName="ttl", TimeToLiveSpecification=spec)["TimeToLiveSpecification"] == spec
    assert ddb.describe_time_to_live(TableName="ttl")["TimeToLiveDescription"] == {
        "TimeToLiveStatus": "ENABLED", "AttributeName": "exp"}
    code, text = message(ddb.update_time_to_live, TableName="ttl", TimeToLiveSpecification=spec)
    assert code == "ValidationException" and "already enabled" in text
    assert message(ddb.describe_time_to_live, TableName="nope")[0] == "ResourceNotFoundException"


def test_continuous_backups_of_new_and_missing_tables(ddb):
    make_table(ddb, "pitr", sort=None)
    assert ddb.describe_continuous_backups(TableName="pitr")["ContinuousBackupsDescription"] == {
        "ContinuousBackupsStatus": "DISABLED",
        "PointInTimeRecoveryDescription": {"PointInTimeRecoveryStatus": "DISABLED"}}
    assert message(ddb.describe_continuous_backups, TableName="nope")[0] == "TableNotFoundException"


def test_warm_throughput_follows_billing(ddb):
    created = ddb.create_table(TableName="warm", KeySchema=KS, AttributeDefinitions=AD,
                               ProvisionedThroughput={"ReadCapacityUnits": 2, "WriteCapacityUnits": 2})
    assert "WarmThroughput" not in created["TableDescription"]  # CreateTable answers without it
    warm = ddb.describe_table(TableName="warm")["Table"]["WarmThroughput"]
    assert warm == {"ReadUnitsPerSecond": 2, "WriteUnitsPerSecond": 2, "Status": "ACTIVE"}
    ddb.update_table(TableName="warm", ProvisionedThroughput={"ReadCapacityUnits": 3, "WriteCapacityUnits": 3})
    ddb.update_table(TableName="warm", ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1})
    warm = ddb.describe_table(TableName="warm")["Table"]["WarmThroughput"]
    assert (warm["ReadUnitsPerSecond"], warm["WriteUnitsPerSecond"]) == (3, 3)  # never lowered
    make_table(ddb, "warmppr", sort=None)
    warm = ddb.describe_table(TableName="warmppr")["Table"]["WarmThroughput"]
    assert warm == {"ReadUnitsPerSecond": 12000, "WriteUnitsPerSecond": 4000, "Status": "ACTIVE"}


def test_update_table_answers_with_old_throughput(ddb):
    ddb.create_table(TableName="echo", KeySchema=KS, AttributeDefinitions=AD,
                     ProvisionedThroughput={"ReadCapacityUnits": 2, "WriteCapacityUnits": 2})
    desc = ddb.update_table(TableName="echo", ProvisionedThroughput={"ReadCapacityUnits": 3,
                                                                    "WriteCapacityUnits": 3})["TableDescription"]
    assert desc["TableStatus"] == "UPDATING"
    assert (desc["ProvisionedThroughput"]["ReadCapacityUnits"], desc["ProvisionedThroughput"]["WriteCapacityUnits"]) \
        == (2, 2)
    pt = ddb.describe_table(TableName="echo")["Table"]["ProvisionedThroughput"]
    assert (pt["ReadCapacityUnits"], pt["WriteCapacityUnits"]) == (3, 3)
    assert isinstance(pt["LastIncreaseDateTime"], dt.datetime)
    desc = ddb.update_table(TableName="echo", BillingMode="PAY_PER_REQUEST")["TableDescription"]
    assert desc["BillingModeSummary"] == {"BillingMode": "PAY_PER_REQUEST"}
    summary = ddb.describe_table(TableName="echo")["Table"]["BillingModeSummary"]
    assert isinstance(summary["LastUpdateToPayPerRequestDateTime"], dt.datetime)
    ddb.update_table(TableName="echo", BillingMode="PROVISIONED",
                     ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1})
    summary = ddb.describe_table(TableName="echo")["Table"]["BillingModeSummary"]
    assert summary["BillingMode"] == "PROVISIONED" and "LastUpdateToPayPerRequestDateTime" in summary


def test_update_table_refusals(ddb):
    ddb.create_table(TableName="refuse", KeySchema=KS, AttributeDefinitions=AD,
                     ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1})
    assert message(ddb.update_table, TableName="refuse", BillingMode="PROVISIONED") == (
        "ValidationException", "One or more parameter values were invalid: ProvisionedThroughput must be "
        "specified when BillingMode is PROVISIONED")
    assert message(ddb.update_table, TableName="refuse", SSESpecification={"Enabled": False}) == (
        "ValidationException", "One or more parameter values were invalid: Table is already encrypted by default")
    assert message(ddb.update_table, TableName="refuse", DeletionProtectionEnabled=True,
                   BillingMode="PAY_PER_REQUEST") == (
        "ValidationException", "One or more parameter values were invalid: DeletionProtection modification "
        "must be the only operation in the request")


def test_key_schema_texts(ddb):
    defs = [{"AttributeName": a, "AttributeType": "S"} for a in ("pk", "sk", "extra")]
    three = KS + [{"AttributeName": "sk", "KeyType": "RANGE"}, {"AttributeName": "extra", "KeyType": "RANGE"}]
    assert message(ddb.create_table, TableName="three", AttributeDefinitions=defs, KeySchema=three,
                   BillingMode="PAY_PER_REQUEST") == (
        "ValidationException", "1 validation error detected: Value '[KeySchemaElement(attributeName=pk, "
        "keyType=HASH), KeySchemaElement(attributeName=sk, keyType=RANGE), KeySchemaElement(attributeName=extra, "
        "keyType=RANGE)]' at 'keySchema' failed to satisfy constraint: Member must have length less than or equal "
        "to 2")
    assert message(ddb.create_table, TableName="dupkey", AttributeDefinitions=AD, BillingMode="PAY_PER_REQUEST",
                   KeySchema=KS + [{"AttributeName": "pk", "KeyType": "RANGE"}]) == (
        "ValidationException", "Invalid KeySchema: Some index key attribute have no definition")
    assert message(ddb.create_table, TableName="badtype", KeySchema=KS, BillingMode="PAY_PER_REQUEST",
                   AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "INVALID"}]) == (
        "ValidationException", "1 validation error detected: Value 'INVALID' at 'attributeDefinitions.1.member."
        "attributeType' failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]")
    assert message(ddb.create_table, TableName="badkt", AttributeDefinitions=AD, BillingMode="PAY_PER_REQUEST",
                   KeySchema=[{"AttributeName": "pk", "KeyType": "INVALID"}]) == (
        "ValidationException", "1 validation error detected: Value 'INVALID' at 'keySchema.1.member.keyType' failed "
        "to satisfy constraint: Member must satisfy enum value set: [HASH, RANGE]")
    assert message(ddb.create_table, TableName="strm", KeySchema=KS, AttributeDefinitions=AD,
                   BillingMode="PAY_PER_REQUEST",
                   StreamSpecification={"StreamEnabled": False, "StreamViewType": "NEW_AND_OLD_IMAGES"}) == (
        "ValidationException", "One or more parameter values were invalid: Table is being created with a stream "
        "disabled, UpdateViewType should not be specified")
    assert message(ddb.create_table, TableName="inc", KeySchema=KS, BillingMode="PAY_PER_REQUEST",
                   AttributeDefinitions=AD + [{"AttributeName": "g", "AttributeType": "S"}],
                   GlobalSecondaryIndexes=[gsi("gix", "g", projection="INCLUDE")]) == (
        "ValidationException", "One or more parameter values were invalid: ProjectionType is INCLUDE, but "
        "NonKeyAttributes is not specified")
    assert ddb.list_tables()["TableNames"] == []
