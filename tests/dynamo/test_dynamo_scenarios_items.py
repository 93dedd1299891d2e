"""boto3 scenarios for single-item operations, asserting what real DynamoDB returns.

PutItem / GetItem / UpdateItem / DeleteItem: ReturnValues shapes, conditional
failures (with and without the old item), key and value validation texts,
number canonical form and limits, item size and nesting limits.
"""

from __future__ import annotations

import pytest
from dynamo_helpers import client, make_table, message

K = {"pk": {"S": "a"}, "sk": {"N": "1"}}


@pytest.fixture
def ddb(aws):
    """A boto3 client with table ``tbl`` (pk S, sk N) and ``hsh`` (pk S only)."""
    c = client()
    make_table(c, "tbl")
    make_table(c, "hsh", sort=None)
    return c


def meta_free(out: dict) -> dict:
    return {k: v for k, v in out.items() if k != "ResponseMetadata"}


def test_put_return_values(ddb):
    assert meta_free(ddb.put_item(TableName="tbl", Item={**K, "x": {"S": "1"}})) == {}
    old = ddb.put_item(TableName="tbl", Item={**K, "x": {"S": "2"}}, ReturnValues="ALL_OLD")
    assert meta_free(old) == {"Attributes": {**K, "x": {"S": "1"}}}
    fresh = ddb.put_item(TableName="tbl", Item={"pk": {"S": "b"}, "sk": {"N": "1"}}, ReturnValues="ALL_OLD")
    assert "Attributes" not in fresh
    assert message(ddb.put_item, TableName="tbl", Item=K, ReturnValues="ALL_NEW") == (
        "ValidationException", "ReturnValues can only be ALL_OLD or NONE")
    code, text = message(ddb.put_item, TableName="tbl", Item=K, ReturnValues="GARBAGE")
    assert code == "ValidationException" and "returnValues" in text


def test_put_key_errors(ddb):
    assert message(ddb.put_item, TableName="tbl", Item={"pk": {"S": "a"}}) == (
        "ValidationException", "One or more parameter values were invalid: Missing the key sk in the item")
    assert message(ddb.put_item, TableName="tbl", Item={"pk": {"N": "1"}, "sk": {"N": "1"}}) == (
        "ValidationException",
        "One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N")
    assert message(ddb.put_item, TableName="tbl", Item={"pk": {"S": ""}, "sk": {"N": "1"}}) == (
        "ValidationException", "One or more parameter values are not valid. The AttributeValue for a key "
        "attribute cannot contain an empty string value. Key: pk")
    assert message(ddb.put_item, TableName="hsh", Item={"pk": {"S": "a" * 2049}}) == (
        "ValidationException", "One or more parameter values were invalid: Size of hashkey has exceeded the "
        "maximum size limit of2048 bytes")
    ddb.put_item(TableName="hsh", Item={"pk": {"S": "a" * 2048}})
    # empty non-key strings and binaries are allowed, also nested
    ddb.put_item(TableName="tbl", Item={**K, "e": {"S": ""}, "b": {"B": b""}, "l": {"L": [{"S": ""}]}})


@pytest.mark.parametrize(("value", "text"), [
    ({"SS": []}, "One or more parameter values were invalid: An string set  may not be empty"),
    ({"NS": []}, "One or more parameter values were invalid: An number set  may not be empty"),
    ({"BS": []}, "One or more parameter values were invalid: Binary sets should not be empty"),
    ({"SS": ["a", "a"]}, "One or more parameter values were invalid: Input collection [a, a] contains duplicates."),
    ({"NS": ["1", "1.0"]}, "Input collection contains duplicates"),
    ({"NULL": False}, "One or more parameter values were invalid: Null attribute value types must have the "
                      "value of true"),
    ({}, "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"),
    ({"S": "a", "N": "1"}, "Supplied AttributeValue has more than one datatypes set, must contain exactly one "
                           "of the supported datatypes"),
    ({"N": "1e126"}, "Number overflow. Attempting to store a number with magnitude larger than supported range"),
    ({"N": "1e-131"}, "Number underflow. Attempting to store a number with magnitude smaller than supported "
                      "range"),
    ({"N": "1" * 39}, "Attempting to store more than 38 significant digits in a Number"),
    ({"N": "abc"}, "The parameter cannot be converted to a numeric value: abc"),
    ({"N": "NaN"}, "The parameter cannot be converted to a numeric value: NaN"),
    ({"M": {"x": {"SS": []}}}, "One or more parameter values were invalid: An string set  may not be empty"),
])
def test_put_value_errors(ddb, value, text):
    assert message(ddb.put_item, TableName="tbl", Item={**K, "v": value}) == ("ValidationException", text)
    assert "Item" not in ddb.get_item(TableName="tbl", Key=K)  # nothing written


