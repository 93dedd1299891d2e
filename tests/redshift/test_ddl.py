"""CREATE TABLE with Redshift attributes, CTAS, temp tables, schemas, views, ALTER, DROP."""

from __future__ import annotations

import datetime as dt

import pytest

from awscore.redshift.errors import (
    DuplicateTable,
    InvalidSchemaName,
    NotNullViolation,
    SQLError,
    StringDataRightTruncation,
    SyntaxError_,
    UndefinedColumn,
    UndefinedTable,
)

KEYED = """
CREATE TABLE sales (
    id INT IDENTITY(1,1) ENCODE az64,
    region VARCHAR(MAX) NOT NULL,
    code CHAR(3),
    created TIMESTAMP DEFAULT GETDATE(),
    qty SMALLINT DEFAULT 1,
    PRIMARY KEY (id)
) DISTSTYLE KEY DISTKEY(region) COMPOUND SORTKEY(created, id) BACKUP NO
"""


def test_attributes_recorded_in_pg_table_def(cur):
    cur.execute(KEYED)
    got = cur.execute("SELECT \"column\", type, encoding, distkey, sortkey, \"notnull\" FROM pg_table_def "
                      "WHERE tablename = 'sales' ORDER BY \"column\"").fetchall()
    assert got == [
        ("code", "character(3)", "none", False, 0, False),
        ("created", "timestamp without time zone", "none", False, 1, False),
        ("id", "integer", "az64", False, 2, False),
        ("qty", "smallint", "none", False, 0, False),
        ("region", "character varying(65535)", "none", True, 0, True),
    ]
    info = cur.execute("SELECT diststyle, sortkey1, sortkey_num, tbl_rows FROM svv_table_info "
                       "WHERE \"table\" = 'sales'").fetchall()
    assert info == [("KEY(region)", "created", 2, 0)]


def test_interleaved_and_column_level_keys(cur):
    cur.execute("CREATE TABLE i (a INT DISTKEY SORTKEY, b INT) DISTSTYLE KEY")
    cur.execute("CREATE TABLE j (a INT, b INT) DISTSTYLE ALL INTERLEAVED SORTKEY(a, b) ENCODE AUTO")
    got = dict(cur.execute("SELECT \"table\", diststyle FROM svv_table_info").fetchall())
    assert got == {"i": "KEY(a)", "j": "ALL"}
    assert cur.execute("SELECT sortkey1 FROM svv_table_info WHERE \"table\" = 'j'").fetchone() == (
        "INTERLEAVED(a)",)


def test_identity_and_defaults(cur, cluster):
    cur.execute(KEYED)
    cur.execute("INSERT INTO sales (region, code) VALUES ('east', 'ab'), ('west', 'cd')")
    got = cur.execute("SELECT id, region, created, qty FROM sales ORDER BY id").fetchall()
    ids = [r[0] for r in got]
    assert ids == sorted(ids) and len(set(ids)) == 2
    assert got[0][2] == dt.datetime(2023, 11, 14, 22, 13, 20)  # GETDATE(): the clock, no fractions
    assert got[0][3] == 1


def test_not_null_enforced(cur):
    cur.execute(KEYED)
    with pytest.raises(NotNullViolation, match="Cannot insert a NULL value into column region"):
        cur.execute("INSERT INTO sales (code) VALUES ('x')")


def test_varchar_length_counts_bytes(cur):
    cur.execute("CREATE TABLE v (s VARCHAR(5))")
    cur.execute("INSERT INTO v VALUES ('abcde')")
    with pytest.raises(StringDataRightTruncation, match=r"value too long for type character varying\(5\)"):
        cur.execute("INSERT INTO v VALUES ('abcdef')")
    with pytest.raises(StringDataRightTruncation):
        cur.execute("INSERT INTO v VALUES ('ééé')")  # 6 bytes
    assert cur.execute("SELECT count(*) FROM v").fetchone() == (1,)
    assert cur.execute("SELECT sqlstate FROM (SELECT 1 AS sqlstate)").fetchone() == (1,)


