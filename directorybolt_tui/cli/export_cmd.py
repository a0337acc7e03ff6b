"""`dbolt export job ID`: a job's results as CSV (the same file the console's `e` writes)."""

from __future__ import annotations

from pathlib import Path

import typer

from .database import fail, run_with_connection

app = typer.Typer(help="Export data as CSV.", no_args_is_help=True)


@app.command("job")
def job(
    job_id: str = typer.Argument(..., help="Job id (full uuid or a unique prefix of 6+ characters)."),
    out: Path = typer.Option(None, "--out", "-o", help="CSV file to write (default: <export_dir>/job-<id>-<time>.csv)."),
) -> None:
    """Write one job's results to a CSV file and print its path."""
    from ..db.console.export import export_job_csv
    from ..db.console.queries import resolve_job_id

    async def work(conn):
        jid = await resolve_job_id(conn, job_id)
        if jid is None:
            return None
        return await export_job_csv(conn, jid, out)

    result = run_with_connection(work)
    if result is None:
        fail(f"no job matches {job_id!r}")
    path, count = result
    typer.echo(f"{count} results written to {path}")
