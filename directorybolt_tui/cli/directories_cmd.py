"""`dbolt directories ...`: the directory catalog."""

import typer

from . import directory_test_cmd

app = typer.Typer(help="The directory catalog: import, export, list, enable, disable, test.", no_args_is_help=True)
app.command("test")(directory_test_cmd.test)
