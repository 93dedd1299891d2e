"""Sequence numbers: AWS's 56-digit layout, round trips, ordering."""

from hypothesis import given
from hypothesis import strategies as st

from awscore.kinesis import seqnum

SAMPLE = 49546986683135544286507457936321625675700192471156785154


def test_decodes_the_aws_sample() -> None:
    parts = seqnum.decode(SAMPLE)
    assert parts == seqnum.SeqParts(1421279230, 0, 469, 1421279386)
    assert len(str(SAMPLE)) == 56


secs = st.integers(min_value=1_000_000_000, max_value=4_000_000_000)


@given(secs, st.integers(0, 2**31 - 1), st.integers(0, seqnum.END_SEQ_INDEX), secs)
def test_round_trip(create: int, index: int, seq: int, record: int) -> None:
    number = seqnum.encode(create, index, seq, record)
    assert seqnum.decode(number) == (create, index, seq, record)
    assert seqnum.parse(str(number)) == number


@given(secs, st.integers(0, 1000), st.integers(0, 2**40), st.integers(0, 2**40), secs, secs)
def test_order_follows_sequence_index_then_creation(create, index, a, b, ta, tb) -> None:
    if a < b:
        assert seqnum.encode(create, index, a, ta) < seqnum.encode(create, index, b, tb)
    assert seqnum.encode(create, index, a, ta) < seqnum.encode(create + 1, index + 1, 0, ta)


@given(st.text(max_size=70))
def test_parse_never_raises(text: str) -> None:
    value = seqnum.parse(text)
    if value is not None:
        seqnum.decode(value)


def test_rejects_foreign_numbers() -> None:
    assert seqnum.decode(12345) is None
    assert seqnum.decode(SAMPLE + 1) is None
    assert seqnum.parse("01a") is None
