"""Informational phases (opening, filling, classifying) written as they happen, without waiting.

The submission does not pause for them: each is one asynchronous call (no WAL flush wait, see
worker_api.set_phase), so the console shows what a worker is doing within a moment. The answer
also carries a cancellation or a lost lease, which the daemon acts on at the next safe point.
Only 'submitting' is written synchronously, by the daemon itself, before the submit action.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Callable

from . import lease

log = logging.getLogger("dbolt.worker")


class PhaseNotes:
    def __init__(self, db: Any, worker_id: str, lease_seconds: float) -> None:
        self.db = db
        self.worker_id = worker_id
        self.lease_seconds = lease_seconds
        self._tasks: set[asyncio.Task] = set()

    def note(self, result_id: int, attempt: int, phase: str, on_answer: Callable[[str], None]) -> None:
        task = asyncio.create_task(self._write(result_id, attempt, phase, on_answer))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _write(self, result_id: int, attempt: int, phase: str, on_answer: Callable[[str], None]) -> None:
        try:
            answer = await lease.set_phase(self.db, self.worker_id, result_id, attempt, phase,
                                           self.lease_seconds, retry_for=0)
        except Exception as exc:  # noqa: BLE001 - the next lease renewal records the phase anyway
            log.debug("result %s: phase %s not recorded now: %s", result_id, phase, exc)
            return
        on_answer(answer)

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
