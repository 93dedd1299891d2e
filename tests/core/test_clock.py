from datetime import UTC, datetime

import pytest

from awscore.clock import Clock, ManualClock, SystemClock, to_datetime, to_epoch


def test_manual_clock_moves_only_when_told():
    clock = ManualClock(1_000)
    assert clock.now() == 1_000
    assert clock.now() == 1_000
    clock.advance(2.5)
    assert clock.now() == 1_002.5
    assert clock.now_ms() == 1_002_500


def test_manual_clock_never_goes_back():
    clock = ManualClock(10)
    with pytest.raises(ValueError):
        clock.advance(-1)
    with pytest.raises(ValueError):
        clock.set(5)
    clock.set(20)
    assert clock.now() == 20


def test_manual_clock_accepts_datetimes():
    start = datetime(2024, 1, 1, tzinfo=UTC)
    clock = ManualClock(start)
    assert clock.datetime() == start
    assert clock.datetime().tzinfo is not None


def test_system_clock_advance_adds_offset():
    clock = SystemClock()
    before = clock.now()
    clock.advance(3600)
    assert clock.now() - before >= 3600
    assert clock.now() - before < 3700


def test_clocks_satisfy_protocol():
    assert isinstance(ManualClock(0), Clock)
    assert isinstance(SystemClock(), Clock)


def test_epoch_conversions_round_trip():
    assert to_epoch(to_datetime(1234.5)) == 1234.5
    assert to_epoch("1970-01-01T00:00:10Z") == 10
    assert to_epoch(datetime(1970, 1, 1, 0, 1)) == 60  # naive means UTC
