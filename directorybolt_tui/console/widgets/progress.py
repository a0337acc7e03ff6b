"""Text progress bars ("██████░░░░ 15/50 – 30%") as rich Text, usable inside table cells."""

from __future__ import annotations

from rich.text import Text


def progress_text(done: int, total: int, width: int = 10) -> Text:
    pct = 100.0 if total <= 0 else 100.0 * done / total
    filled = int(round(width * pct / 100))
    bar = Text("█" * filled, style="green")
    bar.append("░" * (width - filled), style="grey42")
    bar.append(f" {done}/{total} – {pct:.0f}%")
    return bar
