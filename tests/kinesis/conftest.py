"""Shared fixtures: a stream on a manual clock, and a boto3 client on a fresh cloud."""

from __future__ import annotations

from collections.abc import Iterator

import boto3
import pytest

from awscore import Cloud
from awscore.clock import ManualClock
from awscore.kinesis import Stream
from awscore.mock import mock_aws

T0 = 1_700_000_000.0


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(T0)


@pytest.fixture
def stream(clock: ManualClock) -> Stream:
    return Stream("orders", shard_count=2, clock=clock)


@pytest.fixture
def cloud() -> Iterator[Cloud]:
    with mock_aws(cloud=Cloud(clock=ManualClock(T0))) as c:
        yield c


@pytest.fixture
def kinesis(cloud: Cloud):  # noqa: ANN201 - a botocore client
    return boto3.client("kinesis", region_name="us-east-1")


def error_of(exc_info: pytest.ExceptionInfo) -> tuple[str, str]:
    """(code, message) of a botocore ClientError."""
    err = exc_info.value.response["Error"]
    return err["Code"], err["Message"]
