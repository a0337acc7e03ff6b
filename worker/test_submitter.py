"""A scripted submitter for tests and benchmarks: POSTs each submission to a recording endpoint.

The endpoint is the directory's submission_url. ``on_phase("submitting")`` is called right before
the POST, like the browser engine does before the submit click, so a recorder in another process
can count duplicates and overlaps. Latency (milliseconds, before the POST) comes from
DBOLT_TEST_SUBMITTER_LATENCY_MS="min,max" (default "5,40").

Before the submit action it GETs the same URL ("opens the form"): 429 and 5xx there, or a refused
connection, are transient failures (retried with backoff, Retry-After honoured). The POST's answer
decides the outcome: 2xx -> success (or the JSON body's "status"/"reason_code"), other 4xx -> failed
validation_error, 429/5xx -> unknown after the submit action (manual review). A failure after the
POST was sent raises (the outcome is unknown, so the daemon sends it to manual review).
"""

from __future__ import annotations

import asyncio
import json
import os
import random
from typing import Any
from urllib.parse import urlsplit

from .submission import OnPhase, SubmissionOutcome, SubmissionRequest


def _latency_range() -> tuple[float, float]:
    raw = os.environ.get("DBOLT_TEST_SUBMITTER_LATENCY_MS", "5,40")
    try:
        lo, hi = (float(x) for x in raw.split(",", 1))
    except ValueError:
        lo, hi = 5.0, 40.0
    return max(lo, 0.0) / 1000, max(hi, lo, 0.0) / 1000


class SubmittedUnknown(RuntimeError):
    """The request may have reached the directory but no answer came back."""


async def http_request(method: str, url: str, payload: dict[str, Any] | None, timeout: float
                       ) -> tuple[int, dict[str, str], bytes]:
    parts = urlsplit(url)
    if parts.scheme != "http":
        raise ValueError(f"the test submitter only speaks plain http, not {url!r}")
    host = parts.hostname or "127.0.0.1"
    port = parts.port or 80
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    body = json.dumps(payload).encode() if payload is not None else b""
    try:
        async with asyncio.timeout(timeout):
            reader, writer = await asyncio.open_connection(host, port)
    except (OSError, TimeoutError) as exc:
        raise ConnectionRefusedError(str(exc) or "connect failed") from exc
    try:
        writer.write(
            f"{method} {path} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode() + body
        )
        await writer.drain()
        try:
            async with asyncio.timeout(timeout):
                raw = await reader.read()
        except (OSError, TimeoutError) as exc:
            raise SubmittedUnknown(f"no answer from {url}: {exc!r}") from exc
    finally:
        writer.close()
    head, _, rest = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    if not lines or len(lines[0].split()) < 2:
        raise SubmittedUnknown(f"malformed answer from {url}")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers, rest


def _retry_after(headers: dict[str, str]) -> float | None:
    try:
        return float(headers["retry-after"]) if "retry-after" in headers else None
    except ValueError:
        return None


class TestHttpSubmitter:
    __test__ = False  # not a pytest class

    def __init__(self, settings: Any = None, *, timeout: float = 30.0) -> None:
        self.timeout = timeout
        self.latency = _latency_range()

    async def start(self) -> None:
        return None

    async def close(self) -> None:
        return None

    async def submit(self, request: SubmissionRequest, on_phase: OnPhase) -> SubmissionOutcome:
        lo, hi = self.latency
        await on_phase("opening")
        # "Open the form page": a GET that may fail transiently (the directory is down, 429...).
        url = request.directory.submission_url
        sep = "&" if "?" in url else "?"
        try:
            status, headers, body = await http_request(
                "GET", f"{url}{sep}result_id={request.result_id}&attempt={request.attempt}", None, self.timeout)
        except (ConnectionRefusedError, SubmittedUnknown) as exc:
            return SubmissionOutcome(status="failed", reason_code="network_error", message=str(exc),
                                     transient=True, submitted=False)
        if status == 429 or status >= 500:
            return SubmissionOutcome(status="failed", reason_code=f"http_{status}", message=f"form page: HTTP {status}",
                                     transient=True, retry_after=_retry_after(headers), submitted=False)
        await asyncio.sleep(random.uniform(lo, hi) / 2)
        await on_phase("filling")
        await asyncio.sleep(random.uniform(lo, hi) / 2)
        payload = {
            "result_id": request.result_id,
            "job_id": request.job_id,
            "attempt": request.attempt,
            "directory_id": request.directory.id,
            "business_name": request.profile.business_name,
            "email": request.profile.email,
            "pid": os.getpid(),
        }
        await on_phase("submitting")
        try:
            status, headers, body = await http_request("POST", url, payload, self.timeout)
        except ConnectionRefusedError as exc:
            return SubmissionOutcome(status="failed", reason_code="network_error", message=str(exc),
                                     transient=True, submitted=False)
        await on_phase("classifying")
        try:
            data = json.loads(body or b"{}")
        except ValueError:
            data = {}
        if not isinstance(data, dict):
            data = {}
        if status == 429 or status >= 500:
            # After the submit action: the daemon sends this to manual review, never retries it.
            return SubmissionOutcome(status="failed", reason_code=f"http_{status}", message=data.get("message"),
                                     transient=True, retry_after=_retry_after(headers), submitted=True)
        if 200 <= status < 300:
            return SubmissionOutcome(
                status=data.get("status", "success"), reason_code=data.get("reason_code"),
                message=data.get("message"), submitted=True,
                submission_url=data.get("listing_url") or request.directory.submission_url,
                evidence={"http_status": status},
            )
        return SubmissionOutcome(status="failed", reason_code=data.get("reason_code", "validation_error"),
                                 message=data.get("message") or f"HTTP {status}", submitted=True,
                                 evidence={"http_status": status})
