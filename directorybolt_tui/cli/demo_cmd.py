"""`dbolt demo`: the one-command tour.

An embedded PostgreSQL of its own (under <data_dir>/demo), migrations and roles, the sandbox
directory farm (`dbolt sandbox serve`, a subprocess) and its catalog (`dbolt sandbox catalog` +
`dbolt directories import`), a few sample orders (`dbolt submit`), worker processes
(`dbolt worker`), and the console on the Jobs tab. Quitting the console stops everything the demo
started (workers, sandbox, and the embedded server if the demo started it).

Each part is a subprocess of the ordinary CLI, so a missing or failing part is reported (in the
console as a notification, and on the terminal afterwards) and the tour goes on without it.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import typer

SAMPLE_ORDERS = [
    ("starter", {"name": "Harbor Street Bakery", "email": "hello@harbor-bakery.example", "phone": "+15125550101",
                 "website": "https://harbor-bakery.example", "street": "12 Harbor St", "city": "Austin",
                 "region": "TX", "postalCode": "78701", "country": "US",
                 "description": "Neighbourhood bakery: sourdough, pastries and coffee since 2009.",
                 "categories": ["Bakery", "Cafe"]}),
    ("growth", {"name": "Cedar Family Dental", "email": "front-desk@cedar-dental.example", "phone": "+15125550102",
                "website": "https://cedar-dental.example", "street": "400 Cedar Ave", "city": "Austin",
                "region": "TX", "postalCode": "78702", "country": "US",
                "description": "General and family dentistry, same-week appointments.", "categories": ["Dentist"]}),
    ("starter", {"name": "[bold red]ACME[/] Plumbing", "email": "owner@acme-plumbing.example", "phone": "+15125550142",
                 "website": "https://acme-plumbing.example", "street": "123 Main St", "city": "Austin",
                 "region": "TX", "postalCode": "78701", "country": "US",
                 "description": "Family-run plumbing and drain repair (its name shows literally in the console).",
                 "categories": ["Plumbing"]}),
]


def _dbolt() -> list[str]:
    exe = Path(sys.executable).with_name("dbolt")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "directorybolt_tui.cli.main"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_port(port: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.2)
    return False


def _stop(proc: subprocess.Popen, grace: float) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except (ProcessLookupError, PermissionError):
        proc.terminate()
    try:
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            proc.kill()
        proc.wait(5)


def demo(
    workers: int = typer.Option(2, "--workers", min=0, max=8, help="Worker processes to start."),
    port: int = typer.Option(8765, "--port", help="Sandbox port (taken: any free port)."),
    keep: bool = typer.Option(False, "--keep", help="Keep the previous demo's data instead of starting afresh."),
    submitter: str = typer.Option("browser", "--submitter", help="Worker submitter: browser, or test-http (no browser)."),
    no_console: bool = typer.Option(False, "--no-console", help="Set everything up, wait for Ctrl-C instead of the console."),
) -> None:
    """Run the one-command tour: database, sandbox directories, orders, workers, and the console."""
    from ..config import get_settings
    from ..db import embedded

    settings = get_settings()
    demo_dir = settings.data_dir / "demo"
    logs = demo_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    pgdata = demo_dir / "postgres"
    notes: list[str] = []
    started: list[tuple[str, subprocess.Popen]] = []

    def say(msg: str) -> None:
        try:
            typer.echo(f"demo: {msg}")
        except OSError:  # the terminal is gone (SSH dropped): keep cleaning up regardless
            pass

    def problem(msg: str) -> None:
        notes.append(msg)
        try:
            typer.secho(f"demo: {msg}", fg=typer.colors.YELLOW, err=True)
        except OSError:
            pass

    started_pg = not embedded.is_running(pgdata)
    say(f"embedded PostgreSQL in {pgdata} ({'starting' if started_pg else 'already running'})")
    uri = embedded.start(pgdata)
    dsn = embedded.with_database(uri, embedded.APP_DATABASE)

    async def prepare() -> None:
        import asyncpg

        from ..db.connect import _ensure_database
        from ..db.migrate import apply_roles, migrate

        if not keep:
            # Every tour starts afresh, so that a newcomer sees new orders move (the demo has its
            # own cluster; nothing else lives in it).
            admin = await asyncpg.connect(uri)
            try:
                await admin.execute(f'DROP DATABASE IF EXISTS "{embedded.APP_DATABASE}" WITH (FORCE)')
            finally:
                await admin.close()
        await _ensure_database(uri, embedded.APP_DATABASE)
        conn = await asyncpg.connect(dsn)
        try:
            report = await migrate(conn)
            await apply_roles(conn)
            say(f"schema version {report.current_version}" + (f" (applied {', '.join(report.applied)})" if report.applied else ""))
        finally:
            await conn.close()

    asyncio.run(prepare())
    env = dict(os.environ, DBOLT_DATABASE_URL=dsn, DBOLT_DATA_DIR=str(demo_dir))
    dbolt = _dbolt()

    def run(args: list[str], what: str, timeout: float = 120) -> bool:
        try:
            proc = subprocess.run([*dbolt, *args], env=env, capture_output=True, text=True, timeout=timeout)
        except (OSError, subprocess.TimeoutExpired) as exc:
            problem(f"{what} failed: {exc}")
            return False
        if proc.returncode != 0:
            tail = (proc.stderr.strip() or proc.stdout.strip()).splitlines()[-1:] or ["?"]
            problem(f"{what} failed (exit {proc.returncode}): {tail[0][:200]}")
            return False
        return True

    def spawn(args: list[str], name: str) -> subprocess.Popen | None:
        log = (logs / f"{name}.log").open("ab")
        try:
            proc = subprocess.Popen([*dbolt, *args], env=env, stdin=subprocess.DEVNULL, stdout=log,
                                    stderr=subprocess.STDOUT, start_new_session=True)
        except OSError as exc:
            problem(f"{name} could not start: {exc}")
            return None
        started.append((name, proc))
        return proc

    def stop_everything() -> None:
        for name, proc in reversed(started):
            _stop(proc, grace=10 if name.startswith("worker") else 3)
        if started_pg:
            embedded.stop(pgdata)

    def stop_on_signal(signum, _frame) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop_on_signal)
    signal.signal(signal.SIGHUP, stop_on_signal)

    try:
        # the sandbox directory farm and its catalog
        if not port or _wait_port(port, 0.1):  # taken by something else
            port = _free_port()
        base_url = f"http://127.0.0.1:{port}"
        sandbox = spawn(["sandbox", "serve", "--port", str(port)], "sandbox")
        if sandbox is not None and _wait_port(port, 15):
            say(f"sandbox directories at {base_url}/")
            catalog = demo_dir / "sandbox-catalog.json"
            if run(["sandbox", "catalog", "--base-url", base_url, "--out", str(catalog)], "sandbox catalog"):
                if run(["directories", "import", str(catalog)], "directory import"):
                    say("sandbox catalog imported")
        else:
            problem(f"the sandbox did not start (see {logs / 'sandbox.log'}); orders need enabled directories")
        # sample orders (idempotent: the same order key twice is one job)
        for i, (package, business) in enumerate(SAMPLE_ORDERS, 1):
            order = demo_dir / f"order-{i}.json"
            order.write_text(json.dumps({"packageType": package, "businessData": business}), encoding="utf-8")
            if run(["submit", str(order), "--order-key", f"demo-order-{i}"], f"order {i}"):
                say(f"order {i} ({package}) taken")
        # workers
        for i in range(workers):
            spawn(["worker", "--worker-id", f"demo-worker-{i + 1}", "--submitter", submitter], f"worker-{i + 1}")
        time.sleep(1.5)
        for name, proc in started:
            if proc.poll() is not None:
                problem(f"{name} exited at once (exit {proc.returncode}); see {logs / (name + '.log')}")
        if no_console:
            say("running; Ctrl-C stops everything")
            try:
                while True:
                    time.sleep(1)
            except KeyboardInterrupt:
                pass
        else:
            try:
                import textual_image.widget  # noqa: F401  (terminal probing: before Textual starts)
            except Exception:
                pass
            from ..console.app import ConsoleApp

            app = ConsoleApp(dsn, tab="jobs", notes=notes, before_forced_exit=stop_everything)
            try:
                app.run()
            finally:
                app.cancel_hangup_timer()
    except KeyboardInterrupt:
        pass
    finally:
        stop_everything()
        if started_pg:
            say("embedded PostgreSQL stopped")
        say(f"stopped {len(started)} process(es); logs in {logs}")
        for note in notes:
            typer.secho(f"demo: note: {note}", fg=typer.colors.YELLOW, err=True)
