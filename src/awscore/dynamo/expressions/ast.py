"""The immutable expression AST shared by all five DynamoDB expression kinds.

Parsed trees hold placeholders (:class:`NameRef`, :class:`ValueRef`); the
resolution pass replaces them with plain ``str`` path elements and
:class:`Literal` typed values. ``str()`` of a parsed tree is expression text
that re-parses to an equal tree (parentheses only where precedence needs them).

>>> from awscore.dynamo.expressions import parse_condition
>>> str(parse_condition("a.b[2] = :v AND (x < :y OR NOT attribute_exists(#z))"))
'a.b[2] = :v AND (x < :y OR NOT attribute_exists(#z))'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeAlias

from ..types import to_wire, values_equal

__all__ = [
    "CompareOp",
    "Func",
    "NameRef",
    "ValueRef",
    "Literal",
    "Path",
    "Call",
    "Arith",
    "Compare",
    "Between",
    "In",
    "And",
    "Or",
    "Not",
    "SetAction",
    "UpdateAction",
    "Update",
    "Projection",
    "Operand",
    "Condition",
    "render_path",
]


class CompareOp(StrEnum):
    """Comparators, spelt as in expressions."""

    EQ = "="
    NE = "<>"
    LT = "<"
    LE = "<="
    GT = ">"
    GE = ">="


class Func(StrEnum):
    """Function names (case-sensitive, as AWS spells them)."""

    ATTRIBUTE_EXISTS = "attribute_exists"
    ATTRIBUTE_NOT_EXISTS = "attribute_not_exists"
    ATTRIBUTE_TYPE = "attribute_type"
    BEGINS_WITH = "begins_with"
    CONTAINS = "contains"
    SIZE = "size"
    IF_NOT_EXISTS = "if_not_exists"
    LIST_APPEND = "list_append"


_PLAIN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")


@dataclass(frozen=True, slots=True)
class NameRef:
    """A ``#name`` placeholder standing for exactly one path element."""

    name: str

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True, slots=True)
class ValueRef:
    """A ``:value`` placeholder."""

    name: str

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True, slots=True, eq=False)
class Literal:
    """A resolved constant (typed value from ExpressionAttributeValues or a legacy parameter)."""

    value: Any
    source: str = ""  # the placeholder it came from, for messages and str()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Literal) and values_equal(self.value, other.value)

    def __hash__(self) -> int:
        return hash(type(self.value))  # equal values share a type

    def __str__(self) -> str:
        return self.source or f"<{to_wire(self.value)}>"


PathElement: TypeAlias = "str | NameRef | int"


@dataclass(frozen=True, slots=True)
class Path:
    """A document path ``a.b[2].c``: names (or ``#name`` refs) and list indexes."""

    elements: tuple[str | NameRef | int, ...]

    def __str__(self) -> str:
        out: list[str] = []
        for i, e in enumerate(self.elements):
            if isinstance(e, int):
                out.append(f"[{e}]")
            else:
                text = str(e)
                if isinstance(e, str) and not _PLAIN_NAME.match(e):
                    text = f"<{e}>"  # a resolved name that is not expression syntax
                out.append(text if i == 0 else "." + text)
        return "".join(out)

    @property
    def top(self) -> str | NameRef:
        """The top-level attribute name (or its ``#name`` ref)."""
        return self.elements[0]  # type: ignore[return-value]


def render_path(path: Path) -> str:
    """AWS's rendering of a path in messages: ``[a, b, [1]]``."""
    return "[" + ", ".join(f"[{e}]" if isinstance(e, int) else str(e) for e in path.elements) + "]"


@dataclass(frozen=True, slots=True, weakref_slot=True)
class Call:
    """A function call: condition functions, ``size``, ``if_not_exists``, ``list_append``."""

    func: str  # a Func value once validated; kept as text so unknown names can be reported
    args: tuple[Operand, ...]

    def __str__(self) -> str:
        return f"{self.func}({', '.join(str(a) for a in self.args)})"


@dataclass(frozen=True, slots=True)
class Arith:
    """``left + right`` or ``left - right`` in a SET action."""

    op: str  # "+" or "-"
    left: Operand
    right: Operand

    def __str__(self) -> str:
        return f"{self.left} {self.op} {self.right}"


