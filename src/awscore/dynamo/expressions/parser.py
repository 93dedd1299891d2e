"""Recursive-descent parser for the five DynamoDB expression kinds, cached by text.

Any input gives an AST or a ValidationException with AWS's text
(``Invalid UpdateExpression: Syntax error; token: "x", near: "a x"``); never
another exception. Text-level semantic errors are ranked as DynamoDB ranks
them (redundant parentheses, unknown function, misused function, reserved
word) and the first of the highest rank is reported.

>>> parse_update("SET a = a + :one REMOVE b[2]").set[0].value.op
'+'
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from enum import StrEnum
from functools import lru_cache
from typing import Any

from awscore.core.errors import ValidationException

from .ast import (
    And,
    Arith,
    Between,
    Call,
    Compare,
    CompareOp,
    Condition,
    Func,
    In,
    NameRef,
    Not,
    Operand,
    Or,
    Path,
    Projection,
    SetAction,
    Update,
    UpdateAction,
    UpdateClause,
    ValueRef,
)
from .lexer import KEYWORDS, Token, TokenKind, tokenize
from .reserved import is_reserved

__all__ = [
    "ExpressionKind",
    "parse_condition",
    "parse_filter",
    "parse_key_condition",
    "parse_update",
    "parse_projection",
    "parse_cache_clear",
    "parse_cache_info",
    "MAX_EXPRESSION_BYTES",
    "MAX_OPERATORS",
    "MAX_IN_OPERANDS",
    "MAX_PATH_DEPTH",
    "CONDITION_FUNCS",
    "UPDATE_FUNCS",
]

MAX_EXPRESSION_BYTES = 4096
MAX_OPERATORS = 300
MAX_IN_OPERANDS = 100  # including the left-hand side
MAX_PATH_DEPTH = 32
MAX_LIST_INDEX = 2**31 - 1

CONDITION_FUNCS = frozenset(
    {Func.ATTRIBUTE_EXISTS, Func.ATTRIBUTE_NOT_EXISTS, Func.ATTRIBUTE_TYPE, Func.BEGINS_WITH, Func.CONTAINS}
)
UPDATE_FUNCS = frozenset({Func.IF_NOT_EXISTS, Func.LIST_APPEND})
_KNOWN_FUNCS = frozenset(f.value for f in Func)
_COMPARATORS = {
    TokenKind.EQ: CompareOp.EQ,
    TokenKind.NE: CompareOp.NE,
    TokenKind.LT: CompareOp.LT,
    TokenKind.LE: CompareOp.LE,
    TokenKind.GT: CompareOp.GT,
    TokenKind.GE: CompareOp.GE,
}
_CLAUSES = {c.value: c for c in UpdateClause}

# ranks of text-level semantic errors: lower is reported first
RANK_LIMIT = 0
RANK_PARENS = 1
RANK_FUNCTION = 2
RANK_MISUSE = 3
RANK_RESERVED = 4
RANK_SECTION = 5
# UpdateExpression reports a reserved word before an unknown function or a repeated section
_UPDATE_RANKS = {RANK_RESERVED: 1, RANK_FUNCTION: 2, RANK_SECTION: 3}


class ExpressionKind(StrEnum):
    """The five expression parameters, spelt as in requests and messages (``Invalid <kind>: ...``)."""

    CONDITION = "ConditionExpression"
    FILTER = "FilterExpression"
    KEY_CONDITION = "KeyConditionExpression"
    UPDATE = "UpdateExpression"
    PROJECTION = "ProjectionExpression"


class Grammar(StrEnum):
    """Which grammar a text is parsed with."""

    CONDITION = "condition"
    UPDATE = "update"
    PROJECTION = "projection"


#: the words that are syntax (not attribute names) in each grammar
_GRAMMAR_KEYWORDS = {
    Grammar.CONDITION: frozenset({"AND", "OR", "NOT", "BETWEEN", "IN"}),
    Grammar.UPDATE: frozenset({"SET", "REMOVE", "ADD", "DELETE"}),
    Grammar.PROJECTION: frozenset(),
}


class _SyntaxError(Exception):
    pass


def misuse(func: str) -> str:
    """AWS's text for a function used where it is not allowed."""
    return f"The function is not allowed to be used this way in an expression; function: {func}"


