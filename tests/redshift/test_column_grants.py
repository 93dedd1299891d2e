"""Column-level GRANT SELECT / UPDATE, WITH GRANT OPTION, views with the owner's rights."""

from __future__ import annotations

import pytest

from awscore.redshift.errors import InsufficientPrivilege, InvalidGrantOperation, UndefinedColumn

DENIED = "permission denied for relation t"


@pytest.fixture
def bob(cluster, cur):
    cur.execute("CREATE USER bob PASSWORD 'Abcdefg1'")
    cur.execute("CREATE TABLE t (id INT, name VARCHAR(10), salary INT)")
    cur.execute("INSERT INTO t VALUES (1, 'ann', 100), (2, 'ben', 200)")
    cur.execute("GRANT SELECT (id, name) ON t TO bob")
    conn = cluster.connect(user="bob", autocommit=True)
    yield conn.cursor()
    conn.close()


def test_granted_columns_are_readable(bob):
    assert bob.execute("SELECT id, name FROM t ORDER BY id").fetchall() == [(1, "ann"), (2, "ben")]
    assert bob.execute("SELECT count(*) FROM t").fetchone() == (2,)
    assert bob.execute("SELECT x.name FROM t AS x WHERE x.id = 2").fetchall() == [("ben",)]


@pytest.mark.parametrize("sql", [
    "SELECT * FROM t",
    "SELECT t.* FROM t",
    "SELECT id FROM t WHERE salary > 150",
    "SELECT id FROM t ORDER BY salary",
    "SELECT a.id FROM t a JOIN t b ON a.salary = b.salary",
    "SELECT id FROM t GROUP BY id HAVING max(salary) > 0",
    "SELECT (SELECT max(salary) FROM t) AS m",
    "SELECT id FROM t WHERE id IN (SELECT id FROM t WHERE salary > 0)",
    "SELECT id FROM t o WHERE EXISTS (SELECT 1 FROM t i WHERE i.id = o.id AND o.salary > 0)",
    "WITH c AS (SELECT salary AS s FROM t) SELECT s FROM c",
    "SELECT * FROM (SELECT * FROM t) d",
    "SELECT id FROM t UNION SELECT salary FROM t",
    "SELECT sum(salary) OVER () FROM t",
])
def test_any_touch_of_an_ungranted_column_is_refused(bob, sql):
    with pytest.raises(InsufficientPrivilege, match=DENIED) as info:
        bob.execute(sql)
    assert info.value.sqlstate == "42501"


def test_column_update_grants(cur, bob):
    cur.execute("GRANT UPDATE (name) ON t TO bob")
    bob.execute("UPDATE t SET name = 'zed' WHERE id = 1")
    assert bob.execute("SELECT name FROM t WHERE id = 1").fetchall() == [("zed",)]
    with pytest.raises(InsufficientPrivilege, match=DENIED):
        bob.execute("UPDATE t SET salary = 0")
    with pytest.raises(InsufficientPrivilege, match=DENIED):
        bob.execute("UPDATE t SET name = 'x' WHERE salary > 0")  # WHERE reads an ungranted column
    with pytest.raises(UndefinedColumn):
        cur.execute("GRANT SELECT (nope) ON t TO bob")


def test_revoke_column_and_table_grants(cur, bob):
    cur.execute("REVOKE SELECT (name) ON t FROM bob")
    assert bob.execute("SELECT id FROM t ORDER BY id").fetchall() == [(1,), (2,)]
    with pytest.raises(InsufficientPrivilege):
        bob.execute("SELECT name FROM t")
    cur.execute("GRANT SELECT ON t TO bob")
    assert len(bob.execute("SELECT * FROM t").fetchall()) == 2
    cur.execute("REVOKE SELECT ON t FROM bob")
    with pytest.raises(InsufficientPrivilege):
        bob.execute("SELECT id FROM t")


