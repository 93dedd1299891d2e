"""The control plane: provisioned clusters, Serverless namespaces / workgroups, snapshots.

One :class:`RedshiftState` per account and region is shared by the
``redshift``, ``redshift-serverless`` and ``redshift-data`` clients. Each
cluster or workgroup owns a SQL engine (:class:`~.cluster.Cluster`) on the
cloud's clock and S3 store. Status transitions are computed from the clock
when read (creation and resize delays default to zero).
"""

from __future__ import annotations

import io
import threading
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.parquet as pq

from .catalog import RelKind
from .cluster import NODE_SLICES, Cluster
from .dataapi import DataAPI
from .errors import (
    ClusterAlreadyExistsFault,
    ClusterNotFoundFault,
    ClusterSnapshotAlreadyExistsFault,
    ClusterSnapshotNotFoundFault,
    ConflictException,
    InvalidClusterStateFault,
    InvalidParameterValueException,
    ResourceNotFoundException,
    ValidationException,
)

if TYPE_CHECKING:
    from ..cloud import Cloud

__all__ = ["RedshiftState", "ClusterInfo", "Namespace", "Workgroup", "Snapshot"]


@dataclass
class ClusterInfo:
    """A provisioned cluster's control-plane attributes plus its SQL engine."""

    identifier: str
    node_type: str
    number_of_nodes: int
    master_username: str
    db_name: str
    created: float
    engine: Cluster
    port: int = 5439
    deleting: bool = False
    tags: list[dict[str, str]] = field(default_factory=list)
    encrypted: bool = True
    publicly_accessible: bool = False
    automated_retention_days: int = 1
    last_automated_snapshot: float = 0.0

    @property
    def cluster_type(self) -> str:
        return "single-node" if self.number_of_nodes == 1 else "multi-node"


@dataclass
class Namespace:
    """A Redshift Serverless namespace (databases and users)."""

    name: str
    id: str
    admin_username: str
    db_name: str
    created: float
    tags: list[dict[str, str]] = field(default_factory=list)


@dataclass
class Workgroup:
    """A Redshift Serverless workgroup (compute) attached to a namespace."""

    name: str
    id: str
    namespace: str
    base_capacity: int
    created: float
    engine: Cluster
    port: int = 5439


#: the AWS-managed account that owns Redshift's snapshot bucket (not listed to customers)
SNAPSHOT_OWNER = "000000000000"


@dataclass
class Snapshot:
    """A cluster snapshot: the catalogs in memory, every table's rows as Parquet in the S3 store.

    ``databases`` maps a database name to (catalog copy, {(schema, table): object key}).
    """

    identifier: str
    cluster: str
    created: float
    snapshot_type: str  # manual | automated
    node_type: str
    number_of_nodes: int
    master_username: str
    db_name: str
    databases: dict[str, Any]
    size_bytes: int


def check_identifier(identifier: str) -> None:
    """Cluster identifiers: 1-63 lowercase letters, digits or hyphens; a letter first; no '--' or trailing '-'."""
    ok = (0 < len(identifier) <= 63 and identifier[0].isalpha() and identifier == identifier.lower()
          and all(c.isalnum() or c == "-" for c in identifier) and "--" not in identifier
          and not identifier.endswith("-") and identifier.isascii())
    if not ok:
        raise InvalidParameterValueException(
            "Cluster identifier must be between 1 and 63 characters, contain only lowercase alphanumeric "
            "characters and hyphens, begin with a letter, and not end with a hyphen or contain two "
            "consecutive hyphens.")


