import asyncio
import subprocess
import sys

import asyncpg
import pytest

from directorybolt_tui.db.migrate import SchemaError, code_version, migrate
from tests.conftest import scratch_database
from tests.foundation.helpers import REPO_ROOT


@pytest.fixture
def empty_db(pg_server_dsn):
    with scratch_database(pg_server_dsn, "dbolt_empty") as dsn:
        yield dsn


def test_two_migrations_at_once_one_migrates_the_other_finds_nothing(empty_db, tmp_path):
    env = {"DBOLT_DATABASE_URL": empty_db, "DBOLT_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    cmd = [sys.executable, "-m", "directorybolt_tui.cli.main", "db", "migrate"]
    procs = [subprocess.Popen(cmd, env=env, cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    applied = [o for o, _ in outs if "applied 0001_schema" in o]
    idle = [o for o, _ in outs if "nothing to migrate" in o]
    assert len(applied) == 1 and len(idle) == 1, outs

    again = subprocess.run(cmd, env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0 and "nothing to migrate" in again.stdout

    async def versions():
        conn = await asyncpg.connect(empty_db)
        try:
            return await conn.fetchval("SELECT max(version) FROM schema_migrations")
        finally:
            await conn.close()

    assert asyncio.run(versions()) == code_version()


async def test_refuses_a_schema_newer_than_the_code(conn):
    await conn.execute(
        "INSERT INTO schema_migrations (version, name, checksum) VALUES (9999, 'from_the_future', 'x')"
    )
    with pytest.raises(SchemaError, match="newer"):
        await migrate(conn)
    # ... and nothing was changed by the refused run
    assert await conn.fetchval("SELECT max(version) FROM schema_migrations") == 9999


async def test_a_failing_migration_leaves_nothing_half_applied(conn, tmp_path, monkeypatch):
    from directorybolt_tui.db import migrate as migrate_module
    from directorybolt_tui.db.sql_files import Migration, migrations

    before = await conn.fetchval("SELECT max(version) FROM schema_migrations")
    broken = tmp_path / "9000_broken.sql"
    broken.write_text("CREATE TABLE half_done (x int);\nSELECT 1/0;\n")
    monkeypatch.setattr(migrate_module, "migrations", lambda: [*migrations(), Migration(9000, "broken", broken)])
    with pytest.raises(asyncpg.DivisionByZeroError):
        await migrate_module.migrate(conn)
    assert await conn.fetchval("SELECT to_regclass('public.half_done')") is None
    assert await conn.fetchval("SELECT max(version) FROM schema_migrations") == before


async def test_a_migration_file_changed_after_it_was_applied_is_reported(conn):
    await conn.execute("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1")
    report = await migrate(conn)
    assert report.applied == [] and report.changed == ["0001_schema"]
