"""Materialized views, VACUUM / ANALYZE, query_group and the system relations that show them."""

from __future__ import annotations

import pytest

from awscore.redshift.errors import SQLError, UndefinedTable


def test_materialized_view_staleness_and_refresh(cur):
    cur.execute("CREATE TABLE s (region VARCHAR(10), qty INT)")
    cur.execute("INSERT INTO s VALUES ('e', 1), ('e', 2), ('w', 5)")
    cur.execute("CREATE MATERIALIZED VIEW mv BACKUP NO DISTKEY(region) SORTKEY(region) AS "
                "SELECT region, SUM(qty) AS total FROM s GROUP BY region")
    assert sorted(cur.execute("SELECT * FROM mv").fetchall()) == [("e", 3), ("w", 5)]
    assert cur.execute("SELECT name, is_stale, autorefresh FROM stv_mv_info").fetchall() == [("mv", "f", 0)]
    cur.execute("INSERT INTO s VALUES ('w', 1)")
    assert cur.execute("SELECT is_stale FROM stv_mv_info").fetchone() == ("t",)
    assert sorted(cur.execute("SELECT * FROM mv").fetchall()) == [("e", 3), ("w", 5)]  # not refreshed yet
    cur.execute("REFRESH MATERIALIZED VIEW mv")
    assert sorted(cur.execute("SELECT * FROM mv").fetchall()) == [("e", 3), ("w", 6)]
    assert cur.execute("SELECT is_stale FROM stv_mv_info").fetchone() == ("f",)
    cur.execute("DROP MATERIALIZED VIEW mv")
    with pytest.raises(UndefinedTable):
        cur.execute("SELECT * FROM mv")


def test_auto_refresh_after_commit(cluster, cur):
    cur.execute("CREATE TABLE s (qty INT); INSERT INTO s VALUES (1)")
    cur.execute("CREATE MATERIALIZED VIEW mv AUTO REFRESH YES AS SELECT SUM(qty) AS t FROM s")
    cur.execute("BEGIN; INSERT INTO s VALUES (2)")
    other = cluster.connect(autocommit=True).cursor()
    assert other.execute("SELECT t FROM mv").fetchone() == (1,)
    cur.execute("COMMIT")
    assert other.execute("SELECT t FROM mv").fetchone() == (3,)
    cur.execute("ALTER MATERIALIZED VIEW mv AUTO REFRESH NO")
    cur.execute("INSERT INTO s VALUES (4)")
    assert other.execute("SELECT t FROM mv").fetchone() == (3,)


def test_mv_cannot_be_modified(cur):
    cur.execute("CREATE TABLE s (a INT)")
    cur.execute("CREATE MATERIALIZED VIEW mv AS SELECT a FROM s")
    with pytest.raises(SQLError):
        cur.execute("INSERT INTO mv VALUES (1)")


def test_vacuum_and_analyze_recorded(cur):
    cur.execute("CREATE TABLE t (a INT); INSERT INTO t VALUES (1), (2)")
    cur.execute("VACUUM FULL t TO 75 PERCENT BOOST")
    cur.execute("VACUUM DELETE ONLY t")
    cur.execute("VACUUM REINDEX t")
    cur.execute("ANALYZE t (a)")
    cur.execute("ANALYZE COMPRESSION t")
    cur.execute("ANALYZE t PREDICATE COLUMNS")
    vac = cur.execute("SELECT status, rows, threshold_percent FROM stl_vacuum ORDER BY eventtime").fetchall()
    assert vac == [("FULL BOOST", 2, 75), ("DELETE ONLY", 2, 95), ("REINDEX", 2, 95)]
    assert cur.execute("SELECT count(*) FROM stl_analyze").fetchone() == (3,)
    with pytest.raises(SQLError):
        cur.execute("VACUUM SORT t")


def test_query_group_labels_queries(cur):
    cur.execute("SET query_group TO 'etl'")
    cur.execute("SELECT 1")
    cur.execute("RESET query_group")
    cur.execute("SELECT 2")
    rows = cur.execute("SELECT trim(querytxt), label FROM stl_query WHERE querytxt LIKE 'SELECT _' "
                       "ORDER BY query").fetchall()
    assert rows == [("SELECT 1", "etl"), ("SELECT 2", "default")]
    hist = cur.execute("SELECT query_label FROM sys_query_history WHERE query_text = 'SELECT 1'").fetchall()
    assert hist == [("etl",)]
    assert cur.execute("SHOW query_group").fetchone() == ("default",)


