"""The staff console (`dbolt tui`): tabs over the live database, every action an SQL API call."""

from __future__ import annotations

import asyncio
import os
import signal
import threading
import time
from datetime import datetime, timezone
from functools import partial
from typing import Any, Awaitable, Callable, Iterable

from rich.text import Text
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, TabbedContent, TabPane

from ..config import get_settings
from ..db.console import actions as A
from ..db.console.privileges import Capabilities, read_capabilities
from .live import Disconnected, LiveDatabase
from .screens.dialogs import Field, FormScreen
from .screens.help import HelpScreen, key_label
from .screens.job_detail import JobDetailScreen
from .tabs.activity import ActivityTab
from .tabs.analytics import AnalyticsTab
from .tabs.base import BaseTab
from .tabs.directories import DirectoriesTab
from .tabs.jobs import JobsTab
from .tabs.manual import ManualTab
from .tabs.queue import QueueTab
from .tabs.workers import WorkersTab
from .widgets.inert_text import neutralize
from .widgets.status_bar import StatusBar

TAB_CLASSES: list[type[BaseTab]] = [QueueTab, JobsTab, AnalyticsTab, WorkersTab, ActivityTab, ManualTab, DirectoriesTab]
TAB_IDS = [c.tab_id for c in TAB_CLASSES]
ALL_KINDS = frozenset({"jobs", "directories", "workers", "packages"})
DEBOUNCE_SECONDS = 0.2


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class ConsoleApp(App[int]):
    TITLE = "DirectoryBolt Ops"
    CSS = """
    TabbedContent { height: 1fr; }
    TabPane { padding: 0; }
    """
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="help"),
        Binding("slash", "filter", "Filter", id="filter"),
        Binding("q", "quit", "Quit", id="quit"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, id="palette"),
        Binding("r", "refresh_now", "Refresh now", show=False, id="refresh"),
        Binding("f", "toggle_live", "Freeze/unfreeze live refresh", show=False, id="toggle-live"),
        Binding("s", "sort", "Sort by next column", show=False, id="sort"),
        Binding("S", "sort_reverse", "Reverse sort", show=False, id="sort-reverse"),
        Binding("c", "copy", "Copy id/link (OSC 52)", show=False, id="copy"),
        *[
            Binding(str(i + 1), f"show_tab('{tid}')", f"Tab {c.title}", show=False, id=f"tab-{tid}")
            for i, (tid, c) in enumerate(zip(TAB_IDS, TAB_CLASSES))
        ],
    ]

    def __init__(
        self,
        dsn: str,
        *,
        read_only: bool = False,
        tab: str = "jobs",
        clock: Callable[[], datetime] | None = None,
        listen: bool = True,
        handle_sighup: bool = True,
        notes: list[str] | None = None,
        before_forced_exit: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        if tab not in TAB_IDS:
            raise ValueError(f"unknown tab {tab!r}: one of {', '.join(TAB_IDS)}")
        self.dsn = dsn
        self.read_only = read_only
        self.initial_tab = tab
        self.clock = clock or utc_now
        self.caps = Capabilities(read_only=read_only, user="…")
        self.live = True
        self.db = LiveDatabase(dsn, on_event=self._on_event, on_lost=self._on_lost, listen=listen)
        self.tabs: dict[str, BaseTab] = {}
        self._debounce = None
        self._refreshing = False
        self._again = False
        self._handle_sighup = handle_sighup
        self._notes = list(notes or [])
        self._hangup_timer: threading.Timer | None = None
        self._before_forced_exit = before_forced_exit
        self.events_seen = 0
        self.connect_error = ""
        self._last_error = ""
        self._last_error_at = 0.0
        self.monotonic: Callable[[], float] = time.monotonic

    # --- layout -----------------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with TabbedContent(initial=self.initial_tab, id="tabs"):
            for cls in TAB_CLASSES:
                tab = cls()
                self.tabs[cls.tab_id] = tab
                with TabPane(cls.title, id=cls.tab_id):
                    yield tab
        yield StatusBar(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.run_worker(self._supervise(), group="db", name="db-supervisor")
        self.set_interval(1.0, self._tick)
        self.set_interval(get_settings().refresh_fallback_seconds, self._fallback)
        if self._handle_sighup and not self.is_headless:
            try:
                asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, self._hangup)
            except (NotImplementedError, RuntimeError, ValueError):
                pass
        self._focus_active_table()
        self._update_status()
        for tab in self.tabs.values():
            tab.set_terminal_width(self.size.width)
        for note in self._notes:
            self.notify(note, severity="warning", timeout=20, markup=False)

    def _hangup(self) -> None:
        """The terminal (or SSH connection) went away: leave now instead of spinning on a dead tty."""
        timer = threading.Timer(3.0, self._forced_exit)
        timer.daemon = True
        timer.start()
        self._hangup_timer = timer
        self.exit(129)

    def _forced_exit(self) -> None:
        # The app could not wind down on a dead terminal: let the caller stop what it started, then go.
        try:
            if self._before_forced_exit is not None:
                self._before_forced_exit()
        finally:
            os._exit(129)

    def cancel_hangup_timer(self) -> None:
        """After run() returned: the app did exit, so the caller may take its time to clean up."""
        if self._hangup_timer is not None:
            self._hangup_timer.cancel()

    async def on_unmount(self) -> None:
        await self.db.close()

    # --- database link --------------------------------------------------------------------------------
    async def _supervise(self) -> None:
        backoff = 0.5
        while True:
            try:
                await self.db.connect()
            except Exception as exc:  # server down, refused, auth...
                self.connect_error = neutralize(str(exc))[:80]
                self._update_status()
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 5.0)
                continue
            backoff = 0.5
            self.connect_error = ""
            try:
                self.caps = await self.db.run(lambda c: read_capabilities(c, read_only=self.read_only))
            except Exception as exc:
                self.connect_error = neutralize(str(exc))[:80]
                await self.db.reset()
                await asyncio.sleep(backoff)
                continue
            self.refresh_bindings()
            for tab in self.tabs.values():
                tab.refresh_bindings()
            self.mark_stale(ALL_KINDS)
            self._update_status()
            await self.db.lost.wait()
            await self.db.reset()
            self._update_status()

    def _on_event(self, event: dict[str, Any]) -> None:
        self.events_seen += 1
        kind = event.get("t")
        self.mark_stale(frozenset({kind}) if kind in ALL_KINDS else ALL_KINDS)

    def _on_lost(self) -> None:
        self._update_status()

    # --- refresh ---------------------------------------------------------------------------------------
    def targets(self) -> Iterable[Any]:
        yield from self.tabs.values()
        for screen in self.screen_stack:
            if isinstance(screen, JobDetailScreen):
                yield screen

    def mark_stale(self, kinds: frozenset[str]) -> None:
        for target in self.targets():
            if target.kinds & kinds:
                target.stale = True
        if self.live:
            self._schedule()

    def _schedule(self) -> None:
        if self._debounce is None:
            self._debounce = self.set_timer(DEBOUNCE_SECONDS, self._fire)

    def _fire(self) -> None:
        self._debounce = None
        self.run_worker(self._refresh_loop(), group="refresh")

    def visible_target(self) -> Any:
        screen = self.screen
        if isinstance(screen, JobDetailScreen):
            return screen
        if screen is not self.screen_stack[0]:
            return None  # a dialog is open over the tabs: leave the table still
        try:
            active = self.query_one("#tabs", TabbedContent).active
        except Exception:
            return None
        return self.tabs.get(active)

    def request_refresh_of(self, target: Any) -> None:
        target.stale = True
        self._schedule()

    async def _refresh_loop(self) -> None:
        if self._refreshing:
            self._again = True
            return
        self._refreshing = True
        try:
            while True:
                self._again = False
                target = self.visible_target()
                if target is not None and target.stale and self.db.connected:
                    await self._load(target)
                if not self._again:
                    break
        finally:
            self._refreshing = False

    async def _load(self, target: Any) -> None:
        now = self.clock()
        target.stale = False
        try:
            data = await self.db.run(lambda conn: target.fetch(conn, now))
        except Disconnected:
            target.stale = True
            return
        except Exception as exc:
            target.stale = True
            message = f"query failed: {neutralize(str(exc))[:200]}"
            if message != self._last_error or self.monotonic() - self._last_error_at > 30:
                self.notify(message, severity="error", markup=False)
                self._last_error, self._last_error_at = message, self.monotonic()
            return
        if not target.is_attached:
            return
        target.apply(data, now)
        target.loaded_at = self.monotonic()
        self._update_status()

    def _tick(self) -> None:
        target = self.visible_target()
        if self.live and target is not None and target.stale and self.db.connected:
            self._schedule()
        self._update_status()

    def _fallback(self) -> None:
        target = self.visible_target()
        if self.live and target is not None:
            self.request_refresh_of(target)

    def _update_status(self) -> None:
        try:
            bar = self.query_one("#status", StatusBar)
        except Exception:
            return
        target = self.visible_target()
        loaded = getattr(target, "loaded_at", None)
        age = "–" if loaded is None else f"{int(self.monotonic() - loaded)}s old"
        note = "" if self.db.connected else self.connect_error
        bar.show(connected=self.db.connected, user=self.caps.user, age=age, live=self.live,
                 read_only=self.read_only, note=note)

    # --- actions shared by tabs -----------------------------------------------------------------------
    def db_action(
        self,
        work: Callable[[Any, Capabilities], Awaitable[Any]],
        message: str | None,
        *,
        on_done: Callable[[Any], None] | None = None,
        needs: str | None = None,
    ) -> None:
        if needs is not None and not self.caps.can(needs):
            self.notify(self.caps.why_not(needs), title="Not allowed", severity="error", markup=False)
            return

        async def go() -> None:
            try:
                result = await self.db.run(lambda conn: work(conn, self.caps))
            except A.ActionRefused as exc:
                self.notify(str(exc), title="Not allowed", severity="error", markup=False)
                return
            except A.ActionFailed as exc:
                self.notify(neutralize(str(exc))[:300], title="Refused by the database", severity="error", markup=False)
                return
            except Disconnected:
                self.notify("not connected to the database: nothing was done", severity="error", markup=False)
                return
            except Exception as exc:
                self.notify(neutralize(str(exc))[:300], title="Failed", severity="error", markup=False)
                return
            if message:
                self.notify(message, markup=False)
            if on_done is not None:
                on_done(result)
            self.mark_stale(ALL_KINDS)

        self.run_worker(go(), group="action")

    def confirm_cancel(self, job_id: Any, customer: str) -> None:
        if not self.caps.can(A.CANCEL_JOB):
            self.notify(self.caps.why_not(A.CANCEL_JOB), title="Not allowed", severity="error", markup=False)
            return
        intro = Text(f"Cancel job {job_id} of ")
        intro.append(neutralize(customer)[:60])
        intro.append("? Pending submissions stop; running ones stop at their next safe point.")

        def done(values: dict | None) -> None:
            if values is not None:
                reason = (values.get("reason") or "").strip() or None
                self.db_action(lambda c, caps: A.cancel_job(c, caps, job_id, reason), f"job {str(job_id)[:8]} cancelled")

        self.push_screen(FormScreen("Cancel job", [Field("reason", "Reason (optional)")], intro=intro,
                                    submit_label="Cancel job"), done)

    def open_job(self, job_id: Any, result_id: int | None = None, screenshot: bool = False) -> None:
        self.push_screen(JobDetailScreen(job_id, result_id, show_screenshot=screenshot))

    def active_tab(self) -> BaseTab | None:
        if self.screen is not self.screen_stack[0]:
            return None
        return self.tabs.get(self.query_one("#tabs", TabbedContent).active)

    def _focus_active_table(self) -> None:
        tab = self.active_tab()
        if tab is not None:
            try:
                tab.table.focus()
            except Exception:
                pass

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.tabbed_content.id != "tabs":
            return
        self._focus_active_table()
        tab = self.tabs.get(event.pane.id or "")
        if tab is not None and tab.stale:
            self._schedule()
        self._update_status()

    def on_resize(self, event) -> None:
        for tab in self.tabs.values():
            try:
                tab.set_terminal_width(event.size.width)
            except Exception:
                pass

    # --- key actions -------------------------------------------------------------------------------------
    def action_show_tab(self, tab_id: str) -> None:
        if isinstance(self.screen, JobDetailScreen):
            self.pop_screen()
        self.query_one("#tabs", TabbedContent).active = tab_id
        self._focus_active_table()

    def action_filter(self) -> None:
        tab = self.active_tab()
        if tab:
            tab.start_filter()

    def action_sort(self) -> None:
        tab = self.active_tab()
        if tab:
            tab.cycle_sort()

    def action_sort_reverse(self) -> None:
        tab = self.active_tab()
        if tab:
            tab.cycle_sort(reverse=True)

    def action_refresh_now(self) -> None:
        target = self.visible_target()
        if target is not None:
            self.request_refresh_of(target)

    def action_toggle_live(self) -> None:
        self.live = not self.live
        self.notify("live refresh on" if self.live else "live refresh paused (f resumes, r refreshes once)")
        if self.live:
            self._schedule()
        self._update_status()

    def action_copy(self) -> None:
        tab = self.active_tab()
        text = tab.copy_text() if tab else None
        if text:
            self.copy_to_clipboard(text)
            self.notify(f"copied {neutralize(text)[:60]}", markup=False)

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.help_sections()))

    def help_sections(self) -> list[tuple[str, list[tuple[str, str]]]]:
        sections = [("Everywhere", [(key_label(b.key), b.description) for b in self.BINDINGS])]
        sections[0][1].append(("Esc", "clear the filter / close a dialog / back"))
        for cls in TAB_CLASSES:
            keys = []
            for b in cls.BINDINGS:
                desc = b.description
                function = cls.action_functions.get(b.action)
                if function and not self.caps.can(function):
                    desc += f"  ({self.caps.why_not(function)})"
                keys.append((key_label(b.key), desc))
            keys.append(("click header", "sort by that column (again: reverse)"))
            sections.append((f"{cls.title} tab", keys))
        sections.append(("Job screen", [(key_label(b.key), b.description) for b in JobDetailScreen.BINDINGS]
                         + [("space", "mark a result (retry several)")]))
        return sections

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for cls in TAB_CLASSES:
            yield SystemCommand(f"Tab: {cls.title}", f"Show the {cls.title} tab", partial(self.action_show_tab, cls.tab_id))
        yield SystemCommand("Refresh now", "Reload the visible tab", self.action_refresh_now)
        yield SystemCommand("Freeze / unfreeze live refresh", "Stop or restart live updates", self.action_toggle_live)
        yield SystemCommand("Filter", "Filter the rows of the visible tab", self.action_filter)
        yield SystemCommand("Sort", "Sort by the next column", self.action_sort)
        yield SystemCommand("Copy", "Copy the selected id or link (OSC 52)", self.action_copy)
        yield SystemCommand("Help: keys", "Every key of the console", self.action_help)
        if isinstance(screen, JobDetailScreen):
            yield SystemCommand("Job: export CSV", "Write this job's results to a CSV file", screen.action_export)
            yield SystemCommand("Job: screenshot", "Show the selected result's screenshot", screen.action_screenshot)
            yield SystemCommand("Job: copy link", "Copy the selected result's link (OSC 52)", screen.action_copy)
            yield SystemCommand("Job: filter results", "Filter the results table", screen.action_filter)
            if self.caps.can(A.RETRY_RESULTS):
                yield SystemCommand("Job: retry results", "Retry the marked (or selected) results", screen.action_retry)
            if self.caps.can(A.CANCEL_JOB):
                yield SystemCommand("Job: cancel job", "Cancel this job", screen.action_cancel_job)
            yield SystemCommand("Job: back", "Back to the tabs", screen.action_back)
        for cls in TAB_CLASSES:
            for title, help_text, action in cls.commands:
                function = cls.action_functions.get(action)
                if function and not self.caps.can(function):
                    continue
                if self.read_only and (action in cls.side_effect_actions
                                       or action not in ("open_job", "mark", "mark_all", "more", "screenshot")):
                    continue
                yield SystemCommand(title, help_text, partial(self._tab_command, cls.tab_id, action))

    def _tab_command(self, tab_id: str, action: str) -> None:
        self.action_show_tab(tab_id)
        tab = self.tabs[tab_id]
        self.call_later(getattr(tab, f"action_{action}"))
