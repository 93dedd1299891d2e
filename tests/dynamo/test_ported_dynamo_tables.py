"""CreateTable/DeleteTable scenarios from Alternator's AWS-validated test_table.py, in our words."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

pytestmark = pytest.mark.usefixtures("aws")

KEYS = [{"AttributeName": "p", "KeyType": "HASH"}, {"AttributeName": "c", "KeyType": "RANGE"}]
DEFS = [{"AttributeName": "p", "AttributeType": "S"}, {"AttributeName": "c", "AttributeType": "S"}]


def _client(validate: bool = True) -> Any:
    return boto3.client("dynamodb", region_name="us-east-1", config=Config(parameter_validation=validate))


def _create(client: Any, name: str, **kwargs: Any) -> Any:
    kwargs.setdefault("BillingMode", "PAY_PER_REQUEST")
    kwargs.setdefault("KeySchema", KEYS)
    kwargs.setdefault("AttributeDefinitions", DEFS)
    return client.create_table(TableName=name, **kwargs)


def _invalid(call: Any, *args: Any, **kwargs: Any) -> str:
    with pytest.raises(ClientError) as info:
        call(*args, **kwargs)
    assert info.value.response["Error"]["Code"] == "ValidationException", info.value.response
    return info.value.response["Error"]["Message"]


def test_create_wait_delete_and_recreate() -> None:
    client = _client()
    for name in ["alternator_recr_test", "alternator_recr_test", ".alternator_test", "n" * 192, "n" * 255]:
        _create(client, name)
        client.get_waiter("table_exists").wait(TableName=name)
        client.delete_table(TableName=name)
        client.get_waiter("table_not_exists").wait(TableName=name)
    assert client.list_tables()["TableNames"] == []


@pytest.mark.parametrize("name", ["n", "nn", "n" * 256, "nyh@test"])
def test_unsupported_table_names(name: str) -> None:
    client = _client(validate=False)
    _invalid(_create, client, name)
    assert client.list_tables()["TableNames"] == []


@pytest.mark.parametrize(("keys", "defs"), [
    ([("p", "HASH"), ("c", "HASH")], [("p", "S"), ("c", "S")]),
    ([("p", "RANGE"), ("c", "RANGE")], [("p", "S"), ("c", "S")]),
    ([("c", "RANGE")], [("c", "S")]),
    ([("c", "HASH"), ("p", "RANGE"), ("z", "RANGE")], [("c", "S"), ("p", "S"), ("z", "S")]),
    ([("c", "HASH")], [("z", "S")]),
    ([("k", "HASH")], [("k", "Q")])])
def test_invalid_key_schemas(keys: list[tuple[str, str]], defs: list[tuple[str, str]]) -> None:
    client = _client(validate=False)
    _invalid(_create, client, "name_doesnt_matter", KeySchema=[{"AttributeName": n, "KeyType": t} for n, t in keys],
             AttributeDefinitions=[{"AttributeName": n, "AttributeType": t} for n, t in defs])
    assert client.list_tables()["TableNames"] == []


def test_invalid_attribute_definitions() -> None:
    client = _client(validate=False)
    keys = [{"AttributeName": "xyz", "KeyType": "HASH"}]
    msg = _invalid(_create, client, "name_doesnt_matter", KeySchema=keys, AttributeDefinitions=[
        {"AttributeName": "xyz", "AttributeType": "S"}, {"AttributeName": "xyz", "AttributeType": "N"}])
    assert "uplicate" in msg and "xyz" in msg
    msg = _invalid(_create, client, "name_doesnt_matter", KeySchema=keys, AttributeDefinitions=[{"AttributeType": "S"}])
    assert msg == ("1 validation error detected: Value null at 'attributeDefinitions.1.member.attributeName' failed "
                   "to satisfy constraint: Member must not be null")
    msg = _invalid(_create, client, "name_doesnt_matter", KeySchema=keys, AttributeDefinitions=[{"AttributeName": "xyz"}])
    assert "ttributeType" in msg
    msg = _invalid(client.create_table, TableName="name_doesnt_matter", BillingMode="PAY_PER_REQUEST",
                   KeySchema=[{"AttributeName": "p", "KeyType": "HASH"}])
    assert "ttributeDefinitions" in msg


def test_create_existing_table() -> None:
    client = _client()
    _create(client, "exists")
    with pytest.raises(ClientError) as info:
        _create(client, "exists")
    assert info.value.response["Error"]["Code"] == "ResourceInUseException"
    assert info.value.response["Error"]["Message"] == "Table already exists: exists"


def test_billing_mode_errors() -> None:
    client = _client(validate=False)
    _invalid(_create, client, "bm1", BillingMode="unknown")
    _invalid(_create, client, "bm2", BillingMode="pay_per_request")
    msg = _invalid(_create, client, "bm3", ProvisionedThroughput={"ReadCapacityUnits": 10, "WriteCapacityUnits": 10})
    assert msg == "One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can " \
        "be specified when BillingMode is PAY_PER_REQUEST"
    msg = _invalid(_create, client, "bm4", BillingMode="PROVISIONED")
    assert msg == "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both " \
        "be specified when BillingMode is PROVISIONED"
    _invalid(client.create_table, TableName="bm5", KeySchema=[{"AttributeName": "p", "KeyType": "HASH"}],
             AttributeDefinitions=[{"AttributeName": "p", "AttributeType": "S"}])
    assert client.list_tables()["TableNames"] == []


def test_disabled_stream_specification_is_no_stream() -> None:
    client = _client()
    _create(client, "nostream", StreamSpecification={"StreamEnabled": False},
            KeySchema=[{"AttributeName": "p", "KeyType": "HASH"}], AttributeDefinitions=[{"AttributeName": "p", "AttributeType": "S"}])
    desc = client.describe_table(TableName="nostream")["Table"]
    assert "LatestStreamArn" not in desc
