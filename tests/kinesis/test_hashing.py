"""The hash space: AWS's uniform split, MD5 routing and the bisected router."""

from hypothesis import given
from hypothesis import strategies as st

from awscore.kinesis import MAX_HASH, Stream, hash_key, uniform_ranges
from awscore.kinesis.hashing import Router


def test_three_shard_ranges_match_aws() -> None:
    assert uniform_ranges(3) == [
        (0, 113427455640312821154458202477256070484),
        (113427455640312821154458202477256070485, 226854911280625642308916404954512140969),
        (226854911280625642308916404954512140970, 340282366920938463463374607431768211455),
    ]


@given(st.integers(min_value=1, max_value=2000))
def test_uniform_ranges_tile_the_space(n: int) -> None:
    ranges = uniform_ranges(n)
    assert len(ranges) == n
    assert ranges[0][0] == 0 and ranges[-1][1] == MAX_HASH
    width = (1 << 128) // n
    for i, (lo, hi) in enumerate(ranges):
        assert lo == width * i
        assert lo <= hi
    for (_, hi), (lo, _) in zip(ranges, ranges[1:]):
        assert hi + 1 == lo


def test_known_routings() -> None:
    three = Stream("three", shard_count=3)
    assert [three.put_record(b"x", k).shard_id[-1] for k in "abfe1"] == list("01122")
    four = Stream("four", shard_count=4)
    assert [four.put_record(b"x", k).shard_id[-1] for k in "abe"] == list("023")


def test_hash_key_is_md5_of_utf8() -> None:
    assert hash_key("a") == 0x0CC175B9C0F1B6A831C399E269772661
    assert hash_key("é") == int.from_bytes(__import__("hashlib").md5("é".encode()).digest(), "big")


@given(st.integers(min_value=1, max_value=64), st.lists(st.integers(0, MAX_HASH), max_size=50))
def test_router_agrees_with_a_scan(n: int, keys: list[int]) -> None:
    ranges = uniform_ranges(n)
    router = Router([(lo, i) for i, (lo, _) in enumerate(ranges)])
    for key in keys + [0, MAX_HASH]:
        naive = next(i for i, (lo, hi) in enumerate(ranges) if lo <= key <= hi)
        assert router.route(key) == naive
