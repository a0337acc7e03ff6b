"""Which submitter a worker runs: the browser engine, or the scripted HTTP test double."""

from __future__ import annotations

import inspect
from typing import Any

from .submission import Submitter

KINDS = ("browser", "test-http")


def make_submitter(kind: str, settings: Any, *, concurrency: int | None = None) -> Submitter:
    if kind == "test-http":
        from .test_submitter import TestHttpSubmitter

        return TestHttpSubmitter(settings)
    if kind == "browser":
        from .engine.browser_submitter import BrowserSubmitter  # lazy: playwright is heavy

        params = inspect.signature(BrowserSubmitter).parameters
        kwargs: dict[str, Any] = {}
        if "concurrency" in params and concurrency is not None:
            kwargs["concurrency"] = concurrency
        return BrowserSubmitter(settings, **kwargs)
    raise ValueError(f"unknown submitter {kind!r}: one of {', '.join(KINDS)}")
