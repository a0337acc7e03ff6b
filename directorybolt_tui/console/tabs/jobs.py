"""Jobs: pending and in progress with progress bars and their latest results; Enter opens one.

Typing a filter also searches every job (finished ones too) by customer name, email or job id."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.text import Text
from textual.binding import Binding

from ...db.console import actions as A
from ...db.console import queries as Q
from ..fmt import STATUS_MARKS, duration, short_id, status_text
from ..widgets.inert_text import inert, neutralize
from ..widgets.progress import progress_text
from .base import BaseTab
from .job_row_actions import JobRowActions


class JobsTab(JobRowActions, BaseTab):
    tab_id = "jobs"
    title = "Jobs"
    columns = [
        ("id", "Job", 8),
        ("customer", "Customer", 18),
        ("progress", "Progress", 22),
        ("status", "Status", 13),
        ("elapsed", "Elapsed", 8),
        ("latest", "Latest results", 40),
    ]
    action_functions = {
        "cancel_job": A.CANCEL_JOB,
        "start_now": A.PRIORITIZE_JOB,
        "pause_job": A.PAUSE_JOB,
        "resume_job": A.RESUME_JOB,
    }
    commands = [
        ("Jobs: open job", "Open the selected job's detail", "open_job"),
        ("Jobs: cancel job", "Cancel the selected job", "cancel_job"),
        ("Jobs: start job now", "Move the selected job to the front", "start_now"),
        ("Jobs: pause job", "Pause the selected job", "pause_job"),
        ("Jobs: resume job", "Resume the selected job", "resume_job"),
    ]
    BINDINGS = [
        Binding("enter", "open_job", "Open"),
        Binding("x", "cancel_job", "Cancel job"),
        Binding("n", "start_now", "Start now", show=False),
        Binding("z", "pause_job", "Pause job", show=False),
        Binding("u", "resume_job", "Resume job", show=False),
    ]

    # From this many characters on, the filter is also a search of every job in the database
    # (finished ones too, by customer name, email or job id), not only of the open jobs shown.
    SEARCH_MIN_CHARS = 3  # a trigram index answers from three characters on

    def server_search(self) -> str | None:
        text = self.filter_text.strip()
        return text if len(text) >= self.SEARCH_MIN_CHARS else None

    async def fetch(self, conn, now: datetime) -> Q.TabData:
        return await Q.jobs(conn, now, search=self.server_search())

    def on_input_changed(self, event: Any) -> None:
        searched = self.data.extra.get("search") if self.data else None
        super().on_input_changed(event)
        if self.server_search() != searched:
            self.console.request_refresh_of(self)

    def header_extra(self) -> str:
        return "(every job searched)" if self.data and self.data.extra.get("search") else ""

    def _elapsed(self, row: dict, now: datetime) -> float:
        start = row["started_at"] or row["created_at"]
        return ((row.get("completed_at") or now) - start).total_seconds()

    def sort_value(self, row: dict, column: str) -> Any:
        if column == "progress":
            return float(row["progress"])
        if column == "elapsed":
            return self._elapsed(row, self.now) if self.now else 0
        if column == "latest":
            return len(self._latest(row))
        return row.get(column)

    @staticmethod
    def _latest(row: dict) -> list[dict]:
        """The latest results (a JSON text as fetched; decoded once, in place)."""
        import json

        if isinstance(row["latest"], str):
            row["latest"] = json.loads(row["latest"])
        return row["latest"] or []

    def search_text(self, row: dict) -> str:
        latest = " ".join(neutralize(x.get("d")) for x in self._latest(row))
        email = neutralize(row.get("customer_email") or "")
        return f"{row['id']} {neutralize(row['customer'])} {email} {row['status']} {row['package']} {latest}".lower()

    def cells(self, row: dict, now: datetime) -> list[Any]:
        lt = Text(no_wrap=True, overflow="ellipsis")
        for i, item in enumerate(self._latest(row)):
            mark, style = STATUS_MARKS.get(item.get("s"), ("?", ""))
            if i:
                lt.append(" ")
            lt.append(mark + " ", style=style)
            lt.append_text(inert(item.get("d"), max(10, self.w("latest") // 3 - 3)))
        status = row["status"]
        label = status
        if row["paused"]:
            status, label = "paused", "paused"
        if row["cancel_requested"]:
            label = "cancelling"
        return [
            Text(short_id(row["id"])),
            inert(row["customer"], self.w("customer")),
            progress_text(int(row["directories_done"]), int(row["directories_total"]), width=8),
            status_text(status, label),
            Text(duration(self._elapsed(row, now)), justify="right"),
            lt,
        ]

    def copy_text(self) -> str | None:
        row = self.current_row()
        return str(row["id"]) if row else None

