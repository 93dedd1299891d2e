"""Listing scenarios ported from ceph/s3-tests (the parts that pass against real AWS).

Each test restates, in our own words, what the s3-tests suite asserts about
S3's answers to ListObjects / ListObjectsV2: delimiters of any character,
prefix/delimiter paging with MaxKeys, markers, and the echoed request fields.
"""

from __future__ import annotations

from typing import Any

import pytest


def _fill(s3: Any, bucket: str, keys: list[str]) -> None:
    for key in keys:
        s3.put_object(Bucket=bucket, Key=key, Body=key.encode())


def _keys(resp: dict[str, Any]) -> list[str]:
    return [o["Key"] for o in resp.get("Contents", [])]


def _prefixes(resp: dict[str, Any]) -> list[str]:
    return [p["Prefix"] for p in resp.get("CommonPrefixes", [])]


@pytest.mark.parametrize("v2", [False, True])
def test_delimiter_slash_groups_nested_keys(s3: Any, bucket: str, v2: bool) -> None:
    _fill(s3, bucket, ["foo/bar", "foo/bar/xyzzy", "quux/thud", "asdf"])
    call = s3.list_objects_v2 if v2 else s3.list_objects
    resp = call(Bucket=bucket, Delimiter="/")
    assert resp["Delimiter"] == "/"
    assert _keys(resp) == ["asdf"]
    assert _prefixes(resp) == ["foo/", "quux/"]
    if v2:
        assert resp["KeyCount"] == 3


@pytest.mark.parametrize(
    ("delim", "keys", "prefixes"),
    [
        ("a", ["bar", "baz", "cab", "foo"], ["ba", "ca"]),
        ("%", ["b%ar", "b%az", "c%ab", "foo"], ["b%", "c%"]),
        (" ", ["b ar", "b az", "c ab", "foo"], ["b ", "c "]),
        (".", ["b.ar", "b.az", "c.ab", "foo"], ["b.", "c."]),
    ],
)
@pytest.mark.parametrize("v2", [False, True])
def test_any_character_is_a_delimiter(
    s3: Any, bucket: str, v2: bool, delim: str, keys: list[str], prefixes: list[str]
) -> None:
    _fill(s3, bucket, keys)
    call = s3.list_objects_v2 if v2 else s3.list_objects
    resp = call(Bucket=bucket, Delimiter=delim)
    assert resp["Delimiter"] == delim
    assert _keys(resp) == ["foo"]
    assert _prefixes(resp) == prefixes


@pytest.mark.parametrize("v2", [False, True])
def test_multi_character_delimiter(s3: Any, bucket: str, v2: bool) -> None:
    _fill(s3, bucket, ["_obj1_", "_under1/bar", "_under1/baz/xyzzy", "_under2/thud", "_under2/bla"])
    call = s3.list_objects_v2 if v2 else s3.list_objects
    resp = call(Bucket=bucket, Delimiter="r1/")
    # only keys containing the whole delimiter roll up
    assert _prefixes(resp) == ["_under1/"]
    assert _keys(resp) == ["_obj1_", "_under2/bla", "_under2/thud"]


@pytest.mark.parametrize("v2", [False, True])
def test_unreadable_delimiter_matching_nothing(s3: Any, bucket: str, v2: bool) -> None:
    names = ["bar", "baz", "cab", "foo"]
    _fill(s3, bucket, names)
    call = s3.list_objects_v2 if v2 else s3.list_objects
    resp = call(Bucket=bucket, Delimiter="\x0a")
    assert resp["Delimiter"] == "\x0a"
    assert _keys(resp) == names
    assert _prefixes(resp) == []


@pytest.mark.parametrize("v2", [False, True])
@pytest.mark.parametrize("delim", ["", None])
def test_empty_or_absent_delimiter_is_not_echoed(
    s3: Any, bucket: str, v2: bool, delim: str | None
) -> None:
    names = ["bar", "baz", "cab", "foo"]
    _fill(s3, bucket, names)
    call = s3.list_objects_v2 if v2 else s3.list_objects
    kwargs = {} if delim is None else {"Delimiter": delim}
    resp = call(Bucket=bucket, **kwargs)
    assert "Delimiter" not in resp
    assert _keys(resp) == names
    assert _prefixes(resp) == []