class _Parser:
    def __init__(self, text: str, grammar: Grammar) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.i = 0
        self.keywords = _GRAMMAR_KEYWORDS[grammar]
        self.update = grammar is Grammar.UPDATE
        self.deferred: list[tuple[int, str]] = []
        self.operators = 0
        self._parened: dict[int, Any] = {}
        self._operand_groups = _operand_groups(self.tokens)

    # ---- token helpers ----
    def peek(self) -> Token:
        return self.tokens[self.i]

    def advance(self) -> Token:
        tok = self.tokens[self.i]
        if tok.kind is not TokenKind.EOF:
            self.i += 1
        return tok

    def error(self, tok: Token | None = None) -> _SyntaxError:
        i = self.i if tok is None else self.tokens.index(tok)
        tok = self.tokens[i]
        prev = self.tokens[i - 1] if i > 0 else None
        if tok.kind is TokenKind.EOF:
            near = self.text[prev.start : prev.end] if prev else ""
        else:
            nxt = self.tokens[i + 1]
            start = prev.start if prev else tok.start
            end = nxt.end if nxt.kind is not TokenKind.EOF else tok.end
            near = self.text[start:end]
        return _SyntaxError(f'Syntax error; token: "{tok.text}", near: "{near}"')

    def expect(self, kind: TokenKind) -> Token:
        if self.peek().kind is not kind:
            raise self.error()
        return self.advance()

    def expect_keyword(self, word: str) -> None:
        if not self.peek().is_keyword(word):
            raise self.error()
        self.advance()

    def defer(self, rank: int, message: str) -> None:
        if self.update:
            rank = _UPDATE_RANKS.get(rank, rank)
        self.deferred.append((rank, message))

    def finish(self) -> None:
        if self.peek().kind is not TokenKind.EOF:
            raise self.error()
        if self.operators > MAX_OPERATORS:  # AWS stops counting at the first operator over the limit
            self.defer(
                RANK_LIMIT, f"The expression contains too many operators; operator count: {MAX_OPERATORS + 1}"
            )

    # ---- conditions ----
    def condition(self) -> Condition:
        left = self.conjunction()
        while self.peek().is_keyword("OR"):
            self.advance()
            self.operators += 1
            left = Or(left, self.conjunction())
        return left

    def conjunction(self) -> Condition:
        left = self.negation()
        while self.peek().is_keyword("AND"):
            self.advance()
            self.operators += 1
            left = And(left, self.negation())
        return left

    def negation(self) -> Condition:
        nots = 0
        while self.peek().is_keyword("NOT"):  # iterative: ``NOT NOT ... x`` may be hundreds deep
            self.advance()
            nots += 1
        self.operators += nots
        node = self.predicate()
        for _ in range(nots):
            node = Not(node)
        return node

    def predicate(self) -> Condition:
        if self.peek().kind is TokenKind.LPAREN and self.i not in self._operand_groups:
            self.advance()
            inner = self.condition()
            self.expect(TokenKind.RPAREN)
            if id(inner) in self._parened:
                self.defer(RANK_PARENS, "The expression has redundant parentheses;")
            self._parened[id(inner)] = inner
            return inner
        return self.comparison(self.operand())  # includes a parenthesised operand, ``(a) = :v``

    def comparison(self, left: Operand) -> Condition:
        """The rest of a predicate after its first operand."""
        tok = self.peek()
        op = _COMPARATORS.get(tok.kind)
        if op is not None:
            self.advance()
            self.operators += 1
            right = self.operand()
            self.check_value(left)
            self.check_value(right)
            return Compare(op, left, right)
        if tok.is_keyword("BETWEEN"):
            self.advance()
            self.operators += 1
            low = self.operand()
            self.expect_keyword("AND")
            high = self.operand()
            for o in (left, low, high):
                self.check_value(o)
            return Between(left, low, high)
        if tok.is_keyword("IN"):
            self.advance()
            self.operators += 1
            self.expect(TokenKind.LPAREN)
            options = [self.operand()]
            while self.peek().kind is TokenKind.COMMA:
                self.advance()
                options.append(self.operand())
            self.expect(TokenKind.RPAREN)
            if len(options) + 1 > MAX_IN_OPERANDS:
                self.defer(
                    RANK_LIMIT,
                    f"The IN operator is provided with too many operands; number of operands: {len(options) + 1}",
                )
            for o in (left, *options):
                self.check_value(o)
            return In(left, tuple(options))
        if isinstance(left, Call):
            if left.func in _KNOWN_FUNCS and left.func not in CONDITION_FUNCS:
                self.defer(RANK_MISUSE, misuse(left.func))
            return left
        raise self.error()

    def check_value(self, operand: Operand) -> None:
        """A condition operand used as a value: only ``size`` may be a function there."""
        if isinstance(operand, Call) and operand.func in _KNOWN_FUNCS and operand.func != Func.SIZE:
            self.defer(RANK_MISUSE, misuse(operand.func))

    # ---- operands ----
    def operand(self) -> Operand:
        tok = self.peek()
        if tok.kind is TokenKind.LPAREN:  # one optional pair of parentheses; two are redundant
            self.advance()
            nested = self.peek().kind is TokenKind.LPAREN
            inner = self.operand()
            self.expect(TokenKind.RPAREN)
            if nested:
                self.defer(RANK_PARENS, "The expression has redundant parentheses;")
            return inner
        if tok.kind is TokenKind.VALUE_REF:
            self.advance()
            return ValueRef(tok.text)
        if tok.kind is TokenKind.NAME and self.tokens[self.i + 1].kind is TokenKind.LPAREN:
            if tok.text.upper() in self.keywords:
                raise self.error()
            return self.call()
        return self.path()

    def call(self) -> Call:
        name = self.advance().text
        self.expect(TokenKind.LPAREN)
        if self.peek().kind is TokenKind.RPAREN:
            raise self.error()
        args = [self.operand()]
        while self.peek().kind is TokenKind.COMMA:
            self.advance()
            args.append(self.operand())
        self.expect(TokenKind.RPAREN)
        if self.update and name in _KNOWN_FUNCS and name not in UPDATE_FUNCS:
            self.defer(RANK_FUNCTION, f"The function is not allowed in an update expression; function: {name}")
        elif name not in (UPDATE_FUNCS if self.update else _KNOWN_FUNCS):
            self.defer(RANK_FUNCTION, f"Invalid function name; function: {name}")
        elif not self.update:
            if name in UPDATE_FUNCS:
                self.defer(RANK_MISUSE, misuse(name))
            for a in args:
                self.check_value(a)
        return Call(name, tuple(args))

    def path(self) -> Path:
        elements: list[str | NameRef | int] = [self.path_name(first=True)]
        while True:
            kind = self.peek().kind
            if kind is TokenKind.DOT:
                self.advance()
                elements.append(self.path_name(first=False))
            elif kind is TokenKind.LBRACKET:
                self.advance()
                tok = self.expect(TokenKind.NUMBER)
                index = int(tok.text)
                if index > MAX_LIST_INDEX:
                    raise _SyntaxError(f"List index is not within the allowable range; index: [{tok.text}]")
                self.expect(TokenKind.RBRACKET)
                elements.append(index)
            else:
                break
        if len(elements) > MAX_PATH_DEPTH:
            self.defer(
                RANK_LIMIT, f"The document path has too many nesting levels; nesting levels: {len(elements)}"
            )
        return Path(tuple(elements))

    def path_name(self, first: bool) -> str | NameRef:
        tok = self.peek()
        if tok.kind is TokenKind.NAME_REF:
            self.advance()
            return NameRef(tok.text)
        if tok.kind is not TokenKind.NAME:
            raise self.error()
        upper = tok.text.upper()
        if first and upper in self.keywords:
            raise self.error()
        self.advance()
        if upper != "REMOVE" and is_reserved(tok.text):
            self.defer(RANK_RESERVED, f"Attribute name is a reserved keyword; reserved keyword: {tok.text}")
        return tok.text

    # ---- updates ----
    def update_expression(self) -> Update:
        clauses: dict[UpdateClause, list[Any]] = {}
        while self.peek().kind is not TokenKind.EOF:
            tok = self.peek()
            clause = _CLAUSES.get(tok.text.upper()) if tok.kind is TokenKind.NAME else None
            if clause is None:
                raise self.error()
            self.advance()
            if clause in clauses:
                self.defer(
                    RANK_SECTION,
                    f'The "{clause.value}" section can only be used once in an update expression;',
                )
            actions = clauses.setdefault(clause, [])
            actions.append(self.update_action(clause))
            while self.peek().kind is TokenKind.COMMA:
                self.advance()
                actions.append(self.update_action(clause))
        return Update(
            set=tuple(clauses.get(UpdateClause.SET, ())),
            remove=tuple(clauses.get(UpdateClause.REMOVE, ())),
            add=tuple(clauses.get(UpdateClause.ADD, ())),
            delete=tuple(clauses.get(UpdateClause.DELETE, ())),
        )

    def update_action(self, clause: UpdateClause) -> SetAction | UpdateAction:
        path = self.path()
        if clause is UpdateClause.SET:
            self.expect(TokenKind.EQ)
            if self.peek().kind is TokenKind.LPAREN and not self._is_operand_paren():
                self.advance()  # ``SET a = (b + :v)``: one pair around the whole value
                value = self.set_value()
                self.expect(TokenKind.RPAREN)
                return SetAction(path, value)
            return SetAction(path, self.set_value())
        if clause is UpdateClause.REMOVE:
            return UpdateAction(path)
        tok = self.expect(TokenKind.VALUE_REF)
        return UpdateAction(path, ValueRef(tok.text))

    def set_value(self) -> Operand:
        left = self.operand()
        kind = self.peek().kind
        if kind is TokenKind.PLUS or kind is TokenKind.MINUS:
            self.advance()
            return Arith(kind.value, left, self.operand())
        return left

    def _is_operand_paren(self) -> bool:
        """Whether the ``(`` at the cursor encloses one operand (``(:v) + b``) rather than a whole value."""
        depth, j = 0, self.i
        while True:
            kind = self.tokens[j].kind
            if kind is TokenKind.LPAREN:
                depth += 1
            elif kind is TokenKind.RPAREN:
                depth -= 1
                if depth == 0:
                    return True
            elif kind is TokenKind.EOF or (depth == 1 and kind in (TokenKind.PLUS, TokenKind.MINUS)):
                return False
            j += 1

    # ---- projections ----
    def projection(self) -> Projection:
        paths = [self.path()]
        while self.peek().kind is TokenKind.COMMA:
            self.advance()
            paths.append(self.path())
        return Projection(tuple(paths))


