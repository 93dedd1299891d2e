"""Sessions used from several threads at once: no lost rows, no Python errors."""

from __future__ import annotations

import threading

from awscore.redshift.errors import SQLError


def test_parallel_sessions_insert(cluster):
    setup = cluster.connect(autocommit=True).cursor()
    setup.execute("CREATE TABLE c (worker INT, n INT)")
    errors: list[BaseException] = []

    def work(worker: int) -> None:
        cur = cluster.connect(autocommit=True).cursor()
        try:
            for n in range(25):
                cur.execute("INSERT INTO c VALUES (:w, :n)", {"w": worker, "n": n})
                cur.execute("SELECT count(*) FROM c WHERE worker = :w", {"w": worker})
                assert cur.fetchone() == (n + 1,)
        except BaseException as exc:  # noqa: BLE001 - collected for the main thread
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert setup.execute("SELECT count(*) FROM c").fetchone() == (100,)


def test_conflicting_transactions_one_fails(cluster):
    a = cluster.connect(autocommit=True).cursor()
    b = cluster.connect(autocommit=True).cursor()
    a.execute("CREATE TABLE k (id INT, v INT); INSERT INTO k VALUES (1, 0)")
    a.execute("BEGIN; UPDATE k SET v = 1 WHERE id = 1")
    b.execute("BEGIN")
    try:
        b.execute("UPDATE k SET v = 2 WHERE id = 1")
        conflict = False
    except SQLError as exc:
        conflict = "Serializable isolation violation" in exc.message
    a.execute("COMMIT")
    b.execute("ROLLBACK")
    assert conflict
    assert a.execute("SELECT v FROM k").fetchone() == (1,)