class RedshiftState:
    """Everything Redshift holds for one account and region."""

    def __init__(self, cloud: Cloud, account: str, region: str) -> None:
        self.cloud = cloud
        self.account = account
        self.region = region
        self.clock = cloud.clock
        self.clusters: dict[str, ClusterInfo] = {}
        self.namespaces: dict[str, Namespace] = {}
        self.workgroups: dict[str, Workgroup] = {}
        self.snapshots: dict[str, Snapshot] = {}
        self.data = DataAPI(cloud.clock)
        self._lock = threading.RLock()

    # -- provisioned clusters ---------------------------------------------------------

    def create_cluster(self, identifier: str, *, node_type: str, master_username: str, db_name: str = "dev",
                       number_of_nodes: int = 1, port: int = 5439,
                       tags: list[dict[str, str]] | None = None) -> ClusterInfo:
        """CreateCluster: ClusterAlreadyExists, InvalidParameterValue for bad node types / counts."""
        check_identifier(identifier)
        if node_type not in NODE_SLICES:
            raise InvalidParameterValueException(f"Invalid node type: {node_type}")
        if not 1 <= number_of_nodes <= 128:
            raise InvalidParameterValueException("Number of nodes must be between 1 and 128.")
        with self._lock:
            if identifier in self.clusters:
                raise ClusterAlreadyExistsFault("Cluster already exists")
            engine = Cluster(identifier, cloud=self.cloud, database=db_name, master_username=master_username,
                             node_type=node_type, number_of_nodes=number_of_nodes, account=self.account,
                             region=self.region)
            info = ClusterInfo(identifier, node_type, number_of_nodes, master_username.lower(), db_name,
                               self.clock.now(), engine, port=port, tags=list(tags or []))
            info.last_automated_snapshot = info.created
            self.clusters[identifier] = info
            return info

    def cluster(self, identifier: str) -> ClusterInfo:
        info = self.clusters.get(identifier)
        if info is None:
            raise ClusterNotFoundFault(f"Cluster {identifier} not found.")
        self._automated_snapshots(info)
        return info

    def delete_cluster(self, identifier: str, *, final_snapshot: str | None = None) -> ClusterInfo:
        info = self.cluster(identifier)
        if final_snapshot is not None:
            self.create_snapshot(final_snapshot, identifier)
        with self._lock:
            self.clusters.pop(identifier)
        for name in [s for s, snap in self.snapshots.items()
                     if snap.cluster == identifier and snap.snapshot_type == "automated"]:
            self._drop_snapshot_data(self.snapshots.pop(name))
        info.deleting = True
        return info

    def resize(self, identifier: str, *, node_type: str | None, number_of_nodes: int | None,
               classic: bool = False) -> ClusterInfo:
        """Elastic or classic resize: the node type / count (and so UNLOAD's slice count) change."""
        info = self.cluster(identifier)
        if node_type is not None and node_type not in NODE_SLICES:
            raise InvalidParameterValueException(f"Invalid node type: {node_type}")
        if number_of_nodes is not None and not 1 <= number_of_nodes <= 128:
            raise InvalidParameterValueException("Number of nodes must be between 1 and 128.")
        if node_type is None and number_of_nodes is None:
            raise InvalidClusterStateFault("The requested resize does not change the cluster.")
        info.node_type = node_type or info.node_type
        info.number_of_nodes = number_of_nodes or info.number_of_nodes
        info.engine.node_type = info.node_type
        info.engine.number_of_nodes = info.number_of_nodes
        return info

    # -- snapshots ----------------------------------------------------------------------------

    def create_snapshot(self, identifier: str, cluster_identifier: str, *, automated: bool = False) -> Snapshot:
        """Copy every database's catalog and table rows (as Arrow) into a snapshot."""
        info = self.clusters.get(cluster_identifier)
        if info is None:
            raise ClusterNotFoundFault(f"Cluster {cluster_identifier} not found.")
        with self._lock:
            if identifier in self.snapshots:
                raise ClusterSnapshotAlreadyExistsFault(
                    f"Cannot create the snapshot because a snapshot with the identifier {identifier} already exists")
        databases: dict[str, Any] = {}
        size = 0
        bucket = self._snapshot_bucket()
        for name, db in info.engine.databases.items():
            cur = db.duck.cursor()
            tables: dict[tuple[str, str], str] = {}
            for key, rel in db.catalog.relations.items():
                if rel.kind not in (RelKind.VIEW, RelKind.EXTERNAL):
                    table = cur.sql(f"SELECT * FROM {rel.duck_name()}").to_arrow_table()
                    sink = io.BytesIO()
                    pq.write_table(table, sink)
                    object_key = f"{cluster_identifier}/{identifier}/{name}/{key[0]}/{key[1]}.parquet"
                    bucket.put_object(object_key, sink.getvalue())
                    tables[key] = object_key
                    size += len(sink.getvalue())
            cur.close()
            databases[name] = (db.catalog.snapshot(), tables)
        snap = Snapshot(identifier, cluster_identifier, self.clock.now(), "automated" if automated else "manual",
                        info.node_type, info.number_of_nodes, info.master_username, info.db_name, databases, size)
        with self._lock:
            self.snapshots[identifier] = snap
        return snap

    def _snapshot_bucket(self) -> Any:
        """Redshift's own bucket for snapshot data, owned by an AWS account (invisible to ListBuckets)."""
        name = f"awscore-redshift-snapshots-{self.account}-{self.region}"
        store = self.cloud.s3
        if name in store:
            return store.get_bucket(name)
        return store.create_bucket(name, account=SNAPSHOT_OWNER, region=self.region)

    def _automated_snapshots(self, info: ClusterInfo) -> None:
        """Automated snapshots every 8 hours (taken lazily when the cluster is next read)."""
        if info.automated_retention_days <= 0:
            return
        period = 8 * 3600
        while self.clock.now() - info.last_automated_snapshot >= period:
            info.last_automated_snapshot += period
            stamp = int(info.last_automated_snapshot)
            name = f"rs:{info.identifier}-{stamp}"
            if name not in self.snapshots:
                snap = self.create_snapshot(name, info.identifier, automated=True)
                snap.created = info.last_automated_snapshot
        horizon = self.clock.now() - info.automated_retention_days * 86400
        for key in [k for k, s in self.snapshots.items()
                    if s.cluster == info.identifier and s.snapshot_type == "automated" and s.created < horizon]:
            self._drop_snapshot_data(self.snapshots.pop(key))

    def snapshot(self, identifier: str) -> Snapshot:
        snap = self.snapshots.get(identifier)
        if snap is None:
            raise ClusterSnapshotNotFoundFault(f"Snapshot {identifier} not found.")
        return snap

    def delete_snapshot(self, identifier: str) -> Snapshot:
        snap = self.snapshot(identifier)
        if snap.snapshot_type == "automated":
            raise InvalidClusterStateFault("Automated snapshots cannot be deleted.")
        self._drop_snapshot_data(snap)
        return self.snapshots.pop(identifier)

    def _drop_snapshot_data(self, snap: Snapshot) -> None:
        bucket = self._snapshot_bucket()
        for _, tables in snap.databases.values():
            for object_key in tables.values():
                bucket.delete_object(object_key)

    def restore(self, identifier: str, snapshot_identifier: str, *, node_type: str | None = None,
                number_of_nodes: int | None = None) -> ClusterInfo:
        """A new cluster holding the snapshot's databases, tables and rows."""
        snap = self.snapshot(snapshot_identifier)
        info = self.create_cluster(identifier, node_type=node_type or snap.node_type,
                                   master_username=snap.master_username, db_name=snap.db_name,
                                   number_of_nodes=number_of_nodes or snap.number_of_nodes)
        engine = info.engine
        for name, (catalog, tables) in snap.databases.items():
            db = engine.databases.get(name) or engine.create_database(name)
            session = engine.session(engine.master_username, name)
            try:
                for schema in catalog.schemas:
                    if schema != "public":
                        session.duck(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
                restored = catalog.snapshot()
                for key, rel in restored.relations.items():
                    if rel.kind in (RelKind.VIEW, RelKind.EXTERNAL):
                        continue
                    for sql in rel.duckdb_ddl({}):
                        session.duck(sql)
                    body = self._snapshot_bucket().get_object(tables[key]).body
                    table = pq.read_table(pa.BufferReader(body))
                    session.cursor.register("__restore", table)
                    session.duck(f"INSERT INTO {rel.duck_name()} SELECT * FROM __restore")
                    session.cursor.unregister("__restore")
                db.catalog = restored
                db.catalog.epoch += 1
            finally:
                session.close()
        return info

    # -- serverless ------------------------------------------------------------------------------

    def create_namespace(self, name: str, *, admin_username: str = "admin", db_name: str = "dev",
                         tags: list[dict[str, str]] | None = None) -> Namespace:
        with self._lock:
            if name in self.namespaces:
                raise ConflictException(f"Namespace with name {name} already exists.")
            ns = Namespace(name, str(uuid.uuid4()), admin_username.lower(), db_name, self.clock.now(),
                           list(tags or []))
            self.namespaces[name] = ns
            return ns

    def namespace(self, name: str) -> Namespace:
        ns = self.namespaces.get(name)
        if ns is None:
            raise ResourceNotFoundException(f"Namespace {name} is not found.")
        return ns

    def delete_namespace(self, name: str) -> Namespace:
        self.namespace(name)
        if any(w.namespace == name for w in self.workgroups.values()):
            raise ConflictException(f"There are workgroups associated with namespace {name}.")
        return self.namespaces.pop(name)

    def create_workgroup(self, name: str, namespace: str, *, base_capacity: int = 128, port: int = 5439) -> Workgroup:
        ns = self.namespace(namespace)
        if base_capacity % 8 or not 8 <= base_capacity <= 1024:
            raise ValidationException("Base capacity must be a multiple of 8 between 8 and 1024.")
        with self._lock:
            if name in self.workgroups:
                raise ConflictException(f"Workgroup with name {name} already exists.")
            engine = Cluster(name, cloud=self.cloud, database=ns.db_name, master_username=ns.admin_username,
                             node_type="ra3.xlplus", number_of_nodes=max(1, base_capacity // 8),
                             account=self.account, region=self.region)
            engine.namespace_id = ns.id
            wg = Workgroup(name, str(uuid.uuid4()), namespace, base_capacity, self.clock.now(), engine, port)
            self.workgroups[name] = wg
            return wg

    def workgroup(self, name: str) -> Workgroup:
        wg = self.workgroups.get(name)
        if wg is None:
            raise ResourceNotFoundException(f"Workgroup {name} is not found.")
        return wg

    def delete_workgroup(self, name: str) -> Workgroup:
        self.workgroup(name)
        return self.workgroups.pop(name)

    # -- Data API targets --------------------------------------------------------------------------

    def engine_for(self, *, cluster: str | None, workgroup: str | None) -> tuple[Cluster, str, bool]:
        """The SQL engine a Data API call addresses (ValidationException when it does not exist)."""
        if cluster is not None:
            info = self.clusters.get(cluster)
            if info is None:
                raise ValidationException("Redshift endpoint doesn't exist in this region.")
            return info.engine, cluster, False
        if workgroup is not None:
            wg = self.workgroups.get(workgroup)
            if wg is None:
                raise ValidationException("Redshift endpoint doesn't exist in this region.")
            return wg.engine, workgroup, True
        raise ValidationException("Either ClusterIdentifier or WorkgroupName must be specified.")
