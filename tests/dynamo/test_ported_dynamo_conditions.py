"""ConditionExpression scenarios from Alternator's AWS-validated test_condition_expression.py, in our words."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

pytestmark = pytest.mark.usefixtures("aws")

VALUES: tuple[Any, ...] = (1, "hello", True, b"xyz", None, ["hello", 42], {"hello": "world"}, {"hello", "world"},
                           {1, 2, 3}, {b"xyz", b"hi"})


@pytest.fixture
def ts() -> Any:
    """A table with a string hash key ``p``."""
    return boto3.resource("dynamodb", region_name="us-east-1").create_table(
        TableName="alt_c", KeySchema=[{"AttributeName": "p", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "p", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST")


def _put(table: Any, **attrs: Any) -> None:
    table.update_item(Key={"p": "k"}, AttributeUpdates={k: {"Value": v, "Action": "PUT"} for k, v in attrs.items()})


def _get(table: Any) -> dict[str, Any]:
    return table.get_item(Key={"p": "k"}, ConsistentRead=True).get("Item", {})


def _set_if(table: Any, cond: str, values: dict[str, Any] | None = None, attr: str = "z", new: Any = 1,
            **kwargs: Any) -> None:
    vals = {":new": new, **(values or {})}
    table.update_item(Key={"p": "k"}, UpdateExpression=f"SET {attr} = :new", ConditionExpression=cond,
                      ExpressionAttributeValues=vals, **kwargs)


def _fails(table: Any, cond: str, values: dict[str, Any] | None = None, **kwargs: Any) -> None:
    with pytest.raises(ClientError) as info:
        _set_if(table, cond, values, **kwargs)
    assert info.value.response["Error"]["Code"] == "ConditionalCheckFailedException"
    assert info.value.response["Error"]["Message"] == "The conditional request failed"


def _invalid(table: Any, cond: str, values: dict[str, Any] | None = None, **kwargs: Any) -> str:
    with pytest.raises(ClientError) as info:
        _set_if(table, cond, values, **kwargs)
    assert info.value.response["Error"]["Code"] == "ValidationException"
    return info.value.response["Error"]["Message"]


def test_condition_expression_needs_update_expression(ts: Any) -> None:
    with pytest.raises(ClientError) as info:
        ts.update_item(Key={"p": "k"}, AttributeUpdates={"a": {"Value": 1, "Action": "PUT"}},
                       ConditionExpression="a = :old", ExpressionAttributeValues={":old": 2})
    assert info.value.response["Error"]["Code"] == "ValidationException"
    assert "ConditionExpression" in info.value.response["Error"]["Message"]


@pytest.mark.parametrize("val", VALUES, ids=lambda v: type(v).__name__)
def test_equality_holds_for_every_type(ts: Any, val: Any) -> None:
    _put(ts, a=val, b=val)
    _set_if(ts, "a = b", new=1)
    _set_if(ts, "a = :v", {":v": val}, new=2)
    assert _get(ts)["z"] == 2


def _same(v1: Any, v2: Any) -> bool:
    return (v1 is True and v2 is True) or (v1 is not True and v2 is not True and v1 == v2)


@pytest.mark.parametrize("val1", VALUES, ids=lambda v: type(v).__name__)
def test_values_of_different_types_are_never_equal(ts: Any, val1: Any) -> None:
    _put(ts, a=val1)
    for val2 in VALUES:
        if _same(val1, val2):
            _set_if(ts, "a = :v", {":v": val2})
        else:
            _fails(ts, "a = :v", {":v": val2})
            _set_if(ts, "a <> :v", {":v": val2})


def test_missing_attributes_are_unequal_to_everything(ts: Any) -> None:
    _fails(ts, "q = z")
    assert _get(ts) == {}
    _put(ts, a=1)
    _fails(ts, "a = :old", {":old": 2})
    _fails(ts, "q = :old", {":old": 2})
    _fails(ts, "q = z")
    _set_if(ts, "q <> z", new=2)
    _set_if(ts, "z <> :old", {":old": 1}, new=3)
    assert _get(ts)["z"] == 3


def test_set_equality_ignores_order(ts: Any) -> None:
    _put(ts, a={"dog", "chinchilla"})
    ts.update_item(Key={"p": "k"}, UpdateExpression="ADD a :v", ExpressionAttributeValues={":v": {"cat", "mouse"}})
    _set_if(ts, "a = :old", {":old": {"chinchilla", "cat", "dog", "mouse"}})


def test_not_equal(ts: Any) -> None:
    _put(ts, a=1, b=2)
    _set_if(ts, "a <> :old", {":old": 3}, attr="c", new=2)
    _set_if(ts, "a <> b", attr="c", new=1)
    _fails(ts, "a <> c", attr="c", new=4)
    assert _get(ts)["c"] == 1
    _set_if(ts, "a <> :old", {":old": "1"}, attr="c", new=2)
    assert _get(ts)["c"] == 2


@pytest.mark.parametrize(("cond", "value", "holds"), [
    ("a < :v", 2, True), ("b < :v", "dog", True), ("c < :v", b"dog", True),
    ("a < :v", 1, False), ("a < :v", 0, False), ("b < :v", "cat", False), ("b < :v", "aardvark", False),
    ("c < :v", b"cat", False), ("c < :v", b"aardvark", False),
    ("a <= :v", 1, True), ("a <= :v", 0, False), ("b <= :v", "cat", True), ("c <= :v", b"cat", True),
    ("a > :v", 0, True), ("a > :v", 1, False), ("b > :v", "aardvark", True), ("c > :v", b"cat", False),
    ("a >= :v", 1, True), ("a >= :v", 2, False), ("b >= :v", "cat", True), ("c >= :v", b"dog", False),
    ("a < :v", "2", False), ("b < :v", 2, False), ("q < :v", 2, False), ("x < :v", 2, False)])
def test_ordering_comparisons(ts: Any, cond: str, value: Any, holds: bool) -> None:
    _put(ts, a=1, b="cat", c=b"cat", x={1, 2})
    if holds:
        _set_if(ts, cond, {":v": value})
    else:
        _fails(ts, cond, {":v": value})


@pytest.mark.parametrize("op", ["<", "<=", ">", ">="])
def test_ordering_against_a_list_constant_is_invalid_but_against_a_list_attribute_is_false(ts: Any, op: str) -> None:
    _put(ts, a=1, x=[1, 2, 3])
    for cond in (f"a {op} :v", f":v {op} a"):
        msg = _invalid(ts, cond, {":v": [1, 2]})
        assert msg.startswith("Invalid ConditionExpression: Incorrect operand type for operator or function; "
                              f"operator or function: {op}, operand type: L")
    for cond in (f"x {op} :v", f":v {op} x", f"q {op} :v", f":v {op} q"):
        _fails(ts, cond, {":v": 1})
    assert "z" not in _get(ts)


@pytest.mark.parametrize("exists", [False, True])
def test_ordering_between_two_missing_attributes_is_false(ts: Any, exists: bool) -> None:
    if exists:
        _put(ts, a=1)
    for op in ["<", "<=", ">", ">="]:
        _fails(ts, f"q {op} z")
    _fails(ts, "q between z and x")


def test_in_lists(ts: Any) -> None:
    for val in VALUES:
        _put(ts, a=val, b=val)
        _set_if(ts, "a IN (b)")
    _put(ts, a=74)
    values = {f":v{i}": i for i in range(99)}
    ts.update_item(Key={"p": "k"}, UpdateExpression="SET c = :v37", ConditionExpression=f"a IN ({','.join(values)})",
                   ExpressionAttributeValues=values)
    assert _get(ts)["c"] == 37
    _put(ts, a=174)
    with pytest.raises(ClientError, match="ConditionalCheckFailedException"):
        ts.update_item(Key={"p": "k"}, UpdateExpression="SET c = :v37",
                       ConditionExpression=f"a IN ({','.join(values)})", ExpressionAttributeValues=values)
    with pytest.raises(ClientError, match="ConditionalCheckFailedException"):
        ts.update_item(Key={"p": "k"}, UpdateExpression="SET c = :v37",
                       ConditionExpression=f"q IN ({','.join(values)})", ExpressionAttributeValues=values)
    _set_if(ts, "a IN (:x, :y)", {":x": "dog", ":y": 174})  # mixed types are fine
    assert "Syntax error" in _invalid(ts, "a IN ()")


def test_attribute_exists_and_not_exists(ts: Any) -> None:
    _put(ts, a=1)
    _set_if(ts, "attribute_exists (a)", attr="c")
    _fails(ts, "attribute_exists (z)", attr="c")
    assert "path" in _invalid(ts, "attribute_exists (:v)", {":v": 3})
    _set_if(ts, "attribute_not_exists (b)", attr="c")
    _fails(ts, "attribute_not_exists (a)", attr="c")
    # a bare value is no condition
    _invalid(ts, "a")


TYPES = [("S", "hello"), ("SS", {"hello", "world"}), ("N", 2), ("NS", {1, 2}), ("B", b"dog"), ("BS", {b"dog", b"cat"}),
         ("BOOL", True), ("NULL", None), ("L", [1, "dog"]), ("M", {"a": 3, "b": 4})]


def test_attribute_type(ts: Any) -> None:
    _put(ts, **{f"a{i}": v for i, (_, v) in enumerate(TYPES)})
    for i, (name, _) in enumerate(TYPES):
        _set_if(ts, f"attribute_type (a{i}, :t)", {":t": name}, attr="c", new=i)
        _fails(ts, f"attribute_type (a{i}, :t)", {":t": TYPES[(i + 1) % len(TYPES)][0]})
    _set_if(ts, "attribute_type (:new, :t)", {":t": "N"}, attr="c", new=0)
    assert _get(ts)["c"] == 0
    _put(ts, a=1, b="N")
    _invalid(ts, "attribute_type (a, b)")
    msg = _invalid(ts, "attribute_type (a, :t)", {":t": "DOG"})
    assert "DOG" in msg


def test_begins_with(ts: Any) -> None:
    _put(ts, a="hello", b=b"hi there")
    _set_if(ts, "begins_with(a, :arg)", {":arg": "hell"}, attr="c", new=1)
    _set_if(ts, "begins_with(b, :arg)", {":arg": b"hi"}, attr="c", new=2)
    _fails(ts, "begins_with(a, :arg)", {":arg": "dog"})
    _invalid(ts, "begins_with(a, :arg)", {":arg": 2})
    _invalid(ts, "begins_with(c, :arg)", {":arg": 2})
    _fails(ts, "begins_with(c, :arg)", {":arg": "dog"})  # c holds a number: false, not invalid
    _fails(ts, "begins_with(c, a)")
    _set_if(ts, "begins_with(:str, a)", {":str": "hellohi"}, attr="c", new="he")
    _set_if(ts, "begins_with(a, c)", attr="c", new=5)
    assert _get(ts)["c"] == 5


def test_contains_substrings_and_membership(ts: Any) -> None:
    _put(ts, a="hello", b={2, 4, 7}, c=[2, 4, 7], d=b"hi there", e=["hi", {1, 2}, [3, 4]])
    _set_if(ts, "contains(a, :arg)", {":arg": "ell"}, new=1)
    _set_if(ts, "contains(b, :arg)", {":arg": 4}, new=2)
    _set_if(ts, "contains(c, :arg)", {":arg": 4}, new=3)
    _set_if(ts, "contains(d, :arg)", {":arg": b"here"}, new=4)
    _fails(ts, "contains(d, :arg)", {":arg": b"dog"})
    _fails(ts, "contains(d, :arg)", {":arg": {1, 2}})
    _set_if(ts, "contains(e, :arg)", {":arg": {1, 2}}, new=5)
    _set_if(ts, "contains(e, :arg)", {":arg": [3, 4]}, new=6)
    assert _get(ts)["z"] == 6


def test_size(ts: Any) -> None:
    _put(ts, a="hello", b={2, 4, 7}, c=[2, "dog", 7], d=b"hi there", e={"x": 2, "y": {"m": 3, "n": 4}}, f=5, g=True,
         h=None)
    for attr, size in [("a", 5), ("b", 3), ("c", 3), ("d", 8), ("e", 2)]:
        _set_if(ts, f"size({attr})=:arg", {":arg": size})
    for attr in "fgh":
        _fails(ts, f"size({attr})=:arg", {":arg": 1})
    _fails(ts, "size(a)=:arg", {":arg": "dog"})
    _set_if(ts, "size(a)=f")
    for op, arg in [("<>", 4), ("<", 7), ("<=", 7), (">", 2), (">=", 2)]:
        _set_if(ts, f"size(a){op}:arg", {":arg": arg})
    assert _invalid(ts, "size(a, a)=:arg", {":arg": 5}) == (
        "Invalid ConditionExpression: Incorrect number of operands for operator or function; "
        "operator or function: size, number of operands: 2")
    assert "size" in _invalid(ts, "size(a)")
    _invalid(ts, "attribute_exists(a) < :arg", {":arg": 1})


def test_functions_not_allowed_in_conditions(ts: Any) -> None:
    _put(ts, a="hello")
    assert "function" in _invalid(ts, "dog(a)=:arg", {":arg": 5})
    assert "not allowed" in _invalid(ts, "if_not_exists(a, a)=:arg", {":arg": 5})
    assert "not allowed" in _invalid(ts, "list_append(a, a)=:arg", {":arg": 5})


def test_nested_attributes_and_references(ts: Any) -> None:
    _put(ts, b={"x": 1, "y": [-1, 2, 0]})
    _set_if(ts, "attribute_exists (b.x)", attr="c", new=1)
    _set_if(ts, "b.x < b.y[1]", attr="c", new=2)
    _fails(ts, "b.x < b.y[0]", attr="c", new=3)
    _fails(ts, "b.z < b.y[100]", attr="c", new=4)
    assert _get(ts)["c"] == 2
    _put(ts, **{"and": {"or": 2}})
    _set_if(ts, "attribute_exists (#n)", ExpressionAttributeNames={"#n": "and"}, attr="c", new=5)
    _set_if(ts, "#n1.#n2 = :two", {":two": 2}, ExpressionAttributeNames={"#n1": "and", "#n2": "or"}, attr="c", new=6)
    assert _get(ts)["c"] == 6


@pytest.mark.parametrize(("cond", "holds"), [
    ("a < b AND b < c", True), ("a < b aNd b < c", True), ("a < b AND c < b", False),
    ("a < b OR b < c", True), ("b < a OR b < c", True), ("a < b oR b < c", True), ("b < a OR c < b", False),
    ("NOT b < a", True), ("nOt b < a", True), ("NOT a < b", False), ("NOT NOT NOT NOT a < b", True),
    ("(a < b OR b < a) AND (b < c AND (a < b OR b < c))", True),
    ("a < b OR c < b AND b < c", True),  # AND binds tighter than OR
    ("NOT a < b AND c < b", False),  # NOT binds tighter than AND
    ("b BETWEEN a AND c AND a < b", True)])
def test_boolean_logic_and_precedence(ts: Any, cond: str, holds: bool) -> None:
    _put(ts, a=1, b=2, c=3)
    if holds:
        _set_if(ts, cond)
    else:
        _fails(ts, cond)


def test_empty_condition_is_invalid(ts: Any) -> None:
    assert "empty" in _invalid(ts, "")


def test_put_and_delete_honour_conditions(ts: Any) -> None:
    _put(ts, a=1)
    with pytest.raises(ClientError, match="ConditionalCheckFailedException"):
        ts.delete_item(Key={"p": "k"}, ConditionExpression="a = :old", ExpressionAttributeValues={":old": 2})
    assert _get(ts) == {"p": "k", "a": 1}
    ts.put_item(Item={"p": "k", "a": 2}, ConditionExpression="a = :old", ExpressionAttributeValues={":old": 1})
    with pytest.raises(ClientError, match="ConditionalCheckFailedException"):
        ts.put_item(Item={"p": "k", "a": 3}, ConditionExpression="a = :old", ExpressionAttributeValues={":old": 1})
    ts.delete_item(Key={"p": "k"}, ConditionExpression="a = :old", ExpressionAttributeValues={":old": 2})
    assert _get(ts) == {}


@pytest.mark.parametrize("condition_holds", [False, True])
def test_unused_placeholders_fail_whatever_the_condition(ts: Any, condition_holds: bool) -> None:
    if condition_holds:
        _put(ts, b=2)
    names = {"#n1": "a", "#n2": "b"}
    calls = [
        lambda **kw: ts.update_item(Key={"p": "k"}, UpdateExpression="SET #n1 = :v1", ConditionExpression="#n2 = :v2", **kw),
        lambda **kw: ts.delete_item(Key={"p": "k"}, ConditionExpression="#n2 = :v2", **kw),
        lambda **kw: ts.put_item(Item={"p": "k", "a": 3}, ConditionExpression="#n2 = :v2", **kw)]
    for n, call in enumerate(calls):
        used_names = names if n == 0 else {"#n2": "b"}
        used_values = {":v1": 1, ":v2": 2} if n == 0 else {":v2": 2}
        with pytest.raises(ClientError) as info:
            call(ExpressionAttributeValues={**used_values, ":v3": 3}, ExpressionAttributeNames=used_names)
        assert info.value.response["Error"]["Message"] == \
            "Value provided in ExpressionAttributeValues unused in expressions: keys: {:v3}"
        with pytest.raises(ClientError) as info:
            call(ExpressionAttributeValues=used_values, ExpressionAttributeNames={**used_names, "#n3": "c"})
        assert info.value.response["Error"]["Message"] == \
            "Value provided in ExpressionAttributeNames unused in expressions: keys: {#n3}"
    assert _get(ts) == ({"p": "k", "b": 2} if condition_holds else {})


def test_short_circuited_operands_still_count_as_used(ts: Any) -> None:
    _put(ts, a=1)
    ts.update_item(Key={"p": "k"}, ConditionExpression="#n1 = :v1 OR #n2 = :v2", UpdateExpression="SET #n1 = :v3",
                   ExpressionAttributeValues={":v1": 1, ":v2": 2, ":v3": 3}, ExpressionAttributeNames={"#n1": "a", "#n2": "b"})
    assert _get(ts) == {"p": "k", "a": 3}
