"""Datashares: a producer shares live, read-only tables with other clusters of the same Cloud.

Producer side (superusers or the database owner):
``CREATE DATASHARE d [SET] [PUBLICACCESSIBLE [=] TRUE|FALSE]``,
``ALTER DATASHARE d {ADD | REMOVE} {SCHEMA s, ... | TABLE t, ... | ALL TABLES IN SCHEMA s, ... | ACCOUNT 'id'}``,
``ALTER DATASHARE d SET {PUBLICACCESSIBLE [=] b | INCLUDENEW [=] b FOR SCHEMA s}``, ``DROP DATASHARE d``,
``GRANT / REVOKE USAGE ON DATASHARE d TO / FROM {ACCOUNT 'id' | NAMESPACE 'guid'}``,
``DESC DATASHARE d``, ``SHOW DATASHARES [LIKE 'p']``.

Consumer side: ``CREATE DATABASE db FROM DATASHARE d OF [ACCOUNT 'id'] NAMESPACE 'guid' [REGION 'r']``
then ``SELECT ... FROM db.schema.table``. Reads go to the producer's committed data at query time
(live); writes are refused. Tables must have been added to the share (or their schema set to
INCLUDENEW). An RLS-protected or masked table is refused to consumers unless RLS is turned off for
datashares (``ALTER TABLE t ROW LEVEL SECURITY OFF FOR DATASHARES``), as Redshift does.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pyarrow as pa
from sqlglot.tokens import TokenType

from ..clock import to_datetime
from .catalog import Relation, RelKind
from .errors import (
    DuplicateObject,
    FeatureNotSupported,
    InsufficientPrivilege,
    SyntaxError_,
    UndefinedObject,
    UndefinedTable,
)
from .result import Result, ResultColumn
from .splitter import Statement
from .stmtutil import read_name
from .types import RsType, TypeName

if TYPE_CHECKING:
    from .cluster import Cluster
    from .session import Session

__all__ = ["Datashare", "SharedDatabase", "SharedSpec", "run_datashare_statement", "create_database_from_share",
           "shared_relation", "read_shared", "grant_share_usage", "desc_datashare", "show_datashares"]


@dataclass
class Datashare:
    """One outbound datashare of a producer database."""

    name: str
    owner: str
    database: str
    created: float
    publicaccessible: bool = False
    schemas: set[str] = field(default_factory=set)
    tables: set[tuple[str, str]] = field(default_factory=set)
    includenew: set[str] = field(default_factory=set)
    #: consumers: (account, None) for an account, (None, namespace GUID) for a namespace
    consumers: set[tuple[str | None, str | None]] = field(default_factory=set)

    def shares(self, rel: Relation) -> bool:
        return rel.schema in self.schemas and ((rel.schema, rel.name) in self.tables or rel.schema in self.includenew)


@dataclass
class SharedDatabase:
    """A consumer database created FROM DATASHARE."""

    name: str
    share: str
    account: str
    namespace: str
    region: str
    usage: set[str] = field(default_factory=set)


@dataclass
class SharedSpec:
    """Where a consumer-side relation reads from."""

    producer: Any  # Cluster
    share: str
    database: str
    schema: str
    table: str


def _string(stmt: Statement, i: int) -> str:
    tok = stmt.tokens[i]
    if tok.token_type is not TokenType.STRING:
        raise SyntaxError_(f'syntax error at or near "{tok.text}"')
    return tok.text


def _require_admin(session: Session) -> None:
    if not (session.cluster.is_superuser(session.user) or session.database.owner == session.user):
        raise InsufficientPrivilege("permission denied: only superusers and the database owner manage datashares")


def _share(session: Session, name: str) -> Datashare:
    share = session.cluster.datashares.get(name)
    if share is None:
        raise UndefinedObject(f'datashare "{name}" does not exist')
    return share


def _bool(stmt: Statement, i: int) -> tuple[bool, int]:
    if stmt.tokens[i].token_type is TokenType.EQ:
        i += 1
    word = stmt.word(i)
    if word not in ("TRUE", "FALSE"):
        raise SyntaxError_(f'syntax error at or near "{stmt.tokens[i].text}"')
    return word == "TRUE", i + 1


def _names(stmt: Statement, i: int) -> list[tuple[str | None, str]]:
    out = []
    while i < len(stmt.tokens):
        schema, name, i = read_name(stmt, i)
        out.append((schema, name))
        if i < len(stmt.tokens) and stmt.tokens[i].token_type is TokenType.COMMA:
            i += 1
            continue
        break
    return out


def _create(session: Session, stmt: Statement) -> Result:
    _require_admin(session)
    name = stmt.tokens[2].text.lower()
    cluster = session.cluster
    public = False
    i = 3
    if stmt.word(i) == "SET":
        i += 1
    if stmt.word(i) == "PUBLICACCESSIBLE":
        public, i = _bool(stmt, i + 1)
    if i < len(stmt.tokens):
        raise SyntaxError_(f'syntax error at or near "{stmt.tokens[i].text}"')
    with cluster._lock:
        if name in cluster.datashares:
            raise DuplicateObject(f'datashare "{name}" already exists')
        cluster.datashares[name] = Datashare(name, session.user, session.database.name, cluster.clock.now(), public)
    return Result(command="CREATE DATASHARE")


def _alter(session: Session, stmt: Statement) -> Result:
    _require_admin(session)
    share = _share(session, stmt.tokens[2].text.lower())
    action = stmt.word(3)
    db = session.database
    if share.database != db.name:
        raise FeatureNotSupported(f'datashare "{share.name}" belongs to database "{share.database}"')
    if action == "SET":
        what = stmt.word(4)
        value, i = _bool(stmt, 5)
        if what == "PUBLICACCESSIBLE":
            share.publicaccessible = value
        elif what == "INCLUDENEW" and stmt.word(i) == "FOR" and stmt.word(i + 1) == "SCHEMA":
            schema = stmt.tokens[i + 2].text.lower()
            if schema not in share.schemas:
                raise UndefinedObject(f'schema "{schema}" is not in datashare "{share.name}"')
            (share.includenew.add if value else share.includenew.discard)(schema)
        else:
            raise SyntaxError_(f'syntax error at or near "{stmt.tokens[4].text}"')
        return Result(command="ALTER DATASHARE")
    if action not in ("ADD", "REMOVE"):
        raise SyntaxError_(f'syntax error at or near "{stmt.tokens[3].text}"')
    add = action == "ADD"
    kind = stmt.word(4)
    if kind == "ACCOUNT":
        account = _string(stmt, 5)
        (share.consumers.add if add else share.consumers.discard)((account, None))
        return Result(command="ALTER DATASHARE")
    if kind == "SCHEMA":
        for _, schema in _names(stmt, 5):
            db.catalog.require_schema(schema)
            if add:
                share.schemas.add(schema)
            else:
                share.schemas.discard(schema)
                share.includenew.discard(schema)
                share.tables = {t for t in share.tables if t[0] != schema}
        return Result(command="ALTER DATASHARE")
    rels: list[Relation] = []
    if kind == "ALL" and stmt.words(8)[5:8] == ("TABLES", "IN", "SCHEMA"):
        for _, schema in _names(stmt, 8):
            db.catalog.require_schema(schema)
            rels.extend(r for r in db.catalog.in_schema(schema) if r.kind is not RelKind.EXTERNAL)
    elif kind == "TABLE":
        for schema, name in _names(stmt, 5):
            rel = session.lookup(schema, name)
            if rel is None:
                raise UndefinedTable(f'relation "{name}" does not exist')
            rels.append(rel)
    else:
        raise SyntaxError_(f'syntax error at or near "{stmt.tokens[4].text}"')
    for rel in rels:
        if rel.temp or rel.kind is RelKind.EXTERNAL:
            raise FeatureNotSupported(f'relation "{rel.name}" cannot be added to a datashare')
        if add and rel.schema not in share.schemas:
            raise UndefinedObject(f'schema "{rel.schema}" of relation "{rel.name}" must be added to '
                                  f'datashare "{share.name}" first')
        (share.tables.add if add else share.tables.discard)((rel.schema, rel.name))
    return Result(command="ALTER DATASHARE")


def _drop(session: Session, stmt: Statement) -> Result:
    _require_admin(session)
    i = 2
    if stmt.word(2) == "IF" and stmt.word(3) == "EXISTS":
        i = 4
        if stmt.tokens[i].text.lower() not in session.cluster.datashares:
            return Result(command="DROP DATASHARE")
    share = _share(session, stmt.tokens[i].text.lower())
    session.cluster.datashares.pop(share.name, None)
    return Result(command="DROP DATASHARE")


def grant_share_usage(session: Session, stmt: Statement, grant: bool) -> str:
    """GRANT / REVOKE USAGE ON DATASHARE d TO / FROM {ACCOUNT 'id' [VIA DATA CATALOG] | NAMESPACE 'guid'}, ..."""
    _require_admin(session)
    share = _share(session, stmt.tokens[4].text.lower())
    direction = "TO" if grant else "FROM"
    if stmt.word(5) != direction:
        raise SyntaxError_(f'syntax error at or near "{stmt.tokens[5].text}"')
    i = 6
    while i < len(stmt.tokens):
        word = stmt.word(i)
        if stmt.tokens[i].token_type is TokenType.COMMA:
            i += 1
            continue
        if word == "ACCOUNT":
            consumer: tuple[str | None, str | None] = (_string(stmt, i + 1), None)
        elif word == "NAMESPACE":
            consumer = (None, _string(stmt, i + 1))
        else:
            raise SyntaxError_(f'syntax error at or near "{stmt.tokens[i].text}"')
        (share.consumers.add if grant else share.consumers.discard)(consumer)
        i += 2
        if stmt.word(i) == "VIA":
            i += 3
    return stmt.word(0)


def _objects(cluster: Cluster, share: Datashare) -> list[tuple[str, str, bool]]:
    """(object_type, object_name, include_new) rows of a share, schemas first."""
    rows = [("schema", s, s in share.includenew) for s in sorted(share.schemas)]
    db = cluster.databases.get(share.database)
    names = set(share.tables)
    if db is not None:
        for schema in share.includenew:
            names |= {(r.schema, r.name) for r in db.catalog.in_schema(schema)}
    for schema, table in sorted(names):
        rel = db.catalog.get(schema, table) if db is not None else None
        kind = "view" if rel is not None and rel.kind is RelKind.VIEW else "table"
        rows.append((kind, f"{schema}.{table}", False))
    return rows


_V = RsType(TypeName.VARCHAR, 128)


def _result(columns: list[tuple[str, RsType]], rows: list[tuple], command: str) -> Result:
    types = {TypeName.BOOLEAN: pa.bool_(), TypeName.TIMESTAMP: pa.timestamp("us")}
    data = {n: pa.array([r[k] for r in rows], types.get(t.name, pa.string())) for k, (n, t) in enumerate(columns)}
    return Result(columns=[ResultColumn(n, t) for n, t in columns], table=pa.table(data), rowcount=len(rows),
                  command=command)


def desc_datashare(session: Session, stmt: Statement) -> Result:
    """DESC DATASHARE d [OF [ACCOUNT 'id'] NAMESPACE 'guid']: the shared objects."""
    if stmt.word(1) != "DATASHARE":
        raise SyntaxError_(f'syntax error at or near "{stmt.tokens[min(1, len(stmt.tokens) - 1)].text}"')
    name = stmt.tokens[2].text.lower()
    cluster = session.cluster
    share_type = "OUTBOUND"
    if stmt.word(3) == "OF":
        account, namespace, _ = _of(session, stmt, 4)
        producer = find_producer(cluster, account, namespace)
        share_type = "INBOUND"
    else:
        producer = cluster
    share = producer.datashares.get(name)
    if share is None or (producer is not cluster and not _authorized(share, cluster)):
        raise UndefinedObject(f'datashare "{name}" does not exist')
    rows = [(producer.account, producer.namespace_id, share_type, share.name, kind, obj, inc)
            for kind, obj, inc in _objects(producer, share)]
    cols = [("producer_account", _V), ("producer_namespace", _V), ("share_type", _V), ("share_name", _V),
            ("object_type", _V), ("object_name", _V), ("include_new", RsType(TypeName.BOOLEAN))]
    return _result(cols, rows, "DESC")


def show_datashares(session: Session, stmt: Statement) -> Result:
    """SHOW DATASHARES [LIKE 'pattern']: outbound shares and the inbound ones consumed here."""
    pattern = _string(stmt, 3).replace("%", "*").replace("_", "?") if stmt.word(2) == "LIKE" else "*"
    cluster = session.cluster
    rows = []
    for share in sorted(cluster.datashares.values(), key=lambda s: s.name):
        rows.append((share.name, share.owner, share.database, None, "OUTBOUND",
                     to_datetime(share.created).replace(tzinfo=None), share.publicaccessible, None,
                     cluster.account, cluster.namespace_id))
    for db in sorted(cluster.shared_databases.values(), key=lambda d: d.name):
        rows.append((db.share, None, None, db.name, "INBOUND", None, None, None, db.account, db.namespace))
    rows = [r for r in rows if fnmatch.fnmatchcase(r[0], pattern)]
    cols = [("share_name", _V), ("share_owner", _V), ("source_database", _V), ("consumer_database", _V),
            ("share_type", _V), ("createdate", RsType(TypeName.TIMESTAMP)),
            ("is_publicaccessible", RsType(TypeName.BOOLEAN)), ("share_acl", _V), ("producer_account", _V),
            ("producer_namespace", _V)]
    return _result(cols, rows, "SHOW")


# ---- consumers ---------------------------------------------------------------------------------------


def _of(session: Session, stmt: Statement, i: int) -> tuple[str, str, int]:
    account = session.cluster.account
    if stmt.word(i) == "ACCOUNT":
        account = _string(stmt, i + 1)
        i += 2
    if stmt.word(i) != "NAMESPACE":
        raise SyntaxError_(f'syntax error at or near "{stmt.tokens[min(i, len(stmt.tokens) - 1)].text}"')
    return account, _string(stmt, i + 1), i + 2


def find_producer(cluster: Cluster, account: str, namespace: str) -> Cluster:
    """The cluster or workgroup of the Cloud with that account and namespace GUID."""
    candidates = [cluster]
    if cluster.cloud is not None:
        for state in cluster.cloud.backends("redshift"):
            candidates += [c.engine for c in state.clusters.values()]
            candidates += [w.engine for w in state.workgroups.values()]
    for engine in candidates:
        if engine.account == account and engine.namespace_id == namespace:
            return engine
    raise UndefinedObject(f'namespace "{namespace}" of account "{account}" does not exist')


def create_database_from_share(session: Session, stmt: Statement) -> Result:
    """CREATE DATABASE db FROM DATASHARE d OF [ACCOUNT 'id'] NAMESPACE 'guid' [REGION 'r']."""
    if not session.cluster.is_superuser(session.user):
        raise InsufficientPrivilege("permission denied to create database")
    name = stmt.tokens[2].text.lower()
    share_name = stmt.tokens[5].text.lower()
    if stmt.word(6) != "OF":
        raise SyntaxError_(f'syntax error at or near "{stmt.tokens[min(6, len(stmt.tokens) - 1)].text}"')
    account, namespace, i = _of(session, stmt, 7)
    cluster = session.cluster
    producer = find_producer(cluster, account, namespace)
    region = producer.region
    if stmt.word(i) == "REGION":
        region = _string(stmt, i + 1)
        if region != producer.region:
            raise UndefinedObject(f'namespace "{namespace}" does not exist in region "{region}"')
    share = producer.datashares.get(share_name)
    if share is None or not _authorized(share, cluster):
        raise UndefinedObject(f'datashare "{share_name}" does not exist or is not shared with this namespace')
    with cluster._lock:
        if name in cluster.databases or name in cluster.shared_databases:
            raise DuplicateObject(f'database "{name}" already exists')
        cluster.shared_databases[name] = SharedDatabase(name, share_name, account, namespace, region)
    return Result(command="CREATE DATABASE")


def _authorized(share: Datashare, consumer: Cluster) -> bool:
    return (None, consumer.namespace_id) in share.consumers or (consumer.account, None) in share.consumers


def shared_relation(session: Session, database: str, schema: str | None, name: str) -> Relation | None:
    """The consumer-side relation for ``database.schema.name`` (None: not a shared database).

    Raises UndefinedTable when the share no longer holds the table, FeatureNotSupported for RLS or masked
    tables (unless RLS is off for datashares).
    """
    shared = session.cluster.shared_databases.get(database)
    if shared is None:
        return None
    producer = find_producer(session.cluster, shared.account, shared.namespace)
    share = producer.datashares.get(shared.share)
    schema = schema or "public"
    shown = f"{database}.{schema}.{name}"
    if share is None or not _authorized(share, session.cluster):
        raise UndefinedTable(f'relation "{shown}" does not exist')
    db = producer.databases.get(share.database)
    rel = db.catalog.get(schema, name) if db is not None and schema in db.catalog.schemas else None
    if rel is None or not share.shares(rel):
        raise UndefinedTable(f'relation "{shown}" does not exist')
    key = (rel.schema, rel.name)
    if (db.rls.protected(rel) and key not in db.rls.datashare_off) or db.masking.attached_to(rel):
        raise FeatureNotSupported(f'RLS-protected relation "{rel.name}" cannot be accessed via cross-database query.')
    return Relation(f"{database}__{schema}", name, RelKind.EXTERNAL, list(rel.columns), owner=share.owner,
                    external=SharedSpec(producer, share.name, share.database, schema, name))


def check_shared_usage(session: Session, rel: Relation) -> None:
    """Consumers need USAGE on the shared database (superusers have it)."""
    spec: SharedSpec = rel.external
    database = rel.schema.split("__", 1)[0]
    shared = session.cluster.shared_databases.get(database)
    if session.cluster.is_superuser(session.user):
        return
    from .principals import principals

    if shared is None or not (shared.usage & principals(session)):
        raise InsufficientPrivilege(f"permission denied for database {database}")
    del spec


def read_shared(session: Session, rel: Relation) -> pa.Table:
    """The producer's committed rows, read now (live); the share is checked again (plans are cached)."""
    spec: SharedSpec = rel.external
    database = rel.schema.split("__", 1)[0]
    shared_relation(session, database, spec.schema, spec.table)
    db = spec.producer.databases[spec.database]
    source = db.catalog.get(spec.schema, spec.table)
    if source is None:
        raise UndefinedTable(f'relation "{spec.table}" does not exist')
    cursor = db.duck.cursor()
    try:
        return cursor.sql(f"SELECT * FROM {source.duck_name()}").to_arrow_table()
    finally:
        cursor.close()


def grant_database_usage(session: Session, stmt: Statement, grant: bool) -> str:
    """GRANT / REVOKE USAGE ON DATABASE shared_db TO / FROM grantees."""
    from .grantstmt import _grantees

    name = stmt.tokens[4].text.lower()
    shared = session.cluster.shared_databases.get(name)
    if shared is None:
        raise FeatureNotSupported("GRANT USAGE ON DATABASE is supported for databases created from datashares")
    if not session.cluster.is_superuser(session.user):
        raise InsufficientPrivilege(f"permission denied for database {name}")
    grantees, _ = _grantees(session, stmt, 6)
    for g in grantees:
        (shared.usage.add if grant else shared.usage.discard)(g)
    return stmt.word(0)


def run_datashare_statement(session: Session, stmt: Statement) -> Result:
    """Dispatch CREATE / ALTER / DROP DATASHARE."""
    verb = stmt.word(0)
    if verb == "CREATE":
        return _create(session, stmt)
    if verb == "ALTER":
        return _alter(session, stmt)
    return _drop(session, stmt)
