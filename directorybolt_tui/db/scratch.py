"""Scratch databases for benchmarks: created and migrated on the configured server, dropped after."""

from __future__ import annotations

import uuid

import asyncpg

from .embedded import with_database
from .migrate import migrate


async def create_scratch_database(server_dsn: str, prefix: str = "dbolt_bench") -> tuple[str, str]:
    """Create and migrate a new database next to `server_dsn`'s; returns (name, dsn)."""
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(server_dsn)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    dsn = with_database(server_dsn, name)
    conn = await asyncpg.connect(dsn)
    try:
        await migrate(conn)
    finally:
        await conn.close()
    return name, dsn


async def drop_database(server_dsn: str, name: str) -> None:
    admin = await asyncpg.connect(server_dsn)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()
