"""PutRecord and GetShardIterator scenarios ported (in our own words) from kinesalite's AWS-checked tests.

Sequence numbers a caller hands back are read as AWS reads them: small numbers are the legacy
layout (offset by 2^124, shard index in the low 16 bits), 47-nibble numbers carry a layout
version in their last nibble. Validation texts are compared as sets of violations, since
AWS's member order is not stable.
"""

from __future__ import annotations

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

ACCOUNT = "123456789012"
RANGE_MSG = ("Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or "
             "(2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. Request specified {} {} StartingSequenceNumber.")


def raw_client():  # noqa: ANN201 - a botocore client
    """A client that sends what it is given (no client-side checks, no retries), as kinesalite's raw requests do."""
    return boto3.client("kinesis", region_name="us-east-1",
                        config=Config(parameter_validation=False, retries={"max_attempts": 0}))


def fail(call, **params) -> tuple[str, str]:  # noqa: ANN001
    with pytest.raises(ClientError) as exc:
        call(**params)
    return exc.value.response["Error"]["Code"], exc.value.response["Error"]["Message"]


def violations(message: str) -> tuple[int, set[str]]:
    head, _, rest = message.partition(": ")
    return int(head.split()[0]), set(rest.split("; "))


def hex_seq(h: str) -> str:
    return str(int(h, 16))


@pytest.fixture
def kin(aws):  # noqa: ANN001, ANN201
    client = raw_client()
    client.create_stream(StreamName="t", ShardCount=3)
    return client


# ---- PutRecord ---------------------------------------------------------------------------------

def test_put_record_empty_strings_list_every_violation(kin) -> None:
    code, msg = fail(kin.put_record, StreamName="", PartitionKey="", Data=b"", ExplicitHashKey="",
                     SequenceNumberForOrdering="")
    assert code == "ValidationException"
    assert violations(msg) == (5, {
        "Value '' at 'sequenceNumberForOrdering' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: 0|([1-9]\\d{0,128})",
        "Value '' at 'partitionKey' failed to satisfy constraint: Member must have length greater than or equal to 1",
        "Value '' at 'explicitHashKey' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: 0|([1-9]\\d{0,38})",
        "Value '' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: "
        "[a-zA-Z0-9_.-]+",
        "Value '' at 'streamName' failed to satisfy constraint: Member must have length greater than or equal to 1",
    })


def test_put_record_long_names(kin) -> None:
    name, key = "a" * 129, "a" * 257
    code, msg = fail(kin.put_record, StreamName=name, PartitionKey=key, Data=b"", ExplicitHashKey="")
    assert code == "ValidationException"
    assert violations(msg) == (3, {
        f"Value '{key}' at 'partitionKey' failed to satisfy constraint: Member must have length less than or equal "
        "to 256",
        "Value '' at 'explicitHashKey' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: 0|([1-9]\\d{0,38})",
        f"Value '{name}' at 'streamName' failed to satisfy constraint: Member must have length less than or equal "
        "to 128",
    })


def test_put_record_unknown_stream(kin) -> None:
    assert fail(kin.put_record, StreamName="nope", PartitionKey="x", Data=b"") == (
        "ResourceNotFoundException", f"Stream nope under account {ACCOUNT} not found.")


def test_put_record_hash_key_out_of_range(kin) -> None:
    key = str(2**128)
    assert fail(kin.put_record, StreamName="t", PartitionKey="a", Data=b"", ExplicitHashKey=key) == (
        "InvalidArgumentException",
        f"Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was {key}")


@pytest.mark.parametrize("hexnum", [
    "20000000000000000000000000000000000000000000000",   # version 0 in the long layout
    "20000000000000000000000000000000000000000000004",   # version 4
    "30000000000000000000000000000000000000000000001",   # leading 3
    "1ffffffffff7fffffffffffffff000000000007fffffff2",   # leading 1
    "20000000000800000000000000000000000000000000002",   # sequence index with its top bit set
    "20000000000000000000000000000000000000800000002",   # shard index with its top bit set
    "13bb2cc3d80000000000000000000000",                  # legacy layout, creation date too large
])
def test_put_record_bad_ordering_numbers(kin, hexnum: str) -> None:
    seq = hex_seq(hexnum)
    assert fail(kin.put_record, StreamName="t", PartitionKey="a", Data=b"", SequenceNumberForOrdering=seq) == (
        "InvalidArgumentException",
        f"ExclusiveMinimumSequenceNumber {seq} used in PutRecord on stream t under account {ACCOUNT} is invalid.")


def test_put_record_ordering_number_from_the_future(aws, kin) -> None:
    seq = hex_seq("200000000000000000000000000000" + format(int(aws.clock.now()) + 2, "x") + "000000002")
    assert fail(kin.put_record, StreamName="t", PartitionKey="a", Data=b"", SequenceNumberForOrdering=seq)[0] == (
        "InvalidArgumentException")


