"""Manual review: requires_manual and captcha_failed results, oldest first; resolve several at once."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.text import Text
from textual.binding import Binding

from ...db.console import actions as A
from ...db.console import queries as Q
from ...db.console.forms import validate_resolution
from ..fmt import ago, status_text
from ..screens.dialogs import ConfirmScreen, Field, FormScreen
from ..widgets.inert_text import inert, neutralize
from .base import BaseTab


class ManualTab(BaseTab):
    tab_id = "manual"
    title = "Manual review"
    columns = [
        ("created_at", "Age", 6),
        ("customer", "Customer", 16),
        ("directory", "Directory", 16),
        ("status", "Status", 10),
        ("reason", "Reason", 24),
        ("directory_url", "Directory URL", 30),
        ("screenshot_url", "Screenshot", 30),
    ]
    multi_select = True
    action_functions = {"done_by_hand": A.RESOLVE_MANUAL, "mark_failed": A.RESOLVE_MANUAL, "retry": A.RETRY_RESULTS}
    commands = [
        ("Manual: completed by hand", "Mark the marked rows (or the selected one) done, with proof and note", "done_by_hand"),
        ("Manual: mark failed", "Mark the marked rows (or the selected one) failed", "mark_failed"),
        ("Manual: retry", "Send the marked rows (or the selected one) back to the queue", "retry"),
        ("Manual: mark / unmark row", "Toggle the mark of the selected row", "mark"),
        ("Manual: mark all", "Mark (or unmark) every shown row", "mark_all"),
        ("Manual: screenshot", "Show the selected row's screenshot in the terminal", "screenshot"),
        ("Manual: more rows", "Load the next page (keyset) of newer rows", "more"),
    ]
    BINDINGS = [
        Binding("space", "mark", "Mark", show=False),
        Binding("a", "mark_all", "Mark all", show=False),
        Binding("o", "done_by_hand", "Done by hand"),
        Binding("x", "mark_failed", "Failed"),
        Binding("t", "retry", "Retry"),
        Binding("enter", "open_job", "Open job", show=False),
        Binding("m", "more", "More rows", show=False),
        Binding("i", "screenshot", "Screenshot", show=False),
    ]

    async def fetch(self, conn, now: datetime) -> Q.TabData:
        return await Q.manual(conn, now, pages=self.pages)

    def reason(self, row: dict) -> str:
        return row["reason_code"] or row["error_message"] or ""

    def sort_value(self, row: dict, column: str) -> Any:
        if column == "reason":
            return self.reason(row)
        return row.get(column) or ""

    def cells(self, row: dict, now: datetime) -> list[Any]:
        shot = row["screenshot_url"] or ""
        return [
            Text(ago(row["created_at"], now), justify="right"),
            inert(row["customer"], self.w("customer")),
            inert(row["directory"], self.w("directory")),
            status_text(row["status"], "captcha" if row["status"] == "captcha_failed" else "manual"),
            inert(self.reason(row), self.w("reason")),
            inert(row["directory_url"] or "", self.w("directory_url")),
            inert(shot, self.w("screenshot_url")),
        ]

    def copy_text(self) -> str | None:
        row = self.current_row()
        return (row["directory_url"] or str(row["id"])) if row else None

    def action_mark(self) -> None:
        self.table.toggle_mark()
        self.update_header(self.table.row_count)

    def action_mark_all(self) -> None:
        self.table.mark_all()
        self.update_header(self.table.row_count)

    def on_data_table_row_selected(self, event) -> None:
        event.stop()
        self.action_open_job()

    def action_open_job(self) -> None:
        row = self.current_row()
        if row:
            self.console.open_job(row["job_id"], result_id=row["id"])

    def action_screenshot(self) -> None:
        row = self.current_row()
        if row:
            self.console.open_job(row["job_id"], result_id=row["id"], screenshot=True)

    def _targets(self) -> tuple[list[int], Text]:
        rows = self.target_rows()
        ids = [int(r["id"]) for r in rows]
        t = Text()
        for r in rows[:8]:
            t.append(f"#{r['id']} ")
            t.append(neutralize(r["directory"])[:30])
            t.append(" – ")
            t.append(neutralize(r["customer"])[:30])
            t.append("\n")
        if len(rows) > 8:
            t.append(f"… and {len(rows) - 8} more\n")
        return ids, t

    def _resolve(self, outcome: str, title: str) -> None:
        ids, listing = self._targets()
        if not ids:
            return

        def done(values: dict | None) -> None:
            if values is None:
                return
            self.table.marked.clear()
            self.console.db_action(
                lambda c, caps: A.resolve_manual(c, caps, ids, outcome, values["proof"], values["note"]),
                f"{len(ids)} result(s) marked {outcome}",
            )

        fields = [Field("note", "Note", placeholder="what was done")]
        if outcome == "success":
            fields.insert(0, Field("proof", "Proof: URL of the listing, or a file path", placeholder="https://… or /path/to/file.png"))
        else:
            fields.insert(0, Field("proof", "Proof (optional): URL or file path"))
        self.console.push_screen(FormScreen(title, fields, validate_resolution, intro=listing, submit_label="Resolve"), done)

    def action_done_by_hand(self) -> None:
        if self.allowed("done_by_hand"):
            self._resolve("success", "Completed by hand")

    def action_mark_failed(self) -> None:
        if self.allowed("mark_failed"):
            self._resolve("failed", "Mark failed")

    def action_retry(self) -> None:
        if not self.allowed("retry"):
            return
        ids, listing = self._targets()
        if not ids:
            return

        def done(ok: bool | None) -> None:
            if ok:
                self.table.marked.clear()
                self.console.db_action(lambda c, caps: A.retry_results(c, caps, ids, None), f"{len(ids)} result(s) queued again")

        self.console.push_screen(ConfirmScreen(f"Retry {len(ids)} result(s)?", listing), done)
