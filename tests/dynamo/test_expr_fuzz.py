"""Whole-pipeline fuzzing: any request text and item gives a result or a ValidationException."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from awscore.core.errors import ValidationException
from awscore.dynamo.expressions import (
    And,
    Arith,
    Between,
    Call,
    Compare,
    CompareOp,
    In,
    NameRef,
    Not,
    Or,
    Path,
    SetAction,
    Update,
    UpdateAction,
    ValueRef,
    apply_update,
    compile_expressions,
    evaluate,
    key_condition_bounds,
    project,
)
from awscore.dynamo.expressions.closure import condition_function
from awscore.dynamo.expressions.evaluate import interpret
from awscore.dynamo.types import from_python, to_wire

words = st.sampled_from(
    [
        "a", "b", "c", "l", "m", "#n", ":v", ":w", ":l", ":s", "[0]", "[1]", ".", ",", "(", ")", "=", "<>", "<",
        ">=", "+", "-", "AND", "OR", "NOT", "BETWEEN", "IN", "SET", "REMOVE", "ADD", "DELETE", "size", "contains",
        "begins_with", "attribute_exists", "attribute_type", "if_not_exists", "list_append",
    ]
)  # fmt: skip
texts = st.lists(words, min_size=1, max_size=14).map(" ".join)
VALUES = {
    ":v": to_wire(from_python(1)),
    ":w": to_wire(from_python("x")),
    ":l": to_wire(from_python([1, "a"])),
    ":s": to_wire(from_python({"S"})),
}
leaf = st.one_of(
    st.integers(-3, 3), st.sampled_from(["x", "", "S"]), st.booleans(), st.none(), st.just({"S"})
)
values = st.recursive(
    leaf,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.sampled_from("abm"), inner, max_size=2)
    ),
    max_leaves=6,
)
items = st.one_of(
    st.none(), st.dictionaries(st.sampled_from(["a", "b", "c", "l", "m", "n"]), values, max_size=4)
)


# structured generation: valid-looking trees over a small vocabulary, so most requests compile
paths = st.builds(
    lambda first, rest: Path((first, *rest)),
    st.sampled_from(["a", "b", "c", "l", "m", NameRef("#n")]),
    st.lists(st.one_of(st.sampled_from(["a", "b", "m"]), st.integers(0, 2)), max_size=2),
)
refs = st.sampled_from([ValueRef(k) for k in VALUES])
operands = st.one_of(paths, refs, st.builds(lambda p: Call("size", (p,)), paths))
leaves = st.one_of(
    st.builds(Compare, st.sampled_from(list(CompareOp)), operands, operands),
    st.builds(Between, operands, refs, refs),
    st.builds(In, operands, st.lists(operands, min_size=1, max_size=2).map(tuple)),
    st.builds(
        lambda f, p, v: Call(f, (p, v)),
        st.sampled_from(["contains", "begins_with", "attribute_type"]),
        paths,
        refs,
    ),
    st.builds(
        lambda f, p: Call(f, (p,)), st.sampled_from(["attribute_exists", "attribute_not_exists"]), paths
    ),
)
trees = st.recursive(
    leaves, lambda i: st.one_of(st.builds(And, i, i), st.builds(Or, i, i), st.builds(Not, i)), max_leaves=5
).map(str)
set_values = st.one_of(
    paths,
    refs,
    st.builds(lambda p, v: Call("if_not_exists", (p, v)), paths, st.one_of(paths, refs)),
    st.builds(lambda a, b: Call("list_append", (a, b)), st.one_of(paths, refs), st.one_of(paths, refs)),
)
update_trees = (
    st.builds(
        Update,
        set=st.lists(
            st.builds(
                SetAction,
                paths,
                st.one_of(set_values, st.builds(Arith, st.sampled_from("+-"), set_values, set_values)),
            ),
            max_size=2,
        ).map(tuple),
        remove=st.lists(st.builds(UpdateAction, paths), max_size=2).map(tuple),
        add=st.lists(st.builds(UpdateAction, paths, refs), max_size=1).map(tuple),
        delete=st.lists(st.builds(UpdateAction, paths, refs), max_size=1).map(tuple),
    )
    .filter(lambda u: u.actions())
    .map(str)
)


def compiled(**kwargs):
    (text,) = kwargs.values()
    names = {"#n": "n"} if "#n" in text else None
    used = {k: v for k, v in VALUES.items() if k in text} or None
    try:
        return compile_expressions(names=names, values=used, **kwargs)
    except ValidationException as e:
        assert e.message
        return None


@settings(max_examples=300)
@given(st.one_of(texts, trees), items)
def test_condition_pipeline(text, item):
    c = compiled(condition=text)
    if c is not None:
        typed = from_python(item) if item is not None else None
        expected = interpret(c.condition, typed)
        assert expected in (True, False)
        assert condition_function(c.condition)(typed) is expected  # closures agree with the interpreter
        assert evaluate(c.condition, typed) is expected
        assert evaluate(c.condition, typed) is expected  # second call runs the cached closure


@settings(max_examples=300)
@given(st.one_of(texts, update_trees), items)
def test_update_pipeline(text, item):
    c = compiled(update=text)
    if c is None:
        return
    typed = from_python(item) if item is not None else None
    try:
        new, paths = apply_update(c.update, typed, {"pk": "k"})
    except ValidationException:
        return
    if new is not None:
        project(paths, new)


@settings(max_examples=200)
@given(st.one_of(texts, trees))
def test_key_condition_pipeline(text):
    c = compiled(key_condition=text)
    if c is not None:
        try:
            key_condition_bounds(c, "a", "b", {"a": "N", "b": "S"})
        except ValidationException:
            pass