@pytest.mark.parametrize("v2", [False, True])
def test_delimiter_not_in_any_key(s3: Any, bucket: str, v2: bool) -> None:
    names = ["bar", "baz", "cab", "foo"]
    _fill(s3, bucket, names)
    call = s3.list_objects_v2 if v2 else s3.list_objects
    resp = call(Bucket=bucket, Delimiter="/")
    assert resp["Delimiter"] == "/"
    assert _keys(resp) == names
    assert _prefixes(resp) == []


def _walk_v1(s3: Any, bucket: str, prefix: str, delim: str, max_keys: int) -> list[tuple]:
    pages = []
    marker = ""
    while True:
        resp = s3.list_objects(
            Bucket=bucket, Prefix=prefix, Delimiter=delim, Marker=marker, MaxKeys=max_keys
        )
        assert resp["IsTruncated"] == ("NextMarker" in resp)
        pages.append((_keys(resp), _prefixes(resp), resp.get("NextMarker")))
        if not resp["IsTruncated"]:
            return pages
        marker = resp["NextMarker"]


def _walk_v2(s3: Any, bucket: str, prefix: str, delim: str, max_keys: int) -> list[tuple]:
    pages = []
    token: dict[str, str] = {}
    while True:
        resp = s3.list_objects_v2(
            Bucket=bucket, Prefix=prefix, Delimiter=delim, MaxKeys=max_keys, **token
        )
        assert resp["KeyCount"] == len(_keys(resp)) + len(_prefixes(resp))
        pages.append((_keys(resp), _prefixes(resp), resp["IsTruncated"]))
        if not resp["IsTruncated"]:
            return pages
        token = {"ContinuationToken": resp["NextContinuationToken"]}


PAGED = ["asdf", "boo/bar", "boo/baz/xyzzy", "cquux/thud", "cquux/bla"]


def test_prefix_delimiter_paging_v1(s3: Any, bucket: str) -> None:
    _fill(s3, bucket, PAGED)
    assert _walk_v1(s3, bucket, "", "/", 1) == [
        (["asdf"], [], "asdf"),
        ([], ["boo/"], "boo/"),
        ([], ["cquux/"], None),
    ]
    assert _walk_v1(s3, bucket, "", "/", 2) == [
        (["asdf"], ["boo/"], "boo/"),
        ([], ["cquux/"], None),
    ]
    assert _walk_v1(s3, bucket, "boo/", "/", 1) == [
        (["boo/bar"], [], "boo/bar"),
        ([], ["boo/baz/"], None),
    ]
    assert _walk_v1(s3, bucket, "boo/", "/", 2) == [(["boo/bar"], ["boo/baz/"], None)]


def test_prefix_delimiter_paging_v2(s3: Any, bucket: str) -> None:
    _fill(s3, bucket, PAGED)
    assert _walk_v2(s3, bucket, "", "/", 1) == [
        (["asdf"], [], True),
        ([], ["boo/"], True),
        ([], ["cquux/"], False),
    ]
    assert _walk_v2(s3, bucket, "", "/", 2) == [
        (["asdf"], ["boo/"], True),
        ([], ["cquux/"], False),
    ]
    assert _walk_v2(s3, bucket, "boo/", "/", 2) == [(["boo/bar"], ["boo/baz/"], False)]


def test_prefix_underscore_paging(s3: Any, bucket: str) -> None:
    _fill(s3, bucket, ["_obj1_", "_under1/bar", "_under1/baz/xyzzy", "_under2/thud", "_under2/bla"])
    assert _walk_v1(s3, bucket, "", "/", 1) == [
        (["_obj1_"], [], "_obj1_"),
        ([], ["_under1/"], "_under1/"),
        ([], ["_under2/"], None),
    ]
    assert _walk_v1(s3, bucket, "_under1/", "/", 1) == [
        (["_under1/bar"], [], "_under1/bar"),
        ([], ["_under1/baz/"], None),
    ]