def test_regular_users_see_only_their_rows(cluster, cur):
    cur.execute("CREATE USER bob PASSWORD 'Abcdefg1'")
    cur.execute("SELECT 'by awsuser'")
    bob = cluster.connect(user="bob", autocommit=True).cursor()
    bob.execute("SELECT 'by bob'")
    mine = [r[0] for r in bob.execute("SELECT querytxt FROM stl_query").fetchall()]
    assert "SELECT 'by bob'" in mine and "SELECT 'by awsuser'" not in mine
    everyone = [r[0] for r in cur.execute("SELECT querytxt FROM stl_query").fetchall()]
    assert "SELECT 'by bob'" in everyone


def test_system_relations(cur):
    cur.execute("CREATE SCHEMA s2")
    cur.execute("CREATE TABLE s2.x (a INT NOT NULL, b VARCHAR(7) DEFAULT 'z')")
    cur.execute("CREATE VIEW s2.vx AS SELECT a FROM s2.x")
    assert cur.execute("SELECT table_name, table_type FROM svv_tables WHERE table_schema = 's2' "
                       "ORDER BY 1").fetchall() == [("vx", "VIEW"), ("x", "BASE TABLE")]
    cols = cur.execute("SELECT column_name, data_type, character_maximum_length, is_nullable, column_default "
                       "FROM information_schema.columns WHERE table_name = 'x' ORDER BY ordinal_position").fetchall()
    assert cols == [("a", "integer", None, "NO", None), ("b", "character varying", 7, "YES", "'z'")]
    assert ("awsuser", True) in cur.execute("SELECT usename, usesuper FROM pg_user").fetchall()
    assert ("s2",) in cur.execute("SELECT nspname FROM pg_namespace").fetchall()
    assert cur.execute("SELECT count(*) FROM svv_table_info WHERE \"schema\" = 's2'").fetchone() == (1,)


def test_pg_catalog_found_before_user_tables(cur):
    cur.execute("CREATE TABLE stl_query (a INT)")
    assert "querytxt" in [d[0] for d in cur.execute("SELECT * FROM stl_query").description]
    assert cur.execute("SELECT count(*) FROM public.stl_query").fetchone() == (0,)


def test_current_user_and_session_authorization(cluster, cur):
    cur.execute("CREATE USER ann PASSWORD 'Abcdefg1'")
    cur.execute("SET SESSION AUTHORIZATION 'ann'")
    assert cur.execute("SELECT current_user").fetchone() == ("ann",)
    cur.execute("RESET SESSION AUTHORIZATION")
    assert cur.execute("SELECT current_user").fetchone() == ("awsuser",)


def test_getdate_follows_the_injected_clock(cluster, cur):
    before = cur.execute("SELECT GETDATE()").fetchone()[0]
    cluster.clock.advance(3600)
    after = cur.execute("SELECT GETDATE()").fetchone()[0]
    assert (after - before).total_seconds() == 3600


def test_show_objects(cur):
    cur.execute("CREATE TABLE t (a INT NOT NULL, b VARCHAR(3) DEFAULT 'x')")
    assert ("dev",) == cur.execute("SHOW DATABASES").fetchone()[:1]
    assert cur.execute("SHOW TABLES FROM SCHEMA dev.public").fetchall() == [("dev", "public", "t", "TABLE")]
    cols = cur.execute("SHOW COLUMNS FROM TABLE dev.public.t").fetchall()
    assert [(c[3], c[6], c[7]) for c in cols] == [("a", "NO", "integer"), ("b", "YES", "character varying(3)")]


def test_catalog_views_for_tools(cur):
    cur.execute("CREATE SCHEMA s3x; CREATE TABLE s3x.t (a INT); CREATE VIEW s3x.v AS SELECT a FROM s3x.t")
    assert cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = 's3x'").fetchall() == [("t",)]
    assert cur.execute("SELECT viewname FROM pg_views WHERE schemaname = 's3x'").fetchall() == [("v",)]
    assert ("s3x",) in cur.execute("SELECT schema_name FROM information_schema.schemata").fetchall()
