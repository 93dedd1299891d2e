"""Owners, GRANT / REVOKE on tables and schemas, groups, and the permission errors."""

from __future__ import annotations

import pytest

from awscore.redshift.errors import InsufficientPrivilege, UndefinedObject


@pytest.fixture
def bob(cluster, cur):
    cur.execute("CREATE USER bob PASSWORD 'Abcdefg1'")
    conn = cluster.connect(user="bob", autocommit=True)
    yield conn.cursor()
    conn.close()


def test_tables_are_private_to_their_owner(cur, bob):
    cur.execute("CREATE TABLE secret (a INT); INSERT INTO secret VALUES (1)")
    with pytest.raises(InsufficientPrivilege, match="permission denied for relation secret") as info:
        bob.execute("SELECT * FROM secret")
    assert info.value.sqlstate == "42501"
    with pytest.raises(InsufficientPrivilege):
        bob.execute("INSERT INTO secret VALUES (2)")
    with pytest.raises(InsufficientPrivilege, match="must be owner of relation secret"):
        bob.execute("DROP TABLE secret")


def test_grant_and_revoke_select(cur, bob):
    cur.execute("CREATE TABLE t (a INT); INSERT INTO t VALUES (1)")
    cur.execute("GRANT SELECT ON TABLE t TO bob")
    assert bob.execute("SELECT * FROM t").fetchall() == [(1,)]
    with pytest.raises(InsufficientPrivilege):
        bob.execute("UPDATE t SET a = 2")
    cur.execute("GRANT UPDATE, INSERT ON t TO bob")
    bob.execute("UPDATE t SET a = 2")
    bob.execute("INSERT INTO t VALUES (3)")
    cur.execute("REVOKE SELECT ON t FROM bob")
    with pytest.raises(InsufficientPrivilege):
        bob.execute("SELECT * FROM t")


def test_group_and_public_grants(cur, bob):
    cur.execute("CREATE TABLE g (a INT)")
    cur.execute("CREATE GROUP analysts WITH USER bob")
    cur.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO GROUP analysts")
    assert bob.execute("SELECT count(*) FROM g").fetchone() == (0,)
    cur.execute("CREATE TABLE p (a INT)")
    cur.execute("GRANT ALL ON p TO PUBLIC")
    bob.execute("INSERT INTO p VALUES (1)")
    with pytest.raises(UndefinedObject):
        cur.execute("GRANT SELECT ON p TO GROUP nosuch")


def test_views_use_the_owners_rights(cur, bob):
    cur.execute("CREATE TABLE base (a INT); INSERT INTO base VALUES (5)")
    cur.execute("CREATE VIEW v AS SELECT a FROM base")
    cur.execute("GRANT SELECT ON v TO bob")
    assert bob.execute("SELECT * FROM v").fetchall() == [(5,)]
    with pytest.raises(InsufficientPrivilege):
        bob.execute("SELECT * FROM base")


def test_schema_usage_and_create(cur, bob):
    cur.execute("CREATE SCHEMA priv")
    cur.execute("CREATE TABLE priv.t (a INT)")
    cur.execute("GRANT SELECT ON priv.t TO bob")
    with pytest.raises(InsufficientPrivilege, match="permission denied for schema priv"):
        bob.execute("SELECT * FROM priv.t")
    cur.execute("GRANT USAGE ON SCHEMA priv TO bob")
    assert bob.execute("SELECT * FROM priv.t").fetchall() == []
    with pytest.raises(InsufficientPrivilege):
        bob.execute("CREATE TABLE priv.mine (a INT)")
    bob.execute("CREATE TABLE public.mine (a INT)")  # PUBLIC may create in schema public
    bob.execute("CREATE TEMP TABLE scratch (a INT)")


def test_copy_needs_insert(cluster, cur, bob):
    cur.execute("CREATE TABLE target (a INT)")
    with pytest.raises(InsufficientPrivilege):
        bob.execute("COPY target FROM 's3://nowhere/x' IAM_ROLE default")


def test_session_authorization_needs_superuser(cur, bob):
    with pytest.raises(InsufficientPrivilege):
        bob.execute("SET SESSION AUTHORIZATION 'awsuser'")
    with pytest.raises(UndefinedObject):
        cur.execute("SET SESSION AUTHORIZATION 'nobody'")
    cur.execute("CREATE TABLE mine (a INT)")
    cur.execute("SET SESSION AUTHORIZATION 'bob'")
    with pytest.raises(InsufficientPrivilege):
        cur.execute("SELECT * FROM mine")
    cur.execute("RESET SESSION AUTHORIZATION")
    assert cur.execute("SELECT count(*) FROM mine").fetchone() == (0,)
