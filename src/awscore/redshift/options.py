"""Option lists of COPY and UNLOAD, read from tokens in any order.

Each option is declared once in a table (keyword -> how many values and of
which kind); values that are strings are read from the raw source text so
``NULL AS '\\N'`` and ``DELIMITER '\\t'`` keep their backslashes.
Unknown options are a syntax error; known options awscore does not implement
fail loudly where they are used.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlglot.tokens import Token, TokenType

from .errors import SyntaxError_
from .splitter import Statement

__all__ = ["Arg", "OptionSpec", "read_options", "unquote", "Options"]


class Arg(StrEnum):
    """The value an option takes."""

    NONE = "none"  # a bare flag
    STRING = "string"  # one quoted string
    NUMBER = "number"
    WORD = "word"  # one bare word (ON / OFF / DEFAULT / CSV)
    OPT_STRING = "opt_string"  # an optional quoted string (ACCEPTINVCHARS ['c'], JSON ['auto'])
    OPT_WORD = "opt_word"  # an optional bare word (PARALLEL [ON|OFF], STATUPDATE [ON|OFF])
    SIZE = "size"  # number with an optional MB / GB unit
    FORMAT = "format"  # a format word, then an optional string (FORMAT AS JSON 'auto')


@dataclass(frozen=True)
class OptionSpec:
    """One option: its canonical name, value kind, and whether ``AS`` may precede the value."""

    name: str
    arg: Arg
    allow_as: bool = True


def unquote(raw: str) -> str:
    """The value of a raw single-quoted literal: ``''`` becomes ``'``; backslashes are kept."""
    if len(raw) >= 2 and raw[0] == raw[-1] == "'":
        return raw[1:-1].replace("''", "'")
    if len(raw) >= 3 and raw[0] in "eE" and raw[1] == "'" and raw[-1] == "'":
        return raw[2:-1].replace("''", "'")
    return raw


Options = dict[str, object]


def _syntax(tok: Token | None) -> SyntaxError_:
    return SyntaxError_(f'syntax error at or near "{tok.text if tok is not None else "end of input"}"')


def read_options(stmt: Statement, start: int, table: dict[str, OptionSpec],
                 multiword: dict[tuple[str, ...], str] | None = None) -> Options:
    """Options from token ``start`` to the end of the statement (order free; repeats are errors)."""
    toks = stmt.tokens
    out: Options = {}
    i = start
    multiword = multiword or {}
    while i < len(toks):
        tok = toks[i]
        word = tok.text.upper()
        key = None
        for words, name in multiword.items():
            if tuple(t.text.upper() for t in toks[i:i + len(words)]) == words:
                key, i = name, i + len(words)
                break
        if key is None:
            spec = table.get(word)
            if spec is None or tok.token_type is TokenType.STRING:
                raise _syntax(tok)
            key, i = spec.name, i + 1
        spec = table[key] if key in table else OptionSpec(key, Arg.NONE)
        if spec.name in out:
            raise SyntaxError_(f"conflicting or redundant options: {spec.name}")
        if spec.allow_as and i < len(toks) and toks[i].token_type is TokenType.ALIAS and spec.arg is not Arg.NONE:
            i += 1
        nxt = toks[i] if i < len(toks) else None
        if spec.arg is Arg.NONE:
            out[spec.name] = True
        elif spec.arg in (Arg.STRING, Arg.OPT_STRING):
            if nxt is not None and nxt.token_type is TokenType.STRING:
                out[spec.name] = unquote(stmt.text_of(nxt))
                i += 1
            elif spec.arg is Arg.OPT_STRING:
                out[spec.name] = True
            else:
                raise _syntax(nxt)
        elif spec.arg is Arg.NUMBER:
            if nxt is None or nxt.token_type is not TokenType.NUMBER:
                raise _syntax(nxt)
            out[spec.name] = int(nxt.text)
            i += 1
        elif spec.arg is Arg.SIZE:
            if nxt is None or nxt.token_type is not TokenType.NUMBER:
                raise _syntax(nxt)
            value = float(nxt.text)
            i += 1
            unit = toks[i].text.upper() if i < len(toks) else ""
            if unit in ("MB", "GB"):
                value *= 1024 if unit == "GB" else 1
                i += 1
            out[spec.name] = value
        elif spec.arg is Arg.WORD:
            if nxt is None:
                raise _syntax(nxt)
            out[spec.name] = nxt.text.upper() if nxt.token_type is not TokenType.STRING else unquote(
                stmt.text_of(nxt))
            i += 1
        elif spec.arg is Arg.FORMAT:
            if nxt is None:
                raise _syntax(nxt)
            fmt = nxt.text.upper()
            out[spec.name] = fmt
            i += 1
            if i < len(toks) and toks[i].token_type is TokenType.STRING:
                out[fmt] = unquote(stmt.text_of(toks[i]))
                i += 1
        elif spec.arg is Arg.OPT_WORD:
            if nxt is not None and nxt.text.upper() in ("ON", "OFF", "TRUE", "FALSE"):
                out[spec.name] = nxt.text.upper() in ("ON", "TRUE")
                i += 1
            else:
                out[spec.name] = True
    return out
