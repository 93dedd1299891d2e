"""UNLOAD to the shared S3 store: naming, formats, partitions, manifest, overwrite rule; COPY round trip."""

from __future__ import annotations

import datetime as dt
import io
import json

import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from awscore import Cloud
from awscore.clock import ManualClock
from awscore.redshift import Cluster
from awscore.redshift.errors import FeatureNotSupported, SQLError, SyntaxError_

ROLE = "IAM_ROLE 'arn:aws:iam::123456789012:role/unload'"


def make(nodes=1, node_type="ra3.xlplus"):
    cloud = Cloud(clock=ManualClock(1_700_000_000))
    cloud.s3.create_bucket("out")
    cluster = Cluster("c", cloud=cloud, number_of_nodes=nodes, node_type=node_type)
    cur = cluster.connect(autocommit=True).cursor()
    cur.execute("CREATE TABLE v (id INT, city VARCHAR(10), amt DECIMAL(6,2), ok BOOLEAN)")
    cur.execute("INSERT INTO v VALUES (1, 'a|b', 1.50, true), (2, NULL, NULL, false), (3, 'c', 3.00, NULL)")
    return cloud, cur


def keys(cloud, prefix=""):
    return [o.key for o in cloud.s3.get_bucket("out").iter_objects(prefix)]


def body(cloud, key):
    return cloud.s3.get_object("out", key).body


def test_default_text_one_file_per_slice_with_rows():
    cloud, cur = make(nodes=1)  # ra3.xlplus: 2 slices per node
    cur.execute(f"UNLOAD ('SELECT * FROM v ORDER BY id') TO 's3://out/venue_' {ROLE}")
    assert keys(cloud) == ["venue_0000_part_00", "venue_0001_part_00"]
    text = body(cloud, "venue_0000_part_00") + body(cloud, "venue_0001_part_00")
    assert text == b"1|a|b|1.50|t\n2|||f\n3|c|3.00|\n"
    assert cur.rowcount == 3
    assert cur.execute("SELECT pg_last_unload_count()").fetchone() == (3,)


def test_parallel_off_header_csv():
    cloud, cur = make()
    cur.execute(f"UNLOAD ('SELECT id, city FROM v ORDER BY id') TO 's3://out/x/' {ROLE} CSV HEADER PARALLEL OFF")
    assert keys(cloud) == ["x/000"]
    assert body(cloud, "x/000") == b'id,city\n1,a|b\n2,\n3,c\n'


def test_parquet_and_compression_suffixes():
    cloud, cur = make()
    cur.execute(f"UNLOAD ('SELECT * FROM v') TO 's3://out/p_' {ROLE} FORMAT PARQUET PARALLEL OFF")
    cur.execute(f"UNLOAD ('SELECT * FROM v') TO 's3://out/g_' {ROLE} GZIP PARALLEL OFF")
    cur.execute(f"UNLOAD ('SELECT * FROM v') TO 's3://out/e_' {ROLE} CSV EXTENSION 'csv' PARALLEL OFF")
    assert keys(cloud) == ["e_000.csv", "g_000.gz", "p_000.parquet"]
    table = pq.read_table(io.BytesIO(body(cloud, "p_000.parquet")))
    assert sorted(table.column("id").to_pylist()) == [1, 2, 3]


def test_json_lines():
    cloud, cur = make()
    cur.execute(f"UNLOAD ('SELECT id, city, ok FROM v ORDER BY id') TO 's3://out/j_' {ROLE} JSON PARALLEL OFF")
    lines = body(cloud, "j_000").decode().splitlines()
    assert [json.loads(x) for x in lines] == [
        {"id": 1, "city": "a|b", "ok": True}, {"id": 2, "city": None, "ok": False}, {"id": 3, "city": "c", "ok": None}]


def test_partition_by_hive_folders():
    cloud, cur = make()
    cur.execute(f"UNLOAD ('SELECT id, ok FROM v') TO 's3://out/part' {ROLE} FORMAT PARQUET "
                "PARTITION BY (ok) PARALLEL OFF")
    assert keys(cloud) == ["part/ok=__HIVE_DEFAULT_PARTITION__/000.parquet", "part/ok=f/000.parquet",
                           "part/ok=t/000.parquet"]
    table = pq.read_table(io.BytesIO(body(cloud, "part/ok=t/000.parquet")))
    assert table.column_names == ["id"]
    cur.execute(f"UNLOAD ('SELECT id, ok FROM v') TO 's3://out/inc/' {ROLE} CSV PARTITION BY (ok) INCLUDE "
                "PARALLEL OFF")
    assert body(cloud, "inc/ok=t/000") == b"1,t\n"


def test_manifest_and_verbose():
    cloud, cur = make()
    cur.execute(f"UNLOAD ('SELECT * FROM v') TO 's3://out/m_' {ROLE} MANIFEST VERBOSE PARALLEL OFF")
    manifest = json.loads(body(cloud, "m_manifest"))
    assert manifest["entries"][0]["url"] == "s3://out/m_000"
    assert manifest["entries"][0]["meta"]["record_count"] == 3
    assert manifest["meta"]["record_count"] == 3
    assert manifest["author"] == {"name": "Amazon Redshift", "version": "1.0.0"}


