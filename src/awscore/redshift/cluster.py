"""A Redshift cluster (or Serverless workgroup): databases, users, sessions.

>>> from awscore.redshift import Cluster
>>> cluster = Cluster("demo")
>>> conn = cluster.connect(user="awsuser", database="dev")
>>> cur = conn.cursor()
>>> _ = cur.execute("SELECT 7/2 AS q, CONCAT('a', NULL) AS c")
>>> cur.fetchall()
[(3, None)]
"""

from __future__ import annotations

import itertools
import threading
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..clock import Clock, SystemClock, to_datetime
from ..core.defaults import DEFAULT_ACCOUNT, DEFAULT_REGION
from .database import Database
from .errors import DuplicateObject, SQLError, UndefinedObject

if TYPE_CHECKING:
    from ..cloud import Cloud
    from .dbapi import Connection
    from .session import Session

__all__ = ["Cluster", "User", "NODE_SLICES"]

#: slices per node by node type (Redshift's published figures)
NODE_SLICES = {
    "dc2.large": 2, "dc2.8xlarge": 16, "ra3.xlplus": 2, "ra3.large": 2, "ra3.4xlarge": 4,
    "ra3.16xlarge": 16, "ds2.xlarge": 2, "ds2.8xlarge": 16,
}


@dataclass
class User:
    """A database user (PG_USER row)."""

    name: str
    usesysid: int
    superuser: bool = False
    createdb: bool = False
    #: clear text or md5/sha256 hash; None when disabled (IAM-only)
    password: str | None = None
    syslog: str = "restricted"
    valid_until: str | None = None
    connection_limit: int | None = None
    session_timeout: int | None = None
    externalid: str | None = None


class InvalidCatalogName(SQLError):
    """``database "x" does not exist`` (3D000)."""

    sqlstate = "3D000"


