"""awscore: in-process engines for the AWS data services.

>>> import awscore
>>> cloud = awscore.Cloud()
>>> with awscore.mock_aws(cloud=cloud):
...     pass
"""

from .clock import Clock, ManualClock, SystemClock
from .cloud import DEFAULT_ACCOUNT, DEFAULT_REGION, Cloud
from .core.errors import AWSError
from .mock import mock_aws

__all__ = [
    "AWSError",
    "Clock",
    "Cloud",
    "DEFAULT_ACCOUNT",
    "DEFAULT_REGION",
    "ManualClock",
    "SystemClock",
    "mock_aws",
]
__version__ = "0.1.0"
