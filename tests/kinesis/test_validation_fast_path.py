"""The PutRecords fast path accepts and rejects exactly what the generic validator does."""

from hypothesis import given
from hypothesis import strategies as st

from awscore.core.errors import AWSError
from awscore.core.validation import Validator
from awscore.kinesis.api import _SHAPES, KinesisValidator, api
from awscore.kinesis.shapes import OPERATIONS


class _Generic(KinesisValidator):
    """Kinesis's reporting (capped, stream name last) without the fast path."""

    def validate(self, operation: str, params: dict) -> None:
        self._report(operation, params)


GENERIC = _Generic(_SHAPES, OPERATIONS)

entries = st.fixed_dictionaries(
    {"Data": st.one_of(st.binary(max_size=5), st.just("text"), st.none())},
    optional={
        "PartitionKey": st.one_of(st.text(max_size=3), st.just("k" * 257), st.none(), st.integers()),
        "ExplicitHashKey": st.one_of(st.sampled_from(["0", "12", "012", "-1", "x", str(2**128)]), st.none()),
        "Bogus": st.just(1),
    },
)
requests = st.fixed_dictionaries(
    {"Records": st.one_of(st.lists(entries, max_size=4), st.just([{"Data": b"x", "PartitionKey": "k"}] * 501))},
    optional={"StreamName": st.sampled_from(["s", "", "bad name", "x" * 129]), "StreamARN": st.just("nope")},
)


def outcome(validator: Validator, params: dict) -> tuple[str, str] | None:
    try:
        validator.validate("PutRecords", params)
    except AWSError as exc:
        return exc.code, exc.message
    return None


@given(requests)
def test_fast_path_agrees_with_the_generic_walk(params: dict) -> None:
    assert outcome(api.validator, params) == outcome(GENERIC, params)
