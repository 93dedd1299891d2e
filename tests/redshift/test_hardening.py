"""User SQL can reach nothing outside the warehouse."""

from __future__ import annotations

import pytest

from awscore.redshift.errors import SQLError, SyntaxError_, UndefinedFunction, UndefinedTable

REFUSED = [
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT read_csv('/etc/passwd')",
    "SELECT * FROM read_parquet('/tmp/x.parquet')",
    "SELECT * FROM glob('/etc/*')",
    "SELECT * FROM duckdb_tables()",
    "SELECT duckdb_tables()",
    "SELECT * FROM duckdb_settings()",
    "ATTACH ':memory:' AS x",
    "ATTACH DATABASE '/tmp/x.db' AS x",
    "PRAGMA version",
    "INSTALL httpfs",
    "LOAD httpfs",
    "COPY (SELECT 1) TO '/tmp/out.csv'",
    "EXPORT DATABASE '/tmp/x'",
    "SELECT * FROM information_schema.key_column_usage",
    "SELECT * FROM pg_catalog.pg_settings",
    "SELECT * FROM main.sqlite_master",
    "SELECT * FROM temp.main.x",
    "SELECT * FROM memory.main.x",
    "SELECT getenv('HOME')",
    "SELECT current_setting('access_mode')",
    "DETACH x",
    "CALL pragma_version()",
    "SELECT * FROM rs_sys__pg_user",
]


@pytest.mark.parametrize("sql", REFUSED)
def test_refused(cur, sql):
    with pytest.raises(SQLError) as info:
        cur.execute(sql)
    assert isinstance(info.value, (UndefinedFunction, UndefinedTable, SyntaxError_, SQLError))


def test_read_csv_error_text(cur):
    with pytest.raises(UndefinedFunction, match="function read_csv does not exist"):
        cur.execute("SELECT * FROM read_csv('/etc/passwd')")


def test_set_does_not_reach_duckdb(cur):
    cur.execute("SET enable_external_access = true")  # recorded as a session setting only
    with pytest.raises(SQLError):
        cur.execute("SELECT * FROM read_csv('/etc/passwd')")
