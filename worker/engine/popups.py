"""Pages a submission's page opens: a form with target=_blank or a named window, window.open in a submit handler.

A directory that answers in a new tab or window shows its confirmation (or error) there, so the flow reads the
outcome from the newest popup the submit click opened and keeps that popup's screenshot and HTML as the final
evidence. Every popup is closed when the submission ends (the browser context closes them too).
"""

from __future__ import annotations

import asyncio
import time
from typing import Any, Callable

HAS_TEXT_JS = "() => !!(document.body && document.body.innerText.trim())"


class PopupWatcher:
    def __init__(self, page: Any, watch: Callable[[Any], None]) -> None:
        """``watch(popup)`` attaches the submission's own listeners (network, dialogs) to each new popup."""
        self.opened: list[tuple[float, Any]] = []
        self._watch = watch
        page.on("popup", self._on_popup)

    def _on_popup(self, popup: Any) -> None:
        self.opened.append((time.monotonic(), popup))
        self._watch(popup)

    def opened_since(self, t: float) -> Any | None:
        """The newest popup opened at or after ``t`` and still open."""
        live = [p for at, p in self.opened if at >= t and not p.is_closed()]
        return live[-1] if live else None

    async def loaded(self, popup: Any, timeout_s: float) -> None:
        """Wait for the popup's page: a window opened empty and sent to the answer later leaves about:blank first."""
        deadline = time.monotonic() + timeout_s
        while popup.url in ("", "about:blank") and time.monotonic() < deadline and not popup.is_closed():
            try:
                if await popup.evaluate(HAS_TEXT_JS):
                    break  # written in place (document.write), it stays about:blank
            except Exception:  # noqa: BLE001 - navigating: its document is being replaced
                pass
            await asyncio.sleep(0.1)
        try:
            await popup.wait_for_load_state("domcontentloaded", timeout=max(0.1, deadline - time.monotonic()) * 1000)
        except Exception:  # noqa: BLE001 - closed, or slow: the flow reads what there is
            pass

    async def close_all(self) -> None:
        for _, popup in self.opened:
            if not popup.is_closed():
                try:
                    await popup.close()
                except Exception:  # noqa: BLE001 - already gone with its browser
                    pass
