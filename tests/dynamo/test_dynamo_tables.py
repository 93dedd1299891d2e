"""Control plane: CreateTable / DescribeTable / ListTables / UpdateTable / DeleteTable, tags, TTL settings."""

from __future__ import annotations

import datetime

import boto3
from dynamo_helpers import client, error, make_table

KEYS = [{"AttributeName": "pk", "KeyType": "HASH"}]
ATTRS = [{"AttributeName": "pk", "AttributeType": "S"}]


def test_create_describe_delete(aws):
    ddb = client()
    make_table(ddb, "orders")
    desc = ddb.describe_table(TableName="orders")["Table"]
    assert desc["TableStatus"] == "ACTIVE"
    assert desc["TableArn"] == "arn:aws:dynamodb:us-east-1:123456789012:table/orders"
    assert desc["KeySchema"][1] == {"AttributeName": "sk", "KeyType": "RANGE"}
    assert desc["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert desc["ProvisionedThroughput"]["ReadCapacityUnits"] == 0
    assert desc["DeletionProtectionEnabled"] is False
    assert "TableClassSummary" not in desc
    assert isinstance(desc["CreationDateTime"], datetime.datetime)
    gone = ddb.delete_table(TableName="orders")["TableDescription"]
    assert gone["TableStatus"] == "DELETING"
    err = error(ddb.describe_table, TableName="orders")
    assert err["Code"] == "ResourceNotFoundException"
    assert err["Message"] == "Requested resource not found: Table: orders not found"


def test_duplicate_and_missing(aws):
    ddb = client()
    make_table(ddb)
    err = error(make_table, ddb)
    assert (err["Code"], err["Message"]) == ("ResourceInUseException", "Table already exists: tbl")
    err = error(ddb.get_item, TableName="nope", Key={"pk": {"S": "a"}})
    assert (err["Code"], err["Message"]) == ("ResourceNotFoundException", "Requested resource not found")


def test_billing_mode_rules(aws):
    ddb = client()
    err = error(ddb.create_table, TableName="ppp", KeySchema=KEYS, AttributeDefinitions=ATTRS)
    assert err["Message"] == ("One or more parameter values were invalid: ReadCapacityUnits and "
                              "WriteCapacityUnits must both be specified when BillingMode is PROVISIONED")
    err = error(ddb.create_table, TableName="ppp", KeySchema=KEYS, AttributeDefinitions=ATTRS,
                BillingMode="PAY_PER_REQUEST",
                ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1})
    assert "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified" in err["Message"]
    ddb.create_table(TableName="ppp", KeySchema=KEYS, AttributeDefinitions=ATTRS,
                     ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 7})
    desc = ddb.describe_table(TableName="ppp")["Table"]
    assert desc["ProvisionedThroughput"]["WriteCapacityUnits"] == 7
    assert "BillingModeSummary" not in desc
    ddb.update_table(TableName="ppp", BillingMode="PAY_PER_REQUEST")
    assert ddb.describe_table(TableName="ppp")["Table"]["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"


def test_attribute_definitions_checked(aws):
    ddb = client()
    err = error(ddb.create_table, TableName="xxx", KeySchema=KEYS, BillingMode="PAY_PER_REQUEST",
                AttributeDefinitions=ATTRS + [{"AttributeName": "other", "AttributeType": "S"}])
    assert err["Code"] == "ValidationException"
    assert "Number of attributes in KeySchema does not exactly match" in err["Message"]
    err = error(ddb.create_table, TableName="xxx", KeySchema=KEYS, BillingMode="PAY_PER_REQUEST",
                AttributeDefinitions=[{"AttributeName": "zz", "AttributeType": "S"}])
    assert "Some index key attributes are not defined in AttributeDefinitions" in err["Message"]
    err = error(ddb.create_table, TableName="xxx", BillingMode="PAY_PER_REQUEST",
                KeySchema=[{"AttributeName": "pk", "KeyType": "RANGE"}], AttributeDefinitions=ATTRS)
    assert err["Message"] == "Invalid KeySchema: The first KeySchemaElement is not a HASH key type"
    assert ddb.list_tables()["TableNames"] == []


def test_list_tables_paginates(aws):
    ddb = client()
    for name in ["ccc", "aaa", "bbb", "ddd", "eee"]:
        make_table(ddb, name, sort=None)
    page = ddb.list_tables(Limit=2)
    assert page == {**page, "TableNames": ["aaa", "bbb"], "LastEvaluatedTableName": "bbb"}
    page = ddb.list_tables(Limit=4, ExclusiveStartTableName="bbb")
    assert page["TableNames"] == ["ccc", "ddd", "eee"]
    assert "LastEvaluatedTableName" not in page
    names = [n for p in ddb.get_paginator("list_tables").paginate(PaginationConfig={"PageSize": 2})
             for n in p["TableNames"]]
    assert names == ["aaa", "bbb", "ccc", "ddd", "eee"]


def test_status_delay_on_the_clock(aws):
    db = aws.backend("dynamodb")
    db.status_delay = 30
    ddb = client()
    make_table(ddb)
    assert ddb.describe_table(TableName="tbl")["Table"]["TableStatus"] == "CREATING"
    assert error(ddb.put_item, TableName="tbl", Item={"pk": {"S": "a"}, "sk": {"N": "1"}})["Code"] == \
        "ResourceNotFoundException"
    err = error(ddb.update_table, TableName="tbl", DeletionProtectionEnabled=True)
    assert err["Message"] == "Attempt to change a resource which is still in use: Table is being created: tbl"
    aws.clock.advance(30)
    assert ddb.describe_table(TableName="tbl")["Table"]["TableStatus"] == "ACTIVE"
    ddb.delete_table(TableName="tbl")
    assert ddb.describe_table(TableName="tbl")["Table"]["TableStatus"] == "DELETING"
    aws.clock.advance(30)
    assert error(ddb.describe_table, TableName="tbl")["Code"] == "ResourceNotFoundException"


def test_deletion_protection_and_table_class(aws):
    ddb = client()
    make_table(ddb, DeletionProtectionEnabled=True, TableClass="STANDARD")
    desc = ddb.describe_table(TableName="tbl")["Table"]
    assert desc["DeletionProtectionEnabled"] is True
    assert desc["TableClassSummary"] == {"TableClass": "STANDARD"}
    err = error(ddb.delete_table, TableName="tbl")
    assert (err["Code"], err["Message"]) == (
        "ValidationException",
        "Resource cannot be deleted as it is currently protected against deletion. "
        "Disable deletion protection first.")
    err = error(ddb.update_table, TableName="tbl", TableClass="GLACIER")
    assert err["Message"] == ("Invalid table-class parameter provided. Please try again with a valid "
                              "table-class value: [STANDARD, STANDARD_INFREQUENT_ACCESS].")
    ddb.update_table(TableName="tbl", TableClass="STANDARD_INFREQUENT_ACCESS")
    summary = ddb.describe_table(TableName="tbl")["Table"]["TableClassSummary"]
    assert summary["TableClass"] == "STANDARD_INFREQUENT_ACCESS" and "LastUpdateDateTime" in summary
    ddb.update_table(TableName="tbl", DeletionProtectionEnabled=False)
    ddb.delete_table(TableName="tbl")


def test_tags(aws):
    ddb = client()
    make_table(ddb, Tags=[{"Key": "team", "Value": "data"}])
    arn = ddb.describe_table(TableName="tbl")["Table"]["TableArn"]
    ddb.tag_resource(ResourceArn=arn, Tags=[{"Key": "env", "Value": "dev"}])
    assert ddb.list_tags_of_resource(ResourceArn=arn)["Tags"] == [
        {"Key": "team", "Value": "data"}, {"Key": "env", "Value": "dev"}]
    ddb.untag_resource(ResourceArn=arn, TagKeys=["team"])
    assert ddb.list_tags_of_resource(ResourceArn=arn)["Tags"] == [{"Key": "env", "Value": "dev"}]


def test_streams_fail_loudly(aws):
    ddb = client()
    err = error(make_table, ddb, StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})
    assert err["Code"] == "NotImplemented"


