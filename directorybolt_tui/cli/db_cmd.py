"""`dbolt db ...`: the embedded server, migrations and roles."""


import typer

from .database import fail, run_with_connection

app = typer.Typer(help="Database: embedded server, migrations, roles.", no_args_is_help=True)


def _embedded_only() -> None:
    from ..config import get_settings

    if get_settings().database_url is not None:
        fail("DBOLT_DATABASE_URL is set: the embedded PostgreSQL is not in use")


@app.command("start")
def start() -> None:
    """Start the embedded PostgreSQL (kept under the data directory, reused between runs)."""
    _embedded_only()
    from ..config import get_settings
    from ..db.connect import resolve_dsn

    resolve_dsn()
    typer.echo(f"embedded PostgreSQL running in {get_settings().embedded_pgdata}")


@app.command("stop")
def stop() -> None:
    """Stop the embedded PostgreSQL."""
    _embedded_only()
    from ..config import get_settings
    from ..db import embedded

    if embedded.stop(get_settings().embedded_pgdata):
        typer.echo("embedded PostgreSQL stopped")
    else:
        typer.echo("embedded PostgreSQL was not running")


@app.command("status")
def status() -> None:
    """Say which database is in use, whether it answers and its schema version."""
    from ..config import get_settings, mask_dsn
    from ..db import embedded
    from ..db.connect import resolve_dsn
    from ..db.migrate import code_version, database_version

    settings = get_settings()
    if settings.database_url is None:
        running = embedded.is_running(settings.embedded_pgdata)
        typer.echo(f"embedded PostgreSQL in {settings.embedded_pgdata}: {'running' if running else 'stopped'}")
        if not running:
            raise typer.Exit(3)
    else:
        typer.echo(f"database: {mask_dsn(resolve_dsn())}")

    async def report(conn) -> None:
        version = await conn.fetchval("SHOW server_version")
        typer.echo(f"server version {version}; schema version {await database_version(conn)} (code {code_version()})")

    run_with_connection(report, check_schema=False)


@app.command("url")
def url() -> None:
    """Print the DSN in use (password masked unless --show-password)."""
    from ..config import mask_dsn
    from ..db.connect import resolve_dsn

    typer.echo(mask_dsn(resolve_dsn()))


@app.command("migrate")
def migrate() -> None:
    """Apply pending migrations in order, each in one transaction (safe to run from two processes at once)."""
    from ..db.migrate import migrate as run_migrations

    report = run_with_connection(run_migrations, check_schema=False)
    if report.applied:
        for name in report.applied:
            typer.echo(f"applied {name}")
    else:
        typer.echo("nothing to migrate")
    typer.echo(f"schema version {report.current_version}")
    for name in report.changed:
        typer.secho(f"warning: {name} was applied from a different version of its file; "
                    "this database may not match the code", fg=typer.colors.YELLOW, err=True)


@app.command("roles")
def roles(
    user: str | None = typer.Option(None, "--user", help="Also create (or update) this login user ..."),
    role: str = typer.Option("staff", "--role", help="... as a member of dbolt_staff, dbolt_admin or dbolt_worker."),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the user's password from standard input (else: prompted)."
    ),
) -> None:
    """Create the dbolt_staff, dbolt_admin and dbolt_worker roles and grant them their privileges."""
    import re
    import sys

    from ..db.migrate import apply_roles

    if role not in ("staff", "admin", "worker"):
        fail("--role must be staff, admin or worker")
    if user is not None and not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", user):
        fail("--user must be a plain lower-case PostgreSQL name")
    password = None
    if user is not None:
        password = sys.stdin.readline().rstrip("\n") if password_stdin else typer.prompt(
            f"password for {user}", hide_input=True, confirmation_prompt=True)
        if len(password) < 12:
            fail("the password must have at least 12 characters")

    async def work(conn) -> None:
        await apply_roles(conn)
        if user is not None:
            exists = await conn.fetchval("SELECT 1 FROM pg_roles WHERE rolname = $1", user)
            verb = "ALTER" if exists else "CREATE"
            # Identifiers and literals are quoted by PostgreSQL itself, never by string pasting.
            statement = await conn.fetchval(
                "SELECT format('%s ROLE %I LOGIN PASSWORD %L', $1::text, $2::text, $3::text)", verb, user, password)
            await conn.execute(statement)
            await conn.execute(await conn.fetchval("SELECT format('GRANT %I TO %I', $1::text, $2::text)",
                                                   f"dbolt_{role}", user))

    run_with_connection(work)
    typer.echo("roles dbolt_staff, dbolt_admin, dbolt_worker are in place with their grants")
    if user:
        typer.echo(f"login user {user} is a member of dbolt_{role}")


