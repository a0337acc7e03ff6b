"""Leases on running submissions: phases, renewals, the sweep and the release on shutdown."""

from __future__ import annotations

from .db import Database


async def set_phase(db: Database, worker_id: str, result_id: int, attempt: int, phase: str,
                    lease_seconds: float, *, retry_for: float) -> str:
    """'ok' | 'cancel_requested' | 'lost'. Idempotent, so a lost answer is simply asked again."""
    return await db.fetchval(
        "SELECT worker_api.set_phase($1, $2, $3, $4, $5)",
        worker_id, result_id, attempt, phase, lease_seconds,
        what=f"set_phase {phase}", retry_for=retry_for,
    )


async def renew(db: Database, worker_id: str, result_ids: list[int], lease_seconds: float,
                phases: list[str] | None = None) -> dict[int, str]:
    """Renew leases (and record informational phases); state per result: ok | cancel_requested | lost."""
    if not result_ids:
        return {}
    rows = await db.fetch(
        "SELECT result_id, state FROM worker_api.renew_leases($1, $2, $3, $4)",
        worker_id, result_ids, lease_seconds, phases, what="renew_leases", retry_for=0,
    )
    return {r["result_id"]: r["state"] for r in rows}


async def rescue_expired(db: Database, max_attempts: int | None, limit: int = 500) -> list[tuple[int, str]]:
    rows = await db.fetch(
        "SELECT result_id, outcome FROM worker_api.rescue_expired($1, $2)",
        limit, max_attempts, what="rescue_expired", retry_for=0,
    )
    return [(r["result_id"], r["outcome"]) for r in rows]


async def release(db: Database, worker_id: str, result_ids: list[int] | None, *, retry_for: float,
                  keep: list[int] | None = None) -> list[tuple[int, str]]:
    rows = await db.fetch(
        "SELECT result_id, outcome FROM worker_api.release_results($1, $2, $3)",
        worker_id, result_ids, keep, what="release_results", retry_for=retry_for,
    )
    return [(r["result_id"], r["outcome"]) for r in rows]
