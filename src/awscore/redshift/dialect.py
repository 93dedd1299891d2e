"""``RedshiftX``: sqlglot's Redshift dialect with the few parse changes awscore needs.

TO_CHAR / TO_TIMESTAMP keep their raw Redshift format string (sqlglot's time
mapping is case-sensitive and lacks ``Mon``/``Dy``/``Day``), so the fix-up layer
can translate the format itself.
"""

from __future__ import annotations

import contextvars
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from sqlglot import exp
from sqlglot.dialects.redshift import Redshift

__all__ = ["RedshiftX", "quiet_parse", "DATE_PART", "LABEL"]


def _raw(name: str):
    def build(args: list[exp.Expression]) -> exp.Expression:
        return exp.Anonymous(this=name, expressions=args)

    return build


#: ``meta`` key holding the column label Redshift gives a call whose sqlglot node is shared with other spellings
LABEL = "awscore_label"

#: functions sqlglot folds into a common node (LEN -> Length, DATEADD -> TsOrDsAdd ...) and Redshift's label for each
_LABELS = {"LEN": "len", "TEXTLEN": "textlen", "CHARINDEX": "charindex", "STRPOS": "strpos", "BTRIM": "btrim",
           "ADD_MONTHS": "add_months", "DATEADD": "date_add"}


def _labelled(build, label: str):
    def wrapped(*args, **kwargs):
        node = build(*args, **kwargs)
        if isinstance(node, exp.Expression):
            node.meta[LABEL] = label
        return node

    return wrapped


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
            **{name: _labelled(Redshift.Parser.FUNCTIONS[name], label) for name, label in _LABELS.items()},
        }
        FUNCTION_PARSERS = {
            **Redshift.Parser.FUNCTION_PARSERS,
            # DATE_PART parses to Extract like EXTRACT does, but returns DOUBLE (EXTRACT: INTEGER): mark it
            "DATE_PART": lambda self: _mark_date_part(self._parse_date_part()),
        }


def _mark_date_part(node: exp.Expression) -> exp.Expression:
    node.meta[DATE_PART] = True
    return node


#: ``Extract.meta`` key set when the user wrote DATE_PART (label ``pgdate_part``, DOUBLE PRECISION result)
DATE_PART = "awscore_date_part"


_QUIET: contextvars.ContextVar[bool] = contextvars.ContextVar("awscore_redshift_quiet", default=False)


class _QuietFilter(logging.Filter):
    """Drops sqlglot's "falling back to Command" warnings raised while awscore parses user SQL.

    awscore turns those statements into a Redshift syntax error itself, so the warning is noise.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return not _QUIET.get()


_SQLGLOT_LOGGER = logging.getLogger("sqlglot")
if not any(isinstance(f, _QuietFilter) for f in _SQLGLOT_LOGGER.filters):
    _SQLGLOT_LOGGER.addFilter(_QuietFilter())


@contextmanager
def quiet_parse() -> Iterator[None]:
    """Silence sqlglot's warnings for the parses inside the block (this thread / task only)."""
    token = _QUIET.set(True)
    try:
        yield
    finally:
        _QUIET.reset(token)
