"""Split a SQL script into statements with sqlglot's tokenizer (never with regexes).

Each :class:`Statement` keeps its raw source slice (so hand parsers can read
option strings such as ``NULL AS '\\N'`` exactly as written) and its tokens.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from sqlglot.errors import TokenError
from sqlglot.tokens import Token, TokenType

from .dialect import RedshiftX
from .errors import SyntaxError_

__all__ = ["Statement", "split", "tokenize"]

class _SplitTokenizer(RedshiftX.Tokenizer):
    """Redshift's tokenizer without "command" swallowing: VACUUM / UNLOAD / SHOW keep their tokens."""

    COMMANDS: set = set()





@dataclass(frozen=True, slots=True)
class Statement:
    """One statement of a script: its source text and tokens (comments dropped)."""

    text: str
    tokens: tuple[Token, ...]

    def word(self, i: int) -> str:
        """The upper-cased text of token ``i`` (``''`` past the end)."""
        return self.tokens[i].text.upper() if i < len(self.tokens) else ""

    def words(self, n: int) -> tuple[str, ...]:
        return tuple(self.word(i) for i in range(n))

    @property
    def base(self) -> int:
        """Offset of this statement's text within the tokens' source."""
        return self.tokens[0].start if self.tokens else 0

    def text_of(self, tok: Token) -> str:
        """The raw source of one token (quotes and escapes exactly as written)."""
        return self.text[tok.start - self.base: tok.end - self.base + 1]

    def text_from(self, index: int) -> str:
        """The raw source from token ``index`` to the end of the statement."""
        if index >= len(self.tokens):
            return ""
        return self.text[self.tokens[index].start - self.base:]


def tokenize(sql: str) -> list[Token]:
    """Tokens of ``sql``; unterminated strings and the like become a Redshift syntax error."""
    try:
        return _SplitTokenizer().tokenize(sql)  # a tokenizer instance holds state: one per call
    except TokenError as exc:
        raise SyntaxError_(f"unterminated quoted string or identifier: {exc}") from None


@lru_cache(maxsize=1024)
def split(sql: str) -> tuple[Statement, ...]:
    """The non-empty statements of ``sql``, split at top-level semicolons."""
    tokens = tokenize(sql)
    out: list[Statement] = []
    start_tok = 0
    depth = 0
    for i, tok in enumerate(tokens + [None]):  # type: ignore[operator]
        if tok is not None and tok.token_type is TokenType.L_PAREN:
            depth += 1
        elif tok is not None and tok.token_type is TokenType.R_PAREN:
            depth = max(0, depth - 1)
        if tok is None or (tok.token_type is TokenType.SEMICOLON and depth == 0):
            chunk = tokens[start_tok:i]
            if chunk:
                text = sql[chunk[0].start: chunk[-1].end + 1]
                out.append(Statement(text, tuple(chunk)))
            start_tok = i + 1
    return tuple(out)
