"""boto3 scenarios for condition expressions through the API, asserting real DynamoDB's answers.

Evaluation (missing attributes, type mismatches, functions, document paths)
and the parser's and resolver's error texts, with their limits.
"""

from __future__ import annotations

import pytest
from dynamo_helpers import client, make_table, message

KEY = {"pk": {"S": "a"}}
ITEM = {
    "pk": {"S": "a"}, "s": {"S": "héllo"}, "n": {"N": "5"}, "b": {"B": b"\x01\x02"}, "ss": {"SS": ["x", "y"]},
    "l": {"L": [{"M": {"k": {"S": "v"}}}, {"N": "1"}]}, "m": {"M": {"a": {"N": "1"}}}, "t": {"BOOL": True},
    "z": {"NULL": True},
}


@pytest.fixture
def ddb(aws):
    c = client()
    make_table(c, "cond", sort=None)
    c.put_item(TableName="cond", Item=ITEM)
    return c


def holds(ddb, expr: str, values: dict | None = None, names: dict | None = None) -> bool:
    """Whether ``expr`` holds on ITEM, judged by a conditional UpdateItem."""
    args = dict(TableName="cond", Key=KEY, UpdateExpression="SET touched = :one", ConditionExpression=expr,
                ExpressionAttributeValues={":one": {"N": "1"}, **(values or {})})
    if names:
        args["ExpressionAttributeNames"] = names
    try:
        ddb.update_item(**args)
    except ddb.exceptions.ConditionalCheckFailedException:
        return False
    return True


@pytest.mark.parametrize(("expr", "values", "names", "expected"), [
    ("size(s) = :v", {":v": {"N": "6"}}, None, True),  # UTF-8 bytes
    ("size(n) = :v", {":v": {"N": "1"}}, None, False),  # size of an item number: just false
    ("size(:x) = :v", {":v": {"N": "3"}, ":x": {"S": "abc"}}, None, True),
    ("size(ss) = :v", {":v": {"N": "2"}}, None, True),
    ("contains(l, :m)", {":m": {"M": {"k": {"S": "v"}}}}, None, True),
    ("contains(m, :m)", {":m": {"S": "a"}}, None, False),
    ("contains(s, :m)", {":m": {"S": "ll"}}, None, True),
    ("contains(ss, :m)", {":m": {"S": "x"}}, None, True),
    ("contains(b, :m)", {":m": {"B": b"\x02"}}, None, True),
    ("begins_with(n, :m)", {":m": {"S": "5"}}, None, False),
    ("begins_with(b, :m)", {":m": {"B": b"\x01"}}, None, True),
    ("nope1 = nope2", None, None, False),
    ("nope1 <> nope2", None, None, True),
    ("nope1 < :one", None, None, False),
    ("n BETWEEN :one AND s", None, None, False),
    ("n IN (:one, :s)", {":s": {"S": "x"}}, None, False),
    ("n IN (:one, :f)", {":f": {"N": "5.0"}}, None, True),
    ("l < :one", None, None, False),
    ("l[0].k = :v", {":v": {"S": "v"}}, None, True),
    ("NOT NOT attribute_exists(n)", None, None, True),
    ("attribute_type(z, :t)", {":t": {"S": "NULL"}}, None, True),
    ("attribute_type(ss, :t)", {":t": {"S": "SS"}}, None, True),
    ("t = :t", {":t": {"BOOL": True}}, None, True),
    ("m = :m", {":m": {"M": {"a": {"N": "1.0"}}}}, None, True),
    ("ss = :m", {":m": {"SS": ["y", "x"]}}, None, True),
    ("b > :m", {":m": {"B": b"\x01"}}, None, True),
    ("#a = :one", None, {"#a": "a.b"}, False),
    ("(n = :f)", {":f": {"N": "5"}}, None, True),
    ("((n = :one) AND s = :one)", None, None, False),
    ("n = :one OR #u = :one", None, {"#u": "nope"}, False),
    (":one = :one", None, None, True),
    ("attribute_exists(n) OR attribute_exists(nope) AND attribute_exists(s)", None, None, True),
    ("NOT attribute_exists(n) OR attribute_exists(s) AND attribute_exists(nope)", None, None, False),
])
def test_condition_evaluation(ddb, expr, values, names, expected):
    assert holds(ddb, expr, values, names) is expected


