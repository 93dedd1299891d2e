"""Resolution of ``#names`` / ``:values`` and the semantic checks that need them.

Resolution turns a parsed tree into one whose paths hold plain ``str`` names
and whose constants are :class:`Literal` typed values; every placeholder
reached (in any branch, short-circuit or not) counts as used. The semantic
checks then run in DynamoDB's order: operand counts, distinct operands,
operand types, path overlaps.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from awscore.core.errors import ValidationException

from ..types import ValueType, compare, to_wire, type_of
from .ast import (
    And,
    Arith,
    Between,
    Call,
    Compare,
    CompareOp,
    Func,
    In,
    Literal,
    NameRef,
    Not,
    Or,
    Path,
    Projection,
    SetAction,
    Update,
    UpdateAction,
    ValueRef,
    render_path,
)

__all__ = ["Resolver", "check_condition", "check_update", "check_paths_disjoint", "render_literal"]


class Resolver:
    """Resolves placeholders against one request's ExpressionAttributeNames/Values, tracking use."""

    def __init__(self, names: Mapping[str, str], values: Mapping[str, Any]) -> None:
        self.names = names
        self.values = values
        self.used_names: set[str] = set()
        self.used_values: set[str] = set()
        self.kind = ""
        self._undefined_name: str | None = None
        self._undefined_value: str | None = None
        self._first_undefined: str | None = None

    def fail(self, message: str) -> ValidationException:
        """A ValidationException prefixed with the expression kind being resolved."""
        return ValidationException(f"Invalid {self.kind}: {message}")

    def resolve(self, node: Any, kind: str) -> Any:
        """Resolve a whole tree, then raise an undefined name/value as AWS does.

        Every placeholder is visited (all count as used). An UpdateExpression reports
        an undefined name before an undefined value; other kinds report the first met.
        """
        self.kind = kind
        self._undefined_name = self._undefined_value = self._first_undefined = None
        tree = self._node(node)
        if self._first_undefined is not None:
            if kind == "UpdateExpression":
                raise self.fail(self._undefined_name or self._undefined_value or "")
            raise self.fail(self._first_undefined)
        return tree

    def _undefined(self, message: str, is_name: bool) -> None:
        if self._first_undefined is None:
            self._first_undefined = message
        if is_name and self._undefined_name is None:
            self._undefined_name = message
        if not is_name and self._undefined_value is None:
            self._undefined_value = message

    def _node(self, node: Any) -> Any:
        return _RESOLVERS[type(node)](self, node)

    def _name(self, ref: NameRef) -> str | NameRef:
        if ref.name not in self.names:
            self._undefined(
                f"An expression attribute name used in the document path is not defined; attribute name: {ref.name}",
                is_name=True,
            )
            return ref
        self.used_names.add(ref.name)
        return self.names[ref.name]

    def path(self, p: Path) -> Path:
        """``p`` with every ``#name`` replaced by its attribute name."""
        return Path(tuple(self._name(e) if isinstance(e, NameRef) else e for e in p.elements))

    def value(self, v: ValueRef) -> Literal | ValueRef:
        """The typed constant a ``:value`` stands for."""
        if v.name not in self.values:
            self._undefined(
                f"An expression attribute value used in expression is not defined; attribute value: {v.name}",
                is_name=False,
            )
            return v
        self.used_values.add(v.name)
        return Literal(self.values[v.name], v.name)


_RESOLVERS: dict[type, Callable[[Resolver, Any], Any]] = {
    Path: Resolver.path,
    ValueRef: Resolver.value,
    Literal: lambda r, n: n,
    Call: lambda r, n: Call(n.func, tuple(r._node(a) for a in n.args)),
    Arith: lambda r, n: Arith(n.op, r._node(n.left), r._node(n.right)),
    Compare: lambda r, n: Compare(n.op, r._node(n.left), r._node(n.right)),
    Between: lambda r, n: Between(r._node(n.operand), r._node(n.low), r._node(n.high)),
    In: lambda r, n: In(r._node(n.operand), tuple(r._node(o) for o in n.options)),
    And: lambda r, n: And(r._node(n.left), r._node(n.right)),
    Or: lambda r, n: Or(r._node(n.left), r._node(n.right)),
    Not: lambda r, n: Not(r._node(n.operand)),
    SetAction: lambda r, n: SetAction(r.path(n.path), r._node(n.value)),
    UpdateAction: lambda r, n: UpdateAction(r.path(n.path), None if n.value is None else r._node(n.value)),
    Update: lambda r, n: Update(
        *(tuple(r._node(a) for a in group) for group in (n.set, n.remove, n.add, n.delete))
    ),
    Projection: lambda r, n: Projection(tuple(r.path(p) for p in n.paths)),
}


