"""mock_aws in every shape real test suites use (checked with the STS service)."""

import unittest

import boto3
import botocore.session
import pytest
from botocore import UNSIGNED
from botocore.config import Config
from botocore.exceptions import ClientError

import awscore
from awscore import Cloud, mock_aws
from awscore.mock import adapter


def account() -> str:
    return boto3.client("sts", region_name="us-east-1").get_caller_identity()["Account"]


def test_context_manager_yields_cloud():
    with mock_aws() as cloud:
        assert isinstance(cloud, Cloud)
        assert account() == "123456789012"
    assert adapter.active_cloud() is None


@pytest.fixture
def value():
    return 42


@mock_aws
def test_function_decorator_keeps_fixtures(value, tmp_path):
    assert value == 42
    assert tmp_path.exists()
    assert account() == "123456789012"


@mock_aws()
def test_called_decorator_form():
    assert adapter.active_cloud() is not None


@mock_aws
class TestUnittestClass(unittest.TestCase):
    def setUp(self):
        self.cloud = adapter.active_cloud()

    def test_setup_and_test_share_cloud(self):
        assert adapter.active_cloud() is self.cloud
        assert account() == "123456789012"


@mock_aws
class TestPytestClass:
    def setup_method(self, method):
        self.cloud = adapter.active_cloud()

    def test_setup_and_test_share_cloud(self):
        assert self.cloud is not None
        assert adapter.active_cloud() is self.cloud


def test_start_stop_and_reenter():
    m = mock_aws()
    c1 = m.start()
    assert account() == "123456789012"
    m.stop()
    c2 = m.start()
    assert c2 is not c1
    assert account() == "123456789012"
    m.stop()
    with pytest.raises(RuntimeError):
        m.stop()


def test_nested_shares_outer_cloud():
    with mock_aws() as outer:
        with mock_aws() as inner:
            assert inner is outer
        assert adapter.active_cloud() is outer
    assert adapter.active_cloud() is None


def test_explicit_cloud_and_clock():
    cloud = Cloud(clock=awscore.ManualClock(0))
    with mock_aws(cloud=cloud) as c:
        assert c is cloud
        c.clock.advance(10)
        assert cloud.clock.now() == 10


def test_account_from_access_key():
    with mock_aws():
        c = boto3.client("sts", region_name="us-east-1", aws_access_key_id="111122223333",
                         aws_secret_access_key="x")
        assert c.get_caller_identity()["Account"] == "111122223333"


@pytest.mark.parametrize(
    "make",
    [
        lambda: boto3.client("sts", region_name="eu-west-1"),
        lambda: boto3.session.Session().client("sts", region_name="eu-west-1"),
        lambda: botocore.session.get_session().create_client("sts", region_name="eu-west-1"),
        lambda: boto3.client("sts", region_name="eu-west-1", endpoint_url="http://localhost:8000"),
        lambda: boto3.client("sts", region_name="eu-west-1", config=Config(signature_version=UNSIGNED)),
        lambda: boto3.client("sts", region_name="eu-west-1", config=Config(parameter_validation=False)),
        lambda: boto3.client("s3", region_name="eu-west-1", config=Config(signature_version="s3")),
    ],
    ids=["boto3", "session", "botocore", "endpoint_url", "unsigned", "novalidate", "sigv2"],
)
def test_every_client_shape_is_answered(make):
    with mock_aws():
        client = make()
        if client.meta.service_model.service_name == "sts":
            assert client.get_caller_identity()["Account"] == "123456789012"
        else:
            with pytest.raises(ClientError):  # answered in-process, never the network
                client.get_bucket_policy(Bucket="no-such-bucket-awscore")


def test_client_created_before_mock_is_answered():
    client = boto3.client("sts", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="y")
    with mock_aws():
        assert client.get_caller_identity()["Account"] == "123456789012"


def test_replaced_event_emitter_is_answered():
    from botocore.hooks import HierarchicalEmitter

    with mock_aws():
        client = boto3.client("sts", region_name="us-east-1")
        client.meta.events = HierarchicalEmitter()
        assert client.get_caller_identity()["Account"] == "123456789012"


def test_unimplemented_operation_names_service_and_operation():
    with mock_aws():
        with pytest.raises(ClientError) as e:
            boto3.client("sts", region_name="us-east-1").get_access_key_info(AccessKeyId="AKIAIOSFODNN7EXAMPLE")
        assert e.value.response["Error"]["Code"] == "NotImplemented"
        assert "sts.GetAccessKeyInfo" in e.value.response["Error"]["Message"]
        with pytest.raises(ClientError) as e:
            boto3.client("ec2", region_name="us-east-1").describe_instances()
        assert "ec2" in e.value.response["Error"]["Message"]


def test_cloud_client_works_without_mock():
    cloud = Cloud()
    sts = cloud.client("sts", account_id="210987654321")
    assert sts.get_caller_identity()["Account"] == "210987654321"
    assert adapter.active_cloud() is None


def test_fake_credentials_only_while_active(monkeypatch):
    import os

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "real-key")
    with mock_aws():
        assert os.environ["AWS_ACCESS_KEY_ID"] == "testing"
    assert os.environ["AWS_ACCESS_KEY_ID"] == "real-key"


def test_pytest_plugin_fixture(aws):
    assert isinstance(aws, Cloud)
    assert adapter.active_cloud() is aws
    before = aws.clock.now()
    aws.clock.advance(5)
    assert aws.clock.now() == before + 5


def test_client_side_validation_still_runs():
    from botocore.exceptions import ParamValidationError

    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        with pytest.raises(ParamValidationError):
            s3.put_object(Key="k", Body=b"x")  # Bucket missing
        with pytest.raises(ParamValidationError):
            s3.list_objects_v2(Bucket="some-bucket", MaxKeys="ten")


def test_unmocked_client_still_serializes_for_the_wire():
    client = boto3.client("sts", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="y")
    with mock_aws():
        client.get_caller_identity()
    model = client.meta.service_model.operation_model("GetCallerIdentity")
    request = client._convert_to_request_dict({}, model, "https://sts.amazonaws.com", context={})
    assert request["body"]  # outside mock_aws the real serializer runs again


def test_json_modeled_errors_carry_their_message_member():
    with mock_aws():
        ddb = boto3.client("dynamodb", region_name="us-east-1")
        with pytest.raises(ddb.exceptions.ResourceNotFoundException) as e:
            ddb.describe_table(TableName="missing")
        assert e.value.response["message"] == e.value.response["Error"]["Message"]
