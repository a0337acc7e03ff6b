"""The worker daemon: claims due results, runs them through a submitter, records the outcomes.

One asyncio process: a claim loop (woken by LISTEN dbolt_work, a finished task, a due retry or a
jittered poll), one task per running submission (at most ``concurrency``), a beat loop (heartbeat,
lease renewal, the sweep) and the listener. Staff controls arrive with the heartbeat.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from dataclasses import dataclass, field
from typing import Any

from . import claim as claim_mod
from . import heartbeat as hb
from . import lease
from .db import Database, wait_event
from .finish import FinishBatcher
from .phase_notes import PhaseNotes
from .retry_policy import AFTER_SUBMIT_PHASES, Decision, RetryPolicy, decide, exception_decision
from .shutdown import ShutdownSignals
from .submission import SubmissionOutcome, Submitter
from .wakeup import WorkListener

log = logging.getLogger("dbolt.worker")


class StopSubmission(BaseException):
    """Raised inside on_phase to stop a submission at a safe point (before the submit action).

    A BaseException so that a submitter's ``except Exception`` cannot swallow it."""

    def __init__(self, kind: str) -> None:  # kind: cancelled | lost
        super().__init__(kind)
        self.kind = kind


def _note_answer(state: "Running", answer: str) -> None:
    """What set_phase answered for an informational phase: only matters before the submit action."""
    if state.phase in AFTER_SUBMIT_PHASES:
        return
    if answer == "cancel_requested":
        state.cancel = True
    elif answer == "lost":
        state.lost = True


@dataclass
class Running:
    result_id: int
    job_id: str
    attempt: int
    directory: str
    directory_id: int
    started: float = field(default_factory=time.time)
    phase: str = "claimed"
    cancel: bool = False
    lost: bool = False
    finishing: bool = False
    task: asyncio.Task | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "result_id": self.result_id,
            "job_id": self.job_id,
            "attempt": self.attempt,
            "directory": self.directory,
            "directory_id": self.directory_id,
            "phase": self.phase,
            "running_seconds": round(time.time() - self.started, 1),
        }


