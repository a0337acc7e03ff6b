"""`dbolt bench dashboard`: p50/p95 of every console tab's queries, and the naive way for comparison."""

from __future__ import annotations

import asyncio
import statistics
import time
from datetime import datetime, timezone
from typing import Any, Awaitable, Callable

import typer

from .database import fail


async def _time(fn: Callable[[], Awaitable[Any]], runs: int) -> tuple[float, float]:
    await fn()  # warm
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        await fn()
        samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    p50 = statistics.median(samples)
    p95 = samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]
    return p50, p95


async def naive_analytics(conn, now: datetime) -> dict[str, Any]:
    """What a first version does: fetch every row, count in Python."""
    from datetime import timedelta

    jobs = await conn.fetch("SELECT status, started_at, completed_at FROM jobs")
    counts: dict[str, int] = {}
    for j in jobs:
        counts[j["status"]] = counts.get(j["status"], 0) + 1
    results = await conn.fetch("SELECT directory_id, status, finished_at FROM job_results WHERE finished_at IS NOT NULL")
    day = now.replace(hour=0, minute=0, second=0, microsecond=0)
    since = now - timedelta(days=30)
    today = ok = done = 0
    per_dir: dict[int, list[int]] = {}
    for r in results:
        if r["status"] not in ("success", "failed", "requires_manual", "captcha_failed"):
            continue
        if r["finished_at"] >= day:
            today += 1
        if r["finished_at"] >= since:
            d = per_dir.setdefault(r["directory_id"], [0, 0])
            d[0] += 1
            d[1] += r["status"] == "success"
        done += 1
        ok += r["status"] == "success"
    return {"counts": counts, "today": today, "rate": ok / done if done else None, "dirs": len(per_dir)}


def dashboard(
    jobs: int = typer.Option(100_000, "--jobs", help="Jobs to seed in the scratch database (about 53 results each)."),
    runs: int = typer.Option(30, "--runs", min=5, help="Timed runs per query set."),
    naive_runs: int = typer.Option(3, "--naive-runs", min=1, help="Timed runs of the naive analytics."),
    current: bool = typer.Option(False, "--current", help="Measure the current database as it is (no scratch, no seed)."),
    keep: bool = typer.Option(False, "--keep", help="Keep the scratch database (prints its name)."),
    reuse: str = typer.Option("", "--reuse", help="Use this existing scratch database (as kept by --keep)."),
) -> None:
    """p50/p95 per console tab at scale; by default in a scratch database seeded with --jobs jobs."""
    import asyncpg

    from ..db.connect import resolve_dsn_async
    from ..db.console import queries as Q
    from ..db.console.seed import seed
    from ..db.embedded import with_database
    from ..db.scratch import create_scratch_database, drop_database

    async def main() -> None:
        base = await resolve_dsn_async()
        scratch = None
        if current:
            dsn = base
            typer.echo("measuring the CURRENT database (no seeding)")
        elif reuse:
            dsn = with_database(base, reuse)
            typer.echo(f"reusing scratch database {reuse}")
        else:
            scratch, dsn = await create_scratch_database(base)
            conn = await asyncpg.connect(dsn)
            try:
                typer.echo(f"scratch database {scratch}: seeding {jobs:,} jobs …")
                report = await seed(conn, jobs)
                typer.echo(f"seeded {report.jobs:,} jobs, {report.results:,} results in {report.seconds:.1f}s")
            finally:
                await conn.close()
        conn = await asyncpg.connect(dsn)
        try:
            n_jobs = await conn.fetchval("SELECT count(*) FROM jobs")
            n_results = await conn.fetchval("SELECT count(*) FROM job_results")
            typer.echo(f"data: {n_jobs:,} jobs, {n_results:,} results; {runs} runs per tab")
            now = datetime.now(timezone.utc)
            some_job = await conn.fetchval("SELECT id FROM jobs WHERE directories_total >= 50 LIMIT 1")
            # searches as staff type them: one customer's name, and one word many names share
            name = await conn.fetchval("SELECT business_name FROM customers ORDER BY id LIMIT 1") or "none"
            words = name.split()
            broad = (words[len(words) // 2] if words else name)[:12]
            tabs: list[tuple[str, Callable[[], Awaitable[Any]]]] = [
                ("queue", lambda: Q.queue(conn, now)),
                ("jobs", lambda: Q.jobs(conn, now)),
                ("analytics", lambda: Q.analytics(conn, now)),
                ("workers", lambda: Q.workers(conn, now)),
                ("activity", lambda: Q.activity(conn, now)),
                ("manual", lambda: Q.manual(conn, now)),
                ("directories", lambda: Q.directories(conn, now)),
                ("job detail", lambda: Q.job_detail(conn, some_job)),
            ]
            searches: list[tuple[str, Callable[[], Awaitable[Any]]]] = [
                ("jobs search, one customer's name", lambda: Q.jobs(conn, now, search=name)),
                (f"jobs search, a common word ({broad})", lambda: Q.jobs(conn, now, search=broad)),
            ]
            typer.echo(f"{'tab':<14}{'p50 ms':>10}{'p95 ms':>10}")
            worst = 0.0
            for name, fn in tabs:
                p50, p95 = await _time(fn, runs)
                worst = max(worst, p95)
                typer.echo(f"{name:<14}{p50:>10.2f}{p95:>10.2f}")
            typer.echo(f"worst tab p95: {worst:.2f} ms (budget 25 ms): {'OK' if worst <= 25 else 'OVER BUDGET'}")
            for label, fn in searches:  # typed by staff, then refreshed live while the filter stays
                p50, p95 = await _time(fn, runs)
                typer.echo(f"{label:<40} p50 {p50:.2f} ms  p95 {p95:.2f} ms")
            p50, p95 = await _time(lambda: naive_analytics(conn, now), naive_runs)
            typer.echo(f"{'naive analytics (every row to Python)':<40} p50 {p50:.0f} ms  p95 {p95:.0f} ms")
            a50, a95 = await _time(lambda: Q.analytics(conn, now), runs)
            typer.echo(f"{'console analytics (rollups)':<40} p50 {a50:.2f} ms  p95 {a95:.2f} ms  "
                       f"({p50 / a50:.0f}x faster at p50)")
        finally:
            await conn.close()
        if scratch and not keep:
            await drop_database(base, scratch)
        elif scratch:
            typer.echo(f"kept scratch database {scratch} (reuse with --reuse {scratch})")

    try:
        asyncio.run(main())
    except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
        fail(str(exc))