def test_error_carries_sqlstate(cur):
    cur.execute("CREATE TABLE v (s VARCHAR(2))")
    with pytest.raises(StringDataRightTruncation) as info:
        cur.execute("INSERT INTO v VALUES ('abc')")
    assert info.value.sqlstate == "22001"
    with pytest.raises(UndefinedTable) as info2:
        cur.execute("SELECT * FROM nope")
    assert info2.value.sqlstate == "42P01"
    assert info2.value.message == 'relation "nope" does not exist'


def test_pk_unique_not_enforced(cur):
    cur.execute("CREATE TABLE k (id INT PRIMARY KEY, u INT UNIQUE)")
    cur.execute("INSERT INTO k VALUES (1, 1), (1, 1)")
    assert cur.execute("SELECT count(*) FROM k").fetchone() == (2,)


def test_ctas_and_select_into(cur):
    cur.execute("CREATE TABLE base (a INT, b VARCHAR(10))")
    cur.execute("INSERT INTO base VALUES (1, 'x'), (2, 'y')")
    cur.execute("CREATE TABLE c DISTKEY(a) SORTKEY(a) AS SELECT a, b FROM base WHERE a > 1")
    assert cur.execute("SELECT * FROM c").fetchall() == [(2, "y")]
    assert cur.execute("SELECT type FROM pg_table_def WHERE tablename = 'c' AND \"column\" = 'b'").fetchone() == (
        "character varying(10)",)
    cur.execute("SELECT a * 10 AS t INTO TEMP tmp FROM base")
    assert sorted(cur.execute("SELECT t FROM tmp").fetchall()) == [(10,), (20,)]


def test_like(cur):
    cur.execute(KEYED)
    cur.execute("CREATE TABLE s2 (LIKE sales)")
    assert cur.execute("SELECT count(*) FROM pg_table_def WHERE tablename = 's2'").fetchone() == (5,)
    assert cur.execute("SELECT diststyle FROM svv_table_info WHERE \"table\" = 's2'").fetchone() == ("KEY(region)",)


def test_temp_tables_are_per_session(cluster, cur):
    cur.execute("CREATE TEMP TABLE t1 (a INT)")
    cur.execute("CREATE TABLE #t2 (a INT)")
    cur.execute("INSERT INTO #t2 VALUES (1)")
    assert cur.execute("SELECT * FROM #t2").fetchall() == [(1,)]
    other = cluster.connect(autocommit=True).cursor()
    with pytest.raises(UndefinedTable):
        other.execute("SELECT * FROM t1")


def test_temp_table_shadows_permanent(cur):
    cur.execute("CREATE TABLE s (a INT); INSERT INTO s VALUES (1)")
    cur.execute("CREATE TEMP TABLE s (a INT); INSERT INTO s VALUES (2)")
    assert cur.execute("SELECT a FROM s").fetchall() == [(2,)]
    assert cur.execute("SELECT a FROM public.s").fetchall() == [(1,)]


def test_schemas_and_search_path(cur):
    cur.execute("CREATE SCHEMA sales_s")
    cur.execute("CREATE TABLE sales_s.t (a INT); INSERT INTO sales_s.t VALUES (7)")
    with pytest.raises(UndefinedTable):
        cur.execute("SELECT * FROM t")
    cur.execute("SET search_path TO sales_s, public")
    assert cur.execute("SELECT * FROM t").fetchall() == [(7,)]
    assert cur.execute("SHOW search_path").fetchall() == [("sales_s, public",)]
    with pytest.raises(InvalidSchemaName, match='schema "nosuch" does not exist'):
        cur.execute("SELECT * FROM nosuch.t")
    with pytest.raises(InvalidSchemaName):
        cur.execute("CREATE TABLE nosuch.t (a INT)")


