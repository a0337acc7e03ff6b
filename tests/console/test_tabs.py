"""Pilot tests: every tab and action of the console against a real PostgreSQL."""

from __future__ import annotations

import csv
from pathlib import Path

import asyncpg

from directorybolt_tui.console.screens.dialogs import ConfirmScreen, FormScreen
from directorybolt_tui.console.screens.help import HelpScreen
from directorybolt_tui.console.screens.job_detail import JobDetailScreen

from .conftest import ACME, jid, make_app, wait_for, wait_loaded

TABS = ["queue", "jobs", "analytics", "workers", "activity", "manual", "directories"]


async def q(dsn: str, sql: str, *args):
    conn = await asyncpg.connect(dsn)
    try:
        return await conn.fetchval(sql, *args)
    finally:
        await conn.close()


def plain_rows(tab) -> list[str]:
    return [" | ".join(getattr(c, "plain", str(c)) for c in tab.table.get_row_at(i)) for i in range(tab.table.row_count)]


async def test_every_tab_loads_with_counts(console_db):
    app = make_app(console_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot, "jobs")
        expected = {"queue": 2, "jobs": 3, "workers": 3, "activity": 6, "manual": 1, "directories": 5}
        for i, tab_id in enumerate(TABS):
            await pilot.press(str(i + 1))
            await wait_loaded(pilot, tab_id)
            tab = app.tabs[tab_id]
            if tab_id in expected:
                assert tab.table.row_count == expected[tab_id], tab_id
        header = app.tabs["manual"].query_one(".tab-header").render()
        assert "1 shown of 1" in str(header)
        analytics = app.tabs["analytics"]
        summary = str(analytics.query_one(".summary").render())
        assert "pending 2" in summary and "running 1" in summary and "done 1" in summary
        assert "today" in summary
        rows = plain_rows(analytics)
        assert rows and "Gamma" in rows[0]  # the worst directory first (0% success)
        workers = plain_rows(app.tabs["workers"])
        assert any("w-3" in r and "dead" in r for r in workers)
        assert any("w-2" in r and "ok" in r for r in workers)


async def test_queue_start_now_and_cancel(console_db):
    app = make_app(console_db, tab="queue")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot, "queue")
        table = app.tabs["queue"].table
        # the second pending job (Cora, newest) to the front
        table.move_cursor(row=table.get_row_index(str(jid(3))))
        await pilot.press("n")
        await wait_for(pilot, lambda: table.row_count and table.cursor_key == str(jid(3)) and table.keys_in_order()[0] == str(jid(3)),
                       what="job 3 first")
        assert await q(console_db, "SELECT priority FROM jobs WHERE id = $1", jid(3)) > 0
        assert await q(console_db, "SELECT actor FROM queue_history WHERE event_type = 'job_prioritized'") == "postgres"
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), what="cancel form")
        await pilot.press(*"no longer wanted")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.tabs["queue"].table.row_count == 1, what="cancelled job gone")
        assert await q(console_db, "SELECT status FROM jobs WHERE id = $1", jid(3)) == "cancelled"


async def test_jobs_pause_resume_and_open_detail_export(console_db, tmp_path):
    app = make_app(console_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot, "jobs")
        table = app.tabs["jobs"].table
        table.move_cursor(row=table.get_row_index(str(jid(1))))
        await pilot.press("z")
        await wait_for(pilot, lambda: "paused" in plain_rows(app.tabs["jobs"])[table.get_row_index(str(jid(1)))],
                       what="paused mark")
        assert await q(console_db, "SELECT paused FROM jobs WHERE id = $1", jid(1)) is True
        await pilot.press("u")
        await wait_for(pilot, lambda: "paused" not in plain_rows(app.tabs["jobs"])[table.get_row_index(str(jid(1)))],
                       what="resumed")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, JobDetailScreen) and app.screen.detail is not None,
                       what="job screen")
        screen = app.screen
        titles = [c.title for c in app.get_system_commands(screen)]
        assert "Job: export CSV" in titles and "Job: retry results" in titles
        results = screen.query_one("#results")
        assert results.row_count == 4
        head = str(screen.query_one(".job-head").render())
        assert ACME.replace("\x1b", "␛") in head
        assert "1/4" in head or "2/4" in head
        assert screen.query_one("#timeline").row_count >= 2
        # filter the results
        await pilot.press("slash", *"alpha")
        await wait_for(pilot, lambda: results.row_count == 1, what="filtered results")
        await pilot.press("escape")  # the filter box has focus: clears the filter
        await wait_for(pilot, lambda: results.row_count == 4, what="filter cleared")
        await pilot.press("e")
        export_dir = Path(app_export_dir())
        await wait_for(pilot, lambda: any(export_dir.glob("job-*.csv")), what="csv export")
        path = next(export_dir.glob("job-*.csv"))
        rows = list(csv.DictReader(path.open()))
        assert len(rows) == 4 and rows[0]["customer"] == ACME
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, JobDetailScreen), what="back")