def test_resource_and_regions_are_separate(aws):
    make_table(client())
    other = boto3.client("dynamodb", region_name="eu-west-1")
    assert other.list_tables()["TableNames"] == []
    table = boto3.resource("dynamodb", region_name="us-east-1").Table("tbl")
    assert table.table_status == "ACTIVE"


def test_table_names_are_validated_and_arns_accepted(aws):
    ddb = client()
    err = error(ddb.create_table, TableName="a b", KeySchema=KEYS, AttributeDefinitions=ATTRS,
                BillingMode="PAY_PER_REQUEST")
    assert err["Code"] == "ValidationException" and "'tableName'" in err["Message"]
    err = error(ddb.get_item, TableName="xy", Key={"pk": {"S": "a"}})
    assert err["Code"] == "ValidationException" and "length greater than or equal to 3" in err["Message"]
    make_table(ddb, "orders", sort=None)
    arn = "arn:aws:dynamodb:us-east-1:123456789012:table/orders"
    ddb.put_item(TableName=arn, Item={"pk": {"S": "a"}})
    assert ddb.describe_table(TableName=arn)["Table"]["ItemCount"] == 1


def test_update_table_rules(aws):
    ddb = client()
    ddb.create_table(TableName="ppp", KeySchema=KEYS, AttributeDefinitions=ATTRS,
                     ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5})
    err = error(ddb.update_table, TableName="ppp")
    assert err["Message"] == (
        "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates, "
        "SSESpecification, ReplicaUpdates, MultiAccountReplicaReady, ReplicaTransitRoleArn, MultiRegionConsistency, "
        "DeletionProtectionEnabled, OnDemandThroughput, WarmThroughput or TableClass is required")
    err = error(ddb.update_table, TableName="ppp",
                ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5})
    assert err["Message"].startswith("The provisioned throughput for the table will not change.")
    err = error(ddb.update_table, TableName="ppp", TableClass="STANDARD", DeletionProtectionEnabled=True)
    assert err["Message"] == ("One or more parameter values were invalid: TableClass modification must be the "
                              "only operation in the request")
    err = error(ddb.update_table, TableName="ppp", SSESpecification={"Enabled": True}, DeletionProtectionEnabled=True)
    assert err["Message"] == ("One or more parameter values were invalid: Server-Side Encryption modification must "
                              "be the only operation in the request")
    err = error(ddb.update_table, TableName="ppp", DeletionProtectionEnabled=True,
                ProvisionedThroughput={"ReadCapacityUnits": 9, "WriteCapacityUnits": 3})
    assert err["Message"].endswith("DeletionProtection modification must be the only operation in the request")
    err = error(ddb.update_table, TableName="ppp", GlobalSecondaryIndexUpdates=[])
    assert err["Message"] == "One or more parameter values were invalid: List of GlobalSecondaryIndexUpdates is empty"
    ddb.update_table(TableName="ppp", ProvisionedThroughput={"ReadCapacityUnits": 9, "WriteCapacityUnits": 3})
    desc = ddb.describe_table(TableName="ppp")["Table"]
    assert desc["ProvisionedThroughput"]["ReadCapacityUnits"] == 9
    assert error(ddb.update_table, TableName="nope", DeletionProtectionEnabled=True)["Code"] == \
        "ResourceNotFoundException"