def test_comparisons_across_types_are_false_not_errors(ddb):
    assert holds(ddb, "n = :s", {":s": {"S": "5"}}) is False
    assert holds(ddb, "s > :n", {":n": {"N": "1"}}) is False
    assert holds(ddb, "n <> :s", {":s": {"S": "5"}}) is True


PREFIX = "Invalid ConditionExpression: "


@pytest.mark.parametrize(("expr", "values", "names", "text"), [
    ("size(:x) = :v", {":v": {"N": "1"}, ":x": {"N": "12"}}, None,
     PREFIX + "Incorrect operand type for operator or function; operator or function: size, operand type: N"),
    ("t < :t", {":t": {"BOOL": True}}, None,
     PREFIX + "Incorrect operand type for operator or function; operator or function: <, operand type: BOOL"),
    ("x < :t", {":t": {"L": []}}, None,
     PREFIX + "Incorrect operand type for operator or function; operator or function: <, operand type: L"),
    ("size(s)", None, None,
     PREFIX + "The function is not allowed to be used this way in an expression; function: size"),
    ("a.b[-1] = :one", None, None, PREFIX + 'Syntax error; token: "-", near: "[-1"'),
    ("contains(s, s)", None, None,
     PREFIX + "The first operand must be distinct from the remaining operands for this operator or function; "
              "operator: contains, first operand: [s]"),
    ("x = x", None, None,
     PREFIX + "The first operand must be distinct from the remaining operands for this operator or function; "
              "operator: =, first operand: [x]"),
    ("x = ", None, None, PREFIX + 'Syntax error; token: "<EOF>", near: "="'),
    ("INVALID SYNTAX", None, None, PREFIX + 'Syntax error; token: "SYNTAX", near: "INVALID SYNTAX"'),
    ("((x = :one))", None, None, PREFIX + "The expression has redundant parentheses;"),
    ("dog(x)", None, None, PREFIX + "Invalid function name; function: dog"),
    ("BEGINS_WITH(x, :one)", None, None, PREFIX + "Invalid function name; function: BEGINS_WITH"),
    ("attribute_exists(status)", None, None,
     PREFIX + "Attribute name is a reserved keyword; reserved keyword: status"),
    ("#x = :one", None, None,
     PREFIX + "An expression attribute name used in the document path is not defined; attribute name: #x"),
    ("x = :nope", None, None,
     PREFIX + "An expression attribute value used in expression is not defined; attribute value: :nope"),
    ("x BETWEEN :a AND :b", {":a": {"N": "1"}, ":b": {"S": "a"}}, None,
     PREFIX + "The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: "
              "AttributeValue: {N:1}, upper bound operand: AttributeValue: {S:a}"),
    ("x BETWEEN :a AND :b", {":a": {"N": "3"}, ":b": {"N": "1"}}, None,
     PREFIX + "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound "
              "operand: AttributeValue: {N:3}, upper bound operand: AttributeValue: {N:1}"),
    ("attribute_type(x, :t)", {":t": {"S": "X"}}, None,
     PREFIX + "Invalid attribute type name found; type: X, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}"),
    ("begins_with(x, :t)", {":t": {"N": "1"}}, None,
     PREFIX + "Incorrect operand type for operator or function; operator or function: begins_with, operand type: N"),
    ("size(x, y) > :one", None, None,
     PREFIX + "Incorrect number of operands for operator or function; operator or function: size, number of "
              "operands: 2"),
    ("attribute_exists(x) = :one", None, None,
     PREFIX + "The function is not allowed to be used this way in an expression; function: attribute_exists"),
    ("if_not_exists(x, :one) = :one", None, None,
     PREFIX + "The function is not allowed to be used this way in an expression; function: if_not_exists"),
    ("attribute_exists(:one)", None, None,
     PREFIX + "Operator or function requires a document path; operator or function: attribute_exists"),
    ("x IN ()", None, None, PREFIX + 'Syntax error; token: ")", near: "()"'),
    ("attribute_exists(_x)", None, None, PREFIX + 'Syntax error; token: "_x", near: "(_x)"'),
    ("attribute_exists(a[99999999999999])", None, None,
     PREFIX + "List index is not within the allowable range; index: [99999999999999]"),
    ("", None, None, PREFIX + "The expression can not be empty;"),
    (" AND ".join(["x = :one"] * 302), None, None,
     PREFIX + "The expression contains too many operators; operator count: 301"),
    ("x IN (" + ",".join([":one"] * 100) + ")", None, None,
     PREFIX + "The IN operator is provided with too many operands; number of operands: 101"),
    ("attribute_exists(x)" + " " * (4097 - 19), None, None,
     PREFIX + "Expression size has exceeded the maximum allowed size; expression size: 4097"),
])
def test_condition_errors(ddb, expr, values, names, text):
    args = dict(TableName="cond", Item=KEY, ConditionExpression=expr,
                ExpressionAttributeValues={":one": {"N": "1"}, **(values or {})})
    if ":one" not in expr:
        args["ExpressionAttributeValues"].pop(":one")
    if not args["ExpressionAttributeValues"]:
        del args["ExpressionAttributeValues"]
    if names:
        args["ExpressionAttributeNames"] = names
    assert message(ddb.put_item, **args) == ("ValidationException", text)
    assert ddb.get_item(TableName="cond", Key=KEY)["Item"] == ITEM


