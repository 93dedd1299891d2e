"""Legacy parameters translated onto the expression AST."""

from __future__ import annotations

from decimal import Decimal

import pytest

from awscore.core.errors import ValidationException
from awscore.dynamo.expressions import apply_update, evaluate, key_condition_bounds, project
from awscore.dynamo.expressions.legacy import compile_legacy
from awscore.dynamo.types import StringSet


def fails(params, operation="PutItem") -> str:
    with pytest.raises(ValidationException) as e:
        compile_legacy(params, operation)
    return e.value.message


def test_mixing_refused():
    assert fails({"AttributesToGet": ["a"], "ProjectionExpression": "a"}, "GetItem") == (
        "Can not use both expression and non-expression parameters in the same request: "
        "Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}"
    )
    assert fails(
        {"Expected": {"a": {"Exists": False}}, "AttributeUpdates": {}, "UpdateExpression": "SET a = :v"},
        "UpdateItem",
    ) == (
        "Can not use both expression and non-expression parameters in the same request: "
        "Non-expression parameters: {AttributeUpdates, Expected} Expression parameters: {UpdateExpression}"
    )


def cond(value="x"):
    return {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": value}]}


@pytest.mark.parametrize(
    "params, operation, non_expression, expression",
    [
        (
            {"AttributesToGet": ["a"], "ScanFilter": {"a": cond()}, "ConditionalOperator": "AND",
             "FilterExpression": "a = :v", "ProjectionExpression": "b"},
            "Scan",
            "AttributesToGet, ScanFilter, ConditionalOperator",
            "ProjectionExpression, FilterExpression",
        ),
        (
            {"KeyConditions": {"pk": cond()}, "QueryFilter": {"a": cond()}, "ConditionalOperator": "AND",
             "KeyConditionExpression": "pk = :p", "FilterExpression": "a = :v", "ProjectionExpression": "b"},
            "Query",
            "QueryFilter, ConditionalOperator, KeyConditions",
            "ProjectionExpression, FilterExpression, KeyConditionExpression",
        ),
        (
            {"AttributeUpdates": {}, "Expected": {"a": cond()}, "ConditionalOperator": "AND",
             "UpdateExpression": "SET a = :v", "ConditionExpression": "attribute_exists(pk)"},
            "UpdateItem",
            "AttributeUpdates, Expected, ConditionalOperator",
            "UpdateExpression, ConditionExpression",
        ),
        ({"ConditionalOperator": "AND", "ConditionExpression": "attribute_exists(pk)"}, "PutItem",
         "ConditionalOperator", "ConditionExpression"),
    ],
)  # fmt: skip
def test_mixing_lists_every_parameter_in_aws_order(params, operation, non_expression, expression):
    # the mixing error comes before the unused-values check
    params = {**params, "ExpressionAttributeValues": {":v": {"S": "x"}, ":unused": {"S": "y"}}}
    assert fails(params, operation) == (
        "Can not use both expression and non-expression parameters in the same request: "
        f"Non-expression parameters: {{{non_expression}}} Expression parameters: {{{expression}}}"
    )


def test_conditional_operator_needs_two_conditions():
    without = "ConditionalOperator cannot be used without Filter or Expected"
    assert fails({"ConditionalOperator": "AND"}, "Scan") == without
    assert fails({"ConditionalOperator": "AND", "ScanFilter": {}}, "Scan") == without
    assert fails({"ConditionalOperator": "AND", "KeyConditions": {"pk": cond()}}, "Query") == without
    assert (
        fails({"ConditionalOperator": "OR", "AttributeUpdates": {"a": {"Value": {"S": "v"}}}}, "UpdateItem")
        == without
    )
    two = "ConditionalOperator can only be used when Filter or Expected has two or more elements"
    assert fails({"ConditionalOperator": "AND", "ScanFilter": {"a": cond()}}, "Scan") == two
    assert fails({"ConditionalOperator": "AND", "Expected": {"a": cond()}}, "PutItem") == two
    c = compile_legacy({"ConditionalOperator": "OR", "QueryFilter": {"a": cond("x"), "b": cond("nope")},
                        "KeyConditions": {"pk": cond("k")}}, "Query")  # fmt: skip
    assert evaluate(c.filter, {"a": "x", "b": "y"})


def test_key_conditions_may_join_filter_expression():
    c = compile_legacy(
        {
            "KeyConditions": {"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "u"}]}},
            "FilterExpression": "x = :v",
            "ExpressionAttributeValues": {":v": {"N": "1"}},
        },
        "Query",
    )
    assert key_condition_bounds(c, "pk", None).partition == "u"
    assert evaluate(c.filter, {"x": Decimal(1)})


def test_expected():
    c = compile_legacy(
        {
            "Expected": {
                "a": {"Value": {"S": "x"}},
                "b": {"Exists": False},
                "c": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [{"N": "1"}, {"N": "3"}]},
            }
        },
        "PutItem",
    )
    assert evaluate(c.condition, {"a": "x", "c": Decimal(2)})
    assert not evaluate(c.condition, {"a": "x", "b": "y", "c": Decimal(2)})
    c = compile_legacy(
        {"Expected": {"a": {"Value": {"S": "x"}}, "b": {"Exists": False}}, "ConditionalOperator": "OR"},
        "PutItem",
    )
    assert evaluate(c.condition, {"b": "present", "a": "x"})
    assert evaluate(c.condition, None)


@pytest.mark.parametrize(
    "expected, message",
    [
        (
            {"a": {}},
            "One or more parameter values were invalid: Value must be provided when Exists is null for Attribute: a",
        ),
        (
            {"a": {"Exists": True}},
            "One or more parameter values were invalid: Value must be provided when Exists is true for Attribute: a",
        ),
        (
            {"a": {"Exists": False, "Value": {"S": "x"}}},
            "One or more parameter values were invalid: Value cannot be used when Exists is false for Attribute: a",
        ),
        (
            {"a": {"ComparisonOperator": "EQ"}},
            "One or more parameter values were invalid: Value or AttributeValueList must be used with "
            "ComparisonOperator: EQ for Attribute: a",
        ),
        (
            {"a": {"ComparisonOperator": "NULL", "AttributeValueList": [{"S": "x"}]}},
            "One or more parameter values were invalid: Invalid number of argument(s) for the NULL ComparisonOperator",
        ),
        (
            {"a": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [{"N": "3"}, {"N": "1"}]}},
            "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound",
        ),
    ],
)
def test_expected_errors(expected, message):
    assert fails({"Expected": expected}) == message


