import typer


def submit() -> None:
    """Submit an order (not yet built)."""
    raise typer.Exit(1)
