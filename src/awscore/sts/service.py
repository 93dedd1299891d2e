"""STS operations: ``GetCallerIdentity`` answers with the calling account."""

from __future__ import annotations

from typing import Any

from ..core.registry import RequestContext, ServiceAPI
from ..core.services import ServiceDefinition

api = ServiceAPI("sts")


@api.operation("GetCallerIdentity")
def get_caller_identity(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """The account, user id and ARN of the caller (the account's root user here)."""
    return {
        "UserId": ctx.account,
        "Account": ctx.account,
        "Arn": f"arn:aws:iam::{ctx.account}:root",
    }


SERVICE = ServiceDefinition("sts", api, factory=lambda cloud, account, region: None, global_=True)
