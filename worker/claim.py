"""Claiming work: one call of worker_api.claim, rows turned into SubmissionRequests."""

from __future__ import annotations

import json
from typing import Any

import asyncpg

from .db import Database
from .submission import BusinessProfile, DirectoryTarget, SubmissionRequest

CLAIM_SQL = "SELECT * FROM worker_api.claim($1, $2, $3)"
DUE_SQL = "SELECT due, submitting, next_due_at FROM worker_api.due_summary()"


async def claim(db: Database, worker_id: str, limit: int, lease_seconds: float) -> list[asyncpg.Record]:
    if limit <= 0:
        return []
    # A claim whose answer is lost in a connection failure is rolled back or leaves rows whose
    # lease expires (the sweep returns them, phase 'claimed'); so retry only briefly.
    return await db.fetch(CLAIM_SQL, worker_id, limit, lease_seconds, what="claim", retry_for=2.0)


def _json(value: Any, default: Any) -> Any:
    if value is None:
        return default
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return default
    return value


def _split_name(name: str | None) -> tuple[str | None, str | None]:
    if not name or not name.strip():
        return None, None
    parts = name.strip().split()
    if len(parts) == 1:
        return parts[0], None
    return " ".join(parts[:-1]), parts[-1]


def to_request(row: asyncpg.Record | dict[str, Any]) -> SubmissionRequest:
    first, last = _split_name(row["contact_name"])
    social = _json(row["social_links"], {})
    profile = BusinessProfile(
        business_name=row["business_name"],
        email=row["email"],
        phone=row["phone"],
        website=row["website"],
        contact_name=row["contact_name"],
        contact_first_name=first,
        contact_last_name=last,
        address=row["address"],
        street=row["street"],
        city=row["city"],
        region=row["region"],
        postal_code=row["postal_code"],
        country=row["country"],
        description=row["description"],
        categories=tuple(row["categories"] or ()),
        hours=row["hours"],
        social_links={str(k): str(v) for k, v in (social or {}).items()},
        keywords=tuple(row["keywords"] or ()),
    )
    hints = _json(row["field_hints"], {})
    directory = DirectoryTarget(
        id=row["directory_id"],
        name=row["directory_name"],
        homepage=row["homepage"],
        submission_url=row["submission_url"] or row["homepage"],
        field_hints={str(k): str(v) for k, v in (hints or {}).items()},
        has_captcha=bool(row["has_captcha"]),
        requires_login=bool(row["requires_login"]),
    )
    return SubmissionRequest(
        result_id=row["result_id"],
        job_id=str(row["job_id"]),
        attempt=row["attempt"],
        profile=profile,
        directory=directory,
    )
