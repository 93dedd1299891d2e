"""One lexer for all five DynamoDB expression kinds: tokens with positions.

>>> [t.text for t in tokenize("SET a.b[1] = :v")]
['SET', 'a', '.', 'b', '[', '1', ']', '=', ':v', '<EOF>']
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import NamedTuple

__all__ = ["TokenKind", "Token", "tokenize", "KEYWORDS"]


class TokenKind(StrEnum):
    """Token kinds; punctuation kinds are spelt as their text."""

    NAME = "NAME"  # a literal attribute name, keyword or function name
    NAME_REF = "NAME_REF"  # #name
    VALUE_REF = "VALUE_REF"  # :value
    NUMBER = "NUMBER"  # a list index
    WORD = "WORD"  # [A-Za-z0-9_]+ starting with "_" or a digit and not all digits: never valid
    LPAREN = "("
    RPAREN = ")"
    LBRACKET = "["
    RBRACKET = "]"
    COMMA = ","
    DOT = "."
    EQ = "="
    NE = "<>"
    LE = "<="
    LT = "<"
    GE = ">="
    GT = ">"
    PLUS = "+"
    MINUS = "-"
    UNKNOWN = "UNKNOWN"  # any other single character
    EOF = "EOF"


KEYWORDS = frozenset({"SET", "REMOVE", "ADD", "DELETE", "AND", "OR", "NOT", "BETWEEN", "IN"})

_PUNCT = {k.value: k for k in TokenKind if len(k.value) <= 2 and not k.value.isalpha()}
# whitespace is consumed in front of each token; group numbers index _GROUP_ORDER
_TOKEN_RE = re.compile(
    r"""\s*(?:
    ([A-Za-z][A-Za-z0-9_]*)
  | (\#[A-Za-z0-9_]+)
  | (:[A-Za-z0-9_]+)
  | ([0-9]+(?![A-Za-z0-9_]))
  | ([0-9_][A-Za-z0-9_]*)
  | (<>|<=|>=|[()\[\],.=<>+\-])
  | (.)
  | \Z)
    """,
    re.VERBOSE | re.DOTALL,
)
_GROUP_ORDER: tuple[TokenKind | None, ...] = (
    None,
    TokenKind.NAME,
    TokenKind.NAME_REF,
    TokenKind.VALUE_REF,
    TokenKind.NUMBER,
    TokenKind.WORD,
    None,  # punctuation: looked up by its text
    TokenKind.UNKNOWN,
)


class Token(NamedTuple):
    """A token: its kind, text and [start, end) offsets in the expression."""

    kind: TokenKind
    text: str
    start: int
    end: int

    def is_keyword(self, word: str) -> bool:
        """True for the (case-insensitive) keyword ``word``."""
        return self.kind is TokenKind.NAME and self.text.upper() == word


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens, ending with an EOF token. Never raises. O(len(text))."""
    tokens: list[Token] = []
    append = tokens.append
    order, punct, new = (
        _GROUP_ORDER,
        _PUNCT,
        tuple.__new__,
    )  # tuple.__new__: a Token without Python-level __new__
    for m in _TOKEN_RE.finditer(text):
        index = m.lastindex
        if index is None:  # trailing whitespace / end of text
            continue
        start, end = m.span(index)
        value = text[start:end]
        append(new(Token, (order[index] or punct[value], value, start, end)))
    append(Token(TokenKind.EOF, "<EOF>", len(text), len(text)))
    return tokens
