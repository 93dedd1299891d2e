"""Answer botocore clients in-process through botocore's public events.

Two handlers are registered on a client's event emitter:

* ``before-parameter-build.*.*`` keeps a reference to the API-level params
  (after boto3's and botocore's own customisations have mutated them);
* ``before-call`` (registered last, so botocore's own handlers, a Stubber or a
  user's hooks run first) dispatches the operation to the cloud's engine and
  returns ``(http_response, parsed)``, so botocore skips signing, HTTP and
  response parsing. An :class:`~awscore.core.errors.AWSError` becomes the
  error response botocore turns into the modeled ``ClientError``; throttling
  and 5xx errors are first retried as the client's retry configuration says,
  the backoff taken on the cloud's clock.

This is the mechanism ``botocore.stub.Stubber`` uses. While a ``mock_aws``
is active, ``BaseClient._make_api_call`` is wrapped so that every client,
whichever session or emitter it has, gets the handlers before its first call.
Three per-client caches apply only while awscore answers: the User-Agent
string, endpoint resolution, and wire serialization (skipped; client-side
validation kept). Any other client behaves as stock botocore.
"""

from __future__ import annotations

import base64
import hashlib
import threading
import uuid
from typing import TYPE_CHECKING, Any

from ..core.errors import AWSError
from ..core.registry import RequestContext
from ..core.services import load_service

if TYPE_CHECKING:
    from ..cloud import Cloud

__all__ = ["dispatch", "install", "uninstall", "active_cloud", "push", "pop", "bound_client", "bound_resource"]

_PARAMS = "awscore.params"
_UNIQUE = "awscore"
_stack: list[Cloud] = []  # process-wide: which Cloud answers unbound clients (like moto's mock state)
_stack_lock = threading.RLock()
_original_make_api_call: Any = None


def active_cloud() -> Cloud | None:
    """The Cloud of the innermost active ``mock_aws``, if any."""
    return _stack[-1] if _stack else None


def dispatch(
    cloud: Cloud, service: str, operation: str, params: dict[str, Any], account: str, region: str,
    wire: Any = None, caller: str | None = None,
) -> dict[str, Any]:
    """Run one API operation against ``cloud``: validation, then the service's handler."""
    definition = load_service(service)
    ctx = RequestContext(cloud, definition.name, operation, account, region, wire, caller)
    return definition.api.handle(ctx, params)


def _access_key(request_signer: Any) -> str | None:
    credentials = getattr(request_signer, "_credentials", None)
    return getattr(credentials, "access_key", None) if credentials is not None else None


