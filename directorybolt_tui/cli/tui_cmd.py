"""`dbolt tui`: the staff console."""

from __future__ import annotations

import asyncio

import typer

from .database import fail

TABS = ["queue", "jobs", "analytics", "workers", "activity", "manual", "directories"]


def tui(
    read_only: bool = typer.Option(False, "--read-only", help="Look only: no action is offered."),
    tab: str = typer.Option("jobs", "--tab", help=f"Tab to open on: {', '.join(TABS)}."),
) -> None:
    """Open the staff console (live tabs over the database; every action is an SQL API call)."""
    if tab not in TABS:
        fail(f"unknown tab {tab!r}: one of {', '.join(TABS)}")
    import asyncpg

    from ..db.connect import DatabaseUnavailable, resolve_dsn_async
    from ..db.migrate import SchemaError, check_schema

    async def prepare() -> str:
        dsn = await resolve_dsn_async()
        conn = await asyncpg.connect(dsn, timeout=10)
        try:
            await check_schema(conn)
        finally:
            await conn.close()
        return dsn

    try:
        dsn = asyncio.run(prepare())
    except (SchemaError, DatabaseUnavailable) as exc:
        fail(str(exc))
    except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
        fail(f"cannot reach the database: {exc}")

    try:  # textual-image asks the terminal about its graphics support; only possible before Textual starts
        import textual_image.widget  # noqa: F401
    except Exception:
        pass
    from ..console.app import ConsoleApp

    code = ConsoleApp(dsn, read_only=read_only, tab=tab).run()
    raise typer.Exit(code or 0)