# ---- semantic checks -----------------------------------------------------------

RANK_OPERAND = 5
RANK_ARITY = 6
RANK_DISTINCT = 7
RANK_TYPE = 8

ARITY = {
    Func.ATTRIBUTE_EXISTS: 1,
    Func.ATTRIBUTE_NOT_EXISTS: 1,
    Func.ATTRIBUTE_TYPE: 2,
    Func.BEGINS_WITH: 2,
    Func.CONTAINS: 2,
    Func.SIZE: 1,
    Func.IF_NOT_EXISTS: 2,
    Func.LIST_APPEND: 2,
}
_ORDERED = frozenset({ValueType.S, ValueType.N, ValueType.B})
_VALID_TYPES = "{B,NULL,SS,BOOL,L,BS,N,NS,S,M}"
_LONG_NAMES = {
    ValueType.S: "STRING",
    ValueType.N: "NUMBER",
    ValueType.B: "BINARY",
    ValueType.BOOL: "BOOLEAN",
    ValueType.NULL: "NULL",
    ValueType.L: "LIST",
    ValueType.M: "MAP",
}


def render_literal(lit: Literal) -> str:
    """AWS's rendering of a constant in BETWEEN messages: ``AttributeValue: {N:1}``."""
    ((tag, raw),) = to_wire(lit.value).items()
    return f"AttributeValue: {{{tag}:{raw}}}"


def _bounds(low: Literal, high: Literal) -> str:
    return f"lower bound operand: {render_literal(low)}, upper bound operand: {render_literal(high)}"


def _operand_type(op: str, tag: ValueType) -> str:
    return f"Incorrect operand type for operator or function; operator or function: {op}, operand type: {tag.value}"


def _static_type(operand: Any) -> ValueType | None:
    """The type an operand has before reading any item: constants, and size() (a number)."""
    if isinstance(operand, Literal):
        return type_of(operand.value)
    if isinstance(operand, Call) and operand.func == Func.SIZE:
        return ValueType.N
    return None


def _needs_path(func: str) -> str:
    return f"Operator or function requires a document path; operator or function: {func}"


