"""`dbolt submit FILE`: order intake from the web shop's JSON body, or many orders from a CSV file."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from .database import fail, run_with_connection


def submit(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True, help="Order JSON (or CSV with --csv)."),
    package: str | None = typer.Option(None, "--package", "-p", help="Package name; wins over packageType in the file."),
    csv_input: bool = typer.Option(False, "--csv", help="FILE is a CSV with one order per row."),
    skip_invalid: bool = typer.Option(
        False, "--skip-invalid", help="CSV: write the good rows even when some rows are bad (default: write none)."
    ),
    order_key: str | None = typer.Option(None, "--order-key", help="Idempotency key: the same key twice is one job."),
    priority: int = typer.Option(0, "--priority", help="Job priority; higher is claimed first."),
) -> None:
    """Take an order: validate the business, create the customer, the job and its pending results."""
    from ..db.orders import known_packages, submit_order
    from ..order_csv import read_orders_csv
    from ..order_model import OrderInvalid, parse_order

    if csv_input or file.suffix.lower() == ".csv":
        good, bad = read_orders_csv(file, package=package)
        for row in bad:
            for problem in row.problems:
                typer.secho(f"line {row.line}: {problem}", fg=typer.colors.RED, err=True)
        if bad and not skip_invalid:
            fail(f"{len(bad)} bad row(s); nothing written (use --skip-invalid to write the {len(good)} good ones)")
        orders = [order for _, order in good]
    else:
        try:
            document = json.loads(file.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            fail(f"{file}: not valid JSON ({exc})")
        try:
            orders = [parse_order(document, package=package, order_key=order_key, priority=priority)]
        except OrderInvalid as exc:
            for problem in exc.problems:
                typer.secho(problem, fg=typer.colors.RED, err=True)
            fail(f"the order is invalid ({len(exc.problems)} problem(s)); nothing written")
    if not orders:
        fail("no orders in the file")

    async def work(conn):
        packages = await known_packages(conn)
        unknown = sorted({o.package for o in orders if o.package not in packages})
        if unknown:
            fail(f"unknown package(s) {', '.join(unknown)}; known: {', '.join(packages)}")
        async with conn.transaction():
            return [await submit_order(conn, order) for order in orders]

    for job_id in run_with_connection(work):
        typer.echo(str(job_id))
