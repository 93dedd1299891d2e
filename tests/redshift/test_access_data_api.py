"""Access control through the Data API: DbUser is the session user for grants, RLS and masking."""

from __future__ import annotations

import boto3
import pytest


@pytest.fixture
def data(aws):
    rs = boto3.client("redshift", region_name="us-east-1")
    rs.create_cluster(ClusterIdentifier="c1", NodeType="ra3.xlplus", MasterUsername="awsuser",
                      MasterUserPassword="Passw0rd!", ClusterType="single-node")
    return boto3.client("redshift-data", region_name="us-east-1")


def run(data, sql, user="awsuser"):
    sid = data.execute_statement(ClusterIdentifier="c1", Database="dev", DbUser=user, Sql=sql)["Id"]
    desc = data.describe_statement(Id=sid)
    if desc["Status"] != "FINISHED" or not desc["HasResultSet"]:
        return desc
    return [[next(iter(f.values())) for f in rec] for rec in data.get_statement_result(Id=sid)["Records"]]


def test_grants_rls_and_masking_apply_to_db_user(data):
    setup = data.batch_execute_statement(ClusterIdentifier="c1", Database="dev", DbUser="awsuser", Sqls=[
        "CREATE USER bob PASSWORD 'Abcdefg1'",
        "CREATE TABLE acct (id INT, owner VARCHAR(10), ssn VARCHAR(11))",
        "INSERT INTO acct VALUES (1, 'bob', '111-11-1111'), (2, 'eve', '222-22-2222')",
        "GRANT SELECT (id, owner) ON acct TO bob",
        "CREATE RLS POLICY own WITH (owner VARCHAR(10)) USING (owner = current_user)",
        "ATTACH RLS POLICY own ON acct TO bob",
        "ALTER TABLE acct ROW LEVEL SECURITY ON",
        "CREATE MASKING POLICY m WITH (ssn VARCHAR(11)) USING ('XXX-XX-' || SUBSTRING(ssn, 8, 4))",
        "ATTACH MASKING POLICY m ON acct(ssn) TO bob",
    ])["Id"]
    assert data.describe_statement(Id=setup)["Status"] == "FINISHED"
    assert run(data, "SELECT id, owner FROM acct", "bob") == [[1, "bob"]]
    denied = run(data, "SELECT * FROM acct", "bob")
    assert denied["Status"] == "FAILED" and denied["Error"] == "ERROR: permission denied for relation acct"
    run(data, "GRANT SELECT ON acct TO bob")
    assert run(data, "SELECT id, ssn FROM acct", "bob") == [[1, "XXX-XX-1111"]]
    assert run(data, "SELECT current_user, session_user", "bob") == [["bob", "bob"]]
    assert len(run(data, "SELECT * FROM acct")) == 2  # the superuser sees everything
    secadmin = run(data, "CREATE RLS POLICY p2 USING (true)", "bob")
    assert secadmin["Status"] == "FAILED" and "sys:secadmin" in secadmin["Error"]
    run(data, "GRANT ROLE sys:secadmin TO bob")
    assert run(data, "SELECT count(*) FROM acct", "bob") == [[2]]


STATEMENTS = [
    "CREATE USER carl PASSWORD 'Abcdefg1' CREATEDB CONNECTION LIMIT 3",
    "ALTER USER carl CONNECTION LIMIT UNLIMITED",
    "CREATE GROUP readers", "ALTER GROUP readers ADD USER carl",
    "CREATE ROLE base_r", "CREATE ROLE top_r", "GRANT ROLE base_r TO ROLE top_r", "GRANT ROLE top_r TO carl",
    "CREATE SCHEMA s", "CREATE TABLE s.t (id INT, owner VARCHAR(10), pan VARCHAR(16))",
    "GRANT USAGE ON SCHEMA s TO GROUP readers",
    "GRANT SELECT (id, owner) ON s.t TO ROLE base_r",
    "GRANT SELECT ON ALL TABLES IN SCHEMA s TO carl WITH GRANT OPTION",
    "REVOKE GRANT OPTION FOR SELECT ON s.t FROM carl",
    "CREATE RLS POLICY own WITH (owner VARCHAR(10)) USING (owner = current_user)",
    "ATTACH RLS POLICY own ON s.t TO ROLE top_r",
    "ALTER TABLE s.t ROW LEVEL SECURITY ON CONJUNCTION TYPE OR",
    "CREATE MASKING POLICY mp WITH (pan VARCHAR(16)) USING ('****')",
    "ATTACH MASKING POLICY mp ON s.t(pan) TO PUBLIC PRIORITY 5",
    "GRANT IGNORE RLS TO ROLE base_r", "REVOKE IGNORE RLS FROM ROLE base_r",
    "GRANT EXPLAIN RLS TO carl", "GRANT ACCESS SYSTEM TABLE TO carl",
    "CREATE DATASHARE ds", "ALTER DATASHARE ds ADD SCHEMA s", "ALTER DATASHARE ds ADD ALL TABLES IN SCHEMA s",
    "ALTER DATASHARE ds SET PUBLICACCESSIBLE = TRUE", "GRANT USAGE ON DATASHARE ds TO ACCOUNT '210987654321'",
    "DESC DATASHARE ds", "SHOW DATASHARES", "SELECT * FROM svv_datashare_objects",
    "SELECT * FROM svv_user_info", "SELECT * FROM svv_relation_privileges",
    "SELECT * FROM svv_attached_masking_policy", "SELECT * FROM svv_rls_applied_policy",
    "SET SESSION AUTHORIZATION carl", "RESET SESSION AUTHORIZATION",
    "DETACH MASKING POLICY mp ON s.t(pan) FROM PUBLIC", "DROP MASKING POLICY mp",
    "DETACH RLS POLICY own ON s.t FROM ROLE top_r", "DROP RLS POLICY own",
    "ALTER DATASHARE ds REMOVE TABLE s.t", "DROP DATASHARE ds",
    "REVOKE ROLE top_r FROM carl", "DROP ROLE top_r", "ALTER GROUP readers DROP USER carl",
    "DROP GROUP readers", "REVOKE ALL ON ALL TABLES IN SCHEMA s FROM carl", "DROP USER carl",
]


@pytest.mark.parametrize("user", ["awsuser"])
def test_every_access_statement_runs_through_the_data_api(data, user):
    for sql in STATEMENTS:
        desc = run(data, sql, user)
        if isinstance(desc, dict):
            assert desc["Status"] == "FINISHED", (sql, desc.get("Error"))


def test_restricted_db_user_sees_only_its_rows_and_columns(data):
    for sql in ["CREATE USER dee PASSWORD 'Abcdefg1'", "CREATE TABLE t (id INT, owner VARCHAR(10), pan VARCHAR(16))",
                "INSERT INTO t VALUES (1, 'dee', '4111'), (2, 'x', '5500')",
                "GRANT SELECT (id, owner) ON t TO dee",
                "CREATE RLS POLICY own WITH (owner VARCHAR(10)) USING (owner = current_user)",
                "ATTACH RLS POLICY own ON t TO dee", "ALTER TABLE t ROW LEVEL SECURITY ON"]:
        run(data, sql)
    assert run(data, "SELECT owner, count(*) FROM t GROUP BY owner", "dee") == [["dee", 1]]
    failed = run(data, "SELECT id FROM t ORDER BY pan", "dee")
    assert failed["Status"] == "FAILED" and "permission denied for relation t" in failed["Error"]
