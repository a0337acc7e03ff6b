"""`dbolt bench submit --concurrency C --count N`: submission throughput against the local sandbox.

Starts the sandbox in-process, runs N submissions against its success sites through the browser pool
(one Chromium, a context per submission, C at once), and a naive baseline in the same run, before and after
the pool, the faster of the two counting (a fresh browser launched per submission through one Playwright
driver, one after another, on a smaller count),
and prints submissions per minute, peak memory (RSS of this process plus its children: the Playwright driver and Chromium) and
the ratio.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import typer


class _PeakRss:
    """Peak RSS of this process + descendants, and the CPU seconds they used (exited renderers included)."""

    def __init__(self) -> None:
        import psutil

        self.proc = psutil.Process()
        self.peak = 0
        self._task: asyncio.Task[None] | None = None
        self.cpu: dict[int, float] = {}
        self.cpu_base: dict[int, float] = {}

    def sample(self) -> int:
        import psutil

        total = 0
        procs = [self.proc]
        try:
            procs += self.proc.children(recursive=True)
        except psutil.Error:
            pass
        for p in procs:
            try:
                total += p.memory_info().rss
                t = p.cpu_times()
                self.cpu[p.pid] = t.user + t.system
            except psutil.Error:
                continue
        self.peak = max(self.peak, total)
        return total

    async def _run(self) -> None:
        while True:
            self.sample()
            await asyncio.sleep(0.25)

    def cpu_seconds(self) -> float:
        return sum(v - self.cpu_base.get(pid, 0.0) for pid, v in self.cpu.items())

    def start(self) -> None:
        self.peak = 0
        self.sample()
        self.cpu_base = dict(self.cpu)
        self._task = asyncio.ensure_future(self._run())

    async def stop(self) -> int:
        if self._task:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
        self.sample()
        return self.peak


async def _noop(_phase: str) -> None:
    return None


def _requests(sandbox: Any, slugs: list[str], n: int, job: str) -> list[Any]:
    from worker.engine.sample_profile import SAMPLE_PROFILE
    from worker.submission import DirectoryTarget, SubmissionRequest

    out = []
    for i in range(n):
        slug = slugs[i % len(slugs)]
        url = sandbox.url(slug)
        out.append(SubmissionRequest(i + 1, job, 1, SAMPLE_PROFILE, DirectoryTarget(i + 1, slug, url, url)))
    return out


async def _bare_visits(pool: Any, sandbox: Any, slugs: list[str], n: int, shots_dir: Path) -> None:
    """What every submission costs before any form work: a fresh context and page, the page loaded,
    the two screenshots the evidence takes. Nothing is filled or submitted."""
    from worker.engine.browser_submitter import CONTEXT_OPTIONS

    async def one(i: int) -> None:
        async with pool.context(**CONTEXT_OPTIONS) as ctx:
            page = await ctx.new_page()
            await page.goto(sandbox.url(slugs[i % len(slugs)]), wait_until="domcontentloaded")
            for name in ("a", "b"):
                await page.screenshot(path=str(shots_dir / f"{i}{name}.jpg"), full_page=True, type="jpeg",
                                      quality=70)

    await asyncio.gather(*(one(i) for i in range(n)))


async def _naive(settings: Any, sandbox: Any, slugs: list[str], n: int, job: str, rss: "_PeakRss") -> dict[str, Any]:
    """One browser launched per submission, sequential, same engine code; the Playwright driver (a node process)
    is started once, as a naive script would do: only the browser is per submission."""
    from playwright.async_api import async_playwright

    from worker.engine.browser_pool import BrowserPool
    from worker.engine.browser_submitter import BrowserSubmitter

    reqs = _requests(sandbox, slugs, n, job)
    outcomes = []
    async with async_playwright() as pw:
        rss.start()
        t0 = time.monotonic()
        for r in reqs:
            pool = BrowserPool(settings, concurrency=1, playwright=pw)
            one = BrowserSubmitter(settings, pool=pool)
            await pool.start()
            try:
                outcomes.append(await one.submit(r, _noop))
            finally:
                await pool.close()
        seconds = time.monotonic() - t0
        peak = await rss.stop()
    return {"seconds": seconds, "per_minute": n / seconds * 60 if seconds else 0.0, "peak": peak,
            "cpu": rss.cpu_seconds(), "outcomes": outcomes}


async def _bench(concurrency: int, count: int, baseline_count: int, evidence_root: Path,
                 floor_count: int = 0) -> dict[str, Any]:
    from directorybolt_tui.config import Settings
    from worker.engine.browser_submitter import BrowserSubmitter
    from worker.sandbox.catalog import success_slugs
    from worker.sandbox.server import start_sandbox

    settings = Settings(evidence_dir=evidence_root)
    sandbox = start_sandbox()
    slugs = success_slugs()
    # requests go round the sites in order: a baseline of fewer than all of them would run only the first, simplest ones
    baseline_count = baseline_count or len(slugs)
    rss = _PeakRss()
    try:
        # The baseline is timed before and after the pool and the faster run counts: whatever the pool leaves
        # behind (a busier machine, a fuller sandbox) must not make the baseline look slower than it is.
        before = await _naive(settings, sandbox, slugs, baseline_count, "bench-naive-before", rss)

        submitter = BrowserSubmitter(settings, concurrency=concurrency)
        t_launch = time.monotonic()
        await submitter.start()
        launch_s = time.monotonic() - t_launch
        reqs = _requests(sandbox, slugs, count, "bench-pool")
        rss.start()
        t0 = time.monotonic()
        outcomes = await asyncio.gather(*(submitter.submit(r, _noop) for r in reqs))
        pool_s = time.monotonic() - t0
        pool_peak = await rss.stop()
        pool_cpu = rss.cpu_seconds()
        floor_cpu = None
        if floor_count:
            shots = evidence_root / "floor"
            shots.mkdir(parents=True, exist_ok=True)
            rss.start()
            await _bare_visits(submitter.pool, sandbox, slugs, floor_count, shots)
            await rss.stop()
            floor_cpu = rss.cpu_seconds() / floor_count
        await submitter.close()

        after = await _naive(settings, sandbox, slugs, baseline_count, "bench-naive-after", rss)
    finally:
        sandbox.stop()

    def summary(outs: list[Any]) -> dict[str, int]:
        d: dict[str, int] = {}
        for o in outs:
            d[o.status] = d.get(o.status, 0) + 1
        return d

    pool_rate = count / pool_s * 60 if pool_s else 0.0
    best = max((before, after), key=lambda b: b["per_minute"])
    return {
        "concurrency": concurrency,
        "count": count,
        "sites": slugs,
        "browser_launch_seconds": round(launch_s, 2),
        "pool_seconds": round(pool_s, 2),
        "pool_per_minute": round(pool_rate, 1),
        "pool_outcomes": summary(outcomes),
        "pool_peak_rss_mb": round(pool_peak / 2**20, 1),
        "baseline_count": baseline_count,
        "baseline_seconds": round(best["seconds"], 2),
        "baseline_per_minute": round(best["per_minute"], 1),
        "baseline_before_per_minute": round(before["per_minute"], 1),
        "baseline_after_per_minute": round(after["per_minute"], 1),
        "baseline_outcomes": summary(before["outcomes"] + after["outcomes"]),
        "baseline_peak_rss_mb": round(max(before["peak"], after["peak"]) / 2**20, 1),
        "ratio": round(pool_rate / best["per_minute"], 2) if best["per_minute"] else None,
        "pool_cpu_seconds_per_submission": round(pool_cpu / count, 2),
        "baseline_cpu_seconds_per_submission": round((before["cpu"] + after["cpu"]) / (2 * baseline_count), 2),
        "floor_count": floor_count,
        "floor_cpu_seconds_per_visit": round(floor_cpu, 2) if floor_cpu is not None else None,
        "cpu_count": os.cpu_count(),
        "load_average_1m": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
    }


def submit(
    concurrency: int = typer.Option(4, "--concurrency", "-c", min=1, max=64, help="Submissions at once through the pool."),
    count: int = typer.Option(84, "--count", "-n", min=1,
                              help="Submissions in the pooled run (a multiple of the success sites keeps the mix even)."),
    baseline_count: int = typer.Option(0, "--baseline-count", min=0,
                                       help="Submissions in each naive baseline run; 0: one per success site, the "
                                            "pool's mix."),
    json_out: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
    keep_evidence: bool = typer.Option(False, "--keep-evidence", help="Keep the evidence directory."),
    floor: int = typer.Option(0, "--floor", min=0,
                              help="Also time N bare visits (fresh context, page load, two screenshots; no "
                                   "form work): the CPU every submission costs before the engine does anything."),
) -> None:
    """Submissions per minute through the browser pool vs. one browser per submission."""
    import json

    evidence_root = Path(tempfile.mkdtemp(prefix="dbolt-bench-"))
    try:
        res = asyncio.run(_bench(concurrency, count, baseline_count, evidence_root, floor))
    finally:
        if not keep_evidence:
            shutil.rmtree(evidence_root, ignore_errors=True)
    if keep_evidence:
        res["evidence_dir"] = str(evidence_root)
    if json_out:
        typer.echo(json.dumps(res, indent=2))
        return
    typer.echo(f"sandbox sites: {', '.join(res['sites'])}")
    if res["count"] % len(res["sites"]) or res["baseline_count"] % len(res["sites"]):
        typer.echo(f"note: the counts are not multiples of the {len(res['sites'])} sites, so the pool and the baseline "
                   "do not see the same mix of forms")
    typer.echo(f"pool   : {res['count']} submissions, concurrency {res['concurrency']}, {res['pool_seconds']} s "
               f"-> {res['pool_per_minute']} submissions/min; outcomes {res['pool_outcomes']}; "
               f"peak RSS {res['pool_peak_rss_mb']} MB (browser launch {res['browser_launch_seconds']} s, not counted)")
    typer.echo(f"naive  : {res['baseline_count']} submissions, one browser each, sequential, before and after the pool: "
               f"{res['baseline_before_per_minute']} and {res['baseline_after_per_minute']} submissions/min, the faster "
               f"counts ({res['baseline_seconds']} s); outcomes {res['baseline_outcomes']}; peak RSS {res['baseline_peak_rss_mb']} MB")
    typer.echo(f"ratio  : {res['ratio']}x")
    typer.echo(f"cpu    : {res['pool_cpu_seconds_per_submission']} s per submission pooled, "
               f"{res['baseline_cpu_seconds_per_submission']} s naive (all processes); "
               f"{res['cpu_count']} cores, load average {res['load_average_1m']} at the end")
    if res.get("floor_cpu_seconds_per_visit") is not None:
        typer.echo(f"floor  : {res['floor_count']} bare visits (fresh context, page load, two screenshots, no form "
                   f"work): {res['floor_cpu_seconds_per_visit']} CPU s each")
    if res.get("evidence_dir"):
        typer.echo(f"evidence: {res['evidence_dir']}")
