"""ImportTable outcomes recorded against real AWS (moto's aws_verified import tests), in our words."""

from __future__ import annotations

import gzip
import json
from typing import Any

import boto3
import pytest
from dynamo_helpers import message

pytestmark = pytest.mark.usefixtures("aws")

PARAMS: dict[str, Any] = {
    "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
    "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}], "BillingMode": "PAY_PER_REQUEST"}


def _doc(pk: str) -> str:
    return json.dumps({"Item": {"pk": {"S": pk}, "data": {"S": f"payload-{pk}"}}})


def _import(ddb: Any, bucket: str, table: str, **source: Any) -> dict[str, Any]:
    compression = source.pop("compression", "NONE")
    started = ddb.import_table(S3BucketSource={"S3Bucket": bucket, **source}, InputFormat="DYNAMODB_JSON",
                               InputCompressionType=compression,
                               TableCreationParameters={"TableName": table, **PARAMS})["ImportTableDescription"]
    return ddb.describe_import(ImportArn=started["ImportArn"])["ImportTableDescription"]


def _bucket(files: dict[str, bytes | str]) -> str:
    s3 = boto3.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket="inttest-import")
    for key, body in files.items():
        s3.put_object(Bucket="inttest-import", Key=key, Body=body)
    return "inttest-import"


def _counts(done: dict[str, Any]) -> tuple[Any, ...]:
    return done["ImportStatus"], done["ErrorCount"], done["ProcessedItemCount"], done["ImportedItemCount"]


def test_missing_bucket_fails_without_a_table() -> None:
    ddb = boto3.client("dynamodb", region_name="us-east-1")
    done = _import(ddb, "no-such-bucket-for-import", "tmissing")
    assert done["ImportStatus"] == "FAILED"
    assert done["TableArn"].endswith(":table/tmissing")
    assert done["FailureCode"] == "S3NoSuchBucket"
    assert "The specified bucket does not exist" in done["FailureMessage"]
    assert "tmissing" not in ddb.list_tables()["TableNames"]


def test_table_parameters_are_validated_like_create_table() -> None:
    ddb = boto3.client("dynamodb", region_name="us-east-1")
    code, text = message(ddb.import_table, S3BucketSource={"S3Bucket": "whatever-bucket"}, InputFormat="DYNAMODB_JSON",
                         InputCompressionType="NONE",
                         TableCreationParameters={"TableName": "tprov", **PARAMS, "BillingMode": "PROVISIONED"})
    assert text == ("One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both "
                    "be specified when BillingMode is PROVISIONED")
    assert "tprov" not in ddb.list_tables()["TableNames"]


def test_empty_bucket_completes_with_an_empty_table() -> None:
    ddb = boto3.client("dynamodb", region_name="us-east-1")
    done = _import(ddb, _bucket({}), "tempty")
    assert _counts(done) == ("COMPLETED", 0, 0, 0) and done["ProcessedSizeBytes"] == 0
    assert "tempty" in ddb.list_tables()["TableNames"]
    assert ddb.scan(TableName="tempty")["Items"] == []


def test_one_file_of_lines_and_back_to_back_documents() -> None:
    ddb = boto3.client("dynamodb", region_name="us-east-2")
    body = "".join(_doc(f"msg{i}") + "\n" for i in range(5)) + "".join(_doc(f"msg{i}") for i in range(10, 15))
    done = _import(ddb, _bucket({"data.json": body}), "tlines")
    assert _counts(done) == ("COMPLETED", 0, 10, 10) and done["ProcessedSizeBytes"] > 0
    got = sorted(i["pk"]["S"] for i in ddb.scan(TableName="tlines")["Items"])
    assert got == ["msg0", "msg1", "msg10", "msg11", "msg12", "msg13", "msg14", "msg2", "msg3", "msg4"]


def test_every_object_is_read_whatever_its_name() -> None:
    ddb = boto3.client("dynamodb", region_name="us-east-2")
    done = _import(ddb, _bucket({"data.json": _doc("msg1"), "completely_random_name": _doc("msg2")}), "tfiles")
    assert _counts(done) == ("COMPLETED", 0, 2, 2) and done["ProcessedSizeBytes"] > 0
    assert sorted(i["pk"]["S"] for i in ddb.scan(TableName="tfiles")["Items"]) == ["msg1", "msg2"]


def test_a_bad_record_fails_the_import_but_keeps_the_good_ones() -> None:
    ddb = boto3.client("dynamodb", region_name="us-east-2")
    bad = json.dumps({"pk": {"S": "msg2"}, "data": {"S": "x"}})
    done = _import(ddb, _bucket({"data.json": _doc("msg1"), "invaliddata": bad}), "tbad")
    assert _counts(done) == ("FAILED", 1, 2, 1) and done["ProcessedSizeBytes"] > 0
    assert "tbad" in ddb.list_tables()["TableNames"]
    assert [i["pk"]["S"] for i in ddb.scan(TableName="tbad")["Items"]] == ["msg1"]


def test_prefix_limits_the_objects_read() -> None:
    ddb = boto3.client("dynamodb", region_name="us-east-2")
    done = _import(ddb, _bucket({"yesdata.json": _doc("msg1"), "nodata.json": _doc("msg2")}), "tprefix",
                   S3KeyPrefix="yes")
    assert _counts(done) == ("COMPLETED", 0, 1, 1)
    assert [i["pk"]["S"] for i in ddb.scan(TableName="tprefix")["Items"]] == ["msg1"]


def test_gzip_objects_are_decompressed() -> None:
    ddb = boto3.client("dynamodb", region_name="us-east-2")
    done = _import(ddb, _bucket({"data.json": gzip.compress(_doc("msg1").encode())}), "tgzip", compression="GZIP")
    assert _counts(done) == ("COMPLETED", 0, 1, 1) and done["ProcessedSizeBytes"] > 0
    assert [i["pk"]["S"] for i in ddb.scan(TableName="tgzip")["Items"]] == ["msg1"]
