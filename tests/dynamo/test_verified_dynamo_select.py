"""Select parameter rules recorded against real AWS (moto's aws_verified Select tests), in our words."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from dynamo_helpers import message
from verified_dynamo_helpers import verified_table

pytestmark = pytest.mark.usefixtures("aws")

OPS = ["query", "scan"]


def _client() -> Any:
    return boto3.client("dynamodb", region_name="us-east-1")


def _read(op: str, table: str, index: str | None = None, **kwargs: Any) -> Any:
    request: dict[str, Any] = {"TableName": table, **kwargs}
    if index:
        request["IndexName"] = index
    if op == "query":
        request["KeyConditionExpression"] = ("gsi_pk" if index == "test_gsi" else "pk") + " = :key"
        request["ExpressionAttributeValues"] = {":key": {"S": "value"}}
        return lambda: _client().query(**request)
    return lambda: _client().scan(**request)


@pytest.mark.parametrize("op", OPS)
@pytest.mark.parametrize("gsi", [{"gsi_projection": "KEYS_ONLY"},
                                 {"gsi_projection": "INCLUDE", "gsi_non_key": ["projected"]}])
def test_all_attributes_refused_on_partial_gsi(op: str, gsi: dict[str, Any]) -> None:
    name = verified_table(add_range=True, add_gsi=True, add_lsi=True, lsi_projection="KEYS_ONLY", **gsi)
    assert _read(op, name, "test_lsi", Select="ALL_ATTRIBUTES")()["Count"] == 0
    assert _read(op, name, "test_gsi", Select="ALL_PROJECTED_ATTRIBUTES")()["Count"] == 0
    assert message(_read(op, name, "test_gsi", Select="ALL_ATTRIBUTES")) == (
        "ValidationException", "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not "
        "supported for global secondary index test_gsi because its projection type is not ALL")


@pytest.mark.parametrize(("op", "prefix"), [("query", "1 validation error detected: "), ("scan", "")])
def test_all_projected_attributes_needs_an_index(op: str, prefix: str) -> None:
    name = verified_table(add_gsi=True)
    assert _read(op, name, "test_gsi", Select="ALL_PROJECTED_ATTRIBUTES")()["Count"] == 0
    assert message(_read(op, name, Select="ALL_PROJECTED_ATTRIBUTES")) == (
        "ValidationException", prefix + "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName")


@pytest.mark.parametrize(("op", "prefix"), [("query", "1 validation error detected: "), ("scan", "")])
def test_specific_attributes_needs_a_selection(op: str, prefix: str) -> None:
    name = verified_table()
    assert _read(op, name, Select="SPECIFIC_ATTRIBUTES", ProjectionExpression="pk")()["Count"] == 0
    assert message(_read(op, name, Select="SPECIFIC_ATTRIBUTES")) == (
        "ValidationException", prefix + "Must specify the AttributesToGet or ProjectionExpression when choosing to "
        "get SPECIFIC_ATTRIBUTES")


@pytest.mark.parametrize(("select", "what"), [("ALL_ATTRIBUTES", "ALL_ATTRIBUTES"),
                                              ("ALL_PROJECTED_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES"),
                                              ("COUNT", "only the Count")])
@pytest.mark.parametrize(("op", "prefix"), [("query", "1 validation error detected: "), ("scan", "")])
def test_projection_expression_only_with_specific_attributes(select: str, what: str, op: str, prefix: str) -> None:
    name = verified_table(add_gsi=True)
    assert _read(op, name, "test_gsi", Select=select)()["Count"] == 0
    assert message(_read(op, name, "test_gsi", Select=select, ProjectionExpression="gsi_pk")) == (
        "ValidationException", f"{prefix}Cannot specify the ProjectionExpression when choosing to get {what}")


@pytest.mark.parametrize(("op", "prefix"), [("query", "1 validation error detected: "), ("scan", "")])
def test_attributes_to_get_only_with_specific_attributes(op: str, prefix: str) -> None:
    name = verified_table(add_gsi=True)
    request: dict[str, Any] = {"TableName": name, "IndexName": "test_gsi", "AttributesToGet": ["gsi_pk"]}
    if op == "query":
        request["KeyConditions"] = {"gsi_pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "value"}]}}
    call = getattr(_client(), op)
    assert call(Select="SPECIFIC_ATTRIBUTES", **request)["Count"] == 0
    for select, what in [("ALL_ATTRIBUTES", "ALL_ATTRIBUTES"), ("ALL_PROJECTED_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES"),
                         ("COUNT", "only the Count")]:
        assert message(call, Select=select, **request) == (
            "ValidationException", f"{prefix}Cannot specify the AttributesToGet when choosing to get {what}")


@pytest.mark.parametrize("op", OPS)
def test_select_is_case_sensitive(op: str) -> None:
    name = verified_table()
    resp = _read(op, name, Select="COUNT")()
    assert resp["Count"] == 0 and "Items" not in resp
    unvalidated = boto3.client("dynamodb", region_name="us-east-1",
                               config=boto3.session.Config(parameter_validation=False))
    request: dict[str, Any] = {"TableName": name, "Select": "count"}
    if op == "query":
        request.update(KeyConditionExpression="pk = :key", ExpressionAttributeValues={":key": {"S": "value"}})
    assert message(getattr(unvalidated, op), **request) == (
        "ValidationException", "1 validation error detected: Value 'count' at 'select' failed to satisfy constraint: "
        "Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]")


def test_scan_count_keeps_paging() -> None:
    ddb = _client()
    name = verified_table()
    ddb.put_item(TableName=name, Item={"pk": {"S": "first"}})
    ddb.put_item(TableName=name, Item={"pk": {"S": "second"}})
    resp = ddb.scan(TableName=name, Select="COUNT", Limit=1, ConsistentRead=True)
    assert (resp["Count"], resp["ScannedCount"]) == (1, 1)
    assert "Items" not in resp and "LastEvaluatedKey" in resp
