"""Typed AWS errors: one class per AWS error code.

Every error an engine raises is an :class:`AWSError` subclass carrying AWS's
error ``code``, its ``message``, the HTTP ``status`` and a botocore-shaped
``response`` (``{"Error": {"Code", "Message"}, "ResponseMetadata": {...}}``),
so native callers and boto3 callers see the same thing. Kind bases also
inherit Python built-ins where the meaning fits: a missing resource is a
``LookupError``, invalid input a ``ValueError``.

>>> try:
...     raise ResourceNotFoundException("Stream orders under account 123456789012 not found.")
... except LookupError as e:
...     e.code, e.status
('ResourceNotFoundException', 400)
"""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

__all__ = [
    "AWSError",
    "NotFoundError",
    "InvalidInputError",
    "ConflictError",
    "ThrottlingError",
    "ServerError",
    "ValidationException",
    "SerializationException",
    "ResourceNotFoundException",
    "ResourceInUseException",
    "LimitExceededException",
    "InvalidArgumentException",
    "AccessDeniedException",
    "ThrottlingException",
    "InternalFailure",
    "UnknownOperationException",
    "NotImplementedByAwscore",
]


class AWSError(Exception):
    """Base of every AWS error. Subclasses set ``code`` (default: the class name) and ``status``."""

    code: ClassVar[str] = "InternalFailure"
    status: ClassVar[int] = 400
    sender_fault: ClassVar[bool] = True
    default_message: ClassVar[str] = ""
    #: JSON services: whether the body also carries the shape's ``message`` member (botocore
    #: then shows it at the top of the parsed response); an error may say no (see DynamoDB)
    body_message: bool = True

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "code" not in cls.__dict__:
            cls.code = cls.__name__

    def __init__(
        self,
        message: str | None = None,
        *,
        error_fields: dict[str, Any] | None = None,
        extra: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.message = self.default_message if message is None else message
        #: fields inside ``Error`` (S3 puts ``Key``, ``BucketName``... there)
        self.error_fields = error_fields or {}
        #: top-level response fields (DynamoDB's ``CancellationReasons``, ``Item``)
        self.extra = extra or {}
        self.headers = headers or {}
        super().__init__(self.message)

    def __str__(self) -> str:
        return f"{self.code}: {self.message}" if self.message else self.code

    @property
    def response(self) -> dict[str, Any]:
        """A fresh botocore-shaped error response, as ``ClientError.response`` holds it."""
        error: dict[str, Any] = {"Code": self.code, "Message": self.message}
        error.update(self.error_fields)
        request_id = uuid.uuid4().hex
        body: dict[str, Any] = {
            "Error": error,
            "ResponseMetadata": {
                "RequestId": request_id,
                "HTTPStatusCode": self.status,
                "HTTPHeaders": {"x-amzn-requestid": request_id, **self.headers},
                "RetryAttempts": 0,
            },
        }
        body.update(self.extra)
        return body


# ---- kinds -----------------------------------------------------------------


class NotFoundError(AWSError, LookupError):
    """A named resource does not exist."""


class InvalidInputError(AWSError, ValueError):
    """The request is malformed or violates a constraint."""


class ConflictError(AWSError):
    """The resource's current state does not allow the request."""


class ThrottlingError(AWSError):
    """A rate or throughput limit was exceeded."""


class ServerError(AWSError):
    """The service failed (5xx)."""

    status = 500
    sender_fault = False


# ---- codes shared by the JSON-protocol services ------------------------------


class ValidationException(InvalidInputError):
    """Request parameters failed validation (``N validation error(s) detected: ...``)."""


class SerializationException(InvalidInputError):
    """The request body could not be read as the operation's shapes (wrong JSON types)."""


class ResourceNotFoundException(NotFoundError):
    """The named resource was not found."""


class ResourceInUseException(ConflictError):
    """The resource is busy or already exists."""


class LimitExceededException(ConflictError):
    """An account or resource limit was reached."""


class InvalidArgumentException(InvalidInputError):
    """A parameter value is not valid for the current state."""


class AccessDeniedException(AWSError, PermissionError):
    """The caller may not perform the action."""


class ThrottlingException(ThrottlingError):
    """Rate exceeded."""


class InternalFailure(ServerError):
    """An internal error in the engine."""


class UnknownOperationException(InvalidInputError):
    """The operation is not one the service knows."""


class NotImplementedByAwscore(AWSError, NotImplementedError):
    """The operation (or option) exists in AWS but awscore does not implement it yet.

    Raised loudly rather than answering with a silent empty response.
    """

    code = "NotImplemented"
    status = 501
