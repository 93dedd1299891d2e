"""COPY from the S3 store (being built)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import FeatureNotSupported, SyntaxError_
from .result import Result
from .splitter import Statement

if TYPE_CHECKING:
    from .session import Session


def run_copy(session: Session, stmt: Statement) -> Result:
    if stmt.word(1) == "(":
        raise SyntaxError_('syntax error at or near "("')
    raise FeatureNotSupported("COPY is not supported by awscore yet")
