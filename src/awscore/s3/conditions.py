"""HTTP conditions and ranges as S3 evaluates them (GET/HEAD, conditional writes).

Read conditions, in AWS's order: If-Match, If-Unmodified-Since, If-None-Match,
If-Modified-Since (RFC 7232 pairing); times compare at 1-second precision.
"""

from __future__ import annotations

import math
import re
from email.utils import formatdate

from .attributes import strip_etag
from .errors import InvalidRange, NotModified, PreconditionFailed, S3NotImplemented
from .model import ObjectVersion

__all__ = ["check_read", "parse_range", "check_write"]

_RANGE = re.compile(r"bytes=(\d*)-(\d*)\Z")


def _etag_matches(header: str, etag: str) -> bool:
    wanted = strip_etag(etag)
    return any(t == "*" or strip_etag(t) == wanted for t in header.split(","))


def check_read(
    version: ObjectVersion,
    *,
    now: float,
    if_match: str | None = None,
    if_none_match: str | None = None,
    if_modified_since: float | None = None,
    if_unmodified_since: float | None = None,
) -> None:
    """Raise ``PreconditionFailed`` (412) or ``NotModified`` (304) as GET/HEAD would."""
    modified = math.floor(version.last_modified)
    headers = {"etag": version.etag, "last-modified": formatdate(modified, usegmt=True)}
    if if_match is not None:
        if not _etag_matches(if_match, version.etag):
            raise PreconditionFailed(error_fields={"Condition": "If-Match"})
    elif if_unmodified_since is not None and modified > if_unmodified_since:
        raise PreconditionFailed(error_fields={"Condition": "If-Unmodified-Since"})
    if if_none_match is not None:
        if _etag_matches(if_none_match, version.etag):
            raise NotModified(headers=headers)
    elif if_modified_since is not None and if_modified_since <= now and modified <= if_modified_since:
        raise NotModified(headers=headers)


def _unsupported_header(header: str, detail: str | None = None) -> S3NotImplemented:
    """S3's 501 for a conditional-write header value it does not accept (``Header``, ``additionalMessage``)."""
    return S3NotImplemented(error_fields={
        "Header": header,
        "additionalMessage": detail or f"We don't accept the provided value of {header} header for this API"})


def check_write(
    current: ObjectVersion | None, *, if_match: str | None, if_none_match: str | None, key: str
) -> None:
    """Conditional PUT/Complete/Copy: If-None-Match ``*`` and If-Match ``<etag>`` only.

    ``current`` is the key's current object (``None`` if absent or a delete marker).
    """
    from .errors import NoSuchKey

    if if_match is not None and if_none_match is not None:
        raise _unsupported_header("If-Match,If-None-Match", "Multiple conditional request headers present in the request")
    if if_none_match is not None:
        if if_none_match.strip() != "*":
            raise _unsupported_header("If-None-Match")
        if current is not None:
            raise PreconditionFailed(error_fields={"Condition": "If-None-Match"})
    if if_match is not None:
        if if_match.strip() == "*":
            raise _unsupported_header("If-Match")
        if current is None:
            raise NoSuchKey(error_fields={"Key": key})
        if strip_etag(if_match) != strip_etag(current.etag):
            raise PreconditionFailed(error_fields={"Condition": "If-Match"})


def parse_range(spec: str | None, size: int) -> tuple[int, int] | None:
    """The inclusive ``(start, end)`` S3 serves for a Range header, or ``None`` for the whole object.

    Unparsable or multi-range specs are ignored (200, whole object) as S3 does;
    an unsatisfiable one raises ``InvalidRange`` (416).
    """
    if spec is None:
        return None
    m = _RANGE.match(spec.strip())
    if m is None:
        return None
    first, last = m.group(1), m.group(2)
    if first == "" and last == "":
        return None
    unsatisfiable = InvalidRange(error_fields={"ActualObjectSize": str(size), "RangeRequested": spec})
    if first == "":
        n = int(last)
        if n == 0 or size == 0:
            raise unsatisfiable
        return max(0, size - n), size - 1
    start = int(first)
    end = size - 1 if last == "" else int(last)
    if last != "" and end < start:
        return None
    if start >= size:
        raise unsatisfiable
    return start, min(end, size - 1)
