import typer


def submit() -> None:
    """(not yet built)"""
    typer.echo("not yet built")
    raise typer.Exit(1)
