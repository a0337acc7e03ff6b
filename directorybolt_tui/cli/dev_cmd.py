"""`dbolt dev ...`: developer helpers."""

from __future__ import annotations

import typer

from .database import fail, run_with_connection

app = typer.Typer(help="Developer helpers (synthetic data).", no_args_is_help=True)


@app.command("seed")
def seed(
    jobs: int = typer.Option(1000, "--jobs", min=1, max=10_000_000, help="Jobs to create (about 50 results each)."),
    directories: int = typer.Option(150, "--directories", min=100, max=100_000, help="Synthetic directories."),
    days: int = typer.Option(30, "--days", min=1, max=3650, help="Spread the jobs over this many past days."),
) -> None:
    """Fill the database with realistic synthetic orders, results, history and workers (in SQL, fast).

    Counters and console rollups are computed from the rows, so every figure is coherent. Needs a
    superuser connection (the load runs with triggers off).
    """
    from ..db.console.seed import seed as run_seed

    async def work(conn):
        try:
            return await run_seed(conn, jobs, directories=directories, days=days)
        except PermissionError as exc:
            fail(str(exc))

    report = run_with_connection(work)
    typer.echo(f"seeded {report.jobs:,} jobs and {report.results:,} results in {report.seconds:.1f}s")
