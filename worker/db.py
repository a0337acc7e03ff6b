"""The worker's database access: an asyncpg pool and calls that survive a database restart.

Connection-level failures (server restart, network) are retried with backoff; SQL errors that are
not about the connection are raised at once.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
from typing import Any, Awaitable, Callable, TypeVar

import asyncpg

T = TypeVar("T")
log = logging.getLogger("dbolt.worker")

_RETRYABLE_SQLSTATE_PREFIXES = ("08", "57P", "40", "53")  # connection, shutdown, deadlock/serialization, resources


def is_retryable(exc: BaseException) -> bool:
    if isinstance(exc, (asyncpg.PostgresConnectionError, asyncpg.InterfaceError, OSError, ConnectionError,
                        asyncio.TimeoutError)):
        return True
    if isinstance(exc, asyncpg.PostgresError):
        state = getattr(exc, "sqlstate", "") or ""
        return state.startswith(_RETRYABLE_SQLSTATE_PREFIXES)
    return False


async def _init_connection(conn: asyncpg.Connection) -> None:
    for name in ("json", "jsonb"):
        await conn.set_type_codec(name, encoder=json.dumps, decoder=json.loads, schema="pg_catalog")


class Database:
    def __init__(self, dsn: str, *, max_size: int = 4) -> None:
        self.dsn = dsn
        self.max_size = max_size
        self.pool: asyncpg.Pool | None = None

    async def open(self, *, give_up: Callable[[], bool] = lambda: False) -> None:
        delay = 0.2
        while True:
            try:
                self.pool = await asyncpg.create_pool(
                    self.dsn, min_size=1, max_size=self.max_size, init=_init_connection,
                    command_timeout=60, max_inactive_connection_lifetime=120,
                )
                return
            except Exception as exc:  # noqa: BLE001
                if not is_retryable(exc) or give_up():
                    raise
                log.warning("database not reachable (%s); retrying in %.1fs", exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)

    async def close(self) -> None:
        if self.pool is not None:
            try:
                await asyncio.wait_for(self.pool.close(), 5)
            except Exception:  # noqa: BLE001
                self.pool.terminate()
            self.pool = None

    async def call(
        self,
        work: Callable[[asyncpg.Connection], Awaitable[T]],
        *,
        what: str = "query",
        retry_for: float | None = None,
        give_up: Callable[[], bool] = lambda: False,
    ) -> T:
        """Run ``work(conn)``; retry connection failures for ``retry_for`` seconds (None: forever)."""
        assert self.pool is not None, "Database.open() first"
        loop = asyncio.get_running_loop()
        deadline = None if retry_for is None else loop.time() + retry_for
        delay = 0.1
        while True:
            try:
                async with self.pool.acquire() as conn:
                    return await work(conn)
            except Exception as exc:  # noqa: BLE001
                if not is_retryable(exc):
                    raise
                if give_up() or (deadline is not None and loop.time() + delay > deadline):
                    raise
                log.warning("%s failed (%s: %s); retrying in %.1fs", what, type(exc).__name__, exc, delay)
                await asyncio.sleep(delay * random.uniform(0.8, 1.2))
                delay = min(delay * 2, 3.0)

    async def fetch(self, sql: str, *args: Any, what: str = "query", **kw: Any) -> list[asyncpg.Record]:
        return await self.call(lambda c: c.fetch(sql, *args), what=what, **kw)

    async def fetchval(self, sql: str, *args: Any, what: str = "query", **kw: Any) -> Any:
        return await self.call(lambda c: c.fetchval(sql, *args), what=what, **kw)


async def wait_event(event: asyncio.Event, timeout: float) -> bool:
    """Wait for ``event`` up to ``timeout`` seconds; True when it is set.

    asyncio.timeout, not asyncio.wait_for: on Python 3.11 wait_for can swallow a cancellation that
    arrives together with the event, leaving a task that never stops."""
    if event.is_set():
        return True
    try:
        async with asyncio.timeout(max(timeout, 0)):
            await event.wait()
        return True
    except TimeoutError:
        return False
