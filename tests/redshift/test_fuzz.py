"""Parser fuzzing: any statement text gives a result or a typed SQLError, never a Python exception."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from awscore.clock import ManualClock
from awscore.redshift import Cluster
from awscore.redshift.errors import SQLError

WORDS = ["SELECT", "FROM", "WHERE", "t", "a", "b", "1", "'x'", "(", ")", ",", ";", "*", "/", "+", "=", "GROUP",
         "BY", "ORDER", "COPY", "UNLOAD", "CREATE", "TABLE", "INT", "VARCHAR(3)", "INSERT", "INTO", "VALUES",
         "DROP", "VACUUM", "ANALYZE", "SET", "RESET", "SHOW", "DISTKEY", "SORTKEY", "NULL", "AS", "TO",
         "'s3://b/k'", "JOIN", "ON", "LIMIT", "UNION", "ALL", "CASE", "WHEN", "THEN", "END", "::", "DATEADD",
         "GETDATE()", "ATTACH", "PRAGMA", "read_csv('/etc/passwd')", "BEGIN", "COMMIT", "ROLLBACK", "VIEW",
         "MATERIALIZED", "REFRESH", "TRUNCATE", "ALTER", "APPEND", "MERGE", "USING", "$$", "\"Q\"", "#tmp"]

_cluster = Cluster("fuzz", clock=ManualClock(1_700_000_000))
_cur = _cluster.connect(autocommit=True).cursor()
_cur.execute("CREATE TABLE t (a INT, b VARCHAR(3))")


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=12))
def test_token_soup_never_crashes(words):
    try:
        _cur.execute(" ".join(words))
    except SQLError:
        pass
    finally:
        _cur.connection.session.rollback()


@settings(max_examples=200)
@given(st.text(max_size=40))
def test_arbitrary_text_never_crashes(text):
    try:
        _cur.execute(text)
    except SQLError:
        pass
    finally:
        _cur.connection.session.rollback()
