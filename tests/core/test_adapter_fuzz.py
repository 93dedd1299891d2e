"""Every implemented operation of every service, fed random params through boto3 with client-side
validation off: the answer is a result or an AWS error (ClientError), never a Python exception."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from awscore import Cloud, ManualClock
from awscore.core.services import load_service

EXAMPLES = int(__import__("os").environ.get("AWSCORE_FUZZ_EXAMPLES", "25"))
SERVICES = ["s3", "dynamodb", "kinesis", "redshift-data", "redshift", "redshift-serverless", "sts"]
_SCALARS = {
    "string": st.text(max_size=12),
    "integer": st.integers(min_value=-5, max_value=2000),
    "long": st.integers(min_value=-5, max_value=2000),
    "double": st.floats(allow_nan=False, allow_infinity=False, width=32),
    "float": st.floats(allow_nan=False, allow_infinity=False, width=32),
    "boolean": st.booleans(),
    "blob": st.binary(max_size=16),
    "timestamp": st.integers(min_value=0, max_value=2_000_000_000),
}
_ANY = st.one_of(st.none(), st.integers(), st.text(max_size=5), st.lists(st.integers(), max_size=2))


def shape_strategy(shape: Any, depth: int = 0) -> st.SearchStrategy[Any]:
    """Values that mostly fit ``shape`` (enum members, right types), sometimes of the wrong type."""
    kind = shape.type_name
    if depth > 3:
        return st.none()
    if kind == "structure":
        members = {name: shape_strategy(sub, depth + 1) for name, sub in shape.members.items()
                   if not sub.serialization.get("eventstream") and name != "Body"}
        return st.fixed_dictionaries({}, optional=members)
    if kind == "list":
        return st.lists(shape_strategy(shape.member, depth + 1), max_size=3)
    if kind == "map":
        return st.dictionaries(st.text(min_size=1, max_size=6), shape_strategy(shape.value, depth + 1), max_size=2)
    if kind == "string" and getattr(shape, "enum", None):
        return st.sampled_from(list(shape.enum)) | st.text(max_size=4)
    return _SCALARS.get(kind, st.none()) | (_ANY if depth else st.nothing())


def operations() -> list[tuple[str, str]]:
    out = []
    for service in SERVICES:
        for op in load_service(service).api.operations:
            if op in ("SubscribeToShard",):
                continue
            out.append((service, op))
    return out


@pytest.fixture(scope="module")
def clients() -> dict[str, Any]:
    cloud = Cloud(clock=ManualClock(1_700_000_000))
    config = Config(parameter_validation=False, retries={"max_attempts": 0})
    made = {s: cloud.client(s, config=config) for s in SERVICES}
    made["s3"].create_bucket(Bucket="fuzz-bucket")
    made["kinesis"].create_stream(StreamName="fuzz", ShardCount=1)
    return made


@pytest.mark.parametrize("service,operation", operations(), ids=lambda v: v)
def test_random_params_give_result_or_aws_error(clients: dict[str, Any], service: str, operation: str) -> None:
    client = clients[service]
    model = client.meta.service_model.operation_model(operation)
    if model.input_shape is None:
        return
    method = getattr(client, _snake(client, operation))

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(shape_strategy(model.input_shape))
    def run(params: dict[str, Any]) -> None:
        try:
            method(**params)
        except ClientError:
            pass
        except Exception as exc:  # a crash is only acceptable inside botocore's own client-side code
            if _raised_in_awscore(exc):
                raise

    run()


def _raised_in_awscore(exc: BaseException) -> bool:
    tb = exc.__traceback__
    last = None
    while tb is not None:
        last = tb.tb_frame.f_code.co_filename
        tb = tb.tb_next
    return last is not None and "/awscore/" in last and "/mock/adapter.py" not in last


def _snake(client: Any, operation: str) -> str:
    from botocore import xform_name

    return xform_name(operation)
