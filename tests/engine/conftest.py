"""Engine tests: the real Chromium against the local sandbox farm; no database.

One browser for the whole session: an event loop runs in a background thread with one BrowserPool, and
sync tests hand it coroutines (``engine.run(...)``). Every sandbox site is submitted once per session
(``site_results``), four at a time, and the tests assert on those results.
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Awaitable, Callable

import pytest

from directorybolt_tui.config import Settings
from worker.engine.browser_pool import BrowserPool
from worker.engine.browser_submitter import BrowserSubmitter
from worker.engine.sample_profile import SAMPLE_PROFILE
from worker.sandbox.server import SandboxServer, start_sandbox
from worker.submission import BusinessProfile, DirectoryTarget, SubmissionOutcome, SubmissionRequest


class EngineThread:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="engine-loop", daemon=True)
        self.thread.start()
        self.pool = BrowserPool(settings, concurrency=4)
        self.run(lambda: self.pool.start())
        self._ids = 0

    def run(self, fn: Callable[[], Awaitable[Any]], timeout: float = 120) -> Any:
        return asyncio.run_coroutine_threadsafe(fn(), self.loop).result(timeout)

    def next_id(self) -> int:
        self._ids += 1
        return self._ids

    def submitter(self, **kw: Any) -> BrowserSubmitter:
        return BrowserSubmitter(self.settings, pool=self.pool, **kw)

    def submit(self, url: str, profile: BusinessProfile = SAMPLE_PROFILE, *, hints: dict[str, str] | None = None,
               **kw: Any) -> tuple[SubmissionOutcome, list[str]]:
        phases: list[str] = []

        async def on_phase(p: str) -> None:
            phases.append(p)

        rid = self.next_id()
        req = SubmissionRequest(rid, "engine-tests", 1, profile,
                                DirectoryTarget(rid, url, url, url, field_hints=hints or {}))
        sub = self.submitter(**kw)
        return self.run(lambda: sub.submit(req, on_phase)), phases

    def close(self) -> None:
        self.run(lambda: self.pool.close())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def engine_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    root = tmp_path_factory.mktemp("dbolt-engine")
    return Settings(data_dir=root, evidence_dir=root / "evidence", step_timeout_seconds=20)


@pytest.fixture(scope="session")
def sandbox() -> Any:
    sb = start_sandbox()
    yield sb
    sb.stop()


@pytest.fixture(scope="session")
def engine(engine_settings: Settings) -> Any:
    e = EngineThread(engine_settings)
    yield e
    e.close()


@dataclass
class SiteResult:
    slug: str
    outcome: SubmissionOutcome
    phases: list[str]
    received: list[dict[str, Any]]


@pytest.fixture(scope="session")
def site_results(sandbox: SandboxServer, engine: EngineThread) -> dict[str, SiteResult]:
    """Every sandbox site submitted once with the sample profile (4 at once through the shared pool)."""
    sandbox.reset()
    sub = engine.submitter()

    async def one(i: int, slug: str) -> SiteResult:
        phases: list[str] = []

        async def on_phase(p: str) -> None:
            phases.append(p)

        url = sandbox.url(slug)
        req = SubmissionRequest(1000 + i, "site-results", 1, SAMPLE_PROFILE, DirectoryTarget(1000 + i, slug, url, url))
        out = await sub.submit(req, on_phase)
        return SiteResult(slug, out, phases, sandbox.received(slug))

    async def all_sites() -> list[SiteResult]:
        return await asyncio.gather(*(one(i, s) for i, s in enumerate(sandbox.sites)))

    results = engine.run(all_sites, timeout=300)
    return {r.slug: r for r in results}


# ------------------------------------------------------------------------------ static pages server
class _Pages(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        self.pages: dict[str, str] = {}
        self.posts: list[tuple[str, bytes]] = []
        self.post_responses: dict[str, tuple[int, str]] = {}  # path -> (status, html) instead of "Thank you"
        super().__init__(("127.0.0.1", 0), _PageHandler)


class _PageHandler(BaseHTTPRequestHandler):
    server: _Pages

    def log_message(self, *a: Any) -> None:
        return

    def _send(self, status: int, body: str) -> None:
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:  # noqa: N802
        path = self.path.split("?")[0]
        if path in self.server.pages:
            self._send(200, self.server.pages[path])
        else:
            self._send(404, "<h1>Not found</h1>")

    def do_POST(self) -> None:  # noqa: N802
        n = int(self.headers.get("Content-Length") or 0)
        self.server.posts.append((self.path, self.rfile.read(n)))
        path = self.path.split("?")[0]
        if path in self.server.post_responses:
            self._send(*self.server.post_responses[path])
            return
        self._send(200, "<html><body><h2>Thank you! Your listing has been received.</h2></body></html>")


@pytest.fixture(scope="session")
def static_pages() -> Any:
    """A tiny server for hand-written pages: ``static_pages.pages['/x'] = html``; POSTs are recorded."""
    srv = _Pages()
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    srv.base_url = f"http://127.0.0.1:{srv.server_address[1]}"  # type: ignore[attr-defined]
    yield srv
    srv.shutdown()
    srv.server_close()


def plan_for_html(engine: EngineThread, html: str, profile: BusinessProfile = SAMPLE_PROFILE,
                  hints: dict[str, str] | None = None) -> dict[str, Any]:
    """Collect + plan one page given as HTML (no network): {field name: FieldPlan} for the best form."""
    from worker.engine.field_mapping import plan_fields
    from worker.engine.field_signals import collect_signals
    from worker.engine.profile_values import build_values

    async def go() -> dict[str, Any]:
        async with engine.pool.context() as ctx:
            page = await ctx.new_page()
            await page.set_content(html)
            sigs = await collect_signals(page.main_frame, 0)
            hint_keys: dict[str, str] = {}
            for sel, attr in (hints or {}).items():
                for k in await page.eval_on_selector_all(sel, "els => els.map(e => e.getAttribute('data-dbolt-id'))"):
                    hint_keys[k] = attr
            pv = build_values(profile)
            groups: dict[str, list[Any]] = {}
            for s in sigs:
                groups.setdefault(s.group, []).append(s)
            best: list[Any] = []
            for fs in groups.values():
                plans = plan_fields(fs, pv, hint_keys=hint_keys)
                if sum(p.action != "skip" for p in plans) > sum(p.action != "skip" for p in best):
                    best = plans
            out: dict[str, Any] = {}
            for p in best:
                key = p.name or p.key
                if key in out and p.type in ("checkbox", "radio"):
                    key = f"{key}={p.label}"
                out[key] = p
            return out

    return engine.run(go)


@pytest.fixture
def plan_html(engine: EngineThread) -> Callable[..., dict[str, Any]]:
    """plan_html(html, profile=SAMPLE_PROFILE, hints=None) -> {field name: FieldPlan}."""
    return lambda html, profile=SAMPLE_PROFILE, hints=None: plan_for_html(engine, html, profile, hints)