def test_with_grant_option(cluster, cur, bob):
    cur.execute("CREATE USER cat PASSWORD 'Abcdefg1'")
    cur.execute("CREATE USER dan PASSWORD 'Abcdefg1'")
    cur.execute("CREATE TABLE g (a INT)")
    cur.execute("GRANT SELECT ON g TO cat WITH GRANT OPTION")
    cat = cluster.connect(user="cat", autocommit=True).cursor()
    cat.execute("GRANT SELECT ON g TO dan")
    dan = cluster.connect(user="dan", autocommit=True).cursor()
    assert dan.execute("SELECT * FROM g").fetchall() == []
    with pytest.raises(InsufficientPrivilege, match="permission denied for relation g"):
        cat.execute("GRANT INSERT ON g TO dan")
    with pytest.raises(InsufficientPrivilege):
        bob.execute("GRANT SELECT (id) ON t TO dan")  # bob holds no grant option
    cur.execute("REVOKE GRANT OPTION FOR SELECT ON g FROM cat")
    assert cat.execute("SELECT * FROM g").fetchall() == []
    with pytest.raises(InsufficientPrivilege):
        cat.execute("GRANT SELECT ON g TO bob")
    with pytest.raises(InvalidGrantOperation):
        cur.execute("GRANT SELECT ON g TO PUBLIC WITH GRANT OPTION")


def test_all_tables_in_schema(cluster, cur, bob):
    cur.execute("CREATE SCHEMA s")
    cur.execute("CREATE TABLE s.a (x INT); CREATE TABLE s.b (y INT)")
    cur.execute("GRANT USAGE ON SCHEMA s TO bob")
    cur.execute("GRANT SELECT ON ALL TABLES IN SCHEMA s TO bob")
    assert bob.execute("SELECT count(*) FROM s.a JOIN s.b ON x = y").fetchone() == (0,)
    cur.execute("REVOKE SELECT ON ALL TABLES IN SCHEMA s FROM bob")
    with pytest.raises(InsufficientPrivilege, match="permission denied for relation a"):
        bob.execute("SELECT * FROM s.a")
    cur.execute("REVOKE USAGE ON SCHEMA s FROM bob")
    with pytest.raises(InsufficientPrivilege, match="permission denied for schema s"):
        bob.execute("SELECT * FROM s.a")


def test_views_check_base_tables_as_the_view_owner(cluster, cur, bob):
    cur.execute("CREATE USER vo PASSWORD 'Abcdefg1'")
    cur.execute("CREATE TABLE base (a INT); INSERT INTO base VALUES (1)")
    cur.execute("GRANT SELECT ON base TO vo")
    cur.execute("GRANT CREATE ON SCHEMA public TO vo")
    vo = cluster.connect(user="vo", autocommit=True).cursor()
    vo.execute("CREATE VIEW v AS SELECT a FROM base")
    vo.execute("CREATE VIEW vv AS SELECT * FROM v")
    vo.execute("GRANT SELECT ON vv TO bob")
    assert bob.execute("SELECT * FROM vv").fetchall() == [(1,)]  # bob has nothing on base or v
    with pytest.raises(InsufficientPrivilege, match="permission denied for relation base"):
        bob.execute("SELECT * FROM base")
    cur.execute("REVOKE SELECT ON base FROM vo")  # the owner loses access: so does the view
    with pytest.raises(InsufficientPrivilege, match="permission denied for relation base"):
        bob.execute("SELECT * FROM vv")


def test_ctas_and_select_into_check_the_query(cur, bob):
    cur.execute("GRANT CREATE ON SCHEMA public TO bob")
    with pytest.raises(InsufficientPrivilege, match=DENIED):
        bob.execute("CREATE TABLE copy1 AS SELECT * FROM t")
    with pytest.raises(InsufficientPrivilege, match=DENIED):
        bob.execute("SELECT salary INTO copy2 FROM t")
    bob.execute("CREATE TABLE copy3 AS SELECT id, name FROM t")
    assert bob.execute("SELECT count(*) FROM copy3").fetchone() == (2,)
