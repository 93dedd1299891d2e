"""Data API response shapes as recorded against real Redshift (AWS's Data API guide examples)."""

from __future__ import annotations

import re

import boto3
import pytest
from botocore.exceptions import ClientError

UUID = re.compile(r"^[a-z0-9]{8}(-[a-z0-9]{4}){3}-[a-z0-9]{12}$")


@pytest.fixture
def data(aws):
    rs = boto3.client("redshift", region_name="us-east-1")
    rs.create_cluster(ClusterIdentifier="c1", NodeType="ra3.xlplus", MasterUsername="awsuser",
                      MasterUserPassword="Passw0rd!", ClusterType="single-node")
    return boto3.client("redshift-data", region_name="us-east-1")


def run(data, sql, **kw):
    args = {"ClusterIdentifier": "c1", "Database": "dev", "DbUser": "awsuser", "Sql": sql, **kw}
    return data.execute_statement(**args)["Id"]


def error(fn, **kw):
    with pytest.raises(ClientError) as info:
        fn(**kw)
    return info.value.response["Error"]["Code"], info.value.response["Error"]["Message"]


def test_execute_statement_echoes_target_database_and_user(data):
    out = data.execute_statement(ClusterIdentifier="c1", Database="dev", DbUser="awsuser", Sql="SELECT 1")
    out.pop("ResponseMetadata")
    assert UUID.match(out["Id"])
    assert set(out) == {"ClusterIdentifier", "CreatedAt", "Database", "DbUser", "Id"}
    assert (out["ClusterIdentifier"], out["Database"], out["DbUser"]) == ("c1", "dev", "awsuser")
    assert out["CreatedAt"].tzinfo is not None


def test_cluster_without_dbuser_uses_the_iam_identity(data):
    out = data.execute_statement(ClusterIdentifier="c1", Database="dev", Sql="SELECT 1")
    assert "DbUser" not in out
    assert data.describe_statement(Id=out["Id"])["Status"] == "FINISHED"


def test_describe_finished_select(data):
    sid = run(data, "SELECT 1 AS a UNION ALL SELECT 2")
    desc = data.describe_statement(Id=sid)
    assert desc["Status"] == "FINISHED" and desc["HasResultSet"] is True
    assert desc["ResultRows"] == 2 and desc["ResultSize"] > 0
    assert desc["QueryString"] == "SELECT 1 AS a UNION ALL SELECT 2"
    assert desc["RedshiftPid"] > 0 and desc["RedshiftQueryId"] > 0 and desc["Duration"] > 0
    assert desc["UpdatedAt"] >= desc["CreatedAt"]


def test_describe_failed_statement(data):
    sid = run(data, "SELECT * FROM nowhere")
    desc = data.describe_statement(Id=sid)
    assert desc["Status"] == "FAILED" and desc["Error"] == 'ERROR: relation "nowhere" does not exist'
    assert (desc["ResultRows"], desc["ResultSize"], desc["HasResultSet"]) == (-1, -1, False)


def test_result_metadata_for_table_columns(data):
    run(data, "create table event(eventid integer not null distkey, venueid smallint not null, "
              "eventname varchar(200), starttime timestamp, code char(4))")
    run(data, "insert into event values(1, 1, 'event 1', '2022-02-22', 'ab')")
    res = data.get_statement_result(Id=run(data, "select * from event where eventid = 1"))
    assert res["Records"] == [[{"longValue": 1}, {"longValue": 1}, {"stringValue": "event 1"},
                               {"stringValue": "2022-02-22 00:00:00.0"}, {"stringValue": "ab  "}]]
    meta = {m["name"]: m for m in res["ColumnMetadata"]}
    assert all(m["length"] == 0 for m in meta.values())
    assert (meta["eventid"]["typeName"], meta["eventid"]["precision"], meta["eventid"]["isSigned"]) == ("int4", 10, True)
    assert (meta["venueid"]["typeName"], meta["venueid"]["precision"]) == ("int2", 5)
    assert (meta["eventname"]["typeName"], meta["eventname"]["precision"]) == ("varchar", 200)
    assert meta["eventname"]["isCaseSensitive"] is True and meta["eventid"]["isCaseSensitive"] is False
    assert (meta["starttime"]["typeName"], meta["starttime"]["precision"], meta["starttime"]["scale"]) == (
        "timestamp", 29, 6)
    assert (meta["code"]["typeName"], meta["code"]["precision"]) == ("bpchar", 4)
    assert res["TotalNumRows"] == 1 and "NextToken" not in res
    assert {(m["schemaName"], m["tableName"]) for m in meta.values()} == {("public", "event")}
    assert [m["nullable"] for m in res["ColumnMetadata"]] == [0, 0, 1, 1, 1]
    named = data.get_statement_result(Id=run(data, "select e.eventname as n, eventid + 1 as k from event e"))
    assert [(m["tableName"], m["nullable"]) for m in named["ColumnMetadata"]] == [("event", 1), ("", 1)]


