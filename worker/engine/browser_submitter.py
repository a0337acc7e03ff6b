"""BrowserSubmitter: the Submitter (worker/submission.py) backed by the browser pool, plus
``submit_once`` / ``submit_url`` for one-off runs (CLI) without any database."""

from __future__ import annotations

import asyncio
import logging
import time
from pathlib import Path
from typing import Any

from worker.submission import (
    BusinessProfile,
    DirectoryTarget,
    OnPhase,
    SubmissionOutcome,
    SubmissionRequest,
)

from .browser_pool import BrowserCrashed, BrowserPool, NoBrowserFound
from .submission_flow import BrowserGone, EngineOptions, SubmissionRun

log = logging.getLogger(__name__)

CONTEXT_OPTIONS: dict[str, Any] = {
    "viewport": {"width": 1280, "height": 900},
    "user_agent": (
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36 DirectoryBoltOps"
    ),
    "locale": "en-US",
    "java_script_enabled": True,
    "ignore_https_errors": False,
}


class BrowserSubmitter:
    """Submits through one shared Chromium; a fresh context per submission; ``concurrency`` at once."""

    def __init__(
        self,
        settings: Any | None = None,
        *,
        concurrency: int | None = None,
        pool: BrowserPool | None = None,
        evidence_dir: str | Path | None = None,
        dry_run: bool = False,
        step_timeout: float | None = None,
        form_wait: float | None = None,
        evidence: bool = True,
    ) -> None:
        if settings is None:
            from directorybolt_tui.config import get_settings

            settings = get_settings()
        self.settings = settings
        self.pool = pool or BrowserPool(settings, concurrency=concurrency)
        self._own_pool = pool is None
        st = step_timeout if step_timeout is not None else settings.step_timeout_seconds
        self.options = EngineOptions(
            step_timeout=st,
            form_wait=form_wait if form_wait is not None else min(8.0, st),
            dry_run=dry_run,
            evidence_root=Path(evidence_dir) if evidence_dir else settings.resolved_evidence_dir,
            evidence=evidence,
            total_timeout=max(60.0, st * 6),
        )

    async def start(self) -> None:
        await self.pool.start()

    async def close(self) -> None:
        if self._own_pool:
            await self.pool.close()

    async def submit(self, request: SubmissionRequest, on_phase: OnPhase) -> SubmissionOutcome:
        t0 = time.monotonic()
        try:
            async with self.pool.context(**CONTEXT_OPTIONS) as ctx:
                run = SubmissionRun(ctx, request, on_phase, self.options)
                try:
                    return await asyncio.wait_for(run.run(), self.options.total_timeout)
                except asyncio.TimeoutError:
                    return SubmissionOutcome(
                        status="failed", reason_code="timeout", transient=True, submitted=run.submitted,
                        message=f"the submission took longer than {self.options.total_timeout:.0f}s",
                        evidence=dict(run.ev.data),
                    )
        except NoBrowserFound as exc:
            return SubmissionOutcome(status="failed", reason_code="browser_unavailable", message=str(exc), transient=True)
        except (BrowserCrashed, BrowserGone) as exc:
            log.warning("browser crashed during result %s: %s", request.result_id, exc)
            return SubmissionOutcome(
                status="failed",
                reason_code="browser_crash",
                message=f"the browser crashed: {str(exc)[:300]}",
                transient=True,
                submitted=bool(getattr(exc, "submitted", False)),
                evidence={"elapsed_seconds": round(time.monotonic() - t0, 3)},
            )
        except Exception as exc:  # noqa: BLE001 - launching/connecting the browser failed
            if getattr(exc, "_dbolt_from_on_phase", False):
                raise  # the daemon's own callback failed: its exception is its business
            log.exception("browser unavailable for result %s", request.result_id)
            return SubmissionOutcome(
                status="failed", reason_code="browser_error", transient=True,
                message=f"{exc.__class__.__name__}: {str(exc)[:300]}",
            )

    async def __aenter__(self) -> "BrowserSubmitter":
        await self.start()
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.close()


async def _no_phase(_phase: str) -> None:
    return None


def target_for_url(url: str, field_hints: dict[str, str] | None = None, name: str | None = None) -> DirectoryTarget:
    return DirectoryTarget(id=0, name=name or url, homepage=url, submission_url=url, field_hints=field_hints or {})


async def submit_once(
    url: str,
    profile: BusinessProfile | None = None,
    *,
    dry_run: bool = False,
    settings: Any | None = None,
    evidence_dir: str | Path | None = None,
    field_hints: dict[str, str] | None = None,
    job_id: str = "oneoff",
    result_id: int | None = None,
    attempt: int = 1,
    on_phase: OnPhase | None = None,
    step_timeout: float | None = None,
    pool: BrowserPool | None = None,
) -> SubmissionOutcome:
    """Run the engine once against ``url`` (no database). ``dry_run`` fills and never clicks."""
    if profile is None:
        from .sample_profile import SAMPLE_PROFILE

        profile = SAMPLE_PROFILE
    request = SubmissionRequest(
        result_id=result_id if result_id is not None else int(time.time() * 1000) % 1_000_000_000,
        job_id=job_id,
        attempt=attempt,
        profile=profile,
        directory=target_for_url(url, field_hints),
    )
    submitter = BrowserSubmitter(settings, concurrency=1, pool=pool, evidence_dir=evidence_dir,
                                 dry_run=dry_run, step_timeout=step_timeout)
    await submitter.start()
    try:
        return await submitter.submit(request, on_phase or _no_phase)
    finally:
        await submitter.close()