@pytest.mark.parametrize("v2", [False, True])
def test_prefix_ending_with_delimiter_lists_that_key(s3: Any, bucket: str, v2: bool) -> None:
    _fill(s3, bucket, ["asdf/"])
    call = s3.list_objects_v2 if v2 else s3.list_objects
    resp = call(Bucket=bucket, Prefix="asdf/", Delimiter="/")
    assert _keys(resp) == ["asdf/"]
    assert _prefixes(resp) == []
    assert resp["Prefix"] == "asdf/"


@pytest.mark.parametrize("v2", [False, True])
def test_prefix_and_delimiter_alt(s3: Any, bucket: str, v2: bool) -> None:
    _fill(s3, bucket, ["bar", "bazar", "cab", "foo"])
    call = s3.list_objects_v2 if v2 else s3.list_objects
    resp = call(Bucket=bucket, Prefix="ba", Delimiter="a")
    assert resp["Prefix"] == "ba"
    assert resp["Delimiter"] == "a"
    assert _keys(resp) == ["bar"]
    assert _prefixes(resp) == ["baza"]


@pytest.mark.parametrize("v2", [False, True])
@pytest.mark.parametrize(
    ("prefix", "delim", "keys", "prefixes"),
    [
        ("d", "/", [], []),  # prefix matches nothing
        ("", "d", ["b/a/c", "b/a/g", "b/a/r", "g"], []),  # delimiter matches nothing
        ("b", "z", ["b/a/c", "b/a/g", "b/a/r"], []),  # both match, delimiter absent
        ("y", "z", [], []),  # neither matches
        ("b/a", "a", ["b/a/c", "b/a/g", "b/a/r"], []),  # delimiter only inside the prefix
    ],
)
def test_prefix_delimiter_combinations(
    s3: Any, bucket: str, v2: bool, prefix: str, delim: str, keys: list[str], prefixes: list[str]
) -> None:
    _fill(s3, bucket, ["b/a/c", "b/a/g", "b/a/r", "g"])
    call = s3.list_objects_v2 if v2 else s3.list_objects
    resp = call(Bucket=bucket, Prefix=prefix, Delimiter=delim)
    assert _keys(resp) == keys
    assert _prefixes(resp) == prefixes


@pytest.mark.parametrize("v2", [False, True])
def test_prefix_basic_alt_empty_none(s3: Any, bucket: str, v2: bool) -> None:
    names = ["foo/bar", "foo/baz", "quux"]
    _fill(s3, bucket, names)
    call = s3.list_objects_v2 if v2 else s3.list_objects
    resp = call(Bucket=bucket, Prefix="foo/")
    assert resp["Prefix"] == "foo/"
    assert _keys(resp) == ["foo/bar", "foo/baz"]
    assert _prefixes(resp) == []
    resp = call(Bucket=bucket, Prefix="")
    assert resp["Prefix"] == ""
    assert _keys(resp) == names
    resp = call(Bucket=bucket)
    assert resp["Prefix"] == ""
    assert _keys(resp) == names
    resp = call(Bucket=bucket, Prefix="d")
    assert _keys(resp) == [] and resp["IsTruncated"] is False


@pytest.mark.parametrize("v2", [False, True])
def test_unreadable_prefix_matches_nothing(s3: Any, bucket: str, v2: bool) -> None:
    _fill(s3, bucket, ["foo/bar", "foo/baz", "quux"])
    call = s3.list_objects_v2 if v2 else s3.list_objects
    resp = call(Bucket=bucket, Prefix="\x0a")
    assert resp["Prefix"] == "\x0a"
    assert _keys(resp) == []
    assert _prefixes(resp) == []


NAMES = ["bar", "baz", "foo", "quxx"]


