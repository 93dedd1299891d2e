"""The whole simulated AWS: accounts x regions, one clock, one S3 store.

>>> from awscore import Cloud
>>> from awscore.clock import ManualClock
>>> cloud = Cloud(clock=ManualClock(0))
>>> cloud.s3.create_bucket("my-bucket").name
'my-bucket'
"""

from __future__ import annotations

import hashlib
import secrets
import string
import threading
from dataclasses import dataclass
from os import PathLike
from typing import TYPE_CHECKING, Any

from .clock import Clock, SystemClock
from .core.defaults import DEFAULT_ACCOUNT, DEFAULT_REGION
from .core.services import load_service

if TYPE_CHECKING:
    from .s3.store import S3Store

__all__ = ["Cloud", "DEFAULT_ACCOUNT", "DEFAULT_REGION", "Principal", "canonical_user_id"]



@dataclass(frozen=True, slots=True)
class Principal:
    """Who holds a set of temporary credentials: the account, the ARN and the user id AWS reports."""

    account: str
    arn: str
    user_id: str
    expires: float


def canonical_user_id(account: str) -> str:
    """S3's 64-hex canonical user id of an account: stable for the same account id."""
    return hashlib.sha256(f"awscore-canonical-{account}".encode()).hexdigest()


class Cloud:
    """Every service engine of every account and region, sharing one clock and one S3 store.

    Engines are created lazily on first use. ``root`` makes the S3 store
    persistent (object bodies as files, metadata as Parquet); by default all
    state lives in memory and building a new ``Cloud`` is a full reset.
    """

    def __init__(
        self,
        *,
        clock: Clock | None = None,
        root: str | PathLike[str] | None = None,
        account_id: str = DEFAULT_ACCOUNT,
        region: str = DEFAULT_REGION,
    ) -> None:
        self.clock: Clock = clock if clock is not None else SystemClock()
        self.root = root
        self.default_account = account_id
        self.default_region = region
        self._backends: dict[tuple[str, str, str], Any] = {}
        self._lock = threading.RLock()
        self._s3: S3Store | None = None
        self._principals: dict[str, Principal] = {}

    # -- credentials -------------------------------------------------------------

    def issue_credentials(self, principal: Principal) -> tuple[str, str, str]:
        """New temporary credentials (access key ``ASIA...``, secret, session token) for ``principal``.

        A client built with them calls as ``principal.account`` (STS AssumeRole and
        GetSessionToken use this).
        """
        alphabet = string.ascii_uppercase + string.digits
        key = "ASIA" + "".join(secrets.choice(alphabet) for _ in range(16))
        secret = secrets.token_urlsafe(30)[:40]
        token = "FwoGZXIvYXdzE" + secrets.token_urlsafe(96)
        with self._lock:
            self._principals[key] = principal
        return key, secret, token

    def principal_of(self, access_key: str | None) -> Principal | None:
        """The principal behind temporary credentials this cloud issued (``None`` for any other key)."""
        return self._principals.get(access_key) if access_key else None

    def account_of(self, access_key: str | None) -> str:
        """The account a request signed with ``access_key`` acts as.

        Credentials issued by this cloud act as their principal's account; a
        12-digit access key id is taken as the account id itself; anything
        else is the default account.
        """
        principal = self.principal_of(access_key)
        if principal is not None:
            return principal.account
        if access_key and len(access_key) == 12 and access_key.isdigit():
            return access_key
        return self.default_account

    # -- state ---------------------------------------------------------------

    @property
    def s3(self) -> S3Store:
        """The one S3 object store; bucket names are global across accounts, as in AWS."""
        if self._s3 is None:
            with self._lock:
                if self._s3 is None:
                    from .s3.store import S3Store

                    self._s3 = S3Store(clock=self.clock, root=self.root)
        return self._s3

    def backend(self, service: str, account: str | None = None, region: str | None = None) -> Any:
        """The state of ``service`` (a botocore service name) for one account and region."""
        definition = load_service(service)
        if definition.global_:
            account, region = "", ""
        else:
            account = account or self.default_account
            region = region or self.default_region
        key = (definition.name, account, region)
        state = self._backends.get(key)
        if state is None:
            with self._lock:
                state = self._backends.get(key)
                if state is None:
                    state = definition.factory(self, account, region)
                    self._backends[key] = state
        return state

    def backends(self, service: str) -> list[Any]:
        """Every state of ``service`` created so far (all accounts and regions)."""
        name = load_service(service).name
        return [state for (svc, _, _), state in list(self._backends.items()) if svc == name]

    # -- boto3 -----------------------------------------------------------------

    def client(
        self,
        service: str,
        region_name: str | None = None,
        *,
        account_id: str | None = None,
        **kwargs: Any,
    ) -> Any:
        """A boto3 client answered in-process by this cloud.

        The client stays bound to this cloud even outside ``mock_aws()``.
        ``account_id`` picks the calling account (its access key is the id).
        """
        from .mock.adapter import bound_client

        return bound_client(self, service, region_name or self.default_region,
                            account_id or self.default_account, **kwargs)

    def resource(
        self,
        service: str,
        region_name: str | None = None,
        *,
        account_id: str | None = None,
        **kwargs: Any,
    ) -> Any:
        """A boto3 resource answered in-process by this cloud."""
        from .mock.adapter import bound_resource

        return bound_resource(self, service, region_name or self.default_region,
                              account_id or self.default_account, **kwargs)

    def close(self) -> None:
        """Flush persistent state (if any) and release resources."""
        if self._s3 is not None:
            self._s3.close()

    def __enter__(self) -> Cloud:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Cloud(account={self.default_account}, region={self.default_region}, clock={self.clock!r})"