def test_expression_labels_and_types(data):
    res = data.get_statement_result(Id=run(data, "SELECT COUNT(*), 1 + 1, 'x', 2.50 AS Amount"))
    meta = res["ColumnMetadata"]
    assert [m["name"] for m in meta] == ["count", "?column?", "?column?", "amount"]
    assert [m["label"] for m in meta] == ["count", "?column?", "?column?", "amount"]
    assert [m["typeName"] for m in meta] == ["int8", "int4", "varchar", "numeric"]
    assert (meta[3]["precision"], meta[3]["scale"]) == (3, 2)
    assert all(m["tableName"] == "" for m in meta)
    assert res["Records"] == [[{"longValue": 1}, {"longValue": 2}, {"stringValue": "x"}, {"stringValue": "2.50"}]]


def test_batch_parent_and_sub_statements(data):
    out = data.batch_execute_statement(ClusterIdentifier="c1", Database="dev", DbUser="awsuser",
                                       Sqls=["select 1;", "select 2;"])
    desc = data.describe_statement(Id=out["Id"])
    assert desc["Status"] == "FINISHED" and desc["HasResultSet"] is True
    assert "QueryString" not in desc
    assert desc["ResultRows"] == 2
    subs = desc["SubStatements"]
    assert [s["Id"] for s in subs] == [f"{out['Id']}:1", f"{out['Id']}:2"]
    assert [s["QueryString"] for s in subs] == ["select 1;", "select 2;"]
    assert desc["ResultSize"] == sum(s["ResultSize"] for s in subs)
    assert all(s["HasResultSet"] and s["Status"] == "FINISHED" and s["ResultRows"] == 1 for s in subs)
    assert data.get_statement_result(Id=subs[1]["Id"])["Records"] == [[{"longValue": 2}]]
    assert error(data.get_statement_result, Id=out["Id"]) == (
        "ValidationException", "BatchExecuteStatement result can only be retrieved with sub-statement id.")


def test_statement_id_errors(data):
    pattern = r"^[a-z0-9]{8}(-[a-z0-9]{4}){3}-[a-z0-9]{12}(:\d+)?$"
    for fn in (data.describe_statement, data.get_statement_result, data.cancel_statement):
        assert error(fn, Id="InvalidStatementId") == ("ValidationException", f"id must satisfy regex pattern: {pattern}")
    assert error(data.get_statement_result, Id="70662acc-f334-46f8-b953-3a9546796d7k") == (
        "ResourceNotFoundException", "Query does not exist.")
    assert error(data.describe_statement, Id="70662acc-f334-46f8-b953-3a9546796d7k") == (
        "ResourceNotFoundException", "Query does not exist.")


def test_no_result_set_message(data):
    sid = run(data, "DROP TABLE IF EXISTS non_existent_table")
    assert data.describe_statement(Id=sid)["HasResultSet"] is False
    code, message = error(data.get_statement_result, Id=sid)
    assert message == "Query does not have result. Please check query status with DescribeStatement."


def test_unknown_cluster(data):
    assert error(data.execute_statement, ClusterIdentifier="nope", Database="dev", DbUser="u", Sql="SELECT 1") == (
        "ValidationException", "Redshift endpoint doesn't exist in this region.")


def test_list_schemas_and_tables(data):
    run(data, "CREATE TABLE sales (id INT)")
    run(data, "CREATE VIEW sales_v AS SELECT * FROM sales")
    kw = {"ClusterIdentifier": "c1", "Database": "dev", "DbUser": "awsuser"}
    assert data.list_schemas(**kw)["Schemas"] == ["information_schema", "pg_catalog", "pg_internal", "public"]
    assert data.list_schemas(SchemaPattern="pg%", **kw)["Schemas"] == ["pg_catalog", "pg_internal"]
    tables = data.list_tables(SchemaPattern="public", TablePattern="sal%", **kw)["Tables"]
    assert tables == [{"name": "sales", "schema": "public", "type": "TABLE"},
                      {"name": "sales_v", "schema": "public", "type": "VIEW"}]
    assert data.list_databases(**kw)["Databases"] == ["dev"]


def test_describe_table_column_list(data):
    run(data, "CREATE TABLE t (id INT NOT NULL, name VARCHAR(20))")
    out = data.describe_table(ClusterIdentifier="c1", Database="dev", DbUser="awsuser", Schema="public", Table="t")
    cols = out["ColumnList"]
    assert [c["name"] for c in cols] == ["id", "name"]
    assert all("label" not in c for c in cols)
    assert [(c["schemaName"], c["tableName"]) for c in cols] == [("public", "t")] * 2
    assert [c["nullable"] for c in cols] == [0, 1]
    assert (cols[1]["typeName"], cols[1]["length"], cols[1]["precision"]) == ("varchar", 20, 20)


def test_list_statements_shape(data):
    sid = run(data, "SELECT 1", StatementName="probe")
    item = data.list_statements(StatementName="probe")["Statements"][0]
    assert item["Id"] == sid and item["Status"] == "FINISHED" and item["QueryString"] == "SELECT 1"
    assert item["IsBatchStatement"] is False and item["StatementName"] == "probe"
    assert data.list_statements(Status="FAILED")["Statements"] == []


def test_parameters_with_several_statements_fail_as_a_prepared_statement(data):
    sid = run(data, "SELECT :x::INT; SELECT 2", Parameters=[{"name": "x", "value": "1"}])
    desc = data.describe_statement(Id=sid)
    assert desc["Status"] == "FAILED"
    assert desc["Error"] == "ERROR: cannot insert multiple commands into a prepared statement"
