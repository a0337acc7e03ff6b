"""Recording outcomes: worker_api.finish_results, batched naturally.

While one finish call is on its way, outcomes that complete meanwhile queue up and go together in
the next call: one transaction (and one update of the hot counter rows) for many results under
load, no added latency when idle. Connection failures are retried until the database is back:
an outcome is never dropped because of a restart.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from .db import Database

log = logging.getLogger("dbolt.worker")

FINISH_SQL = "SELECT result_id, applied, status FROM worker_api.finish_results($1, $2::jsonb)"
MAX_BATCH = 500


def _jsonable(value: Any) -> Any:
    """Outcome evidence must be JSON: anything else becomes its string form."""
    return json.loads(json.dumps(value, default=str))


class FinishBatcher:
    def __init__(self, db: Database, worker_id: str) -> None:
        self.db = db
        self.worker_id = worker_id
        self._queue: list[tuple[dict[str, Any], asyncio.Future]] = []
        self._event = asyncio.Event()
        self._task: asyncio.Task | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="finish")

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            await asyncio.wait({self._task}, timeout=3)
        for _, fut in self._queue:
            if not fut.done():
                fut.set_exception(RuntimeError("worker stopping"))
        self._queue.clear()

    async def finish(self, outcome: dict[str, Any]) -> tuple[bool, str | None]:
        """Record one outcome; returns (applied, resulting status)."""
        fut = asyncio.get_running_loop().create_future()
        self._queue.append((_jsonable(outcome), fut))
        self._event.set()
        return await fut

    async def _run(self) -> None:
        while True:
            await self._event.wait()
            self._event.clear()
            while self._queue:
                batch, self._queue = self._queue[:MAX_BATCH], self._queue[MAX_BATCH:]
                live = [(o, f) for o, f in batch if not f.done()]
                if not live:
                    continue
                try:
                    rows = await self.db.fetch(FINISH_SQL, self.worker_id, [o for o, _ in live],
                                               what=f"finish {len(live)} result(s)")
                except asyncio.CancelledError:
                    for _, fut in live:
                        if not fut.done():
                            fut.set_exception(RuntimeError("worker stopping"))
                    raise
                except Exception as exc:  # noqa: BLE001
                    if len(live) > 1:
                        # One bad outcome must not sink the others: record them one by one.
                        self._queue[:0] = [(o, f) for o, f in live[1:]]
                        live = live[:1]
                        try:
                            rows = await self.db.fetch(FINISH_SQL, self.worker_id, [live[0][0]], what="finish")
                        except Exception as exc1:  # noqa: BLE001
                            live[0][1].set_exception(exc1)
                            continue
                    else:
                        live[0][1].set_exception(exc)
                        continue
                by_id = {r["result_id"]: (bool(r["applied"]), r["status"]) for r in rows}
                for outcome, fut in live:
                    if not fut.done():
                        fut.set_result(by_id.get(outcome["result_id"], (False, None)))
