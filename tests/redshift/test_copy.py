"""COPY from the shared S3 store: formats, options, error accounting, atomic failure."""

from __future__ import annotations

import bz2
import gzip
import io
import json

import boto3
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from awscore import Cloud
from awscore.clock import ManualClock
from awscore.redshift import Cluster
from awscore.redshift.errors import LoadError, SQLError, UndefinedTable

ROLE = "IAM_ROLE 'arn:aws:iam::123456789012:role/load'"


@pytest.fixture
def env():
    cloud = Cloud(clock=ManualClock(1_700_000_000))
    cloud.s3.create_bucket("data")
    cluster = Cluster("c", cloud=cloud)
    cur = cluster.connect(autocommit=True).cursor()
    yield cloud, cur
    cluster.close()


def put(cloud, key, body):
    cloud.s3.put_object("data", key, body if isinstance(body, bytes) else body.encode())


def test_csv_with_header_and_quotes(env):
    cloud, cur = env
    put(cloud, "csv/a.csv", 'id,name\n1,"Smith, J"\n2,"say ""hi"""\n')
    cur.execute("CREATE TABLE t (id INT, name VARCHAR(20))")
    cur.execute(f"COPY t FROM 's3://data/csv/' {ROLE} FORMAT AS CSV IGNOREHEADER 1")
    assert cur.rowcount == 2
    assert cur.execute("SELECT * FROM t ORDER BY id").fetchall() == [(1, "Smith, J"), (2, 'say "hi"')]
    assert cur.execute("SELECT pg_last_copy_count()").fetchone() == (2,)


def test_prefix_matches_every_key_starting_with_it(env):
    cloud, cur = env
    put(cloud, "p/data.txt", "1|a\n")
    put(cloud, "p/data_old.txt", "2|b\n")
    put(cloud, "p/other.txt", "3|c\n")
    cur.execute("CREATE TABLE t (id INT, v CHAR(1))")
    cur.execute(f"COPY t FROM 's3://data/p/data' {ROLE}")
    assert sorted(cur.execute("SELECT id FROM t").fetchall()) == [(1,), (2,)]


def test_default_text_format_null_and_delimiter(env):
    cloud, cur = env
    put(cloud, "t.txt", "1|\\N|x\n2||y\n")
    cur.execute("CREATE TABLE t (id INT, a VARCHAR(5), b VARCHAR(5))")
    cur.execute(f"COPY t FROM 's3://data/t.txt' {ROLE}")
    assert cur.execute("SELECT * FROM t ORDER BY id").fetchall() == [(1, None, "x"), (2, "", "y")]
    put(cloud, "tab.txt", "3\tz\n")
    cur.execute("CREATE TABLE u (id INT, a VARCHAR(5))")
    cur.execute(f"COPY u FROM 's3://data/tab.txt' {ROLE} DELIMITER '\\t' NULL AS 'NULL'")
    assert cur.execute("SELECT * FROM u").fetchall() == [(3, "z")]


def test_emptyasnull_blanksasnull(env):
    cloud, cur = env
    put(cloud, "e.csv", "1,,x\n2,  ,y\n")
    cur.execute("CREATE TABLE t (id INT, a VARCHAR(5), b VARCHAR(5))")
    cur.execute(f"COPY t FROM 's3://data/e.csv' {ROLE} CSV EMPTYASNULL BLANKSASNULL")
    assert cur.execute("SELECT id, a FROM t ORDER BY id").fetchall() == [(1, None), (2, None)]


def test_bad_rows_fail_the_load_and_leave_table_unchanged(env):
    cloud, cur = env
    put(cloud, "bad.csv", "1,ok\nx,bad\n3,toolongvalue\n")
    cur.execute("CREATE TABLE t (id INT, v VARCHAR(5))")
    cur.execute("INSERT INTO t VALUES (0, 'keep')")
    with pytest.raises(LoadError, match=r"Load into table 't' failed.  Check 'stl_load_errors'"):
        cur.execute(f"COPY t FROM 's3://data/bad.csv' {ROLE} CSV")
    assert cur.execute("SELECT count(*) FROM t").fetchone() == (1,)
    errors = cur.execute("SELECT line_number, trim(colname), err_code, trim(err_reason), trim(raw_field_value), "
                         "trim(filename) FROM stl_load_errors ORDER BY line_number").fetchall()
    assert errors == [
        (2, "id", 1207, "Invalid digit, Value 'x', Pos 0, Type: Integer", "x", "s3://data/bad.csv"),
        (3, "v", 1204, "String length exceeds DDL length", "toolongvalue", "s3://data/bad.csv"),
    ]
    detail = cur.execute("SELECT column_name, error_code FROM sys_load_error_detail ORDER BY line_number").fetchall()
    assert detail == [("id", 1207), ("v", 1204)]