def test_put_record_version_3_ordering_number_is_an_internal_failure(kin) -> None:
    seq = hex_seq("20000000000000000000000000000000000000000000003")
    code, _ = fail(kin.put_record, StreamName="t", PartitionKey="a", Data=b"", SequenceNumberForOrdering=seq)
    assert code == "InternalFailure"


@pytest.mark.parametrize("hexnum", [
    "2ffffffffff7fffffffffffffff000000000007fffffff2",   # all f
    "20000000000000000000000000000000000000000000002",   # all 0
    "20000000000000000000000000000000000000000000001",   # all 0, version 1
])
def test_put_record_accepts_well_formed_ordering_numbers(kin, hexnum: str) -> None:
    resp = kin.put_record(StreamName="t", PartitionKey="a", Data=b"", SequenceNumberForOrdering=hex_seq(hexnum))
    assert resp["ShardId"] == "shardId-000000000000"


@pytest.mark.parametrize(("hash_key", "shard"), [
    (2**128 - 1, "shardId-000000000002"),
    (2**128 // 3 * 2 - 1, "shardId-000000000001"),
    (2**128 // 3 * 2, "shardId-000000000002"),
])
def test_put_record_hash_key_edges_pick_the_shard(kin, hash_key: int, shard: str) -> None:
    resp = kin.put_record(StreamName="t", PartitionKey="a", Data=b"", ExplicitHashKey=str(hash_key))
    assert resp["ShardId"] == shard


def test_put_record_empty_data_and_consecutive_sequence_indexes(kin) -> None:
    indexes = []
    for _ in range(20):
        for key, shard in (("a", "shardId-000000000000"), ("b", "shardId-000000000001")):
            resp = kin.put_record(StreamName="t", PartitionKey=key, Data=b"")
            assert resp["ShardId"] == shard
            indexes.append(int(format(int(resp["SequenceNumber"]), "x")[11:27], 16))
            assert len(resp["SequenceNumber"]) == 56
    per_shard = [indexes[0::2], indexes[1::2]]
    for seq in per_shard:
        assert seq == sorted(seq) and len(set(seq)) == len(seq)


def test_put_record_ordering_number_written_two_seconds_ago(aws, kin) -> None:
    seq = hex_seq("2ffffffffff7fffffff7fffffff000" + format(int(aws.clock.now()) - 2, "x") + "7fffffff2")
    assert kin.put_record(StreamName="t", PartitionKey="a", Data=b"", SequenceNumberForOrdering=seq)["ShardId"] == (
        "shardId-000000000000")


# ---- GetShardIterator --------------------------------------------------------------------------

def test_get_shard_iterator_empty_strings(kin) -> None:
    code, msg = fail(kin.get_shard_iterator, StreamName="", ShardIteratorType="", ShardId="",
                     StartingSequenceNumber="")
    assert code == "ValidationException"
    count, found = violations(msg)
    assert count == 6
    assert {v for v in found if "shardIteratorType" not in v} == {
        "Value '' at 'shardId' failed to satisfy constraint: Member must satisfy regular expression pattern: "
        "[a-zA-Z0-9_.-]+",
        "Value '' at 'shardId' failed to satisfy constraint: Member must have length greater than or equal to 1",
        "Value '' at 'startingSequenceNumber' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: 0|([1-9]\\d{0,128})",
        "Value '' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: "
        "[a-zA-Z0-9_.-]+",
        "Value '' at 'streamName' failed to satisfy constraint: Member must have length greater than or equal to 1",
    }
    assert any("at 'shardIteratorType' failed to satisfy constraint: Member must satisfy enum value set:" in v
               for v in found)


def test_get_shard_iterator_long_names(kin) -> None:
    name = "a" * 129
    code, msg = fail(kin.get_shard_iterator, StreamName=name, ShardId=name, ShardIteratorType="LATEST")
    assert code == "ValidationException"
    assert violations(msg) == (2, {
        f"Value '{name}' at 'shardId' failed to satisfy constraint: Member must have length less than or equal to 128",
        f"Value '{name}' at 'streamName' failed to satisfy constraint: Member must have length less than or equal "
        "to 128",
    })


@pytest.mark.parametrize("shard_id", ["2147483647", "xyz-2147483647", "a-00002147483647", "-00002147483647"])
def test_get_shard_iterator_unknown_stream_parsable_shard(kin, shard_id: str) -> None:
    assert fail(kin.get_shard_iterator, StreamName="nope", ShardId=shard_id, ShardIteratorType="LATEST") == (
        "ResourceNotFoundException", f"Shard shardId-002147483647 in stream nope under account {ACCOUNT} does not exist")


@pytest.mark.parametrize("shard_id", ["2147483648", "shardId-002147483648", "ABKLFD8", "2.14E4"])
def test_get_shard_iterator_unknown_stream_unparsable_shard(kin, shard_id: str) -> None:
    assert fail(kin.get_shard_iterator, StreamName="nope", ShardId=shard_id, ShardIteratorType="LATEST") == (
        "ResourceNotFoundException", f"Could not find shard {shard_id} in stream nope under account {ACCOUNT}.")


def test_get_shard_iterator_known_stream_missing_shard(kin) -> None:
    assert fail(kin.get_shard_iterator, StreamName="t", ShardId="shardId-5", ShardIteratorType="AT_SEQUENCE_NUMBER",
                StartingSequenceNumber="5") == (
        "ResourceNotFoundException", f"Shard shardId-000000000005 in stream t under account {ACCOUNT} does not exist")


@pytest.mark.parametrize(("kind", "seq", "words"), [
    ("AT_SEQUENCE_NUMBER", None, "and no"),
    ("AFTER_SEQUENCE_NUMBER", None, "and no"),
    ("LATEST", "5", "and also a"),
    ("TRIM_HORIZON", "5", "and also a"),
])
def test_get_shard_iterator_type_and_sequence_mismatch(kin, kind: str, seq: str | None, words: str) -> None:
    extra = {} if seq is None else {"StartingSequenceNumber": seq}
    assert fail(kin.get_shard_iterator, StreamName="t", ShardId="shardId-0", ShardIteratorType=kind, **extra) == (
        "InvalidArgumentException", RANGE_MSG.format(kind, words))


def test_get_shard_iterator_small_number_encodes_another_shard(kin) -> None:
    assert fail(kin.get_shard_iterator, StreamName="t", ShardId="shardId-0", ShardIteratorType="AT_SEQUENCE_NUMBER",
                StartingSequenceNumber="5") == (
        "InvalidArgumentException", "Invalid StartingSequenceNumber. It encodes shardId-000000000005, "
                                    "while it was used in a call to a shard with shardId-000000000000")


@pytest.mark.parametrize(("shard", "given", "shown"), [
    ("shardId-0", "0", "21267647932558653966460912964485513216"),
    ("shardId-2", "425352958651173072921826052383309826", "21693000891209827039382739016868823042"),
    ("shardId-0", hex_seq("f3bb2cc3d7ff7fffffffffffffff0000"), "26227199374821822965252748908982894592"),
])
def test_get_shard_iterator_legacy_numbers_did_not_come_from_this_stream(kin, shard: str, given: str,
                                                                          shown: str) -> None:
    index = int(shard.split("-")[1])
    assert fail(kin.get_shard_iterator, StreamName="t", ShardId=shard, ShardIteratorType="AT_SEQUENCE_NUMBER",
                StartingSequenceNumber=given) == (
        "InvalidArgumentException",
        f"StartingSequenceNumber {shown} used in GetShardIterator on shard shardId-{index:012d} in stream t under "
        f"account {ACCOUNT} is invalid because it did not come from this stream.")


@pytest.mark.parametrize("hexnum", [
    "13bb2cc3d80000000000000000000000",
    "20000000000800000000000000000000000000000000002",
    "20000000000000000000000000000000000000800000002",
])
def test_get_shard_iterator_unparsable_numbers(kin, hexnum: str) -> None:
    seq = hex_seq(hexnum)
    assert fail(kin.get_shard_iterator, StreamName="t", ShardId="shardId-0", ShardIteratorType="AT_SEQUENCE_NUMBER",
                StartingSequenceNumber=seq) == (
        "InvalidArgumentException",
        f"StartingSequenceNumber {seq} used in GetShardIterator on shard shardId-000000000000 in stream t under "
        f"account {ACCOUNT} is invalid.")


@pytest.mark.parametrize("kind", ["LATEST", "TRIM_HORIZON"])
def test_get_shard_iterator_any_prefix_before_the_index(kin, kind: str) -> None:
    resp = kin.get_shard_iterator(StreamName="t", ShardId="somename-0", ShardIteratorType=kind)
    assert kin.get_records(ShardIterator=resp["ShardIterator"])["Records"] == []


def test_get_shard_iterator_short_prefix_on_streams_of_different_name_lengths(kin) -> None:
    for name in ("s" * 29, "s" * 30):
        kin.create_stream(StreamName=name, ShardCount=1)
        it = kin.get_shard_iterator(StreamName=name, ShardId="shard-0", ShardIteratorType="LATEST")["ShardIterator"]
        kin.put_record(StreamName=name, PartitionKey="a", Data=b"hi")
        assert [r["Data"] for r in kin.get_records(ShardIterator=it)["Records"]] == [b"hi"]