def test_numbers_canonical_form_and_key_identity(ddb):
    ddb.put_item(TableName="tbl", Item={"pk": {"S": "n"}, "sk": {"N": "+1000.0"},
                                        "a": {"N": "-0"}, "b": {"N": ".5"}, "c": {"N": "1E3"},
                                        "d": {"N": "0042.500"}, "e": {"N": "1e125"}, "f": {"N": "1e-130"},
                                        "ns": {"NS": ["1.0", "2"]}})
    item = ddb.get_item(TableName="tbl", Key={"pk": {"S": "n"}, "sk": {"N": "1e3"}})["Item"]
    assert item["sk"] == {"N": "1000"}
    assert item["a"] == {"N": "0"} and item["b"] == {"N": "0.5"} and item["c"] == {"N": "1000"}
    assert item["d"] == {"N": "42.5"}
    assert item["e"] == {"N": "1" + "0" * 125}
    assert item["f"] == {"N": "0." + "0" * 129 + "1"}
    assert sorted(item["ns"]["NS"]) == ["1", "2"]
    ddb.put_item(TableName="tbl", Item={"pk": {"S": "n"}, "sk": {"N": "1000"}})
    assert ddb.query(TableName="tbl", KeyConditionExpression="pk = :p",
                     ExpressionAttributeValues={":p": {"S": "n"}})["Count"] == 1


def test_item_size_limit(ddb):
    # "pk" + "a" = 3 bytes, "d" + value: exactly 409,600 bytes in all is accepted
    ddb.put_item(TableName="hsh", Item={"pk": {"S": "a"}, "d": {"S": "x" * (409600 - 4)}})
    assert message(ddb.put_item, TableName="hsh", Item={"pk": {"S": "a"}, "d": {"S": "x" * (409600 - 3)}}) == (
        "ValidationException", "Item size has exceeded the maximum allowed size")
    code, text = message(ddb.update_item, TableName="hsh", Key={"pk": {"S": "a"}},
                         UpdateExpression="SET e = :v", ExpressionAttributeValues={":v": {"S": "yy"}})
    assert (code, text) == ("ValidationException", "Item size to update has exceeded the maximum allowed size")


def test_nesting_depth_limit(ddb):
    value = {"S": "x"}
    for _ in range(31):
        value = {"L": [value]}
    ddb.put_item(TableName="hsh", Item={"pk": {"S": "deep"}, "d": value})  # 32 levels
    assert message(ddb.put_item, TableName="hsh", Item={"pk": {"S": "deep"}, "d": {"M": {"x": value}}}) == (
        "ValidationException", "Nesting Levels have exceeded supported limits: Attributes in the item have "
        "nested levels beyond supported limit")
    assert message(ddb.put_item, TableName="hsh", Item={"pk": {"S": "a"}, "": {"S": "x"}}) == (
        "ValidationException", "Empty attribute name")


