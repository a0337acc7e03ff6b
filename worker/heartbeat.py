"""The worker's heartbeat: registration, status, current tasks and counters; returns staff controls."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from typing import Any

from .db import Database

try:
    from importlib.metadata import version as _pkg_version

    VERSION = _pkg_version("directorybolt-ops")
except Exception:  # noqa: BLE001
    VERSION = None


@dataclass
class Controls:
    paused: bool = False
    drain: bool = False


def make_worker_id() -> str:
    """host, pid and a random part: unique even when a pid is reused."""
    return f"{socket.gethostname()}:{os.getpid()}:{os.urandom(3).hex()}"


async def beat(db: Database, worker_id: str, *, status: str, concurrency: int, current_tasks: list[dict[str, Any]],
               processed: int, failed: int, retry_for: float | None = 0) -> Controls:
    info = {
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "version": VERSION,
        "concurrency": concurrency,
        "status": status,
        "current_tasks": current_tasks,
        "processed": processed,
        "failed": failed,
    }
    rows = await db.fetch("SELECT paused, drain FROM worker_api.heartbeat($1, $2::jsonb)", worker_id, info,
                          what="heartbeat", retry_for=retry_for)
    if not rows:
        return Controls()
    return Controls(paused=bool(rows[0]["paused"]), drain=bool(rows[0]["drain"]))
