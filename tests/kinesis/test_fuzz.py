"""Any request, however malformed, ends in a result or a typed AWS error: never a Python exception."""

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from awscore import Cloud
from awscore.clock import ManualClock
from awscore.core.errors import AWSError
from awscore.kinesis.service import api
from awscore.kinesis.shapes import OPERATIONS, SHAPES
from awscore.mock.adapter import dispatch

ARN = "arn:aws:kinesis:us-east-1:123456789012:stream/s"
VALUES = st.one_of(
    st.sampled_from([
        None, "", "s", "missing", "shardId-000000000000", "shardId-000000000001", "x-1", "0", "1", "-1",
        str(2**128), str(2**127), "49646437577108476416916876405827138351405044305449975810", ARN,
        ARN + "/consumer/c:1700000000", "TRIM_HORIZON", "LATEST", "AT_SEQUENCE_NUMBER", "AT_TIMESTAMP",
        "AFTER_SHARD_ID", "AT_LATEST", "ON_DEMAND", "PROVISIONED", "KMS", "NONE", "ALL", "UNIFORM_SCALING",
        0, 1, 2, 24, 48, 10_001, -5, 2**40, True, False, b"", b"data", 1.5,
        datetime(2023, 11, 14, tzinfo=UTC), [], {}, ["IncomingBytes"], {"k": "v"},
        [{"Data": b"x", "PartitionKey": "k"}], [{"Data": b"x"}], [{"PartitionKey": "k"}],
        {"Type": "AT_TIMESTAMP"}, {"Type": "AFTER_SHARD_ID"}, {"StreamMode": "ON_DEMAND"},
        {"Type": "AT_SEQUENCE_NUMBER", "SequenceNumber": "1"},
    ]),
    st.text(max_size=20),
    st.integers(),
)


def members(operation: str) -> list[str]:
    shape = OPERATIONS.get(operation)
    return sorted(SHAPES[shape][1].get("members", {})) if shape else []


SEQ = "49646437577108476416916876405827138351405044305449975810"
PLAUSIBLE = {
    "StreamName": ["s", "missing"], "StreamARN": [ARN], "ConsumerARN": [ARN + "/consumer/c:1700000000"],
    "ConsumerName": ["c", "d"], "ShardId": ["shardId-000000000000", "shardId-000000000001", "shardId-9"],
    "ShardToSplit": ["shardId-000000000000", "shardId-000000000003"],
    "ShardToMerge": ["shardId-000000000000", "shardId-000000000001"],
    "AdjacentShardToMerge": ["shardId-000000000001", "shardId-000000000002"],
    "NewStartingHashKey": ["2", str(2**127), str(2**126), "0"],
    "ShardIteratorType": ["TRIM_HORIZON", "LATEST", "AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER", "AT_TIMESTAMP"],
    "StartingSequenceNumber": [SEQ, "1"], "SequenceNumberForOrdering": [SEQ, "5"],
    "Timestamp": [datetime(2023, 11, 14, tzinfo=UTC), datetime(2030, 1, 1, tzinfo=UTC)],
    "Data": [b"x", b"", b"y" * 1000], "PartitionKey": ["k", "é" * 256], "ExplicitHashKey": ["0", str(2**128)],
    "Records": [[{"Data": b"x", "PartitionKey": "k"}] * 3, [{"Data": b"x"}],
                [{"Data": b"x", "PartitionKey": "k", "ExplicitHashKey": str(2**128)}]],
    "Limit": [1, 5, 100], "MaxResults": [1, 2, 1000], "TargetShardCount": [1, 2, 3, 4, 5],
    "ScalingType": ["UNIFORM_SCALING"], "RetentionPeriodHours": [24, 48, 10, 9000],
    "ShardLevelMetrics": [["ALL"], ["IncomingBytes"]], "EncryptionType": ["KMS", "NONE"],
    "KeyId": ["alias/aws/kinesis"], "Tags": [{"a": "1"}], "TagKeys": [["a"]], "ResourceARN": [ARN],
    "StreamModeDetails": [{"StreamMode": "ON_DEMAND"}, {"StreamMode": "PROVISIONED"}],
    "ShardFilter": [{"Type": "AT_LATEST"}, {"Type": "AFTER_SHARD_ID", "ShardId": "shardId-000000000000"},
                    {"Type": "AT_TIMESTAMP", "Timestamp": datetime(2023, 11, 14, tzinfo=UTC)}, {"Type": "AT_TIMESTAMP"}],
    "StartingPosition": [{"Type": "TRIM_HORIZON"}, {"Type": "AT_SEQUENCE_NUMBER", "SequenceNumber": SEQ},
                         {"Type": "AT_SEQUENCE_NUMBER"}, {"Type": "AT_TIMESTAMP"}],
    "ShardCount": [1, 2], "EnforceConsumerDeletion": [True, False], "MaxRecordSizeInKiB": [1024, 2048],
}


@st.composite
def requests(draw):  # noqa: ANN201
    operation = draw(st.sampled_from(api.operations))
    names = members(operation)
    chosen = draw(st.lists(st.sampled_from(names), unique=True)) if names else []
    shape = OPERATIONS.get(operation)
    usual = list(SHAPES[shape][1].get("required", [])) if shape else []
    usual += [n for n in ("PartitionKey", "StartingSequenceNumber") if n in names]
    if draw(st.integers(0, 4)):
        chosen = list(dict.fromkeys(chosen + usual))
    params = {}
    for name in chosen:
        plausible = PLAUSIBLE.get(name)
        if plausible and draw(st.integers(0, 9)):
            params[name] = draw(st.sampled_from(plausible))
        else:
            params[name] = draw(VALUES)
    if draw(st.booleans()) and "StreamName" in names and "StreamARN" not in params:
        params["StreamName"] = "s"
    return operation, params


@settings(max_examples=500)
@given(st.lists(requests(), min_size=1, max_size=6))
def test_any_request_gives_a_result_or_an_aws_error(calls) -> None:
    cloud = Cloud(clock=ManualClock(1_700_000_000))
    dispatch(cloud, "kinesis", "CreateStream", {"StreamName": "s", "ShardCount": 2}, "123456789012", "us-east-1")
    dispatch(cloud, "kinesis", "RegisterStreamConsumer", {"StreamARN": ARN, "ConsumerName": "c"},
             "123456789012", "us-east-1")
    for operation, params in calls:
        try:
            result = dispatch(cloud, "kinesis", operation, params, "123456789012", "us-east-1")
        except AWSError:
            continue
        assert isinstance(result, dict)
        if operation == "SubscribeToShard":
            list(result["EventStream"])
    for stream in cloud.backend("kinesis").streams():
        stream._check()