_SIZE_SUFFIX = frozenset({ExpressionKind.CONDITION, ExpressionKind.FILTER})


_SHALLOW = 40  # parenthesis levels the default recursion limit always accommodates
_FRAMES_PER_LEVEL = 8
_DEEP_LOCK = threading.RLock()


def _fail(kind: str, message: str) -> ValidationException:
    return ValidationException(f"Invalid {kind}: {message}")


def _parse(text: str, kind: str, mode: Grammar) -> Any:
    if not isinstance(text, str):
        raise ValidationException(f"Invalid {kind}: The expression must be a string")
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_EXPRESSION_BYTES:
        # only ConditionExpression and FilterExpression report the size (captured from DynamoDB)
        suffix = f" expression size: {size}" if kind in _SIZE_SUFFIX else ""
        raise _fail(kind, f"Expression size has exceeded the maximum allowed size;{suffix}")
    if not text.strip():
        raise _fail(kind, "The expression can not be empty;")
    parser = _Parser(text, mode)
    nesting = sum(1 for t in parser.tokens if t.kind is TokenKind.LPAREN)
    try:
        if nesting <= _SHALLOW:
            tree = _run(parser, mode)
        else:  # a deeply nested expression: give the recursive descent room (rare, serialised)
            tree = with_deep_recursion(lambda: _run(parser, mode), nesting)
    except _SyntaxError as e:
        raise _fail(kind, str(e)) from None
    if parser.deferred:
        rank = min(r for r, _ in parser.deferred)
        raise _fail(kind, next(m for r, m in parser.deferred if r == rank))
    return tree