def test_get_item_shapes(ddb):
    ddb.put_item(TableName="tbl", Item={**K, "x": {"S": "1"}, "m": {"M": {"l": {"L": [{"N": "1"}, {"N": "2"}]}}}})
    assert "Item" not in ddb.get_item(TableName="tbl", Key={"pk": {"S": "zz"}, "sk": {"N": "1"}})
    assert ddb.get_item(TableName="tbl", Key=K, ProjectionExpression="nope")["Item"] == {}
    assert ddb.get_item(TableName="tbl", Key=K, ProjectionExpression="m.l[1], x")["Item"] == {
        "m": {"M": {"l": {"L": [{"N": "2"}]}}}, "x": {"S": "1"}}
    out = ddb.get_item(TableName="tbl", Key=K, ReturnConsumedCapacity="TOTAL")
    assert out["ConsumedCapacity"] == {"TableName": "tbl", "CapacityUnits": 0.5}
    out = ddb.get_item(TableName="tbl", Key=K, ReturnConsumedCapacity="INDEXES", ConsistentRead=True)
    assert out["ConsumedCapacity"] == {"TableName": "tbl", "CapacityUnits": 1.0, "Table": {"CapacityUnits": 1.0}}
    assert "ConsumedCapacity" not in ddb.get_item(TableName="tbl", Key=K, ReturnConsumedCapacity="NONE")
    missing = ddb.get_item(TableName="tbl", Key={"pk": {"S": "zz"}, "sk": {"N": "1"}},
                           ReturnConsumedCapacity="TOTAL")
    assert missing["ConsumedCapacity"]["CapacityUnits"] == 0.5


@pytest.mark.parametrize("key", [
    {"pk": {"S": "a"}},
    {**K, "x": {"S": "1"}},
    {"pk": {"S": "a"}, "sk": {"S": "1"}},
])
def test_key_does_not_match_schema(ddb, key):
    expected = ("ValidationException", "The provided key element does not match the schema")
    assert message(ddb.get_item, TableName="tbl", Key=key) == expected
    assert message(ddb.delete_item, TableName="tbl", Key=key) == expected
    assert message(ddb.update_item, TableName="tbl", Key=key, UpdateExpression="SET a = :v",
                   ExpressionAttributeValues={":v": {"N": "1"}}) == expected


def test_delete_item_shapes(ddb):
    out = ddb.delete_item(TableName="tbl", Key=K, ReturnConsumedCapacity="TOTAL")
    assert out["ConsumedCapacity"] == {"TableName": "tbl", "CapacityUnits": 1.0}  # missing item: 1 WCU
    assert "Attributes" not in ddb.delete_item(TableName="tbl", Key=K, ReturnValues="ALL_OLD")
    ddb.put_item(TableName="tbl", Item={**K, "x": {"S": "1"}})
    assert ddb.delete_item(TableName="tbl", Key=K, ReturnValues="ALL_OLD")["Attributes"] == {**K, "x": {"S": "1"}}
    assert "Item" not in ddb.get_item(TableName="tbl", Key=K)


def test_conditional_failures_carry_old_item_only_when_asked_and_present(ddb):
    ddb.put_item(TableName="tbl", Item={**K, "x": {"S": "1"}})
    err = ddb.exceptions.ConditionalCheckFailedException
    with pytest.raises(err) as info:
        ddb.put_item(TableName="tbl", Item=K, ConditionExpression="attribute_not_exists(pk)",
                     ReturnValuesOnConditionCheckFailure="ALL_OLD", ReturnConsumedCapacity="TOTAL")
    response = info.value.response
    assert response["Error"]["Message"] == "The conditional request failed"
    assert response["Item"] == {**K, "x": {"S": "1"}}
    assert "ConsumedCapacity" not in response
    with pytest.raises(err) as info:
        ddb.delete_item(TableName="tbl", Key=K, ConditionExpression="x = :v",
                        ExpressionAttributeValues={":v": {"S": "2"}})
    assert "Item" not in info.value.response
    with pytest.raises(err) as info:
        ddb.update_item(TableName="tbl", Key={"pk": {"S": "zz"}, "sk": {"N": "1"}}, UpdateExpression="SET a = :v",
                        ConditionExpression="attribute_exists(pk)", ExpressionAttributeValues={":v": {"S": "2"}},
                        ReturnValuesOnConditionCheckFailure="ALL_OLD")
    assert "Item" not in info.value.response  # no item to return
    assert ddb.get_item(TableName="tbl", Key=K)["Item"] == {**K, "x": {"S": "1"}}
    assert "Item" not in ddb.get_item(TableName="tbl", Key={"pk": {"S": "zz"}, "sk": {"N": "1"}})