Operand: TypeAlias = "Path | ValueRef | Literal | Call | Arith"


@dataclass(frozen=True, slots=True, weakref_slot=True)
class Compare:
    """``left <op> right``."""

    op: CompareOp
    left: Operand
    right: Operand

    def __str__(self) -> str:
        return f"{self.left} {self.op.value} {self.right}"


@dataclass(frozen=True, slots=True, weakref_slot=True)
class Between:
    """``operand BETWEEN low AND high`` (inclusive)."""

    operand: Operand
    low: Operand
    high: Operand

    def __str__(self) -> str:
        return f"{self.operand} BETWEEN {self.low} AND {self.high}"


@dataclass(frozen=True, slots=True, weakref_slot=True)
class In:
    """``operand IN (v1, v2, ...)``."""

    operand: Operand
    options: tuple[Operand, ...]

    def __str__(self) -> str:
        return f"{self.operand} IN ({', '.join(str(o) for o in self.options)})"


@dataclass(frozen=True, slots=True, weakref_slot=True)
class And:
    """``left AND right``."""

    left: Condition
    right: Condition

    def __str__(self) -> str:
        return f"{_wrap(self.left, 1)} AND {_wrap(self.right, 2)}"


@dataclass(frozen=True, slots=True, weakref_slot=True)
class Or:
    """``left OR right`` (lowest precedence)."""

    left: Condition
    right: Condition

    def __str__(self) -> str:
        return f"{_wrap(self.left, 0)} OR {_wrap(self.right, 1)}"


@dataclass(frozen=True, slots=True, weakref_slot=True)
class Not:
    """``NOT operand`` (binds tighter than AND)."""

    operand: Condition

    def __str__(self) -> str:
        return f"NOT {_wrap(self.operand, 2)}"


Condition: TypeAlias = "Compare | Between | In | And | Or | Not | Call"


def _precedence(node: Any) -> int:
    if isinstance(node, Or):
        return 0
    if isinstance(node, And):
        return 1
    if isinstance(node, Not):
        return 2
    return 3


def _wrap(node: Any, minimum: int) -> str:
    """Render ``node``, parenthesised when its precedence is below ``minimum``."""
    text = str(node)
    return f"({text})" if _precedence(node) < minimum else text


# ---- updates and projections --------------------------------------------------


class UpdateClause(StrEnum):
    """The four UpdateExpression clauses, each allowed at most once."""

    SET = "SET"
    REMOVE = "REMOVE"
    ADD = "ADD"
    DELETE = "DELETE"


@dataclass(frozen=True, slots=True)
class SetAction:
    """``path = value`` in a SET clause."""

    path: Path
    value: Operand

    def __str__(self) -> str:
        return f"{self.path} = {self.value}"


@dataclass(frozen=True, slots=True)
class UpdateAction:
    """A REMOVE (value ``None``), ADD or DELETE action."""

    path: Path
    value: Operand | None = None

    def __str__(self) -> str:
        return str(self.path) if self.value is None else f"{self.path} {self.value}"


@dataclass(frozen=True, slots=True)
class Update:
    """An UpdateExpression: its actions grouped by clause, each clause in text order."""

    set: tuple[SetAction, ...] = ()
    remove: tuple[UpdateAction, ...] = ()
    add: tuple[UpdateAction, ...] = ()
    delete: tuple[UpdateAction, ...] = ()
    legacy: bool = False  # built from AttributeUpdates: type clashes say "Type mismatch for attribute to update"

    def __str__(self) -> str:
        parts = []
        for clause, actions in (
            (UpdateClause.SET, self.set),
            (UpdateClause.REMOVE, self.remove),
            (UpdateClause.ADD, self.add),
            (UpdateClause.DELETE, self.delete),
        ):
            if actions:
                parts.append(f"{clause.value} " + ", ".join(str(a) for a in actions))
        return " ".join(parts)

    def actions(self) -> list[SetAction | UpdateAction]:
        """Every action, clause by clause."""
        return [*self.set, *self.remove, *self.add, *self.delete]


@dataclass(frozen=True, slots=True)
class Projection:
    """A ProjectionExpression: a list of paths."""

    paths: tuple[Path, ...]

    def __str__(self) -> str:
        return ", ".join(str(p) for p in self.paths)
