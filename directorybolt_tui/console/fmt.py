"""Small formatting helpers: ages, durations, status marks (all return plain str or rich Text)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.text import Text

STATUS_MARKS = {
    "success": ("✔", "green"),
    "failed": ("✘", "red"),
    "requires_manual": ("✋", "yellow"),
    "captcha_failed": ("⚠", "yellow"),
    "pending": ("·", "grey50"),
    "submitting": ("↻", "cyan"),
    "skipped": ("↷", "grey50"),
    "cancelled": ("⊘", "grey50"),
    # jobs and workers
    "in_progress": ("↻", "cyan"),
    "completed": ("✔", "green"),
    "idle": ("○", "green"),
    "busy": ("●", "cyan"),
    "starting": ("…", "cyan"),
    "draining": ("⇣", "yellow"),
    "paused": ("⏸", "yellow"),
    "stopped": ("■", "grey50"),
    "dead": ("✝", "bold red"),
}


def status_text(status: str | None, label: str | None = None) -> Text:
    mark, style = STATUS_MARKS.get(status or "", ("?", ""))
    return Text(f"{mark} {label or status or ''}", style=style, no_wrap=True)


def seconds_between(a: datetime | None, b: datetime | None) -> float | None:
    if a is None or b is None:
        return None
    return (b - a).total_seconds()


def duration(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    s = max(0, int(seconds))
    if s < 60:
        return f"{s}s"
    if s < 3600:
        return f"{s // 60}m{s % 60:02d}s"
    if s < 86400:
        return f"{s // 3600}h{(s % 3600) // 60:02d}m"
    return f"{s // 86400}d{(s % 86400) // 3600:02d}h"


def ago(when: datetime | None, now: datetime) -> str:
    if when is None:
        return "never"
    return duration((now - when).total_seconds())


def num(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.1f}"
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return str(value)


def pct(value: Any) -> str:
    return "–" if value is None else f"{float(value):.1f}%"


def short_id(value: Any) -> str:
    return str(value)[:8]
