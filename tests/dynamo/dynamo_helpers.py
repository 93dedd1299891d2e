"""Small helpers shared by the DynamoDB engine tests."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError


def client(*, retries: bool = True) -> Any:
    """A dynamodb client; ``retries=False`` sees throttling errors as AWS returns them (no SDK retries)."""
    if retries:
        return boto3.client("dynamodb", region_name="us-east-1")
    return boto3.client("dynamodb", region_name="us-east-1",
                        config=boto3.session.Config(retries={"max_attempts": 0}))


def make_table(ddb: Any, name: str = "tbl", *, sort: str | None = "N", hash_type: str = "S", **kwargs: Any) -> None:
    """A PAY_PER_REQUEST table with ``pk`` (hash) and optionally ``sk`` (range)."""
    keys = [{"AttributeName": "pk", "KeyType": "HASH"}]
    attrs = [{"AttributeName": "pk", "AttributeType": hash_type}]
    if sort is not None:
        keys.append({"AttributeName": "sk", "KeyType": "RANGE"})
        attrs.append({"AttributeName": "sk", "AttributeType": sort})
    extra_attrs = kwargs.pop("extra_attrs", [])
    attrs += [{"AttributeName": n, "AttributeType": t} for n, t in extra_attrs]
    kwargs.setdefault("BillingMode", "PAY_PER_REQUEST")
    ddb.create_table(TableName=name, KeySchema=keys, AttributeDefinitions=attrs, **kwargs)


def error(call: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """Run a boto3 call that must fail; return its ``Error`` dict (plus the full response)."""
    with pytest.raises(ClientError) as info:
        call(*args, **kwargs)
    err = dict(info.value.response["Error"])
    err["response"] = info.value.response
    return err


def message(call: Any, *args: Any, **kwargs: Any) -> tuple[str, str]:
    """``(code, message)`` of a boto3 call that must fail."""
    err = error(call, *args, **kwargs)
    return err["Code"], err["Message"]


def gsi(name: str, hash_key: str, range_key: str | None = None, projection: str = "ALL",
        non_key: list[str] | None = None, **extra: Any) -> dict[str, Any]:
    """A GlobalSecondaryIndexes / LocalSecondaryIndexes entry."""
    keys = [{"AttributeName": hash_key, "KeyType": "HASH"}]
    if range_key is not None:
        keys.append({"AttributeName": range_key, "KeyType": "RANGE"})
    proj: dict[str, Any] = {"ProjectionType": projection}
    if non_key is not None:
        proj["NonKeyAttributes"] = non_key
    return {"IndexName": name, "KeySchema": keys, "Projection": proj, **extra}
