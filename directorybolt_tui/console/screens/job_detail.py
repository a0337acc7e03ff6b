"""One job: customer, progress, timeline (queue_history), results with marks, screenshot, CSV export."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Static, TabbedContent, TabPane

from ...db.console import actions as A
from ...db.console import export as E
from ...db.console import queries as Q
from ..fmt import ago, duration, status_text
from ..widgets.inert_text import inert, neutralize
from ..widgets.live_table import LiveTable
from ..widgets.progress import progress_text
from ..widgets.screenshot import ScreenshotView, local_path
from ..widgets.status_bar import StatusBar


def describe_event(event_type: str, data: Any) -> str:
    if isinstance(data, str):
        try:
            data = json.loads(data)
        except ValueError:
            data = {}
    data = data if isinstance(data, dict) else {}
    keep = {k: v for k, v in data.items() if v not in (None, "", [], {}) and k not in ("customer_id",)}
    body = ", ".join(f"{k}={v}" for k, v in list(keep.items())[:6])
    return neutralize(f"{event_type} {body}".strip())


class JobDetailScreen(Screen[None]):
    DEFAULT_CSS = """
    JobDetailScreen > .job-head { height: auto; padding: 0 1; background: $boost; }
    JobDetailScreen Input.filter { display: none; height: 1; border: none; padding: 0 1; }
    JobDetailScreen Input.filter.-shown { display: block; }
    JobDetailScreen TabbedContent { height: 1fr; }
    JobDetailScreen .shot-path { height: auto; padding: 0 1; }
    """
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("slash", "filter", "Filter"),
        Binding("e", "export", "Export CSV"),
        Binding("i", "screenshot", "Screenshot"),
        Binding("c", "copy", "Copy link", show=False),
        Binding("t", "retry", "Retry", show=False),
        Binding("x", "cancel_job", "Cancel job", show=False),
    ]
    kinds = frozenset({"jobs"})

    def __init__(self, job_id: Any, result_id: int | None = None, show_screenshot: bool = False) -> None:
        super().__init__()
        self.job_id = job_id
        self.focus_result = result_id
        self.show_screenshot = show_screenshot
        self.detail: Q.JobDetail | None = None
        self.filter_text = ""
        self.stale = True
        self.loaded_at: float | None = None
        self.now: datetime | None = None

    def compose(self) -> ComposeResult:
        yield Static("loading…", classes="job-head")
        with TabbedContent(initial="d-results"):
            with TabPane("Results", id="d-results"):
                yield Input(placeholder="filter results", classes="filter")
                yield LiveTable(
                    [("id", "#", 6), ("directory", "Directory", 20), ("status", "Status", 14),
                     ("finished", "Ago", 6), ("reason", "Reason", 18), ("link", "Submission link", 40)],
                    multi_select=True, id="results",
                )
            with TabPane("Timeline", id="d-timeline"):
                yield LiveTable([("when", "When", 19), ("actor", "Actor", 14), ("event", "Event", 60)], id="timeline")
            with TabPane("Screenshot", id="d-shot"):
                with Vertical():
                    yield Static("Select a result and press i.", classes="shot-path")
                    yield ScreenshotView(id="shot")
        yield StatusBar(id="status")
        yield Footer()

    @property
    def console(self):
        return self.app

    def on_mount(self) -> None:
        self.query_one("#results", LiveTable).focus()
        self.console.request_refresh_of(self)

    async def fetch(self, conn, now: datetime) -> Q.JobDetail | None:
        return await Q.job_detail(conn, self.job_id)

    def apply(self, detail: Q.JobDetail | None, now: datetime) -> None:
        self.detail, self.now = detail, now
        head = self.query_one(".job-head", Static)
        if detail is None:
            head.update(Text(f"job {self.job_id} not found"))
            return
        j = detail.job
        t = Text()
        t.append(f"Job {j['id']}  ", style="bold")
        t.append_text(inert(j["customer"], 40))
        t.append("  ")
        t.append_text(inert(j["customer_email"], 30, style="grey70"))
        t.append("\n")
        t.append_text(progress_text(int(j["directories_done"]), int(j["directories_total"]), width=20))
        t.append("  ")
        t.append_text(status_text("paused" if j["paused"] else j["status"], "cancelling" if j["cancel_requested"] and j["status"] in ("pending", "in_progress") else None))
        t.append(f"  {j['package_type']}  ✔{j['succeeded_count']} ✘{j['failed_count']} ✋{j['manual_count']}")
        started = j["started_at"] or j["created_at"]
        end = j["completed_at"] or now
        t.append(f"  elapsed {duration((end - started).total_seconds())}")
        head.update(t)
        self._render_results()
        rows = []
        for h in detail.history:
            rows.append((str(h["id"]), [
                Text(h["created_at"].strftime("%Y-%m-%d %H:%M:%S")),
                inert(h["actor"], 14),
                Text(describe_event(h["event_type"], h["event_data"]), no_wrap=True, overflow="ellipsis"),
            ]))
        self.query_one("#timeline", LiveTable).sync(rows)
        if self.focus_result is not None:
            table = self.query_one("#results", LiveTable)
            key = str(self.focus_result)
            if key in {str(r["id"]) for r in detail.results}:
                table.move_cursor(row=table.get_row_index(key))
            self.focus_result = None
            if self.show_screenshot:
                self.show_screenshot = False
                self.action_screenshot()

    def _render_results(self) -> None:
        if self.detail is None or self.now is None:
            return
        now = self.now
        needle = self.filter_text.lower()
        rows = []
        for r in self.detail.results:
            if needle and needle not in " ".join(
                neutralize(r.get(k)) for k in ("directory_name", "status", "reason_code", "submission_url", "directory_url")
            ).lower():
                continue
            link = r["submission_url"] or r["proof_url"] or ""
            rows.append((str(r["id"]), [
                Text(str(r["id"]), justify="right"),
                inert(r["directory_name"], 20),
                status_text(r["status"]),
                Text(ago(r["finished_at"], now) if r["finished_at"] else "–", justify="right"),
                inert(r["reason_code"] or r["error_message"] or "", 30),
                inert(link, 80, style="underline" if link else ""),
            ]))
        self.query_one("#results", LiveTable).sync(rows)

    def _current_result(self) -> dict | None:
        if self.detail is None:
            return None
        key = self.query_one("#results", LiveTable).cursor_key
        return next((r for r in self.detail.results if str(r["id"]) == key), None)

    def action_back(self) -> None:
        box = self.query_one(Input)
        if box.has_focus:
            box.value = ""
            box.remove_class("-shown")
            self.filter_text = ""
            self._render_results()
            self.query_one("#results", LiveTable).focus()
            return
        self.app.pop_screen()

    def action_filter(self) -> None:
        self.query_one(TabbedContent).active = "d-results"
        box = self.query_one(Input)
        box.add_class("-shown")
        box.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value
        self._render_results()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#results", LiveTable).focus()

    def on_data_table_row_selected(self, event) -> None:
        if event.data_table.id == "results":
            event.stop()
            self.action_screenshot()

    def action_screenshot(self) -> None:
        r = self._current_result()
        label = self.query_one(".shot-path", Static)
        view = self.query_one("#shot", ScreenshotView)
        if r is None:
            return
        url = r["screenshot_url"]
        path = local_path(url)
        t = Text(f"#{r['id']} ")
        t.append_text(inert(r["directory_name"], 30))
        t.append("  ")
        t.append_text(inert(url or "no screenshot", 200))
        if url and path is None:
            t.append("  (not a local file)", style="yellow")
        elif path is not None and not path.exists():
            t.append("  (file missing)", style="yellow")
        label.update(t)
        view.show(path if path is not None and path.exists() else None)
        self.query_one(TabbedContent).active = "d-shot"

    def action_copy(self) -> None:
        r = self._current_result()
        text = (r and (r["submission_url"] or r["proof_url"] or r["directory_url"])) or str(self.job_id)
        self.app.copy_to_clipboard(text)
        self.app.notify(f"copied {neutralize(text)[:60]}", markup=False)

    def action_export(self) -> None:
        job_id = self.job_id

        async def work(conn, caps):
            return await E.export_job_csv(conn, job_id, None)

        def done(result: Any) -> None:
            path, count = result
            self.app.notify(f"{count} rows exported to {path}", title="CSV export", timeout=15, markup=False)

        self.console.db_action(work, None, on_done=done, needs=None)

    def action_retry(self) -> None:
        table = self.query_one("#results", LiveTable)
        ids = [int(k) for k in table.target_keys()]
        if ids:
            table.marked.clear()
            self.console.db_action(lambda c, caps: A.retry_results(c, caps, ids, None), f"{len(ids)} result(s) queued again",
                                    needs=A.RETRY_RESULTS)

    def action_cancel_job(self) -> None:
        if self.detail:
            self.console.confirm_cancel(self.job_id, self.detail.job["customer"])

    def on_key(self, event) -> None:
        if event.key == "space" and self.query_one("#results", LiveTable).has_focus:
            event.stop()
            self.query_one("#results", LiveTable).toggle_mark()
