"""The console's database link: one query connection whose queries never overlap (a lock), one
LISTEN connection for `dbolt_events`, and reconnection after the database goes away.

Refresh policy (in app.py): a notification marks the tabs that show that kind of data stale;
after a short debounce only the visible tab (or open job screen) reloads; a reload requested while
one runs is coalesced into one more run afterwards.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any, Awaitable, Callable, TypeVar

import asyncpg

T = TypeVar("T")
CHANNEL = "dbolt_events"


class Disconnected(Exception):
    """The database connection is gone; the supervisor is reconnecting."""


def is_connection_error(exc: BaseException) -> bool:
    if isinstance(exc, (asyncpg.InterfaceError, asyncpg.ConnectionDoesNotExistError, OSError,
                        asyncio.TimeoutError, ConnectionError)):
        return True
    if isinstance(exc, asyncpg.PostgresError):
        state = getattr(exc, "sqlstate", "") or ""
        return state.startswith("08") or state.startswith("57P")
    return False


class LiveDatabase:
    def __init__(
        self,
        dsn: str,
        *,
        on_event: Callable[[dict[str, Any]], None],
        on_lost: Callable[[], None],
        listen: bool = True,
        statement_timeout_ms: int = 10_000,
    ) -> None:
        self.dsn = dsn
        self._on_event = on_event
        self._on_lost = on_lost
        self._listen_enabled = listen
        self._timeout = statement_timeout_ms
        self._conn: asyncpg.Connection | None = None
        self._listen: asyncpg.Connection | None = None
        self._lock = asyncio.Lock()
        self.lost = asyncio.Event()
        self.connected = False
        self.queries_run = 0
        self.connects = 0
        self.max_concurrent_seen = 0
        self._running = 0

    async def connect(self) -> None:
        settings = {"application_name": "dbolt-console", "statement_timeout": str(self._timeout)}
        conn = await asyncpg.connect(self.dsn, timeout=5, server_settings=settings)
        listen = None
        try:
            if self._listen_enabled:
                listen = await asyncpg.connect(self.dsn, timeout=5, server_settings={"application_name": "dbolt-console-listen"})
                await listen.add_listener(CHANNEL, self._notified)
                listen.add_termination_listener(lambda _c: self._mark_lost())
            conn.add_termination_listener(lambda _c: self._mark_lost())
        except BaseException:
            await conn.close()
            if listen is not None:
                await listen.close()
            raise
        self._conn, self._listen = conn, listen
        self.lost.clear()
        self.connected = True
        self.connects += 1

    def _notified(self, _conn: Any, _pid: int, _channel: str, payload: str) -> None:
        try:
            event = json.loads(payload)
        except ValueError:
            event = {}
        if not isinstance(event, dict):
            event = {}
        self._on_event(event)

    def _mark_lost(self) -> None:
        if self.connected:
            self.connected = False
            self.lost.set()
            self._on_lost()

    async def run(self, work: Callable[[asyncpg.Connection], Awaitable[T]]) -> T:
        """Run `work(conn)` alone on the query connection (queries never overlap)."""
        async with self._lock:
            conn = self._conn
            if conn is None or conn.is_closed() or not self.connected:
                raise Disconnected("not connected to the database")
            self._running += 1
            self.max_concurrent_seen = max(self.max_concurrent_seen, self._running)
            try:
                # a dead network never answers: give up on the connection rather than wait forever
                result = await asyncio.wait_for(work(conn), self._timeout / 1000 + 5)
                self.queries_run += 1
                return result
            except Exception as exc:
                if is_connection_error(exc):
                    self._mark_lost()
                    raise Disconnected(str(exc)) from exc
                raise
            finally:
                self._running -= 1

    async def close(self) -> None:
        self.connected = False
        for c in (self._listen, self._conn):
            if c is not None and not c.is_closed():
                try:
                    await asyncio.wait_for(c.close(), 2)
                except Exception:
                    c.terminate()
        self._conn = self._listen = None

    async def reset(self) -> None:
        """Drop both connections (after a loss) without waiting on a dead server."""
        for c in (self._listen, self._conn):
            if c is not None and not c.is_closed():
                c.terminate()
        self._conn = self._listen = None
        self.connected = False
