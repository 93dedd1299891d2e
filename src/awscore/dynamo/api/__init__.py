"""The boto3-shaped API layer of DynamoDB: one handler per operation.

Handlers take AWS's request shape (AttributeValues in wire form), convert to
typed values with :mod:`awscore.dynamo.types`, call the engine, and build
fresh response dicts. The engine never sees wire shapes.
"""

from __future__ import annotations

from . import account, batch, imports, items, reads, tables, transact  # noqa: E402,F401  (registers handlers)
from .common import api

__all__ = ["api"]
