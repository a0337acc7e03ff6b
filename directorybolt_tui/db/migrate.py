"""Versioned migrations: numbered files in sql/migrations, each applied in one transaction.

Two processes migrating at once serialise on an advisory lock: the second waits, then finds
nothing left to do. A database whose schema is newer than this code is refused.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import asyncpg

from .sql_files import Migration, migrations, roles_sql

MIGRATION_LOCK_KEY = 0x0DB0_1701  # advisory lock id shared by every dbolt process


class SchemaError(RuntimeError):
    pass


@dataclass
class MigrationReport:
    applied: list[str]
    current_version: int
    # Applied migrations whose file has changed since: the database may differ from what the code says.
    changed: list[str] = field(default_factory=list)


_CREATE_VERSION_TABLE = """
CREATE TABLE IF NOT EXISTS public.schema_migrations (
  version    integer PRIMARY KEY,
  name       text NOT NULL,
  checksum   text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now(),
  applied_by text NOT NULL DEFAULT session_user
)
"""


def _checksum(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def code_version() -> int:
    found = migrations()
    return found[-1].version if found else 0


async def database_version(conn: asyncpg.Connection) -> int:
    exists = await conn.fetchval("SELECT to_regclass('public.schema_migrations') IS NOT NULL")
    if not exists:
        return 0
    return await conn.fetchval("SELECT coalesce(max(version), 0) FROM public.schema_migrations")


async def check_schema(conn: asyncpg.Connection) -> int:
    """Raise SchemaError unless the database schema is exactly what this code expects."""
    db_version = await database_version(conn)
    mine = code_version()
    if db_version > mine:
        raise SchemaError(
            f"the database schema (version {db_version}) is newer than this code (version {mine}): upgrade dbolt"
        )
    if db_version < mine:
        raise SchemaError(f"the database schema is at version {db_version}, the code needs {mine}: run `dbolt db migrate`")
    return db_version


async def migrate(conn: asyncpg.Connection) -> MigrationReport:
    available: list[Migration] = migrations()
    await conn.execute("SELECT pg_advisory_lock($1)", MIGRATION_LOCK_KEY)
    try:
        await conn.execute("SET client_min_messages = warning")
        await conn.execute(_CREATE_VERSION_TABLE)
        applied_rows = await conn.fetch("SELECT version, checksum FROM public.schema_migrations")
        applied = {row["version"]: row["checksum"] for row in applied_rows}
        newest_known = available[-1].version if available else 0
        unknown = sorted(v for v in applied if v > newest_known)
        if unknown:
            raise SchemaError(
                f"the database has migrations this code does not know ({unknown}): "
                "it was migrated by a newer dbolt; refusing to touch it"
            )
        done: list[str] = []
        changed: list[str] = []
        for migration in available:
            if migration.version in applied:
                if applied[migration.version] != _checksum(migration.text()):
                    changed.append(f"{migration.version:04d}_{migration.name}")
                continue
            text = migration.text()
            async with conn.transaction():
                await conn.execute(text)
                await conn.execute(
                    "INSERT INTO public.schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
                    migration.version,
                    migration.name,
                    _checksum(text),
                )
            done.append(f"{migration.version:04d}_{migration.name}")
        if done and await roles_exist(conn):
            await apply_roles(conn)
        return MigrationReport(applied=done, current_version=await database_version(conn), changed=changed)
    finally:
        await conn.execute("SELECT pg_advisory_unlock($1)", MIGRATION_LOCK_KEY)


async def roles_exist(conn: asyncpg.Connection) -> bool:
    count = await conn.fetchval(
        "SELECT count(*) FROM pg_roles WHERE rolname IN ('dbolt_staff', 'dbolt_admin', 'dbolt_worker')"
    )
    return count == 3


async def apply_roles(conn: asyncpg.Connection) -> None:
    async with conn.transaction():
        await conn.execute(roles_sql())
