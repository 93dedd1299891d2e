"""boto3 served in-process: :func:`mock_aws` and the botocore adapter."""

from .mock_aws import mock_aws

__all__ = ["mock_aws"]
