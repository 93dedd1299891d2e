"""Fixtures for the Redshift tests: a cluster on a manual clock and a cursor on it."""

from __future__ import annotations

import pytest

from awscore.clock import ManualClock
from awscore.redshift import Cluster

START = 1_700_000_000.25  # 2023-11-14 22:13:20.25 UTC


@pytest.fixture
def cluster():
    c = Cluster("test", clock=ManualClock(START))
    yield c
    c.close()


@pytest.fixture
def conn(cluster):
    connection = cluster.connect(user="awsuser", database="dev", autocommit=True)
    yield connection
    connection.close()


@pytest.fixture
def cur(conn):
    return conn.cursor()
