"""Registers the kinesis API with awscore's service catalogue."""

from __future__ import annotations

from ..core.services import ServiceDefinition
from . import handlers_consumers, handlers_records, handlers_streams, handlers_tags  # noqa: F401  (registration)
from .api import api
from .backend import KinesisBackend

SERVICE = ServiceDefinition(
    "kinesis", api, factory=lambda cloud, account, region: KinesisBackend(cloud.clock, account, region))
