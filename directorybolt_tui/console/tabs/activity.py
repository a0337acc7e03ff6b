"""Activity: the latest finished submissions, newest first."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.text import Text
from textual.binding import Binding

from ...db.console import queries as Q
from ..fmt import ago, status_text
from ..widgets.inert_text import inert
from .base import BaseTab


class ActivityTab(BaseTab):
    tab_id = "activity"
    title = "Activity"
    columns = [
        ("finished_at", "Ago", 7),
        ("customer", "Customer", 18),
        ("directory", "Directory", 18),
        ("status", "Status", 17),
        ("submission_url", "Submission link", 40),
    ]
    commands = [
        ("Activity: open job", "Open the job of the selected submission", "open_job"),
        ("Activity: more rows", "Load the next page (keyset) of older submissions", "more"),
    ]
    BINDINGS = [
        Binding("enter", "open_job", "Open job", show=False),
        Binding("m", "more", "More rows"),
    ]

    async def fetch(self, conn, now: datetime) -> Q.TabData:
        return await Q.activity(conn, now, pages=self.pages)

    def sort_value(self, row: dict, column: str) -> Any:
        return row.get(column) or ""

    def cells(self, row: dict, now: datetime) -> list[Any]:
        return [
            Text(ago(row["finished_at"], now), justify="right"),
            inert(row["customer"], self.w("customer")),
            inert(row["directory"], self.w("directory")),
            status_text(row["status"]),
            inert(row["submission_url"] or "", self.w("submission_url"), style="underline" if row["submission_url"] else ""),
        ]

    def copy_text(self) -> str | None:
        row = self.current_row()
        if not row:
            return None
        return row["submission_url"] or str(row["job_id"])

    def on_data_table_row_selected(self, event) -> None:
        event.stop()
        self.action_open_job()

    def action_open_job(self) -> None:
        row = self.current_row()
        if row:
            self.console.open_job(row["job_id"])