def test_in_accepts_100_operands_with_the_left_side(ddb):
    expr = "n IN (" + ",".join([":one"] * 98 + [":five"]) + ")"
    assert holds(ddb, expr, {":five": {"N": "5"}}) is True


def test_placeholder_rules(ddb):
    assert message(ddb.put_item, TableName="cond", Item=KEY, ConditionExpression="x = :v",
                   ExpressionAttributeValues={":v": {"S": "1"}, ":w": {"S": "1"}},
                   ExpressionAttributeNames={"#a": "b", "#b": "c"}) == (
        "ValidationException", "Value provided in ExpressionAttributeNames unused in expressions: keys: {#a, #b}")
    assert message(ddb.put_item, TableName="cond", Item=KEY, ConditionExpression="x = :v",
                   ExpressionAttributeValues={":v": {"S": "1"}, ":w": {"S": "1"}}) == (
        "ValidationException", "Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}")
    assert message(ddb.put_item, TableName="cond", Item=KEY, ExpressionAttributeValues={":v": {"S": "1"}}) == (
        "ValidationException",
        "ExpressionAttributeValues can only be specified when using expressions: ConditionExpression is null")
    assert message(ddb.get_item, TableName="cond", Key=KEY, ExpressionAttributeNames={"#a": "x"}) == (
        "ValidationException", "ExpressionAttributeNames can only be specified when using expressions")
    assert message(ddb.put_item, TableName="cond", Item=KEY, ConditionExpression="attribute_exists(pk)",
                   ExpressionAttributeNames={}) == (
        "ValidationException", "ExpressionAttributeNames must not be empty")
    assert message(ddb.put_item, TableName="cond", Item=KEY, ConditionExpression="x = :v",
                   ExpressionAttributeValues={"v": {"S": "1"}}) == (
        "ValidationException", 'ExpressionAttributeValues contains invalid key: Syntax error; key: "v"')
    # a name used only in a short-circuited branch still counts as used
    assert holds(ddb, "attribute_exists(pk) OR #never = :one", names={"#never": "x"}) is True
