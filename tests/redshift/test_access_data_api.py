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
