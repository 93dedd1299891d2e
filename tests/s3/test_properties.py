"""Property tests: the engine against a naive model, and pagination that never skips or repeats."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from awscore.clock import ManualClock
from awscore.core.errors import AWSError
from awscore.s3.errors import EntityTooSmall, NoSuchKey
from awscore.s3.multipart import CompletedPart
from awscore.s3.store import S3Store

ALPHABET = st.sampled_from(list("ab/+ é\u4e2d-_.") + ["\U0001f600"])
KEYS = st.text(ALPHABET, min_size=1, max_size=6)
PREFIXES = st.text(ALPHABET, max_size=3)
DELIMS = st.one_of(st.none(), st.sampled_from(["/", "+", " ", "é", "ab"]))


def naive_listing(keys: list[str], prefix: str, delimiter: str | None) -> list[str]:
    """Every key and common prefix a full listing returns, in S3 order (the reference)."""
    out: list[str] = []
    for key in sorted(keys, key=lambda k: k.encode()):
        if not key.startswith(prefix):
            continue
        if delimiter:
            pos = key.find(delimiter, len(prefix))
            if pos >= 0:
                cp = key[: pos + len(delimiter)]
                if cp not in out:
                    out.append(cp)
                continue
        out.append(key)
    return out


def paged(bucket: Any, prefix: str, delimiter: str | None, max_keys: int) -> list[str]:
    seen: list[str] = []
    marker = None
    for _ in range(1000):
        page = bucket.list_objects(prefix, delimiter=delimiter, start_after=marker, max_keys=max_keys)
        items = sorted([o.key for o in page.objects] + page.common_prefixes, key=lambda k: k.encode())
        assert len(items) <= max_keys
        seen += items
        if not page.is_truncated:
            return seen
        marker = page.next_start
    raise AssertionError("pagination did not terminate")


@settings(max_examples=150)
@given(st.sets(KEYS, max_size=25), PREFIXES, DELIMS, st.integers(1, 5))
def test_pagination_never_skips_or_repeats(keys: set[str], prefix: str, delimiter: str | None, max_keys: int) -> None:
    bucket = S3Store(clock=ManualClock(0)).create_bucket("prop")
    for key in keys:
        bucket.put_object(key, b"")
    expected = naive_listing(list(keys), prefix, delimiter)
    assert paged(bucket, prefix, delimiter, max_keys) == expected
    assert paged(bucket, prefix, delimiter, 1000) == expected


class VersionedBucketMachine(RuleBasedStateMachine):
    """Random puts, deletes, version deletes and versioning changes vs a dict-of-lists model."""

    @initialize()
    def setup(self) -> None:
        self.clock = ManualClock(0)
        self.store = S3Store(clock=self.clock)
        self.bucket = self.store.create_bucket("machine")
        self.model: dict[str, list[tuple[str, bytes | None]]] = {}  # key -> [(version id, body|None=marker)]
        self.status: str | None = None

    def _write(self, key: str, body: bytes | None, version_id: str) -> None:
        history = self.model.setdefault(key, [])
        if self.status != "Enabled":
            history[:] = [(v, b) for v, b in history if v != "null"]
        history.append((version_id, body))

    @rule(key=KEYS, body=st.binary(max_size=4))
    def put(self, key: str, body: bytes) -> None:
        self.clock.advance(1)
        v = self.bucket.put_object(key, body)
        assert (v.version_id == "null") == (self.status != "Enabled")
        self._write(key, body, v.version_id)

    @rule(key=KEYS)
    def delete(self, key: str) -> None:
        result = self.bucket.delete_object(key)
        if self.status is None:
            self.model.pop(key, None)
            assert not result.delete_marker
        else:
            assert result.delete_marker and result.version_id is not None
            self._write(key, None, result.version_id)

    @rule(data=st.data())
    def delete_version(self, data: st.DataObject) -> None:
        if not self.model:
            return
        key = data.draw(st.sampled_from(sorted(self.model)))
        vid, _ = data.draw(st.sampled_from(self.model[key]))
        self.bucket.delete_object(key, version_id=vid)
        self.model[key] = [(v, b) for v, b in self.model[key] if v != vid]
        if not self.model[key]:
            del self.model[key]

    @rule(src=KEYS, dst=KEYS)
    def copy(self, src: str, dst: str) -> None:
        history = self.model.get(src)
        live = history is not None and history[-1][1] is not None
        try:
            new, source = self.store.copy_object("machine", src, "machine", dst, metadata_directive="REPLACE")
        except NoSuchKey:
            assert not live
            return
        assert live and source.body == history[-1][1]  # type: ignore[index]
        self._write(dst, source.body, new.version_id)

    @rule(key=KEYS, bodies=st.lists(st.binary(max_size=3), min_size=1, max_size=3), complete=st.booleans())
    def multipart(self, key: str, bodies: list[bytes], complete: bool) -> None:
        upload = self.bucket.create_multipart_upload(key)
        parts = [self.bucket.upload_part(upload.upload_id, n, b) for n, b in enumerate(bodies, 1)]
        listed = [CompletedPart(p.part_number, p.etag) for p in parts]
        if not complete:
            self.bucket.abort_multipart_upload(upload.upload_id)
            return
        if len(parts) > 1:  # every part but the last is under 5 MiB: refused, nothing written
            try:
                self.bucket.complete_multipart_upload(upload.upload_id, listed)
                raise AssertionError("EntityTooSmall expected")
            except EntityTooSmall:
                listed = listed[-1:]
        v = self.bucket.complete_multipart_upload(upload.upload_id, listed)
        assert v.etag.endswith(f'-{len(listed)}"')
        self._write(key, bodies[-1], v.version_id)  # the one listed part is the last uploaded
        assert not self.bucket.uploads

    @rule(key=KEYS, which=st.sampled_from(["tags", "md5", "checksum", "if_match", "storage"]))
    def failing_put(self, key: str, which: str) -> None:
        kwargs: dict[str, Any] = {
            "tags": {"tags": {"aws:x": "1"}}, "md5": {"content_md5": "AAAAAAAAAAAAAAAAAAAAAA=="},
            "checksum": {"checksums": {"CRC32": "AAAAAA=="}}, "if_match": {"if_match": '"nope"'},
            "storage": {"storage_class": "NOPE"},
        }[which]
        try:
            self.bucket.put_object(key, b"payload", **kwargs)
            raise AssertionError("the put should have failed")
        except AWSError:
            pass

    @rule(status=st.sampled_from(["Enabled", "Suspended"]))
    def set_versioning(self, status: str) -> None:
        self.bucket.set_versioning(status)
        self.status = status

    @invariant()
    def internal_invariants(self) -> None:
        self.bucket._check()

    @invariant()
    def reads_match(self) -> None:
        for key, history in self.model.items():
            vid, body = history[-1]
            if body is None:
                try:
                    self.bucket.get_object(key)
                    raise AssertionError("a delete marker must hide the key")
                except NoSuchKey:
                    pass
            else:
                assert self.bucket.get_object(key).body == body
            for v, b in history:
                if b is not None:
                    assert self.bucket.get_object(key, version_id=v).body == b

    @invariant()
    def listings_match(self) -> None:
        live = sorted((k for k, h in self.model.items() if h[-1][1] is not None), key=lambda k: k.encode())
        assert [o.key for o in self.bucket.iter_objects()] == live
        assert [o.key for o in self.bucket.list_objects().objects] == live
        versions = self.bucket.list_object_versions().entries
        expected = [(k, v) for k in sorted(self.model, key=lambda k: k.encode()) for v, _ in reversed(self.model[k])]
        assert [(e.key, e.version_id) for e in versions] == expected


TestVersionedBucket = VersionedBucketMachine.TestCase
TestVersionedBucket.settings = settings(max_examples=60, stateful_step_count=30)


@settings(max_examples=100)
@given(st.lists(st.tuples(KEYS, st.booleans()), max_size=20), PREFIXES, DELIMS, st.integers(1, 4))
def test_version_pagination_never_skips_or_repeats(
    ops: list[tuple[str, bool]], prefix: str, delimiter: str | None, max_keys: int
) -> None:
    bucket = S3Store(clock=ManualClock(0)).create_bucket("prop")
    bucket.set_versioning("Enabled")
    for key, is_delete in ops:
        if is_delete:
            bucket.delete_object(key)
        else:
            bucket.put_object(key, b"")
    full = bucket.list_object_versions(prefix, delimiter=delimiter, max_keys=1000)
    assert not full.is_truncated
    expected = [(e.key, e.version_id) for e in full.entries] + [("cp", p) for p in full.common_prefixes]
    seen: list[tuple[str, str]] = []
    key_marker = version_marker = None
    for _ in range(500):
        page = bucket.list_object_versions(prefix, delimiter=delimiter, key_marker=key_marker,
                                           version_id_marker=version_marker, max_keys=max_keys)
        assert len(page.entries) + len(page.common_prefixes) <= max_keys
        seen += [(e.key, e.version_id) for e in page.entries] + [("cp", p) for p in page.common_prefixes]
        if not page.is_truncated:
            break
        key_marker, version_marker = page.next_key_marker, page.next_version_id_marker
    assert sorted(seen) == sorted(expected) and len(seen) == len(expected)
