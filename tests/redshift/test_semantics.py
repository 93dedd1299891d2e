"""Table-driven Redshift semantics: every case in fixtures/semantics.sql runs with its expected result."""

from __future__ import annotations

import datetime as _dt
import math
from decimal import Decimal
from pathlib import Path

import pytest

from awscore.clock import ManualClock
from awscore.redshift import Cluster
from awscore.redshift.errors import SQLError

FIXTURE = Path(__file__).parent / "fixtures" / "semantics.sql"
_NS = {"D": Decimal, "date": _dt.date, "dt": _dt.datetime, "timedelta": _dt.timedelta, "__builtins__": {}}


def load_cases(path: Path = FIXTURE) -> tuple[str, list[tuple[str, str, str, str]]]:
    """(setup SQL, [(name, sql, kind, expected)]) from a fixture file."""
    setup: list[str] = []
    cases: list[tuple[str, str, str, str]] = []
    name: str | None = None
    sql: list[str] = []
    for line in path.read_text().splitlines():
        if line.startswith("-- case:"):
            name, sql = line.split(":", 1)[1].strip(), []
        elif line.startswith("-- setup"):
            name = None
        elif line.startswith(("=>", "=!")) and name is not None:
            cases.append((name, "\n".join(sql), line[:2], line[2:].strip()))
            name = None
        elif line.startswith("--") or not line.strip():
            continue
        elif name is not None:
            sql.append(line)
        else:
            setup.append(line)
    return "\n".join(setup), cases


SETUP, CASES = load_cases()


def same(actual: object, expected: object) -> bool:
    """Equality where numbers compare by value (floats approximately)."""
    if isinstance(expected, (list, tuple)) and isinstance(actual, (list, tuple)):
        return len(actual) == len(expected) and all(same(a, e) for a, e in zip(actual, expected))
    if isinstance(expected, bool) or isinstance(actual, bool):
        return actual == expected
    if isinstance(expected, (int, float, Decimal)) and isinstance(actual, (int, float, Decimal)):
        return math.isclose(float(actual), float(expected), rel_tol=1e-9, abs_tol=1e-12)
    return actual == expected


@pytest.fixture(scope="module")
def cursor():
    cluster = Cluster("semantics", clock=ManualClock(1_700_000_000.25))
    cur = cluster.connect(autocommit=True).cursor()
    cur.execute(SETUP)
    yield cur
    cluster.close()


def test_fixture_has_enough_cases():
    assert len(CASES) >= 150
    assert len({c[0] for c in CASES}) == len(CASES)


@pytest.mark.parametrize(("name", "sql", "kind", "expected"), CASES, ids=[c[0] for c in CASES])
def test_case(cursor, name, sql, kind, expected):
    if kind == "=!":
        with pytest.raises(SQLError) as info:
            cursor.execute(sql)
        assert expected in info.value.message
        return
    want = eval(expected, _NS)  # noqa: S307 - fixture literals
    got = cursor.execute(sql).fetchall()
    if isinstance(want, set):
        assert {tuple(r) for r in got} == want
    else:
        assert same(got, want), f"{name}: got {got!r}, want {want!r}"
