"""Service definitions: ``redshift``, ``redshift-serverless`` and ``redshift-data`` share one state per account/region."""

from __future__ import annotations

from ..core.services import ServiceDefinition
from .api_cluster import api as cluster_api
from .api_data import api as data_api
from .api_serverless import api as serverless_api
from .control import RedshiftState

SERVICES = {
    "redshift": ServiceDefinition("redshift", cluster_api,
                                  factory=lambda cloud, account, region: RedshiftState(cloud, account, region)),
    "redshift-serverless": ServiceDefinition(
        "redshift-serverless", serverless_api,
        factory=lambda cloud, account, region: cloud.backend("redshift", account, region)),
    "redshift-data": ServiceDefinition(
        "redshift-data", data_api,
        factory=lambda cloud, account, region: cloud.backend("redshift", account, region)),
}
