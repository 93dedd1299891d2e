import pytest
from hypothesis import given
from hypothesis import strategies as st

from awscore.core.errors import SerializationException, ValidationException
from awscore.core.validation import Validator, validation_message

SHAPES = {
    "StreamName": ("string", {"min": 1, "max": 128, "pattern": "[a-zA-Z0-9_.-]+"}),
    "Data": ("blob", {"min": 0, "max": 10}),
    "Limit": ("integer", {"min": 1, "max": 10000}),
    "Mode": ("string", {"enum": ["PROVISIONED", "ON_DEMAND"]}),
    "Entry": ("structure", {"members": {"Data": "Data", "PartitionKey": "StreamName"},
                            "required": ["Data", "PartitionKey"]}),
    "Entries": ("list", {"member": "Entry", "min": 1, "max": 3}),
    "Tags": ("map", {"key": "StreamName", "value": "StreamName", "max": 2}),
    "Input": ("structure", {"members": {"StreamName": "StreamName", "Limit": "Limit", "Mode": "Mode",
                                        "Records": "Entries", "Tags": "Tags"},
                            "required": ["StreamName"]}),
}
V = Validator(SHAPES, {"Op": "Input"})


def test_valid_request_passes():
    V.validate("Op", {"StreamName": "s", "Limit": 5, "Records": [{"Data": b"x", "PartitionKey": "k"}]})


def test_missing_required_is_null():
    with pytest.raises(ValidationException) as e:
        V.validate("Op", {})
    assert e.value.message == (
        "1 validation error detected: Value null at 'streamName' failed to satisfy constraint: "
        "Member must not be null"
    )


def test_every_violation_reported():
    with pytest.raises(ValidationException) as e:
        V.validate("Op", {"StreamName": "", "Limit": 0, "Mode": "X"})
    msg = e.value.message
    assert msg.startswith("4 validation errors detected: ")
    assert "Value '' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+" in msg
    assert "Value '' at 'streamName' failed to satisfy constraint: Member must have length greater than or equal to 1" in msg
    assert "Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1" in msg
    assert "Member must satisfy enum value set: [PROVISIONED, ON_DEMAND]" in msg


def test_list_members_paths_and_blob_rendering():
    with pytest.raises(ValidationException) as e:
        V.validate("Op", {"StreamName": "s", "Records": [{"PartitionKey": "k", "Data": b"x" * 11}]})
    assert e.value.message == (
        "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=11 cap=11]' at "
        "'records.1.member.data' failed to satisfy constraint: Member must have length less than or equal to 10"
    )


def test_wrong_type_is_serialization_error():
    with pytest.raises(SerializationException):
        V.validate("Op", {"StreamName": 5})
    with pytest.raises(SerializationException):
        V.validate("Op", {"StreamName": "s", "Records": "nope"})


def test_report_caps_at_ten():
    msg = validation_message([f"v{i}" for i in range(12)])
    assert msg.startswith("10 validation errors detected: ")  # AWS counts only what it lists
    assert msg.count(";") == 9


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text() | st.binary(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=10,
)


@given(st.dictionaries(st.sampled_from(["StreamName", "Limit", "Mode", "Records", "Tags", "Other"]), json_values))
def test_fuzz_any_input_is_valid_or_typed_error(params):
    try:
        V.validate("Op", params)
    except (ValidationException, SerializationException):
        pass
