"""PutItem/GetItem/UpdateItem/DeleteItem scenarios from Alternator's AWS-validated test_item.py, in our words."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

pytestmark = pytest.mark.usefixtures("aws")


def _table(name: str, hash_type: str = "S", sort_type: str | None = None, validate: bool = True) -> Any:
    keys = [{"AttributeName": "p", "KeyType": "HASH"}]
    attrs = [{"AttributeName": "p", "AttributeType": hash_type}]
    if sort_type:
        keys.append({"AttributeName": "c", "KeyType": "RANGE"})
        attrs.append({"AttributeName": "c", "AttributeType": sort_type})
    ddb = boto3.resource("dynamodb", region_name="us-east-1", config=Config(parameter_validation=validate))
    ddb.meta.client.create_table(TableName=name, KeySchema=keys, AttributeDefinitions=attrs,
                                 BillingMode="PAY_PER_REQUEST")
    return ddb.Table(name)


@pytest.fixture
def ts() -> Any:
    return _table("alt_is")


@pytest.fixture
def tss() -> Any:
    return _table("alt_iss", sort_type="S")


def _invalid(call: Any, *args: Any, **kwargs: Any) -> str:
    with pytest.raises(ClientError) as info:
        call(*args, **kwargs)
    assert info.value.response["Error"]["Code"] == "ValidationException"
    return info.value.response["Error"]["Message"]


def test_every_attribute_type_round_trips(tss: Any) -> None:
    values = [Decimal("12.345"), 42, True, False, b"xyz", None, ["hello", "world", 42], {"hello": "world", "life": 42},
              {"hello": {"test": "hi", "hello": True, "list": [1, 2, "hi"]}}, {"hello", "world", "hi"},
              {1, 42, Decimal("3.14")}, {b"xyz", b"hi"}]
    item = {str(i): v for i, v in enumerate(values)} | {"p": "a", "c": "b"}
    tss.put_item(Item=item)
    assert tss.get_item(Key={"p": "a", "c": "b"}, ConsistentRead=True)["Item"] == item


def test_empty_items_from_every_path(tss: Any) -> None:
    tss.put_item(Item={"p": "1", "c": "1"})
    tss.put_item(Item={"p": "2", "c": "2", "hello": "world"})
    tss.update_item(Key={"p": "2", "c": "2"}, AttributeUpdates={"hello": {"Action": "DELETE"}})
    tss.update_item(Key={"p": "3", "c": "3"}, AttributeUpdates={})
    tss.update_item(Key={"p": "4", "c": "4"}, AttributeUpdates={"hello": {"Value": "world", "Action": "PUT"}})
    tss.update_item(Key={"p": "4", "c": "4"}, AttributeUpdates={"hello": {"Action": "DELETE"}})
    for k in "1234":
        assert tss.get_item(Key={"p": k, "c": k})["Item"] == {"p": k, "c": k}
    _invalid(tss.update_item, Key={"p": "5", "c": "5"}, AttributeUpdates={"a": {"Value": "x", "Action": "NONEXISTENT"}})


def test_unknown_and_misnamed_tables() -> None:
    client = boto3.client("dynamodb", region_name="us-east-1", config=Config(parameter_validation=False))
    with pytest.raises(ClientError) as info:
        client.put_item(TableName="non_existent_table", Item={"a": {"S": "b"}})
    assert info.value.response["Error"]["Code"] == "ResourceNotFoundException"
    msg = _invalid(client.put_item, TableName="non!existent!table", Item={"a": {"S": "b"}})
    assert "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+" in msg
    _invalid(client.put_item, TableName="xx", Item={"a": {"S": "b"}})


@pytest.mark.parametrize("key", [{"p": b"x", "c": "s"}, {"p": Decimal("3.14"), "c": "s"}, {"p": "s", "c": b"x"},
                                 {"p": "s", "c": Decimal("3.14")}, {"c": "s"}, {"p": "s"}])
def test_wrong_or_missing_key_attributes(tss: Any, key: dict[str, Any]) -> None:
    _invalid(tss.put_item, Item=key)
    _invalid(tss.update_item, Key=key, AttributeUpdates={})
    _invalid(tss.get_item, Key=key)
    _invalid(tss.delete_item, Key=key)
    assert tss.scan()["Items"] == []


def test_spurious_key_attributes(ts: Any, tss: Any) -> None:
    for call in (tss.get_item, tss.delete_item):
        msg = _invalid(call, Key={"p": "s", "c": "s", "spurious": "s"})
        assert msg == "The provided key element does not match the schema"
    for call in (ts.get_item, ts.delete_item):
        _invalid(call, Key={"p": "s", "c": "s"})
    tss.update_item(Key={"p": "s", "c": "s"}, AttributeUpdates={})
    assert tss.get_item(Key={"p": "s", "c": "s"})["Item"] == {"p": "s", "c": "s"}
    assert "Item" not in tss.get_item(Key={"p": "s", "c": "t"})


def test_blob_keys_at_their_size_limits() -> None:
    tb = _table("alt_ib", hash_type="B")
    for n in range(10, 18):
        tb.put_item(Item={"p": bytes(range(n)), "v": "x"})
        assert tb.get_item(Key={"p": bytes(range(n))})["Item"]["v"] == "x"
    tb.put_item(Item={"p": b"h" * 2048})
    assert tb.get_item(Key={"p": b"h" * 2048})["Item"]["p"].value == b"h" * 2048
    tsb = _table("alt_isb", sort_type="B")
    tsb.put_item(Item={"p": "s", "c": b"c" * 1024})
    assert tsb.get_item(Key={"p": "s", "c": b"c" * 1024})["Item"]["c"].value == b"c" * 1024
    tss = _table("alt_iss2", sort_type="S")
    tss.put_item(Item={"p": "s", "c": "t", "attribute": b"a" * 409500})  # a little under 400 KB
    assert tss.get_item(Key={"p": "s", "c": "t"})["Item"]["attribute"].value == b"a" * 409500


def test_update_methods(ts: Any) -> None:
    _invalid(ts.update_item, Key={"p": "k"}, AttributeUpdates={"a": {"Value": 3, "Action": "PUT"}},
             UpdateExpression="SET b = :v", ExpressionAttributeValues={":v": 4})
    assert "Item" not in ts.get_item(Key={"p": "k"})
    ts.update_item(Key={"p": "k"})
    assert ts.get_item(Key={"p": "k"})["Item"] == {"p": "k"}


def test_attributes_to_get() -> None:
    table = _table("alt_iag", sort_type="S", validate=False)
    item = {"p": "a", "c": "b", "x": "hello", "y": "hi"}
    table.put_item(Item=item)
    for wanted in [["x"], ["c", "x"], ["p", "c"], ["nonexistent"]]:
        got = table.get_item(Key={"p": "a", "c": "b"}, AttributesToGet=wanted)["Item"]
        assert got == {k: item[k] for k in wanted if k in item}
    assert "Duplicate" in _invalid(table.get_item, Key={"p": "a", "c": "b"}, AttributesToGet=["x", "x"])
    _invalid(table.get_item, Key={"p": "a", "c": "b"}, AttributesToGet=[])


def test_delete_answers_empty_and_put_replaces(ts: Any) -> None:
    ts.put_item(Item={"p": "k", "a": "hi"})
    ts.put_item(Item={"p": "k", "b": "hello"})
    assert ts.get_item(Key={"p": "k"})["Item"] == {"p": "k", "b": "hello"}
    out = ts.delete_item(Key={"p": "k"})
    del out["ResponseMetadata"]
    assert out == {}


def test_update_merges_and_deleting_updates_create_nothing(ts: Any) -> None:
    ts.put_item(Item={"p": "k", "a": "hi"})
    ts.update_item(Key={"p": "k"}, AttributeUpdates={"b": {"Value": "hello", "Action": "PUT"}})
    ts.update_item(Key={"p": "k"}, AttributeUpdates={"a": {"Action": "DELETE"}})
    assert ts.get_item(Key={"p": "k"})["Item"] == {"p": "k", "b": "hello"}
    ts.update_item(Key={"p": "n1"}, AttributeUpdates={"a": {"Action": "DELETE"}})
    ts.update_item(Key={"p": "n2"}, UpdateExpression="REMOVE a")
    ts.update_item(Key={"p": "n3"}, AttributeUpdates={"a": {"Action": "DELETE", "Value": {4}}})
    for k in ("n1", "n2", "n3"):
        assert "Item" not in ts.get_item(Key={"p": k})


@pytest.mark.parametrize("value", ["b", 3, b"b", True, False, None, [2, 3], {"a": 3}])
def test_attribute_updates_delete_value_must_be_a_set(ts: Any, value: Any) -> None:
    ts.put_item(Item={"p": "k", "a": value})
    msg = _invalid(ts.update_item, Key={"p": "k"}, AttributeUpdates={"a": {"Action": "DELETE", "Value": value}})
    assert msg.startswith("One or more parameter values were invalid: DELETE action with value is not supported for the type")
    assert "Type mismatch for attribute to update" == _invalid(ts.update_item, Key={"p": "k"},
                                  AttributeUpdates={"a": {"Action": "DELETE", "Value": {1, 2}}})


def test_attribute_updates_delete_from_sets(ts: Any) -> None:
    def delete(start: Any, remove: Any) -> dict[str, Any]:
        ts.put_item(Item={"p": "k", "a": start})
        ts.update_item(Key={"p": "k"}, AttributeUpdates={"a": {"Action": "DELETE", "Value": remove}})
        return ts.get_item(Key={"p": "k"})["Item"]
    assert delete({1, 2, 3, 4, 5}, {2, 4}) == {"p": "k", "a": {1, 3, 5}}
    assert delete({"dog", "cat", "lion"}, {"dog"}) == {"p": "k", "a": {"cat", "lion"}}
    assert delete({b"dog", b"cat", b"lion"}, {b"cat"}) == {"p": "k", "a": {b"dog", b"lion"}}
    assert delete({1, 2, 3}, {1, 2, 3}) == {"p": "k"}
    assert delete({1, 2, 3}, {4}) == {"p": "k", "a": {1, 2, 3}}
    assert delete({1, 2, 3}, {2, 5}) == {"p": "k", "a": {1, 3}}
    ts.put_item(Item={"p": "k", "a": {1, 2, 3, 4, 5}})
    assert "Type mismatch for attribute to update" == _invalid(
        ts.update_item, Key={"p": "k"}, AttributeUpdates={"a": {"Action": "DELETE", "Value": {"hi"}}})
    ts.put_item(Item={"p": "k", "a": "text"})
    assert "Type mismatch for attribute to update" == _invalid(
        ts.update_item, Key={"p": "k"}, AttributeUpdates={"a": {"Action": "ADD", "Value": 1}})


def test_attribute_updates_add(ts: Any) -> None:
    ts.put_item(Item={"p": "k", "a": 7})
    ts.update_item(Key={"p": "k"}, AttributeUpdates={"a": {"Action": "ADD", "Value": 2}})
    ts.update_item(Key={"p": "k"}, AttributeUpdates={"a": {"Action": "ADD", "Value": Decimal("-3.5")}})
    ts.update_item(Key={"p": "k"}, AttributeUpdates={"b": {"Action": "ADD", "Value": 2}})
    assert ts.get_item(Key={"p": "k"})["Item"] == {"p": "k", "a": Decimal("5.5"), "b": 2}
    ts.put_item(Item={"p": "k", "a": {1, 2}})
    ts.update_item(Key={"p": "k"}, AttributeUpdates={"a": {"Action": "ADD", "Value": {3, 4}}})
    ts.update_item(Key={"p": "k"}, AttributeUpdates={"a": {"Action": "ADD", "Value": {3, 5}}})
    ts.update_item(Key={"p": "k"}, AttributeUpdates={"s": {"Action": "ADD", "Value": {"x", "y"}}})
    assert ts.get_item(Key={"p": "k"})["Item"] == {"p": "k", "a": {1, 2, 3, 4, 5}, "s": {"x", "y"}}


@pytest.mark.parametrize(("start", "action", "value"), [({"1"}, "DELETE", {1}), (1, "DELETE", {1}), ({"1"}, "ADD", {2}),
                                                        ({1}, "ADD", 2)])
def test_attribute_updates_type_mismatch(ts: Any, start: Any, action: str, value: Any) -> None:
    ts.put_item(Item={"p": "k", "b": start})
    msg = _invalid(ts.update_item, Key={"p": "k"}, AttributeUpdates={"b": {"Action": action, "Value": value}})
    assert msg == "Type mismatch for attribute to update"
    assert ts.get_item(Key={"p": "k"})["Item"] == {"p": "k", "b": start}


def test_attribute_updates_cannot_touch_the_key(ts: Any) -> None:
    msg = _invalid(ts.update_item, Key={"p": "k"}, AttributeUpdates={"p": {"Value": "x"}})
    assert msg == "One or more parameter values were invalid: Cannot update attribute p. This attribute is part of the key"
