"""Scalar SQL UDFs expanded into the query tree."""

from __future__ import annotations

import pytest

from awscore.redshift.errors import DuplicateObject, FeatureNotSupported, UndefinedFunction


def test_sql_udfs(cur):
    cur.execute("CREATE OR REPLACE FUNCTION f_add(int, int) RETURNS int STABLE AS $$ SELECT $1 + $2 $$ LANGUAGE sql")
    cur.execute("CREATE FUNCTION f_twice(int) RETURNS int IMMUTABLE AS $$ SELECT f_add($1, $1) $$ LANGUAGE sql")
    cur.execute("CREATE TABLE n (a INT); INSERT INTO n VALUES (4)")
    assert cur.execute("SELECT f_add(a, 1), f_twice(a), f_add(7, 0) / 2 FROM n").fetchall() == [(5, 8, 3)]
    assert cur.description[0][0] == "f_add"
    with pytest.raises(DuplicateObject):
        cur.execute("CREATE FUNCTION f_add(int, int) RETURNS int STABLE AS $$ SELECT $1 $$ LANGUAGE sql")
    cur.execute("DROP FUNCTION f_twice(int)")
    with pytest.raises(UndefinedFunction):
        cur.execute("SELECT f_twice(1)")


def test_python_udfs_and_procedures_fail_loudly(cur):
    with pytest.raises(FeatureNotSupported):
        cur.execute("CREATE FUNCTION f_py(int) RETURNS int STABLE AS $$ return 1 $$ LANGUAGE plpythonu")
    with pytest.raises(FeatureNotSupported):
        cur.execute("CREATE PROCEDURE p() AS $$ BEGIN NULL; END; $$ LANGUAGE plpgsql")


def test_udf_body_cannot_escape_the_allow_list(cur):
    cur.execute("CREATE FUNCTION f_evil(int) RETURNS int STABLE AS $$ SELECT read_csv('/etc/passwd') $$ "
                "LANGUAGE sql")
    with pytest.raises(UndefinedFunction):
        cur.execute("SELECT f_evil(1)")
