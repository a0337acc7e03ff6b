import typer


def worker() -> None:
    """Run a submission worker daemon."""
    typer.echo("not yet built")
    raise typer.Exit(1)
