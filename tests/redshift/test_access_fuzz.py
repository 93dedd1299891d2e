"""Fuzzing the access-control statements: any token sequence gives a result or a typed SQLError."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from awscore.clock import ManualClock
from awscore.redshift import Cluster
from awscore.redshift.errors import SQLError

HEADS = ["CREATE USER", "ALTER USER", "DROP USER", "CREATE GROUP", "ALTER GROUP", "DROP GROUP", "CREATE ROLE",
         "ALTER ROLE", "DROP ROLE", "GRANT", "REVOKE", "GRANT ROLE", "REVOKE ROLE", "CREATE RLS POLICY",
         "ATTACH RLS POLICY", "DETACH RLS POLICY", "DROP RLS POLICY", "CREATE MASKING POLICY",
         "ATTACH MASKING POLICY", "CREATE DATASHARE", "ALTER DATASHARE", "DROP DATASHARE", "DESC DATASHARE",
         "SHOW DATASHARES", "CREATE DATABASE", "SET SESSION AUTHORIZATION", "RESET SESSION AUTHORIZATION",
         "ALTER TABLE t ROW LEVEL SECURITY"]
WORDS = ["bob", "g", "r", "t", "s", "p", "sh", "PASSWORD", "'Abcdefg1'", "'x'", "DISABLE", "CREATEDB", "CREATEUSER",
         "CONNECTION", "LIMIT", "UNLIMITED", "5", "VALID", "UNTIL", "IN", "GROUP", "ROLE", "USER", "ADD", "DROP",
         "RENAME", "TO", "FROM", "ON", "TABLE", "SCHEMA", "ALL", "TABLES", "SELECT", "UPDATE", "(", ")", ",",
         "a", "b", "WITH", "GRANT", "OPTION", "FOR", "PUBLIC", "USING", "=", "TRUE", "FALSE", "ACCOUNT",
         "NAMESPACE", "REGION", "OF", "DATASHARE", "INCLUDENEW", "SET", "PUBLICACCESSIBLE", "IGNORE", "RLS",
         "EXPLAIN", "ACCESS", "SYSTEM", "PRIORITY", "sys:secadmin", "ON", "OFF", "CONJUNCTION", "TYPE", "AND",
         "OR", "DATASHARES", "USAGE", "DATABASE", "'123456789012'", "IF", "EXISTS", "NOT", "CASCADE"]

_cluster = Cluster("aclfuzz", clock=ManualClock(1_700_000_000))
_admin = _cluster.session()
_admin.execute("CREATE USER bob PASSWORD 'Abcdefg1'; CREATE GROUP g; CREATE ROLE r; CREATE SCHEMA s; "
               "CREATE TABLE t (a INT, b VARCHAR(3)); CREATE DATASHARE sh; "
               "CREATE RLS POLICY p WITH (a INT) USING (a > 0)")


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.sampled_from(HEADS), st.lists(st.sampled_from(WORDS), max_size=10), st.booleans())
@example("ALTER USER", ["bob", "CONNECTION", "LIMIT", "bob"], False)
@example("ATTACH MASKING POLICY", ["p", "ON", "t", "(", "a", ")", "TO", "PUBLIC", "PRIORITY", "x"], False)
@example("GRANT", ["SELECT", "(", "a", ")", "ON", "t", "TO", "bob", "WITH", "GRANT", "OPTION"], True)
def test_access_statements_never_crash(head, words, as_bob):
    if as_bob and "bob" not in _cluster.users:  # an earlier example dropped or renamed bob
        _admin.execute("CREATE USER bob PASSWORD 'Abcdefg1'")
    session = _cluster.session("bob") if as_bob else _cluster.session()
    try:
        session.execute(f"{head} {' '.join(words)}")
    except SQLError:
        pass
    finally:
        session.close()
