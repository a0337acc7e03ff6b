"""What to do with an outcome: finish it, or retry it later (exponential backoff with jitter).

Transient failures (timeouts, HTTP 5xx, 429, network errors, a browser crash, an exception raised by
the submitter) before the submit action retry up to ``max_attempts``, then fail. Permanent failures
finish at once. Anything uncertain after the submit action is never retried automatically: it goes
to manual review (reason ``interrupted_after_submit``), because a second submission could duplicate
the listing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from .submission import SubmissionOutcome

AFTER_SUBMIT_PHASES = ("submitting", "classifying")
INTERRUPTED_AFTER_SUBMIT = "interrupted_after_submit"


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 4
    base_seconds: float = 5.0
    cap_seconds: float = 600.0
    jitter: float = 0.5  # the delay is multiplied by a factor in [1 - jitter, 1 + jitter]

    def backoff(self, attempt: int, retry_after: float | None = None, rng: random.Random | None = None) -> float:
        """Delay before attempt ``attempt + 1`` (attempt counts from 1)."""
        rng = rng or random
        raw = min(self.cap_seconds, self.base_seconds * (2 ** max(attempt - 1, 0)))
        delay = raw * rng.uniform(1 - self.jitter, 1 + self.jitter)
        if retry_after is not None and retry_after > 0:
            delay = max(delay, min(retry_after, self.cap_seconds * 4))
        return round(max(delay, 0.0), 3)


@dataclass
class Decision:
    status: str  # success | failed | requires_manual | captcha_failed | skipped | cancelled | retry
    reason_code: str | None = None
    message: str | None = None
    retry_in_seconds: float | None = None
    submission_url: str | None = None
    screenshot_url: str | None = None
    evidence: dict[str, Any] = field(default_factory=dict)

    def as_outcome_json(self, result_id: int, attempt: int) -> dict[str, Any]:
        return {
            "result_id": result_id,
            "attempt": attempt,
            "status": self.status,
            "reason_code": self.reason_code,
            "message": self.message,
            "submission_url": self.submission_url,
            "screenshot_url": self.screenshot_url,
            "evidence": self.evidence,
            "retry_in_seconds": self.retry_in_seconds,
        }


def decide(outcome: SubmissionOutcome, attempt: int, policy: RetryPolicy, *, phase: str | None = None) -> Decision:
    """Turn a submitter's outcome into what is written to the database."""
    common = dict(
        message=outcome.message,
        submission_url=outcome.submission_url,
        screenshot_url=outcome.screenshot_path,
        evidence=dict(outcome.evidence or {}),
    )
    if not outcome.transient:
        return Decision(status=outcome.status, reason_code=outcome.reason_code, **common)
    if outcome.submitted or phase in AFTER_SUBMIT_PHASES:
        # The submit action happened (or may have: the phase says the submitter was about to click)
        # and then something went wrong: the outcome is unknown, a retry could duplicate the listing.
        return Decision(
            status="requires_manual",
            reason_code=INTERRUPTED_AFTER_SUBMIT,
            **{**common, "message": f"transient failure after the submit action: {outcome.message or outcome.reason_code}"},
        )
    if attempt >= policy.max_attempts:
        return Decision(
            status="failed",
            reason_code=outcome.reason_code or "transient_failure",
            **{**common, "message": f"gave up after {attempt} attempts: {outcome.message or outcome.reason_code}"},
        )
    return Decision(
        status="retry",
        reason_code=outcome.reason_code or "transient_failure",
        retry_in_seconds=policy.backoff(attempt, outcome.retry_after),
        **common,
    )


def exception_decision(exc: BaseException, attempt: int, policy: RetryPolicy, *, phase: str | None) -> Decision:
    """The submitter raised: transient before the submit action, unknown (manual review) after it."""
    message = f"{type(exc).__name__}: {exc}"[:2000]
    if phase in AFTER_SUBMIT_PHASES:
        return Decision(status="requires_manual", reason_code=INTERRUPTED_AFTER_SUBMIT,
                        message=f"the submitter failed after the submit action: {message}")
    outcome = SubmissionOutcome(status="failed", reason_code="submitter_error", message=message, transient=True)
    return decide(outcome, attempt, policy, phase=phase)
