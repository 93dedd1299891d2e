"""BatchWriteItem / BatchGetItem scenarios from Alternator's AWS-validated test_batch.py, in our words."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

pytestmark = pytest.mark.usefixtures("aws")


def _table(name: str, sort: str | None) -> Any:
    keys = [{"AttributeName": "p", "KeyType": "HASH"}]
    attrs = [{"AttributeName": "p", "AttributeType": "S"}]
    if sort:
        keys.append({"AttributeName": "c", "KeyType": "RANGE"})
        attrs.append({"AttributeName": "c", "AttributeType": sort})
    return boto3.resource("dynamodb", region_name="us-east-1").create_table(
        TableName=name, KeySchema=keys, AttributeDefinitions=attrs, BillingMode="PAY_PER_REQUEST")


@pytest.fixture
def ts() -> Any:
    return _table("alt_bs", None)


@pytest.fixture
def tss() -> Any:
    return _table("alt_bss", "S")


@pytest.fixture
def tsn() -> Any:
    return _table("alt_bsn", "N")


def _key(item: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(sorted((k, str(v)) for k, v in item.items()))


def _dup(call: Any) -> None:
    with pytest.raises(ClientError) as info:
        call()
    assert info.value.response["Error"]["Code"] == "ValidationException"
    assert info.value.response["Error"]["Message"] == "Provided list of item keys contains duplicates"


def test_writes_deletes_and_replacement(ts: Any, tss: Any) -> None:
    items = [{"p": f"p{i // 4}", "c": str(i % 4), "v": str(i)} for i in range(16)]
    with tss.batch_writer() as batch:
        for item in reversed(items):
            batch.put_item(Item=item)
    for item in items:
        assert tss.get_item(Key={"p": item["p"], "c": item["c"]}, ConsistentRead=True)["Item"] == item
    ts.put_item(Item={"p": "old", "a": "hi"})
    with ts.batch_writer() as batch:
        batch.put_item(Item={"p": "old", "b": "hello"})
        batch.put_item(Item={"p": "new"})
    assert ts.get_item(Key={"p": "old"})["Item"] == {"p": "old", "b": "hello"}
    assert ts.get_item(Key={"p": "new"})["Item"] == {"p": "new"}
    with ts.batch_writer() as batch:
        batch.delete_item(Key={"p": "old"})
        batch.put_item(Item={"p": "third"})
    assert "Item" not in ts.get_item(Key={"p": "old"})
    assert "Item" in ts.get_item(Key={"p": "third"})


def test_duplicate_keys_in_one_write_batch(ts: Any, tss: Any) -> None:
    client = ts.meta.client

    def batch(table: str, *requests: dict[str, Any]) -> Any:
        return lambda: client.batch_write_item(RequestItems={table: list(requests)})
    put_s, del_s = {"PutRequest": {"Item": {"p": "x"}}}, {"DeleteRequest": {"Key": {"p": "x"}}}
    put_ss, del_ss = {"PutRequest": {"Item": {"p": "x", "c": "y"}}}, {"DeleteRequest": {"Key": {"p": "x", "c": "y"}}}
    for pair in [(put_s, put_s), (del_s, del_s), (del_s, put_s)]:
        _dup(batch("alt_bs", *pair))
    for pair in [(put_ss, put_ss), (del_ss, del_ss), (del_ss, put_ss)]:
        _dup(batch("alt_bss", *pair))
    assert ts.scan()["Items"] == [] and tss.scan()["Items"] == []
    client.batch_write_item(RequestItems={"alt_bss": [
        del_ss, {"PutRequest": {"Item": {"p": "x", "c": "z"}}}, {"PutRequest": {"Item": {"p": "z", "c": "y"}}}]})
    assert tss.scan(Select="COUNT")["Count"] == 2
    # the same key in two tables is no duplicate
    client.batch_write_item(RequestItems={"alt_bs": [{"PutRequest": {"Item": {"p": "k", "a": "hi"}}}],
                                          "alt_bss": [{"PutRequest": {"Item": {"p": "k", "c": "k", "b": "yo"}}}]})
    assert ts.get_item(Key={"p": "k"})["Item"] == {"p": "k", "a": "hi"}
    assert tss.get_item(Key={"p": "k", "c": "k"})["Item"] == {"p": "k", "c": "k", "b": "yo"}


@pytest.mark.parametrize("bad", [{"p": 3}, {"x": "whatever"}])
def test_one_bad_request_rejects_the_whole_batch(ts: Any, bad: dict[str, Any]) -> None:
    with pytest.raises(ClientError) as info:
        ts.meta.client.batch_write_item(RequestItems={"alt_bs": [
            {"PutRequest": {"Item": {"p": "a"}}}, {"PutRequest": {"Item": bad}}, {"PutRequest": {"Item": {"p": "b"}}}]})
    assert info.value.response["Error"]["Code"] == "ValidationException"
    assert ts.scan()["Items"] == []


def test_more_than_25_writes_fail(tsn: Any) -> None:
    for make in (lambda i: {"PutRequest": {"Item": {"p": "k", "c": i}}},
                 lambda i: {"DeleteRequest": {"Key": {"p": "k", "c": i}}}):
        with pytest.raises(ClientError) as info:
            tsn.meta.client.batch_write_item(RequestItems={"alt_bsn": [make(i) for i in range(105)]})
        assert info.value.response["Error"]["Code"] == "ValidationException"
        assert "length" in info.value.response["Error"]["Message"]
    assert tsn.scan()["Items"] == []


def test_large_batch_round_trip(tsn: Any) -> None:
    content = "x" * 49_000
    out = tsn.meta.client.batch_write_item(RequestItems={"alt_bsn": [
        {"PutRequest": {"Item": {"p": "k", "c": i, "content": content}}} for i in range(25)]})
    assert out["UnprocessedItems"] == {}
    first = tsn.query(KeyConditionExpression="p = :p", ExpressionAttributeValues={":p": "k"})
    assert "LastEvaluatedKey" in first  # 25 x 49 KB is past the 1 MB page
    rest = tsn.query(KeyConditionExpression="p = :p", ExpressionAttributeValues={":p": "k"},
                     ExclusiveStartKey=first["LastEvaluatedKey"])
    got = first["Items"] + rest["Items"]
    assert got == [{"p": "k", "c": i, "content": content} for i in range(25)]
    reply = tsn.meta.client.batch_get_item(RequestItems={"alt_bsn": {
        "Keys": [{"p": "k", "c": c} for c in range(25)], "ConsistentRead": True}})
    assert reply["UnprocessedKeys"] == {}
    assert sorted(x["c"] for x in reply["Responses"]["alt_bsn"]) == list(range(25))


def test_batch_get_items_tables_and_missing_keys(ts: Any, tss: Any) -> None:
    items1 = [{"p": f"p{i}", "c": f"c{i}", "v": str(i)} for i in range(3)]
    items2 = [{"p": f"p{i}", "v": str(i)} for i in range(3)]
    for item in items1:
        tss.put_item(Item=item)
    for item in items2:
        ts.put_item(Item=item)
    reply = ts.meta.client.batch_get_item(RequestItems={
        "alt_bss": {"Keys": [{"p": x["p"], "c": x["c"]} for x in items1], "ConsistentRead": True},
        "alt_bs": {"Keys": [{"p": x["p"]} for x in items2] + [{"p": "missing"}]}})
    assert sorted(map(_key, reply["Responses"]["alt_bss"])) == sorted(map(_key, items1))
    assert sorted(map(_key, reply["Responses"]["alt_bs"])) == sorted(map(_key, items2))
    reply = ts.meta.client.batch_get_item(RequestItems={"alt_bs": {"Keys": [{"p": "nope"}]}})
    assert reply["Responses"] == {"alt_bs": []}
    assert reply["UnprocessedKeys"] == {}


@pytest.mark.parametrize("wanted", [["p"], ["p", "c"], ["val1"], ["p", "val2"]])
def test_batch_get_attributes_to_get_and_projection(tss: Any, wanted: list[str]) -> None:
    items = [{"p": f"p{i}", "c": f"c{i}", "val1": f"a{i}", "val2": f"b{i}"} for i in range(5)]
    for item in items:
        tss.put_item(Item=item)
    keys = [{"p": x["p"], "c": x["c"]} for x in items]
    expected = sorted(_key({k: x[k] for k in wanted}) for x in items)
    for spec in ({"AttributesToGet": wanted}, {"ProjectionExpression": ",".join(wanted)}):
        reply = tss.meta.client.batch_get_item(RequestItems={"alt_bss": {"Keys": keys, **spec}})
        assert sorted(map(_key, reply["Responses"]["alt_bss"])) == expected


def test_batch_get_projection_names(tss: Any) -> None:
    tss.put_item(Item={"p": "a", "c": "b", "v": "x"})
    spec = {"Keys": [{"p": "a", "c": "b"}], "ProjectionExpression": "#q"}
    reply = tss.meta.client.batch_get_item(RequestItems={"alt_bss": {**spec, "ExpressionAttributeNames": {"#q": "p"}}})
    assert reply["Responses"]["alt_bss"] == [{"p": "a"}]
    with pytest.raises(ClientError) as info:
        tss.meta.client.batch_get_item(RequestItems={"alt_bss": {
            **spec, "ExpressionAttributeNames": {"#q": "p", "#unused": "u"}}})
    assert info.value.response["Error"]["Code"] == "ValidationException"


def test_batch_get_duplicate_keys(ts: Any, tss: Any) -> None:
    _dup(lambda: ts.meta.client.batch_get_item(RequestItems={"alt_bs": {"Keys": [{"p": "x"}, {"p": "x"}]}}))
    _dup(lambda: tss.meta.client.batch_get_item(RequestItems={"alt_bss": {
        "Keys": [{"p": "x", "c": "y"}, {"p": "x", "c": "y"}]}}))
    tss.meta.client.batch_get_item(RequestItems={"alt_bss": {"Keys": [{"p": "x", "c": "y"}, {"p": "x", "c": "z"}]}})
