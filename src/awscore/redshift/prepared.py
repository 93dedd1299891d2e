"""PREPARE / EXECUTE / DEALLOCATE: session-scoped prepared statements with ``$n`` parameters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlglot import exp
from sqlglot.tokens import TokenType

from .errors import DuplicateObject, SyntaxError_, UndefinedObject
from .result import Result
from .splitter import Statement
from .translate import PlanKind, parse
from .types import RsType, parse_type

if TYPE_CHECKING:
    from .session import Session

__all__ = ["run_prepare", "run_execute", "run_deallocate"]


@dataclass
class Prepared:
    """A prepared query or DML statement and its declared parameter types."""

    text: str
    types: list[RsType]


def _paren(stmt: Statement, i: int) -> tuple[list[str], int]:
    if i >= len(stmt.tokens) or stmt.tokens[i].token_type is not TokenType.L_PAREN:
        return [], i
    items, depth, start, j = [], 1, i + 1, i + 1
    while j < len(stmt.tokens) and depth:
        tok = stmt.tokens[j]
        if tok.token_type is TokenType.L_PAREN:
            depth += 1
        elif tok.token_type is TokenType.R_PAREN:
            depth -= 1
        if (tok.token_type is TokenType.COMMA and depth == 1) or depth == 0:
            if j > start:
                items.append(stmt.text[stmt.tokens[start].start - stmt.base: stmt.tokens[j - 1].end - stmt.base + 1])
            start = j + 1
        j += 1
    return items, j


def run_prepare(session: Session, stmt: Statement, params: Any) -> Result:
    """PREPARE name [(type, ...)] AS statement."""
    name = stmt.tokens[1].text.lower()
    types, i = _paren(stmt, 2)
    if stmt.tokens[i].token_type is not TokenType.ALIAS:
        raise SyntaxError_(f'syntax error at or near "{stmt.tokens[i].text}"')
    text = stmt.text_from(i + 1)
    parse(text)  # a syntax error surfaces at PREPARE time
    if name in session.prepared:
        raise DuplicateObject(f'prepared statement "{name}" already exists')
    session.prepared[name] = Prepared(text, [parse_type(t.strip()) for t in types])
    return Result(command="PREPARE")


def run_execute(session: Session, stmt: Statement, params: Any) -> Result:
    """EXECUTE name [(values)]: the prepared statement with ``$n`` replaced by the values."""
    name = stmt.tokens[1].text.lower()
    prepared = session.prepared.get(name)
    if prepared is None:
        raise UndefinedObject(f'prepared statement "{name}" does not exist')
    values, _ = _paren(stmt, 2)
    args = [parse(f"SELECT {v}").expressions[0].copy() for v in values]
    if prepared.types and len(args) != len(prepared.types):
        raise SyntaxError_(f"wrong number of parameters for prepared statement \"{name}\"")
    tree = parse(prepared.text).copy()

    def sub(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Parameter) and isinstance(node.this, exp.Literal):
            k = int(node.this.this)
            if not 1 <= k <= len(args):
                raise SyntaxError_(f"there is no parameter ${k}")
            value = args[k - 1].copy()
            if k <= len(prepared.types):
                return exp.Cast(this=value, to=exp.DataType.build(prepared.types[k - 1].format_type(),
                                                                  dialect="redshift"))
            return value
        return node

    tree = tree.transform(sub)
    plan = session.database.translator.build(tree, session)
    if plan.kind not in (PlanKind.QUERY, PlanKind.DML):
        raise SyntaxError_("only queries and DML can be prepared")
    return session.run_plan(plan)


def run_deallocate(session: Session, stmt: Statement, params: Any) -> Result:
    """DEALLOCATE [PREPARE] name | ALL."""
    i = 2 if stmt.word(1) == "PREPARE" else 1
    name = stmt.tokens[i].text.lower()
    if name == "all":
        session.prepared.clear()
    elif session.prepared.pop(name, None) is None:
        raise UndefinedObject(f'prepared statement "{name}" does not exist')
    return Result(command="DEALLOCATE")
