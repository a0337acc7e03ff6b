import typer

app = typer.Typer(help="Control running workers through the database (pause, resume, drain).", no_args_is_help=True)
