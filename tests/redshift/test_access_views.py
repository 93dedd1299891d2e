"""SVV views of users, roles, grants, RLS and masking."""

from __future__ import annotations

import json


def _rows(cur, sql):
    return cur.execute(sql).fetchall()


def test_user_info_and_roles(cur):
    cur.execute("CREATE USER bob PASSWORD 'Abcdefg1' CREATEDB CONNECTION LIMIT 4")
    cur.execute("CREATE ROLE analyst; CREATE ROLE lead; GRANT ROLE analyst TO ROLE lead; GRANT ROLE lead TO bob")
    assert _rows(cur, "SELECT user_name, createdb, superuser, connection_limit FROM svv_user_info "
                      "WHERE user_name = 'bob'") == [("bob", True, False, "4")]
    names = [r[0] for r in _rows(cur, "SELECT role_name FROM svv_roles ORDER BY role_name")]
    assert {"analyst", "lead", "sys:secadmin", "sys:superuser"} <= set(names)
    assert _rows(cur, "SELECT user_name, role_name FROM svv_user_grants") == [("bob", "lead")]
    assert _rows(cur, "SELECT role_name, granted_role_name FROM svv_role_grants") == [("lead", "analyst")]


def test_relation_privileges_show_own_grants_to_regular_users(cluster, cur):
    cur.execute("CREATE USER bob PASSWORD 'Abcdefg1'; CREATE USER cat PASSWORD 'Abcdefg1'")
    cur.execute("CREATE TABLE t (a INT)")
    cur.execute("GRANT SELECT ON t TO bob WITH GRANT OPTION")
    cur.execute("GRANT INSERT ON t TO cat")
    rows = _rows(cur, "SELECT relation_name, privilege_type, identity_name, identity_type, admin_option "
                      "FROM svv_relation_privileges ORDER BY identity_name")
    assert rows == [("t", "SELECT", "bob", "user", True), ("t", "INSERT", "cat", "user", False)]
    bob = cluster.connect(user="bob", autocommit=True).cursor()
    assert _rows(bob, "SELECT identity_name FROM svv_relation_privileges") == [("bob",)]


def test_masking_views(cur):
    cur.execute("CREATE USER bob PASSWORD 'Abcdefg1'")
    cur.execute("CREATE TABLE cards (id INT, pan VARCHAR(16))")
    cur.execute("CREATE MASKING POLICY m WITH (pan VARCHAR(16)) USING ('****')")
    cur.execute("ATTACH MASKING POLICY m ON cards(pan) TO bob PRIORITY 20")
    policy = _rows(cur, "SELECT policy_name, input_columns, policy_modified_by FROM svv_masking_policy")
    assert policy[0][0] == "m" and json.loads(policy[0][1]) == [{"colname": "pan", "type": "character varying(16)"}]
    attached = _rows(cur, "SELECT policy_name, table_name, grantee, grantee_type, priority, output_columns "
                          "FROM svv_attached_masking_policy")
    assert attached == [("m", "cards", "bob", "user", 20, '["pan"]')]


def test_rls_applied_policy_log_needs_access_system_table(cluster, cur):
    cur.execute("CREATE USER bob PASSWORD 'Abcdefg1'")
    cur.execute("CREATE TABLE t (a INT); GRANT SELECT ON t TO bob")
    cur.execute("CREATE RLS POLICY p WITH (a INT) USING (a > 0)")
    cur.execute("ATTACH RLS POLICY p ON t TO bob; ALTER TABLE t ROW LEVEL SECURITY ON")
    bob = cluster.connect(user="bob", autocommit=True).cursor()
    bob.execute("SELECT * FROM t")
    assert _rows(cur, "SELECT username, relname, polname FROM svv_rls_applied_policy") == [("bob", "t", "p")]
    assert _rows(bob, "SELECT count(*) FROM svv_rls_applied_policy") == [(0,)]
    cur.execute("GRANT ACCESS SYSTEM TABLE TO bob")
    assert _rows(bob, "SELECT count(*) FROM svv_rls_applied_policy") == [(1,)]


def test_explain_hides_policies_without_explain_rls(cluster, cur):
    cur.execute("CREATE USER bob PASSWORD 'Abcdefg1'")
    cur.execute("CREATE TABLE t (a INT, s VARCHAR(5)); INSERT INTO t VALUES (1, 'x'), (5000, 'y')")
    cur.execute("GRANT SELECT ON t TO bob")
    cur.execute("CREATE RLS POLICY p WITH (a INT) USING (a > 4242)")
    cur.execute("ATTACH RLS POLICY p ON t TO bob; ALTER TABLE t ROW LEVEL SECURITY ON")
    bob = cluster.connect(user="bob", autocommit=True).cursor()
    lines = [r[0] for r in bob.execute("EXPLAIN SELECT * FROM t").fetchall()]
    assert lines == ["XN Seq Scan on t (row-level security details hidden: needs GRANT EXPLAIN RLS)"]
    cur.execute("GRANT EXPLAIN RLS TO bob")
    plan = "\n".join(r[0] for r in bob.execute("EXPLAIN SELECT * FROM t").fetchall())
    assert "4242" in plan


def test_column_privileges(cur):
    cur.execute("CREATE USER bob PASSWORD 'Abcdefg1'; CREATE ROLE r")
    cur.execute("CREATE TABLE t (a INT, b INT, c INT)")
    cur.execute("GRANT SELECT (a, b) ON t TO bob; GRANT UPDATE (c) ON t TO ROLE r")
    rows = _rows(cur, "SELECT column_name, privilege_type, identity_name, identity_type FROM svv_column_privileges "
                      "ORDER BY column_name")
    assert rows == [("a", "SELECT", "bob", "user"), ("b", "SELECT", "bob", "user"), ("c", "UPDATE", "r", "role")]
