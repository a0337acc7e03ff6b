"""`dbolt workers ...`: see and control running workers through the database (staff_api)."""

from __future__ import annotations

import json
from typing import Optional

import typer

from .database import run_with_connection

app = typer.Typer(help="Control running workers through the database (pause, resume, drain).", no_args_is_help=True)


@app.command("list")
def list_(
    all_: bool = typer.Option(False, "--all", "-a", help="Include stopped workers."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
) -> None:
    """Workers with their status (a worker whose heartbeat is too old shows as dead)."""
    from ..config import get_settings

    dead_after = get_settings().dead_after_seconds

    async def work(conn):
        await conn.execute("SELECT set_config('dbolt.dead_after_seconds', $1, false)", str(dead_after))
        rows = await conn.fetch(
            """SELECT worker_id, host, pid, status, paused, drain_requested, concurrency, current_tasks::text,
                      started_at, last_heartbeat, heartbeat_age_seconds, processed_count, failed_count
                 FROM worker_status
                WHERE $1 OR status <> 'stopped'
                ORDER BY status = 'stopped', started_at DESC""",
            all_,
        )
        paused_all = await conn.fetchval("SELECT paused FROM worker_control")
        return rows, paused_all

    rows, paused_all = run_with_connection(work)
    if as_json:
        out = []
        for r in rows:
            item = dict(r)
            item["current_tasks"] = json.loads(item["current_tasks"])
            out.append(item)
        typer.echo(json.dumps({"paused_all": paused_all, "workers": out}, indent=2, default=str))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Workers" + (" (ALL PAUSED)" if paused_all else ""))
    for col in ("worker", "status", "tasks", "done", "failed", "heartbeat", "started"):
        table.add_column(col)
    colors = {"dead": "red", "busy": "green", "idle": "cyan", "paused": "yellow", "draining": "yellow",
              "stopped": "dim"}
    for r in rows:
        tasks = json.loads(r["current_tasks"])
        status = r["status"] + (" (pause asked)" if r["paused"] and r["status"] not in ("paused", "stopped", "dead") else "")
        table.add_row(
            r["worker_id"], f"[{colors.get(r['status'], 'white')}]{status}[/]", f"{len(tasks)}/{r['concurrency']}",
            str(r["processed_count"]), str(r["failed_count"]), f"{r['heartbeat_age_seconds']}s ago",
            r["started_at"].strftime("%Y-%m-%d %H:%M:%S"),
        )
    Console().print(table)
    if not rows:
        typer.echo("no workers" + ("" if all_ else " running (--all shows stopped ones)"))


@app.command("pause")
def pause(worker_id: Optional[str] = typer.Argument(None, help="One worker; all workers when omitted.")) -> None:
    """Stop claiming new work (running submissions finish)."""
    run_with_connection(lambda conn: conn.fetchval("SELECT staff_api.pause_workers($1)", worker_id))
    typer.echo(f"paused {worker_id}" if worker_id else "all workers paused (running submissions finish)")


@app.command("resume")
def resume(worker_id: Optional[str] = typer.Argument(None, help="One worker; all workers when omitted.")) -> None:
    """Resume claiming."""
    run_with_connection(lambda conn: conn.fetchval("SELECT staff_api.resume_workers($1)", worker_id))
    typer.echo(f"resumed {worker_id}" if worker_id else "all workers resumed")


@app.command("drain")
def drain(worker_id: str = typer.Argument(..., help="The worker to drain.")) -> None:
    """Let one worker finish its current submissions, claim nothing more, and exit."""
    run_with_connection(lambda conn: conn.execute("SELECT staff_api.drain_worker($1)", worker_id))
    typer.echo(f"draining {worker_id}")
