"""DynamoDB's service definition: the ``dynamodb`` botocore client answered by :class:`DynamoDB`."""

from __future__ import annotations

from ..core.services import ServiceDefinition
from .api import api
from .backend import DynamoDB

__all__ = ["SERVICE"]

SERVICE = ServiceDefinition(
    "dynamodb",
    api,
    factory=lambda cloud, account, region: DynamoDB(clock=cloud.clock, account=account, region=region,
                                                    s3=lambda: cloud.s3),
    global_=False,
)


def operations_table() -> str:
    """The docs' supported-operations table (markdown), generated from the operation registry."""
    rows = ["| operation | what awscore does |", "|---|---|"]
    for name in api.operations:
        doc = (api.handlers[name].__doc__ or "").strip().splitlines()
        summary = doc[0].replace("``", "`") if doc else ""
        rows.append(f"| `{name}` | {summary} |")
    return "\n".join(rows)


if __name__ == "__main__":  # python -m awscore.dynamo.service  -> the table for docs/dynamodb.md
    print(operations_table())
