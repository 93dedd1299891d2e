"""ADD/DELETE and nested-path UpdateExpression scenarios from Alternator's AWS-validated suite, in our words."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

pytestmark = pytest.mark.usefixtures("aws")


@pytest.fixture
def ts() -> Any:
    return boto3.resource("dynamodb", region_name="us-east-1").create_table(
        TableName="alt_up", KeySchema=[{"AttributeName": "p", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "p", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST")


def _upd(ts: Any, expr: str, key: str = "k", names: dict[str, str] | None = None, **values: Any) -> None:
    kwargs: dict[str, Any] = {"Key": {"p": key}, "UpdateExpression": expr}
    if values:
        kwargs["ExpressionAttributeValues"] = {f":{k}": v for k, v in values.items()}
    if names:
        kwargs["ExpressionAttributeNames"] = names
    ts.update_item(**kwargs)


def _get(ts: Any, key: str = "k") -> dict[str, Any]:
    return ts.get_item(Key={"p": key})["Item"]


def _invalid(ts: Any, expr: str, **values: Any) -> str:
    with pytest.raises(ClientError) as info:
        _upd(ts, expr, **values)
    assert info.value.response["Error"]["Code"] == "ValidationException"
    return info.value.response["Error"]["Message"]


def test_add_numbers(ts: Any) -> None:
    ts.put_item(Item={"p": "k", "a": 3, "b": "hi"})
    _upd(ts, "ADD a :v", v=4)
    assert _get(ts)["a"] == 7
    assert _invalid(ts, "ADD a :v", v="hello").startswith(
        "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING")
    assert _invalid(ts, "ADD b :v", v=1) == "An operand in the update expression has an incorrect data type"
    _upd(ts, "ADD c :v", v=7)
    _upd(ts, "ADD b :v", key="new", v=8)
    assert _get(ts)["c"] == 7 and _get(ts, "new") == {"p": "new", "b": 8}


def test_add_sets(ts: Any) -> None:
    ts.put_item(Item={"p": "k", "a": {"dog", "cat", "mouse"}, "b": "hi"})
    _upd(ts, "ADD a :v", v={"pig"})
    assert _get(ts)["a"] == {"dog", "cat", "mouse", "pig"}
    ts.put_item(Item={"p": "k", "a": {"beaver", "lynx", "coati"}, "b": "hi"})
    _upd(ts, "ADD a :v", v={"coati", "beaver", "badger"})
    assert _get(ts)["a"] == {"beaver", "badger", "lynx", "coati"}
    assert "type" in _invalid(ts, "ADD a :v", v="hello")
    _upd(ts, "ADD c :v", v={"dog"})
    _upd(ts, "ADD b :v", key="new", v={"cat"})
    assert _get(ts)["c"] == {"dog"} and _get(ts, "new")["b"] == {"cat"}


def test_add_does_not_work_on_lists(ts: Any) -> None:
    ts.put_item(Item={"p": "k", "a": [1, 2]})
    assert "operand" in _invalid(ts, "ADD a :v", v=[3, 4])
    assert "operand" in _invalid(ts, "ADD a :v", v={3, 4})
    ts.put_item(Item={"p": "k", "a": {1, 2}})
    assert "operand" in _invalid(ts, "ADD a :v", v=[3, 4])


def test_delete_from_sets(ts: Any) -> None:
    ts.put_item(Item={"p": "k", "a": {"dog", "cat", "mouse"}, "b": "hi"})
    _upd(ts, "DELETE a :v", v={"cat", "mouse"})
    assert _get(ts)["a"] == {"dog"}
    _upd(ts, "DELETE a :v", v={"pig"})
    assert _get(ts)["a"] == {"dog"}
    _upd(ts, "DELETE a :v", v={"dog"})
    assert _get(ts) == {"p": "k", "b": "hi"}
    _upd(ts, "DELETE a :v", v={"dog"})
    assert _get(ts) == {"p": "k", "b": "hi"}
    ts.put_item(Item={"p": "k", "a": {"dog", "cat", "mouse"}, "b": "hi"})
    assert _invalid(ts, "DELETE a :v", v="hello").startswith(
        "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, operand type: STRING")


def test_empty_set_operand_is_refused() -> None:
    client = boto3.client("dynamodb", region_name="us-east-1",
                          config=boto3.session.Config(parameter_validation=False))
    client.create_table(TableName="alt_up2", KeySchema=[{"AttributeName": "p", "KeyType": "HASH"}],
                        AttributeDefinitions=[{"AttributeName": "p", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST")
    with pytest.raises(ClientError) as info:
        client.update_item(TableName="alt_up2", Key={"p": {"S": "k"}}, UpdateExpression="DELETE a :v",
                           ExpressionAttributeValues={":v": {"SS": []}})
    assert info.value.response["Error"]["Code"] == "ValidationException"
    assert "empty" in info.value.response["Error"]["Message"]


def test_dotted_names_and_nested_reads(ts: Any) -> None:
    _upd(ts, "SET #a = :v", names={"#a": "a.b"}, v=3)
    assert _get(ts) == {"p": "k", "a.b": 3}
    ts.put_item(Item={"p": "k", "a": {"b": 3, "c": {"x": 7, "y": 8}}, "d": 5})
    _upd(ts, "SET z = a.c.x")
    assert _get(ts)["z"] == 7


def test_nested_sets(ts: Any) -> None:
    ts.put_item(Item={"p": "k", "a": {"b": 3, "c": 4}, "d": 5})
    _upd(ts, "SET a.c = :v", v=7)
    _upd(ts, "SET a.d = :v", v=3)
    assert _get(ts) == {"p": "k", "a": {"b": 3, "c": 7, "d": 3}, "d": 5}
    ts.put_item(Item={"p": "k", "a": ["one", "two", "three"]})
    _upd(ts, "SET a[1] = :v", v="hello")
    assert _get(ts)["a"] == ["one", "hello", "three"]
    assert "yntax" in _invalid(ts, "SET a[:xyz] = :v", v="hello", xyz=1)
    assert "yntax" in _invalid(ts, "SET a[#xyz] = :v", v="hello")
    ts.put_item(Item={"p": "k", "a": {"b": 3, "c": {"one": 1, "two": 2}}})
    _upd(ts, "SET a.c = :v", v=7)
    assert _get(ts)["a"] == {"b": 3, "c": 7}
    ts.put_item(Item={"p": "k", "a": {"b": 3, "c": ["hi", {"x": {"y": [3, 5, 7]}}]}})
    _upd(ts, "SET a.c[1].#n.y[1] = :v", names={"#n": "x"}, v=9)
    assert _get(ts)["a"] == {"b": 3, "c": ["hi", {"x": {"y": [3, 9, 7]}}]}
    _upd(ts, "SET a.z = a.c[1].#n.y[1]", names={"#n": "x"})
    assert _get(ts)["a"]["z"] == 9


def test_nested_removes(ts: Any) -> None:
    ts.put_item(Item={"p": "k", "a": {"b": 3, "c": ["hi", {"x": {"y": [3, 5, 7]}, "q": 2}]}})
    _upd(ts, "REMOVE a.c[1].x.y[1], a.c[1].q")
    assert _get(ts)["a"] == {"b": 3, "c": ["hi", {"x": {"y": [3, 7]}}]}
    ts.put_item(Item={"p": "k", "a": [4, 5, 6]})
    _upd(ts, "REMOVE a[17]")
    assert _get(ts)["a"] == [4, 5, 6]
    for expr in ("REMOVE a[1] SET a[3] = :v", "SET a[3] = :v REMOVE a[1]"):
        ts.put_item(Item={"p": "k", "a": [2, 3, 4, 5, 6, 7]})
        _upd(ts, expr, v=17)
        assert _get(ts)["a"] == [2, 4, 17, 6, 7]


def test_removing_the_last_member_leaves_empty_containers(ts: Any) -> None:
    ts.put_item(Item={"p": "k", "a": {"b": 1}, "l": [1]})
    _upd(ts, "REMOVE a.b, l[0]")
    assert _get(ts) == {"p": "k", "a": {}, "l": []}


def test_set_past_the_end_appends_in_index_order(ts: Any) -> None:
    ts.put_item(Item={"p": "k", "a": ["one", "two", "three"]})
    _upd(ts, "SET a[7] = :v", v="hello")
    assert _get(ts)["a"] == ["one", "two", "three", "hello"]
    _upd(ts, "SET a[84] = :a, a[37] = :b, a[17] = :c, a[50] = :d", a="a1", b="a2", c="a3", d="a4")
    assert _get(ts)["a"] == ["one", "two", "three", "hello", "a3", "a2", "a4", "a1"]


@pytest.mark.parametrize("expr", ["SET a.c = :v", "SET b.c = :v", "SET c.c = :v", "REMOVE a.c", "REMOVE b.c",
                                  "REMOVE c.c", "SET a[0] = :v", "SET c[0] = :v", "REMOVE a[0]", "REMOVE c[0]"])
def test_paths_through_missing_or_scalar_parents_are_invalid(ts: Any, expr: str) -> None:
    ts.put_item(Item={"p": "k", "a": "hello", "b": ["hi"]})
    values = {"v": 7} if ":v" in expr else {}
    assert _invalid(ts, expr, **values) == "The document path provided in the update expression is invalid for update"
    assert _get(ts) == {"p": "k", "a": "hello", "b": ["hi"]}


def test_missing_items_and_leaves(ts: Any) -> None:
    assert _invalid(ts, "SET c.c = :v", v=7) == "The document path provided in the update expression is invalid for update"
    assert "path" in _invalid(ts, "SET b[0] = :v", v=7)
    # REMOVE of a nested path on a missing item is silently accepted, creating nothing
    _upd(ts, "REMOVE x.y")
    _upd(ts, "REMOVE x[0]")
    assert "Item" not in ts.get_item(Key={"p": "k"})
    item = {"p": "k", "a": {"x": 3}, "b": ["hi"]}
    ts.put_item(Item=item)
    for expr in ("REMOVE a.y", "REMOVE b[7]", "REMOVE c"):
        _upd(ts, expr)
    assert _get(ts) == item


def test_empty_sets_refused_but_empty_lists_maps_strings_allowed(ts: Any) -> None:
    client = boto3.client("dynamodb", region_name="us-east-1", config=boto3.session.Config(parameter_validation=False))
    with pytest.raises(ClientError) as info:
        client.update_item(TableName="alt_up", Key={"p": {"S": "k"}}, UpdateExpression="SET a = :v",
                           ExpressionAttributeValues={":v": {"SS": []}})
    assert "empty" in info.value.response["Error"]["Message"]
    assert "Item" not in ts.get_item(Key={"p": "k"})
    _upd(ts, "SET d = :a, e = :b, f = :c, g = :d", a=[], b={}, c="", d=b"")
    got = _get(ts)
    assert got["d"] == [] and got["e"] == {} and got["f"] == "" and got["g"].value == b""
