import typer


def tui() -> None:
    """Open the staff console."""
    typer.echo("not yet built")
    raise typer.Exit(1)
