"""UpdateExpression application, path rules, projections and key conditions."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from awscore.core.errors import ValidationException
from awscore.dynamo.expressions import (
    SortOp,
    apply_update,
    check_key_not_updated,
    compile_expressions,
    key_condition_bounds,
    project,
    updated_values,
)
from awscore.dynamo.types import NumberSet, StringSet, from_python, to_wire


def upd(text: str, names=None, **values):
    wire = {f":{k}": to_wire(from_python(v)) for k, v in values.items()} or None
    return compile_expressions(update=text, values=wire, names=names).update


def run(text: str, item, **values):
    typed = from_python(item) if item is not None else None
    new, _ = apply_update(upd(text, **values), typed)
    return new


def fails(text: str, item, **values) -> str:
    with pytest.raises(ValidationException) as e:
        run(text, item, **values)
    return e.value.message


def compile_fails(text: str, **values) -> str:
    with pytest.raises(ValidationException) as e:
        upd(text, **values)
    return e.value.message


def D(x) -> Decimal:
    return Decimal(str(x))


# ---- SET -------------------------------------------------------------------------------------


def test_reads_before_writes():
    assert run("SET a = :v, b = a", {"a": 1}, v=2) == {"a": D(2), "b": D(1)}
    assert run("REMOVE a SET b = a", {"a": 1}) == {"b": D(1)}


def test_arithmetic_exact_and_overflow():
    assert run("SET n = n + :v", {"n": D("0.1")}, v=D("0.2")) == {"n": D("0.3")}
    assert run("SET n = :v - n", {"n": 5}, v=3) == {"n": D(-2)}
    assert run("SET n = if_not_exists(n, :z) + :one", {}, z=0, one=1) == {"n": D(1)}
    assert fails("SET n = n + :one", {}, one=1) == (
        "The provided expression refers to an attribute that does not exist in the item"
    )
    assert fails("SET n = n + :one", {"n": D("1e50")}, one=1) == (
        "Number overflow. Attempting to store a number with magnitude larger than supported range"
    )
    assert (
        fails("SET n = n + :one", {"n": "x"}, one=1)
        == "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: +, "
        "operand type: S"
    )
    assert compile_fails("SET n = n + :s", s="x") == (
        "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: +, operand type: S"
    )


def test_list_append_and_if_not_exists():
    assert run("SET l = list_append(l, :v)", {"l": [1]}, v=[2]) == {"l": [D(1), D(2)]}
    assert run("SET l = list_append(:v, l)", {"l": [1]}, v=[2]) == {"l": [D(2), D(1)]}
    assert run("SET l = list_append(if_not_exists(l, :e), :v)", {}, e=[], v=["x"]) == {"l": ["x"]}
    assert run("SET a = if_not_exists(a, :v)", {"a": 1}, v=2) == {"a": D(1)}
    assert compile_fails("SET a = if_not_exists(:v, a)", v=1) == (
        "Invalid UpdateExpression: Operator or function requires a document path; operator or function: if_not_exists"
    )
    assert compile_fails("SET a = list_append(a, :v)", v="x") == (
        "Invalid UpdateExpression: Incorrect operand type for operator or function; "
        "operator or function: list_append, operand type: S"
    )
    assert fails("SET l = list_append(l, :v)", {"l": {"m": 1}}, v=[1]) == (
        "Invalid UpdateExpression: Incorrect operand type for operator or function; "
        "operator or function: list_append, operand type: M"
    )


def test_nesting_limit_on_set():
    deep = "x"
    for _ in range(30):
        deep = [deep]
    assert run("SET m.k = :v", {"m": {}}, v=deep)["m"]["k"] == deep  # leaf at level 32
    assert fails("SET m.k = :v", {"m": {}}, v=[deep]) == (
        "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit"
    )


def test_nested_set():
    assert run("SET m.k = :v", {"m": {}}, v=1) == {"m": {"k": D(1)}}
    assert (
        fails("SET m.k = :v", {}, v=1)
        == "The document path provided in the update expression is invalid for update"
    )
    assert fails("SET m.k = :v", {"m": [1]}, v=1) == (
        "The document path provided in the update expression is invalid for update"
    )
    assert run("SET l[0] = :v", {"l": []}, v="x") == {"l": ["x"]}
    assert run("SET l[9] = :a, l[5] = :b", {"l": [0]}, a="a", b="b") == {"l": [D(0), "b", "a"]}
    assert run("SET l[0] = :v", {"l": [1, 2]}, v=9) == {"l": [D(9), D(2)]}


# ---- REMOVE, ADD, DELETE -------------------------------------------------------------------


def test_remove():
    assert run("REMOVE l[1], l[3]", {"l": [0, 1, 2, 3, 4]}) == {"l": [D(0), D(2), D(4)]}
    assert run("REMOVE l[7]", {"l": [0]}) == {"l": [D(0)]}
    assert run("REMOVE m.k", {"m": {"k": 1}}) == {"m": {}}
    assert run("REMOVE m.x", {"m": {"k": 1}}) == {"m": {"k": D(1)}}
    assert (
        fails("REMOVE a.b", {"x": 1})
        == "The document path provided in the update expression is invalid for update"
    )
    assert run("REMOVE a.b", None) is None  # whole item missing: silent no-op, not created
    assert run("REMOVE a", {"a": 1, "b": 2}) == {"b": D(2)}


def test_add():
    assert run("ADD n :v", {"n": 1}, v=2) == {"n": D(3)}
    assert run("ADD n :v", None, v=2) == {"n": D(2)}  # creates the item
    assert run("ADD s :v", {"s": {"a"}}, v={"b"}) == {"s": StringSet({"a", "b"})}
    assert (
        fails("ADD s :v", {"s": {"a"}}, v={1})
        == "An operand in the update expression has an incorrect data type"
    )
    assert (
        fails("ADD n :v", {"n": "x"}, v=1) == "An operand in the update expression has an incorrect data type"
    )
    assert compile_fails("ADD l :v", v=[1]) == (
        "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: LIST, "
        "typeSet: ALLOWED_FOR_ADD_OPERAND"
    )


def test_delete():
    assert run("DELETE s :v", {"s": {1, 2}}, v={2, 3}) == {"s": NumberSet({D(1)})}
    assert run("DELETE s :v", {"s": {1}}, v={1}) == {}
    assert run("DELETE s :v", {}, v={1}) == {}
    assert run("DELETE s :v", None, v={1}) is None
    assert (
        fails("DELETE s :v", {"s": "x"}, v={"x"})
        == "An operand in the update expression has an incorrect data type"
    )


def test_input_not_mutated_and_paths():
    item = from_python({"m": {"l": [1, 2]}, "n": 1})
    new, paths = apply_update(upd("SET m.l[0] = :v ADD n :v", v=5), item)
    assert item == from_python({"m": {"l": [1, 2]}, "n": 1})
    assert new == from_python({"m": {"l": [5, 2]}, "n": 6})
    assert updated_values(paths, item) == from_python({"m": {"l": [1]}, "n": 1})
    assert updated_values(paths, new) == from_python({"m": {"l": [5]}, "n": 6})


# ---- path rules -------------------------------------------------------------------------------


def test_overlap_and_conflict():
    assert compile_fails("SET a = :v REMOVE a.b", v=1) == (
        "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these "
        "paths; path one: [a], path two: [a, b]"
    )
    assert compile_fails("SET a.b = :v, a[1] = :v", v=1) == (
        "Invalid UpdateExpression: Two document paths conflict with each other; must remove or rewrite one of these "
        "paths; path one: [a, b], path two: [a, [1]]"
    )
    with pytest.raises(ValidationException, match="overlap"):
        compile_expressions(projection="a, a")
    with pytest.raises(ValidationException, match="overlap"):
        compile_expressions(projection="a.b, a.b[2]")
    compile_expressions(projection="a.b, a.c")


def test_key_attributes_cannot_be_updated():
    with pytest.raises(ValidationException) as e:
        check_key_not_updated(upd("SET pk = :v", v=1), {"pk", "sk"})
    assert e.value.message == (
        "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key"
    )


@given(st.lists(st.integers(-1000, 1000), min_size=1, max_size=5))
def test_add_sums_exactly(nums):
    item = None
    for n in nums:
        item, _ = apply_update(upd("ADD n :v", v=n), item)
    assert item == {"n": Decimal(sum(nums))}


# ---- projection -------------------------------------------------------------------------------


def test_projection():
    item = from_python({"a": {"b": [1, 2, 3], "c": "x"}, "d": 1})
    paths = compile_expressions(projection="a.b[2], a.b[0], d, z, a.c.q").projection.paths
    assert project(paths, item) == from_python({"a": {"b": [1, 3]}, "d": 1})
    assert project(compile_expressions(projection="z").projection.paths, item) == {}


# ---- key conditions -------------------------------------------------------------------------


def kc(text: str, **values):
    wire = {f":{k}": to_wire(from_python(v)) for k, v in values.items()} or None
    return compile_expressions(key_condition=text, values=wire)


def kc_fails(text: str, **values) -> str:
    with pytest.raises(ValidationException) as e:
        key_condition_bounds(kc(text, **values), "pk", "sk", {"pk": "S", "sk": "N"})
    return e.value.message


def test_key_condition_bounds():
    pv, sort = key_condition_bounds(kc("pk = :p", p="u"), "pk", "sk")
    assert pv == "u" and sort is None
    b = key_condition_bounds(kc(":n < sk AND pk = :p", p="u", n=3), "pk", "sk")
    assert b.sort.op is SortOp.GT and b.sort.values == (D(3),)
    b = key_condition_bounds(kc("(pk = :p AND sk BETWEEN :a AND :b)", p="u", a=1, b=2), "pk", "sk")
    assert b.sort.op is SortOp.BETWEEN and b.sort.matches(D("1.5"))


P = "Invalid KeyConditionExpression: "


@pytest.mark.parametrize(
    "text, values, expected",
    [
        ("sk = :n", {"n": 1}, "Query condition missed key schema element: pk"),
        ("pk > :p", {"p": "u"}, "Query key condition not supported"),
        ("pk = :p AND pk = :p", {"p": "u"}, P + "KeyConditionExpressions must only contain one condition per key"),
        ("pk = :p AND sk = :n AND x = :n", {"p": "u", "n": 1}, "Conditions can be of length 1 or 2 only"),
        ("pk = :p OR sk = :n", {"p": "u", "n": 1}, P + "Invalid operator used in KeyConditionExpression: OR"),
        ("pk = :p AND attribute_exists(sk)", {"p": "u"}, P + "Invalid operator used in KeyConditionExpression: attribute_exists"),
        ("pk.x = :p", {"p": "u"}, P + "KeyConditionExpressions cannot have conditions on nested attributes"),
        ("foo.bar > :p", {"p": "u"}, P + "KeyConditionExpressions cannot have conditions on nested attributes"),
        ("pk = :p AND :n < sk[0]", {"p": "u", "n": 1}, P + "KeyConditionExpressions cannot have conditions on nested attributes"),
        ("pk = :p AND size(sk) = :n", {"p": "u", "n": 1}, P + "KeyConditionExpressions cannot contain nested operations"),
        (
            "pk = :p AND sk = x",
            {"p": "u"},
            P + "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition",
        ),
        (
            "pk = :p AND :n BETWEEN sk AND :n",
            {"p": "u", "n": 1},
            P + "Invalid condition in KeyConditionExpression: BETWEEN operator must have the key attribute as its "
            "first operand",
        ),
        (
            "pk = :p AND sk = :s",
            {"p": "u", "s": "x"},
            "One or more parameter values were invalid: Condition parameter type does not match schema type",
        ),
        ("pk = :p AND x = :n", {"p": "u", "n": 1}, "Query condition missed key schema element: sk"),
    ],
)  # fmt: skip
def test_key_condition_errors(text, values, expected):
    assert kc_fails(text, **values) == expected


@pytest.mark.parametrize(
    "projection, one, two",
    [("a, a.b", "[a]", "[a, b]"), ("a.b, a", "[a, b]", "[a]"), ("a, a", "[a]", "[a]"),
     ("alist[0], alist", "[alist, [0]]", "[alist]"), ("x, a.b, a", "[a, b]", "[a]")],
)  # fmt: skip
def test_projection_overlap_messages(projection, one, two):
    with pytest.raises(ValidationException) as e:
        compile_expressions(projection=projection, names=None)
    assert e.value.message == (
        "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of "
        f"these paths; path one: {one}, path two: {two}"
    )


def test_projection_overlap_reports_resolved_names_before_unused_names():
    with pytest.raises(ValidationException) as e:
        compile_expressions(projection="#p, #p.#q", names={"#p": "a", "#q": "b", "#z": "zzz"})
    assert e.value.message.endswith("path one: [a], path two: [a, b]")


# ---- apply_update against a naive model ------------------------------------------------------

ops = st.lists(
    st.one_of(
        st.tuples(st.just("set"), st.sampled_from("abc"), st.integers(-5, 5)),
        st.tuples(st.just("inc"), st.sampled_from("abc"), st.integers(-5, 5)),
        st.tuples(st.just("remove"), st.sampled_from("abc"), st.none()),
        st.tuples(st.just("add"), st.sampled_from("abc"), st.integers(-5, 5)),
        st.tuples(
            st.just("addset"), st.sampled_from("st"), st.frozensets(st.sampled_from("xyz"), min_size=1)
        ),
        st.tuples(
            st.just("delset"), st.sampled_from("st"), st.frozensets(st.sampled_from("xyz"), min_size=1)
        ),
        st.tuples(st.just("append"), st.sampled_from("l"), st.lists(st.integers(0, 3), max_size=2)),
    ),
    max_size=12,
)
TEXT = {
    "set": "SET #p = :v",
    "inc": "SET #p = #p + :v",
    "remove": "REMOVE #p",
    "add": "ADD #p :v",
    "addset": "ADD #p :v",
    "delset": "DELETE #p :v",
    "append": "SET #p = list_append(if_not_exists(#p, :e), :v)",
}


def model_step(model: dict, op: str, name: str, arg) -> bool:
    """Apply one op to the naive model; False when DynamoDB refuses it."""
    cur = model.get(name)
    if op == "set":
        model[name] = Decimal(arg)
    elif op == "inc":
        if not isinstance(cur, Decimal):
            return False
        model[name] = cur + arg
    elif op == "remove":
        model.pop(name, None)
    elif op == "add":
        if cur is not None and not isinstance(cur, Decimal):
            return False
        model[name] = (cur or Decimal(0)) + arg
    elif op == "addset":
        model[name] = frozenset(cur or ()) | arg
    elif op == "delset":
        if cur is not None:
            rest = cur - arg
            if rest:
                model[name] = rest
            else:
                del model[name]
    else:
        model[name] = [*(cur or []), *(Decimal(x) for x in arg)]
    return True


@given(ops)
def test_updates_match_naive_model(sequence):
    item: dict | None = None
    model: dict = {}
    for op, name, arg in sequence:
        values = {":v": to_wire(from_python(arg))} if arg is not None else {}
        if op == "append":
            values[":e"] = {"L": []}
        update = compile_expressions(update=TEXT[op], names={"#p": name}, values=values or None).update
        expected_ok = model_step(trial := dict(model), op, name, arg)
        try:
            new, _ = apply_update(update, item)
        except ValidationException:
            assert not expected_ok
            continue
        assert expected_ok
        model = trial
        if new is not None:
            item = new
        assert (item or {}) == {
            k: (StringSet(v) if isinstance(v, frozenset) else v) for k, v in model.items()
        }
