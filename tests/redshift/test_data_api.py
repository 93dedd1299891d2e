"""The redshift-data API through boto3 (typed records, paging, batches, errors)."""

from __future__ import annotations

import boto3
import pytest
from botocore.exceptions import ClientError

from awscore.redshift import api_data


@pytest.fixture
def data(aws):
    rs = boto3.client("redshift", region_name="us-east-1")
    rs.create_cluster(ClusterIdentifier="c1", NodeType="ra3.xlplus", MasterUsername="awsuser",
                      MasterUserPassword="Passw0rd!", ClusterType="single-node")
    return boto3.client("redshift-data", region_name="us-east-1")


def run(data, sql, **kw):
    args = {"ClusterIdentifier": "c1", "Database": "dev", "DbUser": "awsuser", "Sql": sql, **kw}
    sid = data.execute_statement(**args)["Id"]
    return sid, data.describe_statement(Id=sid)


def test_typed_records_and_metadata(data):
    run(data, "CREATE TABLE t (id INT, name VARCHAR(10), price DECIMAL(8,2), ok BOOLEAN, f FLOAT8, d DATE)")
    run(data, "INSERT INTO t VALUES (1, 'a', 1.50, true, 0.5, '2024-01-02'), (2, NULL, NULL, NULL, NULL, NULL)")
    sid, desc = run(data, "SELECT * FROM t ORDER BY id")
    assert desc["Status"] == "FINISHED" and desc["HasResultSet"] and desc["ResultRows"] == 2
    assert desc["Duration"] > 0  # nanoseconds of real work
    res = data.get_statement_result(Id=sid)
    assert res["TotalNumRows"] == 2
    assert res["Records"][0] == [{"longValue": 1}, {"stringValue": "a"}, {"stringValue": "1.50"},
                                 {"booleanValue": True}, {"doubleValue": 0.5}, {"stringValue": "2024-01-02"}]
    assert all(f == {"isNull": True} for f in res["Records"][1][1:])
    meta = {m["name"]: m for m in res["ColumnMetadata"]}
    assert meta["id"]["typeName"] == "int4"
    assert meta["name"]["typeName"] == "varchar" and meta["name"]["precision"] == 10  # length is always 0
    assert (meta["price"]["typeName"], meta["price"]["precision"], meta["price"]["scale"]) == ("numeric", 8, 2)


def test_failed_statement_reports_redshift_error(data):
    sid, desc = run(data, "SELECT * FROM missing")
    assert desc["Status"] == "FAILED"
    assert desc["Error"] == 'ERROR: relation "missing" does not exist'
    with pytest.raises(ClientError) as info:
        data.get_statement_result(Id=sid)
    assert info.value.response["Error"]["Code"] == "ValidationException"


def test_dml_result_rows_and_no_result_set(data):
    run(data, "CREATE TABLE t (a INT)")
    sid, desc = run(data, "INSERT INTO t VALUES (1), (2), (3)")
    assert desc["ResultRows"] == 3 and desc["HasResultSet"] is False


def test_parameters(data):
    sid, _ = run(data, "SELECT :x::INT + 1 AS y", Parameters=[{"name": "x", "value": "41"}])
    assert data.get_statement_result(Id=sid)["Records"] == [[{"longValue": 42}]]


def test_paging_through_arrow(data, monkeypatch):
    monkeypatch.setattr(api_data, "PAGE_ROWS", 10)
    run(data, "CREATE TABLE n AS SELECT * FROM (SELECT 1 AS x) t")
    sid, _ = run(data, "SELECT x FROM (SELECT 1 AS x UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 "
                       "UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL "
                       "SELECT 9 UNION ALL SELECT 10 UNION ALL SELECT 11 UNION ALL SELECT 12) ORDER BY x")
    first = data.get_statement_result(Id=sid)
    assert len(first["Records"]) == 10 and "NextToken" in first
    second = data.get_statement_result(Id=sid, NextToken=first["NextToken"])
    assert [r[0]["longValue"] for r in second["Records"]] == [11, 12] and "NextToken" not in second
    pages = data.get_paginator("get_statement_result").paginate(Id=sid)
    assert sum(len(p["Records"]) for p in pages) == 12


