"""`dbolt bench queue --workers N --tasks M`: claim + finish throughput of the queue's real SQL.

Creates a scratch database on the configured server (dropped afterwards: real data is untouched),
migrates it, loads M pending results (M / D orders over D directories, each directory allowing far
more than the in-flight work so that no limit throttles the measurement), then runs N worker
*processes*, each with its own asyncpg connection, looping: worker_api.claim(K) -> no-op
submissions -> worker_api.finish_results(K outcomes). Prints tasks/s and the claim and finish
latencies (per call of K). The counter triggers, history events, NOTIFYs and the console rollups
all run as in production.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import time

import typer


def _pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))
    return values[k]


def _bench_process(dsn: str, index: int, batch: int, start_evt, out_q) -> None:
    """One worker process: claim and finish until nothing is left; report latencies."""

    async def run() -> dict:
        import asyncpg

        conn = await asyncpg.connect(dsn)
        for name in ("json", "jsonb"):
            await conn.set_type_codec(name, encoder=json.dumps, decoder=json.loads, schema="pg_catalog")
        wid = f"bench-{index}"
        claims: list[float] = []
        finishes: list[float] = []
        done = 0
        empty = 0
        await asyncio.to_thread(start_evt.wait)
        t_start = time.perf_counter()
        while True:
            t0 = time.perf_counter()
            rows = await conn.fetch("SELECT result_id, attempt FROM worker_api.claim($1, $2, 60)", wid, batch)
            t1 = time.perf_counter()
            if not rows:
                empty += 1
                left = await conn.fetchval("SELECT due + submitting FROM worker_api.due_summary()")
                if left == 0 or empty > 200:
                    break
                await asyncio.sleep(0.002)
                continue
            claims.append(t1 - t0)
            outcomes = [{"result_id": r["result_id"], "attempt": r["attempt"], "status": "success"} for r in rows]
            t2 = time.perf_counter()
            await conn.fetch("SELECT result_id FROM worker_api.finish_results($1, $2::jsonb)", wid, outcomes)
            finishes.append(time.perf_counter() - t2)
            done += len(rows)
        t_end = time.perf_counter()
        await conn.close()
        return {"done": done, "claims": claims, "finishes": finishes, "start": t_start, "end": t_end}

    try:
        out_q.put(asyncio.run(run()))
    except Exception as exc:  # noqa: BLE001
        out_q.put({"error": f"{type(exc).__name__}: {exc}"})


def queue(
    workers: int = typer.Option(4, "--workers", "-w", min=1, max=64, help="Worker processes"),
    tasks: int = typer.Option(20000, "--tasks", "-t", min=1, help="Results to claim and finish"),
    batch: int = typer.Option(100, "--batch", "-k", min=1, max=5000, help="Results per claim (K)"),
    directories: int = typer.Option(100, "--directories", "-d", min=1, max=10000, help="Directories in the scratch catalog"),
) -> None:
    """Claim and finish throughput of no-op submissions through the real SQL (scratch database)."""
    import multiprocessing as mp

    import asyncpg

    from ..db.connect import resolve_dsn_async
    from ..db.scratch import create_scratch_database, drop_database
    from .database import fail

    directories = min(directories, tasks)
    orders = -(-tasks // directories)
    total = orders * directories
    name = ""

    async def prepare() -> tuple[str, str]:
        nonlocal name
        app_dsn = await resolve_dsn_async()
        name, dsn = await create_scratch_database(app_dsn)
        conn = await asyncpg.connect(dsn)
        try:
            await conn.execute(
                """INSERT INTO directories (name, homepage, enabled, priority, max_concurrent)
                   SELECT 'Bench ' || g, 'https://bench' || g || '.example.test', true, g % 100, 1000
                     FROM generate_series(1, $1) g""", directories)
            await conn.execute("SELECT admin_api.set_package('bench', $1)", directories)
            t = time.perf_counter()
            await conn.execute(
                """SELECT staff_api.submit_order('bench', jsonb_build_object(
                            'name', 'Bench business ' || g, 'email', 'b' || g || '@bench.example'))
                     FROM generate_series(1, $1) g""", orders)
            await conn.execute("ANALYZE")
            typer.echo(f"scratch database {name}: {directories} directories, {orders} orders, "
                       f"{total} pending results (loaded in {time.perf_counter() - t:.1f}s)")
        finally:
            await conn.close()
        return app_dsn, dsn

    async def check_and_drop(app_dsn: str, dsn: str) -> tuple[int, int]:
        try:
            conn = await asyncpg.connect(dsn)
            try:
                ok = await conn.fetchval("SELECT count(*) FROM job_results WHERE status = 'success'")
                bad = await conn.fetchval(
                    """SELECT count(*) FROM jobs j WHERE j.succeeded_count <>
                         (SELECT count(*) FROM job_results r WHERE r.job_id = j.id AND r.status = 'success')
                         OR j.status <> 'completed'""")
            finally:
                await conn.close()
            return ok, bad
        finally:
            await drop_database(app_dsn, name)

    try:
        app_dsn, dsn = asyncio.run(prepare())
    except (OSError, asyncpg.PostgresError) as exc:
        fail(f"cannot prepare the scratch database: {exc}")
        return
    try:
        ctx = mp.get_context("spawn")
        start_evt = ctx.Event()
        out_q = ctx.Queue()
        procs = [ctx.Process(target=_bench_process, args=(dsn, i, batch, start_evt, out_q)) for i in range(workers)]
        for p in procs:
            p.start()
        time.sleep(1.0)  # let every process connect before the start
        start_evt.set()
        results = [out_q.get() for _ in procs]
        for p in procs:
            p.join()
    finally:
        ok, bad = asyncio.run(check_and_drop(app_dsn, dsn))
    errors = [r["error"] for r in results if "error" in r]
    if errors:
        fail("; ".join(errors))
    done = sum(r["done"] for r in results)
    elapsed = max(r["end"] for r in results) - min(r["start"] for r in results)
    claims = [x * 1000 for r in results for x in r["claims"]]
    finishes = [x * 1000 for r in results for x in r["finishes"]]
    typer.echo(f"workers: {workers} processes, one asyncpg connection each; batch K={batch}")
    typer.echo(f"tasks: {done} claimed and finished in {elapsed:.2f}s -> {done / elapsed:,.0f} tasks/s")
    typer.echo(f"claim  latency per call of up to {batch}: p50 {_pct(claims, 50):.1f} ms, "
               f"p95 {_pct(claims, 95):.1f} ms, mean {statistics.fmean(claims):.1f} ms ({len(claims)} calls)")
    typer.echo(f"finish latency per call:              p50 {_pct(finishes, 50):.1f} ms, "
               f"p95 {_pct(finishes, 95):.1f} ms, mean {statistics.fmean(finishes):.1f} ms")
    typer.echo(f"check: {ok}/{total} results success, {bad} jobs with wrong counters or status; "
               f"scratch database dropped")
    if ok != total or bad:
        raise typer.Exit(1)
