"""Workers: every worker that ever sent a heartbeat (idle and dead too); pause, resume, drain."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from rich.text import Text
from textual.binding import Binding

from ...config import get_settings
from ...db.console import actions as A
from ...db.console import queries as Q
from ..fmt import ago, num, status_text
from ..widgets.inert_text import inert
from .base import BaseTab


def health(row: dict, now: datetime) -> tuple[str, str, str]:
    """(key, mark, style): ok / late / dead / stopped."""
    settings = get_settings()
    age = (now - row["last_heartbeat"]).total_seconds()
    if row["status"] == "stopped":
        return "stopped", "■ stopped", "grey50"
    if age > settings.dead_after_seconds:
        return "dead", "✝ dead", "bold red"
    if age > 2 * settings.heartbeat_seconds:
        return "late", "◔ late", "yellow"
    if row["failed_count"] and row["processed_count"] and row["failed_count"] / row["processed_count"] > 0.5:
        return "failing", "⚠ failing", "yellow"
    return "ok", "✔ ok", "green"


class WorkersTab(BaseTab):
    tab_id = "workers"
    title = "Workers"
    kinds = frozenset({"workers"})
    columns = [
        ("worker_id", "Worker", 18),
        ("host", "Host", 12),
        ("status", "Status", 10),
        ("heartbeat", "Beat", 7),
        ("tasks", "Tasks", 6),
        ("processed_count", "Done", 7),
        ("failed_count", "Failed", 7),
        ("health", "Health", 10),
    ]
    action_functions = {
        "pause_worker": A.PAUSE_WORKERS,
        "resume_worker": A.RESUME_WORKERS,
        "drain_worker": A.DRAIN_WORKER,
        "pause_all": A.PAUSE_WORKERS,
        "resume_all": A.RESUME_WORKERS,
        "drain_all": A.DRAIN_WORKER,
    }
    commands = [
        ("Workers: pause worker", "Pause the selected worker", "pause_worker"),
        ("Workers: resume worker", "Resume the selected worker", "resume_worker"),
        ("Workers: drain worker", "Let the selected worker finish its tasks and stop", "drain_worker"),
        ("Workers: pause all", "Pause every worker", "pause_all"),
        ("Workers: resume all", "Resume every worker", "resume_all"),
        ("Workers: drain all", "Drain every worker", "drain_all"),
    ]
    BINDINGS = [
        Binding("p", "pause_worker", "Pause"),
        Binding("u", "resume_worker", "Resume"),
        Binding("d", "drain_worker", "Drain"),
        Binding("P", "pause_all", "Pause all", show=False),
        Binding("U", "resume_all", "Resume all", show=False),
        Binding("D", "drain_all", "Drain all", show=False),
    ]

    async def fetch(self, conn, now: datetime) -> Q.TabData:
        return await Q.workers(conn, now)

    def row_key(self, row: dict) -> str:
        return str(row["worker_id"])

    def _tasks(self, row: dict) -> list:
        tasks = row["current_tasks"]
        if isinstance(tasks, str):
            tasks = json.loads(tasks)
        return tasks if isinstance(tasks, list) else []

    def sort_value(self, row: dict, column: str) -> Any:
        if column == "heartbeat":
            return row["last_heartbeat"]
        if column == "tasks":
            return len(self._tasks(row))
        if column == "health":
            return health(row, self.now)[0] if self.now else ""
        return row.get(column)

    def cells(self, row: dict, now: datetime) -> list[Any]:
        key, mark, style = health(row, now)
        status = "dead" if key == "dead" else row["status"]
        if key != "dead" and row.get("drain_requested") and status not in ("stopped",):
            status = "draining"
        elif key != "dead" and row.get("paused") and status not in ("stopped", "paused"):
            status = "paused"
        return [
            inert(row["worker_id"], self.w("worker_id")),
            inert(row["host"], self.w("host")),
            status_text(status),
            Text(ago(row["last_heartbeat"], now), justify="right"),
            Text(f"{len(self._tasks(row))}/{row['concurrency']}", justify="right"),
            Text(num(row["processed_count"]), justify="right"),
            Text(num(row["failed_count"]), justify="right"),
            Text(mark, style=style),
        ]

    def header_extra(self) -> str:
        if self.data is not None and self.data.extra.get("all_paused"):
            return "ALL WORKERS PAUSED (U resumes)"
        return ""

    def copy_text(self) -> str | None:
        row = self.current_row()
        return str(row["worker_id"]) if row else None

    def _one(self, action: str, fn, verb: str) -> None:
        if not self.allowed(action):
            return
        row = self.current_row()
        if row:
            wid = row["worker_id"]
            self.console.db_action(lambda c, caps: fn(c, caps, wid), f"worker {wid}: {verb}")

    def _all(self, action: str, fn, verb: str) -> None:
        if not self.allowed(action):
            return
        self.console.db_action(lambda c, caps: fn(c, caps, None), f"all workers: {verb}")

    def action_pause_worker(self) -> None:
        self._one("pause_worker", A.pause_workers, "pause requested")

    def action_resume_worker(self) -> None:
        self._one("resume_worker", A.resume_workers, "resume requested")

    def action_drain_worker(self) -> None:
        self._one("drain_worker", A.drain_worker, "drain requested")

    def action_pause_all(self) -> None:
        self._all("pause_all", A.pause_workers, "pause requested")

    def action_resume_all(self) -> None:
        self._all("resume_all", A.resume_workers, "resume requested")

    def action_drain_all(self) -> None:
        self._all("drain_all", A.drain_worker, "drain requested")
