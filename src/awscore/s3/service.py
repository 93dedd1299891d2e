"""The S3 service definition: one global store (``cloud.s3``) answering every account and region."""

from __future__ import annotations

from ..core.services import ServiceDefinition
from . import ops_buckets, ops_listing, ops_multipart, ops_objects  # noqa: F401  (register handlers)
from .api import api

SERVICE = ServiceDefinition("s3", api, factory=lambda cloud, account, region: cloud.s3, global_=True)
