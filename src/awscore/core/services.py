"""The catalogue of services a :class:`~awscore.Cloud` can serve.

A service package exposes ``SERVICE`` (a :class:`ServiceDefinition`) from its
``service`` module; the cloud imports it on first use, so importing awscore
does not import every engine.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from .errors import NotImplementedByAwscore

if TYPE_CHECKING:
    from ..cloud import Cloud
    from .registry import ServiceAPI

__all__ = ["ServiceDefinition", "load_service", "SERVICE_MODULES"]

#: botocore service name -> the awscore package that serves it
SERVICE_MODULES: dict[str, str] = {
    "s3": "awscore.s3",
    "dynamodb": "awscore.dynamo",
    "kinesis": "awscore.kinesis",
    "firehose": "awscore.firehose",
    "redshift-data": "awscore.redshift",
    "redshift": "awscore.redshift",
    "redshift-serverless": "awscore.redshift",
    "glue": "awscore.glue",
    "sts": "awscore.sts",
}


@dataclass(frozen=True)
class ServiceDefinition:
    """How to build a service's state and answer its API.

    ``factory(cloud, account, region)`` builds the per-account, per-region
    state; a ``global_`` service (S3) has one state for the whole cloud.
    """

    name: str
    api: ServiceAPI
    factory: Callable[[Cloud, str, str], Any]
    global_: bool = False


@cache
def load_service(name: str) -> ServiceDefinition:
    """The definition of botocore service ``name``, importing its package on first use."""
    module = SERVICE_MODULES.get(name)
    if module is None:
        raise NotImplementedByAwscore(f"awscore does not implement the {name} service")
    try:
        service_module = importlib.import_module(module + ".service")
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith(module):
            raise NotImplementedByAwscore(f"awscore does not implement the {name} service yet") from None
        raise
    definitions = getattr(service_module, "SERVICES", None) or {name: service_module.SERVICE}
    return definitions[name]
