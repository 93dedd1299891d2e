"""STS: caller identity, and AssumeRole credentials that act in the role's account."""

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError


def test_assume_role_acts_in_the_roles_account(aws):
    sts = boto3.client("sts", region_name="us-east-1")
    out = sts.assume_role(RoleArn="arn:aws:iam::222233334444:role/deployer", RoleSessionName="ci")
    creds = out["Credentials"]
    assert creds["AccessKeyId"].startswith("ASIA") and len(creds["AccessKeyId"]) == 20
    assert out["AssumedRoleUser"]["Arn"] == "arn:aws:sts::222233334444:assumed-role/deployer/ci"
    assert out["AssumedRoleUser"]["AssumedRoleId"].startswith("AROA")
    assert out["AssumedRoleUser"]["AssumedRoleId"].endswith(":ci")
    assert creds["Expiration"].timestamp() == pytest.approx(aws.clock.now() + 3600)

    session = boto3.Session(aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"],
                            aws_session_token=creds["SessionToken"], region_name="us-east-1")
    who = session.client("sts").get_caller_identity()
    assert who["Account"] == "222233334444"
    assert who["Arn"] == out["AssumedRoleUser"]["Arn"]
    # resources made with the role's credentials belong to the role's account
    session.client("s3").create_bucket(Bucket="cross-account-bucket")
    assert aws.s3.get_bucket("cross-account-bucket").owner == "222233334444"
    assert sts.get_caller_identity()["Account"] == "123456789012"


def test_assume_role_validation(aws):
    sts = boto3.client("sts", region_name="us-east-1")
    with pytest.raises(ClientError) as e:
        sts.assume_role(RoleArn="arn:aws:iam::222233334444:user/nope", RoleSessionName="ci")
    assert e.value.response["Error"]["Code"] == "ValidationError"
    raw = boto3.client("sts", region_name="us-east-1", config=Config(parameter_validation=False))
    with pytest.raises(ClientError) as e:
        raw.assume_role(RoleArn="arn:aws:iam::222233334444:role/r", RoleSessionName="ci", DurationSeconds=60)
    assert e.value.response["Error"] == {
        "Code": "ValidationError",
        "Message": "1 validation error detected: Value '60' at 'durationSeconds' failed to satisfy constraint: "
                   "Member must have value greater than or equal to 900"}


def test_get_session_token(aws):
    sts = boto3.client("sts", region_name="us-east-1")
    creds = sts.get_session_token()["Credentials"]
    assert creds["Expiration"].timestamp() == pytest.approx(aws.clock.now() + 43200)
    again = boto3.client("sts", region_name="us-east-1", aws_access_key_id=creds["AccessKeyId"],
                         aws_secret_access_key=creds["SecretAccessKey"], aws_session_token=creds["SessionToken"])
    assert again.get_caller_identity()["Account"] == "123456789012"
