"""Persistence: a store written to a directory reopens with every bucket, version and marker."""

import json
import subprocess
import sys

import pyarrow.parquet as pq
import pytest

from awscore import Cloud
from awscore.clock import ManualClock
from awscore.s3.persist import FORMAT, Persistence, StoreFormatError
from awscore.s3.store import S3Store


def populate(store: S3Store) -> None:
    b = store.create_bucket("plain", account="111122223333", region="eu-west-1")
    b.put_object("a.txt", b"alpha", metadata={"colour": "blue"}, content_type="text/plain")
    b.bucket_key_enabled = True
    b.object_ownership = "ObjectWriter"
    b.put_object("big.bin", bytes(range(256)) * 1024)  # 256 KiB: stored as a blob file
    v = store.create_bucket("versioned")
    v.set_versioning("Enabled")
    v.put_object("k", b"one")
    v.put_object("k", b"two")
    v.delete_object("k")  # a delete marker on top
    v.put_object("ü/ключ", b"unicode")


def snapshot(store: S3Store) -> dict:
    out = {}
    for bucket in store.list_buckets():
        out[bucket.name] = (
            bucket.owner, bucket.region, bucket.versioning,
            [(e.key, e.version_id, e.is_delete_marker, e.last_modified,
              None if e.is_delete_marker else (e.body, e.etag, e.metadata, e.content_type))
             for e in bucket.entries()],
        )
    return out


def test_reopen_restores_everything(tmp_path):
    store = S3Store(clock=ManualClock(1000), root=tmp_path)
    populate(store)
    before = snapshot(store)
    store.close()
    again = S3Store(clock=ManualClock(2000), root=tmp_path)
    assert snapshot(again) == before
    assert again.get_object("plain", "a.txt").metadata == {"colour": "blue"}
    assert again.get_bucket("versioned").versioning == "Enabled"
    assert again.get_bucket("plain").bucket_key_enabled is True
    assert again.get_bucket("plain").object_ownership == "ObjectWriter"
    assert again.get_bucket("versioned")._order == store.get_bucket("versioned")._order
    # the restored store keeps working
    again.put_object("plain", "new", b"n")
    again.close()
    assert S3Store(root=tmp_path).get_object("plain", "new").body == b"n"


def test_reopen_in_new_process(tmp_path):
    cloud = Cloud(root=tmp_path)
    populate(cloud.s3)
    cloud.close()
    code = (
        "import sys; from awscore.s3.store import S3Store; s = S3Store(root=sys.argv[1]);"
        "print(s.get_object('plain', 'big.bin').size, len(list(s.get_bucket('versioned').entries())))"
    )
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, check=True)
    assert out.stdout.split() == [str(256 * 1024), "4"]


def test_metadata_is_parquet_with_format_version(tmp_path):
    store = S3Store(root=tmp_path)
    populate(store)
    store.flush()
    current = json.loads((tmp_path / "s3" / "CURRENT").read_text())
    assert current["format"] == FORMAT
    table = pq.read_table(tmp_path / "s3" / current["generation"] / "entries.parquet")
    assert table.schema.metadata[b"awscore.format"] == str(FORMAT).encode()
    assert table.num_rows == 6


def test_crash_mid_flush_keeps_last_good_state(tmp_path, monkeypatch):
    store = S3Store(root=tmp_path)
    store.create_bucket("bkt").put_object("k", b"v1")
    store.flush()
    store.put_object("bkt", "k", b"v2")

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(pq, "write_table", boom)
    with pytest.raises(OSError):
        store.flush()
    monkeypatch.undo()
    assert S3Store(root=tmp_path).get_object("bkt", "k").body == b"v1"


def test_newer_format_is_refused(tmp_path):
    S3Store(root=tmp_path).close()
    (tmp_path / "s3" / "CURRENT").write_text(json.dumps({"format": FORMAT + 1, "generation": "gen-000001"}))
    with pytest.raises(StoreFormatError):
        S3Store(root=tmp_path)


def test_unreferenced_blobs_are_collected(tmp_path):
    store = S3Store(root=tmp_path)
    store.create_bucket("bkt").put_object("big", b"x" * 200_000)
    store.flush()
    assert len(list((tmp_path / "s3" / "blobs").iterdir())) == 1
    store.delete_object("bkt", "big")
    store.flush()
    assert list((tmp_path / "s3" / "blobs").iterdir()) == []
    assert Persistence(tmp_path).disk_usage() > 0


def test_multipart_upload_in_progress_survives(tmp_path):
    store = S3Store(root=tmp_path)
    bucket = store.create_bucket("bkt")
    upload = bucket.create_multipart_upload("obj")
    upload_id = upload.upload_id
    bucket.upload_part(upload_id, 1, b"p" * 10)
    store.close()
    again = S3Store(root=tmp_path).get_bucket("bkt")
    assert list(again.uploads) == [upload_id]
    assert again.uploads[upload_id].parts[1].body == b"p" * 10
