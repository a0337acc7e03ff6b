"""The contract between the worker daemon (queue engine) and a submitter (browser engine or test double).

The daemon claims a result row, builds a SubmissionRequest from the database rows and awaits
``submitter.submit(request, on_phase)``. The submitter must call ``await on_phase("submitting")``
immediately before the action that sends the business to the directory (the submit click): the
daemon records that phase in the database, so a crash after that point is never retried
automatically (the outcome is unknown and a second submission could duplicate the listing).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable, Literal, Protocol

Phase = Literal["claimed", "opening", "filling", "submitting", "classifying"]
OnPhase = Callable[[Phase], Awaitable[None]]

OutcomeStatus = Literal["success", "failed", "requires_manual", "captcha_failed", "skipped"]


@dataclass(frozen=True)
class BusinessProfile:
    business_name: str
    email: str
    phone: str | None = None  # E.164, e.g. +15551234567
    website: str | None = None
    contact_name: str | None = None
    contact_first_name: str | None = None
    contact_last_name: str | None = None
    address: str | None = None  # display address, one line
    street: str | None = None
    city: str | None = None
    region: str | None = None  # state / province
    postal_code: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2 where known, e.g. "US"
    description: str | None = None
    categories: tuple[str, ...] = ()
    hours: str | None = None
    social_links: dict[str, str] = field(default_factory=dict)
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class DirectoryTarget:
    id: int
    name: str
    homepage: str
    submission_url: str
    field_hints: dict[str, str] = field(default_factory=dict)  # CSS selector -> profile attribute
    has_captcha: bool = False
    requires_login: bool = False


@dataclass(frozen=True)
class SubmissionRequest:
    result_id: int
    job_id: str
    attempt: int
    profile: BusinessProfile
    directory: DirectoryTarget


@dataclass
class SubmissionOutcome:
    status: OutcomeStatus
    reason_code: str | None = None  # e.g. already_listed, email_verification, unknown_form, validation_error
    message: str | None = None
    # transient=True: the worker retries with backoff (timeouts, 5xx, 429, network errors, browser crash).
    transient: bool = False
    retry_after: float | None = None  # seconds, from a Retry-After header when present
    submitted: bool = False  # whether the submit action was performed
    submission_url: str | None = None  # final URL / listing URL
    screenshot_path: str | None = None  # the most telling screenshot (after submit, else after fill)
    evidence: dict[str, Any] = field(default_factory=dict)  # paths, mapping, signals; JSON-serialisable


class Submitter(Protocol):
    async def start(self) -> None: ...

    async def submit(self, request: SubmissionRequest, on_phase: OnPhase) -> SubmissionOutcome: ...

    async def close(self) -> None: ...
