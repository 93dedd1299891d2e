"""The native S3 API: buckets, objects, versions, listing, without boto3."""

from __future__ import annotations

import pytest

from awscore.clock import ManualClock
from awscore.s3.errors import (
    BucketAlreadyExists,
    BucketAlreadyOwnedByYou,
    BucketNotEmpty,
    InvalidBucketName,
    MethodNotAllowed,
    NoSuchBucket,
    NoSuchKey,
    NoSuchVersion,
)
from awscore.s3.store import S3Store


@pytest.fixture
def store() -> S3Store:
    return S3Store(clock=ManualClock(1_700_000_000))


def test_bucket_lifecycle(store: S3Store) -> None:
    b = store.create_bucket("data", account="111111111111", region="eu-west-1")
    assert (b.name, b.owner, b.region, b.created, b.versioning) == (
        "data", "111111111111", "eu-west-1", 1_700_000_000, None)
    assert store.get_bucket("data") is b
    with pytest.raises(BucketAlreadyOwnedByYou):
        store.create_bucket("data", account="111111111111", region="eu-west-1")
    with pytest.raises(BucketAlreadyExists):
        store.create_bucket("data", account="222222222222")
    assert [x.name for x in store.list_buckets("111111111111")] == ["data"]
    assert store.list_buckets("222222222222") == []
    store.delete_bucket("data", account="111111111111")
    with pytest.raises(NoSuchBucket):
        store.get_bucket("data")


def test_us_east_1_recreate_is_a_no_op(store: S3Store) -> None:
    b = store.create_bucket("data")
    b.put_object("k", b"v")
    assert store.create_bucket("data") is b
    assert b.get_object("k").body == b"v"


@pytest.mark.parametrize("name", ["ab", "Upper", "foo_bar", "foo-", "-foo", "foo..bar", "foo.-bar",
                                  "192.168.5.4", "xn--abc", "abc-s3alias", "a" * 64])
def test_bad_bucket_names(store: S3Store, name: str) -> None:
    with pytest.raises(InvalidBucketName) as err:
        store.create_bucket(name)
    assert err.value.error_fields == {"BucketName": name}
    assert store.list_buckets() == []


def test_put_get_head_delete(store: S3Store) -> None:
    b = store.create_bucket("data")
    v = b.put_object("a.txt", b"hello", metadata={"Owner": "Me"}, content_type="text/plain")
    assert v.etag == '"5d41402abc4b2a76b9719d911017c592"'
    assert (v.size, v.version_id, v.metadata, v.content_type) == (5, "null", {"owner": "Me"}, "text/plain")
    assert b.get_object("a.txt") is v
    assert b.head_object("a.txt").size == 5
    assert b.delete_object("a.txt").delete_marker is False
    with pytest.raises(NoSuchKey) as err:
        b.get_object("a.txt")
    assert err.value.error_fields == {"Key": "a.txt"}
    b.delete_object("a.txt")  # idempotent


def test_delete_bucket_not_empty(store: S3Store) -> None:
    b = store.create_bucket("data")
    b.put_object("k", b"")
    with pytest.raises(BucketNotEmpty):
        store.delete_bucket("data")
    b.set_versioning("Enabled")
    b.delete_object("k")
    b.delete_object("k", version_id="null")
    with pytest.raises(BucketNotEmpty) as err:  # only a delete marker left
        store.delete_bucket("data")
    assert "You must delete all versions" in err.value.message


def test_versioning_and_markers(store: S3Store) -> None:
    b = store.create_bucket("data")
    b.put_object("k", b"null-version")
    b.set_versioning("Enabled")
    v1 = b.put_object("k", b"one")
    assert len(v1.version_id) == 32 and v1.version_id != "null"
    d = b.delete_object("k")
    assert d.delete_marker
    with pytest.raises(NoSuchKey) as err:
        b.get_object("k")
    assert err.value.headers == {"x-amz-delete-marker": "true", "x-amz-version-id": d.version_id}
    with pytest.raises(MethodNotAllowed):
        b.get_object("k", version_id=d.version_id)
    assert b.get_object("k", version_id="null").body == b"null-version"
    b.delete_object("k", version_id=d.version_id)
    assert b.get_object("k").body == b"one"
    b.delete_object("k", version_id=v1.version_id)
    with pytest.raises(NoSuchVersion):
        b.get_object("k", version_id=v1.version_id)
    assert b.get_object("k").body == b"null-version"


def test_suspended_overwrites_null(store: S3Store) -> None:
    b = store.create_bucket("data")
    b.set_versioning("Enabled")
    v1 = b.put_object("k", b"1")
    b.set_versioning("Suspended")
    b.put_object("k", b"2")
    b.put_object("k", b"3")
    ids = [e.version_id for e in b.list_object_versions().entries]
    assert ids == ["null", v1.version_id]
    assert b.delete_object("k").version_id == "null"
    assert [e.is_delete_marker for e in b.list_object_versions().entries] == [True, False]


def test_iter_objects_seeks(store: S3Store) -> None:
    b = store.create_bucket("data")
    for k in ["a", "b/1", "b/2", "c", "é", "z"]:
        b.put_object(k, b"")
    assert [o.key for o in b.iter_objects("b/")] == ["b/1", "b/2"]
    assert [o.key for o in b.iter_objects(start_after="c")] == ["z", "é"]


def test_restore_from_model_objects_with_plain_strings(aws: object) -> None:
    """A store rebuilt from model objects (as persistence does) serves boto3, even with str enum values."""
    import boto3

    from awscore.s3.bucket import Bucket
    from awscore.s3.model import DeleteMarker, ObjectVersion

    cloud = aws  # the fixture's Cloud
    b = Bucket("restored", owner="123456789012", region="us-east-1", created=0.0, versioning="Enabled")
    v1 = ObjectVersion(key="k", body=b"one", etag='"x"', last_modified=1.0, version_id="A" * 32,
                       storage_class="STANDARD_IA", checksum_algorithm="SHA1", checksum_type="FULL_OBJECT")
    marker = DeleteMarker(key="gone", version_id="B" * 32, last_modified=2.0)
    b._restore_entries([v1])
    b._restore_entries([marker])
    cloud.s3._restore([b])  # type: ignore[attr-defined]
    b._check()
    s3 = boto3.client("s3", region_name="us-east-1")
    got = s3.get_object(Bucket="restored", Key="k", ChecksumMode="ENABLED")
    assert (got["Body"].read(), got["StorageClass"], got["ChecksumSHA1"]) == (b"one", "STANDARD_IA",
                                                                             "/gW83NxJKAEngaXxoqd8u1OY4QY=")
    assert [o["Key"] for o in s3.list_objects_v2(Bucket="restored")["Contents"]] == ["k"]
    versions = s3.list_object_versions(Bucket="restored")
    assert versions["DeleteMarkers"][0]["VersionId"] == "B" * 32
    assert s3.put_object(Bucket="restored", Key="k", Body=b"two")["VersionId"] != "A" * 32
