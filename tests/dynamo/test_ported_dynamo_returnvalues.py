"""ReturnValues scenarios from Alternator's AWS-validated test_returnvalues.py, in our words."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

pytestmark = pytest.mark.usefixtures("aws")


@pytest.fixture
def ts() -> Any:
    return boto3.resource("dynamodb", region_name="us-east-1").create_table(
        TableName="alt_rv", KeySchema=[{"AttributeName": "p", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "p", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST")


def _invalid(call: Any, **kwargs: Any) -> None:
    with pytest.raises(ClientError) as info:
        call(**kwargs)
    assert info.value.response["Error"]["Code"] == "ValidationException"


def _upd(ts: Any, key: str, rv: str, expr: str | None = None, **values: Any) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"Key": {"p": key}, "ReturnValues": rv}
    if expr is None:
        kwargs["AttributeUpdates"] = {}
    else:
        kwargs["UpdateExpression"] = expr
    if values:
        kwargs["ExpressionAttributeValues"] = {f":{k}": v for k, v in values.items()}
    return ts.update_item(**kwargs)


def test_put_and_delete_support_none_and_all_old_only(ts: Any) -> None:
    ts.put_item(Item={"p": "k", "a": "hi"})
    assert "Attributes" not in ts.put_item(Item={"p": "k", "a": "hello"})
    assert "Attributes" not in ts.put_item(Item={"p": "k", "a": "hey"}, ReturnValues="NONE")
    assert ts.put_item(Item={"p": "k", "a": "yo"}, ReturnValues="ALL_OLD")["Attributes"] == {"p": "k", "a": "hey"}
    assert "Attributes" not in ts.put_item(Item={"p": "new", "a": "x"}, ReturnValues="ALL_OLD")
    for rv in ["UPDATED_OLD", "ALL_NEW", "UPDATED_NEW", "DOG", "none"]:
        _invalid(ts.put_item, Item={"p": "k", "a": "no"}, ReturnValues=rv)
        _invalid(ts.delete_item, Key={"p": "k"}, ReturnValues=rv)
    assert ts.get_item(Key={"p": "k"})["Item"] == {"p": "k", "a": "yo"}
    assert "Attributes" not in ts.delete_item(Key={"p": "new"}, ReturnValues="NONE")
    assert ts.delete_item(Key={"p": "k"}, ReturnValues="ALL_OLD")["Attributes"] == {"p": "k", "a": "yo"}
    assert "Attributes" not in ts.delete_item(Key={"p": "k"}, ReturnValues="ALL_OLD")


def test_update_rejects_unknown_spellings(ts: Any) -> None:
    ts.put_item(Item={"p": "k", "a": "hi", "b": "dog"})
    assert "Attributes" not in _upd(ts, "k", "NONE", "SET b = :v", v="cat")
    for rv in ["none", "DOG"]:
        _invalid(ts.update_item, Key={"p": "k"}, ReturnValues=rv, UpdateExpression="SET a = :v",
                 ExpressionAttributeValues={":v": 1})


def test_update_all_old(ts: Any) -> None:
    ts.put_item(Item={"p": "k", "a": "hi", "b": "dog"})
    assert _upd(ts, "k", "ALL_OLD", "SET b = :v", v="cat")["Attributes"] == {"p": "k", "a": "hi", "b": "dog"}
    assert "Attributes" not in _upd(ts, "new", "ALL_OLD", "SET b = :v", v="cat")
    ts.put_item(Item={"p": "k", "a": 3, "b": "dog"})
    out = ts.update_item(Key={"p": "k"}, ReturnValues="ALL_OLD", AttributeUpdates={"a": {"Action": "ADD", "Value": 2}})
    assert out["Attributes"] == {"p": "k", "a": 3, "b": "dog"}
    ts.put_item(Item={"p": "k", "a": {2, 4, 6, 7}})
    out = ts.update_item(Key={"p": "k"}, ReturnValues="ALL_OLD",
                         AttributeUpdates={"a": {"Action": "DELETE", "Value": {4, 5}}})
    assert out["Attributes"] == {"p": "k", "a": {2, 4, 6, 7}}
    assert ts.get_item(Key={"p": "k"})["Item"] == {"p": "k", "a": {2, 6, 7}}


def test_update_updated_old(ts: Any) -> None:
    ts.put_item(Item={"p": "k", "a": "hi", "b": "dog"})
    assert _upd(ts, "k", "UPDATED_OLD", "SET b = :v, c = :w", v="cat", w="hello")["Attributes"] == {"b": "dog"}
    assert _upd(ts, "k", "UPDATED_OLD", "SET b = :v", v="cat")["Attributes"] == {"b": "cat"}
    assert _upd(ts, "k", "UPDATED_OLD", "REMOVE b")["Attributes"] == {"b": "cat"}
    assert "Attributes" not in _upd(ts, "k", "UPDATED_OLD", "SET b = :v", v="cat")
    assert _upd(ts, "k", "UPDATED_OLD", "SET b = :v, d = :w", v="dog", w="lion")["Attributes"] == {"b": "cat"}
    assert _upd(ts, "k", "UPDATED_OLD", "SET b = :v, d = :w", v="cat", w="tiger")["Attributes"] == \
        {"b": "dog", "d": "lion"}
    assert "Attributes" not in _upd(ts, "k", "UPDATED_OLD")


def test_update_all_new(ts: Any) -> None:
    ts.put_item(Item={"p": "k", "a": "hi", "b": "dog"})
    assert _upd(ts, "k", "ALL_NEW", "SET b = :v", v="cat")["Attributes"] == {"p": "k", "a": "hi", "b": "cat"}
    assert _upd(ts, "k", "ALL_NEW", "REMOVE b")["Attributes"] == {"p": "k", "a": "hi"}
    assert _upd(ts, "n1", "ALL_NEW", "SET b = :v", v="cat")["Attributes"] == {"p": "n1", "b": "cat"}
    assert "Attributes" not in _upd(ts, "n2", "ALL_NEW", "REMOVE b")
    assert "Item" not in ts.get_item(Key={"p": "n2"})
    assert _upd(ts, "n2", "ALL_NEW")["Attributes"] == {"p": "n2"}
    ts.put_item(Item={"p": "n2", "a": "hi"})
    assert _upd(ts, "n2", "ALL_NEW")["Attributes"] == {"p": "n2", "a": "hi"}
    ts.put_item(Item={"p": "r", "s": "dog", "d": "foo", "n": 3})
    assert _upd(ts, "r", "ALL_NEW", "REMOVE d SET s = :v", v="cat")["Attributes"] == {"p": "r", "s": "cat", "n": 3}
    assert _upd(ts, "r", "ALL_NEW", "ADD n :i", i=1)["Attributes"]["n"] == 4


def test_update_updated_new(ts: Any) -> None:
    ts.put_item(Item={"p": "k", "a": "hi", "b": "dog"})
    assert _upd(ts, "k", "UPDATED_NEW", "SET b = :v, c = :w", v="cat", w="hello")["Attributes"] == \
        {"b": "cat", "c": "hello"}
    assert "Attributes" not in _upd(ts, "k", "UPDATED_NEW", "REMOVE b")
    assert _upd(ts, "k", "UPDATED_NEW", "SET a = :v, b = :w REMOVE c", v="dog", w="tiger")["Attributes"] == \
        {"a": "dog", "b": "tiger"}
    ts.put_item(Item={"p": "n", "a": 1})
    assert _upd(ts, "n", "UPDATED_NEW", "SET a = a + :v", v=1)["Attributes"] == {"a": 2}
    assert _upd(ts, "fresh", "UPDATED_NEW", "SET a = :v", v=1)["Attributes"] == {"a": 1}
    assert "Attributes" not in _upd(ts, "empty", "UPDATED_NEW")
    ts.put_item(Item={"p": "empty", "a": "hi"})
    assert "Attributes" not in _upd(ts, "empty", "UPDATED_NEW")


def test_updated_values_of_nested_paths(ts: Any) -> None:
    ts.put_item(Item={"p": "k", "a": {"b": "dog", "c": [1, 2, 3]}, "d": "cat"})
    assert _upd(ts, "k", "ALL_OLD", "SET a.b = :v", v="hi")["Attributes"] == \
        {"p": "k", "a": {"b": "dog", "c": [1, 2, 3]}, "d": "cat"}
    assert _upd(ts, "k", "UPDATED_OLD", "SET a.b = :v", v="yo")["Attributes"] == {"a": {"b": "hi"}}
    assert _upd(ts, "k", "UPDATED_OLD", "SET a.c[1] = :v", v=7)["Attributes"] == {"a": {"c": [2]}}
    assert _upd(ts, "k", "UPDATED_OLD", "SET a.c[1] = :v, a.b = :w", v=8, w="dog")["Attributes"] == \
        {"a": {"b": "yo", "c": [7]}}
    assert _upd(ts, "k", "UPDATED_NEW", "SET a.b = :v", v="hello")["Attributes"] == {"a": {"b": "hello"}}
    assert _upd(ts, "k", "UPDATED_NEW", "SET a.c[1] = :v", v=4)["Attributes"] == {"a": {"c": [4]}}
    assert _upd(ts, "k", "UPDATED_NEW", "SET a.c[1] = :v, a.b = :w", v=3, w="dog")["Attributes"] == \
        {"a": {"b": "dog", "c": [3]}}
    assert _upd(ts, "k", "ALL_NEW", "SET a.c[1] = :v", v=4)["Attributes"] == \
        {"p": "k", "a": {"b": "dog", "c": [1, 4, 3]}, "d": "cat"}
    assert _upd(ts, "k", "UPDATED_OLD", "REMOVE a.c[1], a.c[3]")["Attributes"] == {"a": {"c": [4]}}
    assert "Attributes" not in _upd(ts, "k", "UPDATED_OLD", "SET a.x1 = :v", v=8)
    assert _upd(ts, "k", "UPDATED_NEW", "SET a.x2 = :v", v=8)["Attributes"] == {"a": {"x2": 8}}
    # an index past the end appends, and UPDATED_NEW does not report it
    assert "Attributes" not in _upd(ts, "k", "UPDATED_NEW", "SET a.c[100] = :v", v=70)
    # removing a.c[1] shifts the next element into a.c[1], which UPDATED_NEW reports
    assert _upd(ts, "k", "UPDATED_NEW", "REMOVE a.c[1]")["Attributes"] == {"a": {"c": [70]}}


@pytest.mark.parametrize("op", ["put", "update", "delete"])
def test_return_values_on_condition_check_failure(ts: Any, op: str) -> None:
    def call(cond_value: str, rv: str) -> dict[str, Any]:
        common = {"ReturnValuesOnConditionCheckFailure": rv, "ConditionExpression": "s = :v1"}
        if op == "put":
            return ts.put_item(Item={"p": "k", "s": "cat"}, ExpressionAttributeValues={":v1": cond_value}, **common)
        if op == "delete":
            return ts.delete_item(Key={"p": "k"}, ExpressionAttributeValues={":v1": cond_value}, **common)
        return ts.update_item(Key={"p": "k"}, UpdateExpression="SET s = :v2",
                              ExpressionAttributeValues={":v1": cond_value, ":v2": "cat"}, **common)
    exc = ts.meta.client.exceptions.ConditionalCheckFailedException
    with pytest.raises(exc) as err:
        call("dog", "ALL_OLD")
    assert "Item" not in err.value.response
    ts.put_item(Item={"p": "k", "s": "dog"})
    out = call("dog", "ALL_OLD")
    assert "Attributes" not in out and "Item" not in out
    ts.put_item(Item={"p": "k", "s": "dog"})
    with pytest.raises(exc) as err:
        call("rat", "ALL_OLD")
    assert err.value.response["Item"] == {"p": {"S": "k"}, "s": {"S": "dog"}}
    with pytest.raises(exc) as err:
        call("rat", "NONE")
    assert "Item" not in err.value.response


@pytest.mark.parametrize("option", ["DUMMY", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"])
def test_return_values_on_condition_check_failure_accepts_only_none_and_all_old(ts: Any, option: str) -> None:
    common = {"ReturnValuesOnConditionCheckFailure": option, "ConditionExpression": "s = :v1"}
    _invalid(ts.update_item, Key={"p": "k"}, UpdateExpression="SET s = :v2",
             ExpressionAttributeValues={":v1": "rat", ":v2": "cow"}, **common)
    _invalid(ts.put_item, Item={"p": "k", "s": "cow"}, ExpressionAttributeValues={":v1": "dog"}, **common)
    _invalid(ts.delete_item, Key={"p": "k"}, ExpressionAttributeValues={":v1": "rat"}, **common)
    assert "Item" not in ts.get_item(Key={"p": "k"})
