from awscore.core.errors import (
    AWSError,
    NotImplementedByAwscore,
    ResourceNotFoundException,
    ValidationException,
)


class NoSuchWidget(ResourceNotFoundException):
    pass


def test_code_defaults_to_class_name():
    assert NoSuchWidget.code == "NoSuchWidget"
    assert ValidationException.code == "ValidationException"
    assert NotImplementedByAwscore.code == "NotImplemented"


def test_kinds_inherit_builtins():
    err = ResourceNotFoundException("gone")
    assert isinstance(err, LookupError)
    assert isinstance(ValidationException("bad"), ValueError)
    assert isinstance(err, AWSError)


def test_response_is_botocore_shaped_and_fresh():
    err = ResourceNotFoundException("gone", extra={"Item": {"a": 1}}, error_fields={"Key": "k"})
    r1, r2 = err.response, err.response
    assert r1["Error"] == {"Code": "ResourceNotFoundException", "Message": "gone", "Key": "k"}
    assert r1["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert r1["Item"] == {"a": 1}
    r1["Error"]["Code"] = "mutated"
    assert r2["Error"]["Code"] == "ResourceNotFoundException"
    assert err.response["Error"]["Code"] == "ResourceNotFoundException"
