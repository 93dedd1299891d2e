"""Table set-up mirroring the fixture of moto's AWS-verified DynamoDB tests (provisioned 1/5, optional keys/indexes)."""

from __future__ import annotations

from typing import Any

import boto3


def verified_table(name: str = "tverified", *, add_range: bool = False, numeric_range: bool = False,
                   add_gsi: bool = False, add_gsi_range: bool = False, numeric_gsi_range: bool = False,
                   add_lsi: bool = False, numeric_lsi_range: bool = False, gsi_projection: str = "ALL",
                   gsi_non_key: list[str] | None = None, lsi_projection: str = "ALL",
                   add_multi_attribute_gsi: bool = False) -> str:
    """Create the table shape the verified tests ran against on real AWS; return its name."""
    keys: list[dict[str, str]] = [{"AttributeName": "pk", "KeyType": "HASH"}]
    attrs: list[dict[str, str]] = [{"AttributeName": "pk", "AttributeType": "S"}]
    kwargs: dict[str, Any] = {}
    if add_range or numeric_range:
        keys.append({"AttributeName": "sk", "KeyType": "RANGE"})
        attrs.append({"AttributeName": "sk", "AttributeType": "N" if numeric_range else "S"})
    gsi_keys = None
    if add_gsi:
        gsi_keys = [{"AttributeName": "gsi_pk", "KeyType": "HASH"}]
        attrs.append({"AttributeName": "gsi_pk", "AttributeType": "S"})
    if add_gsi_range or numeric_gsi_range:
        gsi_keys = [{"AttributeName": "gsi_pk", "KeyType": "HASH"}, {"AttributeName": "gsi_sk", "KeyType": "RANGE"}]
        attrs.append({"AttributeName": "gsi_pk", "AttributeType": "S"})
        attrs.append({"AttributeName": "gsi_sk", "AttributeType": "N" if numeric_gsi_range else "S"})
    if add_multi_attribute_gsi:  # gsi_pk (HASH, S), gsi_sk (RANGE, S), gsi_sk2 (RANGE, N)
        gsi_keys = [{"AttributeName": "gsi_pk", "KeyType": "HASH"}, {"AttributeName": "gsi_sk", "KeyType": "RANGE"},
                    {"AttributeName": "gsi_sk2", "KeyType": "RANGE"}]
        attrs += [{"AttributeName": "gsi_pk", "AttributeType": "S"}, {"AttributeName": "gsi_sk", "AttributeType": "S"},
                  {"AttributeName": "gsi_sk2", "AttributeType": "N"}]
    if gsi_keys is not None:
        kwargs["GlobalSecondaryIndexes"] = [{
            "IndexName": "test_gsi", "KeySchema": gsi_keys, "Projection": _projection(gsi_projection, gsi_non_key),
            "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}}]
    if add_lsi or numeric_lsi_range:
        kwargs["LocalSecondaryIndexes"] = [{
            "IndexName": "test_lsi",
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "lsi_sk", "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": lsi_projection}}]
        attrs.append({"AttributeName": "lsi_sk", "AttributeType": "N" if numeric_lsi_range else "S"})
    boto3.client("dynamodb", region_name="us-east-1").create_table(
        TableName=name, KeySchema=keys, AttributeDefinitions=attrs,
        ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 5},
        Tags=[{"Key": "environment", "Value": "tests"}], **kwargs)
    return name


def _projection(kind: str, non_key: list[str] | None) -> dict[str, Any]:
    out: dict[str, Any] = {"ProjectionType": kind}
    if non_key is not None:
        out["NonKeyAttributes"] = non_key
    return out