def test_maxerror_skips_bad_rows(env):
    cloud, cur = env
    put(cloud, "bad.csv", "1,ok\nx,bad\n3,fine\n")
    cur.execute("CREATE TABLE t (id INT, v VARCHAR(5))")
    cur.execute(f"COPY t FROM 's3://data/bad.csv' {ROLE} CSV MAXERROR 1")
    assert cur.rowcount == 2
    with pytest.raises(LoadError):
        cur.execute(f"COPY t FROM 's3://data/bad.csv' {ROLE} CSV MAXERROR 0")


def test_truncatecolumns_counts_bytes(env):
    cloud, cur = env
    put(cloud, "w.csv", "1,ééé\n")
    cur.execute("CREATE TABLE t (id INT, v VARCHAR(5))")
    cur.execute(f"COPY t FROM 's3://data/w.csv' {ROLE} CSV TRUNCATECOLUMNS")
    assert cur.execute("SELECT v FROM t").fetchone() == ("éé",)


def test_not_null_and_fillrecord(env):
    cloud, cur = env
    put(cloud, "n.txt", "1\n")
    cur.execute("CREATE TABLE t (id INT NOT NULL, v VARCHAR(5))")
    with pytest.raises(LoadError):
        cur.execute(f"COPY t FROM 's3://data/n.txt' {ROLE}")
    assert cur.execute("SELECT err_code, trim(err_reason) FROM stl_load_errors").fetchall() == [
        (1214, "Delimiter not found")]
    cur.execute(f"COPY t FROM 's3://data/n.txt' {ROLE} FILLRECORD")
    assert cur.execute("SELECT * FROM t").fetchall() == [(1, None)]
    put(cloud, "nn.txt", "|x\n")
    with pytest.raises(LoadError):
        cur.execute(f"COPY t FROM 's3://data/nn.txt' {ROLE}")


def test_column_list_and_defaults(env):
    cloud, cur = env
    put(cloud, "c.csv", "x,5\n")
    cur.execute("CREATE TABLE t (id INT IDENTITY(1,1), v VARCHAR(5), n INT, d INT DEFAULT 7)")
    cur.execute(f"COPY t (v, n) FROM 's3://data/c.csv' {ROLE} CSV")
    assert cur.execute("SELECT v, n, d FROM t").fetchall() == [("x", 5, 7)]
    assert cur.execute("SELECT id FROM t").fetchone()[0] is not None


def test_dateformat_timeformat(env):
    cloud, cur = env
    put(cloud, "d.csv", "03/05/2024,2024-03-05 14:07:09.5\n")
    cur.execute("CREATE TABLE t (d DATE, ts TIMESTAMP)")
    cur.execute(f"COPY t FROM 's3://data/d.csv' {ROLE} CSV DATEFORMAT 'MM/DD/YYYY' TIMEFORMAT 'auto'")
    import datetime as dt

    assert cur.execute("SELECT * FROM t").fetchall() == [(dt.date(2024, 3, 5), dt.datetime(2024, 3, 5, 14, 7, 9, 500000))]
    put(cloud, "e.csv", "1700000000\n")
    cur.execute("CREATE TABLE u (ts TIMESTAMP)")
    cur.execute(f"COPY u FROM 's3://data/e.csv' {ROLE} CSV TIMEFORMAT 'epochsecs'")
    assert cur.execute("SELECT ts FROM u").fetchone() == (dt.datetime(2023, 11, 14, 22, 13, 20),)


