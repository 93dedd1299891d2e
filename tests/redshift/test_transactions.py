"""Transactions: BEGIN / COMMIT / ROLLBACK, session isolation, DDL rolled back with the data."""

from __future__ import annotations

import pytest

from awscore.redshift.errors import ActiveSqlTransaction, InvalidTransactionState, UndefinedTable


@pytest.fixture
def other(cluster):
    conn = cluster.connect(autocommit=True)
    yield conn.cursor()
    conn.close()


def test_uncommitted_rows_invisible_to_other_sessions(cur, other):
    cur.execute("CREATE TABLE t (a INT)")
    cur.execute("BEGIN")
    cur.execute("INSERT INTO t VALUES (1)")
    assert cur.execute("SELECT count(*) FROM t").fetchone() == (1,)
    assert other.execute("SELECT count(*) FROM t").fetchone() == (0,)
    cur.execute("COMMIT")
    assert other.execute("SELECT count(*) FROM t").fetchone() == (1,)


def test_rollback_discards_rows(cur):
    cur.execute("CREATE TABLE t (a INT)")
    cur.execute("BEGIN; INSERT INTO t VALUES (1); ROLLBACK")
    assert cur.execute("SELECT count(*) FROM t").fetchone() == (0,)


def test_end_transaction_commits(cur, other):
    cur.execute("CREATE TABLE t (a INT)")
    cur.execute("START TRANSACTION; INSERT INTO t VALUES (1); END TRANSACTION")
    assert other.execute("SELECT count(*) FROM t").fetchone() == (1,)


def test_rollback_undoes_ddl_in_catalog(cur):
    cur.execute("BEGIN")
    cur.execute("CREATE TABLE gone (a INT)")
    cur.execute("INSERT INTO gone VALUES (1)")
    cur.execute("ROLLBACK")
    with pytest.raises(UndefinedTable):
        cur.execute("SELECT * FROM gone")
    cur.execute("CREATE TABLE gone (b INT)")  # the name is free again
    cur.execute("CREATE TABLE keep (a INT)")
    cur.execute("BEGIN; DROP TABLE keep; ROLLBACK")
    assert cur.execute("SELECT count(*) FROM keep").fetchone() == (0,)


def test_error_aborts_transaction_until_rollback(cur):
    cur.execute("CREATE TABLE t (a INT)")
    cur.execute("BEGIN")
    with pytest.raises(UndefinedTable):
        cur.execute("SELECT * FROM missing")
    with pytest.raises(InvalidTransactionState):
        cur.execute("INSERT INTO t VALUES (1)")
    cur.execute("ROLLBACK")
    cur.execute("INSERT INTO t VALUES (1)")
    assert cur.execute("SELECT count(*) FROM t").fetchone() == (1,)


def test_vacuum_refused_in_transaction(cur):
    cur.execute("CREATE TABLE t (a INT)")
    cur.execute("BEGIN")
    with pytest.raises(ActiveSqlTransaction, match="VACUUM cannot run inside a transaction block"):
        cur.execute("VACUUM t")
    cur.execute("ROLLBACK")
    cur.execute("VACUUM SORT ONLY t TO 75 PERCENT")
    assert cur.execute("SELECT status, threshold_percent FROM stl_vacuum").fetchall() == [("SORT ONLY", 75)]
