"""Scalar SQL UDFs: ``CREATE [OR REPLACE] FUNCTION f(types) RETURNS type ... AS $$ SELECT expr $$ LANGUAGE sql``.

A call ``f(a, b)`` is expanded in the tree (``$1`` -> ``a``, ``$2`` -> ``b``, cast to
the return type) before anything else runs, so the expanded expression goes
through the same allow-list and fix-ups as user SQL. Python UDFs
(``LANGUAGE plpythonu``) and stored procedures fail loudly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError

from .dialect import RedshiftX, quiet_parse
from .errors import DuplicateObject, FeatureNotSupported, SyntaxError_, UndefinedFunction
from .result import Result
from .splitter import Statement
from .types import RsType, from_datatype

if TYPE_CHECKING:
    from .session import Session

__all__ = ["SqlFunction", "create_function", "drop_function", "expand_udfs"]

_MAX_DEPTH = 16


@dataclass
class SqlFunction:
    """A scalar SQL UDF: argument count, return type and the body expression (Redshift SQL)."""

    name: str
    arg_types: list[str]
    returns: RsType
    body: str
    owner: str


def create_function(session: Session, stmt: Statement) -> Result:
    """CREATE [OR REPLACE] FUNCTION ... LANGUAGE sql (a single SELECT expression)."""
    try:
        with quiet_parse():
            tree = sqlglot.parse_one(stmt.text, read=RedshiftX)
    except ParseError:
        raise SyntaxError_('syntax error at or near "FUNCTION"') from None
    if not isinstance(tree, exp.Create) or not isinstance(tree.this, exp.UserDefinedFunction):
        raise SyntaxError_('syntax error at or near "FUNCTION"')
    udf = tree.this
    name = udf.this.name.lower() if isinstance(udf.this, exp.Table) else udf.name.lower()
    props = {type(p): p for p in (tree.args.get("properties").expressions if tree.args.get("properties") else [])}
    language = props.get(exp.LanguageProperty)
    if language is None or language.this.name.lower() != "sql":
        raise FeatureNotSupported("only LANGUAGE sql scalar UDFs are supported by awscore (not Python UDFs)")
    returns = props.get(exp.ReturnsProperty)
    if returns is None or not isinstance(returns.this, exp.DataType):
        raise SyntaxError_("a SQL UDF needs RETURNS type")
    body = tree.expression.name if isinstance(tree.expression, exp.Heredoc) else ""
    try:
        with quiet_parse():
            select = sqlglot.parse_one(body, read=RedshiftX)
    except ParseError:
        raise SyntaxError_("the body of a SQL UDF must be a SELECT of one expression") from None
    if not isinstance(select, exp.Select) or len(select.expressions) != 1 or select.args.get("from_") is not None:
        raise SyntaxError_("the body of a SQL UDF must be a SELECT of one expression without FROM")
    args = [a.name for a in udf.expressions]
    fn = SqlFunction(name, args, from_datatype(returns.this), select.expressions[0].sql("redshift"), session.user)
    db = session.database
    key = (name, len(args))
    with db.lock:
        if key in db.functions and not tree.args.get("replace"):
            raise DuplicateObject(f'function "{name}" already exists with same argument types')
        db.functions[key] = fn
        db.catalog.epoch += 1
    return Result(command="CREATE FUNCTION")


def drop_function(session: Session, stmt: Statement) -> Result:
    """DROP FUNCTION [IF EXISTS] f(types)."""
    i = 2
    if_exists = stmt.word(2) == "IF" and stmt.word(3) == "EXISTS"
    if if_exists:
        i = 4
    name = stmt.tokens[i].text.lower()
    inner = [t.text for t in stmt.tokens[i + 2:-1]] if len(stmt.tokens) > i + 2 else []
    nargs = len([x for x in " ".join(inner).split(",") if x.strip()])
    db = session.database
    with db.lock:
        if db.functions.pop((name, nargs), None) is None and not if_exists:
            raise UndefinedFunction(f"function {name} does not exist")
        db.catalog.epoch += 1
    return Result(command="DROP FUNCTION")


def expand_udfs(tree: exp.Expression, functions: dict[tuple[str, int], SqlFunction]) -> exp.Expression:
    """Replace every call of a SQL UDF by its body (arguments substituted, cast to the return type)."""
    if not functions:
        return tree
    for _ in range(_MAX_DEPTH):
        calls = [n for n in tree.find_all(exp.Anonymous) if (n.name.lower(), len(n.expressions)) in functions]
        if not calls:
            return tree
        for call in calls:
            fn = functions[(call.name.lower(), len(call.expressions))]
            args = call.expressions
            with quiet_parse():
                body = sqlglot.parse_one(f"SELECT {fn.body}", read=RedshiftX).expressions[0]

            def sub(node: exp.Expression, args: list[exp.Expression] = args) -> exp.Expression:
                if isinstance(node, exp.Parameter) and isinstance(node.this, exp.Literal):
                    k = int(node.this.this)
                    if 1 <= k <= len(args):
                        return exp.Paren(this=args[k - 1].copy())
                return node

            expanded = exp.Cast(this=exp.Paren(this=body.transform(sub)), to=exp.DataType.build(
                fn.returns.format_type() if fn.returns.name.value not in ("character varying", "character")
                else "VARCHAR", dialect="redshift"))
            if call is tree:
                tree = expanded
            else:
                call.replace(expanded)
    raise FeatureNotSupported("SQL UDFs nest too deeply (or call themselves)")
