"""SQL results checked against Redshift's documentation: result types, labels, NULL order, error texts."""

from __future__ import annotations

import pytest

from awscore.redshift.errors import SQLError


def q(cur, sql):
    cur.execute(sql)
    return cur.fetchall(), [(d[0], d[1]) for d in cur.description]


@pytest.fixture
def t(cur):
    cur.execute("CREATE TABLE t (a INT NOT NULL, b VARCHAR(5), d DATE)")
    cur.execute("INSERT INTO t VALUES (1, 'x', '2024-01-15'), (2, NULL, NULL), (3, 'y', '2024-03-01')")
    return cur


def test_aggregate_types(t):
    rows, desc = q(t, "SELECT COUNT(*), SUM(a), AVG(a), MAX(b) FROM t")
    assert rows == [(3, 6, 2, "y")]
    assert [ty for _, ty in desc] == ["int8", "int8", "int8", "varchar"]
    assert [n for n, _ in desc] == ["count", "sum", "avg", "max"]


def test_nulls_last_ascending_first_descending(t):
    assert q(t, "SELECT b FROM t ORDER BY b")[0] == [("x",), ("y",), (None,)]
    assert q(t, "SELECT b FROM t ORDER BY b DESC")[0] == [(None,), ("y",), ("x",)]


def test_string_function_types_are_integer(cur):
    rows, desc = q(cur, "SELECT LEN('abc'), LENGTH('ab'), CHAR_LENGTH('a'), POSITION('l' IN 'hello'), "
                        "CHARINDEX('l', 'hello'), STRPOS('hello', 'l')")
    assert rows == [(3, 2, 1, 3, 3, 3)]
    assert {ty for _, ty in desc} == {"int4"}


def test_extract_is_integer_and_date_part_double(t):
    rows, desc = q(t, "SELECT EXTRACT(month FROM d), DATE_PART(month, d), DATE_PART('year', d) FROM t WHERE a = 1")
    assert rows == [(1, 1.0, 2024.0)]
    assert desc == [("date_part", "int4"), ("pgdate_part", "float8"), ("pgdate_part", "float8")]


def test_within_group_labels(t):
    _, desc = q(t, "SELECT LISTAGG(b, ',') WITHIN GROUP (ORDER BY b), "
                   "PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY a) FROM t")
    assert [n for n, _ in desc] == ["listagg", "percentile_cont"]


def test_labels_fold_to_lower_case(cur):
    _, desc = q(cur, 'SELECT 1 AS MyCol, 2 AS "Quoted", 3')
    assert [n for n, _ in desc] == ["mycol", "quoted", "?column?"]


@pytest.mark.parametrize("sql, message, sqlstate", [
    ("SELECT * FROM missing", 'relation "missing" does not exist', "42P01"),
    ("SELECT nope FROM t", 'column "nope" does not exist in t', "42703"),
    ("SELECT x.*, oid AS oid FROM t AS x", 'column "oid" does not exist in x', "42703"),
    ("SELECT t.nope FROM t", "column t.nope does not exist", "42703"),
    ("SELECT a2 + 1 AS a2x", 'column "a2" does not exist', "42703"),
    ("SELECT 1/0", "division by zero", "22012"),
    ("SELECT 'abc'::INT", 'invalid input syntax for integer: "abc"', "22P02"),
    ("SELECT b::INT FROM t", 'invalid input syntax for integer: "x"', "22P02"),
    ("INSERT INTO t VALUES (4, 'toolong', NULL)", "value too long for type character varying(5)", "22001"),
    ("CREATE TABLE t (x INT)", 'relation "t" already exists', "42P07"),
    ("SELECT 2147483647 + 1", "integer out of range", "22003"),
    ("SELECT 9223372036854775807::BIGINT + 1", "bigint out of range", "22003"),
    ("SELECT CAST(99999 AS NUMERIC(4,0))", "Numeric data overflow (result precision)", "22003"),
    ("SELECT CAST('2024-13-01' AS DATE)", 'date/time field value out of range: "2024-13-01"', "22008"),
    ("SELECT 'a' + 1", 'invalid input syntax for integer: "a"', "22P02"),
])
def test_error_texts_and_sqlstates(t, sql, message, sqlstate):
    with pytest.raises(SQLError) as info:
        t.execute(sql)
    assert info.value.message == message
    assert info.value.sqlstate == sqlstate


def test_quoted_literal_in_arithmetic_takes_the_other_type(cur):
    rows, desc = q(cur, "SELECT '1' + 1, 1 - '1', '10' / 3")
    assert rows == [(2, 0, 3)]
    assert {ty for _, ty in desc} == {"int4"}


def test_documented_labels_of_folded_functions(cur):
    _, desc = q(cur, "SELECT SYSDATE, CURRENT_DATE, GETDATE(), TRUNC(SYSDATE), LEN('a'), CHARINDEX('a', 'b'), "
                     "STRPOS('a', 'b'), BTRIM(' a '), DATEADD(day, 1, '2024-01-01'::DATE), "
                     "ADD_MONTHS('2024-01-31'::DATE, 1), LENGTH('a'), POSITION('a' IN 'b')")
    assert [n for n, _ in desc] == ["timestamp", "date", "getdate", "trunc", "len", "charindex", "strpos", "btrim",
                                    "date_add", "add_months", "length", "position"]
    assert [t for _, t in desc][:2] == ["timestamp", "date"]


def test_median_of_integers_is_decimal(cur):
    cur.execute("CREATE TABLE w (s INT, q INT)")
    cur.execute("INSERT INTO w VALUES (1, 10), (1, 10), (1, 30), (3, 10), (3, 15), (3, 20)")
    rows, desc = q(cur, "SELECT s, MEDIAN(q) FROM w GROUP BY s ORDER BY s")
    assert [(s, str(m)) for s, m in rows] == [(1, "10.0"), (3, "15.0")]
    assert desc[1] == ("median", "numeric")