class WorkerDaemon:
    def __init__(self, *, dsn: str, settings: Any, submitter: Submitter, concurrency: int, once: bool = False,
                 worker_id: str | None = None) -> None:
        self.dsn = dsn
        self.settings = settings
        self.submitter = submitter
        self.concurrency = max(1, concurrency)
        self.once = once
        self.worker_id = worker_id or hb.make_worker_id()
        self.policy = RetryPolicy(max_attempts=settings.max_attempts, base_seconds=settings.retry_base_seconds,
                                  cap_seconds=settings.retry_max_seconds)
        self.lease_seconds = float(settings.lease_seconds)
        self.db = Database(dsn, max_size=min(self.concurrency, 8) + 2)
        self.running: dict[int, Running] = {}
        self.wake = asyncio.Event()
        self.beat_now = asyncio.Event()
        self.stopping = False
        self._beat_stop = False
        self.orphans_possible = False
        self._stopped_beat = False
        self.stop_reason: str | None = None
        self.controls = hb.Controls()
        self.processed = 0
        self.failed = 0
        self.next_due: float | None = None  # loop time of the next scheduled retry we know of
        self.signals = ShutdownSignals(self._on_signal)
        self.listener = WorkListener(dsn, self._wake, self._control_changed)
        self.finisher = FinishBatcher(self.db, self.worker_id)
        self.phase_notes = PhaseNotes(self.db, self.worker_id, self.lease_seconds)

    # -- small helpers -------------------------------------------------------------------------
    def _wake(self) -> None:
        self.wake.set()

    def _control_changed(self) -> None:
        self.beat_now.set()

    def _on_signal(self, name: str) -> None:
        self.stopping = True
        self.stop_reason = name
        self.wake.set()
        self.beat_now.set()

    def status(self) -> str:
        if self.stopping or self.controls.drain:
            return "draining"
        if self.controls.paused:
            return "paused"
        return "busy" if self.running else "idle"

    async def _beat(self, status: str | None = None, retry_for: float | None = 0) -> None:
        controls = await hb.beat(
            self.db, self.worker_id, status=status or self.status(), concurrency=self.concurrency,
            current_tasks=[r.as_json() for r in self.running.values()],
            processed=self.processed, failed=self.failed, retry_for=retry_for,
        )
        if controls != self.controls:
            log.info("controls changed: paused=%s drain=%s", controls.paused, controls.drain)
            self.controls = controls
            self.wake.set()

    # -- the main entry ------------------------------------------------------------------------
    async def run(self) -> int:
        loop = asyncio.get_running_loop()
        self.signals.install(loop)
        try:
            await self.db.open(give_up=lambda: self.stopping)
            await self._beat("starting", retry_for=30)
            log.info("worker %s started (concurrency %d%s)", self.worker_id, self.concurrency,
                     ", once" if self.once else "")
            await self.submitter.start()
            self.finisher.start()
            self.listener.start()
            beat_task = asyncio.create_task(self._beat_loop(), name="beat")
            try:
                await self._sweep()
                await self._claim_loop()
            finally:
                await self._wind_down()
                self._beat_stop = True
                self.beat_now.set()
                done, _ = await asyncio.wait({beat_task}, timeout=5)
                if not done:
                    beat_task.cancel()
                await self._final_beat()
        finally:
            if not self._stopped_beat and self.db.pool is not None:
                await self._final_beat()  # e.g. the submitter could not start: do not look alive
            await self.phase_notes.close()
            await self.finisher.stop()
            await self.listener.stop()
            try:
                await asyncio.wait_for(self.submitter.close(), 10)
            except Exception as exc:  # noqa: BLE001
                log.warning("closing the submitter failed: %s", exc)
            await self.db.close()
            self.signals.uninstall(loop)
        log.info("worker %s stopped (%d processed, %d failed)", self.worker_id, self.processed, self.failed)
        return 0

    async def _claim_loop(self) -> None:
        loop = asyncio.get_running_loop()
        poll = float(self.settings.poll_seconds)
        while not self.stopping:
            # Cleared before looking, never after waiting: a wake-up that arrives while this loop
            # claims is kept for the next wait instead of being lost.
            self.wake.clear()
            if self.controls.drain:
                if not self.running:
                    log.info("drained: exiting")
                    return
            elif self.controls.paused and self.once and not self.running:
                log.warning("workers are paused: nothing will be claimed; exiting (--once)")
                return
            elif not self.controls.paused:
                free = self.concurrency - len(self.running)
                if free > 0:
                    try:
                        if self.orphans_possible:
                            await self._release_orphans()
                        rows = await claim_mod.claim(self.db, self.worker_id, free, self.lease_seconds)
                    except Exception as exc:  # noqa: BLE001
                        log.warning("claim failed: %s", exc)
                        # The claim may have committed without its answer reaching us.
                        self.orphans_possible = True
                        rows = []
                        await asyncio.sleep(random.uniform(0.2, 0.6))
                    for row in rows:
                        self._start(row)
                    if rows and len(rows) == free:
                        continue  # there may be more; the tasks will wake us when slots free up
                    if not rows and not self.running:
                        if await self._nothing_due() and self.once:
                            log.info("nothing due: exiting (--once)")
                            return
            # Wait for a reason to look again.
            timeout = poll * random.uniform(0.75, 1.25)
            if self.next_due is not None:
                timeout = max(0.05, min(timeout, self.next_due - loop.time() + 0.05))
            if self.once and not self.running:
                timeout = min(timeout, 0.5)
            await wait_event(self.wake, timeout)
            if self.next_due is not None and loop.time() >= self.next_due:
                self.next_due = None

    async def _release_orphans(self) -> None:
        """Give back results claimed by a call whose answer was lost (they would wait for their lease)."""
        released = await lease.release(self.db, self.worker_id, None, retry_for=0, keep=list(self.running))
        self.orphans_possible = False
        for result_id, outcome in released:
            log.warning("released result %s claimed by a lost call: %s", result_id, outcome)

    async def _nothing_due(self) -> bool:
        try:
            rows = await self.db.fetch(claim_mod.DUE_SQL, what="due_summary", retry_for=1)
        except Exception as exc:  # noqa: BLE001
            log.warning("due_summary failed: %s", exc)
            return False
        row = rows[0]
        if row["next_due_at"] is not None:
            loop = asyncio.get_running_loop()
            seconds = max(0.0, row["next_due_at"].timestamp() - time.time())
            due_at = loop.time() + seconds
            if self.next_due is None or due_at < self.next_due:
                self.next_due = due_at
        return row["due"] == 0

    # -- one submission ------------------------------------------------------------------------
    def _start(self, row: Any) -> None:
        state = Running(result_id=row["result_id"], job_id=str(row["job_id"]), attempt=row["attempt"],
                        directory=row["directory_name"], directory_id=row["directory_id"])
        self.running[state.result_id] = state
        state.task = asyncio.create_task(self._run_one(state, row), name=f"result-{state.result_id}")

    async def _run_one(self, state: Running, row: Any) -> None:
        try:
            decision = await self._submit(state, row)
            if decision is not None:
                await self._finish(state, decision)
        except asyncio.CancelledError:
            raise
        except Exception:  # noqa: BLE001 - never let one submission take the daemon down
            log.exception("result %s: unexpected error", state.result_id)
        finally:
            self.running.pop(state.result_id, None)
            self.wake.set()

    async def _submit(self, state: Running, row: Any) -> Decision | None:
        request = claim_mod.to_request(row)
        # Phase calls retry over a database outage for at most a third of the lease: after that
        # the sweep may hand the result to another worker, so the submit action must not happen.
        phase_retry = max(1.0, self.lease_seconds / 3)

        async def on_phase(phase: str) -> None:
            if state.lost:
                raise StopSubmission("lost")
            if state.cancel and phase not in AFTER_SUBMIT_PHASES and state.phase not in AFTER_SUBMIT_PHASES:
                raise StopSubmission("cancelled")
            if phase != "submitting":
                # Informational phases are written without waiting (the lease renewal repeats
                # them); a cancellation or lost lease in the answer is seen at the next safe point.
                if not (state.phase in AFTER_SUBMIT_PHASES and phase not in AFTER_SUBMIT_PHASES):
                    state.phase = phase
                    self.phase_notes.note(state.result_id, state.attempt, phase,
                                          lambda answer: _note_answer(state, answer))
                return
            # The submit action is next: durably record it first, and make sure the result is still
            # this worker's attempt and its job not cancelled.
            try:
                answer = await lease.set_phase(self.db, self.worker_id, state.result_id, state.attempt, phase,
                                               self.lease_seconds, retry_for=phase_retry)
            except Exception as exc:  # noqa: BLE001
                if phase in AFTER_SUBMIT_PHASES and state.phase in AFTER_SUBMIT_PHASES:
                    return  # already past the submit action: keep going, the outcome matters more
                log.warning("result %s: cannot record phase %s (%s): stopping before submit",
                            state.result_id, phase, exc)
                raise StopSubmission("lost") from exc
            if answer == "lost":
                state.lost = True
                raise StopSubmission("lost")
            if answer == "cancel_requested":
                state.cancel = True
                raise StopSubmission("cancelled")
            state.phase = phase

        log.info("result %s: %s attempt %d", state.result_id, state.directory, state.attempt)
        try:
            outcome = await self.submitter.submit(request, on_phase)
        except StopSubmission as stop:
            if stop.kind == "lost":
                log.warning("result %s: lease lost; stopped before the submit action", state.result_id)
                if state.phase in AFTER_SUBMIT_PHASES:
                    return None
                # If it is still ours (a database outage), give it back for a retry.
                return Decision(status="retry", reason_code="lease_lost", message="lease lost before submit",
                                retry_in_seconds=0)
            log.info("result %s: job cancelled; stopped before the submit action", state.result_id)
            return Decision(status="cancelled", reason_code="cancelled", message="the job was cancelled")
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001
            log.warning("result %s: submitter raised %s: %s", state.result_id, type(exc).__name__, exc)
            return exception_decision(exc, state.attempt, self.policy, phase=state.phase)
        if not isinstance(outcome, SubmissionOutcome):
            return exception_decision(TypeError(f"submitter returned {type(outcome).__name__}"), state.attempt,
                                      self.policy, phase=state.phase)
        return decide(outcome, state.attempt, self.policy, phase=state.phase)

    async def _finish(self, state: Running, decision: Decision) -> None:
        state.finishing = True
        try:
            applied, _status = await self.finisher.finish(decision.as_outcome_json(state.result_id, state.attempt))
        except Exception as exc:  # noqa: BLE001
            log.error("result %s: could not record the outcome %s: %s", state.result_id, decision.status, exc)
            return
        if not applied:
            log.warning("result %s: outcome %s not applied (no longer this worker's)", state.result_id,
                        decision.status)
            return
        if decision.status == "retry":
            loop = asyncio.get_running_loop()
            due = loop.time() + (decision.retry_in_seconds or 0)
            if self.next_due is None or due < self.next_due:
                self.next_due = due
            log.info("result %s: retry in %.1fs (%s)", state.result_id, decision.retry_in_seconds or 0,
                     decision.reason_code)
        else:
            self.processed += 1
            if decision.status in ("failed", "captcha_failed"):
                self.failed += 1
            log.info("result %s: %s%s", state.result_id, decision.status,
                     f" ({decision.reason_code})" if decision.reason_code else "")

    # -- background ----------------------------------------------------------------------------
    async def _beat_loop(self) -> None:
        heartbeat_every = float(self.settings.heartbeat_seconds)
        renew_every = min(heartbeat_every, self.lease_seconds / 3)
        sweep_every = max(renew_every, min(self.lease_seconds / 2, 30.0))
        loop = asyncio.get_running_loop()
        last_beat = last_sweep = loop.time()
        while not self._beat_stop:
            await wait_event(self.beat_now, renew_every)
            if self._beat_stop:
                return
            forced = self.beat_now.is_set()
            self.beat_now.clear()
            try:
                if self.running:
                    items = list(self.running.values())
                    states = await lease.renew(self.db, self.worker_id, [r.result_id for r in items],
                                               self.lease_seconds, [r.phase for r in items])
                    for result_id, st in states.items():
                        running = self.running.get(result_id)
                        if running is None:
                            continue
                        if st == "cancel_requested" and not running.cancel:
                            running.cancel = True
                            log.info("result %s: job cancelled; stopping at the next safe point", result_id)
                        elif st == "lost" and not running.lost and not running.finishing:
                            running.lost = True
                            log.warning("result %s: lease lost", result_id)
                now = loop.time()
                if forced or now - last_beat >= heartbeat_every * 0.95:
                    await self._beat()
                    last_beat = now
                if now - last_sweep >= sweep_every:
                    await self._sweep()
                    last_sweep = now
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001
                log.warning("beat failed: %s", exc)

    async def _sweep(self) -> None:
        try:
            rescued = await lease.rescue_expired(self.db, self.policy.max_attempts)
        except Exception as exc:  # noqa: BLE001
            log.warning("sweep failed: %s", exc)
            return
        for result_id, outcome in rescued:
            log.warning("swept result %s (expired lease): %s", result_id, outcome)
        if rescued:
            self.wake.set()

    # -- shutdown ------------------------------------------------------------------------------
    async def _wind_down(self) -> None:
        if not self.running:
            return
        grace = float(self.settings.shutdown_grace_seconds) if self.stopping else None
        tasks = [r.task for r in self.running.values() if r.task is not None]
        log.info("waiting for %d running submission(s)%s", len(tasks),
                 f" up to {grace:.0f}s" if grace is not None else "")
        self.beat_now.set()
        done, pending = await asyncio.wait(tasks, timeout=grace)
        if not pending:
            return
        left = [r.result_id for r in self.running.values() if r.task in pending]
        for task in pending:
            task.cancel()
        await asyncio.wait(pending, timeout=2)
        try:
            released = await lease.release(self.db, self.worker_id, left, retry_for=2)
        except Exception as exc:  # noqa: BLE001
            log.error("could not release %s (the sweep will): %s", left, exc)
            return
        for result_id, outcome in released:
            log.warning("released result %s: %s", result_id, outcome)

    async def _final_beat(self) -> None:
        self._stopped_beat = True
        self.running.clear()
        try:
            await self._beat("stopped", retry_for=2)
        except Exception as exc:  # noqa: BLE001
            log.warning("final heartbeat failed: %s", exc)


