"""Queue: pending jobs in claim order; start now, cancel."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.text import Text
from textual.binding import Binding

from ...db.console import actions as A
from ...db.console import queries as Q
from ..fmt import ago, short_id
from ..widgets.inert_text import inert
from .base import BaseTab
from .job_row_actions import JobRowActions


class QueueTab(JobRowActions, BaseTab):
    tab_id = "queue"
    title = "Queue"
    kinds = frozenset({"jobs", "packages"})
    columns = [
        ("id", "Job", 8),
        ("customer", "Customer", 22),
        ("package", "Package", 12),
        ("directories", "Dirs", 5),
        ("waiting", "In queue", 9),
        ("priority", "Prio", 5),
        ("flags", "Flags", 10),
    ]
    action_functions = {"start_now": A.PRIORITIZE_JOB, "cancel_job": A.CANCEL_JOB}
    commands = [
        ("Queue: start job now", "Move the selected pending job to the front", "start_now"),
        ("Queue: cancel job", "Cancel the selected pending job", "cancel_job"),
    ]
    BINDINGS = [
        Binding("enter", "open_job", "Open", show=False),
        Binding("n", "start_now", "Start now"),
        Binding("x", "cancel_job", "Cancel job"),
    ]

    async def fetch(self, conn, now: datetime) -> Q.TabData:
        return await Q.queue(conn, now)

    def sort_value(self, row: dict, column: str) -> Any:
        if column == "waiting":
            return row["created_at"]
        if column == "flags":
            return (row["paused"], row["cancel_requested"])
        return row.get(column)

    def cells(self, row: dict, now: datetime) -> list[Any]:
        flags = []
        if row["paused"]:
            flags.append("paused")
        if row["cancel_requested"]:
            flags.append("cancelling")
        return [
            Text(short_id(row["id"])),
            inert(row["customer"], self.w("customer")),
            inert(row["package"], self.w("package")),
            Text(str(row["directories"]), justify="right"),
            Text(ago(row["created_at"], now), justify="right"),
            Text(str(row["priority"]), justify="right"),
            Text(" ".join(flags), style="yellow"),
        ]