@pytest.mark.parametrize("v2", [False, True])
def test_maxkeys_one_then_rest(s3: Any, bucket: str, v2: bool) -> None:
    _fill(s3, bucket, NAMES)
    if v2:
        resp = s3.list_objects_v2(Bucket=bucket, MaxKeys=1)
        assert resp["IsTruncated"] is True and resp["MaxKeys"] == 1
        assert _keys(resp) == NAMES[:1]
        rest = s3.list_objects_v2(Bucket=bucket, StartAfter=NAMES[0])
    else:
        resp = s3.list_objects(Bucket=bucket, MaxKeys=1)
        assert resp["IsTruncated"] is True and resp["MaxKeys"] == 1
        assert _keys(resp) == NAMES[:1]
        assert "NextMarker" not in resp  # V1 gives NextMarker only with a delimiter
        rest = s3.list_objects(Bucket=bucket, Marker=NAMES[0])
    assert rest["IsTruncated"] is False
    assert _keys(rest) == NAMES[1:]


@pytest.mark.parametrize("v2", [False, True])
def test_maxkeys_zero_and_default(s3: Any, bucket: str, v2: bool) -> None:
    _fill(s3, bucket, NAMES)
    call = s3.list_objects_v2 if v2 else s3.list_objects
    resp = call(Bucket=bucket, MaxKeys=0)
    assert resp["IsTruncated"] is False
    assert _keys(resp) == []
    assert resp["MaxKeys"] == 0
    resp = call(Bucket=bucket)
    assert resp["IsTruncated"] is False
    assert resp["MaxKeys"] == 1000
    assert _keys(resp) == NAMES


def test_v1_marker_fields(s3: Any, bucket: str) -> None:
    _fill(s3, bucket, NAMES)
    resp = s3.list_objects(Bucket=bucket)
    assert resp["Marker"] == ""  # echoed empty when absent
    resp = s3.list_objects(Bucket=bucket, Marker="")
    assert resp["Marker"] == "" and _keys(resp) == NAMES
    resp = s3.list_objects(Bucket=bucket, Marker="\x0a")
    assert resp["Marker"] == "\x0a" and _keys(resp) == NAMES
    resp = s3.list_objects(Bucket=bucket, Marker="blah")
    assert resp["Marker"] == "blah" and _keys(resp) == ["foo", "quxx"]
    resp = s3.list_objects(Bucket=bucket, Marker="zzz")
    assert resp["IsTruncated"] is False and _keys(resp) == []
    resp = s3.list_objects(Bucket=bucket, Marker="aaa")
    assert _keys(resp) == NAMES


def test_v2_start_after_fields(s3: Any, bucket: str) -> None:
    _fill(s3, bucket, NAMES)
    resp = s3.list_objects_v2(Bucket=bucket)
    assert "StartAfter" not in resp and "ContinuationToken" not in resp
    resp = s3.list_objects_v2(Bucket=bucket, StartAfter="\x0a")
    assert resp["StartAfter"] == "\x0a" and _keys(resp) == NAMES
    resp = s3.list_objects_v2(Bucket=bucket, StartAfter="blah")
    assert resp["StartAfter"] == "blah" and _keys(resp) == ["foo", "quxx"]
    resp = s3.list_objects_v2(Bucket=bucket, StartAfter="zzz")
    assert resp["IsTruncated"] is False and _keys(resp) == []


def test_v2_continuation_token_wins_over_start_after(s3: Any, bucket: str) -> None:
    _fill(s3, bucket, NAMES)
    first = s3.list_objects_v2(Bucket=bucket, StartAfter="bar", MaxKeys=1)
    assert _keys(first) == ["baz"]
    token = first["NextContinuationToken"]
    resp = s3.list_objects_v2(Bucket=bucket, StartAfter="bar", ContinuationToken=token)
    assert resp["ContinuationToken"] == token
    # s3-tests also checks StartAfter is echoed; the sheet's AWS recording (and
    # other ports of the suite) say it is not when a token is sent: not asserted.
    assert _keys(resp) == ["foo", "quxx"]
    assert "NextContinuationToken" not in resp


