"""Expression parser: AWS's exact texts, round trips over generated ASTs, fuzzing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from awscore.core.errors import ValidationException
from awscore.dynamo.expressions import (
    And,
    Between,
    Call,
    Compare,
    CompareOp,
    In,
    NameRef,
    Not,
    Or,
    Path,
    Projection,
    SetAction,
    Update,
    UpdateAction,
    ValueRef,
    parse_cache_info,
    parse_condition,
    parse_filter,
    parse_projection,
    parse_update,
)
from awscore.dynamo.expressions.ast import Arith


def message(fn, text) -> str:
    with pytest.raises(ValidationException) as e:
        fn(text)
    return e.value.message


@pytest.mark.parametrize(
    "text, expected",
    [
        ("((a = :v))", "Invalid ConditionExpression: The expression has redundant parentheses;"),
        ("NOT ((a = :v))", "Invalid ConditionExpression: The expression has redundant parentheses;"),
        ("a = :v $", 'Invalid ConditionExpression: Syntax error; token: "$", near: ":v $"'),
        ("a", 'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "a"'),
        ("a = ", 'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "="'),
        ("a IN ()", 'Invalid ConditionExpression: Syntax error; token: ")", near: "()"'),
        ("a[-1] = :v", 'Invalid ConditionExpression: Syntax error; token: "-", near: "[-1"'),
        ("a[#i] = :v", 'Invalid ConditionExpression: Syntax error; token: "#i", near: "[#i]"'),
        ("a[] = :v", 'Invalid ConditionExpression: Syntax error; token: "]", near: "[] ="'),
        ("# = :v", 'Invalid ConditionExpression: Syntax error; token: "#", near: "# ="'),
        ("dog(a)", "Invalid ConditionExpression: Invalid function name; function: dog"),
        ("BEGINS_WITH(a, :v)", "Invalid ConditionExpression: Invalid function name; function: BEGINS_WITH"),
        (
            "attribute_exists(a) < :v",
            "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; "
            "function: attribute_exists",
        ),
        (
            "if_not_exists(a, :v) = :v",
            "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; "
            "function: if_not_exists",
        ),
        (
            "size(a)",
            "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; "
            "function: size",
        ),
        (
            "status = :v",
            "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status",
        ),
        (
            "a.Name = :v",
            "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: Name",
        ),
        (
            "a[99999999999999] = :v",
            "Invalid ConditionExpression: List index is not within the allowable range; index: [99999999999999]",
        ),
        ("", "Invalid ConditionExpression: The expression can not be empty;"),
        ("   ", "Invalid ConditionExpression: The expression can not be empty;"),
        # text-level ranks: parentheses before unknown function before misuse before reserved word
        (
            "status = :v AND dog(a) AND ((b = :v))",
            "Invalid ConditionExpression: The expression has redundant parentheses;",
        ),
        ("status = :v AND dog(a)", "Invalid ConditionExpression: Invalid function name; function: dog"),
    ],
)
def test_condition_errors(text, expected):
    assert message(parse_condition, text) == expected


def test_parenthesised_operands():
    assert parse_condition("(a) = :v") == parse_condition("a = :v")
    assert parse_condition("(a = (:v))") == parse_condition("a = :v")
    assert parse_condition("size((a)) > (:v)") == parse_condition("size(a) > :v")
    assert (
        message(parse_condition, "((a)) = :v")
        == "Invalid ConditionExpression: The expression has redundant parentheses;"
    )
    assert (
        message(parse_condition, "(a = :v")
        == 'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: ":v"'
    )
    assert parse_update("SET a = (b + :v)") == parse_update("SET a = b + :v")
    assert parse_update("SET a = (b) + (:v)") == parse_update("SET a = b + :v")
    assert parse_update("SET a = (list_append(b, :v))") == parse_update("SET a = list_append(b, :v)")


def test_allowed_shapes():
    assert parse_condition("(a = :v)") == parse_condition("a = :v")
    parse_condition("((a=:v) AND b=:v)")
    parse_condition("NOT NOT a = :v")
    parse_condition("remove = :v")  # REMOVE is not reserved
    parse_condition("a = :v and b = :v or not c = :v")  # keywords are case-insensitive
    assert parse_condition("#123 = :_") == Compare(CompareOp.EQ, Path((NameRef("#123"),)), ValueRef(":_"))


def test_precedence():
    tree = parse_condition("a = :a OR b = :b AND NOT c = :c")
    assert isinstance(tree, Or) and isinstance(tree.right, And) and isinstance(tree.right.right, Not)
    tree = parse_condition("NOT a = :a AND b = :b")
    assert isinstance(tree, And) and isinstance(tree.left, Not)


def test_limits():
    big = "a = :v AND " * 150 + "a = :v"
    assert message(parse_filter, big) == (
        "Invalid FilterExpression: The expression contains too many operators; operator count: 301"
    )
    text = "a IN (" + ", ".join([":v"] * 100) + ")"
    assert message(parse_filter, text) == (
        "Invalid FilterExpression: The IN operator is provided with too many operands; number of operands: 101"
    )
    parse_filter("a IN (" + ", ".join([":v"] * 99) + ")")
    long = "a = :v" + " " * 4091
    assert message(parse_condition, long) == (
        "Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; expression size: 4097"
    )
    parse_condition("a = :v" + " " * 4090)
    name = "a" + "z" * 4096
    assert message(parse_projection, name) == (
        "Invalid ProjectionExpression: Expression size has exceeded the maximum allowed size;"
    )
    assert message(parse_update, f"SET {name} = :v") == (
        "Invalid UpdateExpression: Expression size has exceeded the maximum allowed size;"
    )
    parse_projection(name[:4096])
    deep = ".".join(["a"] * 33)
    assert message(parse_projection, deep) == (
        "Invalid ProjectionExpression: The document path has too many nesting levels; nesting levels: 33"
    )
    parse_projection(".".join(["a"] * 32))


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "INVALID SYNTAX",
            'Invalid UpdateExpression: Syntax error; token: "INVALID", near: "INVALID SYNTAX"',
        ),
        (
            "SET a = :v SET b = :v",
            'Invalid UpdateExpression: The "SET" section can only be used once in an update expression;',
        ),
        ("SET _x = :v", 'Invalid UpdateExpression: Syntax error; token: "_x", near: "SET _x ="'),
        ("SET a = b + c + d", 'Invalid UpdateExpression: Syntax error; token: "+", near: "c + d"'),
        ("SET a = :v +", 'Invalid UpdateExpression: Syntax error; token: "<EOF>", near: "+"'),
        ("SET a = b / :v", 'Invalid UpdateExpression: Syntax error; token: "/", near: "b / :v"'),
        ("SET", 'Invalid UpdateExpression: Syntax error; token: "<EOF>", near: "SET"'),
        ("SET :v = a", 'Invalid UpdateExpression: Syntax error; token: ":v", near: "SET :v ="'),
        (
            "SET a = list_append(b + :v, :w)",
            'Invalid UpdateExpression: Syntax error; token: "+", near: "b + :v"',
        ),
        ("SET a = :v, SET b = :v", 'Invalid UpdateExpression: Syntax error; token: "SET", near: ", SET b"'),
        ("SET a = size(b)", "Invalid UpdateExpression: The function is not allowed in an update expression; function: size"),
        # ranks in updates: reserved word, then unknown function, then a repeated section
        (
            "SET a = dog(b) SET status = :v",
            "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: status",
        ),
        ("SET a = dog(b) SET c = :v", "Invalid UpdateExpression: Invalid function name; function: dog"),
        ("SET a = dog(b)", "Invalid UpdateExpression: Invalid function name; function: dog"),
        (
            "REMOVE status",
            "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: status",
        ),
    ],
)
def test_update_errors(text, expected):
    assert message(parse_update, text) == expected


def test_update_shape():
    u = parse_update(
        "remove c[1], d SET a = a + :v, b = list_append(if_not_exists(b, :e), :l) ADD e :n DELETE f :s"
    )
    assert len(u.set) == 2 and len(u.remove) == 2 and u.add[0].value == ValueRef(":n")
    assert (
        str(u)
        == "SET a = a + :v, b = list_append(if_not_exists(b, :e), :l) REMOVE c[1], d ADD e :n DELETE f :s"
    )


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a b", 'Invalid ProjectionExpression: Syntax error; token: "b", near: "a b"'),
        ("!!!", 'Invalid ProjectionExpression: Syntax error; token: "!", near: "!!"'),
        ("a,", 'Invalid ProjectionExpression: Syntax error; token: "<EOF>", near: ","'),
        (
            "a, size",
            "Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: size",
        ),
    ],
)
def test_projection_errors(text, expected):
    assert message(parse_projection, text) == expected


def test_cache_does_not_reparse():
    text = "cached_attr = :v AND other_attr < :w"
    first = parse_condition(text)
    misses = parse_cache_info().misses
    assert parse_condition(text) is first
    assert parse_cache_info().misses == misses


# ---- round trips over generated ASTs ---------------------------------------------------

names = st.from_regex(r"[a-z][a-z0-9_]{0,3}", fullmatch=True).filter(
    lambda s: (
        s.upper() not in __import__("awscore.dynamo.expressions.reserved", fromlist=["x"]).RESERVED_WORDS
    )
)
name_refs = st.from_regex(r"#[A-Za-z0-9_]{1,3}", fullmatch=True).map(NameRef)
value_refs = st.from_regex(r":[A-Za-z0-9_]{1,3}", fullmatch=True).map(ValueRef)
paths = st.builds(
    lambda first, rest: Path((first, *rest)),
    st.one_of(names, name_refs),
    st.lists(st.one_of(names, name_refs, st.integers(0, 99)), max_size=3),
)
values_ops = st.one_of(paths, value_refs, st.builds(lambda p: Call("size", (p,)), paths))
comparisons = st.one_of(
    st.builds(Compare, st.sampled_from(list(CompareOp)), values_ops, values_ops),
    st.builds(Between, values_ops, values_ops, values_ops),
    st.builds(In, values_ops, st.lists(values_ops, min_size=1, max_size=3).map(tuple)),
    st.builds(lambda p: Call("attribute_exists", (p,)), paths),
    st.builds(lambda p, v: Call("begins_with", (p, v)), paths, value_refs),
    st.builds(lambda p, v: Call("contains", (p, v)), paths, st.one_of(paths, value_refs)),
)
conditions = st.recursive(
    comparisons,
    lambda inner: st.one_of(st.builds(And, inner, inner), st.builds(Or, inner, inner), st.builds(Not, inner)),
    max_leaves=8,
)


@given(conditions)
def test_condition_round_trip(tree):
    assert parse_condition(str(tree)) == tree


set_values = st.one_of(
    paths,
    value_refs,
    st.builds(lambda p, v: Call("if_not_exists", (p, v)), paths, st.one_of(paths, value_refs)),
    st.builds(
        lambda a, b: Call("list_append", (a, b)), st.one_of(paths, value_refs), st.one_of(paths, value_refs)
    ),
)
updates = st.builds(
    Update,
    set=st.lists(
        st.builds(
            SetAction,
            paths,
            st.one_of(set_values, st.builds(Arith, st.sampled_from(["+", "-"]), set_values, set_values)),
        ),
        max_size=3,
    ).map(tuple),
    remove=st.lists(st.builds(UpdateAction, paths), max_size=3).map(tuple),
    add=st.lists(st.builds(UpdateAction, paths, value_refs), max_size=2).map(tuple),
    delete=st.lists(st.builds(UpdateAction, paths, value_refs), max_size=2).map(tuple),
).filter(lambda u: u.actions())


@given(updates)
def test_update_round_trip(tree):
    assert parse_update(str(tree)) == tree


@given(st.lists(paths, min_size=1, max_size=4).map(tuple))
def test_projection_round_trip(ps):
    assert parse_projection(str(Projection(ps))) == Projection(ps)


# ---- fuzzing: any text gives an AST or a ValidationException ---------------------------------

alphabet = st.sampled_from(
    list("abcxyz_#:0129 ()[],.=<>+-!$\t")
    + [
        "AND",
        "OR",
        "NOT",
        "BETWEEN",
        "IN",
        "SET",
        "REMOVE",
        "ADD",
        "DELETE",
        "size",
        "contains",
        "status",
        "é",
    ]
)
fuzz_text = st.one_of(
    st.text(max_size=40),
    st.lists(alphabet, max_size=25).map(" ".join),
    st.lists(alphabet, max_size=25).map("".join),
)


@pytest.mark.parametrize("parse", [parse_condition, parse_update, parse_projection])
@given(text=fuzz_text)
def test_fuzz_parsers(parse, text):
    try:
        parse(text)
    except ValidationException as e:
        assert e.message.startswith("Invalid ")


def test_deep_nesting_is_fast_and_never_a_python_error():
    import time

    start = time.perf_counter()
    for text in ["(" * 1000 + "a" + ")" * 1000 + " = :v", "(" * 2000, "NOT " * 1000 + "a = :v"]:
        with pytest.raises(ValidationException):
            parse_condition(text)
    assert time.perf_counter() - start < 2  # no backtracking blow-up
    deep = "a = :v"
    for _ in range(149):
        deep = f"a=:v AND ({deep})"
    assert parse_condition(str(parse_condition(deep))) == parse_condition(deep)  # 298 operators, 149 levels
    nots = "a = :v"
    for _ in range(299):
        nots = f"NOT ({nots})"
    parse_condition(nots)
    parse_update("SET a = " + "list_append(" * 200 + "b" + ", :v)" * 200)


@pytest.mark.parametrize(
    "text",
    ["(a) = :v", "(size(a)) > (:v)", "(begins_with(a, :v))", "a IN ((:v), :w)", "(a) BETWEEN (:a) AND (:b)",
     "((a = :v) OR (b = :v)) AND c = :v", "(dog(a))"],
)  # fmt: skip
def test_parenthesised_groups_classified(text):
    try:
        parse_condition(text)
    except ValidationException as e:
        assert "Invalid function name; function: dog" in e.message


def test_deep_function_nesting_compiles_to_aws_errors():
    from awscore.dynamo.expressions import compile_expressions

    with pytest.raises(ValidationException) as e:
        compile_expressions(condition="size(" * 600 + "a" + ")" * 600 + " > :v", values={":v": {"N": "1"}})
    assert e.value.message.endswith("operator or function: size, operand type: N")
    deep = "SET a = " + "list_append(b, " * 250 + ":v" + ")" * 250
    assert compile_expressions(update=deep, values={":v": {"L": []}}).update is not None


def test_keywords_belong_to_their_grammar():
    reserved = "Attribute name is a reserved keyword; reserved keyword: "
    assert message(parse_projection, "a, AND") == "Invalid ProjectionExpression: " + reserved + "AND"
    assert message(parse_update, "SET and = :v") == "Invalid UpdateExpression: " + reserved + "and"
    assert message(parse_update, "SET a = remove").startswith(
        'Invalid UpdateExpression: Syntax error; token: "remove"'
    )
    assert message(parse_condition, "AND = :v").startswith(
        'Invalid ConditionExpression: Syntax error; token: "AND"'
    )
    parse_condition("remove = :v")
