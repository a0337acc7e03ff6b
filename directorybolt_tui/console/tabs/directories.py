"""Directories: the catalog with 30-day figures; enable/disable, edit, add, test (a subprocess)."""

from __future__ import annotations

import asyncio
import json
import shutil
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.binding import Binding

from ...db.console import actions as A
from ...db.console import queries as Q
from ...db.console.forms import validate_directory
from ..fmt import ago, pct
from ..screens.dialogs import ChoiceScreen, Field, FormScreen
from ..widgets.inert_text import inert, neutralize
from .base import BaseTab

TEST_TIMEOUT_SECONDS = 180


def dbolt_command() -> list[str]:
    exe = Path(sys.executable).with_name("dbolt")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("dbolt")
    return [found] if found else [sys.executable, "-m", "directorybolt_tui.cli.main"]


class DirectoriesTab(BaseTab):
    tab_id = "directories"
    title = "Directories"
    kinds = frozenset({"directories", "jobs"})
    columns = [
        ("id", "Id", 5),
        ("name", "Name", 22),
        ("enabled", "On", 3),
        ("success_rate", "30d ok", 7),
        ("last_success_at", "Last ok", 8),
        ("avg_seconds", "Avg", 6),
        ("priority", "Prio", 4),
        ("homepage", "Homepage", 36),
    ]
    multi_select = True
    side_effect_actions = frozenset({"test_directory"})
    action_functions = {
        "toggle_enabled": A.SET_DIRECTORIES_ENABLED,
        "edit_directory": A.UPDATE_DIRECTORY,
        "add_directory": A.UPSERT_DIRECTORY,
    }
    commands = [
        ("Directories: enable / disable", "Toggle the marked (or selected) directories", "toggle_enabled"),
        ("Directories: edit", "Edit the selected directory", "edit_directory"),
        ("Directories: add", "Add a directory", "add_directory"),
        ("Directories: test", "Run `dbolt directories test URL` on the selected directory", "test_directory"),
        ("Directories: mark / unmark row", "Toggle the mark of the selected row", "mark"),
    ]
    BINDINGS = [
        Binding("space", "mark", "Mark", show=False),
        Binding("t", "toggle_enabled", "On/off"),
        Binding("e", "edit_directory", "Edit"),
        Binding("a", "add_directory", "Add"),
        Binding("v", "test_directory", "Test"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.tests: dict[str, str] = {}  # directory id -> last test outcome line

    async def fetch(self, conn, now: datetime) -> Q.TabData:
        return await Q.directories(conn, now)

    def sort_value(self, row: dict, column: str) -> Any:
        v = row.get(column)
        if column in ("success_rate", "avg_seconds") and v is not None:
            return float(v)
        if column == "name":
            return (v or "").lower()
        return v

    def cells(self, row: dict, now: datetime) -> list[Any]:
        rate = row["success_rate"]
        style = "" if rate is None else ("red" if rate < 50 else "yellow" if rate < 80 else "green")
        return [
            Text(str(row["id"]), justify="right"),
            inert(row["name"], self.w("name")),
            Text("✔" if row["enabled"] else "·", style="green" if row["enabled"] else "grey50"),
            Text(pct(rate), justify="right", style=style),
            Text(ago(row["last_success_at"], now) if row["last_success_at"] else "never", justify="right"),
            Text("–" if row["avg_seconds"] is None else f"{float(row['avg_seconds']):.0f}s", justify="right"),
            Text(str(row["priority"]), justify="right"),
            inert(row["homepage"], self.w("homepage")),
        ]

    def header_extra(self) -> str:
        if not self.tests:
            return ""
        return "test: " + list(self.tests.values())[-1]

    def copy_text(self) -> str | None:
        row = self.current_row()
        return row["homepage"] if row else None

    def action_mark(self) -> None:
        self.table.toggle_mark()
        self.update_header(self.table.row_count)

    def action_toggle_enabled(self) -> None:
        if not self.allowed("toggle_enabled"):
            return
        rows = self.target_rows()
        if not rows:
            return
        enable = not all(r["enabled"] for r in rows)
        ids = [int(r["id"]) for r in rows]
        self.table.marked.clear()
        self.console.db_action(
            lambda c, caps: A.set_directories_enabled(c, caps, ids, enable),
            f"{len(ids)} director{'y' if len(ids) == 1 else 'ies'} {'enabled' if enable else 'disabled'}",
        )

    def _form(self, title: str, row: dict | None) -> FormScreen:
        r = row or {}
        fields = [
            Field("name", "Name", r.get("name", "")),
            Field("homepage", "Homepage (http/https URL)", r.get("homepage", ""), placeholder="https://"),
            Field("submission_url", "Submission page URL (optional)", r.get("submission_url") or ""),
            Field("category", "Category", r.get("category") or ""),
            Field("region", "Region", r.get("region") or ""),
            Field("priority", "Priority (0–1000)", r.get("priority", 50)),
            Field("max_concurrent", "Max concurrent (1–1000)", r.get("max_concurrent", 1)),
            Field("min_interval_seconds", "Min interval seconds", r.get("min_interval_seconds", 0)),
            Field("requires_login", "Requires login", r.get("requires_login", False), kind="bool"),
            Field("has_captcha", "Has captcha", r.get("has_captcha", False), kind="bool"),
            Field("enabled", "Enabled", r.get("enabled", False), kind="bool"),
            Field("notes", "Notes", r.get("notes") or ""),
        ]
        return FormScreen(title, fields, validate_directory)

    def action_edit_directory(self) -> None:
        if not self.allowed("edit_directory"):
            return
        row = self.current_row()
        if not row:
            return
        did = int(row["id"])

        def done(values: dict | None) -> None:
            if values:
                self.console.db_action(lambda c, caps: A.update_directory(c, caps, did, values), f"directory {did} saved")

        self.console.push_screen(self._form(f"Edit directory {did}", row), done)

    def action_add_directory(self) -> None:
        if not self.allowed("add_directory"):
            return

        def done(values: dict | None) -> None:
            if values:
                self.console.db_action(lambda c, caps: A.add_directory(c, caps, values), "directory added")

        self.console.push_screen(self._form("Add directory", None), done)

    def action_test_directory(self) -> None:
        if self.console.caps.read_only:
            self.console.notify("read-only console: no actions", severity="error")
            return
        row = self.current_row()
        if not row:
            return
        url = row["submission_url"] or row["homepage"]
        body = Text("Run the submission engine once against\n")
        body.append(neutralize(url)[:200])
        body.append("\nwith the built-in sample business? A real run submits the form; a dry run fills it only.")

        def chosen(choice: str | None) -> None:
            if choice is None:
                return
            self.tests[str(row["id"])] = f"#{row['id']} running…"
            self.update_header(self.table.row_count)
            self.run_worker(self._run_test(str(row["id"]), row["name"], url, dry_run=choice == "dry"), group="dir-test")

        self.console.push_screen(ChoiceScreen("Test directory", body, [("d", "Dry run", "dry"), ("y", "Submit", "real")]), chosen)

    async def _run_test(self, did: str, name: str, url: str, dry_run: bool = False) -> None:
        cmd = [*dbolt_command(), "directories", "test", url, "--json", *(["--dry-run"] if dry_run else [])]
        try:
            proc = await asyncio.create_subprocess_exec(
                *cmd, stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
            )
            try:
                out, err = await asyncio.wait_for(proc.communicate(), TEST_TIMEOUT_SECONDS)
            except asyncio.TimeoutError:
                proc.kill()
                await proc.wait()
                outcome = f"timed out after {TEST_TIMEOUT_SECONDS}s"
            else:
                outcome = summarize_test(proc.returncode, out, err)
        except OSError as exc:
            outcome = f"could not run dbolt: {exc}"
        line = f"#{did} {neutralize(name)[:20]}: {outcome}"
        self.tests[did] = line
        self.update_header(self.table.row_count)
        self.console.notify(Text(line).plain, title="Directory test", timeout=10, markup=False)


def summarize_test(code: int | None, out: bytes, err: bytes) -> str:
    text = out.decode("utf-8", "replace").strip()
    try:
        data = json.loads(text) if text else None
    except ValueError:
        data = None
    if isinstance(data, dict):
        parts = []
        for k in ("status", "outcome", "reason_code", "reason", "message", "error", "submitted", "final_url"):
            if data.get(k) not in (None, ""):
                parts.append(f"{k}={neutralize(data[k])[:60]}")
        evidence = data.get("evidence")
        if isinstance(evidence, dict) and evidence.get("screenshot"):
            parts.append(f"screenshot={neutralize(evidence['screenshot'])[:120]}")
        return ", ".join(parts) or neutralize(text)[:120]
    tail = (err.decode("utf-8", "replace").strip() or text).splitlines()
    return f"exit {code}: {neutralize(tail[-1] if tail else '')[:120]}"
