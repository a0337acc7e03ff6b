"""LISTEN dbolt_work on a dedicated connection, reconnecting on failure; wakes the daemon."""

from __future__ import annotations

import asyncio
import json
import logging
import random
from typing import Callable

import asyncpg

from .db import wait_event

log = logging.getLogger("dbolt.worker")


class WorkListener:
    def __init__(self, dsn: str, on_work: Callable[[], None], on_control: Callable[[], None]) -> None:
        self.dsn = dsn
        self.on_work = on_work
        self.on_control = on_control
        self.connected = asyncio.Event()
        self._task: asyncio.Task | None = None
        self._conn: asyncpg.Connection | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="listen")

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            await asyncio.wait({self._task}, timeout=3)
        if self._conn is not None and not self._conn.is_closed():
            self._conn.terminate()

    def _notified(self, _conn, _pid, _channel, payload: str) -> None:
        kind = "work"
        try:
            kind = json.loads(payload).get("t", "work")
        except (ValueError, AttributeError):
            pass
        if kind == "control":
            self.on_control()
        self.on_work()

    async def _run(self) -> None:
        delay = 0.2
        while True:
            try:
                self._conn = await asyncpg.connect(self.dsn, timeout=10)
                lost = asyncio.Event()
                self._conn.add_termination_listener(lambda _c: lost.set())
                await self._conn.add_listener("dbolt_work", self._notified)
                self.connected.set()
                delay = 0.2
                self.on_work()  # notifications may have been missed while disconnected
                while not lost.is_set():
                    if not await wait_event(lost, 5):
                        # A cheap liveness probe: a dead socket is not always reported.
                        async with asyncio.timeout(5):
                            await self._conn.execute("SELECT 1")
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001
                log.debug("listener connection lost: %s", exc)
            self.connected.clear()
            if self._conn is not None and not self._conn.is_closed():
                self._conn.terminate()
            await asyncio.sleep(delay * random.uniform(0.8, 1.2))
            delay = min(delay * 2, 5.0)
