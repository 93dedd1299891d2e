"""SET functions (list_append, if_not_exists, unknown functions) from Alternator's AWS-validated suite, in our words."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

pytestmark = pytest.mark.usefixtures("aws")


@pytest.fixture
def ts() -> Any:
    """A table with a string hash key ``p``."""
    ddb = boto3.resource("dynamodb", region_name="us-east-1")
    return ddb.create_table(TableName="alt_f", KeySchema=[{"AttributeName": "p", "KeyType": "HASH"}],
                            AttributeDefinitions=[{"AttributeName": "p", "AttributeType": "S"}],
                            BillingMode="PAY_PER_REQUEST")


def _get(table: Any) -> dict[str, Any]:
    return table.get_item(Key={"p": "k"}, ConsistentRead=True)["Item"]


def _invalid(table: Any, expr: str, values: dict[str, Any] | None = None, **kwargs: Any) -> str:
    if values is not None:
        kwargs["ExpressionAttributeValues"] = values
    with pytest.raises(ClientError) as info:
        table.update_item(Key={"p": "k"}, UpdateExpression=expr, **kwargs)
    assert info.value.response["Error"]["Code"] == "ValidationException"
    return info.value.response["Error"]["Message"]


def test_list_append_of_two_values_and_its_arity(ts: Any) -> None:
    ts.update_item(Key={"p": "k"}, UpdateExpression="SET a = list_append(:v1, :v2)",
                   ExpressionAttributeValues={":v1": [4, "hello"], ":v2": ["hi", 7]})
    assert _get(ts)["a"] == [4, "hello", "hi", 7]
    # function names are case-sensitive, unlike clause keywords
    msg = _invalid(ts, "SET a = LIST_APPEND(:v1, :v2)", {":v1": [4], ":v2": ["hi"]})
    assert msg == "Invalid UpdateExpression: Invalid function name; function: LIST_APPEND"
    ts.update_item(Key={"p": "k"}, UpdateExpression="SET a = list_append(  :v1 ,:v2 )",
                   ExpressionAttributeValues={":v1": ["a"], ":v2": ["b"]})
    assert _get(ts)["a"] == ["a", "b"]
    msg = _invalid(ts, "SET a = list_append(:v1)", {":v1": ["a"]})
    assert msg == ("Invalid UpdateExpression: Incorrect number of operands for operator or function; "
                   "operator or function: list_append, number of operands: 1")
    _invalid(ts, "SET a = list_append(:v1, :v2, :v3)", {":v1": [4], ":v2": [7], ":v3": ["a"]})
    msg = _invalid(ts, "SET a = list_append(:v1, :v2)", {":v1": [4, "hello"], ":v2": "hi"})
    assert msg == ("Invalid UpdateExpression: Incorrect operand type for operator or function; "
                   "operator or function: list_append, operand type: S")


def test_list_append_with_paths(ts: Any) -> None:
    ts.update_item(Key={"p": "k"}, UpdateExpression="SET a = :v", ExpressionAttributeValues={":v": ["hi", 2]})
    ts.update_item(Key={"p": "k"}, UpdateExpression="SET a = list_append(a, :v)",
                   ExpressionAttributeValues={":v": [4, "hello"]})
    assert _get(ts)["a"] == ["hi", 2, 4, "hello"]
    ts.update_item(Key={"p": "k"}, UpdateExpression="SET a = list_append(:v, a)", ExpressionAttributeValues={":v": ["dog"]})
    ts.update_item(Key={"p": "k"}, UpdateExpression="SET b = list_append(a, :v)", ExpressionAttributeValues={":v": ["cat"]})
    assert _get(ts)["b"] == ["dog", "hi", 2, 4, "hello", "cat"]
    ts.update_item(Key={"p": "k"}, UpdateExpression="SET c = list_append(a, b)")
    assert _get(ts)["c"] == ["dog", "hi", 2, 4, "hello", "dog", "hi", 2, 4, "hello", "cat"]
    ts.update_item(Key={"p": "k"}, UpdateExpression="SET #n1 = list_append(#n2,:v)", ExpressionAttributeValues={":v": [8]},
                   ExpressionAttributeNames={"#n1": "a", "#n2": "a"})
    assert _get(ts)["a"] == ["dog", "hi", 2, 4, "hello", 8]


def test_list_append_needs_two_existing_lists(ts: Any) -> None:
    val = ["hi", 2]
    for args in ["b, :v", ":v, b"]:
        msg = _invalid(ts, f"SET a = list_append({args})", {":v": val})
        assert msg == "The provided expression refers to an attribute that does not exist in the item"
    ts.put_item(Item={"p": "k", "a": 2})
    for args in ["b, :v", ":v, b"]:
        _invalid(ts, f"SET a = list_append({args})", {":v": val})
    for b in [7, "hello", b"hi", {1, 2, 3}, {"a": 3, "b": 4}]:
        ts.put_item(Item={"p": "k", "b": b})
        for args in ["b, :v", ":v, b"]:
            _invalid(ts, f"SET a = list_append({args})", {":v": val})
    for b in [[1, 2, 3], [], ["x", ["hi", "hello"]]]:
        ts.put_item(Item={"p": "k", "b": b})
        ts.update_item(Key={"p": "k"}, UpdateExpression="SET a = list_append(b, :v)", ExpressionAttributeValues={":v": val})
        assert _get(ts)["a"] == b + val
        ts.update_item(Key={"p": "k"}, UpdateExpression="SET a = list_append(:v, b)", ExpressionAttributeValues={":v": val})
        assert _get(ts)["a"] == val + b


def test_if_not_exists(ts: Any) -> None:
    def upd(expr: str, **values: Any) -> None:
        ts.update_item(Key={"p": "k"}, UpdateExpression=expr,
                       ExpressionAttributeValues={f":{k}": v for k, v in values.items()})
    upd("SET a = if_not_exists(a, :v)", v=2)
    upd("SET a = if_not_exists(a, :v)", v=3)
    assert _get(ts)["a"] == 2
    upd("SET b = if_not_exists(c, :v)", v=4)
    assert _get(ts)["b"] == 4
    upd("SET b = if_not_exists(c, :v)", v=5)
    assert _get(ts)["b"] == 5
    upd("SET b = if_not_exists(a, :v)", v=6)
    assert _get(ts) == {"p": "k", "a": 2, "b": 2}
    _invalid(ts, "SET b = if_not_exists(non@sense, :v)", {":v": 6})
    msg = _invalid(ts, "SET b = if_not_exists(if_not_exists(a, :w), :v)", {":v": 6, ":w": 3})
    assert msg == ("Invalid UpdateExpression: Operator or function requires a document path; "
                   "operator or function: if_not_exists")
    _invalid(ts, "SET b = if_not_exists(:w, :v)", {":v": 6, ":w": 3})
    msg = _invalid(ts, "SET b = if_not_exists(:w, :v)", {":v": 6})
    assert msg == ("Invalid UpdateExpression: An expression attribute value used in expression is not defined; "
                   "attribute value: :w")


def test_plus_outside_function_but_not_inside(ts: Any) -> None:
    ts.update_item(Key={"p": "k"}, UpdateExpression="SET b = if_not_exists(b, :v1)+:v2",
                   ExpressionAttributeValues={":v1": 2, ":v2": 3})
    assert _get(ts)["b"] == 5
    msg = _invalid(ts, "SET c = if_not_exists(c, :v1+:v2)", {":v1": 5, ":v2": 4})
    assert "Syntax error" in msg


def test_unknown_function_names(ts: Any) -> None:
    assert _invalid(ts, "SET a = f(b,c,d)") == "Invalid UpdateExpression: Invalid function name; function: f"
    assert "f123_hi" in _invalid(ts, "SET a = f123_hi(b,c,d)")
    assert "Syntax error" in _invalid(ts, "SET a = _f(b,c,d)")
