"""Signals: the first SIGTERM/SIGINT asks for a graceful stop, a second one exits at once."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
from typing import Callable

log = logging.getLogger("dbolt.worker")


class ShutdownSignals:
    def __init__(self, on_first: Callable[[str], None]) -> None:
        self.on_first = on_first
        self.count = 0
        self._installed: list[int] = []

    def install(self, loop: asyncio.AbstractEventLoop) -> None:
        for sig in (signal.SIGTERM, signal.SIGINT):
            try:
                loop.add_signal_handler(sig, self._handle, sig)
                self._installed.append(sig)
            except (NotImplementedError, RuntimeError):  # pragma: no cover - non-POSIX
                pass

    def uninstall(self, loop: asyncio.AbstractEventLoop) -> None:
        for sig in self._installed:
            loop.remove_signal_handler(sig)
        self._installed.clear()

    def _handle(self, sig: int) -> None:
        self.count += 1
        name = signal.Signals(sig).name
        if self.count == 1:
            log.info("%s: stopping (no new claims; running submissions get the grace period)", name)
            self.on_first(name)
        else:
            # The sweep cleans up what this process leaves behind (lease expiry).
            log.warning("%s again: exiting at once", name)
            os._exit(130)
