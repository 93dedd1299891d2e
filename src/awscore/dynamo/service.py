"""DynamoDB's service definition: the ``dynamodb`` botocore client answered by :class:`DynamoDB`."""

from __future__ import annotations

from ..core.services import ServiceDefinition
from .api import api
from .backend import DynamoDB

__all__ = ["SERVICE"]

SERVICE = ServiceDefinition(
    "dynamodb",
    api,
    factory=lambda cloud, account, region: DynamoDB(clock=cloud.clock, account=account, region=region),
    global_=False,
)
