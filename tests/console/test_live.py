"""Live refresh: NOTIFY drives it (within a second), only the visible tab reloads, queries never
overlap, rows update in place, and the console reconnects after its connections are cut."""

from __future__ import annotations

import json
import time

import asyncpg

from .conftest import jid, make_app, wait_for, wait_loaded


async def test_database_change_shows_within_one_second(console_db):
    app = make_app(console_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot, "jobs")
        queue_loaded = app.tabs["queue"].loaded_at
        table = app.tabs["jobs"].table
        before = table.row_count
        conn = await asyncpg.connect(console_db)
        try:
            job = await conn.fetchval(
                "SELECT staff_api.submit_order('starter', $1::jsonb)",
                json.dumps({"name": "Live Update Co", "email": "live@example.test"}))
            t0 = time.monotonic()
            await wait_for(pilot, lambda: table.row_count == before + 1, timeout=1.0, what="new job within 1 s")
            assert time.monotonic() - t0 <= 1.0
            assert str(job) in table.keys_in_order()
            # the hidden Queue tab was only marked stale, not queried
            assert app.tabs["queue"].stale and app.tabs["queue"].loaded_at == queue_loaded
            assert app.db.max_concurrent_seen == 1
        finally:
            await conn.close()


async def test_rows_update_in_place_cursor_stays(console_db):
    app = make_app(console_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot, "jobs")
        table = app.tabs["jobs"].table
        table.move_cursor(row=table.get_row_index(str(jid(2))))
        key_before = table.cursor_key
        row_objects = {rk.value: rk for rk in table.rows}
        conn = await asyncpg.connect(console_db)
        try:
            # a new job at the top (higher priority) and progress on job 1
            await conn.execute("UPDATE job_results SET status = 'success', finished_at = now() "
                               "WHERE job_id = $1 AND status = 'pending'", jid(1))
            await wait_for(pilot, lambda: "3/4" in table.get_cell(str(jid(1)), "progress").plain
                           or "4/4" in table.get_cell(str(jid(1)), "progress").plain, what="progress")
        finally:
            await conn.close()
        assert table.cursor_key == key_before
        # rows were not cleared and re-added: the row keys that stayed are the same objects
        for rk in table.rows:
            if rk.value in row_objects:
                assert rk is row_objects[rk.value]


async def test_reconnects_after_connections_are_cut(console_db):
    app = make_app(console_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot, "jobs")
        assert app.db.connects == 1
        conn = await asyncpg.connect(console_db)
        try:
            await conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                               "WHERE application_name LIKE 'dbolt-console%'")
            await wait_for(pilot, lambda: app.db.connects >= 2 and app.db.connected, timeout=10, what="reconnect")
            # NOTIFY works again on the new LISTEN connection
            await conn.execute("SELECT staff_api.submit_order('starter', $1::jsonb)",
                               json.dumps({"name": "After Reconnect", "email": "again@example.test"}))
            await wait_for(pilot, lambda: any("After Reconnect" == r["customer"] for r in app.tabs["jobs"].data.rows),
                           timeout=3, what="change after reconnect")
        finally:
            await conn.close()
        assert "connected" in str(app.query_one("#status").render())
