"""CREATE / ALTER / DROP USER, ALTER GROUP, nested roles, SET SESSION AUTHORIZATION, current_user."""

from __future__ import annotations

import pytest

from awscore.redshift.errors import (
    DuplicateObject,
    InsufficientPrivilege,
    InvalidGrantOperation,
    InvalidParameterValue,
    ObjectInUse,
    UndefinedObject,
)


def _as(cluster, user):
    return cluster.connect(user=user, autocommit=True).cursor()


def test_create_user_options_and_pg_user(cluster, cur):
    cur.execute("CREATE USER bob WITH PASSWORD 'Abcdefg1' CREATEDB CONNECTION LIMIT 3 VALID UNTIL '2030-01-01'")
    cur.execute("CREATE USER su PASSWORD 'Abcdefg1' CREATEUSER")
    cur.execute("CREATE USER iam PASSWORD DISABLE")
    user = cluster.users["bob"]
    assert (user.createdb, user.superuser, user.connection_limit, user.valid_until) == (True, False, 3, "2030-01-01")
    assert cluster.users["iam"].password is None
    rows = cur.execute("SELECT usename, usesuper FROM pg_user WHERE usename IN ('bob', 'su') "
                       "ORDER BY usename").fetchall()
    assert rows == [("bob", False), ("su", True)]
    with pytest.raises(DuplicateObject, match='user "bob" already exists'):
        cur.execute("CREATE USER bob PASSWORD 'Abcdefg1'")


@pytest.mark.parametrize("password, message", [
    ("Ab1", "between 8 and 64"), ("abcdefgh1", "uppercase"), ("ABCDEFGH1", "lowercase"),
    ("Abcdefghi", "number"), ("Abcdefg1@", "invalid character"),
])
def test_password_rules(cur, password, message):
    with pytest.raises(InvalidParameterValue, match=message):
        cur.execute(f"CREATE USER p PASSWORD '{password}'")
    cur.execute("CREATE USER p PASSWORD 'md5" + "0" * 32 + "'")  # hashes are not checked


def test_only_superusers_manage_users(cluster, cur):
    cur.execute("CREATE USER bob PASSWORD 'Abcdefg1'")
    bob = _as(cluster, "bob")
    with pytest.raises(InsufficientPrivilege, match="permission denied to create user"):
        bob.execute("CREATE USER x PASSWORD 'Abcdefg1'")
    bob.execute("ALTER USER bob PASSWORD 'Newpass12'")  # a user may change their own password
    with pytest.raises(InsufficientPrivilege):
        bob.execute("ALTER USER bob CREATEUSER")
    cur.execute("ALTER USER bob CREATEUSER")
    assert cluster.is_superuser("bob")
    with pytest.raises(InvalidParameterValue):
        cur.execute("ALTER USER bob PASSWORD DISABLE")  # not for a superuser


def test_rename_and_drop_user(cluster, cur):
    cur.execute("CREATE USER bob PASSWORD 'Abcdefg1'")
    cur.execute("CREATE TABLE t (a INT)")
    cur.execute("GRANT SELECT ON t TO bob")
    cur.execute("ALTER USER bob RENAME TO rob")
    assert _as(cluster, "rob").execute("SELECT * FROM t").fetchall() == []
    cur.execute("GRANT CREATE ON SCHEMA public TO rob")
    _as(cluster, "rob").execute("CREATE TABLE mine (a INT)")
    with pytest.raises(ObjectInUse, match="can't be dropped because the user owns some object"):
        cur.execute("DROP USER rob")
    cur.execute("DROP TABLE mine")
    with pytest.raises(ObjectInUse, match="has a privilege on some object"):
        cur.execute("DROP USER rob")
    cur.execute("REVOKE SELECT ON t FROM rob; REVOKE CREATE ON SCHEMA public FROM rob")
    cur.execute("DROP USER rob")
    with pytest.raises(InsufficientPrivilege):
        cur.execute("DROP USER awsuser")
    cur.execute("DROP USER IF EXISTS rob")
    with pytest.raises(UndefinedObject, match='user "rob" does not exist'):
        cur.execute("DROP USER rob")


