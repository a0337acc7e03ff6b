import typer


def dashboard() -> None:
    """(not yet built)"""
    typer.echo("not yet built")
    raise typer.Exit(1)
