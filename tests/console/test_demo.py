"""`dbolt demo --no-console`: sets everything up, and Ctrl-C stops everything it started."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil

DBOLT = str(Path(sys.executable).with_name("dbolt"))


def test_demo_starts_and_stops_everything(tmp_path):
    env = dict(os.environ)
    env.pop("DBOLT_DATABASE_URL", None)
    env["DBOLT_DATA_DIR"] = str(tmp_path / "data")
    env["DBOLT_CONFIG_FILE"] = str(tmp_path / "none.toml")
    proc = subprocess.Popen([DBOLT, "demo", "--no-console", "--workers", "2", "--submitter", "test-http"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []
    children: list[psutil.Process] = []
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            if "running; Ctrl-C" in line:
                break
        out = "".join(lines)
        assert "running; Ctrl-C" in out, out
        assert "sandbox catalog imported" in out and "order 3" in out, out
        children = psutil.Process(proc.pid).children(recursive=True)
        names = " ".join(" ".join(c.cmdline()) for c in children if c.is_running())
        assert names.count(" worker ") == 2 and " sandbox serve " in names
    finally:
        proc.send_signal(signal.SIGINT)
        rest, _ = proc.communicate(timeout=120)
    assert proc.returncode == 0, rest
    assert "embedded PostgreSQL stopped" in rest and "stopped 3 process(es)" in rest, rest
    time.sleep(0.5)
    assert not [c for c in children if c.is_running() and c.status() != psutil.STATUS_ZOMBIE]