def test_duplicate_table(cur):
    cur.execute("CREATE TABLE d (a INT)")
    with pytest.raises(DuplicateTable, match='relation "d" already exists'):
        cur.execute("CREATE TABLE d (a INT)")
    cur.execute("CREATE TABLE IF NOT EXISTS d (a INT)")


def test_views_inline_and_late_binding(cur):
    cur.execute("CREATE TABLE b (a INT, b INT); INSERT INTO b VALUES (1, 2), (3, 4)")
    cur.execute("CREATE VIEW v AS SELECT a + b AS s FROM b")
    assert sorted(cur.execute("SELECT s FROM v").fetchall()) == [(3,), (7,)]
    cur.execute("CREATE VIEW v2 (x) AS SELECT s * 2 FROM v")
    assert sorted(cur.execute("SELECT x FROM v2").fetchall()) == [(6,), (14,)]
    with pytest.raises(UndefinedTable):
        cur.execute("CREATE VIEW bad AS SELECT * FROM missing")
    cur.execute("CREATE VIEW lb AS SELECT * FROM later WITH NO SCHEMA BINDING")
    cur.execute("CREATE TABLE later (z INT); INSERT INTO later VALUES (9)")
    assert cur.execute("SELECT z FROM lb").fetchall() == [(9,)]
    cur.execute("CREATE OR REPLACE VIEW v AS SELECT a FROM b WHERE a > 1")
    assert cur.execute("SELECT * FROM v").fetchall() == [(3,)]
    cur.execute("DROP VIEW v2")
    with pytest.raises(UndefinedTable):
        cur.execute("SELECT * FROM v2")


def test_alter_table(cur):
    cur.execute("CREATE TABLE a (x INT); INSERT INTO a VALUES (1)")
    cur.execute("ALTER TABLE a ADD COLUMN y VARCHAR(3) DEFAULT 'z'")
    assert cur.execute("SELECT * FROM a").fetchall() == [(1, "z")]
    cur.execute("ALTER TABLE a RENAME COLUMN y TO w")
    cur.execute("ALTER TABLE a ALTER COLUMN w TYPE VARCHAR(10)")
    cur.execute("INSERT INTO a VALUES (2, 'abcdefghij')")
    cur.execute("ALTER TABLE a DROP COLUMN w")
    cur.execute("ALTER TABLE a RENAME TO a2")
    assert sorted(cur.execute("SELECT * FROM a2").fetchall()) == [(1,), (2,)]
    with pytest.raises(UndefinedColumn):
        cur.execute("ALTER TABLE a2 DROP COLUMN nope")


def test_alter_table_append_moves_rows(cur):
    cur.execute("CREATE TABLE tgt (a INT, b VARCHAR(5)); INSERT INTO tgt VALUES (1, 'a')")
    cur.execute("CREATE TABLE src (a INT, b VARCHAR(5)); INSERT INTO src VALUES (2, 'b'), (3, 'c')")
    cur.execute("ALTER TABLE tgt APPEND FROM src")
    assert cur.execute("SELECT count(*) FROM tgt").fetchone() == (3,)
    assert cur.execute("SELECT count(*) FROM src").fetchone() == (0,)


def test_truncate_and_drop(cur):
    cur.execute("CREATE TABLE t (a INT); INSERT INTO t VALUES (1)")
    cur.execute("TRUNCATE t")
    assert cur.execute("SELECT count(*) FROM t").fetchone() == (0,)
    cur.execute("DROP TABLE t")
    cur.execute("DROP TABLE IF EXISTS t")
    with pytest.raises(UndefinedTable, match='table "t" does not exist'):
        cur.execute("DROP TABLE t")


