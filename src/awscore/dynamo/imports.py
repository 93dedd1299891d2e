"""ImportTable: a new table loaded from DynamoDB JSON objects in the cloud's one S3 store.

The import reads every object under ``S3KeyPrefix`` (optionally gzipped), each
a stream of ``{"Item": {...}}`` JSON documents (one per line or back to back),
creates the table and writes the items. A record that is not an item counts
as an error: the import ends FAILED but keeps what it imported, as AWS does.
A missing bucket fails the import (``S3NoSuchBucket``) and creates no table.
The job reports IN_PROGRESS until ``status_delay`` seconds have passed.

ION and CSV input, and ZSTD compression, are not implemented (they fail loudly).
"""

from __future__ import annotations

import gzip
import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from ..core.errors import AWSError, NotImplementedByAwscore
from .errors import ImportNotFoundException
from .types import item_from_wire

if TYPE_CHECKING:
    from .backend import DynamoDB

__all__ = ["ImportStatus", "ImportJob", "start_import", "describe_import", "list_imports"]


class ImportStatus(StrEnum):
    IN_PROGRESS = "IN_PROGRESS"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"


@dataclass
class ImportJob:
    """One ImportTable run and its counters."""

    arn: str
    table_name: str
    table_arn: str
    bucket: str
    prefix: str | None
    input_format: str
    compression: str
    started: float
    ready_at: float
    client_token: str | None = None
    table_id: str = ""
    outcome: ImportStatus = ImportStatus.COMPLETED
    processed: int = 0
    imported: int = 0
    errors: int = 0
    size: int = 0
    failure_code: str | None = None
    failure_message: str | None = None
    request: dict[str, Any] = field(default_factory=dict)

    def status(self, now: float) -> ImportStatus:
        """IN_PROGRESS until the job's delay has passed, then its outcome."""
        return ImportStatus.IN_PROGRESS if now < self.ready_at else self.outcome


def _documents(text: str) -> Iterator[Any]:
    """JSON documents one after another (newlines or nothing between them)."""
    decoder = json.JSONDecoder()
    i, n = 0, len(text)
    while True:
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            return
        doc, i = decoder.raw_decode(text, i)
        yield doc


def start_import(db: DynamoDB, s3: Callable[[], Any], *, bucket: str, prefix: str | None, input_format: str,
                 compression: str, create: Callable[[DynamoDB], Any], table_name: str,
                 client_token: str | None = None, request: dict[str, Any] | None = None) -> ImportJob:
    """Run an ImportTable (validation errors raise; S3 and data errors end the job FAILED).

    ``create(db)`` creates the target table on ``db`` (CreateTable's checks);
    it is first tried on a scratch backend so a bad declaration fails the call.
    """
    if input_format != "DYNAMODB_JSON":
        raise NotImplementedByAwscore(f"awscore's ImportTable does not read {input_format} input yet")
    if compression not in ("NONE", "GZIP"):
        raise NotImplementedByAwscore(f"awscore's ImportTable does not read {compression} compression yet")
    from .backend import DynamoDB

    create(DynamoDB(clock=db.clock, account=db.account, region=db.region))  # validation only
    now = db.clock.now()
    job_id = f"{int(now * 1000):014d}-{uuid.uuid4().hex[:8]}"
    table_arn = f"arn:aws:dynamodb:{db.region}:{db.account}:table/{table_name}"
    job = ImportJob(f"{table_arn}/import/{job_id}", table_name, table_arn, bucket, prefix, input_format,
                    compression, now, now + db.status_delay, client_token, request=dict(request or {}))
    try:
        source = s3().get_bucket(bucket)
    except LookupError:
        job.outcome = ImportStatus.FAILED
        job.failure_code = "S3NoSuchBucket"
        job.failure_message = "The specified bucket does not exist"
        db.imports[job.arn] = job
        return job
    table = create(db)
    job.table_id = table.meta.table_id
    for obj in source.iter_objects(prefix or ""):
        body = obj.body
        if compression == "GZIP":
            try:
                body = gzip.decompress(body)
            except OSError:
                job.errors += 1
                continue
        job.size += len(body)
        try:
            documents = list(_documents(body.decode("utf-8")))
        except (UnicodeDecodeError, ValueError):
            job.errors += 1
            continue
        for doc in documents:
            job.processed += 1
            try:
                if not isinstance(doc, dict) or set(doc) != {"Item"}:
                    raise ValueError("not an item record")
                item = item_from_wire(doc["Item"])
                with table.lock:
                    table.apply(table.plan_put(item))
            except (AWSError, ValueError, TypeError):
                job.errors += 1
                continue
            job.imported += 1
    if job.errors:
        job.outcome = ImportStatus.FAILED
    db.imports[job.arn] = job
    return job


def describe_import(db: DynamoDB, arn: str) -> ImportJob:
    """DescribeImport: the job (ImportNotFoundException when unknown)."""
    job = db.imports.get(arn)
    if job is None:
        raise ImportNotFoundException(f"Import not found: {arn}")
    return job


def list_imports(db: DynamoDB, table_arn: str | None = None) -> list[ImportJob]:
    """ListImports: jobs, oldest first, optionally for one table."""
    return [j for j in db.imports.values() if table_arn is None or j.table_arn == table_arn]
