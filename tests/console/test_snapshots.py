"""Snapshots of every tab at 80x24 (and the job screen) with the deterministic world and a frozen clock.

Update after an intended change: pytest tests/console/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

import pytest

from .conftest import jid, make_app, wait_for, wait_loaded

TABS = ["queue", "jobs", "analytics", "workers", "activity", "manual", "directories"]


@pytest.mark.parametrize("tab", TABS)
def test_tab_snapshot(console_db, snap_compare, tab):
    app = make_app(console_db, tab=tab)

    async def run_before(pilot):
        await wait_loaded(pilot, tab)
        await pilot.pause(0.1)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_job_screen_snapshot(console_db, snap_compare):
    app = make_app(console_db)

    async def run_before(pilot):
        await wait_loaded(pilot, "jobs")
        table = app.tabs["jobs"].table
        table.move_cursor(row=table.get_row_index(str(jid(1))))
        await pilot.press("enter")
        await wait_for(pilot, lambda: getattr(app.screen, "detail", None) is not None, what="job screen")
        await pilot.pause(0.1)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_wide_terminal_snapshot(console_db, snap_compare):
    app = make_app(console_db, tab="jobs")

    async def run_before(pilot):
        await wait_loaded(pilot, "jobs")
        await pilot.pause(0.1)

    assert snap_compare(app, terminal_size=(160, 48), run_before=run_before)