def test_compression(env):
    cloud, cur = env
    put(cloud, "g/a.gz", gzip.compress(b"1,a\n"))
    put(cloud, "b/a.bz2", bz2.compress(b"2,b\n"))
    cur.execute("CREATE TABLE t (id INT, v VARCHAR(5))")
    cur.execute(f"COPY t FROM 's3://data/g/' {ROLE} CSV GZIP")
    cur.execute(f"COPY t FROM 's3://data/b/' {ROLE} CSV BZIP2")
    assert sorted(cur.execute("SELECT * FROM t").fetchall()) == [(1, "a"), (2, "b")]


def test_acceptinvchars(env):
    cloud, cur = env
    put(cloud, "u.csv", b"1,a\xffb\n")
    cur.execute("CREATE TABLE t (id INT, v VARCHAR(10))")
    with pytest.raises(LoadError):
        cur.execute(f"COPY t FROM 's3://data/u.csv' {ROLE} CSV")
    assert cur.execute("SELECT err_code FROM stl_load_errors").fetchall() == [(1220,)]
    cur.execute(f"COPY t FROM 's3://data/u.csv' {ROLE} CSV ACCEPTINVCHARS AS '^'")
    assert cur.execute("SELECT v FROM t").fetchone() == ("a^b",)


def test_json_auto_ignorecase_and_jsonpaths(env):
    cloud, cur = env
    put(cloud, "j/a.json", '{"id": 1, "name": "x", "extra": true}\n{"id": 2}\n')
    put(cloud, "k/a.json", '{"ID": 3, "Name": "y"}')
    put(cloud, "paths.json", json.dumps({"jsonpaths": ["$.user.id", "$['user']['tags'][0]"]}))
    put(cloud, "p/a.json", '{"user": {"id": 9, "tags": ["t1", "t2"]}}')
    cur.execute("CREATE TABLE t (id INT, name VARCHAR(10))")
    cur.execute(f"COPY t FROM 's3://data/j/' {ROLE} FORMAT AS JSON 'auto'")
    cur.execute(f"COPY t FROM 's3://data/k/' {ROLE} JSON 'auto ignorecase'")
    cur.execute(f"COPY t FROM 's3://data/p/' {ROLE} JSON 's3://data/paths.json'")
    assert cur.execute("SELECT * FROM t ORDER BY id").fetchall() == [(1, "x"), (2, None), (3, "y"), (9, "t1")]


def test_manifest(env):
    cloud, cur = env
    put(cloud, "m/1.csv", "1\n")
    put(cloud, "m/2.csv", "2\n")
    put(cloud, "m.manifest", json.dumps({"entries": [
        {"url": "s3://data/m/1.csv", "mandatory": True},
        {"url": "s3://data/m/missing.csv", "mandatory": False}]}))
    cur.execute("CREATE TABLE t (id INT)")
    cur.execute(f"COPY t FROM 's3://data/m.manifest' {ROLE} CSV MANIFEST")
    assert cur.execute("SELECT id FROM t").fetchall() == [(1,)]
    put(cloud, "bad.manifest", json.dumps({"entries": [{"url": "s3://data/m/missing.csv", "mandatory": True}]}))
    with pytest.raises(SQLError):
        cur.execute(f"COPY t FROM 's3://data/bad.manifest' {ROLE} CSV MANIFEST")


def test_parquet_by_position(env):
    cloud, cur = env
    table = pa.table({"a": [1, 2], "b": ["x", "y"], "c": [1.5, 2.5]})
    sink = io.BytesIO()
    pq.write_table(table, sink)
    put(cloud, "pq/part.parquet", sink.getvalue())
    cur.execute("CREATE TABLE t (id BIGINT, name VARCHAR(5), amount DOUBLE PRECISION)")
    cur.execute(f"COPY t FROM 's3://data/pq/' {ROLE} FORMAT AS PARQUET")
    assert cur.execute("SELECT * FROM t ORDER BY id").fetchall() == [(1, "x", 1.5), (2, "y", 2.5)]
    cur.execute("CREATE TABLE two (id BIGINT, name VARCHAR(5))")
    with pytest.raises(LoadError):
        cur.execute(f"COPY two FROM 's3://data/pq/' {ROLE} FORMAT AS PARQUET")


