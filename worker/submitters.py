"""Which submitter a worker runs: the browser engine, or the scripted HTTP test double."""

from __future__ import annotations

import inspect
from typing import Any

from .submission import Submitter

KINDS = ("browser", "test-http")


def make_submitter(kind: str, settings: Any) -> Submitter:
    if kind == "test-http":
        from .test_submitter import TestHttpSubmitter

        return TestHttpSubmitter(settings)
    if kind == "browser":
        from .engine.browser_submitter import BrowserSubmitter  # lazy: playwright is heavy

        params = inspect.signature(BrowserSubmitter).parameters
        if "settings" in params:
            return BrowserSubmitter(settings=settings)
        if params and next(iter(params.values())).kind in (inspect.Parameter.POSITIONAL_ONLY,
                                                          inspect.Parameter.POSITIONAL_OR_KEYWORD):
            return BrowserSubmitter(settings)
        return BrowserSubmitter()
    raise ValueError(f"unknown submitter {kind!r}: one of {', '.join(KINDS)}")
