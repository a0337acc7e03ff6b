"""Staff actions: every one is a call of an SQL API function (they check input and record the actor)."""

from __future__ import annotations

import json
from typing import Any, Sequence

import asyncpg

from .privileges import Capabilities

CANCEL_JOB = "staff_api.cancel_job"
RETRY_RESULTS = "staff_api.retry_results"
RESOLVE_MANUAL = "staff_api.resolve_manual"
UPSERT_DIRECTORY = "admin_api.upsert_directory"
UPDATE_DIRECTORY = "admin_api.update_directory"
SET_DIRECTORIES_ENABLED = "admin_api.set_directories_enabled"
# sql/migrations/0004_worker_api.sql (worker controls and job priority)
PRIORITIZE_JOB = "staff_api.prioritize_job"
PAUSE_JOB = "staff_api.pause_job"
RESUME_JOB = "staff_api.resume_job"
PAUSE_WORKERS = "staff_api.pause_workers"
RESUME_WORKERS = "staff_api.resume_workers"
DRAIN_WORKER = "staff_api.drain_worker"


class ActionRefused(Exception):
    """The role may not do this (or the console is read-only); nothing was sent."""


class ActionFailed(Exception):
    """The database refused the action; the message is the database's."""


async def call(conn: asyncpg.Connection, caps: Capabilities, function: str, *args: Any) -> Any:
    if not caps.can(function):
        raise ActionRefused(caps.why_not(function))
    placeholders = ", ".join(f"${i + 1}" for i in range(len(args)))
    try:
        return await conn.fetchval(f"SELECT {function}({placeholders})", *args)
    except asyncpg.PostgresError as exc:
        hint = f" ({exc.hint})" if getattr(exc, "hint", None) else ""
        raise ActionFailed(f"{exc.args[0] if exc.args else exc}{hint}") from exc


async def cancel_job(conn, caps, job_id: Any, reason: str | None = None) -> int:
    return await call(conn, caps, CANCEL_JOB, job_id, reason)


async def retry_results(conn, caps, result_ids: Sequence[int], note: str | None = None) -> int:
    return await call(conn, caps, RETRY_RESULTS, list(result_ids), note)


async def resolve_manual(
    conn, caps, result_ids: Sequence[int], outcome: str, proof_url: str | None = None, note: str | None = None
) -> int:
    return await call(conn, caps, RESOLVE_MANUAL, list(result_ids), outcome, proof_url or None, note or None)


async def set_directories_enabled(conn, caps, ids: Sequence[int], enabled: bool) -> int:
    return await call(conn, caps, SET_DIRECTORIES_ENABLED, list(ids), enabled)


async def update_directory(conn, caps, directory_id: int, changes: dict[str, Any]) -> None:
    await call(conn, caps, UPDATE_DIRECTORY, directory_id, json.dumps(changes))


async def add_directory(conn, caps, spec: dict[str, Any]) -> int:
    return await call(conn, caps, UPSERT_DIRECTORY, json.dumps(spec))


async def prioritize_job(conn, caps, job_id: Any) -> Any:
    return await call(conn, caps, PRIORITIZE_JOB, job_id)


async def pause_job(conn, caps, job_id: Any) -> Any:
    return await call(conn, caps, PAUSE_JOB, job_id)


async def resume_job(conn, caps, job_id: Any) -> Any:
    return await call(conn, caps, RESUME_JOB, job_id)


async def pause_workers(conn, caps, worker_id: str | None = None) -> Any:
    return await call(conn, caps, PAUSE_WORKERS, worker_id)


async def resume_workers(conn, caps, worker_id: str | None = None) -> Any:
    return await call(conn, caps, RESUME_WORKERS, worker_id)


async def drain_worker(conn, caps, worker_id: str | None = None) -> Any:
    """Drain one worker, or (worker_id None) every worker that is not stopped, in one transaction."""
    if worker_id is not None:
        return await call(conn, caps, DRAIN_WORKER, worker_id)
    if not caps.can(DRAIN_WORKER):
        raise ActionRefused(caps.why_not(DRAIN_WORKER))
    ids = [r["worker_id"] for r in await conn.fetch(
        "SELECT worker_id FROM worker_heartbeats WHERE status <> 'stopped' ORDER BY worker_id LIMIT 1000")]
    async with conn.transaction():
        for wid in ids:
            await call(conn, caps, DRAIN_WORKER, wid)
    return len(ids)