_CONDITION_TOKENS = frozenset(_COMPARATORS)


def _operand_groups(tokens: list[Token]) -> frozenset[int]:
    """Indexes of ``(`` tokens whose group holds an operand (``(a)``, ``(size(b))``), not a condition.

    One pass with a stack, so the parser never has to backtrack: a group is a
    condition when a comparator or AND/OR/NOT/BETWEEN/IN appears at its own level,
    or when it holds exactly one call of a function other than ``size``, or exactly
    one nested condition group. O(len(tokens)).
    """
    operand_groups: set[int] = set()
    condition_groups: set[int] = set()
    # stack entries: [index of "(", is a grouping paren, saw a condition token at this level]
    stack: list[list[Any]] = []
    closes: dict[int, int] = {}  # index of a "(" -> index of its closing ")"
    for i, tok in enumerate(tokens):
        kind = tok.kind
        if kind is TokenKind.LPAREN:
            prev = tokens[i - 1] if i else None
            grouping = not (
                prev is not None
                and (
                    prev.kind is TokenKind.NAME and prev.text.upper() not in KEYWORDS or prev.is_keyword("IN")
                )
            )
            stack.append([i, grouping, False])
        elif kind is TokenKind.RPAREN:
            if not stack:
                continue
            start, grouping, saw = stack.pop()
            closes[start] = i
            if not grouping:
                continue
            first, last = start + 1, i - 1
            single_call = (
                tokens[first].kind is TokenKind.NAME
                and first + 1 <= last
                and closes.get(first + 1) == last
                and tokens[first].text != Func.SIZE
            )
            single_group = first in condition_groups and closes.get(first) == last
            if saw or single_call or single_group:
                condition_groups.add(start)
            else:
                operand_groups.add(start)
        elif stack and stack[-1][1] and (kind in _CONDITION_TOKENS or _is_condition_keyword(tok)):
            stack[-1][2] = True
    return frozenset(operand_groups)