def test_batch_is_one_transaction(data):
    run(data, "CREATE TABLE b (a INT)")
    sid = data.batch_execute_statement(ClusterIdentifier="c1", Database="dev", DbUser="awsuser",
                                       Sqls=["INSERT INTO b VALUES (1)", "SELECT * FROM nope"])["Id"]
    desc = data.describe_statement(Id=sid)
    assert desc["Status"] == "FAILED"
    assert [s["Status"] for s in desc["SubStatements"]] == ["FINISHED", "FAILED"]
    assert desc["SubStatements"][0]["Id"] == f"{sid}:1"
    _, count = run(data, "SELECT count(*) FROM b")
    sid2 = data.batch_execute_statement(ClusterIdentifier="c1", Database="dev", DbUser="awsuser",
                                        Sqls=["INSERT INTO b VALUES (1)", "SELECT count(*) FROM b"])["Id"]
    with pytest.raises(ClientError, match="sub-statement id"):
        data.get_statement_result(Id=sid2)
    assert data.get_statement_result(Id=f"{sid2}:2")["Records"] == [[{"longValue": 1}]]


def test_unknown_statement_and_cluster(data):
    with pytest.raises(ClientError) as info:
        data.describe_statement(Id="00000000-0000-0000-0000-000000000000")
    assert info.value.response["Error"]["Code"] == "ResourceNotFoundException"
    with pytest.raises(ClientError) as info:
        data.execute_statement(ClusterIdentifier="nope", Database="dev", DbUser="u", Sql="SELECT 1")
    assert info.value.response["Error"]["Code"] == "ValidationException"
    with pytest.raises(ClientError) as info:
        data.describe_statement(Id="not-a-uuid")
    assert info.value.response["Error"]["Code"] == "ValidationException"


def test_cancel_finished_statement(data):
    sid, _ = run(data, "SELECT 1")
    with pytest.raises(ClientError, match="already in FINISHED state"):
        data.cancel_statement(Id=sid)


def test_list_statements_and_catalog(data):
    run(data, "CREATE SCHEMA s1", StatementName="mk")
    run(data, "CREATE TABLE s1.orders (id INT NOT NULL, note VARCHAR(5) DEFAULT 'x')")
    names = [s.get("StatementName") for s in data.list_statements()["Statements"]]
    assert "mk" in names
    assert [s["StatementName"] for s in data.list_statements(StatementName="m")["Statements"]] == ["mk"]
    assert "dev" in data.list_databases(ClusterIdentifier="c1", Database="dev", DbUser="awsuser")["Databases"]
    schemas = data.list_schemas(ClusterIdentifier="c1", Database="dev", DbUser="awsuser", SchemaPattern="s%")
    assert schemas["Schemas"] == ["s1"]
    tables = data.list_tables(ClusterIdentifier="c1", Database="dev", DbUser="awsuser", SchemaPattern="s1")
    assert tables["Tables"] == [{"name": "orders", "schema": "s1", "type": "TABLE"}]
    desc = data.describe_table(ClusterIdentifier="c1", Database="dev", DbUser="awsuser", Schema="s1",
                               Table="orders")
    assert [(c["name"], c["typeName"], c["nullable"]) for c in desc["ColumnList"]] == [
        ("id", "int4", 0), ("note", "varchar", 1)]


def test_csv_result_format(data):
    sid, _ = run(data, "SELECT 1 AS a, 'x,y' AS b", ResultFormat="CSV")
    res = data.get_statement_result_v2(Id=sid)
    assert res["Records"][0]["CSVRecords"] == 'a,b\n1,"x,y"\n'
    with pytest.raises(ClientError):
        data.get_statement_result(Id=sid)