def test_filters_type_rules_and_operators():
    assert (
        fails(
            {"ScanFilter": {"a": {"ComparisonOperator": "LT", "AttributeValueList": [{"SS": ["x"]}]}}}, "Scan"
        )
        == "One or more parameter values were invalid: ComparisonOperator LT is not valid for SS AttributeValue type"
    )
    c = compile_legacy(
        {
            "ScanFilter": {
                "s": {"ComparisonOperator": "NOT_CONTAINS", "AttributeValueList": [{"S": "z"}]},
                "t": {"ComparisonOperator": "IN", "AttributeValueList": [{"S": "a"}, {"S": "b"}]},
                "u": {"ComparisonOperator": "NOT_NULL"},
            }
        },
        "Scan",
    )
    assert evaluate(c.filter, {"s": "abc", "t": "b", "u": None})
    assert not evaluate(c.filter, {"s": "abc", "t": "c", "u": None})


def test_attribute_updates_and_attributes_to_get():
    c = compile_legacy(
        {
            "AttributeUpdates": {
                "n": {"Action": "ADD", "Value": {"N": "2"}},
                "l": {"Action": "ADD", "Value": {"L": [{"S": "x"}]}},
                "s": {"Action": "DELETE", "Value": {"SS": ["a"]}},
                "p": {"Value": {"S": "v"}},
                "gone": {"Action": "DELETE"},
            }
        },
        "UpdateItem",
    )
    new, _ = apply_update(c.update, {"n": Decimal(1), "s": StringSet({"a", "b"}), "gone": "x"})
    assert new == {"n": Decimal(3), "l": ["x"], "s": StringSet({"b"}), "p": "v"}
    assert fails({"AttributeUpdates": {"a": {"Action": "PUT"}}}, "UpdateItem") == (
        "One or more parameter values were invalid: Only DELETE action is allowed when no attribute value is specified"
    )
    c = compile_legacy({"AttributesToGet": ["a", "b.c"]}, "GetItem")
    assert project(c.projection.paths, {"a": 1, "b.c": 2, "b": {"c": 3}}) == {"a": 1, "b.c": 2}


def test_names_and_values_need_expressions():
    assert fails({"Expected": {"a": {"Exists": False}}, "ExpressionAttributeNames": {"#a": "a"}}) == (
        "ExpressionAttributeNames can only be specified when using expressions"
    )
    assert fails({"Expected": {"a": {"Exists": False}}, "ExpressionAttributeValues": {":a": {"S": "a"}}}) == (
        "ExpressionAttributeValues can only be specified when using expressions: ConditionExpression is null"
    )
