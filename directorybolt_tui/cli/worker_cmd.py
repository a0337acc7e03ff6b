"""`dbolt worker`: run a submission worker daemon (the queue engine lives in the worker package)."""

from __future__ import annotations

import asyncio
from enum import Enum
from typing import Optional

import typer


class SubmitterKind(str, Enum):
    browser = "browser"
    test_http = "test-http"


class LogFormat(str, Enum):
    plain = "plain"
    json = "json"


def worker(
    concurrency: Optional[int] = typer.Option(
        None, "--concurrency", "-c", min=1, max=256, help="Submissions at once (default: worker_concurrency)"
    ),
    once: bool = typer.Option(False, "--once", help="Drain what is due now, then exit"),
    submitter: SubmitterKind = typer.Option(
        SubmitterKind.browser, "--submitter", hidden=True, help="browser (default) or test-http (tests, benchmarks)"
    ),
    log_format: Optional[LogFormat] = typer.Option(None, "--log-format", help="plain or json (default: log_format)"),
    worker_id: Optional[str] = typer.Option(None, "--worker-id", help="Default: host:pid:random"),
) -> None:
    """Run a submission worker daemon: claims due submissions and runs them until stopped (SIGTERM/SIGINT)."""
    from worker import heartbeat, logs
    from worker.daemon import WorkerDaemon
    from worker.submitters import make_submitter

    from ..config import get_settings
    from ..db.connect import DatabaseUnavailable, resolve_dsn_async
    from ..db.migrate import SchemaError, check_schema
    from .database import fail

    settings = get_settings()
    wid = worker_id or heartbeat.make_worker_id()
    logs.setup((log_format.value if log_format else settings.log_format), wid)

    async def main() -> int:
        import asyncpg

        dsn = await resolve_dsn_async(settings)
        conn = await asyncpg.connect(dsn)
        try:
            await check_schema(conn)
        finally:
            await conn.close()
        n = concurrency or settings.worker_concurrency
        daemon = WorkerDaemon(
            dsn=dsn, settings=settings, submitter=make_submitter(submitter.value, settings, concurrency=n),
            concurrency=n, once=once, worker_id=wid,
        )
        return await daemon.run()

    try:
        code = asyncio.run(main())
    except SchemaError as exc:
        fail(str(exc))
    except DatabaseUnavailable as exc:
        fail(str(exc))
    except (OSError, ConnectionError) as exc:
        fail(f"cannot reach the database: {exc}")
    except Exception as exc:  # noqa: BLE001 - asyncpg errors at start-up: one clear line
        import asyncpg

        if not isinstance(exc, (asyncpg.PostgresError, asyncpg.InterfaceError)):
            raise
        fail(f"database error: {exc}")
    except ImportError as exc:
        fail(f"the {submitter.value} submitter is not available: {exc}")
    except KeyboardInterrupt:
        code = 130
    raise typer.Exit(code)