class _Checks:
    def __init__(self) -> None:
        self.errors: list[tuple[int, str]] = []

    def add(self, rank: int, message: str) -> None:
        self.errors.append((rank, message))

    def raise_first(self, kind: str) -> None:
        if self.errors:
            rank = min(r for r, _ in self.errors)
            message = next(m for r, m in self.errors if r == rank)
            raise ValidationException(f"Invalid {kind}: {message}")

    def distinct(self, op: str, first: Any, rest: Iterable[Any]) -> None:
        if isinstance(first, Path) and any(first == r for r in rest):
            self.add(
                RANK_DISTINCT,
                "The first operand must be distinct from the remaining operands for this operator or function; "
                f"operator: {op}, first operand: {render_path(first)}",
            )

    def call(self, call: Call) -> None:
        func = call.func
        expected = ARITY.get(func)  # type: ignore[call-overload]
        if expected is not None and len(call.args) != expected:
            self.add(
                RANK_ARITY,
                "Incorrect number of operands for operator or function; "
                f"operator or function: {func}, number of operands: {len(call.args)}",
            )
            return
        args = call.args
        for a in args:
            if isinstance(a, Call):
                self.call(a)
        # attribute_type's first operand may be a value too (AWS evaluates attribute_type(:v, :t))
        if func in (Func.ATTRIBUTE_EXISTS, Func.ATTRIBUTE_NOT_EXISTS, Func.IF_NOT_EXISTS):
            if not isinstance(args[0], Path):
                self.add(RANK_TYPE, _needs_path(func))
        if func in (Func.ATTRIBUTE_TYPE, Func.BEGINS_WITH, Func.CONTAINS):
            self.distinct(func, args[0], args[1:])
        if func == Func.ATTRIBUTE_TYPE:
            t = args[1]
            tag = _static_type(t)
            if tag is None:
                self.add(
                    RANK_TYPE,
                    "Incorrect operand type for operator or function; "
                    f"operator or function: {func}, operand type: {{NS,SS,L,BS,N,M,B,BOOL,NULL,S}}",
                )
            elif tag is not ValueType.S:
                self.add(RANK_TYPE, _operand_type(func, tag))
            elif t.value not in ValueType.__members__:
                self.add(
                    RANK_TYPE,
                    f"Invalid attribute type name found; type: {t.value}, valid types: {_VALID_TYPES}",
                )
        elif func == Func.BEGINS_WITH:
            for a in args:
                tag = _static_type(a)
                if tag is not None and tag not in (ValueType.S, ValueType.B):
                    self.add(RANK_TYPE, _operand_type(func, tag))
        elif func == Func.SIZE:
            tag = _static_type(args[0])
            if tag in (ValueType.N, ValueType.BOOL, ValueType.NULL):
                self.add(RANK_TYPE, _operand_type(func, tag))
        elif func == Func.LIST_APPEND:
            for a in args:
                if isinstance(a, Literal) and type_of(a.value) is not ValueType.L:
                    self.add(RANK_TYPE, _operand_type(func, type_of(a.value)))

    def operand(self, op: Any) -> None:
        if isinstance(op, Call):
            self.call(op)
        elif isinstance(op, Arith):
            for side in (op.left, op.right):
                self.operand(side)
                if isinstance(side, Literal) and type_of(side.value) is not ValueType.N:
                    self.add(RANK_TYPE, _operand_type(op.op, type_of(side.value)))

    def ordered(self, op: str, operand: Any) -> None:
        if isinstance(operand, Literal) and type_of(operand.value) not in _ORDERED:
            self.add(RANK_TYPE, _operand_type(op, type_of(operand.value)))

    def condition(self, node: Any) -> None:
        if isinstance(node, And | Or):
            self.condition(node.left)
            self.condition(node.right)
        elif isinstance(node, Not):
            self.condition(node.operand)
        elif isinstance(node, Call):
            self.call(node)
        elif isinstance(node, Compare):
            self.operand(node.left)
            self.operand(node.right)
            self.distinct(node.op.value, node.left, (node.right,))
            if node.op not in (CompareOp.EQ, CompareOp.NE):
                self.ordered(node.op.value, node.left)
                self.ordered(node.op.value, node.right)
        elif isinstance(node, Between):
            for o in (node.operand, node.low, node.high):
                self.operand(o)
                self.ordered("BETWEEN", o)
            low, high = node.low, node.high
            if isinstance(low, Literal) and isinstance(high, Literal):
                order = compare(low.value, high.value)
                if type_of(low.value) is not type_of(high.value):
                    self.add(
                        RANK_TYPE,
                        f"The BETWEEN operator requires same data type for lower and upper bounds; {_bounds(low, high)}",
                    )
                elif order is not None and order > 0:
                    self.add(
                        RANK_TYPE,
                        "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; "
                        + _bounds(low, high),
                    )
        elif isinstance(node, In):
            for o in (node.operand, *node.options):
                self.operand(o)


def check_condition(tree: Any, kind: str) -> None:
    """Run the value-dependent checks on a resolved condition; raise AWS's first error."""
    checks = _Checks()
    checks.condition(tree)
    checks.raise_first(kind)


def check_paths_disjoint(paths: list[Path], kind: str) -> None:
    """Reject overlapping (``a`` / ``a.b``) or conflicting (``a.b`` / ``a[1]``) paths. O(n^2) in paths."""
    for j, second in enumerate(paths):
        for first in paths[:j]:
            n = min(len(first.elements), len(second.elements))
            k = 0
            while k < n and first.elements[k] == second.elements[k]:
                k += 1
            names = f"path one: {render_path(first)}, path two: {render_path(second)}"
            if k == n:
                raise ValidationException(
                    f"Invalid {kind}: Two document paths overlap with each other; "
                    f"must remove or rewrite one of these paths; {names}"
                )
            if isinstance(first.elements[k], int) != isinstance(second.elements[k], int):
                raise ValidationException(
                    f"Invalid {kind}: Two document paths conflict with each other; "
                    f"must remove or rewrite one of these paths; {names}"
                )


def check_update(update: Update, kind: str = "UpdateExpression") -> None:
    """The path overlap rules, then ADD/DELETE operand types, then function operand counts and types."""
    check_paths_disjoint([a.path for a in update.actions()], kind)
    checks = _Checks()
    for action in update.set:
        checks.operand(action.value)
    for clause, actions, allowed in (
        ("ADD", update.add, (ValueType.N, ValueType.SS, ValueType.NS, ValueType.BS)),
        ("DELETE", update.delete, (ValueType.SS, ValueType.NS, ValueType.BS)),
    ):
        for action in actions:
            value = action.value
            if isinstance(value, Literal) and type_of(value.value) not in allowed:
                tag = type_of(value.value)
                checks.add(
                    RANK_OPERAND,
                    "Incorrect operand type for operator or function; "
                    f"operator: {clause}, operand type: {_LONG_NAMES.get(tag, tag.value)}, "
                    f"typeSet: ALLOWED_FOR_{clause}_OPERAND",
                )
    checks.raise_first(kind)
