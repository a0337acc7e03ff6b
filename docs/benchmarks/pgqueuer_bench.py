"""PGQueuer drain throughput, reproducing PGQueuer's own benchmark method (tools/benchmark.py,
``--strategy drain``) on our machine, for docs/benchmarks/queue.md.

Standalone: run it with a separate venv that has pgqueuer and asyncpg (never our .venv):

    python3 -m venv /tmp/pgq && /tmp/pgq/bin/pip install pgqueuer asyncpg
    /tmp/pgq/bin/python docs/benchmarks/pgqueuer_bench.py --dsn postgresql://postgres@127.0.0.1:5432/postgres \
        --jobs 50000 --workers 4 --batch 10

What it does, as PGQueuer's drain benchmark does:
  * creates a scratch database on the server of --dsn and installs PGQueuer's schema in it
    (``Queries(AsyncpgDriver(conn)).install()``, what ``pgq install`` runs);
  * enqueues --jobs jobs in one ``Queries.enqueue`` call, entrypoints drawn at random from two
    no-op async entrypoints (PGQueuer's benchmark uses "asyncfetch"/"syncfetch"; sync entrypoints
    are no longer accepted by pgqueuer 1.6, so both are async here), empty payloads, priority 0;
  * runs --workers consumers, each a ``PgQueuer`` (QueueManager) over its own asyncpg connection
    (driver "apg", PGQueuer's default), ``run(batch_size=--batch, mode=drain)``, under uvloop;
  * rate = jobs / wall time from the start of the consumers until the last one has drained.
PGQueuer's benchmark runs all consumers as asyncio tasks of ONE process (its default: 5 consumers,
batch 10). ``--processes P`` (default 1 = PGQueuer's method) spreads the consumers over P processes
instead, for comparison with a benchmark that uses one process per worker.
Drops the scratch database afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import random
import time
import uuid
from urllib.parse import urlsplit, urlunsplit


def with_database(dsn: str, name: str) -> str:
    parts = urlsplit(dsn)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


async def _consume(dsn: str, consumers: int, batch: int) -> int:
    import asyncpg
    from pgqueuer import AsyncpgDriver, PgQueuer
    from pgqueuer.models import Job
    from pgqueuer.types import QueueExecutionMode

    done = 0
    pgqs = []
    for _ in range(consumers):
        pgq = PgQueuer(AsyncpgDriver(await asyncpg.connect(dsn)))

        @pgq.entrypoint("asyncfetch")
        async def asyncfetch(job: Job) -> None:
            nonlocal done
            done += 1

        @pgq.entrypoint("syncfetch")
        async def syncfetch(job: Job) -> None:
            nonlocal done
            done += 1

        pgqs.append(pgq)
    await asyncio.gather(*(p.run(batch_size=batch, mode=QueueExecutionMode.drain) for p in pgqs))
    return done


def _process(dsn: str, consumers: int, batch: int, ready, start_evt, out_q) -> None:
    import uvloop

    async def main() -> dict:
        ready.set()
        await asyncio.to_thread(start_evt.wait)
        t0 = time.perf_counter()
        done = await _consume(dsn, consumers, batch)
        return {"done": done, "start": t0, "end": time.perf_counter()}

    try:
        out_q.put(uvloop.run(main()))
    except Exception as exc:  # noqa: BLE001
        out_q.put({"error": f"{type(exc).__name__}: {exc}"})


async def prepare(admin_dsn: str, name: str, jobs: int) -> str:
    import asyncpg
    from pgqueuer import AsyncpgDriver, Queries

    admin = await asyncpg.connect(admin_dsn)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    dsn = with_database(admin_dsn, name)
    conn = await asyncpg.connect(dsn)
    try:
        q = Queries(AsyncpgDriver(conn))
        await q.install()
        t = time.perf_counter()
        entrypoints = ["syncfetch", "asyncfetch"] * jobs
        await q.enqueue(random.sample(entrypoints, k=jobs), [b"" for _ in range(jobs)], [0] * jobs)
        await conn.execute("ANALYZE")
        left = await conn.fetchval("SELECT count(*) FROM pgqueuer")
        print(f"scratch database {name}: pgqueuer schema installed, {left} jobs queued "
              f"(enqueued in {time.perf_counter() - t:.1f}s)")
    finally:
        await conn.close()
    return dsn


async def check_and_drop(admin_dsn: str, dsn: str, name: str) -> int:
    import asyncpg

    try:
        conn = await asyncpg.connect(dsn)
        try:
            return await conn.fetchval("SELECT count(*) FROM pgqueuer")
        finally:
            await conn.close()
    finally:
        admin = await asyncpg.connect(admin_dsn)
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dsn", default="postgresql://postgres@127.0.0.1:5432/postgres")
    ap.add_argument("--jobs", type=int, default=50_000)
    ap.add_argument("--workers", "--consumers", dest="workers", type=int, default=5,
                    help="consumers (QueueManagers), one asyncpg connection each (PGQueuer default 5)")
    ap.add_argument("--batch", type=int, default=10, help="dequeue batch size (PGQueuer default 10)")
    ap.add_argument("--processes", type=int, default=1,
                    help="spread the consumers over this many processes (1 = PGQueuer's method)")
    args = ap.parse_args()
    procs_n = max(1, min(args.processes, args.workers))

    import pgqueuer

    name = f"pgq_bench_{uuid.uuid4().hex[:8]}"
    dsn = asyncio.run(prepare(args.dsn, name, args.jobs))
    results: list[dict] = []
    try:
        ctx = mp.get_context("spawn")
        start_evt = ctx.Event()
        out_q = ctx.Queue()
        share = [args.workers // procs_n + (1 if i < args.workers % procs_n else 0) for i in range(procs_n)]
        readies = [ctx.Event() for _ in share]
        procs = [ctx.Process(target=_process, args=(dsn, n, args.batch, r, start_evt, out_q))
                 for n, r in zip(share, readies)]
        for p in procs:
            p.start()
        for r in readies:
            r.wait()
        start_evt.set()
        results = [out_q.get() for _ in procs]
        for p in procs:
            p.join()
    finally:
        left = asyncio.run(check_and_drop(args.dsn, dsn, name))
    errors = [r["error"] for r in results if "error" in r]
    if errors:
        raise SystemExit("; ".join(errors))
    done = sum(r["done"] for r in results)
    elapsed = max(r["end"] for r in results) - min(r["start"] for r in results)
    print(f"pgqueuer {pgqueuer.__version__}: {args.workers} consumers in {procs_n} process(es), "
          f"batch {args.batch}, asyncpg, uvloop, drain")
    print(f"jobs: {done} executed in {elapsed:.2f}s -> {done / elapsed:,.0f} jobs/s")
    print(f"check: {left} jobs left in the queue table; scratch database dropped")
    if done != args.jobs or left:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
