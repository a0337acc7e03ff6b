"""`dbolt config ...`"""

import json

import typer

app = typer.Typer(help="Show the effective configuration.", no_args_is_help=True)


@app.command("show")
def show(as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table.")) -> None:
    """Print the effective settings (environment, .env, config file, defaults) with secrets masked."""
    from ..config import get_settings

    values = get_settings().masked()
    if as_json:
        typer.echo(json.dumps(values, indent=2, default=str))
        return
    width = max(len(k) for k in values)
    for key, value in values.items():
        shown = "(embedded PostgreSQL)" if key == "database_url" and value is None else value
        typer.echo(f"DBOLT_{key.upper():<{width}}  {shown}")
