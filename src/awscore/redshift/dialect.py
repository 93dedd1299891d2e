"""``RedshiftX``: sqlglot's Redshift dialect with the few parse changes awscore needs.

TO_CHAR / TO_TIMESTAMP keep their raw Redshift format string (sqlglot's time
mapping is case-sensitive and lacks ``Mon``/``Dy``/``Day``), so the fix-up layer
can translate the format itself.
"""

from __future__ import annotations

from sqlglot import exp
from sqlglot.dialects.redshift import Redshift

__all__ = ["RedshiftX"]


def _raw(name: str):
    def build(args: list[exp.Expression]) -> exp.Expression:
        return exp.Anonymous(this=name, expressions=args)

    return build


class RedshiftX(Redshift):
    """Redshift as awscore parses it."""

    class Tokenizer(Redshift.Tokenizer):
        pass

    class Parser(Redshift.Parser):
        FUNCTIONS = {
            **Redshift.Parser.FUNCTIONS,
            "TO_CHAR": _raw("TO_CHAR"),
            "TO_TIMESTAMP": _raw("TO_TIMESTAMP"),
            "TO_DATE": _raw("TO_DATE"),
        }
