"""Redshift datetime format strings (TO_CHAR / TO_DATE / TO_TIMESTAMP) as DuckDB expressions.

Tokens are case-sensitive and some carry padding rules (``MONTH`` is upper-case,
blank-padded to 9); each token becomes a strftime piece or a small expression.
"""

from __future__ import annotations

from sqlglot import exp

from .errors import FeatureNotSupported
from .fixbase import FixContext, duck
from .types import TypeName

__all__ = ["format_pieces", "to_strftime", "to_char", "to_timestamp", "to_date"]


#: Redshift datetime format tokens (longest first): (token, strftime piece, case / padding rule)
_TOKENS: list[tuple[str, str, str]] = [
    ("HH24", "%H", ""), ("HH12", "%I", ""), ("YYYY", "%Y", ""),
    ("MONTH", "%B", "upper9"), ("Month", "%B", "pad9"), ("month", "%B", "lower9"),
    ("MON", "%b", "upper"), ("Mon", "%b", ""), ("mon", "%b", "lower"),
    ("DAY", "%A", "upper9"), ("Day", "%A", "pad9"), ("day", "%A", "lower9"),
    ("DDD", "%j", ""), ("MS", "%g", ""), ("US", "%f", ""), ("YY", "%y", ""), ("MM", "%m", ""),
    ("DD", "%d", ""), ("HH", "%I", ""), ("MI", "%M", ""), ("SS", "%S", ""),
    ("DY", "%a", "upper"), ("Dy", "%a", ""), ("dy", "%a", "lower"),
    ("AM", "%p", ""), ("PM", "%p", ""), ("am", "%p", "lower"), ("pm", "%p", "lower"),
    ("IYYY", "%G", ""), ("IW", "%V", ""), ("WW", "", "ww"),
    ("Q", "", "quarter"), ("D", "", "dow1"),
]


def format_pieces(fmt: str) -> list[tuple[str, str]]:
    """Split a Redshift datetime format into (strftime text, rule) pieces; quoted text is literal."""
    pieces: list[tuple[str, str]] = []
    i = 0

    def lit(text: str) -> None:
        if pieces and pieces[-1][1] == "":
            pieces[-1] = (pieces[-1][0] + text, "")
        else:
            pieces.append((text, ""))

    while i < len(fmt):
        if fmt[i] == '"':
            end = fmt.find('"', i + 1)
            end = len(fmt) if end < 0 else end
            lit(fmt[i + 1:end].replace("%", "%%"))
            i = end + 1
            continue
        for token, strf, rule in _TOKENS:
            if fmt.startswith(token, i):
                if rule:
                    pieces.append((strf, rule))
                else:
                    lit(strf)
                i += len(token)
                break
        else:
            lit("%%" if fmt[i] == "%" else fmt[i])
            i += 1
    return pieces


def to_strftime(fmt: str) -> str:
    """A Redshift datetime format as a strptime format (case rules do not matter when parsing)."""
    return "".join(text for text, rule in format_pieces(fmt) if rule not in ("quarter", "dow1", "ww"))


def _fmt_arg(node: exp.Anonymous) -> str:
    if len(node.expressions) != 2 or not (isinstance(node.expressions[1], exp.Literal)
                                          and node.expressions[1].is_string):
        raise FeatureNotSupported(f"{node.name.upper()} needs a literal format in awscore")
    return node.expressions[1].this


_RULES = {
    "upper": "upper(strftime(__v, __f))",
    "lower": "lower(strftime(__v, __f))",
    "upper9": "upper(rpad(strftime(__v, __f), 9, ' '))",
    "lower9": "lower(rpad(strftime(__v, __f), 9, ' '))",
    "pad9": "rpad(strftime(__v, __f), 9, ' ')",
    "quarter": "CAST(quarter(__v) AS VARCHAR)",
    "dow1": "CAST(dayofweek(__v) + 1 AS VARCHAR)",
    "ww": "lpad(CAST((dayofyear(__v) - 1) // 7 + 1 AS VARCHAR), 2, '0')",
    "": "strftime(__v, __f)",
}


def to_char(node: exp.Anonymous, ctx: FixContext) -> exp.Expression:
    """TO_CHAR(datetime, fmt): Redshift's format tokens with their case and padding rules."""
    value = node.expressions[0]
    t = ctx.env.type_of(value)
    fmt = _fmt_arg(node)
    if t is not None and t.name in (TypeName.INTEGER, TypeName.BIGINT, TypeName.SMALLINT,
                                    TypeName.NUMERIC, TypeName.DOUBLE, TypeName.REAL):
        raise FeatureNotSupported("TO_CHAR of numbers is not supported by awscore")
    ts = exp.Cast(this=value, to=exp.DataType.build("TIMESTAMP"))
    parts = [duck(_RULES[rule], v=ts, f=exp.Literal.string(text)) for text, rule in format_pieces(fmt)]
    if not parts:
        return exp.Literal.string("")
    out = parts[0]
    for part in parts[1:]:
        out = exp.DPipe(this=out, expression=part, safe=False)
    return out


def to_timestamp(node: exp.Anonymous, ctx: FixContext) -> exp.Expression:
    fmt = to_strftime(_fmt_arg(node))
    return duck("strptime(__v, __f)", v=node.expressions[0], f=exp.Literal.string(fmt))


def to_date(node: exp.Anonymous, ctx: FixContext) -> exp.Expression:
    if len(node.expressions) == 1:
        return exp.Cast(this=node.expressions[0], to=exp.DataType.build("DATE"))
    fmt = to_strftime(_fmt_arg(node))
    return duck("CAST(strptime(__v, __f) AS DATE)", v=node.expressions[0], f=exp.Literal.string(fmt))
