"""The directory catalog in the database: upserts through admin_api, reads bounded by a limit."""

from __future__ import annotations

import json
from typing import Any

import asyncpg

from ..directory_model import DirectorySpec

EXPORT_COLUMNS = [
    "id", "name", "homepage", "submission_url", "category", "region", "enabled", "priority", "requires_login",
    "has_captcha", "max_concurrent", "min_interval_seconds", "field_hints", "notes",
]


async def upsert_directories(conn: asyncpg.Connection, specs: list[DirectorySpec]) -> tuple[int, int]:
    """Upsert by homepage in one transaction; returns (added, updated)."""
    added = updated = 0
    async with conn.transaction():
        for spec in specs:
            existed = await conn.fetchval(
                "SELECT true FROM directories WHERE homepage_key = rtrim(regexp_replace(lower($1), '^https?://(www\\.)?', ''), '/')",
                spec.homepage,
            )
            await conn.fetchval("SELECT admin_api.upsert_directory($1::jsonb)", json.dumps(spec.to_api()))
            if existed:
                updated += 1
            else:
                added += 1
    return added, updated


async def list_directories(
    conn: asyncpg.Connection, *, enabled: bool | None = None, search: str | None = None, limit: int | None = 100
) -> list[dict[str, Any]]:
    rows = await conn.fetch(
        f"""SELECT {', '.join(EXPORT_COLUMNS)} FROM directories
            WHERE ($1::boolean IS NULL OR enabled = $1)
              AND ($2::text IS NULL OR name ILIKE '%' || $2 || '%' OR homepage ILIKE '%' || $2 || '%')
            ORDER BY priority DESC, name, id
            LIMIT $3""",
        enabled,
        search,
        limit,
    )
    out = []
    for row in rows:
        item = dict(row)
        item["field_hints"] = json.loads(item["field_hints"]) if isinstance(item["field_hints"], str) else item["field_hints"]
        item["min_interval_seconds"] = float(item["min_interval_seconds"])
        out.append(item)
    return out


async def resolve_directory_ids(conn: asyncpg.Connection, refs: list[str]) -> tuple[list[int], list[str]]:
    """Ids for refs given as ids or homepages; returns (ids, refs not found)."""
    ids: list[int] = []
    missing: list[str] = []
    for ref in refs:
        if ref.isdigit():
            found = await conn.fetchval("SELECT id FROM directories WHERE id = $1", int(ref))
        else:
            found = await conn.fetchval(
                "SELECT id FROM directories WHERE homepage_key = rtrim(regexp_replace(lower($1), '^https?://(www\\.)?', ''), '/')",
                ref,
            )
        if found is None:
            missing.append(ref)
        else:
            ids.append(found)
    return ids, missing


async def set_enabled(conn: asyncpg.Connection, ids: list[int], enabled: bool) -> int:
    return await conn.fetchval("SELECT admin_api.set_directories_enabled($1::bigint[], $2)", ids, enabled)
