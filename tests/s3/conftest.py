from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError


@pytest.fixture
def s3(aws: Any) -> Any:
    return boto3.client("s3", region_name="us-east-1")


@pytest.fixture
def bucket(s3: Any) -> str:
    s3.create_bucket(Bucket="test-bucket")
    return "test-bucket"


def error_of(call: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """The ``Error`` dict (plus ``status``) a failing boto3 call raised."""
    with pytest.raises(ClientError) as info:
        call(*args, **kwargs)
    err = dict(info.value.response["Error"])
    err["status"] = info.value.response["ResponseMetadata"]["HTTPStatusCode"]
    err["headers"] = info.value.response["ResponseMetadata"].get("HTTPHeaders", {})
    return err


@pytest.fixture(name="error_of")
def error_of_fixture() -> Any:
    return error_of
