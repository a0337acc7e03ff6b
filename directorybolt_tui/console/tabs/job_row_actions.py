"""Actions on the job under the cursor, shared by the tabs that list jobs (Queue, Jobs)."""

from __future__ import annotations

from ...db.console import actions as A
from ..fmt import short_id


class JobRowActions:
    """Mixed into a BaseTab whose rows carry the job's `id` and `customer`."""

    def on_data_table_row_selected(self, event) -> None:
        event.stop()
        self.action_open_job()

    def action_open_job(self) -> None:
        row = self.current_row()
        if row:
            self.console.open_job(row["id"])

    def action_cancel_job(self) -> None:
        if not self.allowed("cancel_job"):
            return
        row = self.current_row()
        if row:
            self.console.confirm_cancel(row["id"], row["customer"])

    def _job_action(self, function: str, call, done: str) -> None:
        if not self.allowed(function):
            return
        row = self.current_row()
        if row:
            self.console.db_action(lambda conn, caps: call(conn, caps, row["id"]), f"job {short_id(row['id'])} {done}")

    def action_start_now(self) -> None:
        self._job_action("start_now", A.prioritize_job, "moved to the front")

    def action_pause_job(self) -> None:
        self._job_action("pause_job", A.pause_job, "paused")

    def action_resume_job(self) -> None:
        self._job_action("resume_job", A.resume_job, "resumed")
