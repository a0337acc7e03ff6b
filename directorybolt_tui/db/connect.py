"""Finding the database and opening connections: a configured DSN, else the embedded PostgreSQL."""

from __future__ import annotations

import asyncio
from typing import Any

import asyncpg

from ..config import Settings, get_settings
from . import embedded


class DatabaseUnavailable(RuntimeError):
    pass


def resolve_dsn(settings: Settings | None = None, *, start_embedded: bool = True) -> str:
    """The DSN to use: DBOLT_DATABASE_URL, else the embedded server's app database (started on demand)."""
    settings = settings or get_settings()
    if settings.database_url is not None and settings.database_url.get_secret_value().strip():
        return settings.database_url.get_secret_value().strip()
    pgdata = settings.embedded_pgdata
    uri = embedded.running_uri(pgdata)
    if uri is None:
        if not start_embedded:
            raise DatabaseUnavailable(f"the embedded PostgreSQL in {pgdata} is not running (dbolt db start)")
        uri = embedded.start(pgdata)
    if _in_loop():
        raise RuntimeError("resolve_dsn() is for synchronous callers; use resolve_dsn_async()")
    asyncio.run(_ensure_database(uri, embedded.APP_DATABASE))
    return embedded.with_database(uri, embedded.APP_DATABASE)


async def resolve_dsn_async(settings: Settings | None = None) -> str:
    settings = settings or get_settings()
    if settings.database_url is not None and settings.database_url.get_secret_value().strip():
        return settings.database_url.get_secret_value().strip()
    pgdata = settings.embedded_pgdata
    uri = embedded.running_uri(pgdata)
    if uri is None:
        uri = await asyncio.to_thread(embedded.start, pgdata)
    await _ensure_database(uri, embedded.APP_DATABASE)
    return embedded.with_database(uri, embedded.APP_DATABASE)


def _in_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


async def _ensure_database(server_uri: str, name: str) -> None:
    conn = await asyncpg.connect(server_uri)
    try:
        exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
        if not exists:
            try:
                await conn.execute(f'CREATE DATABASE "{name}"')
            except asyncpg.DuplicateDatabaseError:
                pass
    finally:
        await conn.close()


async def connect(dsn: str, **kwargs: Any) -> asyncpg.Connection:
    return await asyncpg.connect(dsn, **kwargs)


async def create_pool(dsn: str, *, min_size: int = 1, max_size: int = 4, **kwargs: Any) -> asyncpg.Pool:
    pool = await asyncpg.create_pool(dsn, min_size=min_size, max_size=max_size, **kwargs)
    assert pool is not None
    return pool