def test_create_and_update_answer_with_the_starting_status(aws):
    ddb = client()
    out = ddb.create_table(
        TableName="sss", KeySchema=KEYS, BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=ATTRS + [{"AttributeName": "g", "AttributeType": "S"}],
        GlobalSecondaryIndexes=[{"IndexName": "by_g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                 "Projection": {"ProjectionType": "KEYS_ONLY"}}])["TableDescription"]
    assert out["TableStatus"] == "CREATING" and out["GlobalSecondaryIndexes"][0]["IndexStatus"] == "CREATING"
    desc = ddb.describe_table(TableName="sss")["Table"]
    assert desc["TableStatus"] == "ACTIVE" and desc["GlobalSecondaryIndexes"][0]["IndexStatus"] == "ACTIVE"
    out = ddb.update_table(TableName="sss", GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "by_g"}}])
    assert out["TableDescription"]["TableStatus"] == "UPDATING"
    assert out["TableDescription"]["GlobalSecondaryIndexes"][0]["IndexStatus"] == "DELETING"
    assert "GlobalSecondaryIndexes" not in ddb.describe_table(TableName="sss")["Table"]
    out = ddb.update_table(TableName="sss", DeletionProtectionEnabled=True)
    assert out["TableDescription"]["TableStatus"] == "ACTIVE"
    err = error(ddb.update_table, TableName="sss", GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "nah"}}])
    assert err["Code"] == "ResourceNotFoundException"


def test_tagging_missing_or_bad_arns(aws):
    ddb = client()
    arn = "arn:aws:dynamodb:us-east-1:123456789012:table/ghost"
    err = error(ddb.list_tags_of_resource, ResourceArn=arn)
    assert (err["Code"], err["Message"]) == ("ResourceNotFoundException",
                                             f"Requested resource not found: ResourcArn: {arn} not found")
    err = error(ddb.tag_resource, ResourceArn="ghost", Tags=[{"Key": "a", "Value": "b"}])
    assert err["Code"] == "ValidationException"


