import typer


def test(url: str) -> None:
    """Run the submission engine against one URL (not yet built)."""
    typer.echo("not yet built")
    raise typer.Exit(1)
