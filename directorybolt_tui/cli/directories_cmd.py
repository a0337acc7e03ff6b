"""`dbolt directories ...`: the directory catalog."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import typer

from . import directory_test_cmd
from .database import fail, run_with_connection

app = typer.Typer(help="The directory catalog: import, export, list, enable, disable, test.", no_args_is_help=True)
app.command("test")(directory_test_cmd.test)


@app.command("import")
def import_(
    file: Path | None = typer.Argument(None, exists=True, dir_okay=False, help="CSV or JSON catalog."),
    builtin: bool = typer.Option(False, "--builtin", help="Import the shipped catalog of real directories (all disabled)."),
) -> None:
    """Validate a catalog and upsert it by homepage; a bad entry writes nothing."""
    from ..db.catalog import upsert_directories
    from ..directory_model import read_catalog, shipped_catalog_path

    if builtin == (file is not None):
        fail("give either FILE or --builtin")
    path = shipped_catalog_path() if builtin else file
    good, bad = read_catalog(path)
    for where, problems in bad:
        for problem in problems:
            typer.secho(f"{where}: {problem}", fg=typer.colors.RED, err=True)
    if bad:
        fail(f"{len(bad)} bad entr{'y' if len(bad) == 1 else 'ies'}; nothing written")
    added, updated = run_with_connection(lambda conn: upsert_directories(conn, good))
    typer.echo(f"{added} added, {updated} updated")


@app.command("export")
def export(
    out: Path | None = typer.Option(None, "--out", "-o", help="Write here instead of standard output."),
    fmt: str = typer.Option("csv", "--format", "-f", help="csv or json."),
) -> None:
    """Export the whole catalog (re-importable)."""
    from ..db.catalog import EXPORT_COLUMNS, list_directories

    if fmt not in ("csv", "json"):
        fail("--format must be csv or json")
    rows = run_with_connection(lambda conn: list_directories(conn, limit=None))
    for row in rows:
        row.pop("id")
    if fmt == "json":
        text = json.dumps(rows, indent=2, default=str) + "\n"
    else:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=[c for c in EXPORT_COLUMNS if c != "id"])
        writer.writeheader()
        for row in rows:
            writer.writerow({**row, "field_hints": json.dumps(row["field_hints"]) if row["field_hints"] else ""})
        text = buffer.getvalue()
    if out:
        out.write_text(text, encoding="utf-8")
        typer.echo(f"{len(rows)} directories written to {out}")
    else:
        sys.stdout.write(text)


@app.command("list")
def list_(
    enabled: bool | None = typer.Option(None, "--enabled/--disabled", help="Only enabled or only disabled ones."),
    search: str | None = typer.Option(None, "--search", "-s", help="Match in name or homepage."),
    limit: int = typer.Option(50, "--limit", "-n", min=1, max=100000),
) -> None:
    """List directories, highest priority first."""
    from rich.console import Console
    from rich.table import Table

    from ..db.catalog import list_directories

    rows = run_with_connection(lambda conn: list_directories(conn, enabled=enabled, search=search, limit=limit))
    table = Table("id", "on", "prio", "name", "homepage", "category", "region", box=None)
    for row in rows:
        # Catalog text is data, never markup: pass it as plain strings through Text.
        from rich.text import Text

        table.add_row(str(row["id"]), "yes" if row["enabled"] else "no", str(row["priority"]),
                      Text(row["name"]), Text(row["homepage"]), Text(row["category"] or ""), Text(row["region"] or ""))
    Console().print(table)
    typer.echo(f"{len(rows)} shown")


def _set_enabled(refs: list[str], enabled: bool) -> None:
    from ..db.catalog import resolve_directory_ids, set_enabled

    async def work(conn):
        ids, missing = await resolve_directory_ids(conn, refs)
        if missing:
            fail(f"no such directory: {', '.join(missing)}; nothing changed")
        return await set_enabled(conn, ids, enabled)

    changed = run_with_connection(work)
    typer.echo(f"{changed} directories {'enabled' if enabled else 'disabled'}")


@app.command("enable")
def enable(refs: list[str] = typer.Argument(..., help="Directory ids or homepages.")) -> None:
    """Enable directories so that new orders include them."""
    _set_enabled(refs, True)


@app.command("disable")
def disable(refs: list[str] = typer.Argument(..., help="Directory ids or homepages.")) -> None:
    """Disable directories: new orders leave them out."""
    _set_enabled(refs, False)