def test_missing_prefix_bucket_table(env):
    cloud, cur = env
    cur.execute("CREATE TABLE t (id INT)")
    with pytest.raises(SQLError, match="prefix 'nothing' does not exist"):
        cur.execute(f"COPY t FROM 's3://data/nothing' {ROLE}")
    with pytest.raises(SQLError, match="bucket does not exist"):
        cur.execute(f"COPY t FROM 's3://nobucket/x' {ROLE}")
    with pytest.raises(UndefinedTable):
        cur.execute(f"COPY nope FROM 's3://data/x' {ROLE}")


def test_copy_failure_inside_transaction_keeps_errors(env):
    cloud, cur = env
    put(cloud, "bad.csv", "x\n")
    cur.execute("CREATE TABLE t (id INT)")
    cur.execute("BEGIN")
    with pytest.raises(LoadError):
        cur.execute(f"COPY t FROM 's3://data/bad.csv' {ROLE} CSV")
    cur.execute("ROLLBACK")
    assert cur.execute("SELECT count(*) FROM stl_load_errors").fetchone() == (1,)


def test_copy_through_data_api_sees_boto3_objects(aws):
    s3 = boto3.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket="shared")
    s3.put_object(Bucket="shared", Key="in/x.csv", Body=b"1,a\n2,b\n")
    rs = boto3.client("redshift", region_name="us-east-1")
    rs.create_cluster(ClusterIdentifier="c1", NodeType="ra3.xlplus", MasterUsername="awsuser",
                      MasterUserPassword="Passw0rd!", ClusterType="single-node")
    data = boto3.client("redshift-data", region_name="us-east-1")
    for sql in ["CREATE TABLE t (id INT, v VARCHAR(3))", f"COPY t FROM 's3://shared/in/' {ROLE} CSV",
                "UNLOAD ('SELECT * FROM t ORDER BY id') TO 's3://shared/out/t_' " + ROLE + " CSV PARALLEL OFF"]:
        sid = data.execute_statement(ClusterIdentifier="c1", Database="dev", DbUser="awsuser", Sql=sql)["Id"]
        assert data.describe_statement(Id=sid)["Status"] == "FINISHED"
    body = s3.get_object(Bucket="shared", Key="out/t_000")["Body"].read()
    assert body == b"1,a\n2,b\n"


def test_load_history_views(env):
    cloud, cur = env
    put(cloud, "h/a.csv", "1\n2\n")
    put(cloud, "h/b.csv", "3\n")
    cur.execute("CREATE TABLE t (id INT)")
    cur.execute(f"COPY t FROM 's3://data/h/' {ROLE} CSV")
    assert cur.execute("SELECT table_name, loaded_rows, source_file_count, error_count FROM sys_load_history"
                       ).fetchall() == [("t", 3, 2, 0)]
    assert sorted(r[0].strip() for r in cur.execute("SELECT filename FROM stl_load_commits").fetchall()) == [
        "s3://data/h/a.csv", "s3://data/h/b.csv"]
    cur.execute(f"UNLOAD ('SELECT * FROM t') TO 's3://data/u/t_' {ROLE} PARALLEL OFF")
    assert cur.execute("SELECT unloaded_rows, unloaded_files_count FROM sys_unload_history").fetchall() == [(3, 1)]


def test_fixedwidth_and_orc(env):
    import pyarrow.orc as orc

    cloud, cur = env
    put(cloud, "fw.txt", "001ann  \n002bob  \n")
    cur.execute("CREATE TABLE f (id INT, name VARCHAR(5))")
    cur.execute(f"COPY f FROM 's3://data/fw.txt' {ROLE} FIXEDWIDTH 'id:3,name:5'")
    assert cur.execute("SELECT * FROM f ORDER BY id").fetchall() == [(1, "ann"), (2, "bob")]
    sink = io.BytesIO()
    orc.write_table(pa.table({"a": [1, 2], "b": ["x", "y"]}), sink)
    put(cloud, "o/part.orc", sink.getvalue())
    cur.execute("CREATE TABLE o (id BIGINT, name VARCHAR(5))")
    cur.execute(f"COPY o FROM 's3://data/o/' {ROLE} FORMAT AS ORC")
    assert cur.execute("SELECT * FROM o ORDER BY id").fetchall() == [(1, "x"), (2, "y")]
