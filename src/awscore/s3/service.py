"""The S3 service definition: one global store (``cloud.s3``) answering every account and region."""

from __future__ import annotations

from ..core.services import ServiceDefinition
from . import ops_access, ops_buckets, ops_listing, ops_multipart, ops_objects  # noqa: F401  (register handlers)
from .api import api

SERVICE = ServiceDefinition("s3", api, factory=lambda cloud, account, region: cloud.s3, global_=True)


def operations_table() -> str:
    """The docs' supported-operations table (markdown), generated from the operation registry."""
    rows = ["| operation | what awscore does |", "|---|---|"]
    for name in api.operations:
        doc = (api.handlers[name].__doc__ or "").strip().splitlines()
        summary = doc[0].replace("``", "`") if doc else ""
        rows.append(f"| `{name}` | {summary} |")
    return "\n".join(rows)


if __name__ == "__main__":  # python -m awscore.s3.service  -> the table for docs/s3.md
    print(operations_table())