def test_update_return_values(ddb):
    def upd(expr, values=None, rv=None, key=K):
        args = dict(TableName="tbl", Key=key, UpdateExpression=expr)
        if values:
            args["ExpressionAttributeValues"] = values
        if rv:
            args["ReturnValues"] = rv
        return meta_free(ddb.update_item(**args))

    assert upd("SET a = :v", {":v": {"N": "1"}}, "ALL_NEW") == {"Attributes": {**K, "a": {"N": "1"}}}
    assert upd("SET a = :v, b = :w", {":v": {"N": "2"}, ":w": {"S": "x"}}, "UPDATED_OLD") == {
        "Attributes": {"a": {"N": "1"}}}
    assert upd("SET a = a + :v", {":v": {"N": "2"}}, "UPDATED_NEW") == {"Attributes": {"a": {"N": "4"}}}
    assert upd("SET a = :v", {":v": {"N": "4"}}, "UPDATED_NEW") == {"Attributes": {"a": {"N": "4"}}}
    assert upd("REMOVE b", rv="ALL_OLD")["Attributes"]["b"] == {"S": "x"}
    assert upd("SET c = :v", {":v": {"S": "new"}}, "UPDATED_OLD") == {}
    assert upd("SET m = :m", {":m": {"M": {"x": {"L": [{"N": "1"}, {"N": "2"}]}, "y": {"S": "s"}}}}) == {}
    assert upd("SET m.x[0] = :a, m.z = :a", {":a": {"N": "5"}}, "UPDATED_NEW") == {
        "Attributes": {"m": {"M": {"x": {"L": [{"N": "5"}]}, "z": {"N": "5"}}}}}
    assert upd("SET m.x[1] = :a REMOVE m.y", {":a": {"N": "6"}}, "UPDATED_OLD") == {
        "Attributes": {"m": {"M": {"x": {"L": [{"N": "2"}]}, "y": {"S": "s"}}}}}
    assert upd("ADD cnt :one", {":one": {"N": "1"}}, "UPDATED_NEW") == {"Attributes": {"cnt": {"N": "1"}}}
    assert upd("SET d = :a + :b", {":a": {"N": "0.1"}, ":b": {"N": "0.2"}}, "UPDATED_NEW") == {
        "Attributes": {"d": {"N": "0.3"}}}
    code, text = message(ddb.update_item, TableName="tbl", Key=K, UpdateExpression="SET a = :v",
                         ExpressionAttributeValues={":v": {"N": "1"}}, ReturnValues="all_new")
    assert code == "ValidationException" and "returnValues" in text


def test_update_creates_only_when_something_is_set(ddb):
    missing = {"pk": {"S": "new"}, "sk": {"N": "1"}}
    assert "Attributes" not in ddb.update_item(TableName="tbl", Key=missing, UpdateExpression="REMOVE a",
                                               ReturnValues="ALL_NEW")
    assert "Item" not in ddb.get_item(TableName="tbl", Key=missing)
    out = ddb.update_item(TableName="tbl", Key=missing, ReturnValues="ALL_NEW")  # no expression: key only
    assert out["Attributes"] == missing
    ddb.update_item(TableName="tbl", Key={"pk": {"S": "add"}, "sk": {"N": "1"}}, UpdateExpression="ADD n :one",
                    ExpressionAttributeValues={":one": {"N": "1"}})
    assert ddb.get_item(TableName="tbl", Key={"pk": {"S": "add"}, "sk": {"N": "1"}})["Item"]["n"] == {"N": "1"}