def app_export_dir() -> str:
    from directorybolt_tui.config import get_settings

    return str(get_settings().resolved_export_dir)


async def test_job_screenshot_pane(console_db, tmp_path):
    from PIL import Image as PILImage

    shot = tmp_path / "shot.png"
    PILImage.new("RGB", (40, 20), (200, 30, 30)).save(shot)
    await q(console_db, "UPDATE job_results SET screenshot_url = $1 WHERE status = 'requires_manual' RETURNING 1", str(shot))
    app = make_app(console_db, tab="manual")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot, "manual")
        await pilot.press("i")  # from the Manual tab: the job, on that result, screenshot shown
        await wait_for(pilot, lambda: isinstance(app.screen, JobDetailScreen) and app.screen.detail is not None, what="job")
        await pilot.pause(0.3)
        label = str(app.screen.query_one(".shot-path").render())
        assert str(shot) in label and "missing" not in label
        from textual_image.widget._base import Image as BaseImage

        assert app.screen.query(BaseImage), "the image widget is mounted"


async def test_workers_pause_resume_drain(console_db):
    app = make_app(console_db, tab="workers")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot, "workers")
        table = app.tabs["workers"].table
        table.move_cursor(row=table.get_row_index("w-2"))
        await pilot.press("p")
        await wait_for(pilot, lambda: app.tabs["workers"].rows_by_key["w-2"].get("paused") is True, what="w-2 paused")
        await pilot.press("u")
        await wait_for(pilot, lambda: app.tabs["workers"].rows_by_key["w-2"].get("paused") is False, what="w-2 resumed")
        await pilot.press("d")
        await wait_for(pilot, lambda: app.tabs["workers"].rows_by_key["w-2"].get("drain_requested") is True, what="drain")
        await pilot.press("P")
        await wait_for(pilot, lambda: app.tabs["workers"].data.extra.get("all_paused") is True, what="all paused")
        await pilot.press("U")
        await wait_for(pilot, lambda: app.tabs["workers"].data.extra.get("all_paused") is False, what="all resumed")
        await pilot.press("D")
        await wait_for(pilot, lambda: all(r.get("drain_requested") for r in app.tabs["workers"].data.rows), what="drain all")


async def test_manual_review_done_failed_retry(console_db):
    # a second manual row so that several are resolved at once
    await q(console_db, "UPDATE job_results SET status = 'captcha_failed', finished_at = now() "
                        "WHERE job_id = $1 AND status = 'pending' RETURNING 1", jid(2))
    app = make_app(console_db, tab="manual")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot, "manual")
        tab = app.tabs["manual"]
        assert tab.table.row_count == 5
        # invalid proof is refused by the form
        await pilot.press("space", "down", "space")
        await pilot.press("o")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), what="resolve form")
        await pilot.press(*"not a url")
        await pilot.press("ctrl+s")
        await pilot.pause(0.1)
        assert isinstance(app.screen, FormScreen)
        app.screen.set_value("proof", "/nonexistent/proof.png")
        await pilot.press("ctrl+s")
        await pilot.pause(0.1)
        assert isinstance(app.screen, FormScreen)
        assert "no such file" in str(app.screen.query_one("#form-error").render())
        app.screen.set_value("proof", "https://dir.example.test/listing/1")
        app.screen.set_value("note", "submitted by phone")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: tab.table.row_count == 3, what="two resolved")
        assert await q(console_db, "SELECT count(*) FROM job_results WHERE status = 'success' "
                                   "AND proof_url = 'https://dir.example.test/listing/1' AND resolved_by = 'postgres'") == 2
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), what="failed form")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: tab.table.row_count == 2, what="one failed")
        await pilot.press("a", "t")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), what="retry confirm")
        await pilot.press("y")
        await wait_for(pilot, lambda: tab.table.row_count == 0, what="retried")
        assert await q(console_db, "SELECT count(*) FROM queue_history WHERE event_type = 'result_retried'") == 2


