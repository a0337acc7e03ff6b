"""`dbolt bench ...`: benchmark commands that print figures (each one lives in its own module)."""

import typer

app = typer.Typer(help="Benchmarks that print figures.", no_args_is_help=True)
