"""The status line: connection, database user, age of the data, live or paused."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from .inert_text import neutralize


class StatusBar(Static):
    DEFAULT_CSS = """
    StatusBar { height: 1; background: $panel; color: $text; padding: 0 1; }
    """

    def show(self, *, connected: bool, user: str, age: str, live: bool, read_only: bool, note: str = "") -> None:
        t = Text()
        if connected:
            t.append("● connected", style="green")
        else:
            t.append("○ reconnecting", style="bold red")
        t.append(f"  user {neutralize(user)[:24]}")
        t.append(f"  data {age}")
        t.append("  live" if live else "  ⏸ paused", style="" if live else "bold yellow")
        if read_only:
            t.append("  read-only", style="bold magenta")
        if note:
            t.append(f"  {neutralize(note)}", style="italic")
        self.update(t)
