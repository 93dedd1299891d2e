"""Field conversion for COPY: text to a column's type, with Redshift's load error codes.

A converter takes the raw field text and returns the typed value or raises
:class:`FieldError` (``err_code`` / ``err_reason`` as STL_LOAD_ERRORS shows
them). Empty fields of non-character columns are NULL; ``EMPTYASNULL`` and
``BLANKSASNULL`` apply to character columns; VARCHAR lengths count bytes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

import pyarrow as pa

from .formats import to_strftime
from .types import RsType, TypeName

__all__ = ["FieldError", "converter", "arrow_type", "CopyFlags"]

_RANGES = {TypeName.SMALLINT: (-(2**15), 2**15 - 1), TypeName.INTEGER: (-(2**31), 2**31 - 1),
           TypeName.BIGINT: (-(2**63), 2**63 - 1)}
_TYPE_WORD = {TypeName.SMALLINT: "Short", TypeName.INTEGER: "Integer", TypeName.BIGINT: "Long"}
_TRUE = frozenset({"t", "true", "1", "y", "yes", "on"})
_FALSE = frozenset({"f", "false", "0", "n", "no", "off"})
_AUTO_DATES = ("%Y-%m-%d", "%Y/%m/%d", "%m/%d/%Y", "%Y%m%d", "%d %b %Y", "%b %d %Y", "%d-%b-%Y", "%m-%d-%Y",
               "%Y.%m.%d", "%B %d, %Y", "%b %d, %Y")
_EPOCH = datetime(1970, 1, 1)


class FieldError(Exception):
    """A field that cannot be loaded: Redshift's error code and reason."""

    def __init__(self, code: int, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


class CopyFlags:
    """The conversion-affecting COPY options."""

    def __init__(self, opts: dict[str, Any]) -> None:
        self.emptyasnull = bool(opts.get("EMPTYASNULL"))
        self.blanksasnull = bool(opts.get("BLANKSASNULL"))
        self.truncate = bool(opts.get("TRUNCATECOLUMNS"))
        self.trimblanks = bool(opts.get("TRIMBLANKS"))
        self.roundec = bool(opts.get("ROUNDEC"))
        self.acceptanydate = bool(opts.get("ACCEPTANYDATE"))
        self.dateformat = str(opts.get("DATEFORMAT", "YYYY-MM-DD"))
        self.timeformat = str(opts.get("TIMEFORMAT", "YYYY-MM-DD HH:MI:SS"))


def arrow_type(t: RsType) -> pa.DataType:
    """The Arrow type COPY builds a column in before DuckDB casts it into the table."""
    if t.is_integer:
        return pa.int64()
    if t.name is TypeName.NUMERIC:
        return pa.decimal128(t.precision or 18, t.scale or 0)
    if t.name in (TypeName.REAL, TypeName.DOUBLE):
        return pa.float64()
    if t.name is TypeName.BOOLEAN:
        return pa.bool_()
    if t.name is TypeName.DATE:
        return pa.date32()
    if t.name in (TypeName.TIMESTAMP,):
        return pa.timestamp("us")
    if t.name is TypeName.TIMESTAMPTZ:
        return pa.timestamp("us", tz="UTC")
    if t.name is TypeName.VARBYTE:
        return pa.binary()
    return pa.string()


def _truncate_bytes(text: str, limit: int) -> str:
    raw = text.encode()
    if len(raw) <= limit:
        return text
    return raw[:limit].decode("utf-8", errors="ignore")


def _int(t: RsType) -> Callable[[str], Any]:
    lo, hi = _RANGES[t.name]
    word = _TYPE_WORD[t.name]

    def conv(text: str) -> Any:
        s = text.strip()
        body = s[1:] if s[:1] in "+-" else s
        if not body.isdigit():
            pos = next((i for i, ch in enumerate(s) if not (ch.isdigit() or (i == 0 and ch in "+-"))), 0)
            raise FieldError(1207, f"Invalid digit, Value '{s[pos:pos + 1] or s}', Pos {pos}, Type: {word}")
        value = int(s)
        if not lo <= value <= hi:
            raise FieldError(1216, f"Overflow, Value '{s}', Type: {word}")
        return value

    return conv


def _numeric(t: RsType, flags: CopyFlags) -> Callable[[str], Any]:
    scale = t.scale or 0
    quantum = Decimal(1).scaleb(-scale)
    limit = Decimal(10) ** ((t.precision or 18) - scale)

    def conv(text: str) -> Any:
        try:
            value = Decimal(text.strip())
        except InvalidOperation:
            raise FieldError(1207, f"Invalid digit, Value '{text}', Pos 0, Type: Decimal") from None
        if not value.is_finite():
            raise FieldError(1207, f"Invalid digit, Value '{text}', Pos 0, Type: Decimal")
        value = value.quantize(quantum, rounding=ROUND_HALF_UP if flags.roundec else ROUND_DOWN)
        if abs(value) >= limit:
            raise FieldError(1216, f"Overflow (Decimal) for value '{text}'")
        return value

    return conv


def _float(text: str) -> Any:
    try:
        return float(text.strip())
    except ValueError:
        raise FieldError(1207, f"Invalid digit, Value '{text}', Pos 0, Type: Double") from None


def _bool(text: str) -> Any:
    low = text.strip().lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    raise FieldError(1207, f"Invalid digit, Value '{text}', Pos 0, Type: Boolean")


def _date(flags: CopyFlags) -> Callable[[str], Any]:
    fmt = flags.dateformat

    def conv(text: str) -> Any:
        s = text.strip()
        try:
            if fmt.lower() == "auto":
                for candidate in _AUTO_DATES:
                    try:
                        return datetime.strptime(s[:len(s)], candidate).date()
                    except ValueError:
                        continue
                return datetime.fromisoformat(s).date()
            pattern = to_strftime(fmt)
            return datetime.strptime(s[:_width(pattern, s)], pattern).date()
        except ValueError:
            if flags.acceptanydate:
                return None
            raise FieldError(1205, f"Invalid Date Format - length must be 10 or more. Value: '{s}'") from None

    return conv


def _width(pattern: str, value: str) -> int:
    """Redshift ignores a time part after the date; strptime needs the string cut to the date."""
    for sep in (" ", "T"):
        if sep not in pattern and sep in value:
            return value.index(sep)
    return len(value)


def _timestamp(flags: CopyFlags, tz: bool) -> Callable[[str], Any]:
    fmt = flags.timeformat

    def conv(text: str) -> Any:
        s = text.strip()
        try:
            lower = fmt.lower()
            if lower == "epochsecs":
                value = _EPOCH + timedelta(seconds=float(s))
            elif lower == "epochmillisecs":
                value = _EPOCH + timedelta(milliseconds=float(s))
            elif lower == "auto" or fmt == "YYYY-MM-DD HH:MI:SS":
                value = datetime.fromisoformat(s.replace("/", "-"))
            else:
                value = datetime.strptime(s, to_strftime(fmt))
        except ValueError:
            if flags.acceptanydate:
                return None
            raise FieldError(1206, f"Invalid timestamp format or value [{fmt}]: '{s}'") from None
        if tz:
            value = value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
        elif value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value

    return conv


def _char(t: RsType, flags: CopyFlags) -> Callable[[str], Any]:
    limit = t.length or 256
    is_char = t.name is TypeName.CHAR

    def conv(text: str) -> Any:
        if flags.trimblanks or is_char:
            text = text.rstrip(" ") if is_char and not flags.trimblanks else text.strip(" ")
        size = len(text.encode())
        if size > limit:
            if flags.truncate:
                return _truncate_bytes(text, limit)
            raise FieldError(1204, "String length exceeds DDL length")
        return text

    return conv


def _super(text: str) -> Any:
    try:
        json.loads(text)
        return text
    except ValueError:
        return json.dumps(text)


def converter(t: RsType, flags: CopyFlags) -> Callable[[str], Any]:
    """The text -> value function of a column type (empty / NULL handling is the caller's)."""
    if t.is_integer:
        return _int(t)
    if t.name is TypeName.NUMERIC:
        return _numeric(t, flags)
    if t.name in (TypeName.REAL, TypeName.DOUBLE):
        return _float
    if t.name is TypeName.BOOLEAN:
        return _bool
    if t.name is TypeName.DATE:
        return _date(flags)
    if t.name in (TypeName.TIMESTAMP, TypeName.TIMESTAMPTZ):
        return _timestamp(flags, t.name is TypeName.TIMESTAMPTZ)
    if t.name is TypeName.SUPER:
        return _super
    if t.name is TypeName.VARBYTE:
        return lambda text: bytes.fromhex(text)
    if t.is_char:
        return _char(t, flags)
    return lambda text: text


