"""Spectrum external tables over the shared S3 store (Parquet, delimited text, Hive partitions)."""

from __future__ import annotations

import datetime as dt
import io

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from awscore import Cloud
from awscore.clock import ManualClock
from awscore.redshift import Cluster
from awscore.redshift.errors import FeatureNotSupported, SQLError


@pytest.fixture
def env():
    cloud = Cloud(clock=ManualClock(1_700_000_000))
    cloud.s3.create_bucket("lake")
    cluster = Cluster("c", cloud=cloud)
    cur = cluster.connect(autocommit=True).cursor()
    cur.execute("CREATE EXTERNAL SCHEMA spectrum FROM DATA CATALOG DATABASE 'lake_db' "
                "IAM_ROLE 'arn:aws:iam::123456789012:role/spectrum' CREATE EXTERNAL DATABASE IF NOT EXISTS")
    yield cloud, cur
    cluster.close()


def parquet(table: pa.Table) -> bytes:
    sink = io.BytesIO()
    pq.write_table(table, sink)
    return sink.getvalue()


def test_parquet_with_partitions(env):
    cloud, cur = env
    cloud.s3.put_object("lake", "sales/saledate=2024-01-01/part-0.parquet",
                        parquet(pa.table({"id": [1, 2], "amt": [1.5, 2.5]})))
    cloud.s3.put_object("lake", "sales/saledate=2024-01-02/part-0.parquet",
                        parquet(pa.table({"id": [3], "amt": [4.0]})))
    cloud.s3.put_object("lake", "sales/_SUCCESS", b"")
    cur.execute("CREATE EXTERNAL TABLE spectrum.sales (id INT, amt DECIMAL(8,2)) PARTITIONED BY (saledate DATE) "
                "STORED AS PARQUET LOCATION 's3://lake/sales/'")
    rows = cur.execute("SELECT saledate, COUNT(*), SUM(amt) FROM spectrum.sales GROUP BY 1 ORDER BY 1").fetchall()
    assert [(r[0], r[1], float(r[2])) for r in rows] == [(dt.date(2024, 1, 1), 2, 4.0), (dt.date(2024, 1, 2), 1, 4.0)]
    cloud.s3.put_object("lake", "sales/saledate=2024-01-03/p.parquet", parquet(pa.table({"id": [9], "amt": [1.0]})))
    assert cur.execute("SELECT COUNT(*) FROM spectrum.sales").fetchone() == (4,)  # new objects are seen


def test_delimited_text_with_header(env):
    cloud, cur = env
    cloud.s3.put_object("lake", "events/a.txt", b"id|name\n1|x\n2|y\n")
    cur.execute("CREATE EXTERNAL TABLE spectrum.events (id INT, name VARCHAR(10)) "
                "ROW FORMAT DELIMITED FIELDS TERMINATED BY '|' STORED AS TEXTFILE "
                "LOCATION 's3://lake/events/' TABLE PROPERTIES ('skip.header.line.count'='1')")
    assert cur.execute("SELECT * FROM spectrum.events ORDER BY id").fetchall() == [(1, "x"), (2, "y")]
    cur.execute("CREATE TABLE local AS SELECT * FROM spectrum.events")  # joins with local tables work
    assert cur.execute("SELECT count(*) FROM local l JOIN spectrum.events e ON l.id = e.id").fetchone() == (2,)
    tables = cur.execute("SELECT table_name, table_type FROM svv_tables WHERE table_schema = 'spectrum'")
    assert tables.fetchall() == [("events", "EXTERNAL TABLE")]


def test_external_tables_are_read_only(env):
    cloud, cur = env
    cloud.s3.put_object("lake", "ro/a.txt", b"1\n")
    cur.execute("CREATE EXTERNAL TABLE spectrum.ro (id INT) STORED AS TEXTFILE LOCATION 's3://lake/ro/'")
    with pytest.raises(FeatureNotSupported):
        cur.execute("INSERT INTO spectrum.ro VALUES (2)")
    with pytest.raises(FeatureNotSupported):
        cur.execute("CREATE EXTERNAL TABLE public.x (id INT) STORED AS PARQUET LOCATION 's3://lake/x/'")
    cur.execute("DROP TABLE spectrum.ro")
    with pytest.raises(SQLError):
        cur.execute("SELECT * FROM spectrum.ro")


def test_bad_data_is_a_scan_error(env):
    cloud, cur = env
    cloud.s3.put_object("lake", "bad/a.txt", b"notanumber\n")
    cur.execute("CREATE EXTERNAL TABLE spectrum.bad (id INT) STORED AS TEXTFILE LOCATION 's3://lake/bad/'")
    with pytest.raises(SQLError, match="Spectrum Scan Error"):
        cur.execute("SELECT * FROM spectrum.bad")