def test_update_semantics(ddb):
    ddb.put_item(TableName="tbl", Item={**K, "l": {"L": [{"N": "1"}, {"N": "2"}, {"N": "3"}]},
                                        "ss": {"SS": ["a", "b"]}, "a": {"N": "1"}})

    def upd(expr, values=None):
        args = dict(TableName="tbl", Key=K, UpdateExpression=expr)
        if values:
            args["ExpressionAttributeValues"] = values
        ddb.update_item(**args)
        return ddb.get_item(TableName="tbl", Key=K)["Item"]

    assert upd("SET l[10] = :v", {":v": {"N": "9"}})["l"]["L"] == [{"N": "1"}, {"N": "2"}, {"N": "3"}, {"N": "9"}]
    assert upd("REMOVE l[0], l[2]")["l"]["L"] == [{"N": "2"}, {"N": "9"}]
    assert upd("REMOVE l[7]")["l"]["L"] == [{"N": "2"}, {"N": "9"}]
    assert upd("SET l = list_append(l, :l)", {":l": {"L": [{"S": "x"}]}})["l"]["L"][-1] == {"S": "x"}
    assert upd("SET b = a, a = :v", {":v": {"N": "7"}})["b"] == {"N": "1"}  # reads before writes
    assert upd("SET z = if_not_exists(z, :a) + :a", {":a": {"N": "5"}})["z"] == {"N": "10"}
    assert sorted(upd("ADD ss :s", {":s": {"SS": ["c"]}})["ss"]["SS"]) == ["a", "b", "c"]
    assert "ss" not in upd("DELETE ss :s", {":s": {"SS": ["a", "b", "c"]}})  # last element removes the set
    assert upd("SET d = :a - :b", {":a": {"N": "0.1"}, ":b": {"N": "0.3"}})["d"] == {"N": "-0.2"}


@pytest.mark.parametrize(("expr", "values", "text"), [
    ("SET c = nope + :v", {":v": {"N": "2"}},
     "The provided expression refers to an attribute that does not exist in the item"),
    ("SET c = s + :v", {":v": {"N": "2"}},
     "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: +, "
     "operand type: S"),
    ("SET a = :v REMOVE a", {":v": {"N": "2"}},
     "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these "
     "paths; path one: [a], path two: [a]"),
    ("SET m = :v, m.b = :v", {":v": {"N": "2"}},
     "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these "
     "paths; path one: [m], path two: [m, b]"),
    ("SET m.b = :v, m[1] = :v", {":v": {"N": "2"}},
     "Invalid UpdateExpression: Two document paths conflict with each other; must remove or rewrite one of these "
     "paths; path one: [m, b], path two: [m, [1]]"),
    ("SET pk = :v", {":v": {"S": "2"}},
     "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key"),
    ("SET a = :v SET b = :v", {":v": {"N": "2"}},
     'Invalid UpdateExpression: The "SET" section can only be used once in an update expression;'),
    ("SET nope.b = :v", {":v": {"N": "2"}}, "The document path provided in the update expression is invalid for update"),
    ("REMOVE nope.b", None, "The document path provided in the update expression is invalid for update"),
    ("ADD l :s", {":s": {"L": [{"S": "a"}]}},
     "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: "
     "LIST, typeSet: ALLOWED_FOR_ADD_OPERAND"),
    ("DELETE s :s", {":s": {"S": "a"}},
     "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, operand type: "
     "STRING, typeSet: ALLOWED_FOR_DELETE_OPERAND"),
    ("ADD s :s", {":s": {"N": "1"}}, "An operand in the update expression has an incorrect data type"),
    ("SET big = big + :a", {":a": {"N": "1"}},
     "Number overflow. Attempting to store a number with magnitude larger than supported range"),
    ("SET z = if_not_exists(:a, z)", {":a": {"N": "5"}},
     "Invalid UpdateExpression: Operator or function requires a document path; operator or function: if_not_exists"),
    ("SET x = size(s)", None,
     "Invalid UpdateExpression: The function is not allowed in an update expression; function: size"),
    ("SET x = contains(s, :a)", {":a": {"S": "x"}},
     "Invalid UpdateExpression: The function is not allowed in an update expression; function: contains"),
    ("SET x = dog(s)", None, "Invalid UpdateExpression: Invalid function name; function: dog"),
    ("SET _x = :a", {":a": {"N": "5"}}, 'Invalid UpdateExpression: Syntax error; token: "_x", near: "SET _x ="'),
    ("SET status = :a", {":a": {"N": "5"}},
     "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: status"),
    ("SET numx = numx * :v", {":v": {"N": "2"}}, 'Invalid UpdateExpression: Syntax error; token: "*", near: "numx * :v"'),
    ("ADD numx", None, 'Invalid UpdateExpression: Syntax error; token: "<EOF>", near: "numx"'),
    ("", None, "Invalid UpdateExpression: The expression can not be empty;"),
])
def test_update_errors(ddb, expr, values, text):
    ddb.put_item(TableName="tbl", Item={**K, "s": {"S": "str"}, "l": {"L": []}, "big": {"N": "1e50"}})
    args = dict(TableName="tbl", Key=K, UpdateExpression=expr)
    if values:
        args["ExpressionAttributeValues"] = values
    assert message(ddb.update_item, **args) == ("ValidationException", text)
    assert ddb.get_item(TableName="tbl", Key=K)["Item"] == {**K, "s": {"S": "str"}, "l": {"L": []},
                                                            "big": {"N": "1" + "0" * 50}}