def _is_condition_keyword(tok: Token) -> bool:
    return tok.kind is TokenKind.NAME and tok.text.upper() in ("AND", "OR", "NOT", "BETWEEN", "IN")


def with_deep_recursion(fn: Callable[[], Any], levels: int = MAX_EXPRESSION_BYTES) -> Any:
    """Run ``fn`` with room for ``levels`` nesting levels of recursive descent (rare; serialised).

    Expressions are at most 4096 bytes, so their trees are at most a few thousand
    levels deep; pure-Python recursion of that depth is safe on CPython 3.11+.
    """
    with _DEEP_LOCK:
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, limit + _FRAMES_PER_LEVEL * levels))
        try:
            return fn()
        finally:
            sys.setrecursionlimit(limit)


def _run(parser: _Parser, mode: Grammar) -> Any:
    if mode is Grammar.UPDATE:
        tree: Any = parser.update_expression()
    elif mode is Grammar.PROJECTION:
        tree = parser.projection()
    else:
        tree = parser.condition()
    parser.finish()
    return tree


@lru_cache(maxsize=8192)
def _cached(text: str, kind: str, mode: Grammar) -> Any:
    return _parse(text, kind, mode)


def parse_condition(text: str, kind: str = ExpressionKind.CONDITION) -> Condition:
    """Parse a ConditionExpression (or, with ``kind``, a Filter/KeyCondition one). Cached by text.

    Raises ValidationException ``Invalid <kind>: ...`` with AWS's text.
    """
    return _cached(text, kind, Grammar.CONDITION)


def parse_filter(text: str) -> Condition:
    """Parse a FilterExpression. Cached by text."""
    return _cached(text, ExpressionKind.FILTER, Grammar.CONDITION)


def parse_key_condition(text: str) -> Condition:
    """Parse a KeyConditionExpression (condition grammar; key rules come in key_condition_bounds)."""
    return _cached(text, ExpressionKind.KEY_CONDITION, Grammar.CONDITION)


def parse_update(text: str) -> Update:
    """Parse an UpdateExpression (SET / REMOVE / ADD / DELETE clauses, each at most once). Cached."""
    return _cached(text, ExpressionKind.UPDATE, Grammar.UPDATE)


def parse_projection(text: str) -> Projection:
    """Parse a ProjectionExpression (comma-separated document paths). Cached."""
    return _cached(text, ExpressionKind.PROJECTION, Grammar.PROJECTION)


def parse_cache_info() -> Any:
    """``functools`` cache statistics of the parse cache (hits, misses, currsize)."""
    return _cached.cache_info()


def parse_cache_clear() -> None:
    """Empty the parse cache (benchmarks use it to time uncached parses)."""
    _cached.cache_clear()