class Cluster:
    """A provisioned cluster or a Serverless workgroup: databases sharing users and a clock.

    Build directly (``Cluster("c")``, default SystemClock and a private S3 store) or
    through a :class:`~awscore.Cloud` (``cloud=``), which shares the cloud's clock
    and S3 store so COPY / UNLOAD see the same buckets as boto3.
    """

    def __init__(self, identifier: str = "default", *, cloud: Cloud | None = None, clock: Clock | None = None,
                 database: str = "dev", master_username: str = "awsuser", node_type: str = "ra3.xlplus",
                 number_of_nodes: int = 1, account: str = DEFAULT_ACCOUNT, region: str = DEFAULT_REGION) -> None:
        self.identifier = identifier
        self.cloud = cloud
        self.clock: Clock = clock or (cloud.clock if cloud is not None else SystemClock())
        self.account = account
        self.region = region
        self.node_type = node_type
        self.number_of_nodes = number_of_nodes
        self.master_username = master_username.lower()
        self.default_database = database
        self._lock = threading.RLock()
        self._query_ids = itertools.count(100)
        self._pids = itertools.count(1_048_576)
        self.users: dict[str, User] = {}
        self.groups: dict[str, set[str]] = {}
        #: roles -> member users (sys:secadmin exists from the start)
        self.roles: dict[str, set[str]] = {"sys:secadmin": set(), "sys:superuser": set()}
        #: users -> roles they may grant (WITH ADMIN OPTION); grantee -> system privileges (EXPLAIN RLS, ...)
        self.role_admins: dict[str, set[str]] = {}
        self.system_privileges: dict[str, set[str]] = {}
        self._user_ids = itertools.count(100)
        self.users["rdsdb"] = User("rdsdb", 1, superuser=True, createdb=True)
        self.add_principal("USER", self.master_username, superuser=True)
        self.databases: dict[str, Database] = {}
        #: outbound datashares by name; consumer databases created FROM DATASHARE
        self.datashares: dict[str, Any] = {}
        self.shared_databases: dict[str, Any] = {}
        #: the namespace GUID datashares address this cluster by
        self.namespace_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"redshift:{account}:{region}:{identifier}"))
        self.create_database(database)
        self._s3 = None
        self._scratch: Any = None

    # -- structure ----------------------------------------------------------------------

    @property
    def slices(self) -> int:
        """Slices of the cluster (node count x slices per node); UNLOAD writes one file per slice."""
        return self.number_of_nodes * NODE_SLICES.get(self.node_type, 2)

    @property
    def s3(self) -> Any:
        """The S3 store COPY / UNLOAD use: the cloud's, else a private one."""
        if self.cloud is not None:
            return self.cloud.s3
        if self._s3 is None:
            from ..s3.store import S3Store

            self._s3 = S3Store(clock=self.clock)
        return self._s3

    def scratch_sql(self, sql: str) -> Any:
        """Run engine-generated SQL (file reads for COPY) on a private DuckDB that never sees user SQL."""
        with self._lock:
            if self._scratch is None:
                import duckdb

                self._scratch = duckdb.connect(":memory:")
            return self._scratch.sql(sql).to_arrow_table()

    def scratch_reader(self, sql: str) -> Any:
        """A RecordBatchReader over engine-generated SQL on the scratch DuckDB (own cursor, streams)."""
        with self._lock:
            if self._scratch is None:
                import duckdb

                self._scratch = duckdb.connect(":memory:")
            cursor = self._scratch.cursor()
        return cursor.sql(sql).to_arrow_reader(122_880)

    def create_database(self, name: str) -> Database:
        name = name.lower()
        with self._lock:
            if name in self.databases:
                raise DuplicateObject(f'database "{name}" already exists')
            db = Database(self, name, self.master_username)
            self.databases[name] = db
            return db

    def drop_database(self, name: str, *, current: str | None = None) -> None:
        """DROP DATABASE: refused for the connected database and the cluster's default one."""
        with self._lock:
            if name not in self.databases:
                raise InvalidCatalogName(f'database "{name}" does not exist')
            if name == current:
                raise InvalidCatalogName("cannot drop the currently open database")
            if name == self.default_database:
                raise InvalidCatalogName(f'cannot drop the default database "{name}"')
            self.databases.pop(name).close()

    def database(self, name: str) -> Database:
        db = self.databases.get(name.lower())
        if db is None:
            raise InvalidCatalogName(f'database "{name}" does not exist')
        return db

    # -- principals ------------------------------------------------------------------------

    def add_principal(self, kind: str, name: str, *, superuser: bool = False, members: list[str] | None = None) -> None:
        """CREATE USER / GROUP (roles are accepted and not modelled)."""
        if kind == "GROUP":
            with self._lock:
                if name in self.groups:
                    raise DuplicateObject(f'group "{name}" already exists')
                for member in members or []:
                    if member not in self.users:
                        raise UndefinedObject(f'user "{member}" does not exist')
                self.groups[name] = set(members or [])
            return
        if kind == "ROLE":
            with self._lock:
                if name in self.roles:
                    raise DuplicateObject(f'role "{name}" already exists')
                self.roles[name] = set()
            return
        if kind != "USER":
            return
        with self._lock:
            if name in self.users:
                raise DuplicateObject(f'user "{name}" already exists')
            self.users[name] = User(name, next(self._user_ids), superuser=superuser, createdb=superuser)

    def drop_principal(self, kind: str, name: str) -> None:
        if kind == "GROUP":
            with self._lock:
                if self.groups.pop(name, None) is None:
                    raise UndefinedObject(f'group "{name}" does not exist')
            return
        if kind == "ROLE":
            with self._lock:
                if self.roles.pop(name, None) is None:
                    raise UndefinedObject(f'role "{name}" does not exist')
            return
        if kind != "USER":
            return
        with self._lock:
            if self.users.pop(name, None) is None:
                raise UndefinedObject(f'user "{name}" does not exist')

    def rename_user(self, old: str, new: str) -> None:
        """ALTER USER old RENAME TO new: memberships, grants and ownership follow the user."""
        with self._lock:
            user = self.users.pop(old)
            user.name = new
            self.users[new] = user
            for members in list(self.groups.values()) + list(self.roles.values()):
                if old in members:
                    members.discard(old)
                    members.add(new)
            for db in self.databases.values():
                db.rename_principal(old, new)

    def rename_role(self, old: str, new: str) -> None:
        with self._lock:
            self.roles[new] = self.roles.pop(old)
            for members in self.roles.values():
                if f"role:{old}" in members:
                    members.discard(f"role:{old}")
                    members.add(f"role:{new}")
            for db in self.databases.values():
                db.rename_principal(f"role:{old}", f"role:{new}")

    def user_id(self, name: str) -> int:
        user = self.users.get(name)
        return user.usesysid if user is not None else 0

    def is_superuser(self, name: str) -> bool:
        """A CREATEUSER user, or one holding the system role sys:superuser."""
        user = self.users.get(name)
        if user is None:
            return False
        return user.superuser or name in self.roles.get("sys:superuser", ())

    def ensure_user(self, name: str) -> None:
        """Data API IAM users (``IAM:name``) exist implicitly, as with temporary credentials."""
        if name not in self.users:
            self.add_principal("USER", name)

    # -- sessions ----------------------------------------------------------------------------

    def session(self, user: str | None = None, database: str | None = None, *, autocommit: bool = True) -> Session:
        """A new session (no DB-API wrapper) as ``user`` on ``database``."""
        from .session import Session

        name = (user or self.master_username).lower()
        if name not in self.users:
            raise UndefinedObject(f'user "{name}" does not exist')
        return Session(self.database(database or self.default_database), name, autocommit=autocommit)

    def connect(self, user: str | None = None, database: str | None = None, *,
                autocommit: bool = False) -> Connection:
        """A DB-API 2.0 connection (``autocommit`` off by default, as redshift_connector)."""
        from .dbapi import Connection

        return Connection(self.session(user, database, autocommit=autocommit))

    def execute(self, sql: str, params: Any = None, *, user: str | None = None, database: str | None = None):
        """Run ``sql`` in a fresh autocommit session and return the last statement's result."""
        session = self.session(user, database)
        try:
            return session.execute(sql, params)[-1]
        finally:
            session.close()

    def next_query_id(self) -> int:
        return next(self._query_ids)

    def next_pid(self) -> int:
        """A new session's process id (PG_BACKEND_PID, STL_QUERY.pid)."""
        with self._lock:
            return next(self._pids)

    def statement_time(self, session: Session) -> str:
        """The session's notion of now (UTC, microseconds) for GETDATE / SYSDATE / CURRENT_DATE."""
        return to_datetime(self.clock.now()).replace(tzinfo=None).isoformat(sep=" ")

    def close(self) -> None:
        for db in self.databases.values():
            db.close()
        if self._scratch is not None:
            self._scratch.close()

    def __repr__(self) -> str:
        return f"Cluster({self.identifier!r}, databases={sorted(self.databases)})"
