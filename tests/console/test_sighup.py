"""`dbolt tui` in a real pseudo-terminal: it draws, and when the terminal goes away (the master
side closes, as when an SSH connection drops) it gets SIGHUP and exits instead of spinning."""

from __future__ import annotations

import os
import pty
import select
import sys
import time
from pathlib import Path

DBOLT = str(Path(sys.executable).with_name("dbolt"))


def _read_until(fd: int, needle: bytes, timeout: float) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and needle not in seen:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    return seen


def test_tui_exits_on_hangup(console_db, db_env):
    pid, fd = pty.fork()
    if pid == 0:  # child: the console on the pty
        os.environ.update(db_env)
        os.environ["TERM"] = "xterm-256color"
        os.environ["COLUMNS"], os.environ["LINES"] = "80", "24"
        os.execv(DBOLT, [DBOLT, "tui", "--tab", "workers"])
    try:
        out = _read_until(fd, b"connected", 30)
        assert b"connected" in out, out[-2000:]
    finally:
        os.close(fd)  # hang up the terminal
    deadline = time.monotonic() + 10
    status = None
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        time.sleep(0.1)
    else:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        raise AssertionError("the console kept running after its terminal hung up")
    assert os.WIFEXITED(status) or os.WIFSIGNALED(status)