def test_v2_fetch_owner(s3: Any, bucket: str) -> None:
    _fill(s3, bucket, NAMES)
    plain = s3.list_objects_v2(Bucket=bucket)
    assert all("Owner" not in o for o in plain["Contents"])
    owned = s3.list_objects_v2(Bucket=bucket, FetchOwner=True)
    assert all("ID" in o["Owner"] for o in owned["Contents"])
    explicit_off = s3.list_objects_v2(Bucket=bucket, FetchOwner=False)
    assert all("Owner" not in o for o in explicit_off["Contents"])


def test_list_return_data(s3: Any, bucket: str) -> None:
    _fill(s3, bucket, ["bar", "baz", "foo"])
    heads = {k: s3.head_object(Bucket=bucket, Key=k) for k in ["bar", "baz", "foo"]}
    resp = s3.list_objects(Bucket=bucket)
    for obj in resp["Contents"]:
        head = heads[obj["Key"]]
        assert obj["ETag"] == head["ETag"]
        assert obj["Size"] == head["ContentLength"]
        assert obj["LastModified"] == head["LastModified"]
        assert obj["StorageClass"] == "STANDARD"
        assert "ID" in obj["Owner"]


def test_special_character_keys_list_in_byte_order(s3: Any, bucket: str) -> None:
    names = ["!", "-", "_", "a", "Z", "~", "é", "0"]
    _fill(s3, bucket, names)
    resp = s3.list_objects_v2(Bucket=bucket)
    assert _keys(resp) == sorted(names, key=lambda k: k.encode())
    for key in names:
        assert s3.get_object(Bucket=bucket, Key=key)["Body"].read() == key.encode()


def test_many_keys_paged_by_v1_and_v2(s3: Any, bucket: str) -> None:
    _fill(s3, bucket, ["foo", "bar", "baz"])
    resp = s3.list_objects(Bucket=bucket, MaxKeys=2)
    assert _keys(resp) == ["bar", "baz"] and resp["IsTruncated"] is True
    resp = s3.list_objects(Bucket=bucket, Marker="baz")
    assert _keys(resp) == ["foo"] and resp["IsTruncated"] is False
    resp = s3.list_objects_v2(Bucket=bucket, MaxKeys=2)
    assert _keys(resp) == ["bar", "baz"] and resp["IsTruncated"] is True
    assert resp["KeyCount"] == 2
    resp = s3.list_objects_v2(Bucket=bucket, StartAfter="baz")
    assert _keys(resp) == ["foo"] and resp["IsTruncated"] is False and resp["KeyCount"] == 1


def test_encoding_type_url(s3: Any, bucket: str) -> None:
    _fill(s3, bucket, ["foo+1/bar", "foo/bar/xyzzy", "quux ab/thud", "asdf+b"])
    # asked for explicitly, the encoding reaches the caller (botocore only
    # decodes what it asked for on its own)
    for call in (s3.list_objects, s3.list_objects_v2):
        resp = call(Bucket=bucket, Delimiter="/", EncodingType="url")
        assert resp["EncodingType"] == "url"
        assert _keys(resp) == ["asdf%2Bb"]
        assert _prefixes(resp) == ["foo%2B1/", "foo/", "quux%20ab/"]
    # left to botocore, the same listing comes back decoded
    resp = s3.list_objects_v2(Bucket=bucket, Delimiter="/")
    assert _keys(resp) == ["asdf+b"]
    assert _prefixes(resp) == ["foo+1/", "foo/", "quux ab/"]


def test_list_missing_bucket(s3: Any, error_of: Any) -> None:
    for call in (s3.list_objects, s3.list_objects_v2):
        err = error_of(call, Bucket="ceph-ported-missing")
        assert err["Code"] == "NoSuchBucket"
        assert err["status"] == 404
        assert err["Message"] == "The specified bucket does not exist"
        assert err["BucketName"] == "ceph-ported-missing"