def test_merge_update_delete(cur):
    cur.execute("CREATE TABLE tgt (id INT, v INT); INSERT INTO tgt VALUES (1, 10), (2, 20)")
    cur.execute("CREATE TABLE src (id INT, v INT); INSERT INTO src VALUES (2, 200), (3, 300)")
    cur.execute("MERGE INTO tgt USING src ON tgt.id = src.id "
                "WHEN MATCHED THEN UPDATE SET v = src.v WHEN NOT MATCHED THEN INSERT VALUES (src.id, src.v)")
    assert cur.execute("SELECT * FROM tgt ORDER BY id").fetchall() == [(1, 10), (2, 200), (3, 300)]
    cur.execute("UPDATE tgt SET v = src.v + 1 FROM src WHERE tgt.id = src.id")
    cur.execute("DELETE FROM tgt USING src WHERE tgt.id = src.id AND src.v = 300")
    assert cur.execute("SELECT * FROM tgt ORDER BY id").fetchall() == [(1, 10), (2, 201)]
    cur.execute("INSERT INTO tgt VALUES (4)")  # trailing columns take their defaults
    assert cur.execute("SELECT v FROM tgt WHERE id = 4").fetchone() == (None,)


def test_syntax_error(cur):
    with pytest.raises(SyntaxError_, match="syntax error at or near"):
        cur.execute("SELEC 1")


def test_char_values_stored_without_trailing_blanks(cur):
    cur.execute("CREATE TABLE f (c CHAR(5), v VARCHAR(5), n INT)")
    cur.execute("INSERT INTO f VALUES ('ab   ', 'ab  ', 1)")
    cur.execute("INSERT INTO f (c, n) SELECT 'xy  ', 2")
    cur.execute("UPDATE f SET c = 'up   ' WHERE n = 1")
    assert cur.execute("SELECT c, LEN(c), LEN(v) FROM f ORDER BY n").fetchall() == [("up", 2, 4), ("xy", 2, None)]
    assert cur.execute("SELECT count(*) FROM f WHERE c = 'xy   '::CHAR(5)").fetchone() == (1,)


def test_comments_lock_and_databases(cluster, cur):
    cur.execute("CREATE TABLE t (a INT)")
    cur.execute("COMMENT ON TABLE t IS 'facts'")
    cur.execute("COMMENT ON COLUMN t.a IS 'the a'")
    assert cur.execute("SELECT remarks FROM svv_tables WHERE table_name = 't'").fetchone() == ("facts",)
    assert cur.execute("SELECT remarks FROM svv_columns WHERE table_name = 't'").fetchone() == ("the a",)
    cur.execute("LOCK t")
    with pytest.raises(UndefinedTable):
        cur.execute("LOCK nope")
    cur.execute("CREATE DATABASE other")
    other = cluster.connect(database="other", autocommit=True).cursor()
    with pytest.raises(UndefinedTable):
        other.execute("SELECT * FROM t")  # databases do not share tables
    other.connection.close()
    cur.execute("DROP DATABASE other")
    with pytest.raises(SQLError):
        cur.execute("DROP DATABASE dev")


def test_identity_seed_zero_and_negative_step(cur):
    cur.execute("CREATE TABLE z (id BIGINT IDENTITY(0,1), v INT)")
    cur.execute("CREATE TABLE d (id INT IDENTITY(10,-5), v INT)")
    cur.execute("INSERT INTO z (v) VALUES (1), (2)")
    cur.execute("INSERT INTO d (v) VALUES (1), (2)")
    assert cur.execute("SELECT id FROM z ORDER BY id").fetchall() == [(0,), (1,)]
    assert cur.execute("SELECT id FROM d ORDER BY v").fetchall() == [(10,), (5,)]


def test_ctas_column_names(cur):
    cur.execute("CREATE TABLE src (a INT, b VARCHAR(3)); INSERT INTO src VALUES (1, 'x')")
    cur.execute("CREATE TABLE dst (x, y) DISTKEY(x) AS SELECT a, b FROM src")
    assert [d[0] for d in cur.execute("SELECT * FROM dst").description] == ["x", "y"]
    assert cur.execute("SELECT diststyle FROM svv_table_info WHERE \"table\" = 'dst'").fetchone() == ("KEY(x)",)
