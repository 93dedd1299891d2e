"""Redshift: Redshift SQL on DuckDB (DB-API, Data API), COPY / UNLOAD on the shared S3 store.

>>> from awscore.redshift import Cluster
>>> conn = Cluster("demo").connect(user="awsuser", database="dev")
>>> cur = conn.cursor()
>>> cur.execute("SELECT AVG(x) AS a FROM (SELECT 1 AS x UNION ALL SELECT 2) t").fetchall()
[(1,)]
"""

from .cluster import Cluster
from .dbapi import Connection, Cursor
from .errors import SQLError

__all__ = ["Cluster", "Connection", "Cursor", "SQLError"]
