"""The pyarrow filesystem over the store: Parquet, datasets and DuckDB read and write bucket/key paths."""

import duckdb
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from pyarrow import fs as pafs

from awscore.clock import ManualClock
from awscore.s3.fs import filesystem
from awscore.s3.store import S3Store


@pytest.fixture
def store():
    s = S3Store(clock=ManualClock(1_700_000_000))
    s.create_bucket("lake")
    return s


def test_parquet_round_trip_through_store(store):
    fs = filesystem(store)
    table = pa.table({"id": [1, 2, 3], "name": ["a", "b", "c"]})
    pq.write_table(table, "lake/events/part-0.parquet", filesystem=fs)
    obj = store.get_object("lake", "events/part-0.parquet")
    assert obj.body[:4] == b"PAR1"
    assert pq.read_table("lake/events/part-0.parquet", filesystem=fs).equals(table)


def test_hive_partitioned_dataset(store):
    fs = filesystem(store)
    table = pa.table({"day": ["d1", "d1", "d2"], "v": [1, 2, 3]})
    ds.write_dataset(table, "lake/t", filesystem=fs, format="parquet", partitioning=["day"],
                     partitioning_flavor="hive")
    keys = sorted(o.key for o in store.get_bucket("lake").iter_objects("t/"))
    assert keys[0].startswith("t/day=d1/") and keys[-1].startswith("t/day=d2/")
    back = ds.dataset("lake/t", filesystem=fs, format="parquet", partitioning="hive").to_table()
    assert sorted(back.column("v").to_pylist()) == [1, 2, 3]


def test_file_info_and_selector(store):
    fs = filesystem(store)
    store.put_object("lake", "a/b/c.txt", b"123")
    store.put_object("lake", "a/d.txt", b"45")
    info = fs.get_file_info(["lake/a/b/c.txt", "lake/a", "lake/a/b", "lake/missing", "lake", "nobucket/x"])
    assert [i.type for i in info] == [pafs.FileType.File, pafs.FileType.Directory, pafs.FileType.Directory,
                                      pafs.FileType.NotFound, pafs.FileType.Directory, pafs.FileType.NotFound]
    assert info[0].size == 3
    flat = fs.get_file_info(pafs.FileSelector("lake/a"))
    assert sorted((i.path, i.type) for i in flat) == [
        ("lake/a/b", pafs.FileType.Directory), ("lake/a/d.txt", pafs.FileType.File)]
    deep = fs.get_file_info(pafs.FileSelector("lake/a", recursive=True))
    assert sorted(i.path for i in deep) == ["lake/a/b", "lake/a/b/c.txt", "lake/a/d.txt"]
    assert fs.get_file_info(pafs.FileSelector("lake/zzz", allow_not_found=True)) == []
    with pytest.raises(FileNotFoundError):
        fs.get_file_info(pafs.FileSelector("lake/zzz"))


def test_delete_move_and_copy(store):
    fs = filesystem(store)
    store.put_object("lake", "x/1", b"one")
    fs.copy_file("lake/x/1", "lake/y/1")
    fs.move("lake/x/1", "lake/z/1")
    assert store.get_object("lake", "y/1").body == b"one"
    assert store.get_object("lake", "z/1").body == b"one"
    assert fs.get_file_info("lake/x/1").type == pafs.FileType.NotFound
    fs.delete_dir_contents("lake/y")
    assert list(store.get_bucket("lake").iter_objects("y/")) == []
    with pytest.raises(FileNotFoundError):
        fs.delete_file("lake/nope")


def test_writing_to_missing_bucket_fails_before_writing(store):
    fs = filesystem(store)
    with pytest.raises(LookupError):
        fs.open_output_stream("nobucket/k")


def test_duckdb_reads_store_through_arrow(store):
    fs = filesystem(store)
    pq.write_table(pa.table({"x": list(range(10))}), "lake/n/p.parquet", filesystem=fs)
    dataset = ds.dataset("lake/n", filesystem=fs, format="parquet")  # noqa: F841 - read by duckdb's replacement scan
    con = duckdb.connect()
    assert con.execute("select sum(x) from dataset").fetchone()[0] == 45


def test_duckdb_reads_and_writes_s3_paths(store):
    from awscore.s3.fs import register_duckdb

    fs = filesystem(store)
    pq.write_table(pa.table({"x": [1, 2, 3]}), "lake/t/a.parquet", filesystem=fs)
    pq.write_table(pa.table({"x": [4]}), "lake/t/b.parquet", filesystem=fs)
    con = duckdb.connect()
    register_duckdb(store, con)
    assert con.execute("select sum(x) from read_parquet('s3://lake/t/*.parquet')").fetchone()[0] == 10
    con.execute("copy (select 42 as y) to 's3://lake/out/y.parquet' (format parquet)")
    assert store.get_object("lake", "out/y.parquet").body[:4] == b"PAR1"
    assert con.execute("select y from 's3://lake/out/y.parquet'").fetchone()[0] == 42