def test_legacy_parameters(ddb):
    out = ddb.update_item(TableName="tbl", Key=K, AttributeUpdates={"q": {"Value": {"S": "x"}, "Action": "PUT"}},
                          ReturnValues="UPDATED_NEW")
    assert out["Attributes"] == {"q": {"S": "x"}}
    assert message(ddb.update_item, TableName="tbl", Key=K,
                   AttributeUpdates={"q": {"Value": {"S": "x"}, "Action": "PUT"}},
                   ConditionExpression="attribute_exists(pk)") == (
        "ValidationException", "Can not use both expression and non-expression parameters in the same request: "
        "Non-expression parameters: {AttributeUpdates} Expression parameters: {ConditionExpression}")
    assert message(ddb.get_item, TableName="tbl", Key=K, ProjectionExpression="x", AttributesToGet=["x"]) == (
        "ValidationException", "Can not use both expression and non-expression parameters in the same request: "
        "Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}")
    with pytest.raises(ddb.exceptions.ConditionalCheckFailedException):
        ddb.put_item(TableName="tbl", Item=K, Expected={"q": {"Exists": False}})
    assert ddb.get_item(TableName="tbl", Key=K, AttributesToGet=["q"])["Item"] == {"q": {"S": "x"}}


@pytest.mark.parametrize(("kwargs", "text"), [
    (dict(ProjectionExpression=".".join(["a"] * 33)),
     "Invalid ProjectionExpression: The document path has too many nesting levels; nesting levels: 33"),
    (dict(ProjectionExpression="a.b, a[1]"),
     "Invalid ProjectionExpression: Two document paths conflict with each other; must remove or rewrite one of "
     "these paths; path one: [a, b], path two: [a, [1]]"),
    (dict(ProjectionExpression="a, a.b"),
     "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of "
     "these paths; path one: [a], path two: [a, b]"),
    (dict(ProjectionExpression="name"),
     "Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: name"),
    (dict(ProjectionExpression="#" + "a" * 255, ExpressionAttributeNames={"#" + "a" * 255: "x"}),
     "ExpressionAttributeNames contains invalid key: The expression attribute map contains a key that is too "
     "long; size of key: 256"),
    (dict(ProjectionExpression="x", ExpressionAttributeNames={"#a": "x"}),
     "Value provided in ExpressionAttributeNames unused in expressions: keys: {#a}"),
])
def test_projection_errors(ddb, kwargs, text):
    assert message(ddb.get_item, TableName="tbl", Key=K, **kwargs) == ("ValidationException", text)


def test_attribute_name_length(ddb):
    ddb.put_item(TableName="hsh", Item={"pk": {"S": "a"}, "n" * 65535: {"S": "x"}})
    code, text = message(ddb.put_item, TableName="hsh", Item={"pk": {"S": "a"}, "n" * 65536: {"S": "x"}})
    assert code == "ValidationException" and "65536" in text
    assert message(ddb.put_item, TableName="hsh", Item={"pk": {"S": "a"}}, ConditionExpression="x = :v",
                   ExpressionAttributeValues={":v": {"N": "abc"}}) == (
        "ValidationException", "ExpressionAttributeValues contains invalid value: The parameter cannot be converted "
        "to a numeric value: abc for key :v")
