import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.foundation.helpers import dbolt


@pytest.fixture
def own_dir():
    # Not under pytest's tmp_path: pytest keeps that tree private (0700) to root, and as root the
    # embedded server runs as an unprivileged user that must be able to reach its data directory.
    path = Path(tempfile.mkdtemp(prefix="dbolt-embedded-test-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_without_a_dsn_every_command_uses_the_embedded_postgresql(own_dir):
    tmp_path = own_dir
    env = {k: v for k, v in os.environ.items() if k not in ("DBOLT_DATABASE_URL", "DBOLT_TEST_DATABASE_URL")}
    env.update(DBOLT_DATA_DIR=str(tmp_path / "data"), DBOLT_CONFIG_FILE=str(tmp_path / "none.toml"))
    try:
        stopped = dbolt("db", "status", env=env)
        assert stopped.returncode == 3 and "stopped" in stopped.stdout

        started = dbolt("db", "start", env=env)
        assert started.returncode == 0, started.stderr
        assert (tmp_path / "data" / "postgres" / "PG_VERSION").exists()
        migrated = dbolt("db", "migrate", env=env)
        assert migrated.returncode == 0 and "applied 0001_schema" in migrated.stdout

        # A second command reuses the running server and the migrated database.
        status = dbolt("db", "status", env=env)
        assert status.returncode == 0 and "running" in status.stdout and "server version 1" in status.stdout
        url = dbolt("db", "url", env=env)
        assert url.stdout.startswith("postgresql://") and "/dbolt" in url.stdout
        listed = dbolt("directories", "list", env=env)
        assert listed.returncode == 0 and "0 shown" in listed.stdout
    finally:
        stop = dbolt("db", "stop", env=env)
    assert stop.returncode == 0 and "stopped" in stop.stdout
    assert "stopped" in dbolt("db", "status", env=env).stdout


def test_a_command_before_migrate_says_what_to_do(db_env, pg_server_dsn):
    from tests.conftest import scratch_database

    with scratch_database(pg_server_dsn, "dbolt_unmigrated") as dsn:
        done = dbolt("directories", "list", env={**db_env, "DBOLT_DATABASE_URL": dsn})
        assert done.returncode == 1 and "dbolt db migrate" in done.stderr