def test_overwrite_rule_allowoverwrite_cleanpath():
    cloud, cur = make()
    sql = f"UNLOAD ('SELECT * FROM v') TO 's3://out/o_' {ROLE} PARALLEL OFF"
    cur.execute(sql)
    with pytest.raises(SQLError, match="Specified unload destination on S3 is not empty"):
        cur.execute(sql)
    cur.execute(sql + " ALLOWOVERWRITE")
    cloud.s3.put_object("out", "o_stale", b"old")
    cur.execute(sql + " CLEANPATH")
    assert keys(cloud) == ["o_000"]
    with pytest.raises(SyntaxError_):
        cur.execute(sql + " CLEANPATH ALLOWOVERWRITE")


def test_restrictions():
    cloud, cur = make()
    with pytest.raises(FeatureNotSupported, match="Limit clause"):
        cur.execute(f"UNLOAD ('SELECT * FROM v LIMIT 1') TO 's3://out/l_' {ROLE}")
    cur.execute(f"UNLOAD ('SELECT * FROM (SELECT * FROM v LIMIT 1)') TO 's3://out/l_' {ROLE} PARALLEL OFF")
    with pytest.raises(SyntaxError_):
        cur.execute(f"UNLOAD ('SELECT * FROM v') TO 's3://out/h_' {ROLE} PARQUET HEADER")
    with pytest.raises(SQLError, match="bucket does not exist"):
        cur.execute(f"UNLOAD ('SELECT 1') TO 's3://nobucket/x' {ROLE}")


def test_slice_count_follows_cluster_size():
    cloud, cur = make(nodes=2, node_type="ra3.4xlarge")  # 8 slices
    cur.execute("INSERT INTO v SELECT id + 3, city, amt, ok FROM v")
    cur.execute("INSERT INTO v SELECT id + 6, city, amt, ok FROM v")
    cur.execute(f"UNLOAD ('SELECT * FROM v') TO 's3://out/s_' {ROLE}")
    assert len(keys(cloud, "s_")) == 8
    assert cur.execute("SELECT count(*), sum(line_count) FROM stl_unload_log").fetchone() == (8, 12)


def test_quoted_query_escapes():
    cloud, cur = make()
    cur.execute(f"UNLOAD ('SELECT id FROM v WHERE city = ''c''') TO 's3://out/q_' {ROLE} PARALLEL OFF")
    assert body(cloud, "q_000") == b"3\n"


rows_strategy = st.lists(st.tuples(
    st.integers(-(2**31), 2**31 - 1),
    st.one_of(st.none(), st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=8)),
    st.one_of(st.none(), st.decimals(min_value=-9999, max_value=9999, places=2, allow_nan=False)),
    st.one_of(st.none(), st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1))),
), max_size=20)


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=rows_strategy, fmt=st.sampled_from(["PARQUET", "CSV", "JSON"]))
def test_copy_of_unload_returns_the_same_rows(rows, fmt):
    cloud = Cloud(clock=ManualClock(1_700_000_000))
    cloud.s3.create_bucket("out")
    cluster = Cluster("c", cloud=cloud)
    cur = cluster.connect(autocommit=True).cursor()
    cur.execute("CREATE TABLE src (i INT, s VARCHAR(40), d DECIMAL(8,2), dt DATE)")
    for row in rows:
        cur.execute("INSERT INTO src VALUES (?, ?, ?, ?)", list(row))
    cur.execute(f"UNLOAD ('SELECT * FROM src') TO 's3://out/rt_' {ROLE} FORMAT {fmt}")
    cur.execute("CREATE TABLE dst (LIKE src)")
    if rows:
        options = {"PARQUET": "FORMAT PARQUET", "CSV": "CSV EMPTYASNULL", "JSON": "JSON 'auto'"}[fmt]
        cur.execute(f"COPY dst FROM 's3://out/rt_' {ROLE} {options}")
    got = sorted(cur.execute("SELECT * FROM dst").fetchall(), key=repr)
    want = sorted(cur.execute("SELECT * FROM src").fetchall(), key=repr)
    if fmt == "CSV":  # CSV cannot tell '' from NULL; EMPTYASNULL reads both as NULL
        want = sorted([tuple(None if v == "" else v for v in r) for r in want], key=repr)
    assert got == want
    cluster.close()



def test_json_nests_super_and_trims_timestamps():
    cloud, cur = make()
    cur.execute("CREATE TABLE s (j SUPER, ts TIMESTAMP)")
    cur.execute("INSERT INTO s VALUES (JSON_PARSE('{\"a\":[1,2]}'), '2024-01-01 10:00:00.5')")
    cur.execute(f"UNLOAD ('SELECT j, ts FROM s') TO 's3://out/sj_' {ROLE} JSON PARALLEL OFF")
    assert json.loads(body(cloud, "sj_000")) == {"j": {"a": [1, 2]}, "ts": "2024-01-01 10:00:00.5"}


@pytest.mark.parametrize(("option", "suffix"), [("GZIP", ".gz"), ("BZIP2", ".bz2"), ("ZSTD", ".zst")])
def test_compressed_text_round_trip(option, suffix):
    cloud, cur = make()
    cur.execute(f"UNLOAD ('SELECT id, city FROM v') TO 's3://out/z_' {ROLE} CSV {option} PARALLEL OFF")
    assert keys(cloud) == [f"z_000{suffix}"]
    cur.execute("CREATE TABLE back (id INT, city VARCHAR(10))")
    cur.execute(f"COPY back FROM 's3://out/z_' {ROLE} CSV EMPTYASNULL {option}")
    assert sorted(cur.execute("SELECT * FROM back").fetchall(), key=repr) == sorted(
        cur.execute("SELECT id, city FROM v").fetchall(), key=repr)
