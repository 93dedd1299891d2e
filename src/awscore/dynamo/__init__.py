"""DynamoDB: sorted-key tables, indexes, batches, transactions, capacity and TTL, in process.

Native use, without boto3::

    from awscore.dynamo import Table
    t = Table("orders", partition_key="customer", sort_key=("n", "N"))
    t.put_item({"customer": "ann", "n": 1})

The ``dynamodb`` boto3 client and ``boto3.resource("dynamodb")`` are answered
by :class:`DynamoDB` (one per account and region) under ``awscore.mock_aws()``.
"""

from __future__ import annotations

from .backend import DynamoDB
from .table import Table

__all__ = ["Table", "DynamoDB"]