def test_alter_group_membership(cluster, cur):
    cur.execute("CREATE USER bob PASSWORD 'Abcdefg1'")
    cur.execute("CREATE GROUP readers")
    cur.execute("CREATE TABLE t (a INT)")
    cur.execute("GRANT SELECT ON t TO GROUP readers")
    bob = _as(cluster, "bob")
    with pytest.raises(InsufficientPrivilege):
        bob.execute("SELECT * FROM t")
    cur.execute("ALTER GROUP readers ADD USER bob")
    assert bob.execute("SELECT * FROM t").fetchall() == []
    cur.execute("ALTER GROUP readers DROP USER bob")
    with pytest.raises(InsufficientPrivilege):
        bob.execute("SELECT * FROM t")
    with pytest.raises(UndefinedObject, match='group "nope" does not exist'):
        cur.execute("ALTER GROUP nope ADD USER bob")
    with pytest.raises(UndefinedObject, match='user "ghost" does not exist'):
        cur.execute("ALTER GROUP readers ADD USER ghost")
    cur.execute("CREATE USER cat PASSWORD 'Abcdefg1' IN GROUP readers")
    assert _as(cluster, "cat").execute("SELECT * FROM t").fetchall() == []


def test_nested_roles(cluster, cur):
    cur.execute("CREATE USER bob PASSWORD 'Abcdefg1'")
    cur.execute("CREATE ROLE base_r; CREATE ROLE mid_r; CREATE ROLE top_r")
    cur.execute("GRANT ROLE base_r TO ROLE mid_r")
    cur.execute("GRANT ROLE mid_r TO ROLE top_r")
    cur.execute("GRANT ROLE top_r TO bob")
    cur.execute("CREATE TABLE t (a INT)")
    cur.execute("GRANT SELECT ON t TO ROLE base_r")
    bob = _as(cluster, "bob")
    assert bob.execute("SELECT * FROM t").fetchall() == []
    with pytest.raises(InvalidGrantOperation, match="cycle"):
        cur.execute("GRANT ROLE top_r TO ROLE base_r")
    cur.execute("REVOKE ROLE mid_r FROM ROLE top_r")
    with pytest.raises(InsufficientPrivilege):
        bob.execute("SELECT * FROM t")
    cur.execute("GRANT ROLE mid_r TO ROLE top_r")
    cur.execute("DROP ROLE mid_r")
    with pytest.raises(InsufficientPrivilege):
        bob.execute("SELECT * FROM t")


def test_sys_superuser_role(cluster, cur):
    cur.execute("CREATE USER bob PASSWORD 'Abcdefg1'")
    cur.execute("CREATE TABLE t (a INT)")
    cur.execute("GRANT ROLE sys:superuser TO bob")
    assert _as(cluster, "bob").execute("SELECT * FROM t").fetchall() == []


def test_session_authorization_and_current_user(cluster, cur):
    cur.execute("CREATE USER bob PASSWORD 'Abcdefg1'")
    assert cur.execute("SELECT current_user, session_user, user").fetchone() == ("awsuser",) * 3
    cur.execute("CREATE TABLE t (a INT)")
    cur.execute("SET SESSION AUTHORIZATION bob")
    assert cur.execute("SELECT current_user, session_user").fetchone() == ("bob", "bob")
    with pytest.raises(InsufficientPrivilege, match="permission denied for relation t"):
        cur.execute("SELECT * FROM t")
    cur.execute("SET SESSION AUTHORIZATION 'awsuser'")  # allowed: the login user is a superuser
    cur.execute("SET SESSION AUTHORIZATION bob")
    cur.execute("RESET SESSION AUTHORIZATION")
    assert cur.execute("SELECT current_user").fetchone() == ("awsuser",)
    bob = _as(cluster, "bob")
    with pytest.raises(InsufficientPrivilege, match="permission denied to set session authorization"):
        bob.execute("SET SESSION AUTHORIZATION awsuser")


def test_database_privileges_govern_create_schema(cluster, cur):
    cur.execute("CREATE USER bob PASSWORD 'Abcdefg1'")
    bob = _as(cluster, "bob")
    with pytest.raises(InsufficientPrivilege, match="permission denied for database dev"):
        bob.execute("CREATE SCHEMA mine")
    cur.execute("GRANT CREATE ON DATABASE dev TO bob")
    bob.execute("CREATE SCHEMA mine")
    bob.execute("CREATE TABLE mine.t (a INT)")  # the schema's owner may create in it
    cur.execute("REVOKE ALL ON DATABASE dev FROM bob")
    with pytest.raises(InsufficientPrivilege):
        bob.execute("CREATE SCHEMA other")