def test_session_keep_alive_reuses_temp_tables(data):
    out = data.execute_statement(ClusterIdentifier="c1", Database="dev", DbUser="awsuser",
                                 Sql="CREATE TEMP TABLE tt (a INT)", SessionKeepAliveSeconds=60)
    session = out["SessionId"]
    sid = data.execute_statement(SessionId=session, Sql="INSERT INTO tt VALUES (5)")["Id"]
    assert data.describe_statement(Id=sid)["Status"] == "FINISHED"


def test_statements_expire_after_24_hours(data, aws):
    sid, _ = run(data, "SELECT 1")
    aws.clock.advance(24 * 3600 + 1)
    with pytest.raises(ClientError) as info:
        data.describe_statement(Id=sid)
    assert info.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_serverless_workgroup_target(aws):
    sls = boto3.client("redshift-serverless", region_name="us-east-1")
    sls.create_namespace(namespaceName="ns1", adminUsername="admin", dbName="dev")
    wg = sls.create_workgroup(workgroupName="wg1", namespaceName="ns1", baseCapacity=32)["workgroup"]
    assert wg["status"] == "CREATING" and wg["baseCapacity"] == 32
    assert sls.get_workgroup(workgroupName="wg1")["workgroup"]["status"] == "AVAILABLE"
    data = boto3.client("redshift-data", region_name="us-east-1")
    sid = data.execute_statement(WorkgroupName="wg1", Database="dev", Sql="SELECT 7/2 AS q")["Id"]
    assert data.get_statement_result(Id=sid)["Records"] == [[{"longValue": 3}]]


def test_unknown_database_fails_the_statement(data):
    sid = data.execute_statement(ClusterIdentifier="c1", Database="nodb", DbUser="awsuser", Sql="SELECT 1")["Id"]
    desc = data.describe_statement(Id=sid)
    assert desc["Status"] == "FAILED" and desc["Error"] == 'FATAL: database "nodb" does not exist'


def test_cluster_identifier_rules(aws):
    rs = boto3.client("redshift", region_name="us-east-1")
    with pytest.raises(ClientError) as info:
        rs.create_cluster(ClusterIdentifier="bad--name", NodeType="ra3.xlplus", MasterUsername="awsuser",
                          MasterUserPassword="Passw0rd!", ClusterType="single-node")
    assert info.value.response["Error"]["Code"] == "InvalidParameterValue"


def test_timestamp_text_forms(data):
    sid, _ = run(data, "SELECT '2024-01-01 10:00:00.500'::TIMESTAMP AS a, '2024-01-01 10:00:00'::TIMESTAMP AS b, "
                       "'2024-01-01 10:00:00'::TIMESTAMPTZ AS c")
    assert data.get_statement_result(Id=sid)["Records"] == [[
        {"stringValue": "2024-01-01 10:00:00.5"}, {"stringValue": "2024-01-01 10:00:00.0"},
        {"stringValue": "2024-01-01 10:00:00+00"}]]


def test_text_parameters_take_their_context_type(data):
    run(data, "CREATE TABLE p (id INT, n DECIMAL(5,2), d DATE); INSERT INTO p VALUES (2, 1.50, '2024-01-01')")
    sid, _ = run(data, "SELECT id + :k AS a, n + :k AS b FROM p WHERE id = :id AND d = :d",
                 Parameters=[{"name": "k", "value": "2"}, {"name": "id", "value": "2"},
                             {"name": "d", "value": "2024-01-01"}])
    assert data.get_statement_result(Id=sid)["Records"] == [[{"longValue": 4}, {"stringValue": "3.50"}]]


def test_session_keep_alive_expires_on_the_clock(data, aws):
    out = data.execute_statement(ClusterIdentifier="c1", Database="dev", DbUser="awsuser",
                                 Sql="SELECT 1", SessionKeepAliveSeconds=60)
    aws.clock.advance(61)
    with pytest.raises(ClientError) as info:
        data.execute_statement(SessionId=out["SessionId"], Sql="SELECT 1")
    assert info.value.response["Error"]["Code"] == "ValidationException"
