"""One lexer for all five DynamoDB expression kinds: tokens with positions.

>>> [t.text for t in tokenize("SET a.b[1] = :v")]
['SET', 'a', '.', 'b', '[', '1', ']', '=', ':v', '<EOF>']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["TokenKind", "Token", "tokenize", "KEYWORDS"]


class TokenKind(StrEnum):
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
_TOKEN_RE = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<NAME>[A-Za-z][A-Za-z0-9_]*)
  | (?P<NAME_REF>\#[A-Za-z0-9_]+)
  | (?P<VALUE_REF>:[A-Za-z0-9_]+)
  | (?P<NUMBER>[0-9]+(?![A-Za-z0-9_]))
  | (?P<WORD>[0-9_][A-Za-z0-9_]*)
  | (?P<PUNCT><>|<=|>=|[()\[\],.=<>+\-])
  | (?P<UNKNOWN>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True, slots=True)
class Token:
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
    for m in _TOKEN_RE.finditer(text):
        group = m.lastgroup
        if group == "ws":
            continue
        if group == "PUNCT":
            kind = _PUNCT[m.group()]
        else:
            kind = TokenKind[group]  # type: ignore[misc]
        tokens.append(Token(kind, m.group(), m.start(), m.end()))
    tokens.append(Token(TokenKind.EOF, "<EOF>", len(text), len(text)))
    return tokens
