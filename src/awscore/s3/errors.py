"""S3's error codes: one class per AWS code, with AWS's status and default message.

S3 puts extra fields inside ``Error`` (``BucketName``, ``Key``, ``UploadId``...):
pass them as ``error_fields``. HEAD requests carry no error body, so the API
layer re-raises any error of a HEAD as :class:`BareError` (code = the status).
"""

from __future__ import annotations

from typing import Any

from ..core.errors import AWSError, ConflictError, InvalidInputError, NotFoundError

__all__ = [
    "S3Error", "AccessDenied", "BadRequest", "AccessControlListNotSupported", "InvalidBucketAclWithObjectOwnership", "BadDigest", "BucketAlreadyExists", "BucketAlreadyOwnedByYou",
    "BucketNotEmpty", "ConditionalRequestConflict", "EntityTooLarge", "EntityTooSmall",
    "IllegalLocationConstraintException", "IllegalVersioningConfigurationException", "InvalidArgument",
    "InvalidBucketName", "InvalidDigest", "InvalidLocationConstraint", "InvalidPart", "InvalidPartNumber",
    "InvalidPartOrder", "InvalidRange", "InvalidRequest", "InvalidStorageClass", "InvalidTag",
    "KeyTooLongError", "MalformedXML", "MetadataTooLarge", "MethodNotAllowed", "NoSuchBucket", "NoSuchKey",
    "NoSuchTagSet", "NoSuchUpload", "NoSuchVersion", "S3NotImplemented", "PreconditionFailed",
    "NotModified", "BareError", "TooManyParts", "InvalidObjectState",
]


class S3Error(AWSError):
    """Base of S3's own error codes."""


class AccessDenied(S3Error, PermissionError):
    status = 403
    default_message = "Access Denied"


class BadRequest(S3Error, InvalidInputError):
    """S3's generic 400, e.g. more than 10 tags on an object (AWS-verified)."""

    default_message = "Bad Request"


class AccessControlListNotSupported(S3Error, InvalidInputError):
    """An ACL sent to a bucket whose Object Ownership is BucketOwnerEnforced (S3's default)."""

    default_message = "The bucket does not allow ACLs"


class InvalidBucketAclWithObjectOwnership(S3Error, InvalidInputError):
    default_message = "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting"


class BadDigest(S3Error, InvalidInputError):
    default_message = "The Content-MD5 you specified did not match what we received."


class BucketAlreadyExists(S3Error, ConflictError):
    status = 409
    default_message = (
        "The requested bucket name is not available. The bucket namespace is shared by all users "
        "of the system. Please select a different name and try again."
    )


class BucketAlreadyOwnedByYou(S3Error, ConflictError):
    status = 409
    default_message = "Your previous request to create the named bucket succeeded and you already own it."


class BucketNotEmpty(S3Error, ConflictError):
    status = 409
    default_message = "The bucket you tried to delete is not empty"


class ConditionalRequestConflict(S3Error, ConflictError):
    status = 409
    default_message = (
        "The conditional request cannot succeed due to a conflicting operation against this resource."
    )


class EntityTooLarge(S3Error, InvalidInputError):
    default_message = "Your proposed upload exceeds the maximum allowed size"


class EntityTooSmall(S3Error, InvalidInputError):
    default_message = "Your proposed upload is smaller than the minimum allowed size"


class IllegalLocationConstraintException(S3Error, InvalidInputError):
    pass


class IllegalVersioningConfigurationException(S3Error, InvalidInputError):
    default_message = "The Versioning element must be specified"


class InvalidArgument(S3Error, InvalidInputError):
    pass


class InvalidBucketName(S3Error, InvalidInputError):
    default_message = "The specified bucket is not valid."


class InvalidDigest(S3Error, InvalidInputError):
    default_message = "The Content-MD5 you specified was invalid."


class InvalidLocationConstraint(S3Error, InvalidInputError):
    default_message = "The specified location-constraint is not valid"


class InvalidObjectState(S3Error):
    status = 403
    default_message = "The operation is not valid for the object's storage class"


class InvalidPart(S3Error, InvalidInputError):
    default_message = (
        "One or more of the specified parts could not be found.  The part may not have been uploaded, "
        "or the specified entity tag may not match the part's entity tag."
    )


class InvalidPartNumber(S3Error, InvalidInputError):
    status = 416
    default_message = "The requested partnumber is not satisfiable"


class InvalidPartOrder(S3Error, InvalidInputError):
    default_message = "The list of parts was not in ascending order. Parts must be ordered by part number."


class InvalidRange(S3Error, InvalidInputError):
    status = 416
    default_message = "The requested range is not satisfiable"


class InvalidRequest(S3Error, InvalidInputError):
    pass


class InvalidStorageClass(S3Error, InvalidInputError):
    default_message = "The storage class you specified is not valid"


class InvalidTag(S3Error, InvalidInputError):
    pass


class KeyTooLongError(S3Error, InvalidInputError):
    default_message = "Your key is too long"


class MalformedXML(S3Error, InvalidInputError):
    default_message = (
        "The XML you provided was not well-formed or did not validate against our published schema"
    )


class MetadataTooLarge(S3Error, InvalidInputError):
    default_message = "Your metadata headers exceed the maximum allowed metadata size"


class MethodNotAllowed(S3Error):
    status = 405
    default_message = "The specified method is not allowed against this resource."


class NoSuchBucket(S3Error, NotFoundError):
    status = 404
    default_message = "The specified bucket does not exist"


class NoSuchKey(S3Error, NotFoundError):
    status = 404
    default_message = "The specified key does not exist."


class NoSuchTagSet(S3Error, NotFoundError):
    status = 404
    default_message = "The TagSet does not exist"


class NoSuchUpload(S3Error, NotFoundError):
    status = 404
    default_message = (
        "The specified upload does not exist. The upload ID may be invalid, or the upload may have been "
        "aborted or completed."
    )


class NoSuchVersion(S3Error, NotFoundError):
    status = 404
    default_message = "The specified version does not exist."


class S3NotImplemented(S3Error, NotImplementedError):
    code = "NotImplemented"
    status = 501
    default_message = "A header you provided implies functionality that is not implemented"


class PreconditionFailed(S3Error):
    status = 412
    default_message = "At least one of the pre-conditions you specified did not hold"


class TooManyParts(S3Error, InvalidInputError):
    default_message = "You have attempted to upload more parts than allowed."


class NotModified(S3Error):
    """A conditional GET whose object did not change: 304, no error body."""

    code = "304"
    status = 304
    default_message = "Not Modified"


_REASONS = {
    304: "Not Modified", 400: "Bad Request", 403: "Forbidden", 404: "Not Found",
    405: "Method Not Allowed", 409: "Conflict", 412: "Precondition Failed",
    416: "Requested Range Not Satisfiable", 500: "Internal Server Error", 501: "Not Implemented",
}


class BareError(AWSError):
    """An error with no body (HEAD): boto3 reports the HTTP status as the code."""

    def __init__(self, original: AWSError) -> None:
        super().__init__(_REASONS.get(original.status, ""), headers=dict(original.headers))
        self.code = str(original.status)  # type: ignore[misc]
        self.status = original.status  # type: ignore[misc]
        self.original = original

    @classmethod
    def of(cls, err: AWSError) -> AWSError:
        return err if isinstance(err, BareError) else cls(err)


def argument(message: str, name: str, value: Any) -> InvalidArgument:
    """An ``InvalidArgument`` with S3's ``ArgumentName`` / ``ArgumentValue`` fields."""
    return InvalidArgument(message, error_fields={"ArgumentName": name, "ArgumentValue": str(value)})
