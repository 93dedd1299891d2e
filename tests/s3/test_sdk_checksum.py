"""The checksum S3 stores is the one the SDK sent: CRC32 by default, none with when_required."""

import boto3
from botocore.config import Config

from awscore import mock_aws


def test_default_client_sends_crc32_when_required_sends_none():
    with mock_aws() as cloud:
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="sums")
        s3.put_object(Bucket="sums", Key="a", Body=b"hello")
        head = s3.head_object(Bucket="sums", Key="a", ChecksumMode="ENABLED")
        assert "ChecksumCRC32" in head
        lean = boto3.client("s3", region_name="us-east-1",
                            config=Config(request_checksum_calculation="when_required"))
        lean.put_object(Bucket="sums", Key="b", Body=b"hello")
        assert cloud.s3.get_object("sums", "b").checksum_algorithm != "CRC32"


def test_stubber_and_user_hooks_run_before_awscore_answers():
    from botocore.stub import Stubber

    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        seen = []
        s3.meta.events.register("before-call.s3.ListBuckets", lambda **kw: seen.append("hook"))
        s3.list_buckets()
        assert seen == ["hook"]
        with Stubber(s3) as stub:
            stub.add_response("list_buckets", {"Buckets": [{"Name": "stubbed"}]})
            assert s3.list_buckets()["Buckets"][0]["Name"] == "stubbed"


def test_s3_response_metadata_has_request_id_and_host_id():
    from botocore.exceptions import ClientError

    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        meta = s3.create_bucket(Bucket="meta-bucket")["ResponseMetadata"]
        assert len(meta["RequestId"]) == 16 and meta["HostId"]
        assert meta["HTTPHeaders"]["x-amz-request-id"] == meta["RequestId"]
        assert meta["HTTPHeaders"]["x-amz-id-2"] == meta["HostId"]
        try:
            s3.get_object(Bucket="meta-bucket", Key="missing")
        except ClientError as e:
            assert e.response["ResponseMetadata"]["HostId"]
            assert "x-amzn-requestid" not in e.response["ResponseMetadata"]["HTTPHeaders"]
        else:
            raise AssertionError("NoSuchKey expected")
