"""Compile step (placeholders, semantic checks) and the condition evaluator."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from awscore.core.errors import SerializationException, ValidationException
from awscore.dynamo.expressions import compile_expressions, evaluate
from awscore.dynamo.types import NumberSet, StringSet, from_python, to_wire


def cond(text: str, **values):
    wire = {f":{k}": to_wire(from_python(v)) for k, v in values.items()} or None
    return compile_expressions(condition=text, values=wire).condition


def ok(text: str, item, **values) -> bool:
    return evaluate(cond(text, **values), from_python(item) if item is not None else None)


def err(**kwargs) -> str:
    with pytest.raises(ValidationException) as e:
        compile_expressions(**kwargs)
    return e.value.message


# ---- compile: placeholders -------------------------------------------------------------


def test_unused_and_undefined_placeholders():
    assert err(condition="a = :v", values={":v": {"S": "x"}, ":x": {"S": "y"}}) == (
        "Value provided in ExpressionAttributeValues unused in expressions: keys: {:x}"
    )
    assert err(condition="a = :v", names={"#a": "a", "#b": "b"}, values={":v": {"S": "x"}}) == (
        "Value provided in ExpressionAttributeNames unused in expressions: keys: {#a, #b}"
    )
    assert err(update="SET #n = :v", values={":v": {"S": "x"}}) == (
        "Invalid UpdateExpression: An expression attribute name used in the document path is not defined; "
        "attribute name: #n"
    )
    assert err(filter="a = :v") == (
        "Invalid FilterExpression: An expression attribute value used in expression is not defined; attribute value: :v"
    )
    assert err(condition="a = :v", values={}) == "ExpressionAttributeValues must not be empty"
    assert err(condition="a = :v", names={}) == "ExpressionAttributeNames must not be empty"
    assert err(condition="a = :v", values={"v": {"S": "x"}}) == (
        'ExpressionAttributeValues contains invalid key: Syntax error; key: "v"'
    )
    assert err(condition="a = :v", values={":v": {"NULL": False}}) == (
        "ExpressionAttributeValues contains invalid value: One or more parameter values were invalid: "
        "Null attribute value types must have the value of true for key :v"
    )


def test_placeholder_keys_and_values():
    long_name = "#" + "a" * 255
    assert err(projection="#a", names={long_name: "foo"}) == (
        "ExpressionAttributeNames contains invalid key: The expression attribute map contains a key that is too "
        "long; size of key: 256"
    )
    assert err(projection="#a", names={long_name + "-x": "foo"}).endswith("size of key: 258")  # length first
    assert err(filter="a = :v", values={":" + "a" * 255: {"S": "x"}}) == (
        "ExpressionAttributeValues contains invalid key: The expression attribute map contains a key that is too long;"
    )
    assert (
        err(projection="#", names={"#": "foo"})
        == 'ExpressionAttributeNames contains invalid key: Syntax error; key: "#"'
    )
    assert err(projection="#a", names={"#a": ""}) == (
        "ExpressionAttributeNames contains invalid value: Empty attribute name for key #a"
    )
    assert err(filter="a = :v", values={":v": {}}) == (
        "ExpressionAttributeValues contains invalid value: Supplied AttributeValue is empty, must contain exactly one "
        "of the supported datatypes for key :v"
    )
    with pytest.raises(SerializationException):
        compile_expressions(projection="#a", names={"#a": 5})
    compile_expressions(projection="#" + "a" * 254, names={"#" + "a" * 254: "foo"})


def test_placeholders_used_across_the_request_and_short_circuits():
    c = compile_expressions(
        condition="attribute_exists(#a) OR #b = :v",
        projection="#c",
        update="SET #b = :w",
        names={"#a": "a", "#b": "b", "#c": "c"},
        values={":v": {"N": "1"}, ":w": {"N": "2"}},
    )
    assert evaluate(c.condition, {"a": "x"})  # the OR branch is never evaluated, yet #b/:v are used
    assert c.projection.paths[0].elements == ("c",)


def test_name_substitutes_one_element():
    c = compile_expressions(condition="#a = :v", names={"#a": "a.b"}, values={":v": {"S": "x"}})
    assert evaluate(c.condition, {"a.b": "x"})
    assert not evaluate(c.condition, {"a": {"b": "x"}})


# ---- compile: semantic checks -------------------------------------------------------------


@pytest.mark.parametrize(
    "text, values, expected",
    [
        (
            "a = a",
            None,
            "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this "
            "operator or function; operator: =, first operand: [a]",
        ),
        (
            "contains(x, x)",
            None,
            "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this "
            "operator or function; operator: contains, first operand: [x]",
        ),
        (
            "size(a, b) = :v",
            {":v": {"N": "1"}},
            "Invalid ConditionExpression: Incorrect number of operands for operator or function; "
            "operator or function: size, number of operands: 2",
        ),
        (
            "attribute_exists(:v)",
            {":v": {"S": "x"}},
            "Invalid ConditionExpression: Operator or function requires a document path; "
            "operator or function: attribute_exists",
        ),
        (
            "attribute_type(a, :t)",
            {":t": {"S": "X"}},
            "Invalid ConditionExpression: Invalid attribute type name found; type: X, valid types: "
            "{B,NULL,SS,BOOL,L,BS,N,NS,S,M}",
        ),
        (
            "begins_with(a, :n)",
            {":n": {"N": "1"}},
            "Invalid ConditionExpression: Incorrect operand type for operator or function; "
            "operator or function: begins_with, operand type: N",
        ),
        (
            "size(:n) > :n",
            {":n": {"N": "1"}},
            "Invalid ConditionExpression: Incorrect operand type for operator or function; "
            "operator or function: size, operand type: N",
        ),
        (
            "a BETWEEN :a AND :b",
            {":a": {"N": "1"}, ":b": {"S": "a"}},
            "Invalid ConditionExpression: The BETWEEN operator requires same data type for lower and upper bounds; "
            "lower bound operand: AttributeValue: {N:1}, upper bound operand: AttributeValue: {S:a}",
        ),
        (
            "a BETWEEN :a AND :b",
            {":a": {"N": "2"}, ":b": {"N": "1"}},
            "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to "
            "lower bound; lower bound operand: AttributeValue: {N:2}, upper bound operand: AttributeValue: {N:1}",
        ),
        (
            "a < :l",
            {":l": {"L": []}},
            "Invalid ConditionExpression: Incorrect operand type for operator or function; "
            "operator or function: <, operand type: L",
        ),
        (
            "#a <> a",
            None,
            "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this "
            "operator or function; operator: <>, first operand: [a]",
        ),
    ],
)
def test_semantic_errors(text, values, expected):
    names = {"#a": "a"} if "#a" in text else None
    assert err(condition=text, values=values, names=names) == expected


def test_check_order_and_static_types():
    # size(size(a)) is not a misuse: the inner size is a number, which size refuses
    assert err(condition="size(size(a)) > :n", values={":n": {"N": "1"}}) == (
        "Invalid ConditionExpression: Incorrect operand type for operator or function; "
        "operator or function: size, operand type: N"
    )
    assert err(condition="attribute_type(a, b)") == (
        "Invalid ConditionExpression: Incorrect operand type for operator or function; "
        "operator or function: attribute_type, operand type: {NS,SS,L,BS,N,M,B,BOOL,NULL,S}"
    )
    # undefined placeholders come before operand counts, which come before types
    assert err(condition="size(a, b) = :n AND c = :x", values={":n": {"N": "1"}}) == (
        "Invalid ConditionExpression: An expression attribute value used in expression is not defined; "
        "attribute value: :x"
    )
    # an UpdateExpression reports undefined names before undefined values
    assert err(update="SET a = :x, #b = :y") == (
        "Invalid UpdateExpression: An expression attribute name used in the document path is not defined; "
        "attribute name: #b"
    )
    # ... and overlapping paths before operand types
    assert err(update="SET a = :s ADD a :s", values={":s": {"S": "x"}}).startswith(
        "Invalid UpdateExpression: Two document paths overlap with each other"
    )


def test_constant_comparisons_allowed():
    assert ok(":x = :x", {}, x=1)
    assert ok("a = :l", {"a": [1]}, l=[1])


# ---- evaluation -------------------------------------------------------------------------


def test_missing_attributes():
    assert not ok("a = :v", {}, v=1)
    assert ok("a <> :v", {}, v=1)
    assert ok("a <> b", {})
    assert not ok("a = b", {})
    assert not ok("a < :v", None, v=1)
    assert ok("attribute_not_exists(pk)", None)


def test_type_mismatch_is_false():
    assert not ok("a = :v", {"a": "1"}, v=1)
    assert not ok("a < :v", {"a": "1"}, v=1)
    assert ok("a <> :v", {"a": "1"}, v=1)
    assert not ok("a < :v", {"a": [1]}, v=2)  # item-side L is just false
    assert not ok("a BETWEEN :x AND :y", {"a": "b"}, x=1, y=3)


def test_comparisons_and_paths():
    item = {"a": {"b": [1, {"c": "x"}, 3]}, "s": "héllo", "bin": b"\x80"}
    assert ok("a.b[1].c = :v", item, v="x")
    assert ok("a.b[2] >= :v", item, v=3)
    assert not ok("a.b[5] = :v", item, v=3)
    assert ok("size(s) = :n", item, n=6)  # UTF-8 bytes
    assert ok("size(a.b) = :n", item, n=3)
    assert ok("bin > :b", item, b=b"\x7f")
    assert ok("a.b[0] IN (:x, :y)", item, x="1", y=1)
    assert not ok("size(a.b[0]) = :n", item, n=1)  # size of a number is false


def test_functions():
    item = {"s": "hello", "ss": {"a", "b"}, "l": [1, {"m": 1}], "m": {"k": 1}, "n": 5, "b": b"abc"}
    assert ok("begins_with(s, :p)", item, p="he")
    assert not ok("begins_with(n, :p)", item, p="5")
    assert ok("begins_with(b, :p)", item, p=b"ab")
    assert ok("contains(s, :p)", item, p="ll")
    assert ok("contains(ss, :p)", item, p="a")
    assert not ok("contains(ss, :p)", item, p={"a"})
    assert ok("contains(l, :p)", item, p={"m": 1})
    assert not ok("contains(m, :p)", item, p="k")
    assert ok("attribute_type(ss, :t)", item, t="SS")
    assert not ok("attribute_type(ss, :t)", item, t="S")
    assert ok("attribute_exists(l[1].m)", item)
    assert ok("contains(s, :p) AND NOT contains(s, :q)", item, p="h", q="z")


# ---- properties --------------------------------------------------------------------------

small_values = st.one_of(
    st.integers(-5, 5),
    st.sampled_from(["a", "b", "", "ab"]),
    st.booleans(),
    st.none(),
    st.sampled_from([b"a", b"\x80"]),
)
items = st.dictionaries(st.sampled_from(["a", "b", "c"]), small_values, max_size=3)


@given(items, small_values, st.sampled_from(["=", "<>", "<", "<=", ">", ">="]))
def test_not_inverts(item, v, op):
    typed = from_python(item)
    wire = {":v": to_wire(from_python(v))}
    if op not in ("=", "<>") and (v is None or isinstance(v, bool)):
        with pytest.raises(ValidationException, match="Incorrect operand type"):
            compile_expressions(condition=f"a {op} :v", values=wire)
        return
    plain = compile_expressions(condition=f"a {op} :v", values=wire).condition
    negated = compile_expressions(condition=f"NOT a {op} :v", values=wire).condition
    assert evaluate(negated, typed) is (not evaluate(plain, typed))


@given(items, st.integers(-5, 5), st.integers(-5, 5))
def test_between_equals_two_comparisons(item, low, high):
    low, high = min(low, high), max(low, high)
    wire = {":l": to_wire(from_python(low)), ":h": to_wire(from_python(high))}
    typed = from_python(item)
    between = compile_expressions(condition="a BETWEEN :l AND :h", values=wire).condition
    pair = compile_expressions(condition="a >= :l AND a <= :h", values=wire).condition
    assert evaluate(between, typed) == evaluate(pair, typed)


@given(items, small_values, small_values)
def test_de_morgan_and_in(item, x, y):
    wire = {":x": to_wire(from_python(x)), ":y": to_wire(from_python(y))}
    typed = from_python(item)
    lhs = compile_expressions(condition="a IN (:x, :y)", values=wire).condition
    rhs = compile_expressions(condition="NOT (a <> :x AND a <> :y)", values=wire).condition
    if "a" in typed:
        assert evaluate(lhs, typed) == evaluate(rhs, typed)


def test_numbers_compare_by_value():
    assert ok("a = :v", {"a": Decimal("1000")}, v=Decimal("1E3"))
    assert ok("a = :v", {"a": NumberSet({Decimal(1)})}, v=NumberSet({Decimal("1.0")}))
    assert ok("a = :v", {"a": StringSet({"x", "y"})}, v=StringSet({"y", "x"}))


def test_concurrent_evaluation_agrees():
    """Threads evaluating shared trees (closure cache, parse cache) all get the interpreter's answers."""
    import threading

    from awscore.dynamo.expressions.evaluate import interpret

    trees = [cond("a > :v AND size(s) <= :n OR attribute_exists(x)", v=i, n=3) for i in range(20)]
    items = [from_python({"a": i, "s": "ab" * (i % 3)}) for i in range(30)]
    assert any(interpret(trees[5], it) for it in items) and not all(interpret(trees[5], it) for it in items)
    expected = [[interpret(t, it) for it in items] for t in trees]
    errors: list[str] = []

    def work() -> None:
        for _ in range(20):
            for t, row in zip(trees, expected):
                if [evaluate(t, it) for it in items] != row:
                    errors.append("mismatch")

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