async def test_directories_toggle_edit_add_and_test(console_db):
    app = make_app(console_db, tab="directories")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot, "directories")
        tab = app.tabs["directories"]
        first = tab.table.cursor_key
        enabled = tab.rows_by_key[first]["enabled"]
        await pilot.press("t")
        await wait_for(pilot, lambda: tab.rows_by_key[first]["enabled"] is (not enabled), what="toggled")
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), what="edit form")
        app.screen.set_value("homepage", "not a url")
        await pilot.press("ctrl+s")
        await pilot.pause(0.1)
        assert isinstance(app.screen, FormScreen)
        assert "homepage" in str(app.screen.query_one("#form-error").render())
        app.screen.set_value("homepage", tab.rows_by_key[first]["homepage"])
        app.screen.set_value("name", "Alpha Pages Renamed")
        app.screen.set_value("priority", "123")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: tab.rows_by_key[first]["name"] == "Alpha Pages Renamed", what="renamed")
        assert tab.rows_by_key[first]["priority"] == 123
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), what="add form")
        app.screen.set_value("name", "Zeta Local")
        app.screen.set_value("homepage", "https://zeta.example.test")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: tab.table.row_count == 6, what="added")
        await pilot.press("v")
        from directorybolt_tui.console.screens.dialogs import ChoiceScreen

        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceScreen), what="test question")
        await pilot.press("d")  # dry run: the engine fills the form and never submits
        await wait_for(pilot, lambda: tab.tests and all("running" not in v for v in tab.tests.values()), timeout=90,
                       what="test outcome")
        assert "test:" in str(tab.query_one(".tab-header").render())


async def test_filter_sort_help_palette_copy(console_db):
    app = make_app(console_db, tab="activity")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot, "activity")
        tab = app.tabs["activity"]
        assert tab.table.row_count == 6
        await pilot.press("slash", *"bolt", "enter")
        await wait_for(pilot, lambda: tab.table.row_count == 4, what="filtered")
        assert "filter: bolt" in str(tab.query_one(".tab-header").render())
        await pilot.press("s", "s")
        assert tab.sort_column == "customer"
        await pilot.press("S")
        assert tab.sort_reverse
        await pilot.press("slash", "escape")
        await wait_for(pilot, lambda: tab.table.row_count == 6, what="filter cleared")
        await pilot.press("c")
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), what="help")
        await pilot.press("escape")
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for expected in ("Tab: Queue", "Tab: Directories", "Queue: start job now", "Workers: drain all",
                         "Manual: completed by hand", "Directories: edit", "Directories: test", "Jobs: cancel job"):
            assert expected in titles


async def test_live_refresh_pause_key(console_db):
    app = make_app(console_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot, "jobs")
        await pilot.press("f")
        assert app.live is False
        await q(console_db, "UPDATE jobs SET priority = 5 WHERE id = $1 RETURNING 1", jid(2))
        await pilot.pause(0.8)
        assert app.tabs["jobs"].rows_by_key[str(jid(2))]["priority"] == 0  # frozen
        await pilot.press("f")
        await wait_for(pilot, lambda: app.tabs["jobs"].rows_by_key[str(jid(2))]["priority"] == 5, what="resumed live")


async def test_jobs_filter_searches_every_job_in_the_database(console_db):
    app = make_app(console_db, tab="jobs")
    async with app.run_test(size=(100, 24)) as pilot:
        await wait_loaded(pilot, "jobs")
        tab = app.tabs["jobs"]
        assert str(jid(4)) not in tab.rows_by_key  # finished: not among the open jobs
        await pilot.press("slash", *"bolt")
        # Bolt Bakery's open job and its finished one, found by the database
        await wait_for(pilot, lambda: set(tab.rows_by_key) == {str(jid(2)), str(jid(4))}, what="search by name")
        assert tab.table.row_count == 2
        assert "every job searched" in str(tab.query_one(".tab-header").render())
        await pilot.press(*["backspace"] * 4, *"cora@")
        await wait_for(pilot, lambda: set(tab.rows_by_key) == {str(jid(3))}, what="search by email")
        await pilot.press(*["backspace"] * 5, *str(jid(4)))  # a whole id pasted (a prefix works too)
        await wait_for(pilot, lambda: set(tab.rows_by_key) == {str(jid(4))}, what="search by job id")
        await pilot.press(*["backspace"] * 36, *"100%_")  # LIKE wildcards are plain text here
        await wait_for(pilot, lambda: tab.data.extra.get("search") == "100%_" and not tab.rows_by_key,
                       what="no match for wildcards")
        await pilot.press("escape")
        await wait_for(pilot, lambda: not tab.data.extra.get("search") and str(jid(2)) in tab.rows_by_key
                       and str(jid(4)) not in tab.rows_by_key, what="back to the open jobs")
