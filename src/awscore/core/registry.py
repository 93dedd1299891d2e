"""Operation tables: how an API request reaches a service's handler.

Each service declares one :class:`ServiceAPI` and registers a handler per AWS
operation with a decorator; the table is the single list of what the service
implements (docs generate the supported-operations table from it)::

    api = ServiceAPI("kinesis", validator=Validator(SHAPES, OPERATIONS))

    @api.operation("PutRecord")
    def put_record(ctx: RequestContext, params: dict) -> dict: ...

Handlers take AWS's request shape and return AWS's response shape; they call
the engine, which knows nothing of wire dicts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .errors import NotImplementedByAwscore
from .validation import Validator

if TYPE_CHECKING:
    from ..clock import Clock
    from ..cloud import Cloud

__all__ = ["RequestContext", "ServiceAPI", "Handler"]


@dataclass(frozen=True, slots=True)
class RequestContext:
    """Who is calling what, where: the cloud, service, operation, account and region."""

    cloud: Cloud
    service: str
    operation: str
    account: str
    region: str
    #: botocore's per-call request context when the call came through boto3 (``None`` otherwise):
    #: what the SDK would have put on the wire beyond the params, e.g. ``wire["checksum"]``
    wire: Any = None
    #: the access key id the request was signed with (``None`` natively or unsigned)
    caller: str | None = None

    @property
    def backend(self) -> Any:
        """The service's state for this account and region (created on first use)."""
        return self.cloud.backend(self.service, self.account, self.region)

    @property
    def clock(self) -> Clock:
        return self.cloud.clock


Handler = Callable[[RequestContext, dict[str, Any]], dict[str, Any]]


class ServiceAPI:
    """The operation table of one service (its botocore service name)."""

    def __init__(self, name: str, *, validator: Validator | None = None) -> None:
        self.name = name
        self.validator = validator
        self.handlers: dict[str, Handler] = {}

    def operation(self, name: str) -> Callable[[Handler], Handler]:
        """Register the decorated function as the handler of AWS operation ``name``."""

        def register(fn: Handler) -> Handler:
            if name in self.handlers:
                raise ValueError(f"{self.name}.{name} registered twice")
            self.handlers[name] = fn
            return fn

        return register

    def handle(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        """Validate ``params`` against the operation's constraints, then run its handler."""
        handler = self.handlers.get(ctx.operation)
        if handler is None:
            raise NotImplementedByAwscore(
                f"awscore does not implement {self.name}.{ctx.operation} yet"
            )
        if self.validator is not None:
            self.validator.validate(ctx.operation, params)
        return handler(ctx, params)

    @property
    def operations(self) -> list[str]:
        """The implemented operations, sorted."""
        return sorted(self.handlers)
