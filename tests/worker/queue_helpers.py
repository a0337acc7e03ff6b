"""Helpers and fixtures for the queue engine tests: a recording HTTP endpoint (the "directories")
in the test process, queue setup through the real SQL API, and real worker processes (`dbolt worker`)."""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable

import asyncpg
import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Hit:
    directory: int
    result_id: int
    job_id: str
    email: str
    attempt: int
    pid: int
    start: float
    end: float = 0.0
    status: int = 200


@dataclass
class Recorder:
    """Counts what each directory received. The hold time simulates the directory's latency."""

    hold: tuple[float, float] = (0.0, 0.01)
    respond: Callable[[dict[str, Any]], tuple[int, dict[str, Any], dict[str, str]]] | None = None
    # GET = the submitter opening the form page: (directory, result_id, attempt) -> (status, headers)
    on_open: Callable[[int, int, int], tuple[int, dict[str, str]]] | None = None
    opens: list[tuple[int, int, int, int]] = field(default_factory=list)  # directory, result, attempt, status
    hits: list[Hit] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    active: dict[int, int] = field(default_factory=dict)
    max_active: dict[int, int] = field(default_factory=dict)
    server: ThreadingHTTPServer | None = None

    @property
    def port(self) -> int:
        assert self.server is not None
        return self.server.server_address[1]

    def url(self, directory_index: int) -> str:
        return f"http://127.0.0.1:{self.port}/submit/{directory_index}"

    def accepted(self) -> list[Hit]:
        with self.lock:
            return [h for h in self.hits if 200 <= h.status < 300]

    def duplicates(self) -> dict[tuple[int, str], int]:
        """(directory, business email) received more than once (accepted submissions)."""
        seen: dict[tuple[int, str], int] = {}
        for h in self.accepted():
            seen[(h.directory, h.email)] = seen.get((h.directory, h.email), 0) + 1
        return {k: v for k, v in seen.items() if v > 1}


def _handler(rec: Recorder):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            from urllib.parse import parse_qs, urlsplit

            parts = urlsplit(self.path)
            directory = int(parts.path.rstrip("/").rsplit("/", 1)[-1])
            q = parse_qs(parts.query)
            result_id, attempt = int(q["result_id"][0]), int(q["attempt"][0])
            status, headers = 200, {}
            if rec.on_open is not None:
                status, headers = rec.on_open(directory, result_id, attempt)
            with rec.lock:
                rec.opens.append((directory, result_id, attempt, status))
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", "0")
            self.send_header("Connection", "close")
            self.end_headers()

        def do_POST(self) -> None:  # noqa: N802
            directory = int(self.path.rstrip("/").rsplit("/", 1)[-1])
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))) or b"{}")
            hit = Hit(directory=directory, result_id=body["result_id"], job_id=body["job_id"], email=body["email"],
                      attempt=body["attempt"], pid=body["pid"], start=time.monotonic())
            with rec.lock:
                rec.active[directory] = rec.active.get(directory, 0) + 1
                rec.max_active[directory] = max(rec.max_active.get(directory, 0), rec.active[directory])
            try:
                time.sleep(random.uniform(*rec.hold))
                status, data, headers = 200, {"listing_url": f"http://listing.example/{body['result_id']}"}, {}
                if rec.respond is not None:
                    status, data, headers = rec.respond(body)
                hit.status = status
                hit.end = time.monotonic()
                with rec.lock:
                    rec.hits.append(hit)
            finally:
                with rec.lock:
                    rec.active[directory] -= 1
            payload = json.dumps(data).encode()
            try:
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(payload)
            except OSError:
                pass  # the worker was killed meanwhile

    return Handler


@pytest.fixture
def recorder():
    rec = Recorder()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(rec))
    server.daemon_threads = True
    rec.server = server
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield rec
    server.shutdown()
    server.server_close()


async def json_conn(dsn: str) -> asyncpg.Connection:
    conn = await asyncpg.connect(dsn)
    for name in ("json", "jsonb"):
        await conn.set_type_codec(name, encoder=json.dumps, decoder=json.loads, schema="pg_catalog")
    return conn


async def setup_queue(conn: asyncpg.Connection, rec: Recorder | None, *, directories: int, jobs: int,
                      max_concurrent: int = 1, min_interval: float = 0, first_index: int = 0,
                      package: str | None = None) -> tuple[list[int], list[str]]:
    """`directories` enabled directories pointing at the recorder and `jobs` orders (one business each).

    `conn` must come from json_conn (jsonb parameters are dicts)."""
    dir_ids = []
    for i in range(first_index, first_index + directories):
        spec = {
            "name": f"Directory {i:03d}",
            "homepage": f"https://dir{i:03d}.example.test",
            "submission_url": rec.url(i) if rec else f"http://127.0.0.1:9/submit/{i}",
            "enabled": True,
            "priority": 100 - (i % 100),
            "max_concurrent": max_concurrent,
            "min_interval_seconds": min_interval,
        }
        dir_ids.append(await conn.fetchval("SELECT admin_api.upsert_directory($1::jsonb)", spec))
    package = package or f"p{directories}"
    await conn.execute("SELECT admin_api.set_package($1, $2)", package, directories)
    job_ids = []
    for j in range(jobs):
        business = {"name": f"Business {j:04d}", "email": f"owner{j:04d}@biz{j:04d}.example", "phone": "+15125550142"}
        job_ids.append(str(await conn.fetchval("SELECT staff_api.submit_order($1, $2::jsonb)", package,
                                               business)))
    return dir_ids, job_ids


def worker_env(base: dict[str, str], dsn: str, **overrides: Any) -> dict[str, str]:
    env = {**base, "DBOLT_DATABASE_URL": dsn, "DBOLT_HEARTBEAT_SECONDS": "0.5", "DBOLT_POLL_SECONDS": "2",
           "DBOLT_LEASE_SECONDS": "10", "DBOLT_RETRY_BASE_SECONDS": "0.2", "DBOLT_TEST_SUBMITTER_LATENCY_MS": "2,20",
           "DBOLT_SHUTDOWN_GRACE_SECONDS": "5", "PYTHONUNBUFFERED": "1"}
    env.update({k: str(v) for k, v in overrides.items()})
    return env


def start_worker(env: dict[str, str], *args: str, log_path: Path | None = None) -> subprocess.Popen:
    out = open(log_path, "ab") if log_path else subprocess.DEVNULL
    return subprocess.Popen(
        [sys.executable, "-m", "directorybolt_tui.cli.main", "worker", "--submitter", "test-http", *args],
        env=env, cwd=REPO_ROOT, stdout=out, stderr=subprocess.STDOUT if log_path else subprocess.DEVNULL,
    )


def stop_workers(procs: list[subprocess.Popen], timeout: float = 15) -> None:
    for p in procs:
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + timeout
    for p in procs:
        try:
            p.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


@pytest.fixture
def workers():
    """Started worker processes; whatever is left is stopped at the end of the test."""
    procs: list[subprocess.Popen] = []
    yield procs
    stop_workers(procs, timeout=10)


async def wait_for(predicate: Callable[[], Any], timeout: float, interval: float = 0.1, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while True:
        value = await predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        await asyncio.sleep(interval)


async def open_count(conn: asyncpg.Connection) -> int:
    return await conn.fetchval("SELECT count(*) FROM job_results WHERE status IN ('pending', 'submitting')")


def log_tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


@pytest.fixture
async def jconn(db_dsn):
    """A connection whose json/jsonb parameters and results are Python objects."""
    c = await json_conn(db_dsn)
    yield c
    await c.close()
