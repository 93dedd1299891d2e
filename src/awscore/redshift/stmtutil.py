"""Small token-level helpers shared by the hand parsers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlglot.tokens import TokenType

from .catalog import Relation, RelKind
from .errors import FeatureNotSupported, SyntaxError_, UndefinedTable
from .splitter import Statement

if TYPE_CHECKING:
    from .session import Session

__all__ = ["syntax_error", "read_name", "expect_end", "table_named"]


def syntax_error(stmt: Statement, i: int) -> SyntaxError_:
    text = stmt.tokens[i].text if i < len(stmt.tokens) else "end of input"
    return SyntaxError_(f'syntax error at or near "{text}"')


def read_name(stmt: Statement, i: int) -> tuple[str | None, str, int]:
    """``[schema.]name`` at token ``i``: (schema, name, index after)."""
    toks = stmt.tokens
    if i >= len(toks):
        raise syntax_error(stmt, i)
    parts = [toks[i].text.lower()]
    i += 1
    while i + 1 < len(toks) and toks[i].token_type is TokenType.DOT:
        parts.append(toks[i + 1].text.lower())
        i += 2
    if len(parts) == 3:
        parts = parts[1:]
    if len(parts) > 2:
        raise syntax_error(stmt, i)
    return (parts[0] if len(parts) == 2 else None), parts[-1], i


def expect_end(stmt: Statement, i: int) -> None:
    if i < len(stmt.tokens):
        raise syntax_error(stmt, i)


# ---- queries and DML ------------------------------------------------------------------

def table_named(session: Session, schema: str | None, name: str) -> Relation:
    rel = session.lookup(schema, name)
    if rel is None:
        raise UndefinedTable(f'relation "{name}" does not exist')
    if rel.kind is not RelKind.TABLE:
        raise FeatureNotSupported(f'"{name}" is not a table')
    return rel


