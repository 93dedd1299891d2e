"""ImportTable from the cloud's S3 store: DynamoDB JSON, gzip, prefixes, bad records, missing buckets."""

from __future__ import annotations

import gzip
import json

import boto3
from dynamo_helpers import client, error

TCP = {"TableName": "imported", "BillingMode": "PAY_PER_REQUEST",
       "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
       "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}]}


def record(pk: str) -> str:
    return json.dumps({"Item": {"pk": {"S": pk}, "data": {"S": "x"}}})


def run_import(ddb, bucket: str, *, prefix: str | None = None, compression: str = "NONE", tcp=None):
    source = {"S3Bucket": bucket, **({"S3KeyPrefix": prefix} if prefix else {})}
    started = ddb.import_table(S3BucketSource=source, InputFormat="DYNAMODB_JSON", InputCompressionType=compression,
                               TableCreationParameters=tcp or TCP)["ImportTableDescription"]
    assert started["ImportStatus"] == "IN_PROGRESS"
    return ddb.describe_import(ImportArn=started["ImportArn"])["ImportTableDescription"]


def test_import_lines_and_back_to_back_documents(aws):
    s3 = boto3.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket="import-src")
    body = "".join(record(f"msg{i}") + "\n" for i in range(5)) + "".join(record(f"msg{i}") for i in range(10, 15))
    s3.put_object(Bucket="import-src", Key="data.json", Body=body)
    ddb = client()
    done = run_import(ddb, "import-src")
    assert (done["ImportStatus"], done["ErrorCount"], done["ProcessedItemCount"], done["ImportedItemCount"]) == \
        ("COMPLETED", 0, 10, 10)
    assert done["ProcessedSizeBytes"] == len(body.encode())
    assert sorted(i["pk"]["S"] for i in ddb.scan(TableName="imported")["Items"]) == \
        ["msg0", "msg1", "msg10", "msg11", "msg12", "msg13", "msg14", "msg2", "msg3", "msg4"]


def test_import_prefix_gzip_and_bad_records(aws):
    s3 = boto3.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket="import-src")
    s3.put_object(Bucket="import-src", Key="yes/a.json.gz", Body=gzip.compress(record("msg1").encode()))
    s3.put_object(Bucket="import-src", Key="yes/invalid", Body=json.dumps({"pk": {"S": "msg2"}}))
    s3.put_object(Bucket="import-src", Key="no/b.json", Body=record("msg3"))
    ddb = client()
    done = run_import(ddb, "import-src", prefix="yes/a", compression="GZIP")
    assert (done["ImportStatus"], done["ImportedItemCount"]) == ("COMPLETED", 1)
    done = run_import(ddb, "import-src", prefix="yes/invalid", tcp={**TCP, "TableName": "second"})
    assert (done["ImportStatus"], done["ErrorCount"], done["ProcessedItemCount"], done["ImportedItemCount"]) == \
        ("FAILED", 1, 1, 0)
    assert "second" in ddb.list_tables()["TableNames"]
    assert len(ddb.list_imports()["ImportSummaryList"]) == 2


def test_import_failures(aws):
    ddb = client()
    done = run_import(ddb, "no-such-bucket")
    assert (done["ImportStatus"], done["FailureCode"]) == ("FAILED", "S3NoSuchBucket")
    assert "The specified bucket does not exist" in done["FailureMessage"]
    assert ddb.list_tables()["TableNames"] == []
    err = error(ddb.import_table, S3BucketSource={"S3Bucket": "no-such-bucket"}, InputFormat="DYNAMODB_JSON",
                InputCompressionType="NONE", TableCreationParameters={**TCP, "BillingMode": "PROVISIONED"})
    assert err["Message"] == ("One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits "
                              "must both be specified when BillingMode is PROVISIONED")
    err = error(ddb.describe_import, ImportArn="arn:aws:dynamodb:us-east-1:123456789012:table/x/import/1")
    assert err["Code"] == "ImportNotFoundException"
    err = error(ddb.import_table, S3BucketSource={"S3Bucket": "some-bucket"}, InputFormat="CSV", InputCompressionType="NONE",
                TableCreationParameters=TCP)
    assert err["Code"] == "NotImplemented"


def test_import_in_progress_on_the_clock(aws):
    aws.backend("dynamodb").status_delay = 30
    ddb = client()
    boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="import-src")
    assert run_import(ddb, "import-src")["ImportStatus"] == "IN_PROGRESS"
    aws.clock.advance(30)
    arn = ddb.list_imports()["ImportSummaryList"][0]["ImportArn"]
    assert ddb.describe_import(ImportArn=arn)["ImportTableDescription"]["ImportStatus"] == "COMPLETED"
