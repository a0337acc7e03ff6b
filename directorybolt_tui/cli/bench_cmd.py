"""`dbolt bench ...`: benchmark commands that print figures (each one lives in its own module)."""

import typer

from . import bench_dashboard, bench_queue, bench_submit

app = typer.Typer(help="Benchmarks that print figures.", no_args_is_help=True)
app.command("queue")(bench_queue.queue)
app.command("submit")(bench_submit.submit)
app.command("dashboard")(bench_dashboard.dashboard)
