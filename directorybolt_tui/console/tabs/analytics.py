"""Analytics: jobs by status, completion time, success rate, submissions today, per-hour chart,
success rate by directory (worst first). Everything comes from the rollup tables (0005)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input, Static

from ...db.console import queries as Q
from ..fmt import duration, num, pct
from ..widgets.inert_text import inert
from ..widgets.live_table import LiveTable
from .base import BaseTab

BARS = " ▁▂▃▄▅▆▇█"


def hourly_chart(hourly: list[tuple[datetime, int, int]], height: int = 3) -> Text:
    """A bar chart of 24 hourly counts, two cells per hour, `height` rows, with an hour axis."""
    values = [v for _, v, _ in hourly]
    top = max(values) if values and max(values) > 0 else 1
    t = Text()
    levels = len(BARS) - 1
    for line in range(height, 0, -1):
        label = f"{top:>6,} " if line == height else " " * 7
        t.append(label, style="grey50")
        for v in values:
            units = v / top * height * levels
            cell = min(max(units - (line - 1) * levels, 0), levels)
            t.append(BARS[int(round(cell))] * 2, style="cyan")
        t.append("\n")
    t.append(" " * 7)
    for i, (hour, _, _) in enumerate(hourly):
        t.append(f"{hour.hour:02d}" if i % 3 == 0 else "  ", style="grey50")
    return t


class AnalyticsTab(BaseTab):
    DEFAULT_CSS = """
    AnalyticsTab > .summary { height: auto; padding: 0 1; }
    AnalyticsTab > .chart { height: auto; padding: 0 1; }
    """
    tab_id = "analytics"
    title = "Analytics"
    kinds = frozenset({"jobs", "directories"})
    columns = [
        ("name", "Directory (30 days, worst first)", 30),
        ("success_rate", "Success", 8),
        ("finished", "Done", 8),
        ("succeeded", "Ok", 8),
        ("failed", "Failed", 8),
        ("manual", "Manual", 8),
    ]

    def compose(self) -> ComposeResult:
        yield Static(Text(self.title), classes="tab-header")
        yield Static("", classes="summary")
        yield Static("", classes="chart")
        yield Input(placeholder="filter directories", classes="filter")
        yield LiveTable(self.columns, id="table-analytics")

    async def fetch(self, conn, now: datetime) -> Q.TabData:
        return await Q.analytics(conn, now)

    def sort_value(self, row: dict, column: str) -> Any:
        v = row.get(column)
        return float(v) if column == "success_rate" and v is not None else v

    def cells(self, row: dict, now: datetime) -> list[Any]:
        rate = row["success_rate"]
        style = "" if rate is None else ("red" if rate < 50 else "yellow" if rate < 80 else "green")
        return [
            inert(row["name"], self.w("name")),
            Text(pct(rate), justify="right", style=style),
            Text(num(row["finished"]), justify="right"),
            Text(num(row["succeeded"]), justify="right"),
            Text(num(row["failed"]), justify="right"),
            Text(num(row["manual"]), justify="right"),
        ]

    def apply(self, data: Q.TabData, now: datetime) -> None:
        super().apply(data, now)
        x = data.extra
        c = x["status_counts"]
        s = Text()
        s.append("Jobs ", style="bold")
        for label, key, style in (
            ("pending", "pending", "grey70"), ("running", "in_progress", "cyan"), ("done", "completed", "green"),
            ("failed", "failed", "red"), ("cancelled", "cancelled", "grey50"),
        ):
            s.append(f"{label} ")
            s.append(f"{c.get(key, 0):,}", style=style)
            s.append("  ")
        s.append("\n")
        s.append("24h ", style="bold")
        s.append(f"success {pct(x['success_rate_24h'])}  avg job {duration(x['avg_completion_seconds_24h'])}  ")
        s.append(f"avg submission {duration(x['avg_submission_seconds_24h'])}  ")
        s.append("today ", style="bold")
        s.append(f"{x['submissions_today']:,} submissions")
        self.query_one(".summary", Static).update(s)
        chart = Text("Submissions per hour, last 24 h (UTC)\n", style="bold")
        chart.append_text(hourly_chart(x["hourly"]))
        self.query_one(".chart", Static).update(chart)
