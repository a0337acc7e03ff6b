"""How CLI commands reach the database: resolve the DSN, connect, check the schema version."""

from __future__ import annotations

import asyncio
from typing import Any, Awaitable, Callable, TypeVar

import asyncpg
import typer

T = TypeVar("T")


def fail(message: str, code: int = 1) -> None:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(code)


def run_with_connection(
    work: Callable[[asyncpg.Connection], Awaitable[T]], *, check_schema: bool = True
) -> T:
    """Run `work(conn)` on a fresh connection; database errors become one clear message and exit 1."""
    from ..db.connect import DatabaseUnavailable, resolve_dsn_async
    from ..db.migrate import SchemaError
    from ..db.migrate import check_schema as check

    async def main() -> Any:
        dsn = await resolve_dsn_async()
        conn = await asyncpg.connect(dsn)
        try:
            if check_schema:
                await check(conn)
            return await work(conn)
        finally:
            await conn.close()

    try:
        return asyncio.run(main())
    except SchemaError as exc:
        fail(str(exc))
    except DatabaseUnavailable as exc:
        fail(str(exc))
    except asyncpg.PostgresError as exc:
        detail = f" ({exc.hint})" if getattr(exc, "hint", None) else ""
        fail(f"{exc.args[0] if exc.args else exc}{detail}")
    except (OSError, asyncpg.InterfaceError) as exc:
        fail(f"cannot reach the database: {exc}")
    raise AssertionError("unreachable")
