"""STS: who is calling, and temporary credentials that act as another account.

``GetCallerIdentity`` answers with the calling account (the root user's ARN
for long-term keys, the assumed-role ARN for credentials from ``AssumeRole``).
``AssumeRole`` returns credentials that act in the role's account: a client
built with them reaches that account's resources, so cross-account code runs
unchanged. There is no IAM here: any well-formed role ARN can be assumed.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from ..clock import to_datetime
from ..cloud import Principal
from ..core.errors import InvalidInputError
from ..core.registry import RequestContext, ServiceAPI
from ..core.services import ServiceDefinition
from ..core.validation import Validator
from .shapes import OPERATIONS, SHAPES


class ValidationError(InvalidInputError):
    """STS's (query protocol) code for invalid parameters."""


api = ServiceAPI("sts", validator=Validator(SHAPES, OPERATIONS, error=ValidationError))

_ROLE_ARN = re.compile(r"arn:aws[a-z-]*:iam::(\d{12}):role/(?:[\w+=,.@-]+/)*([\w+=,.@-]{1,64})\Z")


def _unique_id(prefix: str, seed: str) -> str:
    """An IAM-style unique id (``AROA...``/``AIDA...``): 21 upper-case characters, stable per seed."""
    digest = hashlib.sha256(seed.encode()).hexdigest().upper()
    return prefix + digest[:17]


def _credentials(ctx: RequestContext, principal: Principal) -> dict[str, Any]:
    key, secret, token = ctx.cloud.issue_credentials(principal)
    return {"AccessKeyId": key, "SecretAccessKey": secret, "SessionToken": token,
            "Expiration": to_datetime(principal.expires)}


@api.operation("GetCallerIdentity")
def get_caller_identity(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """The account, user id and ARN of the caller."""
    principal = ctx.cloud.principal_of(ctx.caller)
    if principal is not None:
        return {"UserId": principal.user_id, "Account": principal.account, "Arn": principal.arn}
    return {"UserId": ctx.account, "Account": ctx.account, "Arn": f"arn:aws:iam::{ctx.account}:root"}


@api.operation("AssumeRole")
def assume_role(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """Temporary credentials acting as the role (default 1 hour, 900..43200 seconds)."""
    role_arn = params["RoleArn"]
    match = _ROLE_ARN.match(role_arn)
    if match is None:
        raise ValidationError(f"{role_arn} is invalid")
    account, role = match.group(1), match.group(2)
    session = params["RoleSessionName"]
    duration = params.get("DurationSeconds") or 3600
    role_id = _unique_id("AROA", role_arn)
    principal = Principal(
        account=account,
        arn=f"arn:aws:sts::{account}:assumed-role/{role}/{session}",
        user_id=f"{role_id}:{session}",
        expires=ctx.clock.now() + duration,
    )
    out: dict[str, Any] = {
        "Credentials": _credentials(ctx, principal),
        "AssumedRoleUser": {"AssumedRoleId": principal.user_id, "Arn": principal.arn},
    }
    if params.get("SourceIdentity"):
        out["SourceIdentity"] = params["SourceIdentity"]
    if params.get("Policy") or params.get("PolicyArns"):
        out["PackedPolicySize"] = 6  # percentage of the allowed packed size; no IAM here to measure it
    return out


@api.operation("GetSessionToken")
def get_session_token(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """Temporary credentials for the calling account (default 12 hours)."""
    duration = params.get("DurationSeconds") or 43200
    existing = ctx.cloud.principal_of(ctx.caller)
    if existing is not None and ":assumed-role/" in existing.arn:
        raise ValidationError("Cannot call GetSessionToken with session credentials")
    principal = Principal(
        account=ctx.account,
        arn=f"arn:aws:iam::{ctx.account}:root",
        user_id=ctx.account,
        expires=ctx.clock.now() + duration,
    )
    return {"Credentials": _credentials(ctx, principal)}


SERVICE = ServiceDefinition("sts", api, factory=lambda cloud, account, region: None, global_=True)