def _capture_params(params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
    context[_PARAMS] = params


def _metadata(service: str, status: int, headers: dict[str, str] | None) -> dict[str, Any]:
    """``ResponseMetadata`` as botocore parses it from the service's response headers."""
    if service == "s3":  # S3: a 16-hex request id and an extended id (HostId), in x-amz-* headers
        raw = uuid.uuid4()
        request_id = raw.hex[:16].upper()
        host_id = base64.b64encode(hashlib.sha384(raw.bytes).digest() + raw.bytes[:9]).decode()
        hdrs = {"x-amz-request-id": request_id, "x-amz-id-2": host_id}
        if headers:
            hdrs.update(headers)
        hdrs.pop("x-amzn-requestid", None)
        return {"RequestId": request_id, "HostId": host_id, "HTTPStatusCode": status, "HTTPHeaders": hdrs,
                "RetryAttempts": 0}
    request_id = str(uuid.uuid4())
    hdrs = {"x-amzn-requestid": request_id}
    if headers:
        hdrs.update(headers)
        hdrs["x-amzn-requestid"] = request_id
    return {"RequestId": request_id, "HTTPStatusCode": status, "HTTPHeaders": hdrs, "RetryAttempts": 0}


#: error codes botocore retries as throttling (botocore.retries.standard and data/_retry.json)
_THROTTLED = frozenset({
    "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
    "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
    "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled",
    "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
})
_TRANSIENT_STATUS = frozenset({500, 502, 503, 504})


def _retryable(err: AWSError) -> bool:
    return err.code in _THROTTLED or err.status in _TRANSIENT_STATUS


def _retry_policy(service: str, config: Any) -> tuple[int, bool]:
    """(total attempts, legacy mode?) as the client's retry configuration sets them."""
    retries = getattr(config, "retries", None) or {}
    legacy = (retries.get("mode") or "legacy") == "legacy"
    if retries.get("total_max_attempts") is not None:
        total = int(retries["total_max_attempts"])
    elif retries.get("max_attempts") is not None:
        total = int(retries["max_attempts"]) + 1
    elif legacy:
        total = 10 if service == "dynamodb" else 5  # botocore's data/_retry.json
    else:
        total = 3
    return max(1, total), legacy


def _backoff(service: str, attempt: int, legacy: bool) -> float:
    """The SDK's delay before retry ``attempt`` (its random factor taken at its mean, 0.5)."""
    if legacy:
        base = 0.05 if service == "dynamodb" else 0.5
        return base * 2 ** (attempt - 1)
    return min(0.5 * 2 ** (attempt - 1), 20.0)


def _modeled_fields(service_model: Any, err: AWSError, response: dict[str, Any]) -> None:
    """JSON services' modeled errors carry their message member (``message`` or ``Message``) at the
    top of the parsed response too, as botocore's JSON parser leaves it."""
    if not err.body_message or service_model.protocol not in ("json", "rest-json"):
        return
    shape = service_model.shape_for_error_code(err.code)
    if shape is None:
        return
    for member in shape.members:
        if member.lower() == "message" and member not in response:
            response[member] = err.message


def _answer(model: Any, params: Any, request_signer: Any, context: dict[str, Any], **_: Any) -> Any:
    cloud = getattr(request_signer, "_awscore_cloud", None) or active_cloud()
    if cloud is None:
        return None  # not mocked: let botocore go to the network as usual
    from botocore.awsrequest import AWSResponse

    api_params = context.get(_PARAMS)
    if api_params is None:
        api_params = {}
    elif None in api_params.values():
        # a null member is an absent member on the wire (JSON null / omitted query field)
        api_params = {k: v for k, v in api_params.items() if v is not None}
    service = model.service_model.service_name
    region = context.get("client_region") or cloud.default_region
    caller = _access_key(request_signer)
    account = cloud.account_of(caller)
    max_attempts, legacy = _retry_policy(service, context.get("client_config"))
    attempt = 1
    while True:
        try:
            parsed = dispatch(cloud, service, model.name, api_params, account, region, context, caller)
            break
        except AWSError as err:
            if attempt < max_attempts and _retryable(err):
                # botocore would sleep and resend; the cloud's clock moves instead of the caller waiting
                cloud.clock.advance(_backoff(service, attempt, legacy))
                attempt += 1
                continue
            response = err.response
            _modeled_fields(model.service_model, err, response)
            response["ResponseMetadata"] = meta = _metadata(service, err.status, err.headers)
            meta["RetryAttempts"] = attempt - 1
            if attempt > 1 and _retryable(err):
                meta["MaxAttemptsReached"] = True
            return AWSResponse("", err.status, meta["HTTPHeaders"], None), response
    meta = parsed.get("ResponseMetadata")
    status = 200
    headers = None
    if meta is not None:
        status = meta.get("HTTPStatusCode", 200)
        headers = meta.get("HTTPHeaders")
    parsed["ResponseMetadata"] = _metadata(service, status, headers)
    parsed["ResponseMetadata"]["RetryAttempts"] = attempt - 1
    return AWSResponse("", status, parsed["ResponseMetadata"]["HTTPHeaders"], None), parsed


def prepare_client(client: Any) -> None:
    """Register the handlers on ``client``'s emitter (idempotent) and cache its User-Agent."""
    events = client.meta.events
    if events.__dict__.get("_awscore") is not True:
        events.register("before-parameter-build.*.*", _capture_params, unique_id=_UNIQUE + "-params")
        # last of all before-call handlers (shallowest node, registered last): botocore's own
        # customisations, a Stubber or a user's hook run first, as they would before a real send
        events.register_last("before-call", _answer, unique_id=_UNIQUE + "-answer")
        events.__dict__["_awscore"] = True
    creator = getattr(client, "_user_agent_creator", None)
    if creator is not None and not client.__dict__.get("_awscore_ua"):
        # The UA string is rebuilt on every call (~40% of a call's cost) and
        # never changes for a client: compute it once.
        ua = creator.to_string()
        creator.to_string = lambda *a, **k: ua
        client.__dict__["_awscore_ua"] = True
    if "_resolve_endpoint_ruleset" not in client.__dict__ and hasattr(client, "_resolve_endpoint_ruleset"):
        client._resolve_endpoint_ruleset = _cached_endpoints(client, client._resolve_endpoint_ruleset)
    if "_convert_to_request_dict" not in client.__dict__ and hasattr(client, "_convert_to_request_dict"):
        client._convert_to_request_dict = _unserialized_requests(client, client._convert_to_request_dict)


def _answering(client: Any) -> bool:
    return getattr(client._request_signer, "_awscore_cloud", None) is not None or bool(_stack)


def _unserialized_requests(client: Any, convert: Any) -> Any:
    """Skip wire serialization when awscore answers: the engine reads the API params, never the
    request body. botocore's client-side validation still runs (when enabled), so invalid params
    raise the same ``ParamValidationError`` they would against AWS."""
    from botocore.validate import ParamValidationDecorator, validate_parameters

    # botocore wraps the serializer in a validator unless parameter_validation is off
    validating = isinstance(getattr(client, "_serializer", None), ParamValidationDecorator)

    def convert_light(api_params: Any, operation_model: Any, endpoint_url: Any, context: Any = None,
                      headers: Any = None, set_user_agent_header: bool = True) -> Any:
        if not _answering(client) or (context or {}).get("is_presign_request"):
            return convert(api_params, operation_model, endpoint_url, context, headers, set_user_agent_header)
        if validating and operation_model.input_shape is not None:
            validate_parameters(api_params, operation_model.input_shape)
        return {
            "url_path": "/", "query_string": {}, "method": operation_model.http.get("method", "POST"),
            "headers": dict(headers or {}), "body": b"", "url": endpoint_url, "context": context or {},
        }

    return convert_light


_ENDPOINT_CACHE_SIZE = 512


def _cached_endpoints(client: Any, resolve: Any) -> Any:
    """Endpoint ruleset resolution is a third of a call's cost and its URL is never used when
    awscore answers: resolve once per (operation, bucket) while answering in-process."""
    cache: dict[tuple[str, Any], tuple[Any, Any, Any]] = {}

    def resolve_cached(operation_model: Any, params: Any, request_context: Any, *args: Any, **kw: Any) -> Any:
        if not _answering(client) or (request_context or {}).get("is_presign_request"):
            return resolve(operation_model, params, request_context, *args, **kw)
        bucket = params.get("Bucket") if isinstance(params, dict) else None
        key = (operation_model.name, bucket if isinstance(bucket, str) else None)
        hit = cache.get(key)
        if hit is None:
            hit = resolve(operation_model, params, request_context, *args, **kw)
            if len(cache) >= _ENDPOINT_CACHE_SIZE:
                cache.clear()
            cache[key] = hit
        url, headers, properties = hit
        return url, dict(headers or {}), dict(properties) if properties else properties

    return resolve_cached


def _make_api_call(self: Any, operation_name: str, api_params: dict[str, Any]) -> Any:
    prepare_client(self)
    return _original_make_api_call(self, operation_name, api_params)


def install() -> None:
    """Wrap ``BaseClient._make_api_call`` so every client is answered in-process."""
    global _original_make_api_call
    from botocore.client import BaseClient

    with _stack_lock:
        if _original_make_api_call is None:
            _original_make_api_call = BaseClient._make_api_call
            BaseClient._make_api_call = _make_api_call  # type: ignore[method-assign]


def uninstall() -> None:
    """Undo :func:`install` (handlers already on emitters stay, and answer nothing)."""
    global _original_make_api_call
    from botocore.client import BaseClient

    with _stack_lock:
        if _original_make_api_call is not None:
            BaseClient._make_api_call = _original_make_api_call  # type: ignore[method-assign]
            _original_make_api_call = None


def push(cloud: Cloud) -> None:
    with _stack_lock:
        if not _stack:
            install()
        _stack.append(cloud)


def pop(cloud: Cloud) -> None:
    with _stack_lock:
        for i in range(len(_stack) - 1, -1, -1):
            if _stack[i] is cloud:
                del _stack[i]
                break
        if not _stack:
            uninstall()


_session_lock = threading.Lock()
_sessions: dict[str, Any] = {}


def _session(account: str) -> Any:
    import boto3

    with _session_lock:
        session = _sessions.get(account)
        if session is None:
            session = boto3.session.Session(
                aws_access_key_id=account, aws_secret_access_key="awscore", aws_session_token=None
            )
            _sessions[account] = session
        return session


def bound_client(cloud: Cloud, service: str, region: str, account: str, **kwargs: Any) -> Any:
    """A client answered by ``cloud`` whether or not a ``mock_aws`` is active."""
    client = _session(account).client(service, region_name=region, **kwargs)
    client._request_signer._awscore_cloud = cloud
    prepare_client(client)
    return client


def bound_resource(cloud: Cloud, service: str, region: str, account: str, **kwargs: Any) -> Any:
    """A boto3 resource answered by ``cloud``."""
    resource = _session(account).resource(service, region_name=region, **kwargs)
    client = resource.meta.client
    client._request_signer._awscore_cloud = cloud
    prepare_client(client)
    return resource