def test_create_table_declaration_errors(aws):
    ddb = client()
    two = ATTRS + [{"AttributeName": "g", "AttributeType": "S"}]
    gsi = {"IndexName": "by_g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
           "Projection": {"ProjectionType": "ALL"}}
    err = error(ddb.create_table, TableName="ccc", KeySchema=KEYS, BillingMode="PAY_PER_REQUEST",
                AttributeDefinitions=ATTRS + ATTRS)
    assert err["Message"] == "Attribute Name is duplicated: pk"
    err = error(ddb.create_table, TableName="ccc", KeySchema=KEYS, BillingMode="PAY_PER_REQUEST",
                AttributeDefinitions=ATTRS, GlobalSecondaryIndexes=[])
    assert err["Message"] == "One or more parameter values were invalid: List of GlobalSecondaryIndexes is empty"
    err = error(ddb.create_table, TableName="ccc", KeySchema=KEYS, AttributeDefinitions=two,
                ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}, GlobalSecondaryIndexes=[gsi])
    assert err["Message"] == "One or more parameter values were invalid: ProvisionedThroughput is not specified for index: by_g"
    err = error(ddb.create_table, TableName="ccc", KeySchema=KEYS, AttributeDefinitions=two, BillingMode="PAY_PER_REQUEST",
                GlobalSecondaryIndexes=[{**gsi, "Projection": {"ProjectionType": "INCLUDE"}}])
    assert err["Message"] == ("One or more parameter values were invalid: ProjectionType is INCLUDE, but "
                              "NonKeyAttributes is not specified")
    err = error(ddb.create_table, TableName="ccc", KeySchema=KEYS, AttributeDefinitions=two, BillingMode="PAY_PER_REQUEST",
                GlobalSecondaryIndexes=[{**gsi, "Projection": {"ProjectionType": "KEYS_ONLY", "NonKeyAttributes": ["a"]}}])
    assert err["Message"] == ("One or more parameter values were invalid: ProjectionType is KEYS_ONLY, but "
                              "NonKeyAttributes is specified")
    assert ddb.list_tables()["TableNames"] == []


def test_tag_rules(aws):
    ddb = client()
    make_table(ddb)
    arn = ddb.describe_table(TableName="tbl")["Table"]["TableArn"]
    err = error(ddb.tag_resource, ResourceArn=arn, Tags=[{"Key": "aws:x", "Value": "v"}])
    assert err["Message"] == "Tag Key cannot be prefixed with aws:, Key: aws:x"
    err = error(ddb.tag_resource, ResourceArn=arn, Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(51)])
    assert err["Message"] == "Number of Tags exceed the current limit for the provided ResourceArn"
    err = error(ddb.tag_resource, ResourceArn=arn, Tags=[])
    assert err["Message"] == "Atleast one Tag needs to be provided as Input."
    assert ddb.list_tags_of_resource(ResourceArn=arn)["Tags"] == []


def test_deletion_protection_changes_have_a_cooldown(aws):
    from botocore.config import Config

    ddb = boto3.client("dynamodb", region_name="us-east-1", config=Config(retries={"total_max_attempts": 1}))
    make_table(ddb)
    ddb.update_table(TableName="tbl", DeletionProtectionEnabled=True)
    err = error(ddb.update_table, TableName="tbl", DeletionProtectionEnabled=False)
    assert err["Code"] == "ThrottlingException"
    assert err["Message"].startswith("Deletion protection setting for table tbl modified within the previous "
                                     "15000 milliseconds. Please try again after ")
    aws.clock.advance(15)
    ddb.update_table(TableName="tbl", DeletionProtectionEnabled=False)
    ddb.delete_table(TableName="tbl")


def test_limits_and_legacy_global_tables(aws):
    ddb = client()
    assert ddb.describe_limits()["TableMaxWriteCapacityUnits"] == 40000
    assert ddb.list_global_tables()["GlobalTables"] == []
    err = error(ddb.describe_global_table, GlobalTableName="gtable")
    assert (err["Code"], err["Message"]) == ("GlobalTableNotFoundException",
                                             "Global table with name 'gtable' does not exist.")
    err = error(ddb.create_global_table, GlobalTableName="gtable", ReplicationGroup=[{"RegionName": "us-east-1"}])
    assert err["Code"] == "ValidationException" and "2017.11.29 is not supported" in err["Message"]


def test_warm_throughput_and_throughput_history(aws):
    ddb = client()
    make_table(ddb)
    assert ddb.describe_table(TableName="tbl")["Table"]["WarmThroughput"] == {
        "ReadUnitsPerSecond": 12000, "WriteUnitsPerSecond": 4000, "Status": "ACTIVE"}
    ddb.create_table(TableName="ppp", KeySchema=KEYS, AttributeDefinitions=ATTRS,
                     ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5})
    ddb.update_table(TableName="ppp", ProvisionedThroughput={"ReadCapacityUnits": 9, "WriteCapacityUnits": 3})
    pt = ddb.describe_table(TableName="ppp")["Table"]["ProvisionedThroughput"]
    assert pt["NumberOfDecreasesToday"] == 1 and "LastIncreaseDateTime" in pt and "LastDecreaseDateTime" in pt
