"""UpdateExpression scenarios from ScyllaDB Alternator's AWS-validated suite (test_update_expression.py), in our words."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

pytestmark = pytest.mark.usefixtures("aws")


@pytest.fixture
def ts() -> Any:
    """A table with a string hash key ``p`` (Alternator's test_table_s)."""
    ddb = boto3.resource("dynamodb", region_name="us-east-1")
    return ddb.create_table(TableName="alt_s", KeySchema=[{"AttributeName": "p", "KeyType": "HASH"}],
                            AttributeDefinitions=[{"AttributeName": "p", "AttributeType": "S"}],
                            BillingMode="PAY_PER_REQUEST")


@pytest.fixture
def tsn() -> Any:
    """A table with hash ``p`` (S) and range ``c`` (N) (Alternator's test_table_sn)."""
    ddb = boto3.resource("dynamodb", region_name="us-east-1")
    return ddb.create_table(TableName="alt_sn", KeySchema=[{"AttributeName": "p", "KeyType": "HASH"},
                                                           {"AttributeName": "c", "KeyType": "RANGE"}],
                            AttributeDefinitions=[{"AttributeName": "p", "AttributeType": "S"},
                                                  {"AttributeName": "c", "AttributeType": "N"}],
                            BillingMode="PAY_PER_REQUEST")


def _item(table: Any, key: dict[str, Any]) -> dict[str, Any] | None:
    return table.get_item(Key=key, ConsistentRead=True).get("Item")


def _invalid(table: Any, **kwargs: Any) -> str:
    with pytest.raises(ClientError) as info:
        table.update_item(**kwargs)
    assert info.value.response["Error"]["Code"] == "ValidationException", info.value.response
    return info.value.response["Error"]["Message"]


def test_set_merges_and_empty_expression_fails(ts: Any) -> None:
    ts.put_item(Item={"p": "k", "a": "hi"})
    ts.update_item(Key={"p": "k"}, UpdateExpression="SET b = :v", ExpressionAttributeValues={":v": "hello"})
    assert _item(ts, {"p": "k"}) == {"p": "k", "a": "hi", "b": "hello"}
    ts.update_item(Key={"p": "k"}, UpdateExpression="SET x = :v, y = :v", ExpressionAttributeValues={":v": 4})
    assert _item(ts, {"p": "k"}) == {"p": "k", "a": "hi", "b": "hello", "x": 4, "y": 4}
    _invalid(ts, Key={"p": "k"}, UpdateExpression="")


def test_set_copies_and_reads_before_writing(ts: Any) -> None:
    ts.put_item(Item={"p": "k", "a": "hello"})
    ts.update_item(Key={"p": "k"}, UpdateExpression="SET b = a")
    assert _item(ts, {"p": "k"}) == {"p": "k", "a": "hello", "b": "hello"}
    _invalid(ts, Key={"p": "k"}, UpdateExpression="SET c = z")
    _invalid(ts, Key={"p": "other"}, UpdateExpression="SET c = z")
    assert _item(ts, {"p": "other"}) is None
    # the copy source is read before any SET action writes
    _invalid(ts, Key={"p": "k"}, UpdateExpression="SET x = :v, y = x", ExpressionAttributeValues={":v": 4})
    ts.update_item(Key={"p": "k"}, UpdateExpression="SET a = a")
    _invalid(ts, Key={"p": "k"}, UpdateExpression="SET z = z")
    ts.update_item(Key={"p": "k"}, UpdateExpression="SET #one = #two",
                   ExpressionAttributeNames={"#one": "c", "#two": "a"})
    assert _item(ts, {"p": "k"}) == {"p": "k", "a": "hello", "b": "hello", "c": "hello"}
    _invalid(ts, Key={"p": "k"}, UpdateExpression="SET #one = #two",
             ExpressionAttributeNames={"#one": "c", "#two": "a", "#three": "z"})


def test_nested_read_before_write_in_arithmetic_and_list_append(ts: Any) -> None:
    ts.update_item(Key={"p": "k"}, UpdateExpression="SET #n = :two", ExpressionAttributeNames={"#n": "n"},
                   ExpressionAttributeValues={":two": 2})
    ts.update_item(Key={"p": "k"}, UpdateExpression="SET #nn = :seven - #n",
                   ExpressionAttributeNames={"#nn": "nn", "#n": "n"}, ExpressionAttributeValues={":seven": 7})
    ts.update_item(Key={"p": "k"}, UpdateExpression="SET l = :l", ExpressionAttributeValues={":l": [2, 4]})
    ts.update_item(Key={"p": "k"}, UpdateExpression="SET l2 = list_append(:v, l)",
                   ExpressionAttributeValues={":v": [1, 3]})
    assert _item(ts, {"p": "k"}) == {"p": "k", "n": 2, "nn": 5, "l": [2, 4], "l2": [1, 3, 2, 4]}


def test_key_attributes_can_be_read_in_set(tsn: Any) -> None:
    tsn.update_item(Key={"p": "k", "c": 7})
    assert _item(tsn, {"p": "k", "c": 7}) == {"p": "k", "c": 7}
    tsn.update_item(Key={"p": "k", "c": 7}, UpdateExpression="SET #n = #p", ExpressionAttributeNames={"#n": "n", "#p": "p"})
    tsn.update_item(Key={"p": "k", "c": 7}, UpdateExpression="SET #nn = #c + #c",
                    ExpressionAttributeNames={"#nn": "nn", "#c": "c"})
    assert _item(tsn, {"p": "k", "c": 7}) == {"p": "k", "c": 7, "n": "k", "nn": 14}


def test_action_keywords_any_case_and_whitespace(ts: Any) -> None:
    for n, expr in enumerate(["SET b = :v", "set b = :v", "sEt b = :v", "  set   b=:v  "]):
        ts.update_item(Key={"p": "k"}, UpdateExpression=expr, ExpressionAttributeValues={":v": n})
        assert _item(ts, {"p": "k"})["b"] == n
    ts.update_item(Key={"p": "k"}, UpdateExpression="REMOVE b")
    assert _item(ts, {"p": "k"}) == {"p": "k"}


@pytest.mark.parametrize("name", ["alnum", "Alpha_Numeric_123", "A123_"])
def test_plain_names_that_are_single_tokens(ts: Any, name: str) -> None:
    ts.update_item(Key={"p": "k"}, UpdateExpression=f"SET {name} = :v", ExpressionAttributeValues={":v": 1})
    assert _item(ts, {"p": "k"})[name] == 1


@pytest.mark.parametrize("name", ["_123", "_abc", "123a", "123", "hi-there", "hi$there", '"hithere"', "!hithere"])
def test_plain_names_that_are_not_tokens_are_syntax_errors(ts: Any, name: str) -> None:
    msg = _invalid(ts, Key={"p": "k"}, UpdateExpression=f"SET {name} = :v", ExpressionAttributeValues={":v": 3})
    assert msg.startswith("Invalid UpdateExpression: Syntax error; token: ")


SILLY = "3can include any character!.#="


@pytest.mark.parametrize("ref", ["#Alpha_Numeric_123", "#123a", "#123", "#_"])
def test_name_references_may_start_with_digit_or_underscore(ts: Any, ref: str) -> None:
    ts.update_item(Key={"p": "k"}, UpdateExpression=f"SET {ref} = :v", ExpressionAttributeValues={":v": 4},
                   ExpressionAttributeNames={ref: SILLY})
    assert _item(ts, {"p": "k"})[SILLY] == 4


@pytest.mark.parametrize(("expr", "names"), [("SET #hi-there = :v", {"#hi-there": SILLY}),
                                             ("SET #!hi = :v", {"#!hi": SILLY}),
                                             ("SET # = :v", {"#": SILLY}), ("SET # = :v", {"#a": SILLY})])
def test_bad_name_references_fail(ts: Any, expr: str, names: dict[str, str]) -> None:
    _invalid(ts, Key={"p": "k"}, UpdateExpression=expr, ExpressionAttributeValues={":v": 7},
             ExpressionAttributeNames=names)


@pytest.mark.parametrize("ref", [":Alpha_Numeric_123", ":123a", ":123", ":_"])
def test_value_references_naming(ts: Any, ref: str) -> None:
    ts.update_item(Key={"p": "k"}, UpdateExpression=f"SET a = {ref}", ExpressionAttributeValues={ref: 8})
    assert _item(ts, {"p": "k"})["a"] == 8


@pytest.mark.parametrize(("expr", "values"), [("SET a = :hi!there", {":hi!there": 12}), ("SET a = :", {":": 7})])
def test_bad_value_references_fail(ts: Any, expr: str, values: dict[str, Any]) -> None:
    _invalid(ts, Key={"p": "k"}, UpdateExpression=expr, ExpressionAttributeValues=values)


def test_value_reference_on_the_left_is_a_syntax_error(ts: Any) -> None:
    msg = _invalid(ts, Key={"p": "k"}, UpdateExpression="SET :a = :b", ExpressionAttributeValues={":a": 1, ":b": 2})
    assert "Syntax error" in msg


def test_each_clause_once_in_any_order(ts: Any) -> None:
    ts.update_item(Key={"p": "k"}, UpdateExpression="SET a = :x, b = :y", ExpressionAttributeValues={":x": 1, ":y": 2})
    msg = _invalid(ts, Key={"p": "k"}, UpdateExpression="SET a = :x SET b = :y",
                   ExpressionAttributeValues={":x": 1, ":y": 2})
    assert 'The "SET" section can only be used once in an update expression' in msg
    ts.update_item(Key={"p": "k"}, UpdateExpression="REMOVE a SET b = :y", ExpressionAttributeValues={":y": 3})
    assert _item(ts, {"p": "k"}) == {"p": "k", "b": 3}
    ts.update_item(Key={"p": "k"}, UpdateExpression="SET c = :y REMOVE b", ExpressionAttributeValues={":y": 3})
    assert _item(ts, {"p": "k"}) == {"p": "k", "c": 3}
    _invalid(ts, Key={"p": "k"}, UpdateExpression="SET a = :x REMOVE a SET b = :y",
             ExpressionAttributeValues={":x": 1, ":y": 2})


def test_same_path_twice_overlaps(ts: Any) -> None:
    ts.put_item(Item={"p": "k", "a": "hello"})
    msg = _invalid(ts, Key={"p": "k"}, UpdateExpression="REMOVE a SET a = :v", ExpressionAttributeValues={":v": "hi"})
    assert msg.startswith("Invalid UpdateExpression: Two document paths overlap with each other; must remove or "
                          "rewrite one of these paths; path one: [a], path two: [a]")
    _invalid(ts, Key={"p": "k"}, UpdateExpression="SET a = :v REMOVE a", ExpressionAttributeValues={":v": "yo"})
    _invalid(ts, Key={"p": "k"}, UpdateExpression="SET a = :v1, a = :v2",
             ExpressionAttributeValues={":v1": "yo", ":v2": "he"})
    _invalid(ts, Key={"p": "k"}, UpdateExpression="SET #a1 = :v1, #a2 = :v2",
             ExpressionAttributeValues={":v1": "yo", ":v2": "he"}, ExpressionAttributeNames={"#a1": "a", "#a2": "a"})
    assert _item(ts, {"p": "k"}) == {"p": "k", "a": "hello"}


@pytest.mark.parametrize("expr", [
    "SET a = :v1, a.b = :v2", "SET a.b = :v1, a = :v2", "SET a.b = :v1, a.b = :v2", "SET a.b = :v1, a.b.c = :v2",
    "SET a.b.c = :v1, a.b = :v2", "SET a.b = :v1, a.b.c.d.e = :v2", "SET a.b.c.d.e = :v1, a.b = :v2",
    "SET a = :v1, a[1] = :v2", "SET a[1] = :v1, a = :v2", "SET a[1] = :v1, a[1] = :v2",
    "SET a[1][1] = :v1, a[1] = :v2", "SET a[1] = :v1, a[1][1] = :v2", "SET a[1][1][1][1] = :v1, a[1][1] = :v2",
    "SET a[1][1] = :v1, a[1][1][1][1] = :v2"])
def test_nested_paths_overlap_before_the_item_is_read(ts: Any, expr: str) -> None:
    msg = _invalid(ts, Key={"p": "k"}, UpdateExpression=expr, ExpressionAttributeValues={":v1": 2, ":v2": "there"})
    assert "overlap" in msg


@pytest.mark.parametrize("expr", ["SET a.b = :v1, a[1] = :v2", "SET a.b.c = :v1, a.b[2] = :v2"])
def test_map_and_list_steps_on_one_path_conflict(ts: Any, expr: str) -> None:
    msg = _invalid(ts, Key={"p": "k"}, UpdateExpression=expr, ExpressionAttributeValues={":v1": 2, ":v2": "there"})
    assert "conflict" in msg


def test_disjoint_nested_modifications_in_one_update(ts: Any) -> None:
    ts.put_item(Item={"p": "k", "a": {"x": 3, "y": 4, "c": {"y": 3}}, "b": {"x": 1, "y": 2}})
    ts.update_item(Key={"p": "k"}, UpdateExpression="SET a.b = :v1, a.c.d = :v2, b.x = :v3 REMOVE a.x, b.y",
                   ExpressionAttributeValues={":v1": 10, ":v2": "dog", ":v3": 17})
    assert _item(ts, {"p": "k"}) == {"p": "k", "a": {"y": 4, "b": 10, "c": {"y": 3, "d": "dog"}}, "b": {"x": 17}}


def test_reading_a_path_that_is_also_modified(ts: Any) -> None:
    ts.put_item(Item={"p": "k", "a": "hello"})
    ts.update_item(Key={"p": "k"}, UpdateExpression="REMOVE a SET b = a")
    assert _item(ts, {"p": "k"}) == {"p": "k", "b": "hello"}
    ts.update_item(Key={"p": "k"}, UpdateExpression="SET c = b REMOVE b")
    assert _item(ts, {"p": "k"}) == {"p": "k", "c": "hello"}


def test_missing_and_unused_placeholders(ts: Any) -> None:
    msg = _invalid(ts, Key={"p": "k"}, UpdateExpression="SET b = :v1", ExpressionAttributeValues={":v2": 4})
    assert "An expression attribute value used in expression is not defined" in msg
    _invalid(ts, Key={"p": "k"}, UpdateExpression="SET b = :v1")
    msg = _invalid(ts, Key={"p": "k"}, UpdateExpression="SET a = :v1", ExpressionAttributeValues={":v1": 3, ":v2": 4})
    assert msg == "Value provided in ExpressionAttributeValues unused in expressions: keys: {:v2}"
    _invalid(ts, Key={"p": "k"}, UpdateExpression="SET #name = :v1", ExpressionAttributeValues={":v1": 4},
             ExpressionAttributeNames={"#wrongname": "hello"})
    msg = _invalid(ts, Key={"p": "k"}, UpdateExpression="SET #name = :v1", ExpressionAttributeValues={":v1": 4})
    assert "An expression attribute name used in the document path is not defined" in msg
    msg = _invalid(ts, Key={"p": "k"}, UpdateExpression="SET #a = :v1", ExpressionAttributeValues={":v1": 3},
                   ExpressionAttributeNames={"#a": "hello", "#b": "hi"})
    assert msg == "Value provided in ExpressionAttributeNames unused in expressions: keys: {#b}"
    assert _item(ts, {"p": "k"}) is None


@pytest.mark.parametrize(("expr", "values"), [
    ("SET p = :v", {":v": 4}), ("SET c = :v", {":v": 4}), ("REMOVE p", None), ("REMOVE c", None),
    ("ADD p :v", {":v": 4}), ("ADD c :v", {":v": 4}), ("DELETE p :v", {":v": {"cat", "mouse"}}),
    ("DELETE c :v", {":v": {"cat", "mouse"}})])
def test_key_attributes_cannot_be_updated(expr: str, values: dict[str, Any] | None) -> None:
    ddb = boto3.resource("dynamodb", region_name="us-east-1")
    table = ddb.create_table(TableName="alt_ss", KeySchema=[{"AttributeName": "p", "KeyType": "HASH"},
                                                            {"AttributeName": "c", "KeyType": "RANGE"}],
                             AttributeDefinitions=[{"AttributeName": "p", "AttributeType": "S"},
                                                   {"AttributeName": "c", "AttributeType": "S"}],
                             BillingMode="PAY_PER_REQUEST")
    kwargs: dict[str, Any] = {"Key": {"p": "x", "c": "y"}, "UpdateExpression": expr}
    if values is not None:
        kwargs["ExpressionAttributeValues"] = values
    msg = _invalid(table, **kwargs)
    assert "key" in msg
    table.update_item(Key={"p": "x", "c": "y"}, UpdateExpression="SET a = :v", ExpressionAttributeValues={":v": 4})
    table.update_item(Key={"p": "x", "c": "y"}, UpdateExpression="REMOVE a")
    assert _item(table, {"p": "x", "c": "y"}) == {"p": "x", "c": "y"}


def test_unknown_clause_and_arithmetic(ts: Any) -> None:
    _invalid(ts, Key={"p": "k"}, UpdateExpression="HELLO b = :v", ExpressionAttributeValues={":v": 4})
    ts.update_item(Key={"p": "k"}, UpdateExpression="SET b = :a + :b", ExpressionAttributeValues={":a": 4, ":b": 3})
    assert _item(ts, {"p": "k"})["b"] == 7
    ts.update_item(Key={"p": "k"}, UpdateExpression="SET b = :a - :b", ExpressionAttributeValues={":a": 5, ":b": 2})
    assert _item(ts, {"p": "k"})["b"] == 3
    _invalid(ts, Key={"p": "k"}, UpdateExpression="SET b = :a + :b + :c",
             ExpressionAttributeValues={":a": 4, ":b": 3, ":c": 2})
    msg = _invalid(ts, Key={"p": "k"}, UpdateExpression="SET b = :a + :b", ExpressionAttributeValues={":a": "dog", ":b": 3})
    assert msg == ("Invalid UpdateExpression: Incorrect operand type for operator or function; "
                   "operator or function: +, operand type: S")
    _invalid(ts, Key={"p": "k"}, UpdateExpression="SET b = :a + :b",
             ExpressionAttributeValues={":a": ["a", "b"], ":b": ["1", "2"]})
    ts.put_item(Item={"p": "k", "a": 2})
    ts.update_item(Key={"p": "k"}, UpdateExpression="SET a = a + :v", ExpressionAttributeValues={":v": 3})
    ts.update_item(Key={"p": "k"}, UpdateExpression="SET a = :v + a", ExpressionAttributeValues={":v": 4})
    ts.update_item(Key={"p": "k"}, UpdateExpression="SET b = :v + a", ExpressionAttributeValues={":v": 1})
    assert _item(ts, {"p": "k"}) == {"p": "k", "a": 9, "b": 10}
