"""Inert text, role-aware actions, --read-only."""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest

from directorybolt_tui.console.tabs.base import BaseTab
from directorybolt_tui.console.widgets.inert_text import inert, neutralize

from .conftest import ACME, jid, make_app, wait_for, wait_loaded


def test_neutralize_controls_markup_and_length():
    assert neutralize(ACME) == "[bold red]ACME[/] ␛[2J"
    assert neutralize("a\tb\nc\rd\x00e\x7f") == "a␉b␊c␍d␀e␡"
    assert neutralize("x\x9by") == "x\\x9by"  # C1 CSI
    assert neutralize("evil\u202etxt.exe") == "evil\\u202etxt.exe"  # bidi override made visible
    assert neutralize("zero\u200bwidth") == "zero\\u200bwidth"
    assert neutralize("Café ÄÖÜ 東京") == "Café ÄÖÜ 東京"
    t = inert("[b]x[/b]" * 20, 12)
    assert t.plain == "[b]x[/b][b]…" and len(t.plain) == 12
    assert t.spans == []  # no styling came from the value


async def test_acme_business_name_shows_literally(console_db):
    app = make_app(console_db)
    async with app.run_test(size=(100, 24)) as pilot:
        await wait_loaded(pilot, "jobs")
        table = app.tabs["jobs"].table
        cell = table.get_cell(str(jid(1)), "customer")
        assert cell.plain == "[bold red]ACME[/]…"  # cut to the column, literally
        assert not cell.spans
        svg = app.export_screenshot()
        assert "ACME[/]" in svg
        table.move_cursor(row=table.get_row_index(str(jid(1))))
        await pilot.press("enter")
        await wait_for(pilot, lambda: getattr(app.screen, "detail", None) is not None, what="job screen")
        head = app.screen.query_one(".job-head").render()
        assert "[bold red]ACME[/] ␛[2J" in str(head)
        svg = app.export_screenshot()
        assert "\x1b" not in svg
        assert "␛[2J" in svg
        await pilot.press("escape")
        # the directory named with Rich link markup shows literally too
        await pilot.press("7")
        await wait_loaded(pilot, "directories")
        names = [c.plain for c in table_column(app.tabs["directories"], "name")]
        assert "[link=http://evil]Gam…" in names


def table_column(tab: BaseTab, key: str):
    t = tab.table
    return [t.get_cell(rk.value, key) for rk in t.rows]


def _as_user(dsn: str, user: str) -> str:
    p = urlsplit(dsn)
    if not p.hostname:  # unix socket: host=... in the query
        netloc = f"{user}@"
    else:
        netloc = f"{user}@{p.hostname}:{p.port}" if p.port else f"{user}@{p.hostname}"
    return urlunsplit((p.scheme, netloc, p.path, p.query, p.fragment))


@pytest.fixture
async def staff_dsn(console_db):
    name = f"staff_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(console_db)
    await admin.execute(f'CREATE ROLE "{name}" LOGIN IN ROLE dbolt_staff')
    await admin.close()
    yield _as_user(console_db, name)
    admin = await asyncpg.connect(console_db)
    try:
        await admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1", name)
        await admin.execute(f'DROP ROLE IF EXISTS "{name}"')
    finally:
        await admin.close()


async def test_staff_role_cannot_edit_directories(console_db, staff_dsn):
    app = make_app(staff_dsn, tab="directories")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot, "directories")
        assert app.caps.user.startswith("staff_")
        tab = app.tabs["directories"]
        for action in ("toggle_enabled", "edit_directory", "add_directory"):
            assert tab.check_action(action, ()) is False  # hidden from footer and palette
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Directories: edit" not in titles and "Directories: add" not in titles
        assert "Queue: cancel job" in titles  # staff may cancel
        before = await fetch(console_db, "SELECT array_agg(enabled ORDER BY id) FROM directories")
        tab.action_toggle_enabled()  # even when invoked directly, refused with a message
        tab.action_edit_directory()
        await pilot.pause(0.3)
        messages = [str(n.message) for n in app._notifications]
        assert any("may not execute admin_api.set_directories_enabled" in m for m in messages)
        assert any("may not execute admin_api.update_directory" in m for m in messages)
        assert await fetch(console_db, "SELECT array_agg(enabled ORDER BY id) FROM directories") == before
        # and the database would refuse anyway
        conn = await asyncpg.connect(staff_dsn)
        try:
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await conn.execute("SELECT admin_api.set_directories_enabled(ARRAY[1::bigint], false)")
        finally:
            await conn.close()


async def test_staff_actions_record_the_actor(console_db, staff_dsn):
    app = make_app(staff_dsn, tab="queue")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot, "queue")
        await pilot.press("n")
        await wait_for(pilot, lambda: any("front" in str(n.message) for n in app._notifications), what="done")
        actor = await fetch(console_db, "SELECT actor FROM queue_history WHERE event_type = 'job_prioritized'")
        assert actor.startswith("staff_")


async def fetch(dsn: str, sql: str):
    conn = await asyncpg.connect(dsn)
    try:
        return await conn.fetchval(sql)
    finally:
        await conn.close()


async def test_read_only_offers_no_action(console_db):
    from directorybolt_tui.console.app import TAB_CLASSES

    app = make_app(console_db, read_only=True, tab="queue")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot, "queue")
        for cls in TAB_CLASSES:
            tab = app.tabs[cls.tab_id]
            for action in [*cls.action_functions, *cls.side_effect_actions]:
                assert tab.check_action(action, ()) is False, (cls.tab_id, action)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert not [t for t in titles if any(w in t for w in ("cancel", "start", "pause", "drain", "edit", "add",
                                                                "retry", "by hand", "failed", "test", "enable"))]
        footer_keys = {b.binding.key for b in app.active_bindings.values() if b.binding.show and b.enabled}
        assert not footer_keys & {"n", "x"}
        before = await fetch(console_db, "SELECT max(priority) FROM jobs")
        await pilot.press("n", "x")
        await pilot.pause(0.3)
        assert await fetch(console_db, "SELECT max(priority) FROM jobs") == before
        assert await fetch(console_db, "SELECT count(*) FROM jobs WHERE cancel_requested") == 0
        await pilot.press("7")
        await wait_loaded(pilot, "directories")
        app.tabs["directories"].action_test_directory()
        app.tabs["directories"].action_toggle_enabled()
        await pilot.pause(0.2)
        assert any("read-only" in str(n.message) for n in app._notifications)
        assert "read-only" in str(app.query_one("#status").render())
