"""The `dbolt` command line: one Typer app, each command group in its own module."""

import typer

from . import (
    bench_cmd,
    config_cmd,
    db_cmd,
    demo_cmd,
    dev_cmd,
    directories_cmd,
    export_cmd,
    sandbox_cmd,
    submit_cmd,
    tui_cmd,
    worker_cmd,
    workers_cmd,
)

app = typer.Typer(
    name="dbolt",
    help="DirectoryBolt Ops: order intake, directory catalog, submission workers and the staff console.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_show_locals=False,
)

app.add_typer(config_cmd.app, name="config")
app.add_typer(db_cmd.app, name="db")
app.command("submit")(submit_cmd.submit)
app.add_typer(directories_cmd.app, name="directories")
app.add_typer(sandbox_cmd.app, name="sandbox")
app.command("worker")(worker_cmd.worker)
app.add_typer(workers_cmd.app, name="workers")
app.add_typer(bench_cmd.app, name="bench")
app.command("tui")(tui_cmd.tui)
app.add_typer(dev_cmd.app, name="dev")
app.add_typer(export_cmd.app, name="export")
app.command("demo")(demo_cmd.demo)

if __name__ == "__main__":
    app()
