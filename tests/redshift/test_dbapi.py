"""DB-API 2.0 behaviour of connections and cursors."""

from __future__ import annotations

import pyarrow as pa
import pytest

from awscore.redshift import dbapi
from awscore.redshift.errors import InterfaceError, ProgrammingError, SQLError


def test_module_globals():
    assert dbapi.apilevel == "2.0"
    assert dbapi.paramstyle == "named"


def test_fetch_variants(cur):
    cur.execute("CREATE TABLE t (a INT, b VARCHAR(10))")
    cur.execute("INSERT INTO t VALUES (1, 'x'), (2, 'y'), (3, 'z')")
    assert cur.rowcount == 3
    cur.execute("SELECT a, b FROM t ORDER BY a")
    assert cur.description[0][:2] == ("a", "int4")
    assert cur.description[1][:4] == ("b", "varchar", None, None) or cur.description[1][1] == "varchar"
    assert cur.fetchone() == (1, "x")
    assert cur.fetchmany(1) == [(2, "y")]
    assert cur.fetchall() == [(3, "z")]
    assert cur.fetchone() is None
    assert cur.rowcount == 3


def test_fetch_arrow_table(cur):
    cur.execute("SELECT 1 AS a UNION ALL SELECT 2")
    table = cur.fetch_arrow_table()
    assert isinstance(table, pa.Table)
    assert sorted(table.column("a").to_pylist()) == [1, 2]


def test_named_and_qmark_parameters(cur):
    cur.execute("CREATE TABLE p (id INT, name VARCHAR(20))")
    cur.execute("INSERT INTO p VALUES (:id, :name)", {"id": 1, "name": "ann"})
    cur.execute("INSERT INTO p VALUES (?, ?)", [2, "bob"])
    assert cur.execute("SELECT name FROM p WHERE id = :id", {"id": 2}).fetchall() == [("bob",)]
    with pytest.raises(SQLError):
        cur.execute("SELECT name FROM p WHERE id = :id", {"other": 2})


def test_executemany_counts_rows(cur):
    cur.execute("CREATE TABLE m (a INT)")
    cur.executemany("INSERT INTO m VALUES (:a)", [{"a": 1}, {"a": 2}, {"a": 3}])
    assert cur.rowcount == 3
    assert cur.execute("SELECT count(*) FROM m").fetchone() == (3,)


def test_fetch_without_result_set(cur):
    cur.execute("CREATE TABLE n (a INT)")
    with pytest.raises(ProgrammingError):
        cur.fetchall()


def test_closed_cursor_and_connection(conn):
    cur = conn.cursor()
    cur.close()
    with pytest.raises(InterfaceError):
        cur.execute("SELECT 1")
    conn.close()
    with pytest.raises(InterfaceError):
        conn.cursor()


def test_multiple_statements_keep_last_result(cur):
    cur.execute("CREATE TABLE s (a INT); INSERT INTO s VALUES (5); SELECT a FROM s")
    assert cur.fetchall() == [(5,)]


def test_autocommit_off_needs_commit(cluster):
    writer = cluster.connect()  # autocommit off, as redshift_connector
    reader = cluster.connect(autocommit=True)
    w = writer.cursor()
    w.execute("CREATE TABLE c (a INT)")
    w.execute("INSERT INTO c VALUES (1)")
    writer.commit()
    w.execute("INSERT INTO c VALUES (2)")
    assert reader.cursor().execute("SELECT count(*) FROM c").fetchone() == (1,)
    writer.rollback()
    assert w.execute("SELECT count(*) FROM c").fetchone() == (1,)


def test_context_manager_commits(cluster):
    with cluster.connect() as conn:
        conn.cursor().execute("CREATE TABLE cm (a INT); INSERT INTO cm VALUES (1)")
    assert cluster.execute("SELECT count(*) FROM cm").table.to_pylist() == [{"count": 1}]


def test_sum_of_integers_is_bigint_column(cur):
    cur.execute("CREATE TABLE s (a INT); INSERT INTO s VALUES (1), (2)")
    cur.execute("SELECT SUM(a), SUM(a) OVER () AS w FROM s GROUP BY a ORDER BY 1")
    assert [d[:2] for d in cur.description] == [("sum", "int8"), ("w", "int8")]


def test_explain_returns_a_plan(cur):
    cur.execute("CREATE TABLE e (a INT)")
    cur.execute("EXPLAIN SELECT a FROM e WHERE a > 1")
    assert cur.description[0][0] == "QUERY PLAN"
    assert len(cur.fetchall()) > 1


def test_prepare_execute_deallocate(cur):
    from awscore.redshift.errors import UndefinedObject

    cur.execute("CREATE TABLE t (id INT, v VARCHAR(5))")
    cur.execute("PREPARE ins (int, varchar) AS INSERT INTO t VALUES ($1, $2)")
    cur.execute("EXECUTE ins (1, 'a')")
    cur.execute("EXECUTE ins (2, 'b')")
    cur.execute("PREPARE q (int) AS SELECT v FROM t WHERE id = $1")
    assert cur.execute("EXECUTE q (2)").fetchall() == [("b",)]
    cur.execute("DEALLOCATE q")
    with pytest.raises(UndefinedObject):
        cur.execute("EXECUTE q (1)")
